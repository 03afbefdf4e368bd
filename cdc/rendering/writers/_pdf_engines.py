"""What every PDF engine shares: their names, the check of a chosen one, and the one error
that says PDF output is impossible here.

Its own module so that each engine's writer (:mod:`cdc.rendering.writers.pdf` for WeasyPrint,
:mod:`cdc.rendering.writers.typst`) depends on it and neither on the other.
"""

from __future__ import annotations

from cdc.core.errors import CdcError, UsageError

#: PDF engines, as ``--pdf-engine`` names them: WeasyPrint lays out the print HTML, Typst
#: typesets the document tree (:mod:`cdc.rendering.writers.typst`), five to ten times faster;
#: ``auto`` (the default) takes WeasyPrint for an ordinary project and Typst for a large one.
PDF_ENGINES = ("auto", "weasyprint", "typst")
DEFAULT_PDF_ENGINE = "auto"

#: From this many requirements ``auto`` takes Typst. WeasyPrint's pages remain the reference
#: (its hyphenation and line breaking in narrow cells are a little better), and below this
#: size it prints in seconds; above it, WeasyPrint needs 8 s and more (15 s at 1,000, 86 s
#: at 5,000, benchmarks/README.md) where Typst needs 2 s and 10 s.
AUTO_TYPST_FROM = 500

#: Engine names as a reader sees them (the CLI says which engine wrote each PDF).
ENGINE_NAMES = {"weasyprint": "WeasyPrint", "typst": "Typst"}


def check_pdf_engine(engine: str) -> str:
    """``engine`` when it is one of :data:`PDF_ENGINES`, else a usage error saying the choices."""
    if engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r}; choose among {', '.join(PDF_ENGINES)}")
    return engine


def resolve_pdf_engine(engine: str, requirements: int) -> str:
    """The engine that lays the PDFs out: ``engine`` itself, or for ``auto`` Typst when the
    project has :data:`AUTO_TYPST_FROM` requirements or more, WeasyPrint otherwise."""
    if check_pdf_engine(engine) != "auto":
        return engine
    return "typst" if requirements >= AUTO_TYPST_FROM else "weasyprint"


class PdfUnavailable(CdcError):
    """PDF output is impossible on this machine (WeasyPrint or its system libraries missing)."""
