"""``cdc score``: read responses, rank, explain; a Rich table by default, files on request."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError

if TYPE_CHECKING:
    from cdc.api import ScoreReport

SCORE_FORMATS = ("table", "json", "csv", "xlsx", "html", "md", "pdf")
BINARY = ("xlsx", "pdf")


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
    engine = api.pdf_engine_for(pdf_engine, len(project.requirements))
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
