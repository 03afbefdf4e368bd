"""What every PDF engine shares: their names, the check of a chosen one, and the one error
that says PDF output is impossible here.

Its own module so that each engine's writer (:mod:`cdc.render.writers.pdf` for WeasyPrint,
:mod:`cdc.render.writers.typst`) depends on it and neither on the other.
"""

from __future__ import annotations

from cdc.errors import CdcError, UsageError

#: PDF engines, as ``--pdf-engine`` names them: WeasyPrint lays out the print HTML (the
#: default), Typst typesets the document tree (:mod:`cdc.render.writers.typst`), much faster.
PDF_ENGINES = ("weasyprint", "typst")
DEFAULT_PDF_ENGINE = "weasyprint"


def check_pdf_engine(engine: str) -> str:
    """``engine`` when it is one of :data:`PDF_ENGINES`, else a usage error saying the choices."""
    if engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r}; choose among {', '.join(PDF_ENGINES)}")
    return engine


class PdfUnavailable(CdcError):
    """PDF output is impossible on this machine (WeasyPrint or its system libraries missing)."""
