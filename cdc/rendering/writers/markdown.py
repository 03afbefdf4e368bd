"""Markdown writer: CommonMark with pipe tables, readable as plain text and diff-friendly.

One line per paragraph, blank lines between blocks, no trailing spaces, a final newline. Text
from the project is escaped so it can never turn into Markdown structure.
"""

from __future__ import annotations

import re

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

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])(?=\s|$)")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _colon(lang: str) -> str:
    """French puts a (no-break) space before a colon."""
    return "\u00a0:" if lang == "fr" else ":"


class MarkdownWriter:
    """Turns a :class:`Document` into Markdown text."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.lang = document.meta.lang

    def write(self) -> str:
        """The whole document as Markdown."""
        parts = [self.block(b) for b in self.doc.blocks]
        text = "\n\n".join(p for p in parts if p)
        return text.rstrip() + "\n"

    # -- inline -----------------------------------------------------------------------------
    def inline(self, nodes: tuple[Inline, ...], *, in_table: bool = False) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(_escape(node.text))
            elif isinstance(node, Emph):
                inner = self.inline(node.children, in_table=in_table)
                out.append(_wrap("*", inner))
            elif isinstance(node, Strong):
                inner = self.inline(node.children, in_table=in_table)
                out.append(_wrap("**", inner))
            elif isinstance(node, Code):
                fence = "``" if "`" in node.text else "`"
                code = node.text.replace("|", "\\|") if in_table else node.text
                out.append(f"{fence}{code}{fence}")
            elif isinstance(node, Link):
                label = self.inline(node.children, in_table=in_table)
                href = node.href.replace(" ", "%20").replace(")", "%29")
                out.append(f"[{label}]({href})")
            elif isinstance(node, Break):
                out.append("<br>" if in_table else "\\\n")
        text = "".join(out)
        return text

    def paragraph_text(self, nodes: tuple[Inline, ...]) -> str:
        text = self.inline(nodes)
        return "\n".join(_LINE_START.sub(r"\1\\\2", line) for line in text.split("\n"))

    # -- blocks -----------------------------------------------------------------------------
    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            number = f"{block.number} " if block.number else ""
            return f"{'#' * (block.level + 1)} {number}{self.inline(block.children)}"
        if isinstance(block, Paragraph):
            return self.paragraph_text(block.children)
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Note):
            inner = "\n\n".join(self.block(b) for b in block.blocks)
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
        if isinstance(block, CodeBlock):
            fence = "~~~~" if "```" in block.text else "```"
            return f"{fence}\n{block.text}\n{fence}"
        if isinstance(block, PageBreak):
            return ""
        if isinstance(block, Toc):
            return self.toc(block)
        if isinstance(block, Cover):
            return self.cover(block)
        if isinstance(block, Figure):
            caption = f"**{self.inline(block.caption)}**" if block.caption else ""
            table = self.table(block.fallback) if block.fallback is not None else ""
            return "\n\n".join(x for x in (caption, table) if x)
        raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover

    def list_block(self, block: ListBlock) -> str:
        lines: list[str] = []
        for n, item in enumerate(block.items, start=1):
            marker = f"{n}. " if block.ordered else "- "
            body = "\n\n".join(self.block(b) for b in item if not isinstance(b, PageBreak))
            indent = " " * len(marker)
            first, *rest = body.split("\n") if body else [""]
            lines.append(marker + first)
            lines.extend(indent + line if line else "" for line in rest)
        return "\n".join(lines)

    def cell(self, cell: Cell) -> str:
        parts: list[str] = []
        for b in cell.blocks:
            if isinstance(b, Paragraph):
                parts.append(self.inline(b.children, in_table=True))
            elif isinstance(b, ListBlock):
                for n, item in enumerate(b.items, start=1):
                    bullet = f"{n}." if b.ordered else "•"
                    text = " ".join(
                        self.inline(x.children, in_table=True)
                        for x in item
                        if isinstance(x, Paragraph)
                    )
                    parts.append(f"{bullet} {text}")
            elif isinstance(b, Note):
                parts.append(self.cell(Cell(b.blocks)))
            elif isinstance(b, CodeBlock):
                parts.append(f"`{b.text}`".replace("\n", " "))
            elif isinstance(b, Table):
                parts.append(" ".join(self.cell(c) for row in b.rows for c in row))
        return "<br>".join(p for p in parts if p).replace("\n", " ")

    def table(self, table: Table) -> str:
        width = max([len(table.header), *(len(r) for r in table.rows)], default=0)
        if width == 0:
            return ""
        header = [self.cell(c) for c in table.header] if table.header else [""] * width
        header += [""] * (width - len(header))
        aligns = []
        for col in range(width):
            filled = [r[col] for r in table.rows if col < len(r) and r[col].blocks]
            right = bool(filled) and all(c.align == "right" for c in filled)
            aligns.append("---:" if right else "---")
        lines = []
        if table.caption:
            lines.append(f"**{self.inline(table.caption)}**")
            lines.append("")
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(aligns) + "|")
        for row in table.rows:
            cells = [self.cell(c) for c in row] + [""] * (width - len(row))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(line.rstrip() for line in lines)

    def toc(self, toc: Toc) -> str:
        lines = [f"**{_escape(toc.title)}**", ""] if toc.title else []
        for h in headings(self.doc.blocks, toc.depth):
            indent = "  " * (h.level - 1)
            lines.append(f"{indent}- {_escape(heading_text(h))}")
        return "\n".join(lines)

    def cover(self, cover: Cover) -> str:
        colon = _colon(self.lang)
        lines = [f"# {_escape(cover.title)}", ""]
        if cover.kind or cover.subtitle:
            lines += [" — ".join(_escape(x) for x in (cover.kind, cover.subtitle) if x), ""]
        for f in cover.fields:
            value = self.inline(f.value, in_table=True)
            lines.append(f"- **{_escape(f.label)}**{colon} {value}")
        if cover.notice:
            lines.append("")
            lines.append("\n\n".join(self.block(b) for b in cover.notice))
        return "\n".join(lines)


def _wrap(marker: str, inner: str) -> str:
    """Emphasis markers must touch the text: move edge spaces outside."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def to_markdown(document: Document) -> str:
    """Render a document tree as Markdown."""
    return MarkdownWriter(document).write()
