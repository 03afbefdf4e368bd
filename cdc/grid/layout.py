"""Where everything is in the response grid, computed from the project alone (no openpyxl).

One description shared by the writer (:mod:`cdc.rendering.xlsx_grid`) and the reader
(:mod:`cdc.reading.responses.xlsx_reader`): which sheets, which columns, which row shows which
requirement (and what it shows: section, title, text), where the price lines and the vendor's
name are, and the records of the hidden ``cdc`` sheet. The reader builds this from the project
at the version the grid claims and reads the vendor's file with it, so nothing that decides how
a grid is read or scored comes from the file: its hidden sheet only says which version was
answered, and any difference from these records is reported.

Hidden-sheet records are rows of (record, key, value, extra), in this order: ``meta``
(format, kind, project_id, project_version, project_date, language, content_hash,
method_hash),
``sheet`` (the four visible sheets), ``column`` (the requirements sheet's columns),
``meta answer_values``, ``scale`` (level id → text offered, points), ``yes_no``,
``price_type``, ``input vendor_name`` (sheet, cell), ``requirement`` (id → short hash, row),
``layout`` (first and last requirement rows), ``price`` (years, vat, currency, first_row,
last_row, total_cell) and ``question`` (id → row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdc.analysis.figures import channel_synthesis, requirements_by_section
from cdc.grid.address import column_letter
from cdc.grid.celltext import HIDDEN_SHEET, cell_text, plain_text, sheet_name, words
from cdc.grid.fingerprint import (
    GRID_FORMAT,
    METHOD_PAYLOAD_MAX,
    grid_hash,
    method_hash,
    method_text,
    requirement_hashes,
)
from cdc.model import Project
from cdc.model.enums import Deployment, Integrator, VatBasis
from cdc.model.evaluation import PriceScoring
from cdc.model.needs import Requirement

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


COL = {key: column_letter(n) for n, (key, _) in enumerate(REQUIREMENT_COLUMNS, start=1)}
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
#: Requirements sheet: the header is row 1, requirements start on row 2.
FIRST_REQUIREMENT_ROW = 2
#: Sheet keys, in workbook order (the hidden sheet comes last).
SHEET_KEYS = ("instructions", "requirements", "price", "questions")
#: Records whose values are words of labels.yaml (a buyer may override them), not project data.
LABEL_RECORDS = frozenset({"sheet", "yes_no", "price_type"})
#: Records that may differ from today's project in an honest grid: the evaluation method can be
#: changed after the bids (its own check names the change), the rest cannot.
UNCOMPARED_RECORDS = frozenset({("meta", "method_hash")})

Record = tuple[str, str, Any, Any]


@dataclass(frozen=True)
class RequirementRow:
    """One requirement's row and the texts cdc writes in it (as the cell holds them)."""

    requirement: Requirement
    row: int
    section: str
    title: str
    text: str
    #: Changed in the current version (``requirement.revision`` is ``project.version`` and the
    #: project has an earlier version): the grid marks the row. Presentation only, read nowhere.
    changed: bool = False


def marks_changes(project: Project) -> bool:
    """Whether the grid marks changed rows: the project's history has an earlier version."""
    info = project.project
    return any(v.version != info.version for v in info.versions)


@dataclass
class GridLayout:
    """Everything positional about one project's grid."""

    sheets: dict[str, str]
    requirements: list[RequirementRow]
    price_lines: list[tuple[str, bool, int | None]]
    price_first: int
    price_last: int
    price_total: str
    questions: dict[str, int]
    vendor_cell: str
    use_labels: bool
    years: int
    vat: VatBasis
    records: list[Record] = field(default_factory=list)

    def add(self, record: str, key: str, value: Any = None, extra: Any = None) -> int:
        """Append a record; returns its row on the hidden sheet (row 1 is the header)."""
        self.records.append((record, key, value, extra))
        return len(self.records) + 1

    def row_of(self, record: str, key: str) -> int:
        """The hidden-sheet row of a record."""
        for index, (rec, k, _, _) in enumerate(self.records, start=2):
            if rec == record and k == key:
                return index
        raise KeyError((record, key))


def price_settings(project: Project) -> tuple[int, VatBasis]:
    """Evaluation period and VAT basis; the model's defaults when the file sets no price."""
    evaluation = project.evaluation
    price = evaluation.price if evaluation else None
    if price is not None:
        return price.years, price.vat
    default_years = PriceScoring.model_fields["years"].default
    return int(default_years), VatBasis.excl_vat


def price_lines(project: Project, labels: dict[str, Any]) -> list[tuple[str, bool, int | None]]:
    """Pre-filled price lines (label, recurring?, quantity) from what the project says.

    Only labels and obvious quantities (1 for a lump sum) are filled: the vendor prices them
    and may rename, retype or add lines.
    """
    line = labels["grid"]["price"]["line"]
    technical = project.technical
    deployment = technical.deployment if technical else None
    lines: list[tuple[str, bool, int | None]] = []
    if deployment is Deployment.on_premise:
        lines += [(line["licences"], False, None), (line["licence_maintenance"], True, None)]
    else:
        lines.append((line["subscription"], True, None))
    lines.append((line["implementation"], False, 1))
    for integration in technical.integrations if technical else []:
        if integration.integrator is Integrator.vendor:
            lines.append((words(line["integration"], system=integration.system), False, 1))
    if technical and technical.migration:
        lines.append((line["migration"], False, 1))
    lines.append((line["training"], False, 1))
    lines.append((line["support"], True, 1))
    if deployment in (Deployment.saas, Deployment.hybrid) or (technical and technical.hosting):
        lines.append((line["hosting"], True, 1))
    existing = project.existing
    synthesis = channel_synthesis(existing.channels) if existing and existing.channels else None
    channels = {c.channel.channel.value for c in synthesis.rows} if synthesis else set()
    service = project.context.customer_service if project.context else None
    channels |= {c.value for c in service.channels} if service else set()
    if "voice" in channels:
        lines.append((line["telephony"], True, None))
    return [(str(label), recurring, quantity) for label, recurring, quantity in lines]


def grid_layout(project: Project, labels: dict[str, Any]) -> GridLayout:
    """The layout and hidden-sheet records of ``project``'s grid, worded with ``labels``."""
    info = project.project
    g: dict[str, Any] = labels["grid"]
    taken = {HIDDEN_SHEET}
    sheets = {key: sheet_name(str(g["sheet"][key]), taken) for key in SHEET_KEYS}
    evaluation = project.evaluation
    scale = evaluation.scale if evaluation else []
    folded = [level.label.casefold() for level in scale]
    years, vat = price_settings(project)
    lines = price_lines(project, labels)
    price_first = PRICE_HEADER_ROW + 1
    price_last = PRICE_HEADER_ROW + len(lines) + PRICE_SPARE_LINES
    expectations = project.vendor_expectations
    questions = expectations.questions if expectations else []
    rows: list[RequirementRow] = []
    marking = marks_changes(project)
    for section in requirements_by_section(project):
        for requirement in section.requirements:
            rows.append(
                RequirementRow(
                    requirement,
                    FIRST_REQUIREMENT_ROW + len(rows),
                    cell_text(section.section.title),
                    cell_text(requirement.title),
                    cell_text(plain_text(requirement.text)),
                    marking and requirement.revision == info.version,
                )
            )
    layout = GridLayout(
        sheets=sheets,
        requirements=rows,
        price_lines=lines,
        price_first=price_first,
        price_last=price_last,
        price_total=f"G{price_last + 1}",
        questions={q.id: row for row, q in enumerate(questions, start=2)},
        # Title on row 1, the subtitle (if any) below, then a blank row and the vendor's name.
        vendor_cell=f"B{4 if info.subtitle else 3}",
        use_labels=len(set(folded)) == len(folded),
        years=years,
        vat=vat,
    )
    _add_records(layout, project, labels)
    return layout


def _add_records(layout: GridLayout, project: Project, labels: dict[str, Any]) -> None:
    """The hidden ``cdc`` sheet's records, in the order written: what the grid is (project,
    version, hashes, method), where everything is (sheets, columns, rows, cells) and the words
    the answers may use. The reader compares them with its own rebuild, never trusts them."""
    info = project.project
    evaluation = project.evaluation
    scale = evaluation.scale if evaluation else []
    sheets, rows = layout.sheets, layout.requirements
    years, vat = layout.years, layout.vat
    price_first, price_last = layout.price_first, layout.price_last
    add = layout.add
    add("meta", "format", str(GRID_FORMAT))
    add("meta", "kind", "grid")
    add("meta", "project_id", info.id)
    add("meta", "project_version", info.version)
    add("meta", "project_date", info.date.isoformat())
    add("meta", "language", info.language.value)
    add("meta", "content_hash", grid_hash(project))
    # The evaluation method the grid was made under: its hash, and its canonical JSON so that a
    # later change can be named (a claim only: the reader warns, scoring never reads it).
    method = method_text(project)
    add(
        "meta",
        "method_hash",
        method_hash(project),
        method if len(method) <= METHOD_PAYLOAD_MAX else None,
    )
    for key, name in sheets.items():
        add("sheet", key, name)
    for key, letter in COL.items():
        add("column", key, letter)
    add("meta", "answer_values", "label" if layout.use_labels else "id")
    for level in scale:
        add("scale", level.id, level.label if layout.use_labels else level.id, str(level.points))
    add("yes_no", "yes", str(labels["yes"]))
    add("yes_no", "no", str(labels["no"]))
    price = labels["grid"]["price"]
    add("price_type", "one_off", str(price["one_off"]))
    add("price_type", "recurring", str(price["recurring"]))
    add("input", "vendor_name", sheets["instructions"], layout.vendor_cell)
    hashes = requirement_hashes(project)
    for line in rows:
        add("requirement", line.requirement.id, hashes[line.requirement.id], line.row)
    last = rows[-1].row if rows else FIRST_REQUIREMENT_ROW - 1
    add("layout", "requirements_first_row", str(FIRST_REQUIREMENT_ROW), FIRST_REQUIREMENT_ROW)
    add("layout", "requirements_last_row", str(last), last)
    add("price", "years", str(years), years)
    add("price", "vat", vat.value)
    add("price", "currency", info.currency)
    add("price", "first_row", str(price_first), price_first)
    add("price", "last_row", str(price_last), price_last)
    add("price", "total_cell", layout.price_total)
    for qid, row in layout.questions.items():
        add("question", qid, "", row)
