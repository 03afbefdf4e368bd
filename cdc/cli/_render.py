"""``cdc render``: check the options, refuse a project with lint errors, render with a progress
bar, then a table of the files. The work is :func:`cdc.api.render`; this is presentation."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdc.api import render_documents, render_formats
from cdc.cli._options import PdfEngine, ReferenceDocx, Templates
from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from cdc.api import CheckedProject, RenderResult


def render(
    file: Annotated[Path, typer.Argument(help="The project file.", show_default=True)] = Path(
        "cdc.yaml"
    ),
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"Formats: {', '.join(render_formats())} (comma-separated) or all.",
        ),
    ] = "all",
    doc: Annotated[
        str | None,
        typer.Option(
            "--doc",
            "-d",
            help=f"Documents: {', '.join(render_documents())} (comma-separated) or all "
            "[default: every document the project has content for].",
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            help="Folder for the documents [default: out/ next to the project].",
            show_default=False,
        ),
    ] = None,
    templates: Templates = None,
    reference_docx: ReferenceDocx = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Overwrite output files even if they were changed since cdc wrote them."
        ),
    ] = False,
    grid_password: Annotated[
        str | None,
        typer.Option(
            "--grid-password",
            envvar="CDC_GRID_PASSWORD",
            help="Password protecting the response grid's sheets and structure (a deterrent; "
            "empty: no password) [default: one derived from the project].",
            show_default=False,
        ),
    ] = None,
    pdf_engine: PdfEngine = "auto",
) -> int:
    """Build the consultation's documents: specification, response grid, evaluation grid,
    glossary, RACI, contract checklist, GDPR annex, questions and answers, addendum.

    Every option is checked before the project is read. A project with lint errors is refused
    (exit 1) with its findings; warnings are shown and rendering goes on.
    """
    return run_render(
        file,
        formats=format,
        documents=doc,
        output_dir=output_dir,
        templates=templates,
        reference_docx=reference_docx,
        force=force,
        grid_password=grid_password,
        pdf_engine=pdf_engine,
    )


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
    """Check every option, then lint the project, refuse it on errors, otherwise render and
    summarise."""
    from rich.console import Console

    from cdc import api

    err = Console(stderr=True, highlight=False)
    fmts = api.choices(formats, render_formats(), "format")
    asked = None if documents is None else api.choices(documents, render_documents(), "document")
    check_options(pdf_engine, templates, reference_docx)
    checked = api.check(file)
    if not _accepted(checked, file, err):
        return EXIT_INVALID
    project = checked.valid()
    docs = api.documents_for(project, checked.root) if asked is None else asked
    target = output_dir if output_dir is not None else checked.root / "out"
    with _progress(err, api.files_to_write(docs, fmts)) as step:
        result = api.render(
            checked,
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
    summarise(result, target, err)
    return EXIT_INVALID if result.errors else EXIT_OK


def check_options(pdf_engine: str, templates: Path | None, reference_docx: Path | None) -> None:
    """Usage errors before any work: an unknown engine, a missing template folder or .docx."""
    from cdc.api import check_pdf_engine

    check_pdf_engine(pdf_engine)
    for option, path in (("--templates", templates), ("--reference-docx", reference_docx)):
        if path is not None and not path.exists():
            raise UsageError(f"{option} {path}: no such file or folder")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates}: is not a folder")


def _accepted(checked: CheckedProject, file: Path, err: Console) -> bool:
    """Print every finding; False (nothing rendered) when there is a lint error."""
    from rich.markup import escape

    from cdc.core.safetext import printable

    for f in checked.findings:
        sys.stderr.write(f.text() + "\n")
    errors = len(checked.errors)
    if errors or checked.project is None:
        err.print(
            f"[red]{escape(printable(str(file)))}: {errors} lint error(s): nothing rendered[/red]"
        )
        return False
    return True


@contextmanager
def _progress(err: Console, total: int) -> Iterator[Callable[[str], None]]:
    """A transient progress bar on a terminal (none for a single file); yields its step."""
    from rich.progress import BarColumn, Progress, TextColumn

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

        yield step


def summarise(result: RenderResult, target: Path, err: Console) -> None:
    """Warnings, the table of files (written or unchanged, size, PDF engine), errors, a total."""
    from rich.markup import escape

    from cdc.core.safetext import printable, safe_message

    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(safe_message(str(warning)))}", soft_wrap=True)
    if result.written or result.unchanged:
        err.print(_files_table(result))
    for message in result.errors:
        err.print(f"[red]error:[/red] {escape(safe_message(str(message)))}", soft_wrap=True)
    err.print(
        f"{len(result.written)} written, {len(result.unchanged)} unchanged in "
        f"{escape(printable(str(target)))}"
    )


def _files_table(result: RenderResult) -> Table:
    """One row per file: name, size, and whether it was written (by which PDF engine)."""
    from rich.markup import escape
    from rich.table import Table

    from cdc.api import pdf_engine_name
    from cdc.core.safetext import printable

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("file", overflow="fold")  # a file name is never cut short
    table.add_column("size", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    engine = pdf_engine_name(result.pdf_engine)
    for path in result.written + result.unchanged:
        state = "written" if path in result.written else "unchanged"
        if path.suffix == ".pdf" and engine:
            state += f" ({engine})"  # which engine laid this PDF out
        table.add_row(escape(printable(path.name)), f"{path.stat().st_size:,}", state)
    return table
