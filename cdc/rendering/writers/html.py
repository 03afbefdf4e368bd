"""HTML writer: one self-contained, accessible, printable file (inline CSS, no external resource).

The same writer feeds the PDF: ``paged=True`` adds the print stylesheet (A4 pages, running
header and footer, page numbers in the table of contents) that WeasyPrint lays out. Every text
is escaped; links are kept as links but nothing is ever fetched.
"""

from __future__ import annotations

from html import escape

from cdc.core.resources import data_dir
from cdc.rendering.tree import (
    Block,
    Break,
    Cell,
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
    heading_text,
    headings,
)

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _css_string(text: str) -> str:
    """A CSS string literal that cannot close the string nor the ``<style>`` element."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 32:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def stylesheet(name: str) -> str:
    """A built-in stylesheet (``style.css`` for screen, ``print.css`` for paged output)."""
    return (data_dir("templates") / "common" / name).read_text(encoding="utf-8")


class HtmlWriter:
    """Turns a :class:`Document` into an HTML page."""

    def __init__(self, document: Document, *, paged: bool = False, extra_css: str = "") -> None:
        self.doc = document
        self.paged = paged
        self.extra_css = extra_css

    def write(self) -> str:
        """The whole page."""
        meta = self.doc.meta
        css = stylesheet("style.css")
        if self.paged:
            css += "\n" + stylesheet("print.css")
            css += (
                f"\n@page {{ @top-left {{ content: {_css_string(meta.header)}; }}"
                f" @bottom-left {{ content: {_css_string(meta.footer)}; }} }}\n"
            )
        css += self.extra_css
        body = "\n".join(self.block(b) for b in self.doc.blocks)
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{_esc(meta.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(meta.title)}</title>\n"
            f'<meta name="author" content="{_esc(meta.author)}">\n'
            f'<meta name="generator" content="cdc">\n'
            f'<meta name="cdc:project" content="{_esc(meta.project_id)}">\n'
            f'<meta name="cdc:version" content="{_esc(meta.version)}">\n'
            f"<style>\n{css}\n</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
            "</body>\n</html>\n"
        )

    # -- inline -----------------------------------------------------------------------------
    def inline(self, nodes: tuple[Inline, ...]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(_esc(node.text))
            elif isinstance(node, Emph):
                out.append(f"<em>{self.inline(node.children)}</em>")
            elif isinstance(node, Strong):
                out.append(f"<strong>{self.inline(node.children)}</strong>")
            elif isinstance(node, Code):
                out.append(f"<code>{_esc(node.text)}</code>")
            elif isinstance(node, Link):
                label = self.inline(node.children)
                if node.href.startswith(_SAFE_SCHEMES):
                    out.append(f'<a href="{_esc(node.href)}">{label}</a>')
                else:
                    out.append(label)
            elif isinstance(node, Break):
                out.append("<br>")
        return "".join(out)

    # -- blocks -----------------------------------------------------------------------------
    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            level = min(block.level + 1, 6)
            number = f'<span class="secno">{_esc(block.number)}</span> ' if block.number else ""
            text = self.inline(block.children)
            return f'<h{level} id="{_esc(block.anchor)}">{number}{text}</h{level}>'
        if isinstance(block, Paragraph):
            classes = [block.style] if block.style else []
            children = self.unwrap_bold(block.children, classes)
            cls = f' class="{_esc(" ".join(classes))}"' if classes else ""
            return f"<p{cls}>{self.inline(children)}</p>"
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{self.item(item)}</li>" for item in block.items)
            return f"<{tag}>{items}</{tag}>"
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Note):
            inner = "\n".join(self.block(b) for b in block.blocks)
            if block.kind == "quote":
                return f"<blockquote>{inner}</blockquote>"
            return f'<aside class="note note-{_esc(block.kind)}">{inner}</aside>'
        if isinstance(block, CodeBlock):
            return f"<pre><code>{_esc(block.text)}</code></pre>"
        if isinstance(block, PageBreak):
            return '<div class="page-break"></div>'
        if isinstance(block, Toc):
            return self.toc(block)
        if isinstance(block, Cover):
            return self.cover(block)
        if isinstance(block, Figure):
            caption = (
                f"<figcaption>{self.inline(block.caption)}</figcaption>" if block.caption else ""
            )
            return f'<figure class="chart">{block.svg}{caption}</figure>'
        raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover

    def unwrap_bold(self, children: tuple[Inline, ...], classes: list[str]) -> tuple[Inline, ...]:
        """In paged output, a block that is bold throughout is bold by class, not by ``<strong>``.

        WeasyPrint keeps every inline box of every page in memory until the PDF is written: on
        1,000 requirements (a bold reference cell and a bold title each), this drops ~4,000
        boxes, 22 MB of peak memory and a few per cent of the time. The screen HTML keeps
        ``<strong>``; the PDF looks the same.
        """
        if self.paged and len(children) == 1 and isinstance(children[0], Strong):
            classes.append("strong")
            return children[0].children
        return children

    def item(self, blocks: tuple[Block, ...]) -> str:
        """A list item: a single paragraph is written inline (compact lists)."""
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and not blocks[0].style:
            return self.inline(blocks[0].children)
        return "".join(self.block(b) for b in blocks)

    def cell(self, cell: Cell, tag: str, scope: str | None) -> str:
        attrs = f' scope="{scope}"' if scope else ""
        classes = [f"align-{cell.align}"] if cell.align in ("right", "center", "left") else []
        blocks = cell.blocks
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and not blocks[0].style:
            content = self.inline(self.unwrap_bold(blocks[0].children, classes))
        else:
            content = self.item(blocks)
        if classes:
            attrs += f' class="{" ".join(classes)}"'
        return f"<{tag}{attrs}>{content}</{tag}>"

    def table(self, table: Table) -> str:
        cls = f' class="{_esc(table.style)}"' if table.style else ""
        parts = [f"<table{cls}>"]
        if table.caption:
            parts.append(f"<caption>{self.inline(table.caption)}</caption>")
        if table.widths:
            total = sum(table.widths) or 1
            cols = "".join(
                f'<col style="width:{round(100 * w / total, 1)}%">' for w in table.widths
            )
            parts.append(f"<colgroup>{cols}</colgroup>")
        if table.header:
            cells = "".join(self.cell(c, "th", "col") for c in table.header)
            parts.append(f"<thead><tr>{cells}</tr></thead>")
        parts.append("<tbody>")
        for row in table.rows:
            cells = "".join(
                self.cell(c, "th" if c.header else "td", "row" if c.header else None) for c in row
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
        return "".join(parts)

    def toc(self, toc: Toc) -> str:
        items = []
        for h in headings(self.doc.blocks, toc.depth):
            text = _esc(heading_text(h))
            items.append(f'<li class="toc-{h.level}"><a href="#{_esc(h.anchor)}">{text}</a></li>')
        title = f'<h2 class="toc-title">{_esc(toc.title)}</h2>' if toc.title else ""
        return f'<nav class="toc" aria-label="{_esc(toc.title)}">{title}<ol>{"".join(items)}</ol></nav>'

    def cover(self, cover: Cover) -> str:
        fields = "".join(
            f'<tr><th scope="row">{_esc(f.label)}</th><td>{self.inline(f.value)}</td></tr>'
            for f in cover.fields
        )
        kind = f'<p class="cover-kind">{_esc(cover.kind)}</p>' if cover.kind else ""
        subtitle = f'<p class="cover-subtitle">{_esc(cover.subtitle)}</p>' if cover.subtitle else ""
        notice = "".join(self.block(b) for b in cover.notice)
        notice_html = f'<div class="cover-notice">{notice}</div>' if notice else ""
        return (
            f'<header class="cover">{kind}<h1>{_esc(cover.title)}</h1>{subtitle}'
            f'<table class="cover-fields">{fields}</table>{notice_html}</header>'
        )


def to_html(document: Document, *, paged: bool = False) -> str:
    """Render a document tree as a self-contained HTML page."""
    return HtmlWriter(document, paged=paged).write()
