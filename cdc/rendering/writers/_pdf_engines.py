"""What every PDF engine shares: their names, the check of a chosen one, and the one error
that says PDF output is impossible here.

Its own module so that each engine's writer (:mod:`cdc.rendering.writers.pdf` for WeasyPrint,
:mod:`cdc.rendering.writers.typst`) depends on it and neither on the other.
"""

from __future__ import annotations

from cdc.core.errors import CdcError, UsageError

#: PDF engines, as ``--pdf-engine`` names them: WeasyPrint lays out the print HTML, Typst
#: typesets the document tree (:mod:`cdc.rendering.writers.typst`), five to ten times faster;
#: ``auto`` (the default) takes Typst, and WeasyPrint only where the ``typst`` wheel cannot be
#: installed. Typst became the default for every size once its pages were compared with
#: WeasyPrint's page by page, for every document (cover, contents and page numbers, running
#: header and footer, numbered headings, repeated table headers, rows never split, French
#: spaces, the charts): as good, and the flagship's nine PDFs take 2 s instead of 14 s.
PDF_ENGINES = ("auto", "weasyprint", "typst")
DEFAULT_PDF_ENGINE = "auto"

#: Engine names as a reader sees them (the CLI says which engine wrote each PDF).
ENGINE_NAMES = {"weasyprint": "WeasyPrint", "typst": "Typst"}


def check_pdf_engine(engine: str) -> str:
    """``engine`` when it is one of :data:`PDF_ENGINES`, else a usage error saying the choices."""
    if engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r}; choose among {', '.join(PDF_ENGINES)}")
    return engine


def resolve_pdf_engine(engine: str) -> str:
    """The engine that lays the PDFs out: ``engine`` itself, or for ``auto`` Typst when its
    package can be imported here, WeasyPrint otherwise (looked up, not imported: cheap)."""
    if check_pdf_engine(engine) != "auto":
        return engine
    from importlib.util import find_spec

    return "typst" if find_spec("typst") is not None else "weasyprint"


class PdfUnavailable(CdcError):
    """PDF output is impossible on this machine (WeasyPrint or its system libraries missing)."""
