"""``cdc award``: score the bids, then write the award report and one draft letter per bidder.

Thin: it checks the options, calls :func:`cdc.api.award_documents` and says which files it
wrote, the way ``cdc render`` does. Findings (lint errors of the project, a bad decisions file)
go to standard error with their location; the exit code is 1 for bad input, 2 for bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cdc.cli._options import Evaluations, PdfEngine, ReferenceDocx, Templates
from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError


def run_award(
    project_file: Path,
    responses: list[Path],
    *,
    evaluations: list[Path],
    decisions: Path | None,
    output_dir: Path | None,
    formats: str,
    lang: str | None,
    force: bool,
    pdf_engine: str,
    templates: Path | None = None,
    reference_docx: Path | None = None,
) -> int:
    """Validate everything, then write the report and the letters; return the exit code."""
    from rich.console import Console

    from cdc import api
    from cdc.cli._render import check_options, summarise

    err = Console(stderr=True, highlight=False)
    fmts = api.choices(formats, api.award_formats(), "format")
    check_options(pdf_engine, templates, reference_docx)
    if decisions is not None and not decisions.is_file():
        raise UsageError(f"--decisions {decisions}: no such file")
    checked = api.check(project_file)
    for finding in checked.findings:
        sys.stderr.write(finding.text() + "\n")
    if checked.errors or checked.project is None:
        sys.stderr.write(f"{project_file}: lint errors: nothing written\n")
        return EXIT_INVALID
    target = output_dir if output_dir is not None else checked.root / "out"
    try:
        result = api.award_documents(
            checked,
            responses,
            evaluations,
            decisions=decisions,
            output_dir=target,
            formats=fmts,
            force=force,
            pdf_engine=pdf_engine,
            lang=lang,
            templates=templates,
            reference_docx=reference_docx,
        )
    except api.DecisionsInvalid as exc:
        for finding in exc.findings:
            sys.stderr.write(finding.text() + "\n")
        sys.stderr.write(f"{exc}\n")
        return EXIT_INVALID
    summarise(result, target, err)
    return EXIT_INVALID if result.errors else EXIT_OK


def award(
    project: Annotated[Path, typer.Argument(help="The project file (cdc.yaml).")],
    responses: Annotated[
        list[Path],
        typer.Argument(
            help="Responses: XLSX grids filled by vendors or YAML files, files or folders."
        ),
    ],
    evaluations: Evaluations = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            metavar="FILE",
            help="The buyer's decisions (committee, dates, answers to the warnings, signatory), "
            "e.g. attribution.yaml; without it, what remains to decide is shown as gaps.",
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            help="Folder for the report and the letters [default: out/ next to the project].",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="Formats: md, html, pdf, docx (comma-separated) or all."
        ),
    ] = "all",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="fr|en",
            help="Language of the documents [default: the project's].",
            show_default=False,
        ),
    ] = None,
    templates: Templates = None,
    reference_docx: ReferenceDocx = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files changed since cdc wrote them.")
    ] = False,
    pdf_engine: PdfEngine = "auto",
) -> int:
    """Write the award report and one draft letter per bidder (award, rejection with the
    winner's relative advantages, elimination with its reason) from the scored bids."""
    return run_award(
        project,
        responses,
        evaluations=evaluations or [],
        decisions=decisions,
        output_dir=output_dir,
        formats=format,
        lang=lang,
        force=force,
        pdf_engine=pdf_engine,
        templates=templates,
        reference_docx=reference_docx,
    )


__all__ = ["award", "run_award"]
