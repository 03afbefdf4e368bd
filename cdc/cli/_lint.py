"""``cdc lint``'s work, without Typer: the Typer command and the fast path both call it.

A plain ``cdc lint [FILES…] [--format F] [--strict]`` is parsed by :func:`cdc.lintcache.parse_args`
and run here directly, so checking a project never pays for importing Typer, Click and Rich
(~0.1 s); any other invocation (``--help``, ``--output``, ``--list-rules``, a typo) goes
through Typer, which calls the same :func:`run_lint`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError


def run_lint(paths: list[Path], fmt: str, output: Path | None, strict: bool) -> int:
    """Lint ``paths``, print or write the report, remember it; return the exit code."""
    from cdc import lintcache
    from cdc.core.findings import Severity
    from cdc.linting import lint_paths
    from cdc.linting.report import REPORTERS, summary_line

    result = lint_paths(paths)
    report = REPORTERS[fmt](result)
    summary = summary_line(result)
    _show(report, summary, fmt, output, paths)
    if output is None:  # what `cdc lint` alone prints, served next time if nothing changed
        lintcache.store(
            [str(p) for p in paths],
            fmt,
            lintcache.Report(
                report, summary, result.count(Severity.error), result.count(Severity.warning)
            ),
            result.dependencies,
        )
    return EXIT_INVALID if result.failed(strict=strict) else EXIT_OK


def fast_lint(args: list[str]) -> int | None:
    """A plain ``cdc lint`` invocation: the remembered report, or a lint without Typer.

    None when the arguments need the full command line (help, options this path does not take).
    """
    from cdc import lintcache

    parsed = lintcache.parse_args(args)
    if parsed is None:
        return None
    displays, fmt, strict = parsed
    cached = lintcache.lookup(displays, fmt)
    if cached is None:
        return run_lint([Path(p) for p in displays], fmt, None, strict)
    _show(cached.stdout, cached.summary, fmt, None, [])
    return cached.exit_code(strict)


def _show(report: str, summary: str, fmt: str, output: Path | None, inputs: list[Path]) -> None:
    """The report on stdout (or in ``output``); the summary line on stderr for humans."""
    emit(report, output, inputs=inputs)
    if fmt == "text" or output is not None:
        sys.stderr.write(summary + "\n")


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
