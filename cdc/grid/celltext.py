"""Text as the spreadsheets show it: sentences from labels, sheet names, Markdown as plain text.

Pure functions (no openpyxl) shared by the writers (:mod:`cdc.rendering.xlsx`) and the grid
reader, which recomputes what cdc wrote in each cell to check that a returned grid still shows
it (:mod:`cdc.grid.layout`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from cdc.core.prose import plain_paragraph

#: Name of the hidden sheet that carries the grid's identity for the scoring code.
HIDDEN_SHEET = "cdc"

#: Characters that make a spreadsheet (or a CSV export of it) read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Excel refuses longer cell texts.
MAX_CELL_TEXT = 32767

#: Characters a sheet name may not contain (Excel), and its maximum length.
_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_MAX_SHEET_NAME = 31

#: Control characters XML cannot carry (openpyxl's ``ILLEGAL_CHARACTERS_RE``): dropped.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def cell_text(value: str) -> str:
    """The text a cell holds once written: illegal control characters dropped, cut to size."""
    return ILLEGAL_CHARACTERS.sub("", value)[:MAX_CELL_TEXT]


_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)


class _Keep(dict[str, Any]):
    """Leaves unknown ``{placeholders}`` as they are: a user's labels.yaml may drop some."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def words(template: str, **values: Any) -> str:
    """Fill the ``{placeholders}`` of a labels.yaml sentence; unknown ones stay visible."""
    return str(template).format_map(_Keep(values))


def counted(labels: dict[str, Any], what: str, n: int) -> str:
    """``n`` with its noun in the right number: "1 an", "3 ans"; "1 year", "3 years".

    The forms are ``labels.count.<what>`` (``one``, ``other`` and, where a language says
    "0 an" rather than "0 ans", ``zero``), so no sentence has to print "an(s)". A labels.yaml
    without them gets the bare number.
    """
    forms = labels.get("count", {}).get(what, {})
    if not isinstance(forms, dict):
        return str(n)
    key = "zero" if n == 0 and "zero" in forms else "one" if n == 1 else "other"
    return words(str(forms.get(key, "{n}")), n=n)


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: forbidden characters replaced, 31 characters at most.

    A cut name ends with "…" so that readers see it was cut. Excel compares sheet names
    without regard to case, hence the case-folded ``taken`` set.
    """
    base = " ".join(name.translate(_FORBIDDEN).split()).strip("'") or "?"

    def cut(limit: int) -> str:
        return base if len(base) <= limit else base[: limit - 1].rstrip() + "…"

    candidate = cut(_MAX_SHEET_NAME)
    number = 2
    while candidate.casefold() in taken or candidate.casefold() == "history":  # reserved
        suffix = f" ({number})"
        candidate = cut(_MAX_SHEET_NAME - len(suffix)) + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def plain_text(markdown: str | None) -> str:
    """Markdown → readable plain text for a cell: no ``*``/``_``/backticks, lists as bullets.

    Paragraphs are separated by a blank line, list items get ``•`` (or their number), links
    keep their text and show the address in brackets when it differs, table rows become
    ``a | b``. Raw HTML is not interpreted (it stays text), as in the documents.
    """
    if not markdown or not markdown.strip():
        return ""
    plain = plain_paragraph(markdown)
    if plain is not None:
        return plain
    lines: list[str] = []
    lists: list[int | None] = []
    prefix = ""
    row: list[str] | None = None
    for token in _MD.parse(markdown):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append(None)
        elif kind == "ordered_list_open":
            lists.append(int(str(token.attrGet("start") or 1)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number = lists[-1]
            prefix = "  " * (len(lists) - 1) + ("• " if number is None else f"{number}. ")
            if number is not None:
                lists[-1] = number + 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            lines.append(" | ".join(row))
            row = None
        elif kind == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text)
            else:
                lines.append(prefix + text)
                prefix = ""
        elif kind in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
        elif kind == "hr":
            lines.append("—")
        ends_block = token.nesting == -1 or kind in ("fence", "code_block", "hr")
        if ends_block and token.level == 0:
            lines.append("")
    return "\n".join(lines).strip()


def _inline_text(children: Sequence[Token]) -> str:
    out: list[str] = []
    href: list[str | None] = []
    start: list[int] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "image":
            out.append(_inline_text(child.children or []))
        elif kind == "link_open":
            href.append(str(child.attrGet("href") or "") or None)
            start.append(len(out))
        elif kind == "link_close" and href:
            target, first = href.pop(), start.pop()
            label = "".join(out[first:])
            if target and target != label and f"mailto:{label}" != target:
                out.append(f" ({target})")
    return "".join(out)
