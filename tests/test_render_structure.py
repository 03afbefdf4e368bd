"""Document structure in every format: section numbers (the same in Markdown, HTML, Typst and
DOCX, whose numbers are Word numbering), the DOCX contents filled at write time, table columns
wide enough for their words, the version history table, and the draft banner of an unfinished
project."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from cdc.model import Project
from cdc.reading.project import load_project
from cdc.rendering.documents import NUMBERED, DocumentBuilder
from cdc.rendering.tree import (
    Cover,
    Document,
    Heading,
    Note,
    Paragraph,
    Table,
    Text,
    heading_text,
    number_headings,
    plain_text,
)
from cdc.rendering.writers._docx_metrics import BODY_FONT
from cdc.rendering.writers.docx import to_docx
from cdc.rendering.writers.html import stylesheet, to_html
from cdc.rendering.writers.markdown import to_markdown
from cdc.rendering.writers.typst_markup import to_typst
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples/contact-center/cdc.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(FLAGSHIP).project
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def tree(project: Project) -> Document:
    return DocumentBuilder(project, project_root=FLAGSHIP.parent).build("spec")


@pytest.fixture(scope="module")
def docx_bytes(tree: Document) -> bytes:
    return to_docx(tree)


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def _headings(tree: Document) -> list[Heading]:
    return [b for b in tree.blocks if isinstance(b, Heading)]


# -- numbers ----------------------------------------------------------------------------------


def _heading(level: int) -> Heading:
    return Heading(level, (Text(f"h{level}"),), f"a{level}")


def test_headings_are_numbered_down_to_the_depth() -> None:
    blocks = tuple(_heading(n) for n in (1, 2, 2, 3, 1, 2, 3, 4))
    numbers = [b.number for b in number_headings(blocks, 3) if isinstance(b, Heading)]
    assert numbers == ["1", "1.1", "1.2", "1.2.1", "2", "2.1", "2.1.1", ""]
    assert number_headings(blocks, 0) == blocks


@given(st.lists(st.integers(min_value=1, max_value=4), max_size=40))
def test_a_number_continues_the_number_of_its_parent(levels: list[int]) -> None:
    """Every number is unique, has as many parts as the heading's level, and extends the number
    of the last heading one level up; nothing ever counts 0."""
    out = number_headings(tuple(_heading(n) for n in levels), 3)
    seen: set[str] = set()
    last: dict[int, str] = {}
    for block in out:
        assert isinstance(block, Heading)
        if block.level > 3:
            assert block.number == ""
            continue
        parts = block.number.split(".")
        assert len(parts) == block.level and "0" not in parts
        assert block.number not in seen
        seen.add(block.number)
        if block.level > 1 and block.level - 1 in last:
            assert block.number.startswith(last[block.level - 1] + ".")
        last[block.level] = block.number
        for deeper in [k for k in last if k > block.level]:
            del last[deeper]


def test_the_long_documents_are_numbered(project: Project) -> None:
    builder = DocumentBuilder(project, project_root=FLAGSHIP.parent)
    for kind in ("spec", "checklist", "gdpr"):
        heads = _headings(builder.build(kind))
        assert heads and all(h.number for h in heads if h.level <= NUMBERED[kind]), kind
    assert not any(h.number for h in _headings(builder.build("evaluation")))


def test_markdown_html_and_typst_print_the_same_numbers(tree: Document) -> None:
    heads = [h for h in _headings(tree) if h.number]
    assert [h.number for h in heads][:3] == ["1", "1.1", "1.2"]
    md = to_markdown(tree)
    md_heads = re.findall(r"^#{2,5} (.+)$", md, flags=re.MULTILINE)
    assert [re.sub(r"\\(.)", r"\1", m) for m in md_heads] == [heading_text(h) for h in heads]
    html = to_html(tree)
    assert re.findall(r'<span class="secno">([0-9.]+)</span>', html) == [h.number for h in heads]
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert "4.2 " in toc and "1 Objet" in toc
    source, _ = to_typst(tree)
    typst_numbers = re.findall(
        r'#heading\(level: \d, numbering: \(\.\.n\) => "([0-9.]+)"\)', source
    )
    assert typst_numbers == [h.number for h in heads]


def _word_numbers(data: bytes) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(style id, number Word computes from numPr and numbering.xml) of every numbered
    paragraph, and the lvlText of each level of the heading list."""
    body = _part(data, "word/document.xml")
    numbering = _part(data, "word/numbering.xml")
    styles = _part(data, "word/styles.xml")
    abstract_of = {
        n.get(f"{W}numId"): n.find("w:abstractNumId", NS).get(f"{W}val")
        for n in numbering.findall("w:num", NS)
    }
    out: list[tuple[str, str]] = []
    counters: dict[str, list[int]] = {}
    texts: dict[str, str] = {}
    for p in body.iter(f"{W}p"):
        num_pr = p.find("w:pPr/w:numPr", NS)
        style = p.find("w:pPr/w:pStyle", NS)
        if num_pr is None or style is None or not style.get(f"{W}val").startswith("Heading"):
            continue
        num_id = num_pr.find("w:numId", NS).get(f"{W}val")
        if num_id == "0":
            continue
        level = int(num_pr.find("w:ilvl", NS).get(f"{W}val"))
        abstract = numbering.find(
            f"w:abstractNum[@w:abstractNumId='{abstract_of[num_id]}']", namespaces=NS
        )
        lvl = abstract.find(f"w:lvl[@w:ilvl='{level}']", NS)
        assert lvl.find("w:pStyle", NS).get(f"{W}val") == style.get(f"{W}val")
        assert lvl.find("w:numFmt", NS).get(f"{W}val") == "decimal"
        text = lvl.find("w:lvlText", NS).get(f"{W}val")
        texts[style.get(f"{W}val")] = text
        stack = counters.setdefault(num_id, [])
        stack[:] = (stack + [0] * (level + 1))[: level + 1]
        stack[level] += 1
        number = text
        for n, value in enumerate(stack, start=1):
            number = number.replace(f"%{n}", str(value or 1))
        out.append((style.get(f"{W}val"), number))
    # the heading styles carry the list too (a heading typed in Word is numbered)
    for style_id in texts:
        st_el = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert st_el.find("w:pPr/w:numPr/w:numId", NS) is not None, style_id
    return out, texts


def test_docx_numbers_are_word_numbering_equal_to_the_tree(
    tree: Document, docx_bytes: bytes
) -> None:
    numbered, texts = _word_numbers(docx_bytes)
    assert [n for _, n in numbered] == [h.number for h in _headings(tree) if h.number]
    assert texts["Heading1"] == "%1" and texts["Heading2"] == "%1.%2"
    assert texts["Heading3"] == "%1.%2.%3"
    document = docx.Document(io.BytesIO(docx_bytes))
    typed = [p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert not any(re.match(r"\d+(\.\d+)* ", t) for t in typed)  # no typed digits


def test_an_unnumbered_document_has_no_heading_list(project: Project) -> None:
    tree = DocumentBuilder(project, project_root=FLAGSHIP.parent).build("evaluation")
    numbered, _ = _word_numbers(to_docx(tree))
    assert numbered == []


# -- DOCX contents, tables, font --------------------------------------------------------------


def test_docx_contents_field_holds_the_headings(tree: Document, docx_bytes: bytes) -> None:
    body = _part(docx_bytes, "word/document.xml")
    paragraphs = list(body.iter(f"{W}p"))
    begin = next(
        i
        for i, p in enumerate(paragraphs)
        if any("TOC" in (t.text or "") for t in p.iter(f"{W}instrText"))
    )
    entries: list[etree._Element] = []
    for p in paragraphs[begin:]:
        entries.append(p)
        if any(f.get(f"{W}fldCharType") == "end" for f in p.findall("w:r/w:fldChar", NS)):
            break
    expected = [h for h in _headings(tree) if h.level <= 2]
    assert len(entries) == len(expected)
    for p, heading in zip(entries, expected, strict=True):
        style = p.find("w:pPr/w:pStyle", NS).get(f"{W}val")
        assert style == f"TOC{heading.level}"
        link = p.find("w:hyperlink", NS)
        assert link is not None and link.get(f"{W}anchor")
        assert "".join(t.text or "" for t in link.iter(f"{W}t")) == heading_text(heading)
    styles = _part(docx_bytes, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='TOC1']", NS) is not None


def _channel_table(document: DocxDocument) -> docx.table.Table:
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Canal")


def _advance(font: Path, text: str, size: float) -> float:
    """Width of ``text`` in twips, from the font file itself."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    face = TTFont(str(font))
    cmap, hmtx = face.getBestCmap(), face["hmtx"]
    units = sum(hmtx[cmap[ord(ch)]][0] for ch in text)
    return float(units * size * 20 / face["head"].unitsPerEm)


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans-Bold.ttf").is_file(), reason="no DejaVu fonts")
def test_table_columns_hold_their_header_words_and_numbers(docx_bytes: bytes) -> None:
    """The channel table: every header word ("Volume", "Remontée") and every figure ("630 000",
    "7 min") fits its column, measured with the font the DOCX declares, at its table size."""
    document = docx.Document(io.BytesIO(docx_bytes))
    table = _channel_table(document)
    tbl = table._tbl
    grid = [int(c.get(f"{W}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    for row in tbl.findall("w:tr", NS):  # Word reads tcW, LibreOffice gridCol: the same
        assert [
            int(c.find("w:tcPr/w:tcW", NS).get(f"{W}w")) for c in row.findall("w:tc", NS)
        ] == grid
    margin = tbl.find("w:tblPr/w:tblCellMar/w:left", NS)
    padding = 2 * (int(margin.get(f"{W}w")) if margin is not None else 108)
    size = document.styles["Table Text"].font.size.pt
    assert document.styles["Table Text"].font.name in (None, BODY_FONT)
    for cell, width in zip(table.rows[0].cells, grid, strict=True):
        for word in cell.text.split():
            need = _advance(DEJAVU / "DejaVuSans-Bold.ttf", word, size)
            assert need <= width - padding, (word, need, width)
    for row in table.rows[1:]:
        for cell, width in zip(row.cells, grid, strict=True):
            p = cell.paragraphs[0]
            if p.alignment is not None and cell.text:  # right-aligned figures: one line
                bold = any(r.bold for r in p.runs)
                face = DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
                need = _advance(face, cell.text, size)
                assert need <= width - padding, (cell.text, need, width)


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans-Bold.ttf").is_file(), reason="no DejaVu fonts")
def test_requirement_ids_stay_on_one_line(project: Project, docx_bytes: bytes) -> None:
    """A bold id ("OMN-007") is measured bold, and never cut at its hyphen."""
    document = docx.Document(io.BytesIO(docx_bytes))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Réf.")
    first = int(table._tbl.find("w:tblGrid/w:gridCol", NS).get(f"{W}w"))
    margin = table._tbl.find("w:tblPr/w:tblCellMar/w:left", NS)
    padding = 2 * (int(margin.get(f"{W}w")) if margin is not None else 108)
    size = document.styles["Table Text"].font.size.pt
    widest = max(project.requirements, key=lambda r: len(r.id)).id
    assert _advance(DEJAVU / "DejaVuSans-Bold.ttf", widest, size) <= first - padding


def test_a_table_keeps_its_header_first_row_and_total_together(docx_bytes: bytes) -> None:
    table = _channel_table(docx.Document(io.BytesIO(docx_bytes)))
    rows = table._tbl.findall("w:tr", NS)
    assert rows[-1].findall("w:tc", NS)[0].findtext(".//w:t", namespaces=NS) == "Total"
    for index in (0, 1, len(rows) - 2):
        for p in rows[index].iter(f"{W}p"):
            assert p.find("w:pPr/w:keepNext", NS) is not None, index
        assert rows[index].find("w:trPr/w:cantSplit", NS) is not None
    assert all(p.find("w:pPr/w:keepNext", NS) is None for p in rows[2].iter(f"{W}p"))


def test_docx_body_font_is_the_pdf_font(docx_bytes: bytes) -> None:
    css = stylesheet("style.css") + stylesheet("print.css")
    families = re.findall(r"font-family:\s*\"?([^\",;]+)", css)
    assert families and families[0].strip() == BODY_FONT
    styles = _part(docx_bytes, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == BODY_FONT
    themed = [f for f in styles.iter(f"{W}rFonts") if f.get(f"{W}asciiTheme")]
    assert themed == []  # headings and title no longer fall back to the theme's Calibri


# -- version history and drafts ---------------------------------------------------------------


def _history(tree: Document) -> Table:
    return next(
        b
        for b in tree.blocks
        if isinstance(b, Table)
        and plain_text(b.caption) in ("Historique des versions", "Version history")
    )


def test_version_history_lists_the_project_versions(project: Project, tree: Document) -> None:
    history = _history(tree)
    versions = project.project.versions
    assert len(versions) >= 2
    firsts = [r[0].blocks[0] for r in history.rows]
    assert all(isinstance(b, Paragraph) for b in firsts)
    assert [plain_text(b.children) for b in firsts if isinstance(b, Paragraph)] == [
        v.version for v in versions
    ]
    assert "INT-009" in " ".join(
        plain_text(b.children) for b in history.rows[-1][2].blocks if isinstance(b, Paragraph)
    )
    first = next(i for i, b in enumerate(tree.blocks) if isinstance(b, Heading))
    assert tree.blocks.index(history) < first  # near the start, before section 1
    assert "| 1.0 |" in to_markdown(tree)


def _banner(tree: Document) -> Note | None:
    cover = next((b for b in tree.blocks if isinstance(b, Cover)), None)
    notes = [b for b in (cover.notice if cover else tree.blocks[:1]) if isinstance(b, Note)]
    return notes[0] if notes and notes[0].kind == "warning" else None


def test_a_fresh_project_renders_drafts(tmp_path: Path, cli: CliCall) -> None:
    """A project just out of ``cdc init --defaults``, its TODO markers still in."""
    fresh = tmp_path / "p" / "cdc.yaml"
    assert cli("init", str(fresh.parent), "--defaults").code == 0
    project = load_project(fresh).project
    assert project is not None
    builder = DocumentBuilder(project, project_root=fresh.parent)
    assert builder.todo_markers > 0
    for kind in ("spec", "grid", "evaluation", "glossary", "raci", "checklist", "gdpr"):
        tree = builder.build(kind)
        banner = _banner(tree)
        assert banner is not None, kind
        assert "TODO" in plain_text(banner.blocks[0].children)  # type: ignore[union-attr]
        assert tree.meta.header.startswith("PROJET — "), kind
    spec = builder.build("spec")
    assert "Document de travail" in to_markdown(spec)
    assert "Première version." in to_markdown(spec)  # a project listing no versions yet
    document = docx.Document(io.BytesIO(to_docx(spec)))
    assert document.sections[0].header.paragraphs[0].text.startswith("PROJET")
    source, _ = to_typst(spec)
    assert '"PROJET — ' in source
    run = cli("lint", str(fresh))  # the same markers lint reports
    assert "STR006" in run.out + run.err


def test_the_flagship_is_no_draft(project: Project, tree: Document) -> None:
    assert DocumentBuilder(project, project_root=FLAGSHIP.parent).todo_markers == 0
    assert _banner(tree) is None
    assert not tree.meta.header.startswith("PROJET")
    assert "Document de travail" not in to_markdown(tree)


def test_a_todo_marker_makes_an_english_draft() -> None:
    path = ROOT / "examples/saas-crm-en/cdc.yaml"
    project = load_project(path).project
    assert project is not None
    summary = (project.project.summary or "") + " TODO: confirm the scope."
    changed = project.model_copy(
        update={"project": project.project.model_copy(update={"summary": summary})}
    )
    tree = DocumentBuilder(changed, project_root=path.parent).build("spec")
    banner = _banner(tree)
    assert banner is not None and tree.meta.header.startswith("DRAFT — ")
    assert isinstance(banner.blocks[0], Paragraph)
    assert "Working draft" in plain_text(banner.blocks[0].children)
    assert DocumentBuilder(project, project_root=path.parent).build("spec").meta.header == (
        tree.meta.header.removeprefix("DRAFT — ")
    )
