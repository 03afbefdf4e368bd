"""The execution documents as document trees: dashboard, register, evidence index, letter.

Each is a template (``templates/<lang>/execution_<name>.xml.j2``) rendered with the project's
usual context plus the computed :class:`~.context_types.ExecutionContext` as ``extra.x``, parsed
into the same tree as every other cdc document, so the Markdown, HTML, PDF (WeasyPrint or
Typst) and DOCX writers are the usual ones. The running header carries the report date; the
letter's header and footer carry the draft marking on every page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from cdc.execution.follow import FollowUp
from cdc.model import Project
from cdc.model.execution import ExecutionLog
from cdc.rendering.execution.charts import (
    CapBar,
    ChartWords,
    DeliveryBar,
    LevelCell,
    LevelRow,
    caps_chart,
    deliveries_chart,
    service_levels_chart,
)
from cdc.rendering.execution.context import build_execution_context
from cdc.rendering.execution.context_types import ExecutionContext
from cdc.rendering.execution.letter import build_letter
from cdc.rendering.fmt import Formatter
from cdc.rendering.tree import Document, Figure

#: The execution documents, in the order they are listed to users.
EXECUTION_DOCUMENTS = ("dashboard", "register", "evidence", "letter")
#: Formats each of them exists in.
EXECUTION_FORMATS = ("md", "html", "pdf", "docx")


def execution_figures(
    context: ExecutionContext, labels: dict[str, Any], lang: str
) -> dict[str, Figure]:
    """The dashboard's charts, by the name ``<chart ref="…"/>`` gives them."""
    fmt = Formatter(lang)
    words = ChartWords.from_labels(labels["execution"]["chart"])
    figures: dict[str, Figure] = {}
    dated = [d for d in context.deliveries if d.planned is not None]
    if dated:
        bars = [
            DeliveryBar(f"{d.id} — {d.label}" if d.label != d.id else d.id, d.planned, d.actual,
                        d.gross_days, d.status, fmt.date(d.planned), fmt.date(d.actual))
            for d in dated
            if d.planned is not None
        ]  # fmt: skip
        as_of = str(labels["execution"]["as_of"]).format(date=fmt.date(context.as_of))
        figures["deliveries"] = deliveries_chart(bars, context.as_of, words, as_of)
    if context.levels:
        periods = list(dict.fromkeys(r.month for r in context.levels))
        names = {r.month: r.month_label for r in context.levels}
        indicators = list(dict.fromkeys((r.indicator, r.target) for r in context.levels))
        cells = {(r.month, r.indicator): r for r in context.levels}
        rows = []
        for indicator, target in indicators:
            row_cells = []
            for month in periods:
                r = cells.get((month, indicator))
                if r is None:
                    row_cells.append(LevelCell("missing", ""))
                else:
                    row_cells.append(LevelCell("met" if r.met else "breached", r.measured))
            rows.append(LevelRow(indicator, target, tuple(row_cells)))
        figures["levels"] = service_levels_chart([names[m] for m in periods], rows, words)
    if context.caps:
        money = [
            CapBar(c.label, c.applied, c.cap, fmt.money(c.applied, context.currency),
                   fmt.money(c.cap, context.currency) if c.cap is not None else "",
                   fmt.pct(c.share) if c.share is not None else "")
            for c in context.caps
        ]  # fmt: skip
        figures["caps"] = caps_chart(money, words)
    return figures


def execution_document(
    name: str,
    project: Project,
    log: ExecutionLog,
    follow: FollowUp,
    *,
    grievance: str | None = None,
    templates: Path | None = None,
    project_root: Path | None = None,
) -> Document:
    """The tree of execution document ``name`` (one of :data:`EXECUTION_DOCUMENTS`)."""
    from cdc.core.errors import UsageError
    from cdc.rendering.documents import DocumentBuilder

    if name not in EXECUTION_DOCUMENTS:
        raise UsageError(
            f"unknown execution document {name!r}; choose among {', '.join(EXECUTION_DOCUMENTS)}"
        )
    builder = DocumentBuilder(project, templates=templates, project_root=project_root)
    labels = builder.labels
    words = labels["execution"]
    kind = f"execution_{name}"
    builder.labels = {**labels, "doc": {**labels["doc"], kind: words["doc"][name]}}
    context = build_execution_context(project, log, follow, labels, builder.clauses)
    figures: dict[str, Figure] = {}
    if name == "dashboard":
        figures = execution_figures(context, labels, builder.lang)
        context = replace(context, charts=sorted(figures))
    elif name == "letter":
        if grievance is None:
            known = ", ".join(g.id for g in log.grievances) or "none in the log"
            raise UsageError(f"the letter needs a grievance id (grievances: {known})")
        context = replace(context, letter=build_letter(context, log, follow, grievance, words))
    document = builder.build(kind, extra={"x": context}, figures=figures)
    fmt = Formatter(builder.lang)
    info = project.project
    title = str(words["doc"][name])
    as_of = str(words["as_of"]).format(date=fmt.date(context.as_of))
    meta = replace(
        document.meta,
        date=fmt.date(context.as_of),
        date_iso=context.as_of.isoformat(),
        header=f"{info.title} — {title} — {as_of}",
    )
    if name == "letter":
        draft = str(words["draft"])
        meta = replace(meta, title=f"{draft} — {title}", header=draft, footer=draft)
    return replace(document, meta=meta)


__all__ = [
    "EXECUTION_DOCUMENTS",
    "EXECUTION_FORMATS",
    "execution_document",
    "execution_figures",
]
