"""PDF writer through Typst (``--pdf-engine typst``): the document tree as Typst markup
(:mod:`cdc.rendering.writers.typst_markup`), compiled in-process by the ``typst`` wheel.

Why these choices:

* **From the tree, not from HTML**, as the Markdown and DOCX writers: Typst lays out a
  1,000-requirement specification an order of magnitude faster than WeasyPrint lays out its HTML.
* **Nothing is read or fetched but what cdc writes.** The compile root is a fresh temporary
  folder holding only the charts cdc drew; Typst cannot read outside its root, the local and
  cached package folders point inside it (empty), and project text reaches Typst as string
  literals only, so it can call nothing.
* **Reproducible files.** Fonts come from the DejaVu files WeasyPrint also uses (fonts-dejavu-
  core) plus Typst's embedded fonts, never from the system's font list, so another installed
  font cannot change the pages; the PDF's dates are the document date. The same document gives
  the same bytes. Typst records itself as the PDF's Creator ("Typst 0.x"), which tells which
  engine wrote the file.
* **Lazy import.** The ``typst`` module loads only for PDF output with this engine; without it
  the user gets one actionable line (:class:`TypstUnavailable`).
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from cdc.rendering.tree import Document, Meta
from cdc.rendering.writers._pdf_engines import PdfUnavailable
from cdc.rendering.writers.typst_markup import to_typst

#: The DejaVu faces the documents use (sans for text, mono for code; the condensed bold for
#: the narrow header cells of a matrix, as WeasyPrint's ``font-stretch: condensed`` takes it:
#: without it "Responsable" ran from one column rule to the other in the RACI header).
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSansMono-Oblique.ttf",
    "DejaVuSansMono-BoldOblique.ttf",
)

#: Where distributions install DejaVu (Debian/Ubuntu first: fonts-dejavu-core).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/dejavu-sans-fonts"),
    Path("/usr/share/fonts/dejavu-sans-mono-fonts"),
    Path("/usr/local/share/fonts/dejavu"),
    Path("/opt/homebrew/share/fonts"),
    Path("/Library/Fonts"),
)

_FONT_HINT = (
    "typst: DejaVu Sans not found, the PDF uses Typst's built-in fonts: "
    "apt-get install fonts-dejavu-core (or install the DejaVu fonts)"
)


class TypstUnavailable(PdfUnavailable):
    """PDF output with Typst is impossible: the ``typst`` package is not installed."""


class TypstFailed(RuntimeError):
    """Typst rejected the source cdc generated: a bug in cdc, never the project's fault."""


def to_pdf(document: Document, *, warnings: list[str] | None = None) -> bytes:
    """Render ``document`` as an A4 PDF with Typst.

    Typst's warnings (and a missing-font notice) are appended to ``warnings`` when a list is
    given. Raises :class:`TypstUnavailable` when the ``typst`` package cannot be imported.
    """
    source, files = to_typst(document)
    return source_to_pdf(source, files, document.meta, warnings=warnings)


def source_to_pdf(
    source: str, files: dict[str, bytes], meta: Meta, *, warnings: list[str] | None = None
) -> bytes:
    """:func:`to_pdf` from the Typst source and its files, so a caller can free the tree first."""
    typst = _import_typst()
    found = bool(_font_files())
    if warnings is not None and not found:
        warnings.append(_FONT_HINT)
    with tempfile.TemporaryDirectory(prefix="cdc-typst-") as tmp:
        root, fonts, packages = Path(tmp, "root"), Path(tmp, "fonts"), Path(tmp, "packages")
        for folder in (root, fonts, packages):
            folder.mkdir()
        for name, data in sorted(files.items()):
            (root / name).write_bytes(data)
        compiler = typst.Compiler(
            root=str(root),
            font_paths=_fonts(typst, fonts),
            ignore_system_fonts=True,
            package_path=str(packages),
            package_cache_path=str(packages),
        )
        try:
            pdf, notes = compiler.compile_with_warnings(
                input=source.encode("utf-8"), format="pdf", timestamp=_timestamp(meta)
            )
        except typst.TypstError as exc:
            raise TypstFailed(f"typst could not compile cdc's source: {exc}") from exc
    if warnings is not None:
        for note in notes:
            message = f"typst: {getattr(note, 'message', note)}"
            if message not in warnings:
                warnings.append(message)
    if not isinstance(pdf, bytes):  # pragma: no cover - one PDF is always one bytes object
        raise TypstFailed("typst returned no PDF")
    return pdf


def _import_typst() -> ModuleType:
    """The ``typst`` module, or one actionable :class:`TypstUnavailable` line."""
    try:
        import typst
    except ImportError as exc:
        raise TypstUnavailable(
            f"PDF output with --pdf-engine typst needs Typst: pip install typst ({exc})"
        ) from exc
    return typst


@cache
def _font_files() -> tuple[str, ...]:
    """The DejaVu files of the first folder that has DejaVu Sans (empty when none has)."""
    for folder in FONT_DIRS:
        if (folder / FONT_FILES[0]).is_file():
            return tuple(str(folder / n) for n in FONT_FILES if (folder / n).is_file())
    return ()


def _fonts(typst: Any, folder: Path) -> Any:
    """Typst's font set: the DejaVu files (linked into ``folder``, as Typst takes folders, not
    files) and Typst's own embedded fonts, no system font."""
    for path in _font_files():
        link = folder / Path(path).name
        try:
            link.symlink_to(path)
        except OSError:  # no symlinks (Windows without the privilege): copy the file
            shutil.copyfile(path, link)
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(folder)]
    )


def _timestamp(meta: Meta) -> int:
    """The document date at midnight UTC as Unix seconds (what Typst's ``datetime.today``
    and the PDF's dates would otherwise take from the clock)."""
    try:
        day = datetime.date.fromisoformat(meta.date_iso)
    except ValueError:
        return 0
    moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return int(moment.timestamp())


__all__ = ["TypstFailed", "TypstUnavailable", "to_pdf"]
