"""The Typst engine's pages looked at against WeasyPrint's: what the side-by-side review of
every PDF cdc writes found, kept fixed. A section's introduction stays with what it
introduces (no heading and its one line at the foot of a page), the RACI header is set in
the condensed face as in the WeasyPrint PDF, and the follow-up's documents take the engine
like every other PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cdc.reading.project import load_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import Cell, Code, Document, Heading, Meta, Paragraph, Table, Text
from cdc.rendering.writers.pdf import to_pdf
from cdc.rendering.writers.typst_markup import to_typst
from tests.conftest import CliCall
from tests.test_render_typst import FLAGSHIP, _info, _text, needs_poppler, needs_typst


def _par(text: str) -> Paragraph:
    return Paragraph((Text(text),))


META = Meta("T", "fr", "p", "1.0", "1er janvier 2027", "2027-01-01", "Public", "A", "h", "f")


def test_an_introduction_right_after_a_heading_is_kept_with_what_follows() -> None:
    table = Table((Cell((_par("Réf."),)),), ((Cell((_par("OMN-001"),)),),))
    blocks = (
        Heading(1, (Text("Exigences"),), "exigences"),
        Heading(2, (Text("Poste conseiller"),), "poste"),
        _par("L'interface de travail des conseillers."),
        table,
        _par("Un paragraphe après le tableau."),
    )
    source, _ = to_typst(Document(META, blocks))
    body = source.split("#show: cdc-pages", 1)[1]
    assert body.count("#cdc-keep[") == 1
    assert '#cdc-keep[#"L\'interface de travail des conseillers."]' in body
    assert '\n#"Un paragraphe après le tableau."' in body  # not after a heading: left alone


@needs_typst
@needs_poppler
def test_no_grid_section_ends_a_page_before_its_first_requirement() -> None:
    """Each requirement section of the flagship's response grid starts, on the page of its
    heading, with its first requirement row (Typst put "Poste conseiller" and its
    introduction alone at the foot of page 6, the table on page 7)."""
    project = load_project(FLAGSHIP).project
    assert project is not None
    tree = DocumentBuilder(project).build("grid")
    sections = [b for b in tree.blocks if isinstance(b, Heading) and b.level == 2]
    assert len(sections) > 5
    pages = _text(to_pdf(tree, engine="typst")).split("\f")
    row = re.compile(r"\b[A-Z]{3}-\d{3}\b")
    body = pages[3:]  # cover, contents, instructions
    for section in sections:
        title = "".join(c.text for c in section.children if isinstance(c, Text))
        page = next((p for p in body if re.search(rf"^{re.escape(title)}$", p, re.M)), None)
        if page is None:
            continue  # a heading not in the requirements part (prices, open questions)
        after = page.split(title, 1)[1]
        assert row.search(after), f"{title!r} ends its page:\n{page[-300:]}"


def _font_folder() -> Path | None:
    from cdc.rendering.writers.typst import _font_files

    files = _font_files()
    return Path(files[0]).parent if files else None


@needs_typst
def test_the_raci_header_is_condensed_as_in_the_weasyprint_pdf() -> None:
    folder = _font_folder()
    if shutil.which("pdffonts") is None or folder is None:
        pytest.skip("pdffonts or the DejaVu fonts not found")
    if not (folder / "DejaVuSansCondensed-Bold.ttf").is_file():
        pytest.skip("DejaVu Sans Condensed not installed (fonts-dejavu-extra)")
    project = load_project(FLAGSHIP).project
    assert project is not None
    pdf = to_pdf(DocumentBuilder(project).build("raci"), engine="typst")
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "DejaVuSansCondensed-Bold" in fonts
    # only a matrix header takes it: the glossary's bold stays the normal face
    other = to_pdf(DocumentBuilder(project).build("glossary"), engine="typst")
    fonts = subprocess.run(["pdffonts", "-"], input=other, capture_output=True).stdout.decode()
    assert "Condensed" not in fonts


@needs_typst
@needs_poppler
def test_follow_documents_take_the_pdf_engine(cli: CliCall, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = cli(
        "follow", str(FLAGSHIP), "--as-of", "2028-03-01", "--doc", "dashboard",
        "--doc-format", "pdf,md", "--pdf-engine", "typst", "--output-dir", str(out),
    )  # fmt: skip
    assert run.code in (0, 1), run.err  # 1: the example's log keeps an overdue decision
    (pdf,) = out.glob("*.pdf")
    assert _info(pdf.read_bytes())["Creator"].startswith("Typst")
    assert f"wrote {pdf} (Typst)" in run.err
    (md,) = out.glob("*.md")
    assert f"wrote {md}\n" in run.err  # only PDFs name an engine


def test_follow_refuses_an_unknown_engine_before_any_work(cli: CliCall, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = cli("follow", str(FLAGSHIP), "--doc", "all", "--pdf-engine", "latex",
              "--output-dir", str(out))  # fmt: skip
    assert run.code == 2
    assert "unknown PDF engine 'latex'; choose among auto, weasyprint, typst" in run.err
    assert not out.exists()


def _word_tops(pdf: bytes, page: int) -> dict[str, float]:
    """The top of each word of ``page`` (the first occurrence), in points."""
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"],
        input=pdf, capture_output=True, check=True,
    )  # fmt: skip
    tops: dict[str, float] = {}
    for match in re.finditer(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', done.stdout.decode()):
        tops.setdefault(match[2], float(match[1]))
    return tops


@needs_typst
@needs_poppler
def test_the_cover_title_lines_are_spaced_for_their_size() -> None:
    """The two lines of the flagship's 24 pt title are 1.25 lines apart, as in the print CSS
    (the leading was the body's: 24 pt apart, the lines touching)."""
    project = load_project(FLAGSHIP).project
    assert project is not None
    tops = _word_tops(to_pdf(DocumentBuilder(project).build("glossary"), engine="typst"), 1)
    assert tops["multicanal"] - tops["Plateforme"] >= 1.15 * 24


def _word_widths(pdf: bytes, page: int) -> dict[str, float]:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"],
        input=pdf, capture_output=True, check=True,
    )  # fmt: skip
    pattern = r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]+)</word>'
    return {m[3]: float(m[2]) - float(m[1]) for m in re.finditer(pattern, done.stdout.decode())}


@needs_typst
@needs_poppler
def test_inline_code_is_the_size_of_the_html_code() -> None:
    """Inline code is set at 0.92em as the HTML's <code> (a 16-character identifier in
    DejaVu Sans Mono, 0.602em a character, at 0.92 × 9.5 pt: 84 pt; it printed at 75 pt)."""
    blocks = (Paragraph((Text("Sous "), Code("contract.clauses"), Text(" : à faire."))),)
    widths = _word_widths(to_pdf(Document(META, blocks), engine="typst"), 1)
    assert abs(widths["contract.clauses"] - 16 * 0.602 * 0.92 * 9.5) < 2
