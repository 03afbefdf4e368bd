"""French typography applied to a whole document tree, so every writer prints the same text.

The templates' own words and the user's prose both reach the tree as :class:`Text`; applying
:func:`cdc.core.typography.french_spacing` there (and nowhere else) gives "900 000" and "Objet :"
their no-break spaces in Markdown, HTML, DOCX and both PDF engines alike. Code spans, code blocks,
link targets and SVG charts are left exactly as written.
"""

from __future__ import annotations

from dataclasses import replace

from cdc.core.typography import french_spacing
from cdc.rendering.tree import (
    Block,
    Cell,
    Cover,
    CoverField,
    Emph,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Note,
    Paragraph,
    Strong,
    Table,
    Text,
    Toc,
)


def typeset(blocks: tuple[Block, ...], lang: str) -> tuple[Block, ...]:
    """``blocks`` with the typography of ``lang`` (French only; other languages unchanged)."""
    if lang != "fr":
        return blocks
    return tuple(_block(b) for b in blocks)


def _inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(french_spacing(node.text)))
        elif isinstance(node, Emph | Strong | Link):
            out.append(replace(node, children=_inlines(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    return tuple(_block(b) for b in blocks)


def _table(table: Table) -> Table:
    def row(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return tuple(replace(c, blocks=_blocks(c.blocks)) for c in cells)

    return replace(
        table,
        header=row(table.header),
        rows=tuple(row(r) for r in table.rows),
        caption=_inlines(table.caption),
    )


def _block(block: Block) -> Block:
    if isinstance(block, Heading | Paragraph):
        return replace(block, children=_inlines(block.children))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(_blocks(item) for item in block.items))
    if isinstance(block, Note):
        return replace(block, blocks=_blocks(block.blocks))
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Toc):
        return replace(block, title=french_spacing(block.title))
    if isinstance(block, Cover):
        return replace(
            block,
            title=french_spacing(block.title),
            subtitle=french_spacing(block.subtitle) if block.subtitle else block.subtitle,
            kind=french_spacing(block.kind) if block.kind else block.kind,
            fields=tuple(
                CoverField(french_spacing(f.label), _inlines(f.value)) for f in block.fields
            ),
            notice=_blocks(block.notice),
        )
    if isinstance(block, Figure):
        fallback = _table(block.fallback) if block.fallback else None
        return replace(block, caption=_inlines(block.caption), fallback=fallback)
    return block  # CodeBlock, PageBreak: as written
