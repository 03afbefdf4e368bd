"""``cdc lint``'s work behind the Typer command: the report from :func:`cdc.api.lint_report`
(remembered while the project is unchanged), printed or written, and the exit code.

Kept light: a cached report is printed without importing Pydantic, the models, the rules or
Rich, so re-linting an unchanged project costs little more than starting Typer.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.core.errors import UsageError

if TYPE_CHECKING:
    import typer


class LintFormat(StrEnum):
    """Output formats of ``cdc lint`` (the command declares them as its ``--format`` choices)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


def run_lint(paths: list[Path], fmt: str, output: Path | None, strict: bool) -> int:
    """Lint ``paths``, print the report (or write it to ``output``); return the exit code."""
    from cdc.api import lint_report

    report = lint_report(paths, fmt)
    emit(report.stdout, output, inputs=paths)
    if fmt == "text" or output is not None:
        sys.stderr.write(report.summary + "\n")  # for humans; machines read the report
    return report.exit_code(strict)


def remembered(app: typer.Typer, args: list[str]) -> int | None:
    """A plain ``cdc lint`` whose report is remembered: printed, and its exit code; else None.

    Typer 0.29 converts every option that is not a flag through Pydantic, ~0.1 s of imports
    before the command runs, twice what serving a remembered report costs. So the arguments
    are first split by the ``lint`` command's own Click parser — the options the command
    declares, no second list of them — without conversion; an invocation this cannot serve
    as is (``--help``, ``--output``, ``--list-rules``, an unknown format, a parse error, no
    remembered report) returns None and runs through the whole application.
    """
    from typer._click import Context
    from typer._click.exceptions import ClickException
    from typer.main import get_command

    command = get_command(app).commands.get("lint")  # type: ignore[attr-defined]
    if command is None:  # pragma: no cover - the command is defined in _app
        return None
    try:
        values, extra, _ = command.make_parser(Context(command, info_name="lint")).parse_args(
            list(args)
        )
    except ClickException:
        return None
    fmt = values.get("format") or "text"
    if extra or values.get("output") or values.get("list_rules") or values.get("help"):
        return None
    from cdc.api import remembered_lint_report

    if fmt not in {choice.value for choice in LintFormat}:
        return None
    paths = [Path(p) for p in values.get("files") or ("cdc.yaml",)]
    report = remembered_lint_report(paths, fmt)
    if report is None:
        return None
    emit(report.stdout, None, inputs=paths)
    if fmt == "text":
        sys.stderr.write(report.summary + "\n")
    return report.exit_code(bool(values.get("strict")))


def emit(text: str, output: Path | None, *, inputs: list[Path]) -> None:
    """Write a report to stdout or, atomically, to ``output`` (never over an input file)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from cdc.core.fsutil import write_atomic

    resolved = output.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise UsageError(f"{output}: is one of the input files; choose another --output")
    write_atomic(output, text)
