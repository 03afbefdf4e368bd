"""DOCX writer: a Word file a legal team can edit, built from the document tree with python-docx.

Everything is expressed with real Word styles (Title, Heading 1–4, List Bullet, Caption, Quote,
Table Grid…) rather than direct formatting, so a reference document (``--reference-doc`` in
pandoc's sense) restyles the whole file, and the TOC, page numbers and cross-references are real
fields and bookmarks that Word and LibreOffice keep up to date. The output is byte-reproducible:
no clock, fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from cdc.rendering.tree import (
    Block,
    Break,
    Code,
    CodeBlock,
    Cover,
    Document,
    Emph,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    Toc,
)
from cdc.rendering.writers import _docx_base as base
from cdc.rendering.writers import _docx_structure as structure
from cdc.rendering.writers import _docx_xml as x
from cdc.rendering.zipnorm import normalize_zip

_LANGS = {"fr": "fr-FR", "en": "en-GB"}
_TOC_HINT = {
    "fr": "Cliquez droit puis «\u00a0Mettre à jour le champ\u00a0» pour générer le sommaire.",
    "en": "Right-click and choose “Update Field” to build the table of contents.",
}
#: Only these links become clickable: a file: or javascript: link in a contract is a trap.
_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_NOTE_COLOURS = {"info": ("DEEAF6", "2E74B5"), "warning": ("FFF2CC", "BF8F00")}
_LEGAL_COLOURS = ("F2F2F2", "7F7F7F")
_HEAD_FILL, _TH_FILL = "DBE5F1", "F2F2F2"
_STYLES = {
    "small": "Small Text",
    "meta": "Meta Text",
    "subheading": "Subheading",
    "caption": "Caption",
}
_ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
_Container = DocxDocument | _Cell


def to_docx(document: Document, *, reference_docx: Path | None = None) -> bytes:
    """Render a document tree as DOCX bytes, optionally on a user's reference document."""
    writer = _DocxWriter(
        document, base.open_base(reference_docx), own_template=reference_docx is None
    )
    writer.write()
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return normalize_zip(buffer.getvalue())


@dataclass(frozen=True)
class _Fmt:
    """Character formatting inherited down the inline tree."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False
    size: int | None = None  # half-points; only lists in table cells shrink to table text


class _DocxWriter:
    """Writes one :class:`Document` into a python-docx document."""

    def __init__(self, tree: Document, doc: DocxDocument, *, own_template: bool) -> None:
        self.tree, self.doc, self.own_template = tree, doc, own_template
        self.meta, self.lang = tree.meta, tree.meta.lang
        self.styles = base.StyleBook(doc)
        self.section = doc.sections[-1]
        self.body = doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        self.bookmarks: dict[str, str] = {}
        used: set[str] = set()
        for heading in _headings(tree.blocks):
            if heading.anchor not in self.bookmarks:
                self.bookmarks[heading.anchor] = x.bookmark_name(heading.anchor, used)
        self.bookmark_ids = iter(range(1, 1 << 30))
        self.heading_ids: set[str] = set()
        #: Deepest numbered heading level (0: the document is not numbered), and the Word list
        #: numbering the headings once :meth:`write` has defined it.
        self.numbered_depth = max((h.level for h in _headings(tree.blocks) if h.number), default=0)
        self.num_id: int | None = None

    # -- document ---------------------------------------------------------------------------
    def write(self) -> None:
        self.page_setup()
        if self.own_template:
            structure.body_font(self.doc)
        if self.numbered_depth:
            self.num_id = structure.heading_numbering(self.doc, self.styles, self.numbered_depth)
        for block in self.tree.blocks:
            self.block(self.doc, block, _Fmt())
        self.space_after_tables()
        if self._last() is None or x.local(self._last()) != "p":  # Word wants a paragraph last
            self.para(self.doc)
        self.running_texts()
        self.properties()

    def _last(self) -> x.Element:
        return self.sect_pr.getprevious()

    def page_setup(self) -> None:
        """A4 portrait, the PDF's margins and 6 pt paragraph spacing on cdc's own template;
        a reference document keeps its page (unless it has no page size at all)."""
        sec = self.section
        if self.own_template or sec.page_width is None or sec.page_height is None:
            sec.orientation, sec.page_width, sec.page_height = WD_ORIENT.PORTRAIT, Mm(210), Mm(297)
            # the PDF's page (print.css): the same line length, so tables fit alike
            sec.top_margin, sec.bottom_margin = Cm(2.4), Cm(2.0)
            sec.left_margin = sec.right_margin = Cm(1.7)
            sec.header_distance = sec.footer_distance = Cm(1.2)
            sec.gutter = Cm(0)
        if self.own_template:
            for el in self.doc.styles.element.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:spacing"):
                el.set(qn("w:after"), "120")
        page, left, right = sec.page_width, sec.left_margin, sec.right_margin
        span = (page or Mm(210)) - (left or Cm(2.5)) - (right or Cm(2.5)) - (sec.gutter or 0)
        self.text_width = max(Emu(span).twips, 2000)

    def space_after_tables(self) -> None:
        """Air between a table and the text under it (headings bring their own)."""
        for tbl in self.body.findall(qn("w:tbl")):
            nxt = tbl.getnext()
            if nxt is None or x.local(nxt) != "p":
                continue
            style = nxt.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            if style is None or style.get(qn("w:val")) not in self.heading_ids:
                DocxParagraph(nxt, self.doc._body).paragraph_format.space_before = Pt(8)

    def running_texts(self) -> None:
        """Header and footer ("Page X / Y"), none on the cover; a reference's own are kept."""
        sec = self.section
        if self.tree.blocks and isinstance(self.tree.blocks[0], Cover):
            sec.different_first_page_header_footer = True
        if self.meta.header and not self._kept(sec.header):
            p = self._reset(sec.header.paragraphs, "Header")
            self._small_run(p, self.meta.header)
            x.borders(p._p.get_or_add_pPr(), "w:pBdr", x.PPR_ORDER, bottom="single:4:A6A6A6")
        if not self._kept(sec.footer):
            p = self._reset(sec.footer.paragraphs, "Footer")
            tabs = p.paragraph_format.tab_stops
            style = self.doc.styles[self.styles.get("Footer")]  # Normal if no Footer
            for stop in style.paragraph_format.tab_stops:
                tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
            tabs.add_tab_stop(Emu(self.text_width * 635), WD_TAB_ALIGNMENT.RIGHT)
            x.borders(p._p.get_or_add_pPr(), "w:pBdr", x.PPR_ORDER, top="single:4:A6A6A6")
            self._small_run(p, f"{self.meta.footer}\tPage ")
            x.add_field(p._p, "PAGE", "1")
            self._small_run(p, " / ")
            x.add_field(p._p, "NUMPAGES", "1")
            for r in p._p.findall(qn("w:r")):
                Run(r, p).font.size = Pt(8)

    def _kept(self, part: _Header | _Footer) -> bool:
        return not part.is_linked_to_previous and x.has_visible_content(part.part.element)

    def _reset(self, paragraphs: list[DocxParagraph], style: str) -> DocxParagraph:
        first = paragraphs[0]
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        for el in list(first._p):
            if x.local(el) != "pPr":
                first._p.remove(el)
        style_id = self.styles.id(style)
        if style_id:
            first._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
        return first

    def _small_run(self, p: DocxParagraph, text: str) -> None:
        run = p.add_run(x.clean(text))
        run.font.size, run.font.color.rgb = Pt(8), RGBColor(0x59, 0x59, 0x59)

    def properties(self) -> None:
        """Core properties and settings: fixed dates, language, refresh fields on open."""
        meta, lang = self.meta, _LANGS.get(self.lang, self.lang)
        when = dt.datetime.fromisoformat(meta.date_iso)
        cover = next((b for b in self.tree.blocks if isinstance(b, Cover)), None)
        props = self.doc.core_properties
        props.title, props.author = meta.title[:255], meta.author[:255]
        props.subject = ((cover.kind or "") if cover else "")[:255]
        props.keywords, props.language = meta.project_id[:255], lang
        props.version, props.content_status = meta.version[:255], meta.confidentiality[:255]
        props.last_modified_by, props.comments, props.category = meta.author[:255], "", ""
        props.revision = 1
        props.created = props.modified = props.last_printed = when
        settings = self.doc.settings.element
        x.set_update_fields(settings)
        x.set_language(self.doc.styles.element, settings, lang)

    # -- blocks -----------------------------------------------------------------------------
    def para(self, into: _Container, style: str | None = None) -> DocxParagraph:
        """A new paragraph at the end of the body or cell, styled by name."""
        p = x.paragraph(self.styles.id(style) if style else None)
        if isinstance(into, _Cell):
            into._tc.append(p)
            return DocxParagraph(p, into)
        self.sect_pr.addprevious(p)
        return DocxParagraph(p, self.doc._body)

    def block(self, into: _Container, block: Block, fmt: _Fmt) -> None:
        in_cell = isinstance(into, _Cell)
        if isinstance(block, Heading):
            if in_cell:
                self.inlines(self.para(into), block.children, replace(fmt, bold=True))
                return
            p = self.para(into, f"Heading {min(max(block.level, 1), 9)}")
            self.heading_ids.add(self.styles.id(f"Heading {min(max(block.level, 1), 9)}"))
            if self.numbered_depth:
                structure.number_paragraph(p._p, block.level if block.number else 0, self.num_id)
            self.inlines(p, block.children, fmt)
            if block.anchor in self.bookmarks:
                x.add_bookmark(p._p, self.bookmarks[block.anchor], next(self.bookmark_ids))
        elif isinstance(block, Paragraph):
            default = "Table Text" if in_cell else None
            self.inlines(
                self.para(into, _STYLES.get(block.style or "", default)), block.children, fmt
            )
        elif isinstance(block, ListBlock):
            self.list_block(into, block, 1, fmt)
        elif isinstance(block, CodeBlock):
            self.para(into, "Source Code")._p.append(x.run(block.text))
        elif isinstance(block, Table) and in_cell:  # nested tables: one line per row
            for row in (block.header, *block.rows):
                texts = [base.block_text(c.blocks) for c in row]
                if any(texts):
                    self.inlines(self.para(into, "Table Text"), (Text(" — ".join(texts)),), fmt)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Note):
            self.note(into, block, fmt)
        elif isinstance(block, PageBreak) and not in_cell:
            self.page_break()
        elif isinstance(block, Toc) and not in_cell:
            self.toc(block)
        elif isinstance(block, Cover) and not in_cell:
            self.cover(block)
        elif isinstance(block, Figure) and block.fallback is not None and not in_cell:
            self.table(
                replace(block.fallback, caption=block.caption)
            )  # no SVG in Word: the numbers

    def page_break(self) -> None:
        """A page break at the end of the previous paragraph (no stray empty paragraph)."""
        last = self._last()
        p = last if last is not None and x.local(last) == "p" else self.para(self.doc)._p
        p.append(x.make("w:r"))
        p[-1].append(x.make("w:br", type="page"))

    def list_block(self, into: _Container, block: ListBlock, level: int, fmt: _Fmt) -> None:
        kind = "List Number" if block.ordered else "List Bullet"
        style = self.styles.get(kind if level == 1 else f"{kind} {min(level, 3)}", "")
        numbering = base.list_numbering(self.doc, style, block.ordered) if style else None
        cont = "List Continue" if level == 1 else f"List Continue {min(level, 3)}"
        if isinstance(into, _Cell):
            fmt = replace(fmt, size=int(base.TABLE_SIZE * 2))
        for n, item in enumerate(block.items, start=1):
            p = self.para(into, style or "List Paragraph")
            if numbering is not None:
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val, num_pr.get_or_add_numId().val = numbering
            else:  # no list definition to rely on: type the marker
                p.paragraph_format.left_indent = Cm(0.63 * level)
                p.paragraph_format.first_line_indent = Cm(-0.63)
                p._p.append(x.run(f"{n}.\t" if block.ordered else "•\t"))
            rest = item
            if item and isinstance(item[0], Paragraph):
                self.inlines(p, item[0].children, fmt)
                rest = item[1:]
            for sub in rest:
                if isinstance(sub, ListBlock):
                    self.list_block(into, sub, level + 1, fmt)
                elif isinstance(sub, Paragraph):
                    self.inlines(self.para(into, cont), sub.children, fmt)
                else:
                    self.block(into, sub, fmt)

    def note(self, into: _Container, note: Note, fmt: _Fmt) -> None:
        """A shaded one-cell box (quotes: Quote-style paragraphs; in a cell: plain blocks)."""
        if note.kind == "quote" or isinstance(into, _Cell):
            for block in note.blocks:
                if isinstance(block, Paragraph) and note.kind == "quote":
                    self.inlines(self.para(into, "Quote"), block.children, fmt)
                else:
                    self.block(into, block, fmt)
            return
        fill, line = _NOTE_COLOURS.get(note.kind, _LEGAL_COLOURS)
        self._separate_tables()
        table = self.doc.add_table(rows=1, cols=1)
        x.table_geometry(table._tbl, [self.text_width])
        x.row_flags(table._tbl.tr_lst[0], header=False)
        cell = table.rows[0].cells[0]
        tc_pr = cell._tc.get_or_add_tcPr()
        edges = {"top": "nil::", "bottom": "nil::", "right": "nil::"}
        x.borders(tc_pr, "w:tcBorders", x.TCPR_ORDER, left=f"single:24:{line}", **edges)
        x.shade(tc_pr, fill, x.TCPR_ORDER)
        x.cell_margins(tc_pr, 80, 170)
        self.fill_cell(cell, note.blocks, fmt, None)

    def _separate_tables(self) -> None:
        """Word merges two tables that touch: keep an empty paragraph between them."""
        last = self._last()
        if last is not None and x.local(last) == "tbl":
            self.para(self.doc).paragraph_format.space_after = Pt(0)

    def table(self, table: Table) -> None:
        rows = ((table.header,) if table.header else ()) + table.rows
        ncols = max((len(r) for r in rows), default=0)
        if ncols == 0:
            return
        if table.caption:
            p = self.para(self.doc, "Caption")
            p.paragraph_format.keep_with_next = True
            self.inlines(p, table.caption, _Fmt())
        else:
            self._separate_tables()
        grid = self.styles.get("Table Grid", "")
        docx_table = self.doc.add_table(rows=len(rows), cols=ncols, style=grid or None)
        # a matrix (RACI) has many short columns under long titles: turn the titles
        rotated = table.style == "matrix" and bool(table.header)
        columns = base.columns(table, rows, ncols, self.text_width, rotated)
        x.table_geometry(docx_table._tbl, columns)
        for i, (row, docx_row) in enumerate(zip(rows, docx_table.rows, strict=True)):
            head = bool(table.header) and i == 0
            x.row_flags(docx_row._tr, header=head)
            # cdc's tables merge no cell: one <w:tc> per cell, no need for python-docx's grid
            # walk (which handles spans, and costs a third of a 1,000-row table's time)
            cells = [_Cell(tc, docx_table) for tc in docx_row._tr.tc_lst]
            for c, (node, cell) in enumerate(zip(row, cells, strict=False)):
                bold = head or node.header
                tc_pr = cell._tc.get_or_add_tcPr()
                if bold:
                    x.shade(tc_pr, _HEAD_FILL if head else _TH_FILL, x.TCPR_ORDER)
                if head and rotated and c:
                    x.insert_ordered(tc_pr, x.make("w:textDirection", val="btLr"), x.TCPR_ORDER)
                self.fill_cell(
                    cell, node.blocks, _Fmt(bold=bold), None if head and rotated else node.align
                )
            if head and rotated:
                docx_row._tr.get_or_add_trPr().append(
                    x.make("w:trHeight", val=str(base.ROTATED_HEIGHT), hRule="atLeast")
                )
            for cell in cells[len(row) :]:  # short rows: style the padding cells
                cell._tc.p_lst[0].style = self.styles.id("Table Text") or None
        structure.keep_rows_together(docx_table._tbl, bool(table.header))

    def fill_cell(
        self, cell: _Cell, blocks: tuple[Block, ...], fmt: _Fmt, align: str | None
    ) -> None:
        """Cell content replaces the empty paragraph every new cell starts with."""
        tc = cell._tc
        placeholder = tc.find(qn("w:p"))
        for block in blocks:
            self.block(cell, block, fmt)
        paragraphs = tc.findall(qn("w:p"))
        if len(paragraphs) > 1:
            tc.remove(placeholder)
            paragraphs = paragraphs[1:]
        elif self.styles.id("Table Text"):
            placeholder.style = self.styles.id("Table Text")
        if align in _ALIGN:
            for p in paragraphs:
                DocxParagraph(p, cell).alignment = _ALIGN[align]

    def toc(self, toc: Toc) -> None:
        """A real TOC field under its title, its result filled with the headings as Word would
        after an update (LibreOffice shows that result; Word refreshes it on open)."""
        if toc.title:
            title = self.para(self.doc, "TOC Heading")._p
            if self.numbered_depth:  # Word's "TOC Heading" is based on Heading 1: no number
                structure.number_paragraph(title, 0, None)
            title.append(x.run(toc.title))
        depth = max(1, min(toc.depth, 9))
        entries = [h for h in self.tree.blocks if isinstance(h, Heading) and h.level <= depth]
        hint = _TOC_HINT.get(self.lang, _TOC_HINT["en"])
        words = (self.bookmarks, depth, self.text_width, hint)
        for p in structure.contents(self.doc, entries, *words):
            self.sect_pr.addprevious(p)
        self.page_break()

    def cover(self, cover: Cover) -> None:
        """Kind, title, subtitle, labelled fields, notice, then a new page."""
        if cover.kind:
            p = self.para(self.doc)
            p.paragraph_format.space_before = Cm(5)
            run = p.add_run(x.clean(cover.kind).upper())
            run.bold, run.font.size = True, Pt(12)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        self.para(self.doc, "Title")._p.append(x.run(cover.title))
        if cover.subtitle:
            self.para(self.doc, "Subtitle")._p.append(x.run(cover.subtitle))
        colon = "\u00a0: " if self.lang == "fr" else ": "
        for n, field in enumerate(cover.fields):
            p = self.para(self.doc)
            p.paragraph_format.space_before = Cm(1.5) if n == 0 else Pt(0)
            p.paragraph_format.space_after = Pt(4)
            self.inlines(p, (Strong((Text(field.label),)), Text(colon), *field.value), _Fmt())
        for n, block in enumerate(cover.notice):
            self.block(self.doc, block, _Fmt())
            last = self._last()
            if n == 0 and x.local(last) == "p":
                DocxParagraph(last, self.doc._body).paragraph_format.space_before = Cm(2)
        self.page_break()

    # -- inlines ----------------------------------------------------------------------------
    def inlines(
        self, p: DocxParagraph, nodes: tuple[Inline, ...], fmt: _Fmt, target: x.Element = None
    ) -> None:
        target = p._p if target is None else target
        for node in nodes:
            if isinstance(node, Text | Code):
                code = fmt.code or isinstance(node, Code)
                style = "Hyperlink" if fmt.link else "Verbatim Char" if code else None
                font = x.MONO if fmt.link and code else None
                style_id = self.styles.id(style) if style else None
                if node.text:
                    target.append(
                        x.run(
                            node.text,
                            style_id=style_id,
                            bold=fmt.bold,
                            italic=fmt.italic,
                            font=font,
                            size=fmt.size,
                        )
                    )
            elif isinstance(node, Emph):
                self.inlines(p, node.children, replace(fmt, italic=True), target)
            elif isinstance(node, Strong):
                self.inlines(p, node.children, replace(fmt, bold=True), target)
            elif isinstance(node, Break):
                target.append(x.run("\n"))
            elif isinstance(node, Link):
                self.link(p, target, node, fmt)

    def link(self, p: DocxParagraph, target: x.Element, link: Link, fmt: _Fmt) -> None:
        """External links get a relationship, ``#anchor`` links point at heading bookmarks;
        anything else (unknown anchor, unsafe scheme, nested link) stays plain text."""
        href, element = link.href.strip(), None
        if x.local(target) != "hyperlink":
            if href.startswith("#") and href[1:] in self.bookmarks:
                element = x.make("w:hyperlink", anchor=self.bookmarks[href[1:]], history="1")
            elif href.lower().startswith(_SCHEMES):
                url = quote(x.clean(href), safe="!#$%&'()*+,/:;=?@[]~-._")
                rid = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
                element = x.make("w:hyperlink", history="1")
                element.set(qn("r:id"), rid)
        if element is None:
            self.inlines(p, link.children, fmt, target)
            return
        target.append(element)
        self.inlines(p, link.children, replace(fmt, link=True), element)


def _headings(blocks: tuple[Block, ...]) -> list[Heading]:
    """Every heading, also inside notes and lists, for bookmarks known before any link."""
    found: list[Heading] = []
    for block in blocks:
        if isinstance(block, Heading):
            found.append(block)
        elif isinstance(block, Note):
            found += _headings(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found += _headings(item)
    return found
