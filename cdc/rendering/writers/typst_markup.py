"""Typst markup from the document tree: the source :mod:`cdc.rendering.writers.typst` compiles.

Why it is written this way:

* **User text is never markup nor code.** Every text run of the project becomes a Typst
  *string literal* placed with ``#"…"`` (backslash, double quote and control characters
  escaped), so ``#read("/etc/passwd")``, ``$x$``, ``*bold*``, ``<label>``, ``@ref``, ``//`` or
  ``]`` are printed as the characters they are. The only code in the source is the fixed
  preamble (:data:`PREAMBLE`) and calls to its functions with literals, numbers and content
  built the same way. Style names from the tree (paragraph, table, note kind, alignment) pick
  from fixed tables here; an unknown one falls back to the default.
* **Figures are files cdc writes.** SVG charts go to ``figure-N.svg`` in the compile root (a
  temporary folder holding nothing else); the file name is cdc's, never the project's.
* **The same look as the WeasyPrint PDF** (``templates/common/print.css``): A4, the same
  margins, colours, sizes and DejaVu fonts; the cover on its own page without running header
  or footer; the contents with dot leaders and page numbers; each top-level section on a new
  page; table header rows repeated on every page and rows never cut in two.
"""

from __future__ import annotations

import re
from collections import Counter

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
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    Toc,
)
from cdc.rendering.writers.typst_preamble import PREAMBLE

_SAFE_SCHEMES = ("http://", "https://", "mailto:")

#: Characters a Typst string literal must escape: the backslash, the quote, and every control
#: character (as ``\u{…}``, so a newline cannot end a line comment or the literal itself).
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"'} | {
    c: f"\\u{{{c:x}}}" for c in (*range(32), 0x7F, 0x85, 0x2028, 0x2029)
}

#: A label Typst's markup syntax ``<…>`` accepts (and nothing else is written as one).
_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_LANG = re.compile(r"[a-z]{2,3}\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")

#: Paragraph styles the preamble knows (``cdc-par-<style>``); others print as plain paragraphs.
_PAR_STYLES = frozenset({"small", "meta", "caption", "subheading", "lead"})
_NOTE_KINDS = frozenset({"info", "warning", "legal", "quote"})
_ALIGNS = {"right": "right", "center": "center", "left": "left"}

#: Nesting kept as nesting (lists, notes, emphasis); deeper content is written flat. Typst
#: refuses a document nested past its own limits (about 60 levels of boxes or lists), which
#: would turn a pathological template or text into a failed render instead of a page.
MAX_NESTING = 16

#: A zero-width space: a line-break opportunity that prints nothing. Typst, unlike a browser
#: (CSS ``overflow-wrap``), never breaks inside a word it cannot hyphenate, so a long
#: identifier in a narrow cell would run over the next column.
ZWSP = "\u200b"
#: In code inside a table cell: after these, a line may break (``contract.penalties.`` ↵
#: ``service_credits``).
_CODE_BREAKS = re.compile(r"(?<=[._/:-])(?=\w)")
#: In a header cell: after an elided article (d', l', qu'…), so the next word is a word of
#: its own that can start a line ("d'" ↵ "information" in a narrow RACI column, whose header
#: is never hyphenated).
_ELISION = re.compile(r"(?:(?<=\b\w['’])|(?<=\b[Qq]u['’]))(?=\w)")


def cell_code(text: str) -> str:
    """``text`` of inline code in a table cell, with break opportunities after separators."""
    return _CODE_BREAKS.sub(ZWSP, text)


def head_text(text: str) -> str:
    """``text`` of a header cell, an elided article split from the word after it."""
    return _ELISION.sub(ZWSP, text)


def lit(text: str) -> str:
    """``text`` as a Typst string literal (quotes included) that evaluates to exactly ``text``."""
    return '"' + text.translate(_ESCAPES) + '"'


def _run(text: str) -> str:
    """Text placed in markup: a string literal behind ``#``, never parsed as markup."""
    return f"#{lit(text)}" if text else ""


class TypstWriter:
    """Turns a :class:`Document` into Typst source plus the files it refers to."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        #: Files to write in the compile root, by name (SVG charts).
        self.files: dict[str, bytes] = {}
        #: Heading anchors written as labels: only links to these become internal links. An
        #: anchor Typst's label syntax would not take, or one two headings share (a link to it
        #: would be an error), stays unlabelled.
        anchors = Counter(b.anchor for b in document.blocks if isinstance(b, Heading))
        self.labels = {a for a, n in anchors.items() if n == 1 and _LABEL.match(a)}
        self.nesting = 0
        #: Inside a table cell (code may break at separators), a header cell (elisions split).
        self.in_cell = False
        self.in_head = False

    def write(self) -> str:
        """The whole source: preamble, document settings, then the blocks.

        A paragraph right after a heading is a section's introduction: it is kept with what
        it introduces (``cdc-keep``), as the print CSS does with ``h3 + p``; otherwise a
        heading and its one-line introduction could close a page whose table starts on the
        next (a heading alone at the foot of a page, to a reader)."""
        parts: list[str] = []
        previous: Block | None = None
        for block in self.doc.blocks:
            part = self.block(block)
            if part and isinstance(block, Paragraph) and isinstance(previous, Heading):
                part = f"#cdc-keep[{part}]"
            if part:
                parts.append(part)
            previous = block
        body = "\n\n".join(parts)
        return f"{PREAMBLE}\n{self.settings(self.doc.meta)}\n\n{body}\n"

    def settings(self, meta: Meta) -> str:
        """Metadata, language and the running header and footer, from the document."""
        date = _DATE.match(meta.date_iso)
        when = (
            f"datetime(year: {int(date[1])}, month: {int(date[2])}, day: {int(date[3])})"
            if date
            else "none"
        )
        author = f"({lit(meta.author)},)" if meta.author else "()"
        keywords = f"({lit(meta.project_id)},)" if meta.project_id else "()"
        lang = meta.lang if _LANG.match(meta.lang) else "en"
        return (
            f"#set document(title: {lit(meta.title)}, author: {author}, "
            f"keywords: {keywords}, date: {when})\n"
            f'#set text(lang: "{lang}")\n'
            f"#show: cdc-pages.with(header: {lit(meta.header)}, footer: {lit(meta.footer)})"
        )

    # -- inline -----------------------------------------------------------------------------
    def inline(self, nodes: tuple[Inline, ...]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(_run(head_text(node.text) if self.in_head else node.text))
            elif isinstance(node, Emph):
                out.append(self.nested("#emph[", node.children))
            elif isinstance(node, Strong):
                out.append(self.nested("#strong[", node.children))
            elif isinstance(node, Code):
                code = cell_code(node.text) if self.in_cell else node.text
                out.append(f"#raw({lit(code)})")
            elif isinstance(node, Link):
                out.append(self.link(node))
            elif isinstance(node, Break):
                out.append("#linebreak()")
        return "".join(out)

    def nested(self, opening: str, children: tuple[Inline, ...]) -> str:
        """``opening`` + children + ``]``, or the children alone past :data:`MAX_NESTING`."""
        if self.nesting >= MAX_NESTING:
            return self.inline(children)
        self.nesting += 1
        try:
            return f"{opening}{self.inline(children)}]"
        finally:
            self.nesting -= 1

    def link(self, node: Link) -> str:
        """External links stay links, internal ones only to a labelled heading; else the text."""
        label = self.inline(node.children)
        if node.href.startswith(_SAFE_SCHEMES):
            return f"#link({lit(node.href)})[{label}]"
        if node.href.startswith("#") and node.href[1:] in self.labels:
            return f"#link(label({lit(node.href[1:])}))[{label}]"
        return label

    # -- blocks -----------------------------------------------------------------------------
    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            level = max(1, min(block.level, 6))
            label = f" <{block.anchor}>" if block.anchor in self.labels else ""
            # The number computed once for every format (tree.number_headings), not Typst's own
            # counter: the PDF, its outline and the DOCX then cite the same "4.2".
            number = f", numbering: (..n) => {lit(block.number)}" if block.number else ""
            return f"#heading(level: {level}{number})[{self.inline(block.children)}]{label}"
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, ListBlock | Note):
            return self.container(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, CodeBlock):
            return f"#cdc-pre({lit(block.text)})"
        if isinstance(block, PageBreak):
            return "#pagebreak(weak: true)"
        if isinstance(block, Toc):
            depth = max(1, min(block.depth, 6))
            return f"#cdc-toc({lit(block.title)}, {depth})"
        if isinstance(block, Cover):
            return self.cover(block)
        if isinstance(block, Figure):
            return self.figure(block)
        raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        """Blocks inside a content argument, separated as paragraphs."""
        return "\n\n".join(p for p in (self.block(b) for b in blocks) if p)

    def container(self, block: ListBlock | Note) -> str:
        """A list or a note, written flat (items as paragraphs) past :data:`MAX_NESTING`."""
        items = block.items if isinstance(block, ListBlock) else (block.blocks,)
        if self.nesting >= MAX_NESTING:
            return "\n\n".join(p for p in map(self.block, _flatten(block)) if p)
        self.nesting += 1
        try:
            if isinstance(block, Note):
                kind = block.kind if block.kind in _NOTE_KINDS else "info"
                return f'#cdc-note("{kind}")[{self.blocks(block.blocks)}]'
            func = "enum" if block.ordered else "list"
            inner = ", ".join(f"[{self.blocks(item)}]" for item in items)
            return f"#{func}({inner})" if inner else ""
        finally:
            self.nesting -= 1

    def paragraph(self, block: Paragraph) -> str:
        text = self.inline(block.children)
        if not text:
            return ""
        if block.style in _PAR_STYLES:
            return f"#cdc-par-{block.style}[{text}]"
        return text

    def cell(self, cell: Cell, *, head: bool, nowrap: bool) -> str:
        """One cell: header cells through the preamble's functions, alignment from a table."""
        self.in_cell, self.in_head = True, head or cell.header
        try:
            content = self.blocks(cell.blocks)
        finally:
            self.in_cell = self.in_head = False
        if nowrap and len(cell.blocks) == 1 and isinstance(cell.blocks[0], Paragraph):
            content = f"#box[{content}]"
        align = _ALIGNS.get(cell.align or "")
        if head:
            return f"cdc-th[{content}]"
        if cell.header:
            return f"cdc-rh[{content}]"
        if align:
            return f"table.cell(align: {align})[{content}]"
        return f"[{content}]"

    def table(self, table: Table) -> str:
        width = max([len(table.header), *(len(r) for r in table.rows)], default=0)
        if width == 0:
            return ""
        style = table.style or ""
        columns = _columns(table.widths, width, style)
        nowrap = style == "requirements"
        parts: list[str] = []
        if table.header:
            head = [self.cell(c, head=True, nowrap=False) for c in table.header]
            head += ["[]"] * (width - len(head))
            parts.append(f"table.header({', '.join(head)})")
        for row in table.rows:
            cells = [self.cell(c, head=False, nowrap=nowrap and n == 0) for n, c in enumerate(row)]
            cells += ["[]"] * (width - len(cells))
            parts.append(", ".join(cells))
        func = "cdc-matrix" if style == "matrix" else "cdc-table"
        caption = f"[{self.inline(table.caption)}]" if table.caption else "none"
        return f"#{func}(caption: {caption}, columns: {columns},\n" + ",\n".join(parts) + ")"

    def cover(self, cover: Cover) -> str:
        fields = "".join(f"({lit(f.label)}, [{self.inline(f.value)}]), " for f in cover.fields)
        kind = lit(cover.kind) if cover.kind else "none"
        subtitle = lit(cover.subtitle) if cover.subtitle else "none"
        notice = f"[{self.blocks(cover.notice)}]" if cover.notice else "none"
        return (
            f"#cdc-cover(kind: {kind}, title: {lit(cover.title)}, subtitle: {subtitle}, "
            f"fields: ({fields}), notice: {notice})"
        )

    def figure(self, figure: Figure) -> str:
        name = f"figure-{len(self.files) + 1}.svg"
        self.files[name] = figure.svg.encode("utf-8")
        caption = f"[{self.inline(figure.caption)}]" if figure.caption else "none"
        return f'#cdc-figure("{name}", caption: {caption})'


def _flatten(block: ListBlock | Note) -> list[Block]:
    """The blocks inside nested lists and notes, in reading order, without the nesting
    (iteratively: however deep the tree, no recursion)."""
    out: list[Block] = []
    stack: list[Block] = [block]
    while stack:
        current = stack.pop()
        if isinstance(current, ListBlock):
            stack.extend(reversed([b for item in current.items for b in item]))
        elif isinstance(current, Note):
            stack.extend(reversed(current.blocks))
        else:
            out.append(current)
    return out


def _columns(widths: tuple[int, ...], count: int, style: str) -> str:
    """Column widths as fractions, like the HTML's ``<col>`` percentages (equal when absent)."""
    if len(widths) == count and all(w > 0 for w in widths):
        return "(" + ", ".join(f"{int(w)}fr" for w in widths) + ",)"
    if style == "matrix" and count > 1:
        return "(19%, " + ", ".join(["1fr"] * (count - 1)) + ",)"
    if style == "keyvalue" and count == 2:
        return "(30%, 1fr)"
    return "(" + ", ".join(["1fr"] * count) + ",)"


def to_typst(document: Document) -> tuple[str, dict[str, bytes]]:
    """The Typst source of ``document`` and the files (charts) it refers to, by name."""
    writer = TypstWriter(document)
    return writer.write(), writer.files


__all__ = ["TypstWriter", "lit", "to_typst"]
