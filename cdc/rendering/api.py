"""``cdc render`` as a library call: which documents, which formats, where, and nothing lost.

Outputs are named so they can be sent as they are (``<project>_<document>_v<version>.<ext>``),
written atomically, and never overwrite a file the user changed: a manifest in the output folder
remembers the hash of every file cdc wrote, so a file is replaced silently only while it is
still exactly what cdc wrote; anything else needs ``force``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cdc.core.errors import CdcError, OutputError, UsageError
from cdc.core.fsutil import write_atomic
from cdc.model import Project
from cdc.reading.consultation import register_path
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import Document
from cdc.rendering.vocabulary import DOCUMENT_FORMATS, DOCUMENTS, FORMATS

MANIFEST = ".cdc-manifest.json"

Progress = Callable[[str], None]


@dataclass
class RenderResult:
    """What a render did."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: The engine that laid out the PDFs written or checked (``weasyprint`` or ``typst``;
    #: None when no PDF was asked), so that the CLI can say which one wrote each file.
    pdf_engine: str | None = None


def parse_list(value: str | None, allowed: tuple[str, ...], what: str) -> list[str]:
    """``"md,html"`` or ``"all"`` → a validated list, in the canonical order."""
    if value is None or value.strip() == "all":
        return list(allowed)
    asked = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [v for v in asked if v not in allowed]
    if unknown or not asked:
        raise UsageError(
            f"unknown {what} {', '.join(unknown) or repr(value)}; choose among {', '.join(allowed)} or all"
        )
    return [v for v in allowed if v in asked]


def applicable_documents(project: Project, project_root: Path | None = None) -> list[str]:
    """Documents that have content for this project (``qna`` when ``project_root`` holds a
    questions register)."""
    docs = ["spec"]
    if project.requirements:
        docs.append("grid")
    if project.evaluation is not None and project.evaluation.criteria:
        docs.append("evaluation")
    if project.glossary:
        docs.append("glossary")
    if project.governance is not None and project.governance.raci:
        docs.append("raci")
    if project.contract is not None and project.contract.types:
        docs.append("checklist")
    if project.personal_data is not None:
        docs.append("gdpr")
    if project_root is not None and register_path(project_root).is_file():
        docs.append("qna")
    if project_root is not None and _has_addendum(project):
        docs.append("addendum")
    return docs


def _has_addendum(project: Project) -> bool:
    """Whether ``project.versions`` names a previous version to write the addendum against."""
    from cdc.rendering.addendum import has_addendum

    return has_addendum(project)


def output_name(project: Project, slug: str, ext: str) -> str:
    """``ondea-2027_cahier-des-charges_v1.0.pdf``: project id, document, version."""
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", project.project.version).strip("-") or "0"
    return f"{project.project.id}_{slug}_v{version}.{ext}"


@dataclass
class Manifest:
    """Hashes of the files cdc wrote in an output folder."""

    folder: Path
    hashes: dict[str, str]

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            hashes = {str(k): str(v) for k, v in data.get("files", {}).items()}
        except (OSError, ValueError, AttributeError):
            hashes = {}
        return cls(folder, hashes)

    def is_ours(self, path: Path) -> bool:
        """True when ``path`` is exactly what cdc last wrote there."""
        known = self.hashes.get(path.name)
        return known is not None and known == _sha256(path.read_bytes())

    def save(self) -> None:
        doc = {"generator": "cdc", "files": dict(sorted(self.hashes.items()))}
        write_atomic(self.folder / MANIFEST, json.dumps(doc, indent=2) + "\n")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_project(
    project: Project,
    *,
    project_root: Path,
    output_dir: Path,
    documents: list[str],
    formats: list[str],
    templates: Path | None = None,
    reference_docx: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    grid_password: str | None = None,
    pdf_engine: str = "auto",
) -> RenderResult:
    """Build the asked documents in the asked formats into ``output_dir``.

    ``grid_password`` protects the response grid's sheets and structure (None: a default
    derived from the project, see :func:`cdc.rendering.xlsx_grid.default_password`).
    ``pdf_engine`` lays out every PDF (``weasyprint``, ``typst``, or ``auto``: Typst where it
    is installed, see :func:`cdc.rendering.writers._pdf_engines.resolve_pdf_engine`); the
    result's ``pdf_engine`` says which one did.
    """
    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine

    pdf_engine = resolve_pdf_engine(pdf_engine)
    builder = DocumentBuilder(project, templates=templates, project_root=project_root)
    slugs = builder.labels.get("doc_file", {})
    documents, skipped = _available(documents, project, project_root)
    jobs = [(doc, fmt) for doc in documents for fmt in formats if fmt in DOCUMENT_FORMATS[doc]]
    if not jobs:
        raise UsageError("nothing to render: no asked document exists in the asked formats")
    targets = {
        (doc, fmt): output_dir / output_name(project, str(slugs.get(doc, doc)), fmt)
        for doc, fmt in jobs
    }
    manifest = writable_folder(output_dir, list(targets.values()), force)
    trees = _side_documents(builder, jobs, project_root)
    result = RenderResult(pdf_engine=pdf_engine if any(f == "pdf" for _, f in jobs) else None)
    result.warnings.extend([*skipped, *(trees["qna"].warnings if "qna" in trees else ())])
    unavailable: set[str] = set()
    try:
        for n, (doc, fmt) in enumerate(jobs):
            target = targets[(doc, fmt)]
            if progress is not None:
                progress(target.name)
            if fmt in unavailable:
                continue
            try:
                keep = any(d == doc and f != "xlsx" for d, f in jobs[n + 1 :])
                data = _produce(
                    builder,
                    trees,
                    doc,
                    fmt,
                    reference_docx,
                    result,
                    keep=keep,
                    grid_password=grid_password,
                    pdf_engine=pdf_engine,
                )
            except _FormatUnavailable as exc:
                unavailable.add(fmt)
                result.errors.append(str(exc))
                continue
            save_output(target, data, manifest, result)
    finally:
        if result.written or result.unchanged:
            manifest.save()  # even after a failure: what was written stays overwritable
    return result


def _available(
    documents: list[str], project: Project, project_root: Path
) -> tuple[list[str], list[str]]:
    """``--doc all`` asks for the Q&A and the addendum too: they are dropped (with a warning
    for the Q&A) when the project has no questions register or no previous version, so the
    other documents are still written; asked alone, they fail later with the reason."""
    skipped: list[str] = []
    if "qna" in documents and len(documents) > 1 and not register_path(project_root).is_file():
        documents = [d for d in documents if d != "qna"]
        skipped.append(
            f"qna: no questions register ({register_path(project_root).name}) beside the "
            "project: not rendered"
        )
    if "addendum" in documents and len(documents) > 1 and not _has_addendum(project):
        documents = [d for d in documents if d != "addendum"]  # "--doc all" on a first version
    return documents, skipped


def writable_folder(output_dir: Path, targets: list[Path], force: bool) -> Manifest:
    """The output folder's manifest, after refusing (before anything is written) to
    overwrite a file the user changed since cdc wrote it, unless ``force``."""
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputError(f"{output_dir}: exists and is not a folder")
    manifest = Manifest.load(output_dir)
    if not force:
        blocked = [p for p in targets if p.exists() and not manifest.is_ours(p)]
        if blocked:
            names = ", ".join(str(p) for p in blocked[:5]) + (" …" if len(blocked) > 5 else "")
            verb = "exists and differs" if len(blocked) == 1 else "exist and differ"
            raise OutputError(
                f"{names}: {verb} from what cdc last wrote there (use --force to overwrite)"
            )
    return manifest


def _side_documents(
    builder: DocumentBuilder, jobs: list[tuple[str, str]], project_root: Path
) -> dict[str, Document]:
    """The documents that read a file beside the project (questions.yaml, the previous
    version), built first: a bad file fails the render before anything is written."""
    trees: dict[str, Document] = {}
    if any(d == "qna" for d, _ in jobs):
        from cdc.rendering.qna import build_qna

        trees["qna"] = build_qna(builder, project_root)
    if any(d == "addendum" for d, _ in jobs):
        from cdc.rendering.addendum import build_addendum

        trees["addendum"] = build_addendum(builder, project_root)
    return trees


def save_output(target: Path, data: bytes, manifest: Manifest, result: RenderResult) -> None:
    """Write ``data`` only when it differs from the file there (an unchanged file keeps its
    date), and remember its hash so the next render may replace it."""
    if target.exists() and target.read_bytes() == data:
        result.unchanged.append(target)
    else:
        write_atomic(target, data)
        result.written.append(target)
    manifest.hashes[target.name] = _sha256(data)


class _FormatUnavailable(CdcError):
    """A format cannot be produced on this machine (e.g. PDF without Pango)."""


def _produce(
    builder: DocumentBuilder,
    trees: dict[str, Document],
    doc: str,
    fmt: str,
    reference_docx: Path | None,
    result: RenderResult,
    *,
    keep: bool = True,
    grid_password: str | None = None,
    pdf_engine: str = "weasyprint",
) -> bytes:
    """The bytes of one document in one format (heavy writers imported only when needed).

    ``keep`` false: no later job needs this document's tree, so a PDF frees it before
    WeasyPrint lays the pages out (peak memory is WeasyPrint's plus whatever is still alive).
    """
    if fmt == "xlsx":
        from cdc.rendering.context import build_context

        context = build_context(builder.project, builder.labels, doc)
        if doc == "grid":
            from cdc.rendering.xlsx_grid import grid_xlsx

            return grid_xlsx(context, password=grid_password)
        from cdc.rendering.xlsx_evaluation import evaluation_xlsx

        return evaluation_xlsx(context)
    if doc not in trees:
        trees[doc] = builder.build(doc)
        result.warnings.extend(trees[doc].warnings)
    if fmt == "pdf":
        return _pdf(trees, doc, result, keep=keep, engine=pdf_engine)
    tree = trees[doc]
    if fmt == "md":
        from cdc.rendering.writers.markdown import to_markdown

        return to_markdown(tree).encode("utf-8")
    if fmt == "html":
        from cdc.rendering.writers.html import to_html

        return to_html(tree).encode("utf-8")
    if fmt == "docx":
        from cdc.rendering.writers.docx import to_docx

        return to_docx(tree, reference_docx=reference_docx)
    raise UsageError(f"unknown format {fmt}")  # pragma: no cover - checked by parse_list


def _pdf(
    trees: dict[str, Document],
    doc: str,
    result: RenderResult,
    *,
    keep: bool,
    engine: str = "weasyprint",
) -> bytes:
    from cdc.rendering.writers.html import to_html
    from cdc.rendering.writers.pdf import PdfUnavailable, html_to_pdf

    tree = trees[doc] if keep else trees.pop(doc)
    if engine == "typst":
        from cdc.rendering.writers.typst import source_to_pdf
        from cdc.rendering.writers.typst_markup import to_typst

        (source, files), meta = to_typst(tree), tree.meta
        del tree  # as below: Typst's layout is what the peak memory is made of
        try:
            return source_to_pdf(source, files, meta, warnings=result.warnings)
        except PdfUnavailable as exc:
            raise _FormatUnavailable(str(exc)) from exc
    html, meta = to_html(tree, paged=True), tree.meta
    del tree  # the last reference when not kept: about 3 MB at 1,000 requirements
    try:
        return html_to_pdf(html, meta, warnings=result.warnings)
    except PdfUnavailable as exc:
        raise _FormatUnavailable(str(exc)) from exc


__all__ = [
    "DOCUMENTS",
    "FORMATS",
    "RenderResult",
    "applicable_documents",
    "output_name",
    "parse_list",
    "render_project",
]
