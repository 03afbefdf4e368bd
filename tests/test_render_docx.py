"""DOCX writer: real Word structure (styles, fields, bookmarks, repeating headers), the same
content as the tree, byte-reproducible output, and reference documents."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from cdc.core.errors import InputError
from cdc.model import Project
from cdc.reading.project import load_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import (
    Break,
    Cell,
    Code,
    CodeBlock,
    Cover,
    CoverField,
    Document,
    Emph,
    Heading,
    Link,
    ListBlock,
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    Toc,
)
from cdc.rendering.writers.docx import to_docx
from cdc.rendering.zipnorm import ZIP_EPOCH as FIXED_ZIP_TIME
from cdc.rendering.zipnorm import normalize_zip
from tests.conftest import ROOT

FLAGSHIP = ROOT / "examples/contact-center/cdc.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(FLAGSHIP).project
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def spec_tree(project: Project) -> Document:
    return DocumentBuilder(project).build("spec")


@pytest.fixture(scope="module")
def spec_bytes(spec_tree: Document) -> bytes:
    return to_docx(spec_tree)


@pytest.fixture(scope="module")
def spec(spec_bytes: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(spec_bytes))


def _open(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def _meta(lang: str = "fr") -> Meta:
    return Meta(
        title="Spec — Test",
        lang=lang,
        project_id="test-1",
        version="1.0",
        date="15 janvier 2027" if lang == "fr" else "15 January 2027",
        date_iso="2027-01-15",
        confidentiality="Internal",
        author="Buyer Ltd",
        header="Running header",
        footer="Running footer",
    )


def _render(*blocks: Any, lang: str = "fr", reference: Path | None = None) -> bytes:
    return to_docx(Document(_meta(lang), tuple(blocks)), reference_docx=reference)


def _p(text: str) -> Paragraph:
    return Paragraph((Text(text),))


# -- the flagship ---------------------------------------------------------------------------
def test_headings_use_word_heading_styles(spec: DocxDocument) -> None:
    by_style: dict[str, list[str]] = {}
    for p in spec.paragraphs:
        by_style.setdefault(str(p.style.name if p.style else ""), []).append(p.text)
    assert "Objet de la consultation et enjeux" in by_style["Heading 1"]
    assert "Catalogue des exigences" in by_style["Heading 1"]
    assert "L'enjeu" in by_style["Heading 2"]
    assert "Matrice RACI" in by_style["Heading 2"]
    assert by_style["Title"] == ["Plateforme de centre de contact multicanal"]
    assert "Sommaire" in by_style["TOC Heading"]


def test_headings_carry_bookmarks_named_after_anchors(spec: DocxDocument) -> None:
    names = {b.get(qn("w:name")) for b in spec.element.body.iter(qn("w:bookmarkStart"))}
    assert {"objet", "enjeu", "raci"} <= names


def test_toc_is_a_real_field_filled_with_the_headings(spec_bytes: bytes) -> None:
    xml = _part(spec_bytes, "word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    assert ">1 Objet de la consultation et enjeux<" in xml  # the cached result, numbered
    assert "Mettre à jour le champ" not in xml  # the hint is for an empty contents only
    assert '<w:updateFields w:val="true"/>' in _part(spec_bytes, "word/settings.xml")


def test_requirements_table_repeats_its_header_and_holds_the_requirements(
    spec: DocxDocument, project: Project
) -> None:
    tables = [
        t for t in spec.tables if [c.text for c in t.rows[0].cells][:2] == ["Réf.", "Exigence"]
    ]
    assert tables, "no requirements table"
    first = tables[0]
    tr_pr = first.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in first.rows)
    assert first.rows[0].cells[0].paragraphs[0].runs[0].bold
    cells = {c.text for t in tables for r in t.rows for c in r.cells}
    texts = "\n".join(cells)
    req = project.requirements[0]
    assert req.id in cells
    assert req.title in texts


def test_table_widths_follow_the_template(spec: DocxDocument) -> None:
    table = next(t for t in spec.tables if t.rows[0].cells[0].text == "Réf.")
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 5
    assert grid[1] == max(grid)  # "Exigence" is 55 % of the template's widths
    assert sum(grid) == pytest.approx(Cm(17.6).twips, abs=2)  # A4 less the PDF's margins


def test_raci_titles_are_turned(spec: DocxDocument) -> None:
    table = next(t for t in spec.tables if t.rows[0].cells[0].text == "Activité")
    directions = [c._tc.find(f"{W}tcPr/{W}textDirection") for c in table.rows[0].cells]
    assert directions[0] is None
    assert all(d is not None and d.get(qn("w:val")) == "btLr" for d in directions[1:])


def test_running_header_and_footer(spec: DocxDocument, spec_tree: Document) -> None:
    section = spec.sections[0]
    assert section.different_first_page_header_footer  # nothing on the cover
    assert section.header.paragraphs[0].text == spec_tree.meta.header
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith(spec_tree.meta.footer)
    assert "Page 1 / 1" in footer.text  # placeholders until the fields update
    assert section.page_width is not None and section.left_margin is not None
    assert (round(section.page_width.mm), round(section.left_margin.cm, 2)) == (210, 1.7)


def test_core_properties_and_language(spec: DocxDocument, spec_tree: Document) -> None:
    props = spec.core_properties
    assert props.title == spec_tree.meta.title
    assert props.author == "Ondéa Énergies"
    assert props.keywords == "ondea-centre-contact-2027"
    assert props.language == "fr-FR"
    fixed = dt.datetime(2027, 3, 8, tzinfo=dt.UTC)  # the project date, never the clock
    assert props.created == props.modified == props.last_printed == fixed
    lang = spec.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(qn("w:val")) == "fr-FR"


def test_two_renders_are_byte_identical(spec_tree: Document, spec_bytes: bytes) -> None:
    assert to_docx(spec_tree) == spec_bytes
    stamps = re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z", _part(spec_bytes, "docProps/core.xml"))
    assert set(stamps) == {"2027-03-08T00:00:00Z"}
    with zipfile.ZipFile(io.BytesIO(spec_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {FIXED_ZIP_TIME}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_paragraph_properties_come_first(spec_bytes: bytes) -> None:
    """Word "repairs" a file whose pPr follows the runs: check the schema order we rely on."""
    doc = _open(spec_bytes)
    for p in doc.element.body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        assert ppr is None or p[0] is ppr
    for tc in doc.element.body.iter(qn("w:tc")):
        assert tc[0].tag == qn("w:tcPr")
        assert tc[-1].tag == qn("w:p")


# -- block and inline mapping ---------------------------------------------------------------
def test_script_text_stays_literal() -> None:
    data = _render(_p("<script>alert('x')</script>"), Heading(1, (Text("<b>h</b>"),), "h"))
    doc = _open(data)
    assert doc.paragraphs[0].text == "<script>alert('x')</script>"
    assert doc.paragraphs[1].text == "<b>h</b>"
    assert "&lt;script&gt;" in _part(data, "word/document.xml")


def test_inline_formatting_links_and_breaks() -> None:
    para = Paragraph(
        (
            Emph((Text("it"),)),
            Strong((Text("bold"),)),
            Code("x = 1"),
            Break(),
            Link("https://example.org/a b", (Text("ext"),)),
            Link("#target", (Text("int"),)),
            Link("javascript:alert(1)", (Text("nope"),)),
        )
    )
    data = _render(Heading(1, (Text("T"),), "target"), para)
    doc = _open(data)
    p = doc.paragraphs[1]
    runs = p._p.findall(qn("w:r"))
    assert runs[0].find(f"{W}rPr/{W}i") is not None
    assert runs[1].find(f"{W}rPr/{W}b") is not None
    assert runs[2].find(f"{W}rPr/{W}rStyle").get(qn("w:val")) == "VerbatimChar"
    assert runs[3].find(qn("w:br")) is not None
    links = p._p.findall(qn("w:hyperlink"))
    assert len(links) == 2
    rel = doc.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://example.org/a%20b"
    assert links[1].get(qn("w:anchor")) == "target"
    assert links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(qn("w:val")) == "Hyperlink"
    assert "nope" in p.text  # an unsafe link keeps its text, not its target
    assert "javascript" not in _part(data, "word/_rels/document.xml.rels")


def test_lists_use_list_styles_and_each_numbered_list_restarts() -> None:
    numbered = ListBlock(True, ((_p("one"),), (_p("two"), ListBlock(False, ((_p("sub"),),)))))
    data = _render(numbered, _p("between"), ListBlock(True, ((_p("again"),),)))
    doc = _open(data)
    styles = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert styles[:3] == [("List Number", "one"), ("List Number", "two"), ("List Bullet 2", "sub")]
    assert styles[4] == ("List Number", "again")
    num_ids = [
        p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val"))
        for p in (doc.paragraphs[0], doc.paragraphs[4])
    ]
    assert num_ids[0] != num_ids[1]
    overrides = doc.part.numbering_part.element.findall(f"{W}num/{W}lvlOverride/{W}startOverride")
    assert overrides and all(o.get(qn("w:val")) == "1" for o in overrides)


def test_table_cells_alignment_caption_and_flattening() -> None:
    nested = Table((), ((Cell((_p("a"),)), Cell((_p("b"),))),))
    table = Table(
        header=(Cell((_p("Name"),), header=True), Cell((_p("Amount"),), header=True)),
        rows=(
            (Cell((_p("x"),)), Cell((_p("1 000"),), align="right")),
            (Cell((nested,)),),  # short row, nested table
        ),
        caption=(Text("Budget"),),
        widths=(75, 25),
    )
    doc = _open(_render(table))
    caption = doc.paragraphs[0]
    assert caption.style is not None and caption.style.name == "Caption"
    assert caption.text == "Budget"
    t = doc.tables[0]
    assert t.style is not None and t.style.name == "Table Grid"
    assert t.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert t.rows[2].cells[0].text == "a — b"
    assert len(t.rows[2].cells) == 2
    grid = [int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] == pytest.approx(3 * grid[1], rel=0.01)


def test_notes_code_page_breaks_and_cover() -> None:
    cover = Cover(
        "Title",
        "Sub",
        "Spec",
        (CoverField("Buyer", (Text("ACME"),)),),
        (_p("Notice"),),
    )
    blocks = (
        cover,
        Toc("Contents", 3),
        Note("warning", (_p("Careful"), ListBlock(False, ((_p("item"),),)))),
        Note("quote", (_p("Said"),)),
        CodeBlock("line 1\n  line 2"),
        PageBreak(),
        _p("last"),
    )
    data = _render(*blocks, lang="en")
    doc = _open(data)
    names = {p.text: p.style.name if p.style else "" for p in doc.paragraphs}
    assert names["Title"] == "Title" and names["Sub"] == "Subtitle"
    assert "Buyer: ACME" in names
    assert names["Said"] == "Quote"
    assert names["line 1\n  line 2"] == "Source Code"
    box = doc.tables[0]
    assert box.rows[0].cells[0].text.startswith("Careful")
    assert box.rows[0].cells[0]._tc.find(f"{W}tcPr/{W}shd").get(qn("w:fill")) == "FFF2CC"
    xml = _part(data, "word/document.xml")
    assert 'TOC \\o "1-3"' in xml and "Update Field" in xml
    assert xml.count('w:type="page"') == 3  # after the cover, after the TOC, the PageBreak
    assert doc.core_properties.language == "en-GB"


def test_unusable_characters_are_dropped() -> None:
    doc = _open(_render(_p("a\x00b\x0bc\ufffe")))
    assert doc.paragraphs[0].text == "abc"


# -- reference documents --------------------------------------------------------------------
def _reference(tmp_path: Path) -> Path:
    ref = docx.Document()
    section = ref.sections[0]
    section.left_margin, section.right_margin = Cm(3.5), Cm(1.5)
    corporate = ref.styles.add_style("Corporate", WD_STYLE_TYPE.PARAGRAPH)
    corporate.font.bold = True
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    ref.add_paragraph("reference body text", style="Corporate")
    section.header.paragraphs[0].text = "ACME letterhead"
    path = tmp_path / "reference.docx"
    ref.save(str(path))
    return path


def test_reference_docx_keeps_styles_page_and_header(tmp_path: Path) -> None:
    path = _reference(tmp_path)
    data = _render(Heading(1, (Text("Scope"),), "scope"), _p("Body"), reference=path)
    doc = _open(data)
    section = doc.sections[0]
    assert section.left_margin is not None and section.right_margin is not None
    assert (round(section.left_margin.cm, 2), round(section.right_margin.cm, 2)) == (3.5, 1.5)
    assert "Corporate" in [s.name for s in doc.styles]
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert [p.text for p in doc.paragraphs] == ["Scope", "Body"]  # its body is gone
    assert section.header.paragraphs[0].text == "ACME letterhead"
    assert any("NUMPAGES" in _part(data, name) for name in _footers(data))
    assert _render(_p("Body"), reference=path) == _render(_p("Body"), reference=path)


def _footers(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [n for n in z.namelist() if n.startswith("word/footer")]


def test_reference_missing_styles_are_added(tmp_path: Path) -> None:
    """A bare reference (no lists, captions, headings) still gets every style cdc uses."""
    ref = docx.Document()
    styles = ref.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name not in ("Normal", "Default Paragraph Font", "Normal Table"):
            styles.remove(style)
    path = tmp_path / "bare.docx"
    ref.save(str(path))
    table = Table((Cell((_p("H"),), header=True),), ((Cell((_p("v"),)),),), caption=(Text("C"),))
    blocks = (Heading(2, (Text("Scope"),), "s"), ListBlock(True, ((_p("one"),),)), table)
    doc = _open(_render(*blocks, reference=path))
    assert doc.paragraphs[0].style is not None and doc.paragraphs[0].style.name == "Heading 2"
    assert doc.paragraphs[1].text == "1.\tone"  # no list definition: the marker is typed
    assert doc.tables[0].style is not None and doc.tables[0].style.name == "Table Grid"


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_invalid_reference_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"reference document .*broken\.docx: not a Word"):
        _render(_p("x"), reference=path)


def test_missing_reference_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        _render(_p("x"), reference=tmp_path / "nope.docx")


def test_spreadsheet_as_reference_is_an_input_error(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "book.docx"
    openpyxl.Workbook().save(str(path))
    with pytest.raises(InputError, match=r"not a usable Word \.docx file"):
        _render(_p("x"), reference=path)


# -- zip normalisation ----------------------------------------------------------------------
def test_normalize_zip_keeps_entries_and_fixes_times() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2024, 5, 6, 7, 8, 10)), b"application/x")
        info = zipfile.ZipInfo("b/data.xml", (2030, 1, 2, 3, 4, 6))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, b"<x/>" * 100)
    data = normalize_zip(buffer.getvalue())
    assert normalize_zip(data) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == ["mimetype", "b/data.xml"]
        assert [i.compress_type for i in infos] == [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]
        assert {i.date_time for i in infos} == {FIXED_ZIP_TIME}
        assert z.read("b/data.xml") == b"<x/>" * 100
