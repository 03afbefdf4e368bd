"""Write YAML scalars by hand, safely: answers go into a commented template, not through a dumper.

A dumper would lose the comments that make the generated file readable, so the init templates
are text and every value put into them passes through :func:`scalar`. A value is written plain
only when it is unmistakably a string in any YAML reader (starts with a letter, no indicator
characters, not a boolean or null word of YAML 1.1 or 1.2); anything else is double-quoted with
every character that could end the scalar, break a line or be refused by a reader escaped.
Whatever a buyer types (``Café "L'Étoile": #1``, a newline, a NUL byte), the file reads back
the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Any


class Raw(str):
    """Text already safe to put into the template as is (built by the filters below)."""


_NAMED_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
#: Characters YAML refuses raw or reads as line breaks, escaped in quoted scalars.
_UNSAFE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
#: Plain-scalar candidates: a letter first, then only characters with no meaning to YAML.
_PLAIN = re.compile(r"^[^\W\d_][\w .,;()/'’«»?!+€%…–—°-]*$")
#: Words some YAML reader turns into a boolean or null (YAML 1.1 included, for other tools).
_RESERVED = frozenset(
    {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "none", "nan", "inf"}
)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def quote(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly ``text``."""
    return '"' + _UNSAFE.sub(_escape, text) + '"'


def plain_safe(text: str) -> bool:
    """Whether ``text`` can be written without quotes and still read back as the same string."""
    return (
        bool(_PLAIN.match(text))
        and text == text.strip()
        and "  " not in text
        and " -" not in text
        and text.casefold() not in _RESERVED
    )


def number(value: int | Decimal) -> str:
    """A number as YAML writes it: no exponent, no trailing zeros (``300000``, ``2.5``)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(int(value))


def scalar(value: Any) -> str:
    """Any answer value as a YAML scalar (the Jinja ``finalize`` hook: every ``{{ … }}``)."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return scalar(str(value.value))
    if isinstance(value, int | Decimal):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value if plain_safe(value) else quote(value)
    raise TypeError(f"no YAML form for {type(value).__name__}")


def flow(values: Any) -> Raw:
    """A flow sequence ``[a, b]`` of scalars (a comma would split an item: such items are quoted)."""
    items = []
    for value in values:
        text = scalar(value)
        items.append(quote(str(value)) if "," in text and not text.startswith('"') else text)
    return Raw("[" + ", ".join(items) + "]")


def inline(text: Any) -> Raw:
    """Text to splice inside a block scalar of the template: one line, printable.

    Line breaks would end the block (and let the rest of the text become keys); they become
    spaces, and characters YAML refuses are dropped.
    """
    flat = " ".join(str(text).split())
    return Raw(_UNSAFE.sub(lambda m: m.group(0) if m.group(0) in '\\"' else "", flat))


def _wrap(text: str, width: int) -> list[str]:
    """Split at single spaces so that folding the lines back gives ``text`` again.

    A line never starts with a space (it would not fold back) nor, for French typography, with
    the punctuation that follows a space (``:``, ``;``, ``»``…).
    """
    lines: list[str] = []
    start = 0
    while len(text) - start > width:
        cut = -1
        for i in range(min(start + width, len(text) - 1), start, -1):
            if text[i] == " " and text[i - 1] not in " «" and text[i + 1] not in " :;!?»":
                cut = i
                break
        if cut < 0:
            break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


def block(text: Any, indent: int, width: int = 92) -> Raw:
    """Long text as a block scalar under a key at ``indent`` spaces; quoted when unsafe.

    One-line text is folded (``>-``) and wrapped for reading; text with line breaks is kept
    literal (``|-``). Anything a block cannot carry exactly (leading or trailing spaces, tabs,
    control characters, blank lines at either end) is double-quoted instead.
    """
    value = str(text)
    if (
        not value
        or value != value.strip()
        or "\t" in value
        or "\r" in value
        or _UNSAFE.search(value.replace("\n", ""))
        or any(line != line.rstrip() for line in value.split("\n"))
    ):
        return Raw(quote(value))
    pad = " " * (indent + 2)
    if "\n" in value:
        body = "\n".join(pad + line if line else "" for line in value.split("\n"))
        return Raw("|-\n" + body)
    lines = _wrap(value, max(20, width - len(pad)))
    return Raw(">-\n" + "\n".join(pad + line for line in lines))


def fold(text: Any, indent: int) -> Raw:
    """Template prose mixed with answers (a ``{% filter fold(n) %}`` block), wrapped as one paragraph.

    The block's own line breaks and indentation are layout, not content: whitespace is collapsed
    and the paragraph re-wrapped under a key at ``indent`` spaces. Ends with a line break, as the
    block tag that closes it swallows the template's own.
    """
    return Raw(block(" ".join(str(text).split()), indent) + "\n")
