"""The wording of the documents: French typography in every format, no internal ids or
placeholders left in the text, no column of empty cells, plurals rather than "an(s)"."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import openpyxl

from cdc.model import Project
from cdc.reading.project import load_project
from cdc.rendering.context import build_context
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.templating import load_labels
from cdc.rendering.tree import Document
from cdc.rendering.writers.docx import to_docx
from cdc.rendering.writers.html import to_html
from cdc.rendering.writers.markdown import to_markdown
from cdc.rendering.writers.typst_markup import to_typst
from cdc.rendering.xlsx_evaluation import evaluation_xlsx
from cdc.rendering.xlsx_grid import grid_xlsx
from tests.conftest import CASES, ROOT

FLAGSHIP = ROOT / "examples" / "contact-center" / "cdc.yaml"
ENGLISH = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"
NNBSP = "\u202f"


@cache
def project_of(path: Path) -> Project:
    project = load_project(path).project
    assert project is not None
    return project


@cache
def tree(path: Path, kind: str = "spec") -> Document:
    return DocumentBuilder(project_of(path), project_root=path.parent).build(kind)


def docx_text(document: Document) -> str:
    with zipfile.ZipFile(io.BytesIO(to_docx(document))) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return xml


def cell_texts(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def test_the_buyer_name_is_elided_in_every_format() -> None:
    doc = tree(FLAGSHIP)
    md = to_markdown(doc)
    assert "les équipes d'Ondéa Énergies" in md
    assert "pour le compte d'Ondéa Énergies" in md
    assert "de Ondéa" not in md
    assert "de Ondéa" not in docx_text(doc)
    assert "d&apos;Ondéa" in docx_text(doc) or "d'Ondéa" in docx_text(doc)
    assert "sous-traitant d'Ondéa" in to_markdown(tree(FLAGSHIP, "spec"))
    assert "pour le compte d'Ondéa" in to_markdown(tree(FLAGSHIP, "gdpr"))


def test_thousands_and_units_keep_together_in_html_and_docx() -> None:
    """User prose ("900 000 contacts", "340 000 € HT") and generated figures alike."""
    doc = tree(FLAGSHIP)
    html = to_html(doc)
    docx = docx_text(doc)
    for text in (html, docx):
        assert f"900{NNBSP}000 contacts" in text
        assert f"340{NNBSP}000{NNBSP}€" in text
        assert "900 000" not in text
    assert "Toute question" in html  # the cover notice went through too


def test_typst_keeps_the_no_break_spaces_as_they_are() -> None:
    """In Typst string literals, neither escaped nor turned into breakable spaces."""
    source, _ = to_typst(tree(FLAGSHIP))
    assert f"900{NNBSP}000 contacts" in source
    assert "\\u{202f}" not in source and "\\u{a0}" not in source


def test_code_is_left_as_typed() -> None:
    """Typography applies to prose only: a formula in a code span keeps its plain spaces."""
    md = to_markdown(tree(FLAGSHIP))
    assert "`P = V × R / 1" in md


def test_english_documents_keep_english_spacing() -> None:
    md = to_markdown(tree(ENGLISH))
    assert NNBSP not in md
    assert "\u00a0:" not in md


def test_open_questions_show_their_text_not_their_id() -> None:
    for path in (FLAGSHIP, ENGLISH):
        project = project_of(path)
        assert project.vendor_expectations and project.vendor_expectations.questions
        md = to_markdown(tree(path))
        for q in project.vendor_expectations.questions:
            assert q.id not in md


def test_a_step_of_kind_other_is_named_by_its_label() -> None:
    md = to_markdown(tree(FLAGSHIP))
    assert "Autre étape" not in md
    assert "| Bascule du prestataire et arrêt de l'ancien ACD |" in md


def test_a_nearly_empty_details_column_is_dropped() -> None:
    """2 objectives of 23 have a description: no "Précisions" column, the two remarks go under
    their objective's title."""
    md = to_markdown(tree(FLAGSHIP))
    assert "| Objectif | Précisions |" not in md
    assert "| Objectif | Priorité |" in md
    assert "aucune prolongation n'est possible" in md


def test_an_empty_details_column_is_dropped_from_the_timetable() -> None:
    """The minimal case's milestones have no labels: the timetable has no empty column."""
    md = to_markdown(tree(CASES / "positive" / "minimal" / "cdc.yaml"))
    assert "| Date | Étape |" in md
    assert "Précision" not in md


def test_a_column_that_is_mostly_filled_is_kept() -> None:
    md = to_markdown(tree(FLAGSHIP))
    assert "| Date | Étape | Précision |" in md


def test_durations_are_in_the_plural_not_in_brackets() -> None:
    for path, bad, good in ((FLAGSHIP, "an(s)", "3 ans"), (ENGLISH, "year(s)", " years")):
        project = project_of(path)
        labels = load_labels(project.project.language.value)
        texts = cell_texts(grid_xlsx(build_context(project, labels, "grid")))
        texts += cell_texts(evaluation_xlsx(build_context(project, labels, "evaluation")))
        joined = "\n".join(texts)
        assert bad not in joined
        assert good in joined


def test_the_holders_column_appears_only_when_a_role_names_its_holder() -> None:
    project = project_of(FLAGSHIP)
    md = to_markdown(tree(FLAGSHIP, "raci"))
    assert "| Rôle | Partie |" in md
    assert "Titulaire du rôle" not in md  # no role of the flagship names a person
    governance = project.governance
    assert governance is not None
    roles = [governance.roles[0].model_copy(update={"person": "Claire Dubois"})]
    named = project.model_copy(
        update={"governance": governance.model_copy(update={"roles": roles + governance.roles[1:]})}
    )
    md = to_markdown(DocumentBuilder(named, project_root=FLAGSHIP.parent).build("raci"))
    assert "| Rôle | Partie | Titulaire du rôle |" in md
    assert "Claire Dubois" in md
