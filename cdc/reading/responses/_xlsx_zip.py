"""Open a zip package that came from outside (a vendor's grid) without being made to pay for it.

A 3 MB file can declare, or secretly hold, gigabytes of XML (a "zip bomb"): the file size, the
number of entries, each entry's declared size and compression ratio and the total are bounded
before anything is inflated (:func:`check_package`), and every entry is inflated with a cap on
the bytes actually produced, since a zip's declared sizes can lie (:func:`read_part`). A grid
cdc writes uses a few MB at most: the limits leave a hundredfold margin. XML parts holding a
DTD are refused before parsing (entities would expand past every limit above, or show cdc
another text than Excel), and so are parts not in UTF-8 (:func:`parse_xml`).

The layer under both :mod:`cdc.reading.responses._xlsx_package` (which parts) and
:mod:`cdc.reading.responses._xlsx_values` (their values): standard library only.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

#: Limits on a package read from outside (see :func:`check_package`). A 1,000-requirement grid
#: is a 0.2 MB file whose largest part inflates to 1.5 MB, with ratios under 10.
MAX_FILE_BYTES = 64 * 2**20
MAX_ENTRIES = 1_000
MAX_PART_BYTES = 64 * 2**20
MAX_TOTAL_BYTES = 128 * 2**20
#: Deflate reaches 1,000:1 on runs of one byte; XML, even repetitive, stays far below 100:1.
MAX_RATIO = 100
#: Entries smaller than this are not judged by their ratio (tiny parts compress oddly).
RATIO_FLOOR = 2**20
_CHUNK = 2**20
#: Rows of a worksheet (Excel and LibreOffice): a cell claiming a row beyond is refused.
MAX_ROWS = 1_048_576
_EOCD = b"PK\x05\x06"


class XlsxFormatError(Exception):
    """The package is a zip but not a readable workbook."""


class PackageTooLarge(XlsxFormatError):
    """The package is beyond the limits of a spreadsheet (possibly a zip bomb)."""


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def _directory_entries(path: Any) -> int | None:
    """Entries announced by the end-of-central-directory record, read before ``zipfile`` parses
    the directory (a small file can list millions of entries); None when not found."""
    try:
        with Path(path).open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 65_557))
            tail = handle.read()
    except (OSError, TypeError):
        return None
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    return int(struct.unpack("<H", tail[at + 10 : at + 12])[0])


def check_package(path: Any, infos: list[zipfile.ZipInfo] | None = None) -> None:
    """Refuse a package beyond sane limits, before inflating anything.

    Called with ``infos`` None, checks the file size and the announced number of entries (so
    that ``zipfile`` is not made to parse a huge directory); with the parsed entries, checks
    their count, declared sizes and ratios.
    """
    if infos is None:
        try:
            size = Path(path).stat().st_size
        except (OSError, TypeError):
            return
        if size > MAX_FILE_BYTES:
            raise PackageTooLarge(
                f"the file is {_mib(size)}, more than the {_mib(MAX_FILE_BYTES)} a grid may be"
            )
        entries = _directory_entries(path)
        if entries is not None and entries > MAX_ENTRIES:
            raise PackageTooLarge(
                f"the package lists {entries:,} entries, more than the {MAX_ENTRIES:,} allowed"
            )
        return
    if len(infos) > MAX_ENTRIES:
        raise PackageTooLarge(
            f"the package holds {len(infos):,} entries, more than the {MAX_ENTRIES:,} allowed"
        )
    total = 0
    for info in infos:
        declared = info.file_size
        total += declared
        if declared > MAX_PART_BYTES:
            raise PackageTooLarge(
                f"part '{info.filename}' inflates to {_mib(declared)}, more than the "
                f"{_mib(MAX_PART_BYTES)} allowed (a zip bomb?)"
            )
        if declared > RATIO_FLOOR and declared > MAX_RATIO * max(1, info.compress_size):
            raise PackageTooLarge(
                f"part '{info.filename}' is compressed {declared // max(1, info.compress_size):,}"
                f" to 1, more than the {MAX_RATIO} to 1 allowed (a zip bomb?)"
            )
    if total > MAX_TOTAL_BYTES:
        raise PackageTooLarge(
            f"the package inflates to {_mib(total)}, more than the {_mib(MAX_TOTAL_BYTES)} allowed"
        )


def local_name(tag: str) -> str:
    """``{namespace}name`` → ``name``: transitional and strict OOXML use different namespaces."""
    return tag.rsplit("}", 1)[-1]


#: An XML declaration's encoding, if any (Office writes UTF-8, and so must a grid be).
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def parse_xml(data: bytes) -> ElementTree.Element:
    """Parse one part, refusing any DTD before the parser sees it.

    Office never writes a document type declaration; one in a grid is there to define entities,
    which the parser would expand: a cell showing empty in Excel reads as an answer, or a few
    kilobytes expand into gigabytes ("billion laughs"). The check is a byte search, so the part
    must be UTF-8 (any other encoding could spell ``<!DOCTYPE`` in other bytes).
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise XlsxFormatError("an XML part is not in UTF-8, as Office writes them")
    declared = _ENCODING.match(data[:200])
    if declared and declared.group(1).strip().lower() not in (b"utf-8", b"utf8"):
        raise XlsxFormatError(
            f"an XML part declares the encoding '{declared.group(1).decode('ascii', 'replace')}'"
            ", not UTF-8 as Office writes them"
        )
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XlsxFormatError(
            "an XML part holds a DOCTYPE or ENTITY declaration, which Office never writes "
            "(entities could show one thing in Excel and another to cdc, or expand without end)"
        )
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise XlsxFormatError(f"malformed XML: {exc}") from None


def read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """An entry's bytes, inflated with a cap: never more than it declared (its size can lie)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    cap = min(info.file_size, MAX_PART_BYTES)
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(min(_CHUNK, cap - size + 1))
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise PackageTooLarge(
                    f"part '{name}' inflates to more than the {info.file_size:,} bytes it "
                    "declares (a zip bomb?)"
                )
            chunks.append(chunk)
    return b"".join(chunks)
