"""The execution documents: dashboard, grievance register, evidence index and draft letter.

Rendered from the flagship's execution log in both languages and every format, then read back
(Markdown, HTML, DOCX through python-docx, PDF through pdftotext) to check that what matters to
counsel is there: every evidence digest, every grievance step, the draft marking on the letter,
the amounts to the cent as the follow-up computed them. Golden Markdown files pin the wording;
hostile text typed in the log stays text in HTML, PDF and Typst.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import nodes

from cdc.core.errors import OutputError, UsageError
from cdc.core.resources import data_dir
from cdc.execution import follow_up
from cdc.execution.follow import FollowUp
from cdc.model import Project
from cdc.model.execution import ExecutionLog
from cdc.reading.execution import default_log_path, load_log
from cdc.reading.project import load_project
from cdc.rendering.api import RenderResult
from cdc.rendering.execution import (
    EXECUTION_DOCUMENTS,
    execution_document,
    render_document,
    render_execution_documents,
)
from cdc.rendering.fmt import Formatter
from cdc.rendering.templating import make_environment
from cdc.rendering.tree import Document, Figure
from cdc.rendering.writers.markdown import to_markdown
from tests.conftest import CliCall

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "contact-center"
GOLDEN = Path(__file__).resolve().parent / "golden" / "contact-center"
AS_OF = dt.date(2027, 12, 8)
PDFTOTEXT = shutil.which("pdftotext")
DRAFT = {"fr": "PROJET — à faire relire par un juriste", "en": "DRAFT — to be reviewed by counsel"}
STEPS = {
    "fr": ("Invitation à présenter des observations", "Mise en demeure", "Réclamation"),
    "en": ("Invitation to comment", "Formal notice", "Claim"),
}


def _copy(folder: Path, lang: str) -> Path:
    """The flagship's project, log and pieces in ``folder``, in ``lang``."""
    for name in ("execution", "preuves"):
        shutil.copytree(FLAGSHIP / name, folder / name)
    text = (FLAGSHIP / "cdc.yaml").read_text(encoding="utf-8")
    if lang == "en":
        text = text.replace("\n  language: fr\n", "\n  language: en\n", 1)
    (folder / "cdc.yaml").write_text(text, encoding="utf-8")
    return folder


def _load(folder: Path, as_of: dt.date = AS_OF) -> tuple[Project, ExecutionLog, FollowUp]:
    loaded = load_project(folder / "cdc.yaml")
    assert loaded.project is not None, [f.text() for f in loaded.findings]
    path = default_log_path(folder)
    assert path is not None
    log = load_log(path)
    assert log.log is not None, [f.text() for f in log.findings]
    return loaded.project, log.log, follow_up(loaded.project, log.log, folder, as_of)


@pytest.fixture(scope="module", params=["fr", "en"])
def flagship(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lang = str(request.param)
    folder = FLAGSHIP if lang == "fr" else _copy(tmp_path_factory.mktemp("en"), "en")
    return folder


@cache
def _documents(folder: Path) -> dict[str, Document]:
    project, log, follow = _load(folder)
    return {
        name: execution_document(
            name, project, log, follow, grievance="G01" if name == "letter" else None,
            project_root=folder,
        )
        for name in EXECUTION_DOCUMENTS
    }  # fmt: skip


def _docx_text(data: bytes) -> str:
    from docx import Document as Docx

    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return " ".join(" ".join(parts).split())


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    assert PDFTOTEXT is not None
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    out = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


# -- every document, every format -----------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_document_carries_the_evidence_digests_and_steps(flagship: Path, fmt: str) -> None:
    project, log, _ = _load(flagship)
    lang = project.project.language.value
    for name, document in _documents(flagship).items():
        data = render_document(document, fmt)
        text = _docx_text(data) if fmt == "docx" else data.decode("utf-8")
        assert not document.warnings
        if name in ("evidence",):
            for piece in log.evidence:  # on two lines of 32 digits (a page column's width)
                assert piece.sha256[:32] in text and piece.sha256[32:] in text, (fmt, piece.id)
        if name == "register":
            for step in STEPS[lang]:
                assert step in text, (fmt, step)
        if name == "letter":
            assert DRAFT[lang] in text


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")
def test_the_pdfs_carry_digests_steps_marking_and_amounts(flagship: Path, tmp_path: Path) -> None:
    project, log, follow = _load(flagship)
    lang = project.project.language.value
    fmt = Formatter(lang)
    docs = _documents(flagship)
    evidence = _pdf_text(render_document(docs["evidence"], "pdf"), tmp_path)
    for piece in log.evidence:  # on two lines of 32 digits (a page column's width)
        assert piece.sha256[:32] in evidence and piece.sha256[32:] in evidence, piece.id
    register = _pdf_text(render_document(docs["register"], "pdf"), tmp_path)
    for step in STEPS[lang]:
        assert step in register
    letter = _pdf_text(render_document(docs["letter"], "pdf"), tmp_path)
    assert DRAFT[lang] in letter
    penalty = next(x for x in follow.penalties.lines if x.delivery.id == "L2-mise-en-service")
    assert _flat(fmt.money(penalty.penalty)) in _flat(letter)
    dashboard = _flat(_pdf_text(render_document(docs["dashboard"], "pdf"), tmp_path))
    assert _flat(fmt.money(follow.penalties.total)) in dashboard
    assert _flat(fmt.money(follow.credits.total)) in dashboard


def test_amounts_are_those_computed_to_the_cent() -> None:
    """Hand computation on the flagship: L2 delivered 14 days late, 3 excused, V = 240,000 €,
    CCAG-TIC divisor 1,000: 240,000 × 11 / 1,000 = 2,640.00 €; November availability at
    99.81 % for 99.95 % (two started steps of 0.1 point, 5 % each of 12,400 €): 1,240.00 €."""
    _, _, follow = _load(FLAGSHIP)
    assert follow.penalties.total == Decimal("2640.00")
    assert follow.credits.total == Decimal("1240.00")
    md = _flat(to_markdown(_documents(FLAGSHIP)["dashboard"]))
    assert "Pénalités de retard : 2 640 € sur un plafond de 125 000 €" in md
    assert "Crédits de service : 1 240 €" in md
    letter = _flat(to_markdown(_documents(FLAGSHIP)["letter"]))
    assert "**2 640 € HT**" in letter
    assert "délai de 15 jours" in letter


def test_the_letter_is_marked_as_a_draft_in_every_page_of_the_docx() -> None:
    from docx import Document as Docx

    data = render_document(_documents(FLAGSHIP)["letter"], "docx")
    doc = Docx(io.BytesIO(data))
    for section in doc.sections:
        assert DRAFT["fr"] in " ".join(p.text for p in section.header.paragraphs)
        assert DRAFT["fr"] in " ".join(p.text for p in section.footer.paragraphs)
    first_box = doc.tables[0].rows[0].cells[0].text
    assert first_box.startswith(DRAFT["fr"])
    assert "[à compléter]" in _docx_text(data)  # the signatory is left blank, never invented
    assert doc.core_properties.title.startswith(DRAFT["fr"])


def test_a_private_contract_gets_a_formal_notice_with_its_blanks(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "fr")
    text = (folder / "cdc.yaml").read_text(encoding="utf-8")
    text = text.replace("  procurement: public\n", "  procurement: private\n", 1)
    text = text.replace("  frame: ccag_tic_2021\n", "  frame: none\n", 1)
    (folder / "cdc.yaml").write_text(text, encoding="utf-8")
    project, log, follow = _load(folder)
    assert follow.terms.formal_notice_required
    md = to_markdown(execution_document("letter", project, log, follow, grievance="G01"))
    assert "Mise en demeure — " in md
    assert "Nous vous mettons en demeure" in md
    assert "article 14 du CCAG-TIC" not in md  # no CCAG-TIC basis for a private contract
    assert "dans un délai de \\[à compléter\\]" in md  # no grace period set: left blank


def test_the_dashboard_docx_carries_the_charts_numbers() -> None:
    document = _documents(FLAGSHIP)["dashboard"]
    figures = [b for b in document.blocks if isinstance(b, Figure)]
    assert len(figures) == 3
    text = _docx_text(render_document(document, "docx"))
    for figure in figures:
        assert figure.fallback is not None
        first = figure.fallback.header[0].blocks[0]
        assert first.children[0].text in text  # type: ignore[union-attr]
    assert "Livraisons au regard du planning" in text


# -- golden files ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", EXECUTION_DOCUMENTS)
def test_markdown_matches_the_golden_file(name: str) -> None:
    """Regenerate with ``CDC_UPDATE_GOLDEN=1 pytest tests/test_execution_documents.py``."""
    text = to_markdown(_documents(FLAGSHIP)[name])
    golden = GOLDEN / f"execution_{name}.md"
    if os.environ.get("CDC_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with CDC_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_the_same_data_gives_the_same_bytes() -> None:
    project, log, follow = _load(FLAGSHIP)
    for fmt in ("md", "html", "docx"):
        again = execution_document("dashboard", project, log, follow, project_root=FLAGSHIP)
        assert render_document(again, fmt) == render_document(
            _documents(FLAGSHIP)["dashboard"], fmt
        )


# -- hostile text and damaged evidence -------------------------------------------------------
HOSTILE = "<script>alert(1)</script> #set text(red) $x$ @ref ]] </p>"


def _hostile(folder: Path) -> Path:
    _copy(folder, "fr")
    (folder / "preuves" / "x.txt").write_text("x\n", encoding="utf-8")
    import hashlib

    digest = hashlib.sha256(b"x\n").hexdigest()
    (folder / "execution" / "zz-hostile.yaml").write_text(
        "grievances:\n"
        "  - id: G99\n"
        f"    title: {HOSTILE!r}\n"
        "    observed: 2027-12-01\n"
        f"    facts: {HOSTILE!r}\n"
        "    evidence: [x]\n"
        "evidence:\n"
        f"  - {{id: x, file: preuves/x.txt, date: 2027-12-01, description: {HOSTILE!r}, "
        f"sha256: {digest}}}\n",
        encoding="utf-8",
    )
    (folder / "preuves" / "01-courriel-livraison-pilote.txt").write_text(
        "changed", encoding="utf-8"
    )
    (folder / "preuves" / "02-pv-mise-en-ordre-de-marche-pilote.md").unlink()
    return folder


def test_hostile_log_text_stays_text_in_html_pdf_and_typst(tmp_path: Path) -> None:
    folder = _hostile(tmp_path)
    project, log, follow = _load(folder)
    for name in ("register", "evidence", "letter"):
        doc = execution_document(name, project, log, follow, grievance="G99", project_root=folder)
        html = render_document(doc, "html").decode("utf-8")
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        from cdc.rendering.writers.typst_markup import to_typst

        source, _ = to_typst(doc)
        # Typst code in the log reaches the source only inside string literals (#"…")
        outside = re.sub(r'#"(?:[^"\\]|\\.)*"', "", source)
        assert source.count("#set text(red)") >= 1 and "#set text(red)" not in outside
        if PDFTOTEXT is not None:
            text = _pdf_text(render_document(doc, "pdf"), tmp_path)
            assert "<script>alert(1)</script>" in text


def test_altered_and_missing_pieces_are_flagged_in_the_index(tmp_path: Path) -> None:
    folder = _hostile(tmp_path)
    project, log, follow = _load(folder)
    md = to_markdown(execution_document("evidence", project, log, follow, project_root=folder))
    assert "2 pièces à examiner avant toute communication" in md
    # French typography: a no-break space before the colon.
    assert re.search(
        r"Pièce n° 1 \(preuves/01-courriel-livraison-pilote\.txt\)\u00a0: modifiée", md
    )
    assert "Pièce n° 2 (preuves/02-pv-mise-en-ordre-de-marche-pilote.md)\u00a0: manquante" in md


# -- the library call ------------------------------------------------------------------------
def test_render_writes_every_format_and_never_overwrites_a_changed_file(tmp_path: Path) -> None:
    project, log, follow = _load(FLAGSHIP)
    out = tmp_path / "out"

    def render(documents: list[str], formats: list[str]) -> RenderResult:
        return render_execution_documents(
            project, log, follow, project_root=FLAGSHIP, output_dir=out, grievance="G02",
            documents=documents, formats=formats,
        )  # fmt: skip

    result = render(["evidence", "letter"], ["md", "docx"])
    names = sorted(p.name for p in result.written)
    assert names == [
        "ondea-centre-contact-2027_bordereau-de-pieces_2027-12-08.docx",
        "ondea-centre-contact-2027_bordereau-de-pieces_2027-12-08.md",
        "ondea-centre-contact-2027_projet-de-lettre_G02_2027-12-08.docx",
        "ondea-centre-contact-2027_projet-de-lettre_G02_2027-12-08.md",
    ]
    again = render(["evidence"], ["md"])
    assert len(again.unchanged) == 1 and not again.written
    edited = out / names[1]
    edited.write_text("edited by counsel", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        render(["evidence"], ["md"])
    assert edited.read_text(encoding="utf-8") == "edited by counsel"


def test_the_letter_needs_a_known_grievance(tmp_path: Path) -> None:
    project, log, follow = _load(FLAGSHIP)
    with pytest.raises(UsageError, match="G01, G02, G03"):
        render_execution_documents(
            project, log, follow, project_root=FLAGSHIP, output_dir=tmp_path,
            documents=["letter"], formats=["md"],
        )  # fmt: skip
    with pytest.raises(UsageError, match="no grievance 'G42'"):
        execution_document("letter", project, log, follow, grievance="G42")


def test_english_and_french_execution_templates_have_the_same_blocks() -> None:
    templates = data_dir("templates")

    def blocks(lang: str, name: str) -> list[str]:
        path = templates / lang / f"execution_{name}.xml.j2"
        ast = make_environment(lang).parse(path.read_text(encoding="utf-8"))
        return [b.name for b in ast.find_all(nodes.Block)]

    for name in EXECUTION_DOCUMENTS:
        assert blocks("en", name) == blocks("fr", name)


# -- charts: any label, any dates --------------------------------------------------------------
@given(
    # what YAML lets a log hold: no control character, no lone surrogate
    labels=st.lists(
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60),
        min_size=1,
        max_size=6,
    ),
    offsets=st.lists(st.integers(min_value=-400, max_value=400), min_size=12, max_size=12),
)
def test_the_deliveries_chart_is_well_formed_and_escapes_any_label(
    labels: list[str], offsets: list[int]
) -> None:
    from cdc.rendering.execution.charts import ChartWords, DeliveryBar, deliveries_chart
    from cdc.rendering.templating import load_labels

    words = ChartWords.from_labels(load_labels("fr")["execution"]["chart"])
    base = dt.date(2027, 10, 1)
    bars = [
        DeliveryBar(
            label, base + dt.timedelta(days=offsets[i]),
            base + dt.timedelta(days=offsets[i + 6]) if i % 2 else None,
            max(0, offsets[i + 6] - offsets[i]), label, "", "",
        )
        for i, label in enumerate(labels)
    ]  # fmt: skip
    figure = deliveries_chart(bars, base, words, "as of")
    root = ET.fromstring(figure.svg)  # well formed whatever the labels hold
    assert root.tag.endswith("svg")
    assert figure == deliveries_chart(bars, base, words, "as of")  # same data, same bytes
    assert figure.fallback is not None and len(figure.fallback.rows) == len(labels)


def test_a_bare_log_renders_every_document_with_visible_blanks(tmp_path: Path) -> None:
    """No contract block, no piece, a grievance with no reference: nothing is invented."""
    shutil.copy(ROOT / "examples" / "saas-crm-en" / "cdc.yaml", tmp_path / "cdc.yaml")
    (tmp_path / "execution.yaml").write_text(
        "grievances:\n  - id: G1\n    title: Export failed\n    observed: 2027-01-10\n"
        "    facts: The nightly export failed.\n",
        encoding="utf-8",
    )
    project, log, follow = _load(tmp_path, dt.date(2027, 2, 1))
    for name in EXECUTION_DOCUMENTS:
        doc = execution_document(name, project, log, follow, grievance="G1", project_root=tmp_path)
        md = to_markdown(doc)
        assert md.strip() and not doc.warnings
    letter = to_markdown(execution_document("letter", project, log, follow, grievance="G1"))
    assert "For the attention of **\\[to be completed\\]**" in letter
    assert "the following term of the contract: \\[to be completed\\]" in letter
    assert "**Enclosures:** no piece" in letter


# -- the command line ------------------------------------------------------------------------
def test_cdc_follow_doc_writes_the_documents(tmp_path: Path, cli: CliCall) -> None:
    out = tmp_path / "out"
    run = cli(
        "follow", str(FLAGSHIP / "cdc.yaml"), "--as-of", "2027-12-08", "--doc", "all",
        "--grievance", "G01", "--doc-format", "md,docx", "--output-dir", str(out),
    )  # fmt: skip
    assert run.code == 0, run.err
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert "ondea-centre-contact-2027_projet-de-lettre_G01_2027-12-08.docx" in names
    assert len(names) == 8
    assert "wrote " in run.err
    again = cli(
        "follow", str(FLAGSHIP / "cdc.yaml"), "--as-of", "2027-12-08", "--doc", "letter",
        "--doc-format", "md", "--output-dir", str(out),
    )  # fmt: skip
    assert again.code == 2 and "needs a grievance id" in again.err
