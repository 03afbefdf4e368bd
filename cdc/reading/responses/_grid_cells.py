"""Cells and hidden-sheet records of a returned workbook, read without trusting them.

Shared by the response-grid and evaluation-grid readers (:mod:`cdc.reading.responses.xlsx_reader`):
opening a package within limits, the hidden ``cdc`` sheet as records with their rows (so a
difference can be named by cell), located problems, and cell values turned into texts, dates
and numbers within the declared ranges of :mod:`cdc.model._base` — a cell holding ``NaN``,
``Infinity`` or ``1e400``, typed as text or stored as a number, is a located error, never a
crash further down.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cdc.core.errors import InputError
from cdc.core.safetext import describe, refused_in
from cdc.model._base import range_error
from cdc.reading.responses import _xlsx_values, _xlsx_zip

HIDDEN = "cdc"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted (password-protected) Office files


@dataclass
class Records:
    """The hidden sheet, as record → key → (value, extra, row)."""

    rows: dict[str, dict[str, tuple[Any, Any, int]]] = field(default_factory=dict)
    #: (record, key, row) of rows that repeat an earlier record.
    repeated: list[tuple[str, str, int]] = field(default_factory=list)

    def get(self, record: str, key: str) -> Any:
        return self.rows.get(record, {}).get(key, (None, None, 0))[0]

    def extra(self, record: str, key: str) -> Any:
        return self.rows.get(record, {}).get(key, (None, None, 0))[1]

    def items(self, record: str) -> list[tuple[str, tuple[Any, Any, int]]]:
        return list(self.rows.get(record, {}).items())


class Problems:
    """Collects located problems; raises one InputError listing them all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, sheet: str, cell: str | None, message: str) -> None:
        where = f"sheet '{sheet}', cell {cell}" if cell else f"sheet '{sheet}'"
        self.lines.append(f"{self.path}: {where}: {message}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise InputError("\n".join(self.lines))


def open_workbook(path: Path) -> _xlsx_values.Workbook:
    """Open a workbook by values; refuse what is not a readable XLSX with a clear reason."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if head == OLE_MAGIC:
        raise InputError(
            f"{path}: the workbook is password-protected (encrypted) or in the old .xls format; "
            "save it as an unprotected .xlsx"
        )
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an XLSX workbook (it is not a zip package)")
    try:
        return _xlsx_values.load(path)
    except _xlsx_zip.PackageTooLarge as exc:
        raise InputError(f"{path}: refused: {exc}") from exc
    except (_xlsx_zip.XlsxFormatError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the workbook ({exc})") from exc
    except (EOFError, NotImplementedError, RuntimeError) as exc:  # truncated, odd compression
        raise InputError(f"{path}: cannot read the workbook ({exc})") from exc


def read_sheet(wb: _xlsx_values.Workbook, path: Path, name: str) -> _xlsx_values.Sheet:
    """A sheet's values; a broken sheet part is the user's file problem, not a crash."""
    try:
        return wb[name]
    except (_xlsx_zip.XlsxFormatError, ValueError) as exc:
        raise InputError(f"{path}: sheet '{name}' cannot be read ({exc})") from exc


_LETTERS = re.compile(r"[A-Z]+")


def refuse_controls(sheet: _xlsx_values.Sheet, columns: str, problems: Problems) -> None:
    """Invisible characters in the text cells of ``columns`` are located errors, as in YAML.

    Line breaks typed as CR LF or CR (Windows, pasted text) become LF first; what is left of
    the refused characters (terminal escapes, NEL, bidirectional overrides…) would disguise
    text in reports or break the documents, so it is refused where it is.
    """
    wanted = set(columns)
    for coordinate, value in sheet.values.items():
        if not isinstance(value, str):
            continue
        found = _LETTERS.match(coordinate)
        if found is None or found.group() not in wanted:
            continue
        if "\r" in value:
            value = sheet.values[coordinate] = value.replace("\r\n", "\n").replace("\r", "\n")
        match = refused_in(value)
        if match is not None:
            problems.add(
                sheet.title,
                coordinate,
                f"the text holds the invisible character {describe(match.group())}: remove it",
            )
            sheet.values[coordinate] = refused_strip(value)


def refuse_formulas(sheet: _xlsx_values.Sheet, computed: str, problems: Problems) -> None:
    """A formula anywhere but in the columns cdc computes (``computed``) is a located error.

    A cell's formula is never evaluated, only its cached result read — which the file states
    freely: ``="Non conforme"`` cached as ``Standard`` shows one thing in Excel after a
    recalculation and another to cdc. Vendors type values.
    """
    allowed = set(computed)
    for coordinate in sorted(sheet.formulas, key=_cell_order):
        found = _LETTERS.match(coordinate)
        if found is not None and found.group() in allowed:
            continue
        problems.add(sheet.title, coordinate, "a formula is not an answer: type the value")


def _cell_order(coordinate: str) -> tuple[int, str]:
    letters = _LETTERS.match(coordinate)
    column = letters.group() if letters else ""
    return int(coordinate[len(column) :] or 0), column


def refused_strip(value: str) -> str:
    """``value`` without its refused characters (so that messages quoting it stay clean)."""
    return "".join(ch for ch in value if refused_in(ch) is None)


def records_of(wb: _xlsx_values.Workbook, path: Path, kind: str) -> Records:
    """The hidden sheet's records; refuses a workbook that is not a cdc ``kind`` grid."""
    if HIDDEN not in wb.sheetnames:
        raise InputError(
            f"{path}: no hidden '{HIDDEN}' sheet: not a grid produced by 'cdc render --doc {kind}'"
        )
    records = Records()
    for row, values in enumerate(read_sheet(wb, path, HIDDEN).rows(min_row=2), start=2):
        if not values or values[0] is None:
            continue
        record, key = str(values[0]), "" if values[1] is None else str(values[1])
        value = values[2] if len(values) > 2 else None
        extra = values[3] if len(values) > 3 else None
        keyed = records.rows.setdefault(record, {})
        if key in keyed:
            records.repeated.append((record, key, row))
            continue  # the first one stands, as cdc wrote each record once
        keyed[key] = (value, extra, row)
    found = records.get("meta", "kind")
    if found != kind:
        raise InputError(f"{path}: this workbook is a cdc '{found}' grid, not a '{kind}' grid")
    return records


def text(value: Any) -> str | None:
    """A cell as stripped text (whole numbers without ``.0``), None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).strip()
    return out or None


def folded(value: Any) -> str:
    """A cell's text as compared with what cdc wrote: runs of white space as one, case kept."""
    return " ".join(str(value).split()) if value is not None else ""


#: The decimal separator of each project language (the other of "," and "." groups thousands).
DECIMAL = {"fr": ",", "en": "."}
#: Spaces a spreadsheet or a keyboard puts between thousands: space, no-break, narrow, thin.
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_TEXT_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")


def _text_number(raw: str, what: str, lang: str | None) -> Decimal:
    """A number typed as text, read with the project language's separators.

    Spaces of any kind group thousands. ``61,000`` is 61 in French and 61 thousand in English,
    and a vendor may not write the project's language: a single separator followed by exactly
    three digits is ambiguous and refused, with how to type it. Otherwise a lone separator is
    the decimal one (``61,5`` and ``61.5`` are both 61.5: a group has three digits), and with
    both, or several of one, the grouping must be regular and the decimal separator the
    language's.
    """
    cleaned = raw.strip().translate(_SPACES)
    if not _TEXT_NUMBER.fullmatch(cleaned):
        raise ValueError(f"{what} is expected, not '{raw[:40]}'")
    sign = cleaned[0] if cleaned[0] in "+-" else ""
    digits = cleaned[len(sign) :]
    decimal = DECIMAL.get(lang or "")
    example = f"type 61000, or 61000{decimal or '.'}50 with decimals"
    seps = [ch for ch in digits if ch in ",."]
    if not seps:
        return Decimal(sign + digits)
    last = max(digits.rfind(","), digits.rfind("."))
    mark = digits[last]
    whole, fraction = digits[:last], digits[last + 1 :]
    if len(seps) == 1:
        if len(fraction) == 3:
            raise ValueError(
                f"'{raw[:40]}' is ambiguous ({mark!r} may separate thousands or decimals): "
                f"{example}"
            )
        if not fraction or not whole:
            raise ValueError(f"{what} is expected, not '{raw[:40]}'")
        return Decimal(f"{sign}{whole}.{fraction}")
    if len(set(seps)) == 2:  # "61,000.50": the last one is the decimal separator, once
        group = seps[0]
        if decimal is not None and mark != decimal:
            raise ValueError(
                f"'{raw[:40]}': the decimal separator of this project's language ({lang}) is "
                f"'{decimal}': {example}"
            )
        if seps.count(mark) != 1:
            raise ValueError(f"'{raw[:40]}' mixes separators unclearly: {example}")
        if not fraction or not _grouped(whole, group):
            raise ValueError(f"'{raw[:40]}' is not a regularly grouped number: {example}")
        return Decimal(f"{sign}{whole.replace(group, '')}.{fraction}")
    # Several of one separator ("1.000.000"): thousands, unless it is the decimal one.
    if mark == decimal or not _grouped(digits, mark):
        raise ValueError(f"'{raw[:40]}' is not a number as written: {example}")
    return Decimal(sign + digits.replace(mark, ""))


def _grouped(digits: str, group: str) -> bool:
    """``1,234,567`` with ``group`` ",": a first group of 1 to 3 digits, then groups of 3."""
    head, *rest = digits.split(group)
    return (
        1 <= len(head) <= 3
        and head.isdigit()
        and all(len(part) == 3 and part.isdigit() for part in rest)
        and bool(rest)
    )


def number(
    value: Any,
    what: str,
    *,
    high: Decimal | int,
    low: Decimal | int = 0,
    lang: str | None = None,
) -> Decimal | None:
    """A cell read as a number within ``[low, high]``; anything else raises ValueError.

    A number stored as a number is taken as is; one typed as text is read with the separators
    of the project's language ``lang`` (:func:`_text_number`: ambiguous text is refused, not
    guessed). NaN, infinities and numbers beyond the range — typed as text or stored as
    numbers — are refused with the models' own message (:func:`cdc.model._base.range_error`).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} is expected, not a true/false value")
    if isinstance(value, int | float):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        raw = str(value)
        special = raw.strip().translate(_SPACES)
        if _TEXT_NUMBER.fullmatch(special):
            result = _text_number(raw, what, lang)
        else:
            try:  # NaN, Infinity, 1e400: refused below with the range's message
                result = Decimal(special)
            except InvalidOperation:
                raise ValueError(f"{what} is expected, not '{raw[:40]}'") from None
    problem = range_error(result, low=low, high=high, what=what)
    if problem:
        raise ValueError(f"{problem}, not '{str(value)[:40]}'")
    return abs(result) if result.is_zero() else result  # no negative zero


def date(value: Any) -> dt.date | None:
    """A cell read as a date (a date cell, or YYYY-MM-DD text); anything else raises."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"a date is expected (YYYY-MM-DD), not '{str(value)[:40]}'") from None
