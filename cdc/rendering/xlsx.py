"""Spreadsheet helpers shared by every workbook cdc writes: the grids and the score report.

The public XLSX module of :mod:`cdc.rendering` (with :mod:`cdc.rendering.zipnorm` for the zip
layer). Three concerns live here so that every workbook gets them right the same way:

* **safety** — text from the project file is written by :func:`safe_text`, which forces a string
  cell: openpyxl turns any text starting with ``=`` into a formula, and a requirement titled
  ``=HYPERLINK(...)`` must reach the vendor as text, never as a live formula;
* **determinism** — :func:`save_workbook` stamps the project date (never the clock) into the
  document properties and :func:`normalize_zip` fixes every zip entry's time, so the same
  project gives byte-identical files (reviewable, cacheable, diffable in CI);
* **presentation** — styles, protection, validations, row heights and the hidden ``cdc`` sheet
  that the scoring code reads back.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import zipfile
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

# Re-exported (``x.words``…) for the writers, which see these helpers through this module.
from cdc.grid.celltext import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from cdc.grid.celltext import HIDDEN_SHEET as HIDDEN_SHEET
from cdc.grid.celltext import MAX_CELL_TEXT as MAX_CELL_TEXT
from cdc.grid.celltext import cell_text as cell_text
from cdc.grid.celltext import counted as counted
from cdc.grid.celltext import plain_text as plain_text
from cdc.grid.celltext import sheet_name as sheet_name
from cdc.grid.celltext import words as words
from cdc.rendering.fmt import Formatter
from cdc.rendering.zipnorm import normalize_zip, stamp

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
HEADING_FONT = Font(bold=True, size=12, color="1F4E79")
BOLD = Font(bold=True)
ITALIC = Font(italic=True, color="595959")
INPUT_FILL = PatternFill("solid", fgColor="FFF7CC")  # pale yellow: "type here"
MUST_FILL = PatternFill("solid", fgColor="FCE4E4")  # pale red: eliminatory requirement
BRANCH_FILL = PatternFill("solid", fgColor="E8EEF5")
_THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
UNLOCKED = Protection(locked=False)

#: Height of one line of 11-point text, in points.
LINE_HEIGHT = 15.0


def safe_text(cell: Any, value: str | None) -> None:
    """Write project text as a string cell, never as a formula.

    openpyxl stores any value starting with ``=`` as a formula; forcing the data type keeps it a
    plain string. Texts starting with another formula trigger also get Excel's quote prefix, so
    that a user who edits the cell and presses Enter does not turn it into a formula either.
    Control characters that XML cannot carry are dropped; over-long texts are cut.
    """
    if value is None:
        cell.value = None
        return
    text = cell_text(str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def fit_height(cells: Iterable[tuple[str, float]], minimum_lines: int = 1) -> float:
    """Row height that shows wrapped texts whole: (text, column width) pairs → points.

    Spreadsheet applications do not reliably re-fit row heights of a generated file when they
    open it, so a wrapped requirement would show one line only; this estimates the lines
    instead (about 1.2 characters per width unit for a proportional font).
    """
    lines = minimum_lines
    for text, width in cells:
        per_line = max(1, int(width * 1.2))
        count = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    return min(409.0, lines * LINE_HEIGHT + 3)


def money_format(lang: str, currency: str) -> str:
    """Number format with the currency placed the way :class:`Formatter` prints amounts."""
    sample = Formatter(lang).money(1, currency)
    symbol = sample.replace("1", "").strip().strip("\u202f\u00a0")
    escaped = symbol.replace('"', "")
    if sample.startswith("1"):
        return f'#,##0.00\\ "{escaped}"'
    return f'"{escaped}"#,##0.00'


def excel_serial(day: dt.date) -> int:
    """A date as a spreadsheet serial number (1900 date system), for date validations."""
    return (day - dt.date(1899, 12, 30)).days


def style_header(ws: Any, row: int, count: int, height: float = 32.0) -> None:
    """Bold white text on dark blue, wrapped and centred: the row a reader scans first."""
    for col in range(1, count + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
    ws.row_dimensions[row].height = height


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    """Column widths, from column A."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def unlock(cell: Any) -> None:
    """An input cell: editable under sheet protection, and shown in yellow so it is found."""
    cell.protection = UNLOCKED
    cell.fill = INPUT_FILL


def protect(ws: Any) -> None:
    """Sheet protection; resizing rows/columns and filtering stay allowed, inserting and
    deleting rows do not. A password, if any, is set for every sheet by :func:`workbook_bytes`.

    The point is to prevent accidents (overwriting an id, a formula) and to deter edits; the
    grid reader assumes none of it holds.
    """
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def print_setup(ws: Any, title_rows: str | None) -> None:
    """Landscape A4, fitted to the page width, header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows


def cell_ranges(cells: Iterable[tuple[str, int]]) -> str:
    """``G2 G3 G4 G7`` as ``G2:G4 G7``: a data validation's ``sqref`` in the fewest ranges.

    Adding cells one by one to openpyxl's validation checks each against all the others (1.5
    million comparisons for a 1,000-row grid); one string of ranges is parsed once.
    """
    by_column: dict[str, list[int]] = {}
    for column, row in cells:
        by_column.setdefault(column, []).append(row)
    parts: list[str] = []
    for column in sorted(by_column, key=lambda c: (len(c), c)):
        rows = sorted(set(by_column[column]))
        runs: list[list[int]] = []
        for row in rows:
            if runs and row == runs[-1][1] + 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        parts.extend(f"{column}{a}" if a == b else f"{column}{a}:{column}{b}" for a, b in runs)
    return " ".join(parts)


class StyleCache:
    """Style many cells alike at the cost of one.

    Each style assignment makes openpyxl hash the style object to find it in the workbook's
    tables (1.8 s for the 35,000 styled cells of a 1,000-row grid). The first cell of a kind is
    styled normally; the others get a copy of its index array, which is exactly what the
    assignments would have produced. ``key`` names the combination; ``setter`` styles a cell.
    """

    def __init__(self) -> None:
        self._arrays: dict[Hashable, Any] = {}

    def apply(self, cell: Any, key: Hashable, setter: Callable[[Any], None]) -> None:
        array = self._arrays.get(key)
        if array is None:
            setter(cell)
            self._arrays[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(array)


def validation(
    kind: str,
    title: str,
    error: str,
    operator: str | None = None,
    formula1: str | None = None,
    formula2: str | None = None,
) -> DataValidation:
    """A data validation that refuses bad input with a message (and keeps blanks allowed)."""
    dv = DataValidation(
        type=kind,
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title[:32],
        error=error[:255],
        errorStyle="stop",
    )
    # openpyxl's attribute is inverted: True would HIDE the drop-down arrow.
    dv.showDropDown = False
    return dv


class Cursor:
    """Writes a sheet top to bottom as (key, value) lines in columns A and B.

    Sets the two column widths and sizes each row to its wrapped key and value.
    """

    def __init__(self, ws: Any, widths: tuple[float, float] = (30.0, 100.0)) -> None:
        self.ws = ws
        self.row = 1
        self.widths = widths
        set_widths(ws, widths)

    def line(
        self, key: str | None, value: str | None = None, *, font: Any = None, gap: int = 0
    ) -> None:
        ws = self.ws
        self.row += gap
        if key is not None:
            cell = ws.cell(row=self.row, column=1)
            safe_text(cell, key)
            cell.font = font or BOLD
            # A lone key (a title) overflows to the right; a key with a value wraps in place.
            cell.alignment = WRAP if value is not None else TOP
        if value is not None:
            cell = ws.cell(row=self.row, column=2)
            safe_text(cell, value)
            cell.alignment = WRAP
        key_text = (key or "") if value is not None else ""
        texts = [(value or "", self.widths[1]), (key_text, self.widths[0])]
        ws.row_dimensions[self.row].height = fit_height(texts)
        self.row += 1


def value_range(first: int, last: int) -> str:
    """Absolute reference to hidden-sheet values of rows ``first``..``last`` (list validations)."""
    return f"'{HIDDEN_SHEET}'!$C${first}:$C${last}"


@dataclass
class HiddenSheet:
    """The ``cdc`` sheet, built as rows of (record, key, value, extra) before it is written.

    Records are typed by their first column (``meta``, ``sheet``, ``column``, ``scale``,
    ``requirement``…) so that ids containing dots never clash with a key syntax. Rows are
    accumulated first because other sheets' validations point at them (the drop-down lists).
    """

    rows: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def add(self, record: str, key: str, value: Any = None, extra: Any = None) -> int:
        """Append a row; returns its 1-based row number (row 1 is the header)."""
        self.rows.append((record, key, value, extra))
        return len(self.rows) + 1

    def write(self, wb: Workbook) -> Any:
        """Create the sheet, very hidden (not even listed by Format › Unhide in Excel)."""
        ws = wb.create_sheet(HIDDEN_SHEET)
        for col, name in enumerate(("record", "key", "value", "extra"), start=1):
            ws.cell(row=1, column=col, value=name)
        for index, values in enumerate(self.rows, start=2):
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=index, column=col)
                if isinstance(value, str):
                    safe_text(cell, value)
                else:
                    cell.value = value
        ws.sheet_state = "veryHidden"
        protect(ws)
        return ws


def workbook_bytes(
    wb: Workbook,
    day: dt.date,
    *,
    title: str,
    author: str,
    lang: str,
    password: str | None = None,
) -> bytes:
    """A grid's bytes: structure locked, formulas recomputed on opening, saved by
    :func:`save_workbook`.

    Workbook structure is locked so sheets are not renamed, deleted or unhidden by accident.
    With a ``password``, it and every protected sheet need it to be unlocked: a deterrent only
    (the spreadsheet "legacy" hash is weak, and deterministic, so the bytes stay the same for the
    same input); readers never rely on it.
    """
    wb.security = WorkbookProtection(lockStructure=True)
    if password:
        wb.security.set_workbook_password(password)
        for ws in wb.worksheets:
            if ws.protection.sheet:
                ws.protection.set_password(password)
    wb.calculation.fullCalcOnLoad = True
    return save_workbook(wb, day, title=title, author=author, lang=lang)


def save_workbook(wb: Workbook, day: dt.date, *, title: str, author: str, lang: str) -> bytes:
    """Serialise deterministically: properties dated from the project, zip entries normalised.

    Every workbook cdc writes (grids, score report) goes through here. ``openpyxl.Workbook.save``
    overwrites the modification time with the clock, so the writer is driven directly and the
    zip entries get the project's date instead of the time of the run.
    """
    when = dt.datetime.combine(day, dt.time())
    props = wb.properties
    props.created = when
    props.modified = when
    props.creator = author
    props.lastModifiedBy = author
    props.title = title
    props.language = lang
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return normalize_zip(buffer.getvalue(), stamp(day.year, day.month, day.day))
