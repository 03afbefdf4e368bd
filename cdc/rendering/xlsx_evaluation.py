"""The committee's evaluation grid (xlsx): the published method, and one notes sheet per evaluator.

Sheets: the criteria tree with its weights and the evaluation rules (read-only), one sheet per
evaluator (``evaluation.evaluators``; a single anonymous one if none is declared) where the
judgement criteria are noted per vendor, and the very hidden ``cdc`` sheet.

Layout contract with the scoring code (also written to the ``cdc`` sheet, ``layout`` records):
on an evaluator sheet, the header is row :data:`HEADER_ROW`; judgement criteria follow one a
row (``criterion`` records give each id's row); columns E–J hold the notes of vendors 1–6,
whose names the evaluator types in the header cells, and column K the comments. Vendors are
matched across evaluator sheets by column position, not by the typed name.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from cdc.analysis.figures import WeightedCriterion
from cdc.grid.fingerprint import GRID_FORMAT, grid_hash
from cdc.model.enums import CriterionKind, PriceMethod
from cdc.model.evaluation import Evaluation
from cdc.rendering import xlsx as x
from cdc.rendering.context import SpecContext
from cdc.rendering.fmt import Formatter

#: Vendor columns offered on each evaluator sheet (the number of bids is not known yet).
VENDOR_COLUMNS = 6
HEADER_ROW = 5
FIRST_VENDOR_COLUMN = 5  # E
COMMENT_COLUMN = FIRST_VENDOR_COLUMN + VENDOR_COLUMNS  # K
CRITERIA_COLUMNS: tuple[tuple[str, float], ...] = (
    ("id", 24),
    ("title", 44),
    ("kind", 24),
    ("relative", 12),
    ("absolute", 12),
    ("description", 70),
)
PERCENT = "0.0%"


def evaluation_xlsx(context: SpecContext) -> bytes:
    """The evaluation grid of ``context.project`` as xlsx bytes (identical for identical input)."""
    info = context.project.project
    e: dict[str, Any] = context.labels["evaluation_grid"]
    wb = Workbook()
    hidden = x.HiddenSheet()
    hidden.add("meta", "format", str(GRID_FORMAT))
    hidden.add("meta", "kind", "evaluation")
    hidden.add("meta", "project_id", info.id)
    hidden.add("meta", "project_version", info.version)
    hidden.add("meta", "project_date", info.date.isoformat())
    hidden.add("meta", "language", context.doc.lang)
    hidden.add("meta", "content_hash", grid_hash(context.project))
    evaluation = context.project.evaluation
    scale_max = (
        evaluation.judgement_scale_max
        if evaluation
        else int(Evaluation.model_fields["judgement_scale_max"].default)
    )
    hidden.add("meta", "judgement_scale_max", str(scale_max), scale_max)

    criteria = wb.active
    criteria.title = x.sheet_name(str(e["sheet"]["criteria"]), set())
    hidden.add("sheet", "criteria", criteria.title)
    _criteria(criteria, context)

    hidden.add("layout", "header_row", str(HEADER_ROW), HEADER_ROW)
    hidden.add("layout", "first_vendor_column", get_column_letter(FIRST_VENDOR_COLUMN))
    hidden.add("layout", "vendor_columns", str(VENDOR_COLUMNS), VENDOR_COLUMNS)
    hidden.add("layout", "comment_column", get_column_letter(COMMENT_COLUMN))
    judged = [c for c in context.leaf_criteria if c.kind is CriterionKind.judgement]
    for row, criterion in enumerate(judged, start=HEADER_ROW + 1):
        hidden.add("criterion", criterion.criterion.id, str(row), row)

    evaluators = evaluation.evaluators if evaluation else []
    people = [(ev.id, ev.name) for ev in evaluators] or [
        ("1", x.words(e["sheet"]["evaluator"], n=1))
    ]
    taken = {criteria.title.casefold(), x.HIDDEN_SHEET}
    for evaluator_id, name in people:
        ws = wb.create_sheet(x.sheet_name(name, taken))
        hidden.add("evaluator", evaluator_id, ws.title, name)
        _evaluator(ws, context, name, judged, scale_max)
    hidden.write(wb)
    return x.workbook_bytes(
        wb, info.date, title=context.doc.header, author=info.buyer.name, lang=context.doc.lang
    )


def _title_block(ws: Any, context: SpecContext) -> None:
    """Rows 1–2: which consultation, which version (a printed sheet must say it alone)."""
    info = context.project.project
    e = context.labels["evaluation_grid"]
    x.safe_text(ws["A1"], x.words(e["title"], title=info.title))
    ws["A1"].font = x.TITLE_FONT
    subtitle = x.words(
        e["subtitle"],
        buyer=info.buyer.name,
        version=info.version,
        date=Formatter(context.doc.lang).date(info.date),
    )
    x.safe_text(ws["A2"], subtitle)
    ws["A2"].font = x.ITALIC


# -- Criteria and rules ---------------------------------------------------------------------


def _criteria(ws: Any, context: SpecContext) -> None:
    labels = context.labels
    e = labels["evaluation_grid"]
    widths = dict(CRITERIA_COLUMNS)
    x.set_widths(ws, list(widths.values()))
    _title_block(ws, context)
    head = 4
    for n, key in enumerate(widths, start=1):
        x.safe_text(ws.cell(row=head, column=n), str(e["column"][key]))
    x.style_header(ws, head, len(widths))
    row = head
    for weighted in context.criteria:
        row += 1
        criterion = weighted.criterion
        description = x.plain_text(criterion.description)
        kind = weighted.kind
        values: list[Any] = [
            criterion.id,
            criterion.title,
            str(labels["criterion_kind"][kind.value]) if kind else None,
        ]
        for col, value in enumerate(values, start=1):
            x.safe_text(ws.cell(row=row, column=col), value)
        ws.cell(row=row, column=4).value = float(weighted.relative)
        ws.cell(row=row, column=5).value = float(weighted.absolute)
        x.safe_text(ws.cell(row=row, column=6), description)
        for col in range(1, 7):
            cell = ws.cell(row=row, column=col)
            cell.border = x.BORDER
            cell.alignment = x.WRAP
            if not weighted.is_leaf:
                cell.font = x.BOLD
                cell.fill = x.BRANCH_FILL
        ws.cell(row=row, column=2).alignment = Alignment(
            wrap_text=True, vertical="top", indent=2 * weighted.depth
        )
        for col in (4, 5):
            ws.cell(row=row, column=col).number_format = PERCENT
        ws.row_dimensions[row].height = x.fit_height(
            [(description, widths["description"]), (criterion.title, widths["title"] - 4)]
        )
    ws.freeze_panes = f"A{head + 1}"
    _rules(ws, context, row + 2)
    x.protect(ws)
    x.print_setup(ws, f"{head}:{head}")


def _rules(ws: Any, context: SpecContext, row: int) -> None:
    """The evaluation rules under the tree: key in A, value from B (overflowing to the right)."""
    evaluation = context.project.evaluation
    if evaluation is None:
        return
    labels = context.labels
    rule = labels["evaluation_grid"]["rule"]
    fmt = Formatter(context.doc.lang)
    x.safe_text(ws.cell(row=row, column=1), str(labels["evaluation_grid"]["rules_title"]))
    ws.cell(row=row, column=1).font = x.HEADING_FONT
    row += 1

    def put(key: str | None, value: str | None, extra: Any = None, note: str | None = None) -> None:
        nonlocal row
        cells = [ws.cell(row=row, column=col) for col in range(1, 5)]
        for cell in cells:
            cell.alignment = x.TOP
        if key is not None:
            x.safe_text(cells[0], key)
            cells[0].font = x.BOLD
            cells[0].alignment = x.WRAP
            ws.row_dimensions[row].height = x.fit_height([(key, CRITERIA_COLUMNS[0][1])])
        x.safe_text(cells[1], value)
        if extra is not None:
            cells[2].value = extra
            cells[2].number_format = "0%"
            cells[2].alignment = Alignment(horizontal="left", vertical="top")
        if note:
            x.safe_text(cells[3], note)
        row += 1

    for n, level in enumerate(evaluation.scale):
        put(
            rule["scale"] if n == 0 else None,
            level.label,
            float(level.points) / 100,
            x.plain_text(level.description).replace("\n", " "),
        )
    price = evaluation.price
    if price is not None:
        method = price.method.value
        put(rule["price_method"], str(labels["price_method"][method]))
        put(rule["price_formula"], str(labels["price_formula"][method]))
        vat = str(labels["vat"][price.vat.value])
        put(
            rule["price_basis"],
            x.words(
                rule["price_basis_value"],
                years=price.years,
                duration=x.counted(labels, "years", price.years),
                vat=vat,
            ),
        )
        if price.method is PriceMethod.absolute_band:
            band = x.words(
                rule["price_band_value"],
                best=fmt.money(price.best_price, context.currency),
                ceiling=fmt.money(price.ceiling, context.currency),
            )
            put(rule["price_band"], band)
    put(rule["must"], str(rule["must_eliminates" if evaluation.must_eliminates else "must_kept"]))
    if evaluation.min_technical_score is not None:
        put(rule["min_technical"], fmt.pct(evaluation.min_technical_score))
    put(rule["missing_must"], str(labels["missing_must"][evaluation.missing_must.value]))
    put(rule["missing"], str(labels["missing_answers"][evaluation.missing_answers.value]))
    for n, tie in enumerate(evaluation.tie_break, start=1):
        put(rule["tie_break"] if n == 1 else None, f"{n}. {labels['tie_break'][tie.value]}")
    put(rule["aggregation"], str(labels["aggregation"][evaluation.aggregation.value]))
    put(rule["divergence"], fmt.pct(evaluation.divergence_threshold))
    put(
        rule["judgement_scale"],
        x.words(rule["judgement_scale_value"], max=evaluation.judgement_scale_max),
    )
    for n, evaluator in enumerate(evaluation.evaluators):
        put(rule["evaluators"] if n == 0 else None, evaluator.name, note=evaluator.id)


# -- Evaluator sheets -----------------------------------------------------------------------


def _evaluator(
    ws: Any, context: SpecContext, name: str, judged: list[WeightedCriterion], scale_max: int
) -> None:
    e = context.labels["evaluation_grid"]
    widths = [22.0, 34.0, 50.0, 9.0] + [12.0] * VENDOR_COLUMNS + [48.0]
    x.set_widths(ws, widths)
    _title_block(ws, context)
    x.safe_text(ws["A3"], x.words(e["evaluator"], name=name))
    ws["A3"].font = x.BOLD
    x.safe_text(ws["A4"], x.words(e["instructions"], max=scale_max))
    ws["A4"].font = x.ITALIC
    column = e["column"]
    headers = [column["id"], column["title"], column["description"], column["weight"]]
    headers += [x.words(e["vendor"], n=n) for n in range(1, VENDOR_COLUMNS + 1)]
    headers.append(column["comment"])
    for col, text in enumerate(headers, start=1):
        x.safe_text(ws.cell(row=HEADER_ROW, column=col), str(text))
    x.style_header(ws, HEADER_ROW, len(headers))
    for col in range(FIRST_VENDOR_COLUMN, COMMENT_COLUMN):
        x.unlock(ws.cell(row=HEADER_ROW, column=col))
        ws.cell(row=HEADER_ROW, column=col).font = x.BOLD
    err = e["validation"]
    error = x.words(err["note"], max=scale_max)
    notes = x.validation("whole", err["title"], error, "between", "0", str(scale_max))
    row = HEADER_ROW
    for weighted in judged:
        row += 1
        criterion = weighted.criterion
        description = x.plain_text(criterion.description)
        x.safe_text(ws.cell(row=row, column=1), criterion.id)
        x.safe_text(ws.cell(row=row, column=2), criterion.title)
        x.safe_text(ws.cell(row=row, column=3), description)
        ws.cell(row=row, column=4).value = float(weighted.absolute)
        ws.cell(row=row, column=4).number_format = PERCENT
        for col in range(1, COMMENT_COLUMN + 1):
            cell = ws.cell(row=row, column=col)
            cell.border = x.BORDER
            cell.alignment = x.WRAP
            if col >= FIRST_VENDOR_COLUMN:
                x.unlock(cell)
            if FIRST_VENDOR_COLUMN <= col < COMMENT_COLUMN:
                cell.alignment = x.HEADER_ALIGN
        first = get_column_letter(FIRST_VENDOR_COLUMN)
        last = get_column_letter(COMMENT_COLUMN - 1)
        notes.add(f"{first}{row}:{last}{row}")
        ws.row_dimensions[row].height = x.fit_height(
            [(description, widths[2]), (criterion.title, widths[1])], minimum_lines=3
        )
    if not judged:
        x.safe_text(ws.cell(row=HEADER_ROW + 1, column=1), str(e["no_criteria"]))
        ws.cell(row=HEADER_ROW + 1, column=1).font = x.ITALIC
    if notes.sqref:
        ws.add_data_validation(notes)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3).coordinate
    x.protect(ws)
    x.print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
