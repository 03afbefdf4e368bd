"""``cdc render``: lint first, then build documents with a progress bar and a summary."""

from __future__ import annotations

import sys
from pathlib import Path

from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError
from cdc.core.findings import Severity


def run_render(
    file: Path,
    *,
    formats: str,
    documents: str | None,
    output_dir: Path | None,
    templates: Path | None,
    reference_docx: Path | None,
    force: bool,
    grid_password: str | None = None,
    pdf_engine: str = "auto",
) -> int:
    """Lint the project, refuse it on errors, otherwise render and summarise."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, TextColumn
    from rich.table import Table

    from cdc.core.safetext import printable, safe_message
    from cdc.projectcache import check_project
    from cdc.rendering.api import (
        DOCUMENT_FORMATS,
        DOCUMENTS,
        FORMATS,
        applicable_documents,
        parse_list,
        render_project,
    )
    from cdc.rendering.writers._pdf_engines import ENGINE_NAMES
    from cdc.rendering.writers.pdf import check_pdf_engine

    err = Console(stderr=True, highlight=False)
    fmts = parse_list(formats, FORMATS, "format")
    check_pdf_engine(pdf_engine)
    for option, path in (("--templates", templates), ("--reference-docx", reference_docx)):
        if path is not None and not path.exists():
            raise UsageError(f"{option} {path}: no such file or folder")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates}: is not a folder")
    checked = check_project(file)
    for f in checked.findings:
        sys.stderr.write(f.text() + "\n")
    errors = sum(1 for f in checked.findings if f.effective_severity is Severity.error)
    if errors or checked.project is None:
        err.print(
            f"[red]{escape(printable(str(file)))}: {errors} lint error(s): nothing rendered[/red]"
        )
        return EXIT_INVALID
    project, root = checked.project, checked.root
    docs = (
        applicable_documents(project)
        if documents is None
        else parse_list(documents, DOCUMENTS, "document")
    )
    target = output_dir if output_dir is not None else root / "out"
    total = sum(1 for d in docs for f in fmts if f in DOCUMENT_FORMATS[d])
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
        disable=total < 2 or not err.is_terminal,
    ) as bar:
        task = bar.add_task("rendering", total=total)

        def step(name: str) -> None:
            bar.update(task, description=name, advance=1)

        result = render_project(
            project,
            project_root=root,
            output_dir=target,
            documents=docs,
            formats=fmts,
            templates=templates,
            reference_docx=reference_docx,
            force=force,
            progress=step,
            grid_password=grid_password,
            pdf_engine=pdf_engine,
        )
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(safe_message(str(warning)))}", soft_wrap=True)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("file")
    table.add_column("size", justify="right")
    table.add_column("")
    engine = ENGINE_NAMES.get(result.pdf_engine or "", "")
    for path in result.written + result.unchanged:
        state = "written" if path in result.written else "unchanged"
        if path.suffix == ".pdf" and engine:
            state += f" ({engine})"  # which engine laid this PDF out
        table.add_row(escape(printable(path.name)), f"{path.stat().st_size:,}", state)
    if result.written or result.unchanged:
        err.print(table)
    for message in result.errors:
        err.print(f"[red]error:[/red] {escape(safe_message(str(message)))}", soft_wrap=True)
    err.print(
        f"{len(result.written)} written, {len(result.unchanged)} unchanged in "
        f"{escape(printable(str(target)))}"
    )
    return EXIT_INVALID if result.errors else EXIT_OK
