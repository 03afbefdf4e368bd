"""Reproducible zip packages (DOCX, XLSX): same content, same bytes.

python-docx and openpyxl stamp every zip entry with the current time and the host's file
attributes; the rest of an OOXML package is deterministic. Kept apart from the writers so that
neither pulls the other's heavy library in.
"""

from __future__ import annotations

import io
import zipfile

#: The earliest time a zip entry can carry.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes, date_time: tuple[int, int, int, int, int, int] = ZIP_EPOCH) -> bytes:
    """Rewrite a zip: same entries, order and data; fixed time, neutral attributes.

    Stored entries stay stored (ODF and EPUB ``mimetype`` rules hold); everything else is
    deflated at level 6, so the bytes do not depend on the writer's compression settings.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            stored = info.compress_type == zipfile.ZIP_STORED
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.create_system = 0
            is_dir = info.filename.endswith("/")
            entry.external_attr = ((0o40755 if is_dir else 0o100644) << 16) | (
                0x10 if is_dir else 0
            )
            dst.writestr(entry, src.read(info), compresslevel=None if stored else 6)
    return out.getvalue()


#: The latest time a zip entry can carry (DOS dates stop at 2107).
ZIP_END = (2107, 12, 31, 23, 59, 58)


def stamp(year: int, month: int, day: int) -> tuple[int, int, int, int, int, int]:
    """A zip date_time for a calendar day, within what a zip entry can carry (1980–2107): a
    project dated 9999-12-31 still renders."""
    return min(ZIP_END, max(ZIP_EPOCH, (year, month, day, 0, 0, 0)))
