"""Regenerate the case files that are bytes rather than hand-written text.

Run from anywhere: ``python tests/cases/make_binary_cases.py``. It rewrites only the
``cdc.yaml`` of the folders listed below (their ``expected.txt`` are written by hand).

- encodings and binary data (Latin-1, UTF-16, UTF-32, NUL bytes, PNG, ZIP) and the accepted
  UTF-8 BOM + CRLF variant are derived from ``positive/minimal/cdc.yaml``, so they stay in
  step with the clean case;
- the alias bomb and the deep nesting are generated because they are repetitive.

Every file is written with ``Path.write_bytes``; ``tests/cases/.gitattributes`` (``* -text``)
keeps git from converting their line ends.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

CASES = Path(__file__).resolve().parent
MINIMAL = (CASES / "positive" / "minimal" / "cdc.yaml").read_text(encoding="utf-8")


def from_minimal(comment: str, *, replace: tuple[str, str] | None = None) -> str:
    """The minimal case with its second line replaced by ``comment`` (one ``#`` line each)."""
    first, second, rest = MINIMAL.split("\n", 2)
    assert second.startswith("#"), "the minimal case's second line is its comment"
    if replace is not None:
        old, new = replace
        assert rest.count(old) == 1, old
        rest = rest.replace(old, new)
    lines = "".join(f"# {line}\n" for line in comment.strip().splitlines())
    return f"{first}\n{lines}{rest}"


def mixed_encoding() -> bytes:
    """UTF-8 text with one Latin-1 byte, as when a UTF-8 file is edited in a Latin-1 editor.

    On line 46 'programmé' is UTF-8 (two bytes) and the 'à' after it is Latin-1 (0xE0): the
    column must count characters (29), as editors and YAML errors do, not bytes (30).
    """
    text = from_minimal(
        "SCH006: a UTF-8 file with one Latin-1 byte (the a grave of line 46, column 29).",
        replace=("    title: Rappel programmé\n", "    title: Rappel programmé <A>\n"),
    )
    before, after = text.encode("utf-8").split(b"<A>")
    return before + "à l'heure choisie".encode("cp1252") + after


def png_1x1() -> bytes:
    """A valid 1x1 transparent PNG, as when an image is saved under the name cdc.yaml."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1, 8-bit RGBA
    pixels = zlib.compress(b"\x00\x00\x00\x00\x00")  # filter byte + one transparent pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    """A small ZIP archive, as when a .docx or .zip is saved under the name cdc.yaml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # stored: the same bytes on every zlib
        info = zipfile.ZipInfo("cdc.yaml", date_time=(2027, 1, 15, 0, 0, 0))
        archive.writestr(info, MINIMAL)
    return buffer.getvalue()


def alias_bomb(levels: int = 10, width: int = 10) -> str:
    """Billion laughs: each anchor lists the previous alias ``width`` times (width**levels)."""
    lines = [
        "# yaml-language-server: $schema=../../../../schemas/project.schema.json",
        f"# SCH008: a 'billion laughs' alias bomb: {levels} levels of anchors, each listing the",
        f"# previous alias {width} times, would expand to {width}**{levels} values. It is refused",
        "# while reading, long before it can exhaust memory.",
        f"lol0: &lol0 [{', '.join(['lol'] * width)}]",
    ]
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_nesting(depth: int = 20_000) -> str:
    """Flow sequences nested ``depth`` levels deep: a recursive parser would overflow."""
    return (
        "# yaml-language-server: $schema=../../../../schemas/project.schema.json\n"
        f"# SCH008: {depth:,} nested flow lists; reading stops at the nesting limit.\n"
        + "[" * depth
        + "]" * depth
        + "\n"
    )


def utf32_le(text: str) -> bytes:
    """UTF-32 little-endian with its byte-order mark (FF FE 00 00)."""
    return b"\xff\xfe\x00\x00" + text.encode("utf-32-le")


def utf32_be(text: str) -> bytes:
    """UTF-32 big-endian with its byte-order mark (00 00 FE FF)."""
    return b"\x00\x00\xfe\xff" + text.encode("utf-32-be")


FILES: dict[str, bytes] = {
    "negative/sch006-latin1": from_minimal(
        "SCH006: the minimal case saved in Latin-1 / Windows-1252 (e acute is the single byte 0xE9)."
    ).encode("cp1252"),
    "negative/sch006-mixed-encoding": mixed_encoding(),
    "negative/sch006-utf16": from_minimal(
        "SCH006: the minimal case saved in UTF-16 (little-endian, with a byte-order mark)."
    ).encode("utf-16"),
    "negative/sch006-utf16-nobom": from_minimal(
        "SCH006: the minimal case saved in UTF-16 little-endian without a byte-order mark."
    ).encode("utf-16-le"),
    "negative/sch006-utf32": utf32_le(
        from_minimal(
            "SCH006: the minimal case saved in UTF-32 little-endian, with a byte-order mark."
        )
    ),
    "negative/sch006-utf32-be": utf32_be(
        from_minimal("SCH006: the minimal case saved in UTF-32 big-endian, with a byte-order mark.")
    ),
    "negative/sch006-nul-bytes": from_minimal(
        "SCH006: a NUL byte inside the title of FCT-001 (line 39, after 'Historique').",
        replace=("    title: Historique unique\n", "    title: Historique\0 unique\n"),
    ).encode("utf-8"),
    "negative/sch006-binary": png_1x1(),
    "negative/sch006-zip": zip_archive(),
    "negative/sch008-alias-bomb": alias_bomb().encode("utf-8"),
    "negative/sch008-deep-nesting": deep_nesting().encode("utf-8"),
    "positive/accepted-bom-crlf": b"\xef\xbb\xbf"
    + from_minimal(
        "Accepted: the minimal case with a UTF-8 byte-order mark and Windows (CRLF) line ends."
    )
    .replace("\n", "\r\n")
    .encode("utf-8"),
}


def main() -> None:
    for folder, data in FILES.items():
        path = CASES / folder / "cdc.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(CASES)} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
