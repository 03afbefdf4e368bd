"""Which user text is plain prose that Markdown would leave as it is, so it needs no parsing.

Requirement texts are mostly one line of prose; parsing each with markdown-it is a third of
rendering a 1,000-requirement grid. The documents (:mod:`cdc.rendering.markup`) and the grid's
cells (:mod:`cdc.grid.celltext`) ask the same question, here.
"""

from __future__ import annotations

import re

# One line of prose that Markdown leaves as it is: starts with a letter, then only letters,
# digits, spaces and punctuation that CommonMark gives no meaning to (no ``*_`[]<>&#|!\``, no
# line start such as ``- `` or ``1. ``, no hard break, no entity). Most requirement texts are
# such lines; parsing each with markdown-it is a third of rendering a 1,000-requirement grid.
# tests/test_render_core.py checks that both ways give the same result.
_PLAIN = re.compile(r"(?!\d)\w(?:[\w ,.;:'’?%/()«»\"–—\u00a0\u202f-])*(?<![ \u00a0\u202f])")


def plain_paragraph(text: str) -> str | None:
    """``text`` when it is one line of prose Markdown would leave unchanged, else None."""
    line = text.rstrip("\n")  # a YAML block scalar ends with a newline
    if "_" in line or not _PLAIN.fullmatch(line):
        return None
    return line
