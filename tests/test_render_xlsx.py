"""The response grid and the evaluation grid: structure, protection, hashes, safety, determinism.

The workbooks are opened again with openpyxl, as the scoring code will; when LibreOffice is
installed, one grid is also round-tripped through it to prove that another spreadsheet
application opens it and keeps the validations, the protection and the hidden sheet.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.protection import hash_password

from cdc.grid.fingerprint import grid_hash, requirement_hashes
from cdc.grid.layout import COL, REQUIREMENT_COLUMNS
from cdc.model import Project
from cdc.model.enums import CriterionKind, Priority, ResponseType
from cdc.reading.project import load_project
from cdc.rendering.context import SpecContext, build_context
from cdc.rendering.templating import load_labels
from cdc.rendering.xlsx import plain_text, safe_text, sheet_name
from cdc.rendering.xlsx_evaluation import (
    FIRST_VENDOR_COLUMN,
    HEADER_ROW,
    VENDOR_COLUMNS,
    evaluation_xlsx,
)
from cdc.rendering.xlsx_grid import default_password, grid_xlsx
from cdc.rendering.zipnorm import normalize_zip
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center" / "cdc.yaml"
ENGLISH = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"
EXAMPLES = [FLAGSHIP, ENGLISH]


@cache
def project_of(path: Path) -> Project:
    project = load_project(path).project
    assert project is not None
    return project


def context_of(project: Project, kind: str = "grid") -> SpecContext:
    return build_context(project, load_labels(project.project.language.value), kind)


def open_xlsx(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def hidden_records(wb: Any) -> list[tuple[Any, ...]]:
    return list(wb["cdc"].iter_rows(min_row=2, values_only=True))


def meta(wb: Any) -> dict[str, Any]:
    return {key: value for record, key, value, _ in hidden_records(wb) if record == "meta"}


def ids(project: Project) -> list[str]:
    return [r.id for s in context_of(project).sections for r in s.requirements]


def with_requirement(project: Project, index: int, **changes: Any) -> Project:
    requirements = list(project.requirements)
    requirements[index] = requirements[index].model_copy(update=changes)
    return project.model_copy(update={"requirements": requirements})


# -- Response grid --------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_grid_sheets_headers_and_rows(path: Path) -> None:
    project = project_of(path)
    context = context_of(project)
    words = context.labels["grid"]
    wb = open_xlsx(grid_xlsx(context))
    sheet = words["sheet"]
    expected = [sheet[k] for k in ("instructions", "requirements", "price", "questions")]
    assert wb.sheetnames == [*expected, "cdc"]
    assert wb["cdc"].sheet_state == "veryHidden"
    ws = wb[sheet["requirements"]]
    assert [c.value for c in ws[1]] == [words["column"][k] for k, _ in REQUIREMENT_COLUMNS]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:K{len(project.requirements) + 1}"
    column = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert column == ids(project)
    assert len(column) == len(project.requirements)
    first = context.sections[0].requirements[0]
    assert ws["D2"].value == plain_text(first.text)
    assert ws["E2"].value == context.labels["priority"][first.priority.value]
    questions = project.vendor_expectations.questions if project.vendor_expectations else []
    qs = wb[sheet["questions"]]
    assert [qs.cell(row=r, column=1).value for r in range(2, len(questions) + 2)] == [
        q.id for q in questions
    ]


def test_grid_instructions_name_contact_deadline_and_scale() -> None:
    project = project_of(FLAGSHIP)
    wb = open_xlsx(grid_xlsx(context_of(project)))
    text = "\n".join(
        str(v) for row in wb["Instructions"].iter_rows(values_only=True) for v in row if v
    )
    assert project.project.contact.name in text
    assert "22 mars 2027" in text  # planning: answers_due
    assert project.evaluation is not None
    for level in project.evaluation.scale:
        assert level.label in text
    assert "feuille masquée" in text
    (sheet, cell), *_ = [(v, e) for r, k, v, e in hidden_records(wb) if r == "input"]
    assert wb[sheet][cell].protection.locked is False  # where the vendor writes its name


def test_grid_drop_downs_cover_the_answer_column() -> None:
    project = project_of(FLAGSHIP)
    wb = open_xlsx(grid_xlsx(context_of(project)))
    ws = wb["Exigences"]
    hidden = wb["cdc"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    lists = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            ref = dv.formula1.split("!")[1].replace("$", "")
            values = [c.value for (c,) in hidden[ref]]
            lists[tuple(values)] = dv.sqref
    assert project.evaluation is not None
    scale = tuple(level.label for level in project.evaluation.scale)
    assert scale in lists and ("Oui", "Non") in lists
    for requirement in project.requirements:
        cell = f"{COL['answer']}{rows[requirement.id]}"
        if requirement.response is ResponseType.compliance:
            assert cell in lists[scale]
        elif requirement.response is ResponseType.yes_no:
            assert cell in lists[("Oui", "Non")]
    kinds = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert f"J{rows[project.requirements[0].id]}" in kinds["decimal"].sqref
    assert kinds["date"].operator == "greaterThanOrEqual"
    scale_records = [(k, v) for record, k, v, _ in hidden_records(wb) if record == "scale"]
    assert [v for _, v in scale_records] == list(scale)
    assert meta(wb)["answer_values"] == "label"


def test_grid_protection_unlocks_answer_cells_only() -> None:
    project = project_of(FLAGSHIP)
    wb = open_xlsx(grid_xlsx(context_of(project)))
    secret = hash_password(default_password(project))
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert ws.protection.password == secret, ws.title
        assert ws.protection.deleteRows and ws.protection.insertRows  # both locked
    assert wb.security.lockStructure
    assert wb.security.workbookPassword == secret
    assert wb["cdc"].sheet_state == "veryHidden"
    ws = wb["Exigences"]
    for key, _ in REQUIREMENT_COLUMNS:
        locked = ws[f"{COL[key]}2"].protection.locked
        assert locked is (key not in ("answer", "comment", "proof", "extra_cost", "roadmap_date"))
    must = [r for r in range(2, ws.max_row + 1) if ws[f"E{r}"].value == "Impératif"]
    assert must and ws[f"A{must[0]}"].fill.fgColor.rgb.endswith("FCE4E4")
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"


def test_grid_price_sheet_formulas() -> None:
    project = project_of(FLAGSHIP)
    wb = open_xlsx(grid_xlsx(context_of(project)))
    ws = wb["Prix"]
    records = {k: (v, extra) for record, k, v, extra in hidden_records(wb) if record == "price"}
    first, last = records["first_row"][1], records["last_row"][1]
    assert ws["B4"].value == 3  # evaluation.price.years
    assert ws[f"E{first}"].value == f"=C{first}*D{first}"
    assert ws[f"G{first}"].value == f"=E{first}*F{first}"
    assert ws[records["total_cell"][0]].value == f"=SUM(G{first}:G{last})"
    assert ws[f"A{first}"].protection.locked is False
    assert ws[f"C{first}"].protection.locked is False
    assert ws[f"E{first}"].protection.locked is True
    labels = [ws[f"A{r}"].value for r in range(first, last + 1) if ws[f"A{r}"].value]
    assert "Interface : Relatis CRM" in labels  # integrations built by the vendor
    assert "Interface : Factéo (ERP de facturation)" not in labels  # built by the buyer


def test_hidden_sheet_holds_the_hashes() -> None:
    project = project_of(FLAGSHIP)
    wb = open_xlsx(grid_xlsx(context_of(project)))
    info = meta(wb)
    assert info["content_hash"] == grid_hash(project)
    assert info["project_id"] == project.project.id
    assert info["project_version"] == project.project.version
    assert info["project_date"] == project.project.date.isoformat()
    assert info["language"] == "fr"
    rows = {k: v for record, k, v, _ in hidden_records(wb) if record == "requirement"}
    assert rows == requirement_hashes(project)


def test_hash_tracks_the_changed_requirement_only() -> None:
    project = project_of(FLAGSHIP)
    changed = with_requirement(project, 3, text=project.requirements[3].text + " Sous 5 s.")
    before, after = requirement_hashes(project), requirement_hashes(changed)
    assert grid_hash(changed) != grid_hash(project)
    assert [k for k in before if before[k] != after[k]] == [project.requirements[3].id]
    rewrapped = with_requirement(project, 3, text=project.requirements[3].text.replace(" ", "\n  "))
    assert grid_hash(rewrapped) == grid_hash(project)
    reprioritised = with_requirement(project, 0, priority=Priority.could)
    assert grid_hash(reprioritised) != grid_hash(project)


def test_formula_looking_text_stays_text() -> None:
    project = project_of(ENGLISH)
    evil = '=HYPERLINK("http://evil")'
    hostile = with_requirement(project, 0, title=evil, text="+1+2 and @SUM(A1)")
    data = grid_xlsx(context_of(hostile))
    ws = open_xlsx(data)["Requirements"]
    row = next(
        r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value == hostile.requirements[0].id
    )
    assert ws[f"C{row}"].value == evil
    assert ws[f"C{row}"].data_type == "s"
    assert ws[f"D{row}"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere on the requirements sheet
    assert '<is><t>=HYPERLINK("http://evil")</t></is>' in sheet.replace("&quot;", '"')
    assert ws[f"C{row}"].quotePrefix  # stays text even if a user re-enters the cell


def test_safe_text_on_a_bare_cell() -> None:
    ws = openpyxl.Workbook().active
    for value in ("=1+1", "-2", "@x", "\tTab", "plain"):
        safe_text(ws["A1"], value)
        assert ws["A1"].value == value and ws["A1"].data_type == "s"
    safe_text(ws["A1"], "bell\x07")
    assert ws["A1"].value == "bell"


def test_sheet_names_are_valid_and_unique() -> None:
    taken = {"cdc"}
    long = "Responsable pilotage et planification"
    assert sheet_name(long, taken) == "Responsable pilotage et planif…"
    assert sheet_name(long, taken) == "Responsable pilotage et pl… (2)"
    assert sheet_name("CDC", taken) == "CDC (2)"
    assert sheet_name("R&D: [a/b]?", taken) == "R&D a b"
    assert sheet_name("History", taken) == "History (2)"
    assert all(len(name) <= 31 for name in taken)


def test_plain_text_drops_markdown_markers() -> None:
    text = "Un **gras**, *Cap 2030* et `code`.\n\n- un\n- deux [lien](https://x.example)"
    assert plain_text(text) == (
        "Un gras, Cap 2030 et code.\n\n• un\n• deux lien (https://x.example)"
    )


def test_the_buyer_sets_the_grid_password_and_output_stays_identical() -> None:
    project = project_of(FLAGSHIP)
    chosen = grid_xlsx(context_of(project), password="Ondéa 2027!")
    assert chosen == grid_xlsx(context_of(project), password="Ondéa 2027!")
    assert chosen != grid_xlsx(context_of(project))
    wb = open_xlsx(chosen)
    assert {ws.protection.password for ws in wb.worksheets} == {hash_password("Ondéa 2027!")}
    assert wb.security.workbookPassword == hash_password("Ondéa 2027!")
    none = open_xlsx(grid_xlsx(context_of(project), password=""))
    assert all(ws.protection.sheet and ws.protection.password is None for ws in none.worksheets)
    other = project.model_copy(
        update={"project": project.project.model_copy(update={"id": "another-project"})}
    )
    assert default_password(other) != default_password(project)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_render_takes_the_grid_password_from_the_command_line(
    cli: CliCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    args = ["render", str(FLAGSHIP), "--doc", "grid", "--format", "xlsx", "-o", str(tmp_path)]
    if how == "option":
        args += ["--grid-password", "s3cret"]
    else:
        monkeypatch.setenv("CDC_GRID_PASSWORD", "s3cret")
    run = cli(*args)
    assert run.code == 0, run.err
    (grid,) = tmp_path.glob("*.xlsx")
    wb = openpyxl.load_workbook(grid)
    assert {ws.protection.password for ws in wb.worksheets} == {hash_password("s3cret")}
    assert wb.security.workbookPassword == hash_password("s3cret")


@pytest.mark.parametrize("render", [grid_xlsx, evaluation_xlsx])
def test_renders_are_byte_identical(render: Any) -> None:
    project = project_of(FLAGSHIP)
    first = render(context_of(project))
    assert render(context_of(project)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2027, 3, 8, 0, 0, 0)}
        assert b"2027-03-08T00:00:00Z" in archive.read("docProps/core.xml")


def test_normalize_zip_ignores_entry_times() -> None:
    def build(when: tuple[int, int, int, int, int, int]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr(zipfile.ZipInfo("a.xml", date_time=when), b"<a/>")
        return out.getvalue()

    one, two = build((2020, 1, 1, 1, 1, 1)), build((2024, 5, 6, 7, 8, 10))
    assert one != two
    assert normalize_zip(one) == normalize_zip(two)


# -- Evaluation grid ------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_evaluation_sheets(path: Path) -> None:
    project = project_of(path)
    context = context_of(project, "evaluation")
    assert project.evaluation is not None
    wb = open_xlsx(evaluation_xlsx(context))
    evaluators = project.evaluation.evaluators
    assert len(wb.sheetnames) == 2 + len(evaluators)
    criteria = wb[wb.sheetnames[0]]
    tree = [criteria.cell(row=r, column=1).value for r in range(5, 5 + len(context.criteria))]
    assert tree == [c.criterion.id for c in context.criteria]
    assert criteria.cell(row=5, column=5).value == pytest.approx(
        float(context.criteria[0].absolute)
    )
    records = hidden_records(wb)
    assert meta(wb)["content_hash"] == grid_hash(project)
    sheets = {k: v for record, k, v, _ in records if record == "evaluator"}
    assert list(sheets) == [e.id for e in evaluators]
    judged = [c.criterion.id for c in context.leaf_criteria if c.kind is CriterionKind.judgement]
    for evaluator in evaluators:
        ws = wb[sheets[evaluator.id]]
        assert ws.protection.sheet
        rows = range(HEADER_ROW + 1, HEADER_ROW + 1 + len(judged))
        assert [ws.cell(row=r, column=1).value for r in rows] == judged
        vendor = ws.cell(row=HEADER_ROW, column=FIRST_VENDOR_COLUMN)
        assert vendor.protection.locked is False
        note = ws.cell(row=HEADER_ROW + 1, column=FIRST_VENDOR_COLUMN + VENDOR_COLUMNS - 1)
        assert note.protection.locked is False
        assert ws.cell(row=HEADER_ROW + 1, column=1).protection.locked is True
        (dv,) = ws.data_validations.dataValidation
        assert (dv.type, dv.formula1, dv.formula2) == ("whole", "0", "5")
        assert note.coordinate in dv.sqref


def test_evaluation_without_evaluators_has_one_sheet() -> None:
    project = project_of(FLAGSHIP)
    assert project.evaluation is not None
    bare = project.model_copy(
        update={"evaluation": project.evaluation.model_copy(update={"evaluators": []})}
    )
    wb = open_xlsx(evaluation_xlsx(context_of(bare, "evaluation")))
    assert wb.sheetnames == ["Critères", "Évaluateur 1", "cdc"]


# -- LibreOffice round trip -----------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_round_trip(tmp_path: Path) -> None:
    project = project_of(FLAGSHIP)
    source = tmp_path / "grid.xlsx"
    source.write_bytes(grid_xlsx(context_of(project)))
    out = tmp_path / "resaved"
    command = [
        "soffice",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    wb = openpyxl.load_workbook(out / "grid.xlsx")
    assert wb["cdc"].sheet_state in ("hidden", "veryHidden")  # Calc knows "hidden" only
    assert meta(wb)["content_hash"] == grid_hash(project)
    ws = wb["Exigences"]
    assert ws.protection.sheet
    assert str(ws.protection.password).upper() == hash_password(default_password(project))
    assert ws["G2"].protection.locked is False and ws["A2"].protection.locked is True
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("G2" in dv.sqref for dv in lists)
    assert ws.max_row == len(project.requirements) + 1


def test_bare_project_renders_both_workbooks() -> None:
    bare = Project.model_validate(
        {
            "project": {
                "id": "bare",
                "title": "Bare",
                "version": "1",
                "date": "2027-01-01",
                "language": "en",
                "buyer": {"name": "Buyer"},
                "contact": {"name": "Contact"},
            }
        }
    )
    grid = open_xlsx(grid_xlsx(context_of(bare)))
    assert grid.sheetnames == ["Instructions", "Requirements", "Price", "Questions", "cdc"]
    assert meta(grid)["content_hash"] == grid_hash(bare)
    evaluation = open_xlsx(evaluation_xlsx(context_of(bare, "evaluation")))
    assert evaluation.sheetnames == ["Criteria", "Evaluator 1", "cdc"]


def test_duplicate_scale_labels_fall_back_to_ids() -> None:
    project = project_of(ENGLISH)
    assert project.evaluation is not None
    scale = list(project.evaluation.scale)
    scale[1] = scale[1].model_copy(update={"label": scale[0].label.upper()})
    evaluation = project.evaluation.model_copy(update={"scale": scale})
    wb = open_xlsx(grid_xlsx(context_of(project.model_copy(update={"evaluation": evaluation}))))
    assert meta(wb)["answer_values"] == "id"
    values = [v for record, _, v, _ in hidden_records(wb) if record == "scale"]
    assert values == [level.id for level in scale]


def test_validation_ranges_are_coalesced_and_cover_every_cell() -> None:
    from cdc.rendering.xlsx import cell_ranges

    cells = [("G", 2), ("G", 3), ("G", 4), ("G", 7), ("AA", 5), ("B", 9), ("G", 8), ("G", 3)]
    assert cell_ranges(cells) == "B9 G2:G4 G7:G8 AA5"
    wb = open_xlsx(grid_xlsx(context_of(project_of(FLAGSHIP))))
    ws = wb.worksheets[1]
    covered = {
        cell
        for dv in ws.data_validations.dataValidation
        for rng in dv.sqref.ranges
        for cell in rng.cells
    }
    answer_col = openpyxl.utils.column_index_from_string(COL["answer"])
    date_col = openpyxl.utils.column_index_from_string(COL["roadmap_date"])
    answers = [(r, answer_col) for r in range(2, ws.max_row + 1)]
    dates = [(r, date_col) for r in range(2, ws.max_row + 1)]
    assert all(c in covered for c in dates)
    assert sum(c in covered for c in answers) >= len(answers) * 0.9


def test_cached_styles_equal_styles_set_one_by_one() -> None:
    from cdc.rendering import xlsx as x

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    cache = x.StyleCache()

    def setter(cell: Any) -> None:
        x.unlock(cell)
        cell.border = x.BORDER
        cell.number_format = "yyyy-mm-dd"

    for row in range(1, 4):
        cache.apply(ws.cell(row=row, column=1), "k", setter)
    setter(ws.cell(row=1, column=2))
    for row in range(1, 4):
        a, b = ws.cell(row=row, column=1), ws.cell(row=1, column=2)
        assert list(a._style) == list(b._style)  # the same style indexes in the workbook
        assert a.number_format == "yyyy-mm-dd" and a.protection.locked is False
    ws.cell(row=2, column=1).font = x.BOLD  # a copy, not a shared array
    assert not ws.cell(row=3, column=1).font.b
