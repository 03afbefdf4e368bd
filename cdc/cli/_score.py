"""``cdc score``: read responses, rank, explain; a Rich table by default, files on request."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdc.cli._options import Evaluations, PdfEngine
from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError

if TYPE_CHECKING:
    from cdc.api import ScoreReport

SCORE_FORMATS = ("table", "json", "csv", "xlsx", "html", "md", "pdf")
BINARY = ("xlsx", "pdf")


def score(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="[PROJECT] RESPONSES",
            help="The project file, then the responses: XLSX grids filled by vendors or YAML "
            "files, files or folders. PROJECT may be left out: ./cdc.yaml (or --project).",
            show_default=False,
        ),
    ],
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            "-p",
            metavar="FILE",
            help="The project file; every positional path is then a response "
            "[default: the first path when it is a project, else ./cdc.yaml].",
            show_default=False,
        ),
    ] = None,
    evaluations: Evaluations = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"{', '.join(SCORE_FORMATS)}."),
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    monte_carlo: Annotated[
        int,
        typer.Option(
            "--monte-carlo", help="Runs of random weight changes (±20 %) to test the winner."
        ),
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo runs.")] = 0,
    pdf_engine: PdfEngine = "auto",
) -> int:
    """Rank the vendors' responses and explain the ranking (eliminations, sensitivity, warnings).

    cdc score cdc.yaml responses/ and, in the project's folder, cdc score responses/ do the
    same. Every option is checked before the project is read.
    """
    from cdc.api import score_paths

    _check_options(format, output, force, monte_carlo, pdf_engine)
    project_file, responses = score_paths(paths, project)
    check_paths([*responses, *(evaluations or [])])
    return run_score(
        project_file,
        responses,
        evaluations=evaluations or [],
        fmt=format,
        output=output,
        force=force,
        monte_carlo=monte_carlo,
        seed=seed,
        pdf_engine=pdf_engine,
    )


def run_score(
    project_file: Path,
    responses: list[Path],
    *,
    evaluations: list[Path],
    fmt: str,
    output: Path | None,
    force: bool,
    monte_carlo: int,
    seed: int,
    pdf_engine: str = "auto",
) -> int:
    """Validate the project, read the inputs, score, and write the asked format."""
    from cdc import api

    _check_options(fmt, output, force, monte_carlo, pdf_engine)
    checked = api.check(project_file)
    if checked.errors or checked.project is None:
        for f in checked.errors:
            sys.stderr.write(f.text() + "\n")
        sys.stderr.write(f"{project_file}: lint errors: scoring refused\n")
        return EXIT_INVALID
    project = checked.project
    if project.evaluation is None or not project.evaluation.criteria:
        sys.stderr.write(f"{project_file}: the project has no evaluation criteria to score with\n")
        return EXIT_INVALID
    report = api.score(checked, responses, evaluations, monte_carlo=monte_carlo, seed=seed)
    engine = api.pdf_engine_for(pdf_engine)
    data = _render(report, fmt, engine)
    if output is None:
        if isinstance(data, bytes):  # pragma: no cover - guarded above
            raise UsageError(f"--format {fmt} needs --output FILE")
        sys.stdout.write(data)
    else:
        from cdc.core.fsutil import write_atomic

        write_atomic(output, data)
        by = f" (PDF by {api.pdf_engine_name(engine)})" if fmt == "pdf" else ""
        sys.stderr.write(f"wrote {output}{by}\n")
    return EXIT_OK


def check_paths(paths: list[Path]) -> None:
    """A response or notes path that does not exist is a usage error before any work (not
    after the project was linted, or every document rendered by ``cdc ci``)."""
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")


def _check_options(
    fmt: str, output: Path | None, force: bool, monte_carlo: int, pdf_engine: str
) -> None:
    """Usage errors before any work."""
    from cdc.api import check_pdf_engine

    if fmt not in SCORE_FORMATS:
        raise UsageError(f"unknown format {fmt}; choose among {', '.join(SCORE_FORMATS)}")
    if fmt in BINARY and output is None:
        raise UsageError(f"--format {fmt} needs --output FILE")
    check_pdf_engine(pdf_engine)
    if monte_carlo < 0:
        raise UsageError("--monte-carlo takes a number of runs (0 to skip)")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output}: already exists (use --force to overwrite)")


def _render(report: ScoreReport, fmt: str, pdf_engine: str = "auto") -> str | bytes:
    if fmt == "table":
        from cdc.cli._score_table import score_table

        return score_table(report)
    from cdc.api import score_output

    return score_output(report, fmt, pdf_engine=pdf_engine)
