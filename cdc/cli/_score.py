"""``cdc score``: read responses, rank, explain; a Rich table by default, files on request."""

from __future__ import annotations

import sys
from pathlib import Path

from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError
from cdc.core.findings import Severity

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
    from cdc.projectcache import check_project
    from cdc.reading.responses.read import read_inputs
    from cdc.rendering.writers.pdf import check_pdf_engine
    from cdc.scoring import score_project

    if fmt not in SCORE_FORMATS:
        raise UsageError(f"unknown format {fmt}; choose among {', '.join(SCORE_FORMATS)}")
    if fmt in BINARY and output is None:
        raise UsageError(f"--format {fmt} needs --output FILE")
    check_pdf_engine(pdf_engine)
    if monte_carlo < 0:
        raise UsageError("--monte-carlo takes a number of runs (0 to skip)")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output}: already exists (use --force to overwrite)")
    checked = check_project(project_file)
    errors = [f for f in checked.findings if f.effective_severity is Severity.error]
    if errors or checked.project is None:
        for f in errors:
            sys.stderr.write(f.text() + "\n")
        sys.stderr.write(f"{project_file}: lint errors: scoring refused\n")
        return EXIT_INVALID
    project = checked.project
    if project.evaluation is None or not project.evaluation.criteria:
        sys.stderr.write(f"{project_file}: the project has no evaluation criteria to score with\n")
        return EXIT_INVALID
    inputs = read_inputs(project, responses, evaluations)
    report = score_project(
        project,
        inputs.responses,
        inputs.notes,
        warnings=inputs.warnings,
        monte_carlo_runs=monte_carlo,
        seed=seed,
    )
    from cdc.rendering.writers._pdf_engines import ENGINE_NAMES, resolve_pdf_engine

    engine = resolve_pdf_engine(pdf_engine, len(project.requirements))
    data = _render(report, fmt, engine)
    if output is None:
        if isinstance(data, bytes):  # pragma: no cover - guarded above
            raise UsageError(f"--format {fmt} needs --output FILE")
        sys.stdout.write(data)
    else:
        from cdc.core.fsutil import write_atomic

        write_atomic(output, data)
        by = f" (PDF by {ENGINE_NAMES[engine]})" if fmt == "pdf" else ""
        sys.stderr.write(f"wrote {output}{by}\n")
    return EXIT_OK


def _render(report: object, fmt: str, pdf_engine: str = "auto") -> str | bytes:
    from cdc.scoring.report import ScoreReport, to_csv, to_json

    assert isinstance(report, ScoreReport)
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "table":
        from cdc.cli._score_table import score_table

        return score_table(report)
    from cdc.rendering.score.documents import score_output

    return score_output(report, fmt, pdf_engine=pdf_engine)
