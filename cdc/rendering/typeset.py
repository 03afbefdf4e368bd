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
    """``blocks`` with the typography of ``lang`` (French only; other languages unchanged).

    A node whose text needs no change is kept as it is (not copied): most of a large
    specification's nodes, so the pass costs little more than reading the text once.
    """
    if lang != "fr":
        return blocks
    return _blocks(blocks)


def _same(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    return all(a is b for a, b in zip(new, old, strict=True))


def _inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            text = french_spacing(node.text)
            out.append(node if text == node.text else Text(text))
        elif isinstance(node, Emph | Strong | Link):
            children = _inlines(node.children)
            out.append(node if children is node.children else replace(node, children=children))
        else:
            out.append(node)
    return nodes if _same(tuple(out), nodes) else tuple(out)


def _blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    out = tuple(_block(b) for b in blocks)
    return blocks if _same(out, blocks) else out


def _cells(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    out = tuple(c if (b := _blocks(c.blocks)) is c.blocks else replace(c, blocks=b) for c in cells)
    return cells if _same(out, cells) else out


def _table(table: Table) -> Table:
    header, caption = _cells(table.header), _inlines(table.caption)
    rows = tuple(_cells(r) for r in table.rows)
    if header is table.header and caption is table.caption and _same(rows, table.rows):
        return table
    return replace(table, header=header, rows=rows, caption=caption)


def _block(block: Block) -> Block:
    if isinstance(block, Heading | Paragraph):
        children = _inlines(block.children)
        return block if children is block.children else replace(block, children=children)
    if isinstance(block, ListBlock):
        items = tuple(_blocks(item) for item in block.items)
        return block if _same(items, block.items) else replace(block, items=items)
    if isinstance(block, Note):
        inner = _blocks(block.blocks)
        return block if inner is block.blocks else replace(block, blocks=inner)
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
