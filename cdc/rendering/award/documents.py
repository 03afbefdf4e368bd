"""The award report and the letters as document trees, and their files.

Each is a template (``templates/<lang>/award_report.xml.j2``, ``award_letter.xml.j2``) rendered
with the project's usual context plus ``extra.award`` (:class:`~.context.AwardContext`) and
``extra.score`` (the score report's context), parsed into the same tree as every other cdc
document, so the Markdown, HTML, PDF and DOCX writers are the usual ones. The letters carry the
draft marking in their title, header and footer on every page: they are drafts for counsel.

:func:`render_award_documents` writes the report and one letter per bidder with the rules of
``cdc render``: names known before the first write, atomic writes, and a file someone changed
since cdc wrote it (a letter a lawyer edited) is never replaced without ``force``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cdc.core.errors import UsageError
from cdc.rendering.api import RenderResult, output_name, save_output, writable_folder
from cdc.rendering.award.context import AwardContext, award_context, for_letter
from cdc.rendering.score.context_types import ScoreContext
from cdc.rendering.tree import Document
from cdc.scoring.award import Award

#: The formats the report and the letters are written in, in canonical order.
AWARD_FORMATS = ("md", "html", "pdf", "docx")


@dataclass
class AwardDocuments:
    """The trees of one award: the report, then one letter per bidder (in ranking order)."""

    report: Document
    letters: dict[str, Document]  # vendor → its letter
    context: AwardContext
    score: ScoreContext
    labels: dict[str, Any]


def award_documents(
    award: Award, *, templates: Path | None = None, project_root: Path | None = None
) -> AwardDocuments:
    """The report's and every letter's tree, in the project's language."""
    from cdc.rendering.documents import DocumentBuilder

    project = award.scoring.project
    builder = DocumentBuilder(project, templates=templates, project_root=project_root)
    labels = builder.labels
    words = labels["award"]
    builder.labels = {
        **labels,
        "doc": {**labels["doc"], "award_report": words["doc"], "award_letter": words["letter_doc"]},
    }
    context, score = award_context(award, labels)
    report = builder.build("award_report", extra={"award": context, "score": score})
    info = project.project
    report = replace(report, meta=replace(report.meta, header=f"{info.title} — {words['doc']}"))
    letters = {}
    draft = str(words["draft"])
    for view in context.letters:
        tree = builder.build(
            "award_letter", extra={"award": for_letter(context, view.vendor), "score": score}
        )
        meta = replace(
            tree.meta,
            title=f"{draft} — {view.kind_label} — {view.vendor}",
            header=draft,
            footer=draft,
        )
        letters[view.vendor] = replace(tree, meta=meta)
    return AwardDocuments(report, letters, context, score, labels)


def vendor_slug(name: str) -> str:
    """``Boréal CX`` → ``boreal-cx``: a file-name part from a vendor's name (ASCII only)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "bid"


def award_targets(documents: AwardDocuments, award: Award, output_dir: Path,
                  formats: list[str]) -> dict[tuple[str, str], Path]:  # fmt: skip
    """Every file to write, keyed by (``report`` or vendor, format), named up front.

    The report: ``<id>_rapport-attribution_v1.1.docx``; a letter:
    ``<id>_lettre-rejet-alize-contact_v1.1.docx`` (two vendors whose names give the same slug
    get a number, in ranking order, so no letter overwrites another).
    """
    project = award.scoring.project
    words = documents.labels["award"]
    out: dict[tuple[str, str], Path] = {}
    for fmt in formats:
        out[("report", fmt)] = output_dir / output_name(project, str(words["file"]), fmt)
    seen: dict[str, int] = {}
    for view in documents.context.letters:
        slug = f"{words['letter_file'][view.kind]}-{vendor_slug(view.vendor)}"
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        for fmt in formats:
            out[(view.vendor, fmt)] = output_dir / output_name(project, slug, fmt)
    return out


def render_award_documents(
    award: Award,
    *,
    output_dir: Path,
    formats: list[str],
    project_root: Path | None = None,
    templates: Path | None = None,
    reference_docx: Path | None = None,
    force: bool = False,
    pdf_engine: str = "auto",
    inputs: list[Path] | None = None,
) -> RenderResult:
    """Write the report and one letter per bidder in each of ``formats`` into ``output_dir``.

    Refuses (before writing anything) an unknown format, a target that is one of ``inputs``,
    and a file that differs from what cdc last wrote there unless ``force``.
    """
    from cdc.rendering.execution import render_document
    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine
    from cdc.rendering.writers.pdf import PdfUnavailable

    bad = [f for f in formats if f not in AWARD_FORMATS]
    if bad or not formats:
        raise UsageError(f"choose formats among {', '.join(AWARD_FORMATS)}")
    engine = resolve_pdf_engine(pdf_engine)
    docs = award_documents(award, templates=templates, project_root=project_root)
    targets = award_targets(docs, award, output_dir, formats)
    read = {p.resolve() for p in inputs or []}
    clash = [p for p in targets.values() if p.resolve() in read]
    if clash:
        raise UsageError(f"{clash[0]}: is one of the input files; choose another output folder")
    manifest = writable_folder(output_dir, list(targets.values()), force)
    result = RenderResult(pdf_engine=engine if "pdf" in formats else None)
    trees = {"report": docs.report, **docs.letters}
    for tree in trees.values():
        result.warnings.extend(w for w in tree.warnings if w not in result.warnings)
    unavailable: set[str] = set()
    try:
        for (key, fmt), target in targets.items():
            if fmt in unavailable:
                continue
            try:
                data = render_document(trees[key], fmt, pdf_engine=engine,
                                       reference_docx=reference_docx, warnings=result.warnings)  # fmt: skip
            except PdfUnavailable as exc:
                unavailable.add(fmt)
                result.errors.append(str(exc))
                continue
            save_output(target, data, manifest, result)
    finally:
        if result.written or result.unchanged:
            manifest.save()
    return result


__all__ = [
    "AWARD_FORMATS",
    "AwardDocuments",
    "award_documents",
    "award_targets",
    "render_award_documents",
    "vendor_slug",
]
