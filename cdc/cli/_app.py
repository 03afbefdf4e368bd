"""Typer application: option parsing only; the work is done by library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cdc.cli._lint import LintFormat
from cdc.cli._options import PdfEngine
from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError
from cdc.core.version import __version__

app = typer.Typer(
    name="cdc",
    help=(
        "cdc — cahier des charges as code. Lint a procurement project file, render the "
        "consultation's documents from it, and score the vendors' answers."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cdc {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of internal errors.")
    ] = False,
) -> None:
    """cdc — cahier des charges as code."""


@app.command()
def lint(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Project files to check (default: ./cdc.yaml).", show_default=False),
    ] = None,
    format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Report format.")
    ] = LintFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")
    ] = False,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List every rule (text or --format json) and exit.")
    ] = False,
) -> int:
    """Check project files: schema, cross-references and domain rules, all findings at once.

    Findings are printed as PATH:LINE:COL: severity RULE-ID message. Exit 0 when there is no
    error (warnings allowed unless --strict), 1 otherwise.
    """
    from cdc.cli._lint import emit, run_lint

    if list_rules:
        from cdc.api import rules

        if format not in (LintFormat.text, LintFormat.json):
            raise UsageError("--list-rules supports --format text or json")
        emit(rules(format.value), output, inputs=[])
        return EXIT_OK
    return run_lint(files or [Path("cdc.yaml")], format.value, output, strict)


@app.command()
def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the JSON Schemas to.")
    ] = Path("schemas"),
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if the folder's schemas are stale."),
    ] = False,
) -> int:
    """Write the JSON Schemas generated from the models (project.schema.json)."""
    from cdc.api import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(output)
        for name in stale:
            sys.stderr.write(
                f"{output / name}: stale or missing; run 'cdc schema --output {output}'\n"
            )
        if not stale:
            sys.stderr.write(f"{output}: schemas are up to date\n")
        return EXIT_INVALID if stale else EXIT_OK
    for path in write_schemas(output):
        sys.stderr.write(f"wrote {path}\n")
    return EXIT_OK


from cdc.cli._render import render  # noqa: E402  (light: options only; the work is imported inside)
from cdc.cli._score import score  # noqa: E402  (light: options only)

app.command()(render)
app.command()(score)


@app.command()
def penalties(
    file: Annotated[Path, typer.Argument(help="The project file (cdc.yaml).")],
    late: Annotated[
        list[str] | None,
        typer.Option(
            "--late",
            "-l",
            metavar="VALUE:DAYS",
            help="A late delivery as VALUE:DAYS (value excl. VAT of the late part, days of "
            "delay); repeatable.",
            show_default=False,
        ),
    ] = None,
    contract_total: Annotated[
        str | None,
        typer.Option(
            "--contract-total",
            metavar="AMOUNT",
            help="Total contract amount excl. VAT, base of the cap "
            "[default: contract.estimated_total].",
            show_default=False,
        ),
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            metavar="FILE",
            help="YAML log of deliveries (planned and actual dates, value).",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="table|json", help="Output format.")
    ] = "table",
) -> int:
    """Compute penalties for delay with the project's settings: P = V × R / divisor, per event
    and cumulative, with the cap and the exemption threshold (CCAG-TIC 2021 defaults when the
    contract refers to it)."""
    from cdc.cli._penalties import run_penalties

    return run_penalties(
        file, late=late or [], contract_total=contract_total, events=events, fmt=format
    )


from cdc.cli._ci import ci  # noqa: E402  (light: options only; the work is imported inside)

app.command()(ci)

from cdc.cli._award import award  # noqa: E402  (light: options only; the work is imported inside)

app.command()(award)


from cdc.init.catalog import Lang as InitLang  # noqa: E402  (light: enums only)
from cdc.init.catalog import TemplateName, templates_help  # noqa: E402


@app.command(
    name="init",
    help=(
        "Write DIR/cdc.yaml: a commented project file that lints clean, from a short wizard.\n\n"
        "Interactive in a terminal (Enter accepts each default). Without a terminal, "
        "--defaults takes every default and --answers FILE reads the answers from a YAML "
        "file (keys: buyer_name, channels, deployment, personal_data, procurement, "
        "price_weight, publication…; see the README). An existing cdc.yaml is never "
        "overwritten without --force.\n\n" + templates_help()
    ),
)
def init(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Folder to write cdc.yaml into (created if needed)."),
    ] = Path(),
    template: Annotated[
        TemplateName | None,
        typer.Option(
            "--template",
            "-t",
            help="Template to start from [default: contact-center].",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        InitLang | None,
        typer.Option(
            "--lang",
            "-l",
            help="Language of the file [default: the template's].",
            show_default=False,
        ),
    ] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Ask nothing: take every default answer.")
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", "-a", help="Read the answers from this YAML file; ask nothing."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing DIR/cdc.yaml.")
    ] = False,
) -> int:
    """Write DIR/cdc.yaml from a wizard, the defaults or an answers file."""
    from cdc.cli._init import run_init

    return run_init(
        directory, template=template, lang=lang, defaults=defaults, answers=answers, force=force
    )


# -- the consultation while it is open (issue 16): cdc diff ------------------------------------
@app.command()
def diff(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The older version: a file, or REV:path read through git (e.g. v1.0:cdc.yaml). "
            "Alone: the current file, compared with the previous entry of project.versions.",
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="[NEW]", help="The newer version: a file or REV:path.", show_default=False
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json", help="Report format.")
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) when a guard rail fires.")
    ] = False,
) -> int:
    """Compare two versions of a project by meaning: requirements, weights, price, dates, clauses.

    Guard rails warn (VER001-VER005, each with its reason) about weights or a must-have changed
    after publication, late substantial changes, a version number not bumped, and a changed requirement whose revision does not name the new version. Exit 0 unless
    a version does not validate (1) or --strict and a warning (1); 2 for a usage error.
    """
    from cdc.cli._consult import run_diff

    return run_diff(old, new, format, output, strict)


# -- the contract once signed (issue 15): cdc follow --------------------------------------------
@app.command()
def follow(
    file: Annotated[
        Path, typer.Argument(help="The project file (cdc.yaml).", show_default=True)
    ] = Path("cdc.yaml"),
    log: Annotated[
        Path | None,
        typer.Option(
            "--log",
            metavar="PATH",
            help="The execution log, a YAML file or a folder of them "
            "[default: execution/ or execution.yaml beside the project].",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The date deadlines and running penalties are computed for [default: today].",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="table|json|ics", help="Output format.")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Only check the log (EXE rules, evidence digests), like cdc lint."
        ),
    ] = False,
    doc: Annotated[
        str | None,
        typer.Option(
            "--doc",
            metavar="dashboard,register,evidence,letter|all",
            help="Write these documents instead of printing (the letter needs --grievance).",
            show_default=False,
        ),
    ] = None,
    doc_format: Annotated[
        str | None,
        typer.Option(
            "--doc-format",
            metavar="md,html,pdf,docx|all",
            help="Formats of the documents [default: all].",
            show_default=False,
        ),
    ] = None,
    grievance: Annotated[
        str | None,
        typer.Option("--grievance", metavar="ID", help="The grievance the letter is about."),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Folder for the documents [default: out/ next to the project].",
            show_default=False,
        ),
    ] = None,
    pdf_engine: PdfEngine = "auto",
) -> int:
    """Follow the signed contract from its execution log: deadlines, penalties and credits,
    claims, changes and the evidence file, as of a date. Exit 1 when the log has an error
    (unknown reference, evidence missing or altered, a decision deadline passed…)."""
    from cdc.cli._execution import run_follow

    if doc is None and (doc_format, grievance, output_dir) != (None, None, None):
        raise UsageError("--doc-format, --grievance and --output-dir go with --doc")
    docs = (doc, doc_format, grievance, output_dir) if doc is not None else None
    return run_follow(
        file, log=log, as_of=as_of, fmt=format, output=output, force=force, check=check,
        documents=docs, pdf_engine=pdf_engine,
    )  # fmt: skip
