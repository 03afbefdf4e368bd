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

import datetime as dt
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
    grid_layout,
)
from cdc.model import Project
from cdc.model.enums import MilestoneKind, Priority, ResponseType
from cdc.rendering import xlsx as x
from cdc.rendering.context import SpecContext
from cdc.rendering.fmt import Formatter

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
    _instructions(instructions, context, names, layout)
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


# -- Instructions ---------------------------------------------------------------------------


def _deadline(context: SpecContext) -> dt.date | None:
    """The answers-due milestone, else the deadline stated in the vendor expectations."""
    for milestone in context.milestones:
        if milestone.kind is MilestoneKind.answers_due:
            return milestone.date
    expectations = context.project.vendor_expectations
    return expectations.answer_deadline if expectations else None


def _instructions(ws: Any, context: SpecContext, names: dict[str, str], layout: GridLayout) -> None:
    info = context.project.project
    labels = context.labels
    g = labels["grid"]
    fmt = Formatter(context.doc.lang)
    years, vat = layout.years, layout.vat
    vat_words = str(labels["vat"][vat.value])
    out = x.Cursor(ws)
    out.line(x.words(g["title"], title=info.title), font=x.TITLE_FONT)
    if info.subtitle:
        out.line(info.subtitle, font=x.ITALIC)
    field = g["field"]
    # The vendor names itself here: the scoring code reads it (``input vendor_name`` record).
    out.line(field["vendor"], "", gap=1)
    vendor = ws.cell(row=out.row - 1, column=2)
    x.unlock(vendor)
    vendor.border = x.BORDER
    vendor.font = x.BOLD
    if vendor.coordinate != layout.vendor_cell:  # pragma: no cover - a layout bug, not input
        raise AssertionError(f"vendor cell {vendor.coordinate} != {layout.vendor_cell}")
    out.line(field["consultation"], info.title, gap=1)
    out.line(field["buyer"], info.buyer.name)
    out.line(field["version"], info.version)
    out.line(field["date"], fmt.date(info.date))
    contact = info.contact
    details = [contact.name, contact.role, contact.email, contact.phone]
    out.line(field["contact"], " — ".join(d for d in details if d))
    out.line(None, str(g["contact_note"]))
    deadline = _deadline(context)
    if deadline is not None:
        out.line(field["deadline"], fmt.date(deadline))
    expectations = context.project.vendor_expectations
    if expectations and expectations.validity_days is not None:
        out.line(
            field["validity"], x.words(field["validity_days"], days=expectations.validity_days)
        )
    if expectations and expectations.response_format:
        out.line(field["response_format"], x.plain_text(expectations.response_format))

    column = g["column"]
    how = g["how"]
    out.line(str(g["how_title"]), font=x.HEADING_FONT, gap=1)
    out.line(None, x.words(how["intro"], sheet=names["requirements"]))
    out.line(None, x.words(how["answer"], column=column["answer"], response=column["response"]))
    money = {"currency": context.currency, "vat": vat_words}
    for key in ("comment", "proof", "extra_cost", "roadmap_date"):
        out.line(None, x.words(how[key], column=column[key], sheet=names["price"], **money))
    out.line(None, x.words(how["price"], sheet=names["price"], years=years, vat=vat_words))
    out.line(
        None,
        x.words(
            how["questions"], sheet=names["questions"], column=g["questions"]["column"]["answer"]
        ),
    )
    out.line(None, str(how["warning"]), font=x.BOLD)
    ws.cell(row=out.row - 1, column=2).font = x.BOLD

    out.line(str(g["response_title"]), font=x.HEADING_FONT, gap=1)
    used = {r.response for s in context.sections for r in s.requirements}
    for response in ResponseType:
        if response in used:
            help_text = x.words(
                g["response_help"][response.value], yes=labels["yes"], no=labels["no"], **money
            )
            out.line(labels["response"][response.value], help_text)

    evaluation = context.project.evaluation
    if evaluation and evaluation.scale:
        out.line(str(g["scale_title"]), font=x.HEADING_FONT, gap=1)
        for level in evaluation.scale:
            share = x.words(g["scale_points"], points=fmt.pct(level.points))
            meaning = x.plain_text(level.description)
            out.line(level.label, f"{share}. {meaning}" if meaning else share)

    out.line(str(g["priority_title"]), font=x.HEADING_FONT, gap=1)
    for priority, count in context.priority_counts.items():
        if count:
            out.line(labels["priority"][priority], str(labels["priority_help"][priority]))
    x.protect(ws)
    x.print_setup(ws, None)
    ws.page_setup.orientation = "portrait"


# -- Requirements ---------------------------------------------------------------------------


def _requirements(ws: Any, context: SpecContext, layout: GridLayout, lists: dict[str, str]) -> None:
    labels = context.labels
    g = labels["grid"]
    x.set_widths(ws, [w for _, w in REQUIREMENT_COLUMNS])
    for n, (key, _) in enumerate(REQUIREMENT_COLUMNS, start=1):
        x.safe_text(ws.cell(row=1, column=n), str(g["column"][key]))
    x.style_header(ws, 1, len(REQUIREMENT_COLUMNS))

    err = g["validation"]
    date = context.project.project.date
    title = err["title"]
    shown = Formatter(context.doc.lang).date(date)
    checks = {
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
    money = x.money_format(context.doc.lang, context.currency)
    styles = x.StyleCache()
    targets: dict[str, list[tuple[str, int]]] = {key: [] for key in checks}

    def text_style(must: bool, bold: bool) -> Callable[[Any], None]:
        def setter(cell: Any) -> None:
            cell.alignment = x.WRAP
            cell.border = x.BORDER
            if must:
                cell.fill = x.MUST_FILL
            if bold:
                cell.font = x.BOLD

        return setter

    def input_style(number_format: str | None) -> Callable[[Any], None]:
        def setter(cell: Any) -> None:
            x.unlock(cell)
            cell.alignment = x.WRAP
            cell.border = x.BORDER
            if number_format is not None:
                cell.number_format = number_format

        return setter

    formats = {"extra_cost": money, "roadmap_date": "yyyy-mm-dd"}
    row = 1  # the header, when there is no requirement
    for line in layout.requirements:  # one per row, where the layout puts it
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
            styles.apply(cell, ("text", must, bold), text_style(must, bold))
            x.safe_text(cell, value)  # after styling: it may add a quote prefix
        response = requirement.response
        for key in ANSWER_COLUMNS:
            number_format = formats.get(key)
            if key == "answer" and response is ResponseType.price:
                number_format = money
            cell = ws[f"{COL[key]}{row}"]
            styles.apply(cell, ("input", number_format), input_style(number_format))
        if response is ResponseType.compliance and "compliance" in lists:
            targets["compliance"].append((COL["answer"], row))
        elif response is ResponseType.yes_no:
            targets["yes_no"].append((COL["answer"], row))
        elif response is ResponseType.number:
            targets["number"].append((COL["answer"], row))
        elif response is ResponseType.price:
            targets["amount"].append((COL["answer"], row))
        targets["amount"].append((COL["extra_cost"], row))
        targets["date"].append((COL["roadmap_date"], row))
        ws.row_dimensions[row].height = x.fit_height(
            [
                (text, WIDTH["text"]),
                (line.title, WIDTH["title"]),
                (line.section, WIDTH["section"]),
            ]
        )
    for key, check in checks.items():
        if targets[key] and check.formula1:
            check.sqref = MultiCellRange(x.cell_ranges(targets[key]))
            ws.add_data_validation(check)
    last = get_column_letter(len(REQUIREMENT_COLUMNS))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last}{max(row, 2)}"
    x.protect(ws)
    x.print_setup(ws, "1:1")


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
    x.safe_text(ws["A3"], x.words(p["note"], years=years))
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
    x.safe_text(ws[f"A{row}"], x.words(p["grand_total"], years=years))
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
