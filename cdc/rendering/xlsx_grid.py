"""The vendor response grid (xlsx): what a vendor fills in with Excel or LibreOffice Calc.

Sheets, in order: instructions (with the cell where the vendor writes its name), requirements
(one row per requirement, catalogue order), price schedule, open questions, and the very
hidden ``cdc`` sheet. Every word comes from the ``grid:`` section of labels.yaml (and the enum
labels); every figure from :class:`SpecContext`.

Answer column, by the requirement's response type: ``compliance`` → a scale level picked from
a drop-down of the levels' **labels** (what vendors read in the specification; should two
levels share a label, the ids are offered instead, and ``meta answer_values`` says which);
``yes_no`` → the ``yes``/``no`` labels; ``number`` → a decimal; ``price`` → an amount ≥ 0;
``text`` → free text. The ``cdc`` sheet maps labels back to ids (``scale``, ``yes_no`` and
``price_type`` records: key = id, value = the text shown).

Where everything goes — sheets, columns (A–K = id, section, title, requirement, priority,
expected answer, answer, comment, proof, extra cost, roadmap date), requirement rows, price
lines, the vendor's name cell — and the records of the ``cdc`` sheet come from
:mod:`cdc.grid.layout`, the one description the scoring code also rebuilds from the
project to read a returned grid: the hidden sheet identifies the version answered and is
compared, never trusted. Every sheet and the workbook structure are protected with a password
(:func:`default_password` unless the buyer sets one): a deterrent only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from cdc.grid.fingerprint import grid_hash
from cdc.grid.layout import (
    ANSWER_COLUMNS,
    COL,
    PRICE_COLUMNS,
    PRICE_HEADER_ROW,
    PRICE_SPARE_LINES,
    REQUIREMENT_COLUMNS,
    WIDTH,
    GridLayout,
    RequirementRow,
    grid_layout,
)
from cdc.model import Project
from cdc.model.enums import Priority, ResponseType
from cdc.rendering import xlsx as x
from cdc.rendering.context import SpecContext
from cdc.rendering.fmt import Formatter
from cdc.rendering.xlsx_grid_instructions import instructions_sheet

#: Environment variable holding the grid's protection password (``cdc render --grid-password``).
PASSWORD_ENV = "CDC_GRID_PASSWORD"


def default_password(project: Project) -> str:
    """The protection password when the buyer sets none: derived from the project's identity
    and content, so output stays byte-identical, and not guessable from the grid's own file
    name. The buyer who needs to unlock a grid sets one (or re-renders after a change)."""
    seed = f"cdc grid password\n{project.project.id}\n{grid_hash(project)}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def grid_xlsx(context: SpecContext, *, password: str | None = None) -> bytes:
    """The response grid of ``context.project`` as xlsx bytes (identical for identical input).

    Every sheet and the workbook structure are protected with ``password`` (None: the
    :func:`default_password`; empty: protection without password).
    """
    info = context.project.project
    labels = context.labels
    wb = Workbook()
    layout = grid_layout(context.project, labels)
    names = layout.sheets
    lists = _answer_lists(layout, context)

    instructions = wb.active
    instructions.title = names["instructions"]
    instructions_sheet(instructions, context, names, layout)
    _requirements(wb.create_sheet(names["requirements"]), context, layout, lists)
    _price(wb.create_sheet(names["price"]), context, layout, lists)
    _questions(wb.create_sheet(names["questions"]), context, layout)
    x.HiddenSheet(layout.records).write(wb)
    return x.workbook_bytes(
        wb,
        info.date,
        title=context.doc.header,
        author=info.buyer.name,
        lang=context.doc.lang,
        password=default_password(context.project) if password is None else password,
    )


def _answer_lists(layout: GridLayout, context: SpecContext) -> dict[str, str]:
    """Drop-down values (rows of the hidden sheet); kind → range reference."""
    evaluation = context.project.evaluation
    scale = evaluation.scale if evaluation else []
    lists: dict[str, str] = {}
    if scale:
        first = layout.row_of("scale", scale[0].id)
        lists["compliance"] = x.value_range(first, layout.row_of("scale", scale[-1].id))
    lists["yes_no"] = x.value_range(layout.row_of("yes_no", "yes"), layout.row_of("yes_no", "no"))
    last = layout.row_of("price_type", "recurring")
    lists["price_type"] = x.value_range(layout.row_of("price_type", "one_off"), last)
    lists["recurring_cell"] = f"'{x.HIDDEN_SHEET}'!$C${last}"
    return lists


# -- Requirements ---------------------------------------------------------------------------


def _requirements(ws: Any, context: SpecContext, layout: GridLayout, lists: dict[str, str]) -> None:
    """The requirements sheet: a header, one row per requirement where the layout puts it, and
    the drop-downs and bounds each answer column accepts."""
    labels = context.labels
    g = labels["grid"]
    x.set_widths(ws, [w for _, w in REQUIREMENT_COLUMNS])
    for n, (key, _) in enumerate(REQUIREMENT_COLUMNS, start=1):
        x.safe_text(ws.cell(row=1, column=n), str(g["column"][key]))
    x.style_header(ws, 1, len(REQUIREMENT_COLUMNS))
    checks = _answer_checks(context, lists)
    money = x.money_format(context.doc.lang, context.currency)
    styles = x.StyleCache()
    targets: dict[str, list[tuple[str, int]]] = {key: [] for key in checks}
    row = 1  # the header, when there is no requirement
    for line in layout.requirements:  # one per row, where the layout puts it
        row = line.row
        _requirement_row(ws, line, labels, styles, money)
        if line.changed:  # issue 16: rows changed in this version stand out, with a note
            _mark_changed(ws, line, context)
        check = _answer_check(line.requirement.response, lists)
        if check is not None:
            targets[check].append((COL["answer"], row))
        targets["amount"].append((COL["extra_cost"], row))
        targets["date"].append((COL["roadmap_date"], row))
    for key, validation in checks.items():
        if targets[key] and validation.formula1:
            validation.sqref = MultiCellRange(x.cell_ranges(targets[key]))
            ws.add_data_validation(validation)
    last = get_column_letter(len(REQUIREMENT_COLUMNS))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last}{max(row, 2)}"
    x.protect(ws)
    x.print_setup(ws, "1:1")


def _answer_checks(context: SpecContext, lists: dict[str, str]) -> dict[str, Any]:
    """The data validations of the answer columns, by kind, each with its error message in the
    document's language: Excel refuses a wrong entry as it is typed, before the grid comes back."""
    err = context.labels["grid"]["validation"]
    date = context.project.project.date
    title = err["title"]
    shown = Formatter(context.doc.lang).date(date)
    return {
        "compliance": x.validation("list", title, err["list"], None, lists.get("compliance")),
        "yes_no": x.validation("list", title, err["list"], None, lists["yes_no"]),
        "number": x.validation("decimal", title, err["number"], "between", "-1E+15", "1E+15"),
        "amount": x.validation("decimal", title, err["amount"], "between", "0", "1E+12"),
        "date": x.validation(
            "date",
            title,
            x.words(err["date"], date=shown),
            "greaterThanOrEqual",
            str(x.excel_serial(date)),
        ),
    }


def _answer_check(response: ResponseType, lists: dict[str, str]) -> str | None:
    """Which validation the answer cell takes for this response type (None: free text, or a
    compliance answer when the project has no scale to offer)."""
    if response is ResponseType.compliance and "compliance" in lists:
        return "compliance"
    if response is ResponseType.yes_no:
        return "yes_no"
    if response is ResponseType.number:
        return "number"
    if response is ResponseType.price:
        return "amount"
    return None


def _text_style(must: bool, bold: bool) -> Callable[[Any], None]:
    """The style of a read-only text cell; must-have requirements stand out by their fill."""

    def setter(cell: Any) -> None:
        cell.alignment = x.WRAP
        cell.border = x.BORDER
        if must:
            cell.fill = x.MUST_FILL
        if bold:
            cell.font = x.BOLD

    return setter


def _input_style(number_format: str | None) -> Callable[[Any], None]:
    """The style of a cell the vendor fills: unlocked (the sheet is protected), with the number
    format of what it holds."""

    def setter(cell: Any) -> None:
        x.unlock(cell)
        cell.alignment = x.WRAP
        cell.border = x.BORDER
        if number_format is not None:
            cell.number_format = number_format

    return setter


def _requirement_row(
    ws: Any, line: RequirementRow, labels: dict[str, Any], styles: x.StyleCache, money: str
) -> None:
    """One requirement's row: its read-only description, then the cells the vendor fills, and a
    height that shows the whole text (styles shared through ``styles``: thousands of rows)."""
    requirement, row, text = line.requirement, line.row, line.text
    values = {
        "id": requirement.id,
        "section": line.section,
        "title": line.title,
        "text": text,
        "priority": str(labels["priority"][requirement.priority.value]),
        "response": str(labels["response"][requirement.response.value]),
    }
    must = requirement.priority is Priority.must
    for key, value in values.items():
        cell = ws[f"{COL[key]}{row}"]
        bold = must and key == "priority"
        styles.apply(cell, ("text", must, bold), _text_style(must, bold))
        x.safe_text(cell, value)  # after styling: it may add a quote prefix
    formats = {"extra_cost": money, "roadmap_date": "yyyy-mm-dd"}
    for key in ANSWER_COLUMNS:
        number_format = formats.get(key)
        if key == "answer" and requirement.response is ResponseType.price:
            number_format = money
        cell = ws[f"{COL[key]}{row}"]
        styles.apply(cell, ("input", number_format), _input_style(number_format))
    ws.row_dimensions[row].height = x.fit_height(
        [(text, WIDTH["text"]), (line.title, WIDTH["title"]), (line.section, WIDTH["section"])]
    )


def _mark_changed(ws: Any, line: RequirementRow, context: SpecContext) -> None:
    """A row changed (or added) in the current version: its id in dark orange with a note that
    says so, so a vendor who answered the previous version finds what to look at again. Only
    presentation: the reader takes nothing from it."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    cell = ws[f"{COL['id']}{line.row}"]
    cell.font = Font(bold=True, color="C55A11")
    version = context.project.project.version
    note = x.words(str(context.labels["addendum"]["grid_note"]), version=version)
    cell.comment = Comment(note, "cdc", width=220, height=60)


# -- Price schedule -------------------------------------------------------------------------


def _price(ws: Any, context: SpecContext, layout: GridLayout, lists: dict[str, str]) -> None:
    labels = context.labels
    p = labels["grid"]["price"]
    years, vat = layout.years, layout.vat
    info = context.project.project
    x.set_widths(ws, [w for _, w in PRICE_COLUMNS])
    x.safe_text(ws["A1"], x.words(p["title"], title=info.title))
    ws["A1"].font = x.TITLE_FONT
    x.safe_text(
        ws["A2"], x.words(p["basis"], currency=context.currency, vat=labels["vat"][vat.value])
    )
    ws["A2"].font = x.BOLD
    x.safe_text(
        ws["A3"], x.words(p["note"], years=years, duration=x.counted(labels, "years", years))
    )
    ws["A3"].font = x.ITALIC
    x.safe_text(ws["A4"], str(p["years"]))
    ws["A4"].font = x.BOLD
    ws["B4"] = years
    ws["B4"].font = x.BOLD
    ws["B4"].alignment = x.HEADER_ALIGN
    ws["B4"].border = x.BORDER

    head = PRICE_HEADER_ROW
    for n, (key, _) in enumerate(PRICE_COLUMNS, start=1):
        x.safe_text(ws.cell(row=head, column=n), str(p["column"][key]))
    x.style_header(ws, head, len(PRICE_COLUMNS))
    err = labels["grid"]["validation"]
    kinds = x.validation("list", err["title"], err["list"], None, lists["price_type"])
    amounts = x.validation("decimal", err["title"], err["amount"], "greaterThanOrEqual", "0")
    money = x.money_format(context.doc.lang, context.currency)
    lines = layout.price_lines
    blanks: list[tuple[str | None, bool | None, int | None]] = [
        (None, None, None)
    ] * PRICE_SPARE_LINES
    first = head + 1
    row = head
    for label, recurring, quantity in [*lines, *blanks]:
        row += 1
        x.safe_text(ws[f"A{row}"], label)
        if recurring is not None:
            x.safe_text(ws[f"B{row}"], str(p["recurring" if recurring else "one_off"]))
        ws[f"D{row}"] = quantity
        ws[f"E{row}"] = f"=C{row}*D{row}"
        ws[f"F{row}"] = f"=IF(B{row}={lists['recurring_cell']},$B$4,1)"
        ws[f"G{row}"] = f"=E{row}*F{row}"
        for col in "ABCDEFGH":
            cell = ws[f"{col}{row}"]
            cell.border = x.BORDER
            cell.alignment = x.WRAP
            if col in "ABCDH":
                x.unlock(cell)
        for col in "CEG":
            ws[f"{col}{row}"].number_format = money
        ws[f"F{row}"].number_format = "0"
        kinds.add(f"B{row}")
        amounts.add(f"C{row}:D{row}")
        ws.row_dimensions[row].height = x.fit_height([(label or "", 48.0)])
    last = row
    row += 1
    total = f"G{row}"
    x.safe_text(
        ws[f"A{row}"],
        x.words(p["grand_total"], years=years, duration=x.counted(labels, "years", years)),
    )
    ws[total] = f"=SUM(G{first}:G{last})"
    for col in "AG":
        ws[f"{col}{row}"].font = x.BOLD
        ws[f"{col}{row}"].fill = x.BRANCH_FILL
        ws[f"{col}{row}"].border = x.BORDER
    ws[total].number_format = money
    ws.add_data_validation(kinds)
    ws.add_data_validation(amounts)
    ws.freeze_panes = f"A{head + 1}"
    if (first, last, total) != (layout.price_first, layout.price_last, layout.price_total):
        raise AssertionError("price lines written off the layout")  # pragma: no cover
    x.protect(ws)
    x.print_setup(ws, f"{head}:{head}")


# -- Questions ------------------------------------------------------------------------------


def _questions(ws: Any, context: SpecContext, layout: GridLayout) -> None:
    q = context.labels["grid"]["questions"]
    widths = (14.0, 70.0, 80.0)
    x.set_widths(ws, widths)
    for n, key in enumerate(("id", "question", "answer"), start=1):
        x.safe_text(ws.cell(row=1, column=n), str(q["column"][key]))
    x.style_header(ws, 1, 3)
    expectations = context.project.vendor_expectations
    questions = expectations.questions if expectations else []
    if not questions:
        x.safe_text(ws["A2"], str(q["none"]))
        ws["A2"].font = x.ITALIC
    for row, question in enumerate(questions, start=2):
        text = x.plain_text(question.text)
        x.safe_text(ws[f"A{row}"], question.id)
        x.safe_text(ws[f"B{row}"], text)
        for col in "ABC":
            ws[f"{col}{row}"].alignment = x.WRAP
            ws[f"{col}{row}"].border = x.BORDER
        x.unlock(ws[f"C{row}"])
        ws.row_dimensions[row].height = x.fit_height([(text, widths[1])], minimum_lines=4)
        if layout.questions.get(question.id) != row:  # pragma: no cover - a layout bug
            raise AssertionError(f"question {question.id} off the layout")
    ws.freeze_panes = "A2"
    x.protect(ws)
    x.print_setup(ws, "1:1")
