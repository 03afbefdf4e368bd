"""What a YAML read gives back: values that remember how they were written, and where they were.

Split from the parser (:mod:`cdc.reading.yamlsrc`, which re-exports every name here) because
every reader and lint rule needs these shapes — :class:`SourceMap` to point at a line,
:data:`Path_` to name a value — while only the loader runs the parser. Also here: turning bytes
into text (:func:`decode`, UTF-8 only, every other encoding refused with a precise finding) and
resolving a plain scalar with the YAML 1.2 core schema (:func:`resolve_plain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Self, cast

from cdc.core.findings import Finding, Mark, Severity

Path_ = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def schema_error(mark: Mark, rule: str, message: str) -> Finding:
    """An error finding of the file's own shape (SCH rules): the reader's one severity."""
    return Finding(mark=mark, severity=Severity.error, rule=rule, message=message)


class _AsWritten:
    """A number that remembers how it was written: ``str()`` gives the source text.

    Mixed in before ``int`` or ``float``, so ``1.10`` is not read back as ``1.1`` and a version
    number prints as the author wrote it; pickled as written.
    """

    raw: str

    def __new__(cls, value: Any, raw: str) -> Self:
        obj = super().__new__(cls, value)  # type: ignore[call-arg]  # int's or float's
        obj.raw = raw
        return obj

    def __str__(self) -> str:
        return self.raw

    def __reduce__(self) -> tuple[type, tuple[Any, str]]:  # pickled as written
        return (type(self), (cast("int | float", self).real, self.raw))


class YamlInt(_AsWritten, int):
    """An integer that remembers how it was written (``str()`` gives the source text)."""


class YamlFloat(_AsWritten, float):
    """A float that remembers how it was written, so ``1.10`` is not read back as ``1.1``."""


@dataclass
class SourceMap:
    """Positions of values and keys, keyed by their path in the data (``("requirements", 3, "id")``)."""

    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    #: Scalar style per path ("" plain, '"' or "'" quoted, "|" literal, ">" folded).
    styles: dict[Path_, str] = field(default_factory=dict)
    #: Source lines per file, to find the indentation of block scalars.
    lines: dict[str, list[str]] = field(default_factory=dict)

    def locate_in(self, path: Path_, offset: int, value: str) -> Mark:
        """Where character ``offset`` of the string ``value`` at ``path`` is in the file.

        Exact for plain and quoted one-line scalars and for literal blocks (``|``); for other
        styles, the start of the value.
        """
        mark = self.locate(path)
        style = self.styles.get(tuple(path), "")
        if offset <= 0 or offset > len(value):
            return mark
        before = value[:offset]
        if style in ("", '"', "'") and "\n" not in before:
            source = self.lines.get(mark.path, [])
            line = source[mark.line - 1] if 0 < mark.line <= len(source) else ""
            start = mark.col - 1 + (1 if style else 0)
            if line[start : start + offset] == before:
                return Mark(mark.path, mark.line, mark.col + offset + (1 if style else 0))
            return mark
        if style == "|":
            source = self.lines.get(mark.path, [])
            row = mark.line + before.count("\n")  # 0-based index of the line after "|"
            if row >= len(source):
                return mark
            first = next((ln for ln in source[mark.line : row + 1] if ln.strip()), source[row])
            indent = len(first) - len(first.lstrip(" "))
            column = offset - (before.rfind("\n") + 1)
            return Mark(mark.path, row + 1, indent + column + 1)
        return mark

    def locate(self, path: Path_, *, key: bool = False) -> Mark:
        """The mark of ``path``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while True:
            mark = table.get(probe)
            if mark is not None:
                return mark
            if key:
                mark = self.values.get(probe)
                if mark is not None:
                    return mark
            if not probe:
                break
            probe = probe[:-1]
        return self.values.get((), Mark("<unknown>", 1, 1))

    def graft(self, other: SourceMap, part: str, offset: int) -> None:
        """Copy ``other``'s marks under ``part`` into this map, shifting list indexes by ``offset``."""
        tables: tuple[tuple[dict[Path_, Any], dict[Path_, Any]], ...] = (
            (other.values, self.values),
            (other.keys, self.keys),
            (other.styles, self.styles),
        )
        for src, dst in tables:
            for path, item in src.items():
                if len(path) >= 2 and path[0] == part and isinstance(path[1], int):
                    dst[(part, path[1] + offset, *path[2:])] = item
        self.lines.update(other.lines)


@dataclass
class YamlDocument:
    """The outcome of reading one YAML file: data (``None`` if unusable), positions, findings."""

    data: Any
    source: SourceMap
    findings: list[Finding]
    tagged: list[Path_] = field(default_factory=list)


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """Bytes to text: UTF-8 with or without BOM; anything else is refused with a precise message.

    Offsets in messages count bytes from the start of the file; columns count characters, as
    editors do.
    """
    start = Mark(display, 1, 1)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return None, [
                schema_error(start, "SCH006", f"file is encoded in {encoding}; save it as UTF-8")
            ]
    skip = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    nul = raw.find(b"\x00", skip)
    if nul >= 0:
        utf16 = _utf16_without_bom(raw[skip:])
        hint = f"{utf16} text without a byte-order mark" if utf16 else "a binary file"
        return None, [
            schema_error(
                _mark_at(raw, nul, skip, display),
                "SCH006",
                f"NUL byte at offset {nul}: this looks like {hint}, not UTF-8 YAML text",
            )
        ]
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        try:
            raw[skip:].decode("cp1252")
            guess = "; it looks like Latin-1/Windows-1252: re-save the file as UTF-8"
        except UnicodeDecodeError:
            guess = "; re-save the file as UTF-8"
        return None, [
            schema_error(
                _mark_at(raw, offset, skip, display),
                "SCH006",
                f"file is not valid UTF-8 (byte 0x{raw[offset]:02X} at offset {offset}){guess}",
            )
        ]
    return text, []


def _utf16_without_bom(raw: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when NUL bytes sit at every other position, else None.

    ASCII text in UTF-16 has a NUL in every code unit, always on the same side; a binary file
    has NUL bytes scattered anywhere.
    """
    sample = raw[:400]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul >= 0.9 and even_nul <= 0.1:
        return "UTF-16LE"
    if even_nul >= 0.9 and odd_nul <= 0.1:
        return "UTF-16BE"
    return None


def _mark_at(raw: bytes, offset: int, skip: int, display: str) -> Mark:
    """Line and character column of byte ``offset`` (the part of the line before it decoded
    leniently, so a valid "é" counts as one column)."""
    line = raw.count(b"\n", skip, offset) + 1
    line_start = max(raw.rfind(b"\n", skip, offset) + 1, skip)
    prefix = raw[line_start:offset].decode("utf-8", errors="replace")
    return Mark(display, line, len(prefix) + 1)


_NON_TEXT_START = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core-schema resolution of a plain (unquoted) scalar; dates stay strings."""
    if value and value[0] not in _NON_TEXT_START:
        return value  # the common case: prose, names, ids
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        if len(value) > 400:  # int() refuses 4,300+ digits; no cdc number has 400
            return YamlFloat(float("inf"), value)
        return YamlInt(int(value, 10), value)
    if _INT_OCT.match(value):
        return YamlInt(int(value[2:], 8), value)
    if _INT_HEX.match(value):
        return YamlInt(int(value[2:], 16), value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return YamlFloat(float(value), value)
    if _INF.match(value):
        return YamlFloat(float("-inf") if value.startswith("-") else float("inf"), value)
    if _NAN.match(value):
        return YamlFloat(float("nan"), value)
    return value


__all__ = [
    "Path_",
    "SourceMap",
    "YamlDocument",
    "YamlFloat",
    "YamlInt",
    "decode",
    "resolve_plain",
    "schema_error",
]
