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

Layout contract with the scoring code, also written to the ``cdc`` sheet so a reader never
hard-codes it (rows of record, key, value, extra): ``sheet`` records name the sheets,
``column`` records give the requirements sheet's columns (header in row 1, A–K = id, section,
title, requirement, priority, expected answer, answer, comment, proof, extra cost, roadmap
date), ``requirement`` records give each id's short hash and row, ``question`` records each
question's row (answer in column C), ``price`` records the price lines' rows and total cell,
``input vendor_name`` the sheet and cell of the vendor's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from cdc.grid_hash import GRID_FORMAT, grid_hash, requirement_hashes
from cdc.model.enums import (
    Deployment,
    Integrator,
    MilestoneKind,
    Priority,
    ResponseType,
    VatBasis,
)
from cdc.model.evaluation import PriceScoring
from cdc.render import _xlsx as x
from cdc.render.context import SpecContext
from cdc.render.fmt import Formatter

#: Requirements sheet: (column key in labels ``grid.column``, width), in column order.
REQUIREMENT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("id", 11),
    ("section", 18),
    ("title", 26),
    ("text", 62),
    ("priority", 11),
    ("response", 13),
    ("answer", 20),
    ("comment", 40),
    ("proof", 24),
    ("extra_cost", 14),
    ("roadmap_date", 14),
)
ANSWER_COLUMNS = ("answer", "comment", "proof", "extra_cost", "roadmap_date")
COL = {key: get_column_letter(n) for n, (key, _) in enumerate(REQUIREMENT_COLUMNS, start=1)}
WIDTH = dict(REQUIREMENT_COLUMNS)

PRICE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("line", 48),
    ("type", 18),
    ("unit_price", 15),
    ("quantity", 11),
    ("total", 15),
    ("years", 10),
    ("period_total", 18),
    ("comment", 40),
)
PRICE_HEADER_ROW = 6
#: Empty lines left for the vendor's own price lines.
PRICE_SPARE_LINES = 8


def grid_xlsx(context: SpecContext) -> bytes:
    """The response grid of ``context.project`` as xlsx bytes (identical for identical input)."""
    info = context.project.project
    labels = context.labels
    g: dict[str, Any] = labels["grid"]
    wb = Workbook()
    hidden = x.HiddenSheet()
    taken = {x.HIDDEN_SHEET}
    names = {
        key: x.sheet_name(str(g["sheet"][key]), taken)
        for key in ("instructions", "requirements", "price", "questions")
    }
    _meta(hidden, context)
    for key, name in names.items():
        hidden.add("sheet", key, name)
    for key, letter in COL.items():
        hidden.add("column", key, letter)
    lists = _answer_lists(hidden, context)

    instructions = wb.active
    instructions.title = names["instructions"]
    _instructions(instructions, context, names, hidden)
    _requirements(wb.create_sheet(names["requirements"]), context, hidden, lists)
    _price(wb.create_sheet(names["price"]), context, hidden, lists)
    _questions(wb.create_sheet(names["questions"]), context, hidden)
    hidden.write(wb)
    return x.workbook_bytes(
        wb,
        info.date,
        title=context.doc.header,
        author=info.buyer.name,
        lang=context.doc.lang,
    )


def _meta(hidden: x.HiddenSheet, context: SpecContext) -> None:
    info = context.project.project
    hidden.add("meta", "format", str(GRID_FORMAT))
    hidden.add("meta", "kind", "grid")
    hidden.add("meta", "project_id", info.id)
    hidden.add("meta", "project_version", info.version)
    hidden.add("meta", "project_date", info.date.isoformat())
    hidden.add("meta", "language", context.doc.lang)
    hidden.add("meta", "content_hash", grid_hash(context.project))


def _price_settings(context: SpecContext) -> tuple[int, VatBasis]:
    """Evaluation period and VAT basis; the model's defaults when the file sets no price."""
    evaluation = context.project.evaluation
    price = evaluation.price if evaluation else None
    if price is not None:
        return price.years, price.vat
    default_years = PriceScoring.model_fields["years"].default
    return int(default_years), VatBasis.excl_vat


def _answer_lists(hidden: x.HiddenSheet, context: SpecContext) -> dict[str, str]:
    """Write the drop-down values to the hidden sheet; kind → range reference."""
    labels = context.labels
    evaluation = context.project.evaluation
    scale = evaluation.scale if evaluation else []
    folded = [level.label.casefold() for level in scale]
    use_labels = len(set(folded)) == len(folded)
    hidden.add("meta", "answer_values", "label" if use_labels else "id")
    lists: dict[str, str] = {}
    if scale:
        rows = [
            hidden.add(
                "scale", level.id, level.label if use_labels else level.id, str(level.points)
            )
            for level in scale
        ]
        lists["compliance"] = hidden.value_range(rows[0], rows[-1])
    first = hidden.add("yes_no", "yes", str(labels["yes"]))
    last = hidden.add("yes_no", "no", str(labels["no"]))
    lists["yes_no"] = hidden.value_range(first, last)
    price = labels["grid"]["price"]
    first = hidden.add("price_type", "one_off", str(price["one_off"]))
    last = hidden.add("price_type", "recurring", str(price["recurring"]))
    lists["price_type"] = hidden.value_range(first, last)
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


def _instructions(
    ws: Any, context: SpecContext, names: dict[str, str], hidden: x.HiddenSheet
) -> None:
    info = context.project.project
    labels = context.labels
    g = labels["grid"]
    fmt = Formatter(context.doc.lang)
    years, vat = _price_settings(context)
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
    hidden.add("input", "vendor_name", names["instructions"], vendor.coordinate)
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


def _requirements(
    ws: Any, context: SpecContext, hidden: x.HiddenSheet, lists: dict[str, str]
) -> None:
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
        "amount": x.validation("decimal", title, err["amount"], "greaterThanOrEqual", "0"),
        "date": x.validation(
            "date",
            title,
            x.words(err["date"], date=shown),
            "greaterThanOrEqual",
            str(x.excel_serial(date)),
        ),
    }
    money = x.money_format(context.doc.lang, context.currency)
    hashes = requirement_hashes(context.project)
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
    row = 1
    for section in context.sections:
        for requirement in section.requirements:
            row += 1
            hidden.add("requirement", requirement.id, hashes[requirement.id], row)
            text = x.plain_text(requirement.text)
            values = {
                "id": requirement.id,
                "section": section.section.title,
                "title": requirement.title,
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
                    (requirement.title, WIDTH["title"]),
                    (section.section.title, WIDTH["section"]),
                ]
            )
    for key, check in checks.items():
        if targets[key] and check.formula1:
            check.sqref = MultiCellRange(x.cell_ranges(targets[key]))
            ws.add_data_validation(check)
    last = get_column_letter(len(REQUIREMENT_COLUMNS))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last}{max(row, 2)}"
    hidden.add("layout", "requirements_first_row", "2", 2)
    hidden.add("layout", "requirements_last_row", str(row), row)
    x.protect(ws)
    x.print_setup(ws, "1:1")


# -- Price schedule -------------------------------------------------------------------------


def _price_lines(context: SpecContext) -> list[tuple[str, bool, int | None]]:
    """Pre-filled price lines (label, recurring?, quantity) from what the project says.

    Only labels and obvious quantities (1 for a lump sum) are filled: the vendor prices them
    and may rename, retype or add lines.
    """
    words = context.labels["grid"]["price"]["line"]
    project = context.project
    technical = project.technical
    deployment = technical.deployment if technical else None
    lines: list[tuple[str, bool, int | None]] = []
    if deployment is Deployment.on_premise:
        lines += [(words["licences"], False, None), (words["licence_maintenance"], True, None)]
    else:
        lines.append((words["subscription"], True, None))
    lines.append((words["implementation"], False, 1))
    for integration in technical.integrations if technical else []:
        if integration.integrator is Integrator.vendor:
            lines.append((x.words(words["integration"], system=integration.system), False, 1))
    if technical and technical.migration:
        lines.append((words["migration"], False, 1))
    lines.append((words["training"], False, 1))
    lines.append((words["support"], True, 1))
    if deployment in (Deployment.saas, Deployment.hybrid) or (technical and technical.hosting):
        lines.append((words["hosting"], True, 1))
    channels = (
        {c.channel.channel.value for c in context.channels.rows} if context.channels else set()
    )
    service = project.context.customer_service if project.context else None
    channels |= {c.value for c in service.channels} if service else set()
    if "voice" in channels:
        lines.append((words["telephony"], True, None))
    return [(str(label), recurring, quantity) for label, recurring, quantity in lines]


def _price(ws: Any, context: SpecContext, hidden: x.HiddenSheet, lists: dict[str, str]) -> None:
    labels = context.labels
    p = labels["grid"]["price"]
    years, vat = _price_settings(context)
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
    lines = _price_lines(context)
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
    hidden.add("price", "years", str(years), years)
    hidden.add("price", "vat", vat.value)
    hidden.add("price", "currency", context.currency)
    hidden.add("price", "first_row", str(first), first)
    hidden.add("price", "last_row", str(last), last)
    hidden.add("price", "total_cell", total)
    x.protect(ws)
    x.print_setup(ws, f"{head}:{head}")


# -- Questions ------------------------------------------------------------------------------


def _questions(ws: Any, context: SpecContext, hidden: x.HiddenSheet) -> None:
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
        hidden.add("question", question.id, "", row)
    ws.freeze_panes = "A2"
    x.protect(ws)
    x.print_setup(ws, "1:1")
