"""Text that came from a user or a vendor, made safe to read in and to print out.

Two dangers, one module:

- **In**: control characters (NUL, ESC, BEL, NEL U+0085, the other C0 and C1 codes, DEL) and
  the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) have no business in a
  specification, a response or an evaluation. YAML forbids them raw but lets a double-quoted
  string carry them escaped (``"\\x1b"``, ``"\\0"``, ``"\\N"``); left in, they break the XML
  the documents are rendered through, or make a vendor's name read backwards in a ranking.
  :func:`cdc.reading.project.control_findings` finds them in parsed data, each located at file:line:col.
  This module imports nothing of cdc's: the findings and the loader print through it.
- **Out**: every human-readable output (lint's text format, the score table, the penalties
  table, error messages) quotes user text. :func:`printable` shows the characters above, line
  breaks included, as visible escapes (``\\x1b``, ``\\n``, ``\\u202e``) so that no escape
  sequence reaches the terminal and one finding stays one line; :func:`safe_lines` makes sure
  no line can be taken for a GitHub Actions workflow command (``::error …`` at the start of a
  line, or the older ``##[command]`` anywhere in it) when a text report is printed in CI.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters refused in any input text: the C0 controls but tab and line feed, DEL, the C1
#: controls (NEL U+0085 included), bidirectional embeddings, overrides and isolates. Carriage
#: return is refused too: YAML turns every line break into a line feed, so a CR left in a value
#: was written as an escape, and in a terminal it hides the start of its line.
REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Characters shown escaped in human-readable output: the refused ones, the line breaks (LF,
#: CR, LS U+2028, PS U+2029) that would split one message over several lines, and the
#: invisible ones (zero-width space and joiners, LRM/RLM, word joiner, BOM) that would make two
#: different names look identical in a ranking. Tab stays.
_SHOWN_ESCAPED = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\x00": "\\0"}

#: At most this many control-character findings per file (a hostile file may hold millions).
MAX_FINDINGS = 50

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL (bell)",
    "\x08": "BACKSPACE",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x0d": "CARRIAGE RETURN",
    "\x1b": "ESC (terminal escape)",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE (NEL)",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control, line-break and bidi characters shown as visible escapes."""
    if _SHOWN_ESCAPED.search(text) is None:  # the common case: nothing to do
        return text
    return _SHOWN_ESCAPED.sub(_escape, text)


_COMMAND_START = re.compile(r"^(\s*)::")
_V1_COMMAND = "##["


def safe_line(line: str) -> str:
    """A line GitHub Actions will not run as a workflow command.

    The runner trims leading white space, then takes ``::name …::`` at the start of a line as
    a command; it also takes ``##[name]`` anywhere. A leading ``::`` is shown as ``\\::``
    (keeping the rest as written) and ``##[`` as ``#\\#[``.
    """
    if "::" in line:
        line = _COMMAND_START.sub(r"\1\\::", line, count=1)
    if _V1_COMMAND in line:
        line = line.replace(_V1_COMMAND, "#\\#[")
    return line


def safe_lines(text: str) -> str:
    """:func:`safe_line` on every line of ``text`` (line breaks kept)."""
    if "::" not in text and _V1_COMMAND not in text:
        return text
    return "".join(safe_line(line) for line in text.splitlines(keepends=True))


def json_no_commands(document: str) -> str:
    """A JSON document in which GitHub Actions finds no ``##[command]``: the ``[`` is written
    ``\\u005b``, which every JSON reader decodes to the same string. (``##`` only occurs inside
    JSON strings, and no JSON line can start with ``::``.)"""
    return document.replace("##[", "##\\u005b") if _V1_COMMAND in document else document


def clip(text: str, limit: int = 80) -> str:
    """``text`` made printable and cut to ``limit`` characters (an argument quoted back)."""
    shown = printable(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def safe_output(text: str) -> str:
    """One human-readable message: escaped (one line) and neutralised for CI logs."""
    return safe_line(printable(text))


def safe_message(text: str) -> str:
    """A message that may span lines on purpose (one finding per line): each line escaped and
    neutralised by :func:`safe_output`, the line feeds between them kept."""
    return "\n".join(safe_output(line) for line in text.split("\n"))


def describe(char: str) -> str:
    """``U+001B ESC (terminal escape)``: a refused character, named for the message."""
    name = _NAMES.get(char)
    if name is None:
        try:
            name = unicodedata.name(char)
        except ValueError:
            name = "control character"
    return f"U+{ord(char):04X} {name}"


def refused_in(text: str) -> re.Match[str] | None:
    """The first refused character of ``text``, or None."""
    return REFUSED.search(text)
