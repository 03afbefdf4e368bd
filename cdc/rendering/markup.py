"""From template output to the document tree.

Templates write a small XHTML-like markup (``<h1>``, ``<p>``, ``<table>``, ``<note>``, ``<cover>``
…) with Jinja's autoescaping on, so any text coming from the project file is escaped. User
Markdown enters through the ``md`` filter, which renders it with markdown-it (raw HTML disabled:
a ``<script>`` typed in a requirement stays text) and wraps it in ``<div class="md">``. This
module parses the result with the standard library's XML parser into :mod:`cdc.rendering.tree`.

Images in user Markdown are dropped with a warning: rendering never fetches anything.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markupsafe import Markup

from cdc.core.errors import CdcError
from cdc.core.prose import plain_paragraph
from cdc.rendering.tree import (
    Block,
    Break,
    Cell,
    Code,
    CodeBlock,
    Cover,
    CoverField,
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
    plain_text,
)

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = frozenset(
    {
        "p",
        "ul",
        "ol",
        "table",
        "note",
        "pre",
        "blockquote",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "pagebreak",
        "toc",
        "cover",
        "chart",
    }
)


class MarkupError(CdcError):
    """A template produced markup that is not well formed or uses an unknown element."""


def markdown(text: str | None) -> Markup:
    """Jinja filter: user Markdown → markup (escaped, raw HTML disabled)."""
    if not text:
        return Markup("")
    plain = plain_paragraph(text)
    if plain is not None:  # markdown-it's own output for it, without parsing
        html = "<p>" + plain.replace('"', "&quot;") + "</p>\n"
    else:
        html = _MD.render(text)
    return Markup('<div class="md">') + Markup(html) + Markup("</div>")


def markdown_inline(text: str | None) -> Markup:
    """Jinja filter: one line of user Markdown → inline markup."""
    if not text:
        return Markup("")
    return Markup(_MD.renderInline(text))


@dataclass
class _Parser:
    source: str
    figures: dict[str, Figure] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)

    def fail(self, message: str) -> MarkupError:
        return MarkupError(f"{self.source}: {message}")

    # -- inline ---------------------------------------------------------------------------
    def inlines(self, element: ET.Element, *, keep_edges: bool = False) -> tuple[Inline, ...]:
        out: list[Inline] = []
        if element.text:
            out.append(Text(element.text))
        for child in element:
            out.extend(self.inline(child))
            if child.tail:
                out.append(Text(child.tail))
        return _normalise(out, keep_edges=keep_edges)

    def inline(self, el: ET.Element) -> list[Inline]:
        tag = el.tag
        if tag in ("em", "i"):
            return [Emph(self.inlines(el, keep_edges=True))]
        if tag in ("strong", "b"):
            return [Strong(self.inlines(el, keep_edges=True))]
        if tag == "code":
            return [Code("".join(el.itertext()))]
        if tag == "a":
            return [Link(el.get("href", ""), self.inlines(el, keep_edges=True))]
        if tag == "br":
            return [Break()]
        if tag == "img":
            src = el.get("src", "")
            self.warnings.append(
                f"image '{src}' dropped: documents never fetch images ({self.source})"
            )
            alt = el.get("alt")
            return [Text(f"[{alt}]")] if alt else []
        if tag == "span":
            return list(self.inlines(el, keep_edges=True))
        raise self.fail(f"unknown inline element <{tag}>")

    # -- blocks ---------------------------------------------------------------------------
    def blocks(self, element: ET.Element, *, in_md: bool = False) -> list[Block]:
        out: list[Block] = []
        loose: list[Inline] = []

        def flush() -> None:
            content = _normalise(loose)
            if content:
                out.append(Paragraph(content))
            loose.clear()

        if element.text and element.text.strip():
            loose.append(Text(element.text))
        for child in element:
            if child.tag in _BLOCK_TAGS:
                flush()
                out.extend(self.block(child, in_md=in_md))
            else:
                loose.extend(self.inline(child))
            if child.tail and child.tail.strip():
                loose.append(Text(child.tail))
        flush()
        return out

    def block(self, el: ET.Element, *, in_md: bool) -> list[Block]:
        tag = el.tag
        if tag == "div":
            return self.blocks(el, in_md=in_md or el.get("class") == "md")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            content = self.inlines(el)
            if in_md:  # a heading inside user text must not compete with the document's
                return [Paragraph((Strong(content),), "subheading")]
            level = min(int(tag[1]), 4)
            return [Heading(level, content, self.anchor(el.get("id"), content))]
        if tag == "p":
            content = self.inlines(el)
            return [Paragraph(content, el.get("class"))] if content else []
        if tag in ("ul", "ol"):
            items = tuple(tuple(self.blocks(li, in_md=in_md)) for li in el if li.tag == "li")
            return [ListBlock(tag == "ol", items)] if items else []
        if tag == "table":
            return [self.table(el, in_md=in_md)]
        if tag == "note":
            return [Note(el.get("kind", "info"), tuple(self.blocks(el, in_md=in_md)))]
        if tag == "blockquote":
            return [Note("quote", tuple(self.blocks(el, in_md=in_md)))]
        if tag == "pre":
            return [CodeBlock("".join(el.itertext()).rstrip("\n"))]
        if tag == "hr":
            return []
        if tag == "pagebreak":
            return [PageBreak()]
        if tag == "toc":
            return [Toc(el.get("title", ""), int(el.get("depth", "2")))]
        if tag == "cover":
            return [self.cover(el)]
        if tag == "chart":
            ref = el.get("ref", "")
            if ref not in self.figures:
                raise self.fail(f'<chart ref="{ref}"> names no chart of this document')
            return [self.figures[ref]]
        raise self.fail(f"unknown block element <{tag}>")

    def table(self, el: ET.Element, *, in_md: bool) -> Table:
        header: tuple[Cell, ...] = ()
        rows: list[tuple[Cell, ...]] = []
        caption: tuple[Inline, ...] = ()
        for part in el:
            if part.tag == "caption":
                caption = self.inlines(part)
            elif part.tag == "thead":
                for tr in part:
                    header = self.row(tr, in_md=in_md, header=True)
            elif part.tag == "tbody":
                rows.extend(self.row(tr, in_md=in_md) for tr in part)
            elif part.tag == "tr":
                rows.append(self.row(part, in_md=in_md))
            else:
                raise self.fail(f"unexpected <{part.tag}> in <table>")
        widths = tuple(int(w) for w in el.get("widths", "").split(",") if w.strip())
        return Table(header, tuple(rows), caption, widths, el.get("class"))

    def row(self, tr: ET.Element, *, in_md: bool, header: bool = False) -> tuple[Cell, ...]:
        cells = []
        for td in tr:
            if td.tag not in ("td", "th"):
                raise self.fail(f"unexpected <{td.tag}> in <tr>")
            align = td.get("align") or _style_align(td.get("style"))
            cells.append(Cell(tuple(self.blocks(td, in_md=in_md)), header or td.tag == "th", align))
        return tuple(cells)

    def cover(self, el: ET.Element) -> Cover:
        title = subtitle = kind = None
        fields: list[CoverField] = []
        notice: tuple[Block, ...] = ()
        for child in el:
            if child.tag == "title":
                title = plain_text(self.inlines(child))
            elif child.tag == "subtitle":
                subtitle = plain_text(self.inlines(child)) or None
            elif child.tag == "kind":
                kind = plain_text(self.inlines(child)) or None
            elif child.tag == "field":
                fields.append(CoverField(child.get("label", ""), self.inlines(child)))
            elif child.tag == "notice":
                notice = tuple(self.blocks(child))
            else:
                raise self.fail(f"unexpected <{child.tag}> in <cover>")
        return Cover(title or "", subtitle, kind, tuple(fields), notice)

    def anchor(self, wanted: str | None, content: tuple[Inline, ...]) -> str:
        base = wanted or slugify(plain_text(content)) or "section"
        anchor, n = base, 2
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor


def _style_align(style: str | None) -> str | None:
    if style and "text-align:" in style:
        return style.split("text-align:", 1)[1].strip().rstrip(";") or None
    return None


def _normalise(items: list[Inline], *, keep_edges: bool = False) -> tuple[Inline, ...]:
    """Collapse whitespace like HTML does, merge adjacent texts, trim the edges of a block."""
    merged: list[Inline] = []
    for item in items:
        if isinstance(item, Text):
            text = _SPACE.sub(" ", item.text)
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + text)
            elif text:
                merged.append(Text(text))
        else:
            merged.append(item)
    if not keep_edges:
        if merged and isinstance(merged[0], Text):
            merged[0] = Text(merged[0].text.lstrip())
        if merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text.rstrip())
    # Spaces just after a line break are layout, not content.
    for i in range(1, len(merged)):
        if isinstance(merged[i - 1], Break) and isinstance(merged[i], Text):
            merged[i] = Text(merged[i].text.lstrip())  # type: ignore[union-attr]
    return tuple(m for m in merged if not (isinstance(m, Text) and not m.text))


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def slugify(text: str) -> str:
    """ASCII anchor from a heading: ``Évaluation des offres`` → ``evaluation-des-offres``."""
    text = text.translate(_LIGATURES)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]


def parse_markup(
    markup: str, *, source: str, figures: dict[str, Figure] | None = None
) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """Parse template output into blocks; returns the blocks and the warnings.

    ``<chart ref="name"/>`` places the precomputed figure ``figures[name]``.
    """
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line, col = exc.position
        lines = markup.splitlines()
        context = lines[line - 1].strip()[:120] if 0 < line <= len(lines) else ""
        raise MarkupError(
            f"{source}: the template produced malformed markup at output line {line}, "
            f"column {col}: {context!r}"
        ) from exc
    parser = _Parser(source, dict(figures or {}))
    blocks = parser.blocks(root)
    return tuple(blocks), tuple(parser.warnings)
