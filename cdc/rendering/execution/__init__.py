"""The documents of a signed contract's follow-up: dashboard, register, evidence index, letter.

Enters: the project, its execution log and the follow-up computed as of a date
(:func:`cdc.execution.follow_up`). Leaves: the steering committee's dashboard (deliveries
against plan, acceptance, service levels, money against caps, open grievances, deadlines,
overdue actions, with SVG charts), the grievance register, the index of evidence pieces
(*bordereau de pièces*, with each piece's SHA-256 and its check) and a draft letter for one
grievance (invitation to comment under the CCAG-TIC, formal notice otherwise), in Markdown,
HTML, PDF and DOCX, through the same templates, tree and writers as every cdc document.
:func:`render_execution_documents` is what the command line calls; nothing here changes a
figure of the follow-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from cdc.core.errors import UsageError
from cdc.execution.follow import FollowUp
from cdc.model import Project
from cdc.model.execution import ExecutionLog
from cdc.rendering.api import Manifest, RenderResult, save_output, writable_folder
from cdc.rendering.execution.documents import (
    EXECUTION_DOCUMENTS,
    EXECUTION_FORMATS,
    execution_document,
)
from cdc.rendering.tree import Document


def execution_output_name(
    project: Project, slug: str, as_of: str, ext: str, grievance: str | None = None
) -> str:
    """``ondea-2027_tableau-de-bord-execution_2027-11-15.pdf`` (the letter: ``…_G02_…``)."""
    part = f"{slug}_{re.sub(r'[^A-Za-z0-9._-]+', '-', grievance)}" if grievance else slug
    return f"{project.project.id}_{part}_{as_of}.{ext}"


def render_document(document: Document, fmt: str, *, pdf_engine: str = "weasyprint",
                    reference_docx: Path | None = None, warnings: list[str] | None = None) -> bytes:  # fmt: skip
    """One document tree in one format, as bytes (heavy writers imported only then)."""
    if fmt == "md":
        from cdc.rendering.writers.markdown import to_markdown

        return to_markdown(document).encode("utf-8")
    if fmt == "html":
        from cdc.rendering.writers.html import to_html

        return to_html(document).encode("utf-8")
    if fmt == "docx":
        from cdc.rendering.writers.docx import to_docx

        return to_docx(document, reference_docx=reference_docx)
    if fmt == "pdf":
        from cdc.rendering.writers.pdf import to_pdf

        return to_pdf(document, engine=pdf_engine, warnings=warnings)
    raise UsageError(f"unknown format {fmt!r}; choose among {', '.join(EXECUTION_FORMATS)}")


def render_execution_documents(
    project: Project,
    log: ExecutionLog,
    follow: FollowUp,
    *,
    project_root: Path,
    output_dir: Path,
    documents: list[str],
    formats: list[str],
    grievance: str | None = None,
    templates: Path | None = None,
    reference_docx: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    pdf_engine: str = "auto",
) -> RenderResult:
    """Write the asked execution documents in the asked formats into ``output_dir``.

    Same rules as ``cdc render``: atomic writes, and a file changed by someone since cdc wrote it
    is never replaced without ``force`` (the output folder's manifest remembers what cdc wrote).
    The letter needs ``grievance``.
    """
    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine

    _check_request(log, documents, formats, grievance)
    engine = resolve_pdf_engine(pdf_engine)
    targets = _targets(project, follow, output_dir, documents, formats, grievance, templates,
                       project_root)  # fmt: skip
    # the output folder's manifest is the one ``cdc render`` keeps (same rules, same file)
    manifest = writable_folder(output_dir, list(targets.values()), force)
    result = RenderResult(pdf_engine=engine if "pdf" in formats else None)
    try:
        for doc in documents:
            tree = execution_document(
                doc, project, log, follow, grievance=grievance, templates=templates,
                project_root=project_root,
            )  # fmt: skip
            result.warnings.extend(tree.warnings)
            for fmt in formats:
                _write_one(tree, fmt, targets[(doc, fmt)], engine, reference_docx, result,
                           manifest, progress)  # fmt: skip
    finally:
        if result.written or result.unchanged:
            manifest.save()
    return result


def _check_request(
    log: ExecutionLog, documents: list[str], formats: list[str], grievance: str | None
) -> None:
    """Refuse a bad request before anything is read or written (a usage error, exit 2)."""
    unknown = [d for d in documents if d not in EXECUTION_DOCUMENTS]
    bad = [f for f in formats if f not in EXECUTION_FORMATS]
    if unknown or bad or not documents or not formats:
        raise UsageError(
            f"choose documents among {', '.join(EXECUTION_DOCUMENTS)} and formats among "
            f"{', '.join(EXECUTION_FORMATS)}"
        )
    if "letter" in documents and grievance is None:
        known = ", ".join(g.id for g in log.grievances) or "none in the log"
        raise UsageError(f"the letter needs a grievance id (grievances: {known})")


def _targets(
    project: Project,
    follow: FollowUp,
    output_dir: Path,
    documents: list[str],
    formats: list[str],
    grievance: str | None,
    templates: Path | None,
    project_root: Path,
) -> dict[tuple[str, str], Path]:
    """Every file to write, named up front so the overwrite check sees them all before any write.

    The file slugs come from the labels of the project's language (user templates may rename them).
    """
    from cdc.rendering.templating import load_labels

    slugs = load_labels(project.project.language.value, user=templates, project_root=project_root)
    files = slugs["execution"]["file"]
    as_of = follow.as_of.isoformat()
    return {
        (doc, fmt): output_dir
        / execution_output_name(
            project, str(files[doc]), as_of, fmt, grievance if doc == "letter" else None
        )
        for doc in documents
        for fmt in formats
    }


def _write_one(
    tree: Document,
    fmt: str,
    target: Path,
    engine: str,
    reference_docx: Path | None,
    result: RenderResult,
    manifest: Manifest,
    progress: Callable[[str], None] | None,
) -> None:
    """Render one document in one format and write it only when its bytes changed.

    A missing PDF engine is reported in ``result.errors`` and the other formats still go out;
    the manifest records the hash of what is now on disk.
    """
    from cdc.rendering.writers.pdf import PdfUnavailable

    if progress is not None:
        progress(target.name)
    try:
        data = render_document(tree, fmt, pdf_engine=engine,
                               reference_docx=reference_docx, warnings=result.warnings)  # fmt: skip
    except PdfUnavailable as exc:
        result.errors.append(str(exc))
        return
    save_output(target, data, manifest, result)


__all__ = [
    "EXECUTION_DOCUMENTS",
    "EXECUTION_FORMATS",
    "execution_document",
    "execution_output_name",
    "render_document",
    "render_execution_documents",
]
