"""The scoring report as documents: Markdown, HTML and PDF through the templates, and XLSX.

``score_output(report, fmt)`` is what ``cdc score --format md|html|pdf|xlsx`` calls. Everything
printed is read from the :class:`~cdc.scoring.report.ScoreReport`; this module only arranges it
for reading:

* :func:`~cdc.rendering.score.context.score_context` turns the report into a typed
  :class:`~cdc.rendering.score.context_types.ScoreContext` — published values rounded as the project
  declares, reasons and warnings worded in the document's language from their codes
  (:mod:`cdc.rendering.score.wording`). Templates (``templates/<lang>/score.xml.j2``) see it as
  ``extra.score`` and only loop and print;
* :func:`score_figures` draws the three charts (:mod:`cdc.rendering.score.charts`);
* :func:`score_document` renders the template into the same document tree as every other cdc
  document, so the Markdown, HTML and PDF writers are the usual ones;
* the workbook is written by :mod:`cdc.rendering.score.xlsx` (openpyxl, imported only then).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cdc.rendering.fmt import Formatter
from cdc.rendering.score.charts import (
    ChartWords,
    ProfileBar,
    Section,
    TippingBar,
    VendorBar,
    profile_chart,
    tipping_chart,
    totals_chart,
)
from cdc.rendering.score.context import score_context
from cdc.rendering.score.context_types import ScoreContext
from cdc.rendering.tree import Document, Figure
from cdc.scoring.report import ScoreReport

#: Output formats written here (JSON, CSV and the terminal table live in report.py / the CLI).
DOCUMENT_FORMATS = ("md", "html", "pdf", "xlsx")


# -- charts -----------------------------------------------------------------------------------
def score_figures(context: ScoreContext, labels: dict[str, Any], lang: str) -> dict[str, Figure]:
    """The charts of the report, by the name ``<chart ref="…"/>`` gives them."""
    fmt = Formatter(lang)
    words = ChartWords.from_labels(labels["score"]["chart"])
    sections = [Section(x.title, x.max_points) for x in context.sections]
    figures: dict[str, Figure] = {}
    if context.vendors and sections:
        bars = [
            VendorBar(v.vendor, v.rank, v.status, tuple(v.sections), v.total)
            for v in context.vendors
        ]
        figures["totals"] = totals_chart(sections, bars, words, fmt, context.decimals)
        profile = [
            ProfileBar(v.vendor, v.status == "ranked", tuple(v.shares)) for v in context.vendors
        ]
        figures["profile"] = profile_chart(sections, profile, words, fmt)
    if context.tipping:
        tips = [
            TippingBar(t.title, t.top_level, t.weight, t.tipping, t.new_winner)
            for t in context.tipping
        ]
        figures["tipping"] = tipping_chart(tips, words, fmt)
    return figures


# -- documents --------------------------------------------------------------------------------
def score_document(report: ScoreReport) -> Document:
    """The report as a document tree, from ``score.xml.j2`` in the project's language."""
    from cdc.rendering.documents import DocumentBuilder

    builder = DocumentBuilder(report.scoring.project)
    context = score_context(report, builder.labels)
    figures = score_figures(context, builder.labels, builder.lang)
    context = replace(context, charts=sorted(figures))
    return builder.build("score", extra={"score": context}, figures=figures)


def score_output(report: ScoreReport, fmt: str, *, pdf_engine: str = "weasyprint") -> str | bytes:
    """The report in ``fmt``: ``md`` and ``html`` as text, ``pdf`` and ``xlsx`` as bytes
    (the PDF laid out by ``pdf_engine``, see :data:`cdc.rendering.writers.pdf.PDF_ENGINES`)."""
    if fmt == "xlsx":
        from cdc.rendering.score.xlsx import score_xlsx
        from cdc.rendering.templating import load_labels

        labels = load_labels(report.scoring.project.project.language.value)
        context = score_context(report, labels)
        return score_xlsx(report, context, labels)
    if fmt not in DOCUMENT_FORMATS:
        raise ValueError(f"unknown score document format {fmt!r}")
    document = score_document(report)
    if fmt == "md":
        from cdc.rendering.writers.markdown import to_markdown

        return to_markdown(document)
    if fmt == "html":
        from cdc.rendering.writers.html import to_html

        return to_html(document)
    from cdc.rendering.writers.pdf import to_pdf

    return to_pdf(document, engine=pdf_engine)


__all__ = [
    "DOCUMENT_FORMATS",
    "ScoreContext",
    "score_context",
    "score_document",
    "score_figures",
    "score_output",
]
