"""The format-neutral document tree every writer consumes.

Templates produce a small XHTML-like markup that :mod:`cdc.rendering.markup` parses into these
frozen dataclasses; writers (Markdown, HTML, PDF, DOCX) only ever see this tree, so every
format carries the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True)
class Emph:
    """Emphasis (italic)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    """Strong emphasis (bold)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    """Inline code."""

    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink (never fetched): external URL or ``#anchor``."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph."""


Inline = Text | Emph | Strong | Code | Link | Break


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1–4) with a stable anchor.

    ``number`` is the section number ("4.2") of a numbered document, computed once by
    :func:`number_headings` so every format prints the same one; empty when unnumbered.
    """

    level: int
    children: tuple[Inline, ...]
    anchor: str
    number: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``style`` is a hint (lead, small, caption, meta)."""

    children: tuple[Inline, ...]
    style: str | None = None


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text."""

    text: str


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a sequence of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class Cell:
    """A table cell holding blocks (usually one paragraph)."""

    blocks: tuple[Block, ...]
    header: bool = False
    align: str | None = None


@dataclass(frozen=True)
class Table:
    """A table with an optional header row; ``widths`` are relative column widths."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: tuple[Inline, ...] = ()
    widths: tuple[int, ...] = ()
    style: str | None = None


@dataclass(frozen=True)
class Note:
    """A boxed remark: info, warning, legal (aide-memoire) or quote."""

    kind: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (ignored where pages do not exist)."""


@dataclass(frozen=True)
class Toc:
    """Table of contents of the headings down to ``depth``."""

    title: str
    depth: int = 2


@dataclass(frozen=True)
class CoverField:
    """A labelled line of the cover page."""

    label: str
    value: tuple[Inline, ...]


@dataclass(frozen=True)
class Cover:
    """The cover page."""

    title: str
    subtitle: str | None
    kind: str | None
    fields: tuple[CoverField, ...]
    notice: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A chart: SVG for HTML and PDF, and the same data as a table where SVG cannot go
    (Markdown, DOCX), so every format carries the same content."""

    svg: str
    caption: tuple[Inline, ...]
    fallback: Table | None = None


Block = (
    Heading | Paragraph | CodeBlock | ListBlock | Table | Note | PageBreak | Toc | Cover | Figure
)


@dataclass(frozen=True)
class Meta:
    """What running headers, footers and file properties show."""

    title: str
    lang: str
    project_id: str
    version: str
    date: str
    date_iso: str
    confidentiality: str
    author: str
    header: str
    footer: str


@dataclass(frozen=True)
class Document:
    """A whole document: metadata and blocks."""

    meta: Meta
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = field(default=())


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline content without formatting."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, Break):
            out.append("\n")
        else:
            out.append(plain_text(node.children))
    return "".join(out)


def headings(blocks: tuple[Block, ...], depth: int = 6) -> list[Heading]:
    """Every heading down to ``depth``, in document order."""
    return [b for b in blocks if isinstance(b, Heading) and b.level <= depth]


def heading_text(heading: Heading) -> str:
    """The heading as a reader sees it: its number, a space, its text ("4.2 Intégrations")."""
    text = plain_text(heading.children)
    return f"{heading.number} {text}" if heading.number else text


def number_headings(blocks: tuple[Block, ...], depth: int) -> tuple[Block, ...]:
    """The blocks with the document's headings down to ``depth`` numbered 1, 1.1, 1.1.1…

    Only top-level headings are sections (a heading inside a note or list is not); deeper
    headings stay unnumbered. A level skipped (a level-3 heading right under a level-1 one)
    counts as 1, so no number ever shows a 0 ("2.1.1", not "2.0.1"). The DOCX writer hands the
    same levels to Word numbering (:mod:`cdc.rendering.writers._docx_structure`), which counts
    alike as long as no level is skipped, as in cdc's templates.
    """
    if depth < 1:
        return blocks
    counters: list[int] = []
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= depth:
            level = max(1, block.level)
            counters = (counters + [0] * level)[:level]
            counters[-1] += 1
            counters = [c or 1 for c in counters]
            block = replace(block, number=".".join(str(c) for c in counters))
        out.append(block)
    return tuple(out)
