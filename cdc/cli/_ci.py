"""``cdc ci``: lint, render and (given responses) score a project in one process, for CI.

A CI job that runs ``cdc lint``, then ``cdc render``, then ``cdc score`` starts Python three
times and reads the project three times (or relies on the cache between them). Here the project
is read and linted once, the same checked project is rendered and scored, and the exit code
says whether any step failed: 1 on lint errors (nothing rendered), a render error, or an input
error in the responses; 2 for a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdc.cli._options import PdfEngine
from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError

if TYPE_CHECKING:
    from cdc.api import CheckedProject


def ci(
    file: Annotated[Path, typer.Argument(help="The project file (cdc.yaml).")] = Path("cdc.yaml"),
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Document formats: md, html, pdf, docx, xlsx (comma-separated) or all.",
        ),
    ] = "all",
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            help="Folder for the documents and score.json [default: out/ next to the project].",
            show_default=False,
        ),
    ] = None,
    responses: Annotated[
        list[Path] | None,
        typer.Option(
            "--responses", "-r", help="Responses to score (files or folders); repeatable."
        ),
    ] = None,
    evaluations: Annotated[
        list[Path] | None,
        typer.Option("--evaluations", "-e", help="Evaluators' notes (files or folders)."),
    ] = None,
    lint_format: Annotated[
        str,
        typer.Option(
            "--lint-format",
            metavar="text|json|sarif|junit|github",
            help="Format of the lint report on stdout.",
        ),
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on lint warnings too.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Overwrite documents even if they were changed since cdc wrote them."
        ),
    ] = False,
    pdf_engine: PdfEngine = "auto",
) -> int:
    """Lint, render and score in one process, for CI: the project is read once.

    The lint report goes to stdout; with lint errors nothing is rendered (exit 1). Documents
    and, given --responses, score.json are written into the output folder.
    """
    return run_ci(
        file,
        formats=format,
        output_dir=output_dir,
        responses=responses or [],
        evaluations=evaluations or [],
        lint_format=lint_format,
        strict=strict,
        force=force,
        pdf_engine=pdf_engine,
    )


def run_ci(
    file: Path,
    *,
    formats: str,
    output_dir: Path | None,
    responses: list[Path],
    evaluations: list[Path],
    lint_format: str,
    strict: bool,
    force: bool,
    pdf_engine: str = "auto",
) -> int:
    """Lint (report on stdout), then render into the output folder, then score into it."""
    from rich.console import Console

    from cdc import api
    from cdc.cli._lint import emit
    from cdc.cli._render import check_options, summarise
    from cdc.cli._score import check_paths

    fmts = api.choices(formats, api.render_formats(), "format")
    check_options(pdf_engine, None, None)
    if lint_format not in api.lint_formats():
        raise UsageError(
            f"unknown lint format {lint_format}; choose among {', '.join(api.lint_formats())}"
        )
    if evaluations and not responses:
        raise UsageError("--evaluations needs --responses: there is nothing to score")
    check_paths([*responses, *evaluations])
    checked = api.check(file)
    report = api.report([checked], lint_format)
    emit(report.stdout, None, inputs=[])
    sys.stderr.write(report.summary + "\n")
    if report.exit_code(strict) or checked.project is None:
        sys.stderr.write(f"{file}: lint failed: nothing rendered or scored\n")
        return EXIT_INVALID
    err = Console(stderr=True, highlight=False)
    target = output_dir if output_dir is not None else checked.root / "out"
    rendered = api.render(
        checked, output_dir=target, formats=fmts, force=force, pdf_engine=pdf_engine
    )
    summarise(rendered, target, err)
    if responses:
        _score(checked, responses, evaluations, target)
    return EXIT_INVALID if rendered.errors else EXIT_OK


def _score(
    checked: CheckedProject, responses: list[Path], evaluations: list[Path], target: Path
) -> None:
    """Score and write ``score.json`` beside the documents (an input error raises, exit 1)."""
    from cdc import api
    from cdc.core.fsutil import write_atomic

    report = api.score(checked, responses, evaluations)
    path = target / "score.json"
    text = api.score_output(report, "json")
    assert isinstance(text, str)
    write_atomic(path, text)
    sys.stderr.write(f"wrote {path}\n")
