"""``cdc diff``: what changed between two versions of a project, and the guard rails it trips.

Exit codes, as ``cdc lint``: 0 when no guard rail fired (or only warnings, without --strict);
1 when a version does not validate, or a guard rail fired and --strict was given; 2 for a usage
error (a missing file, outside a git repository, an unknown revision); 3 for an internal bug.
Changes alone never fail the command: comparing versions is what it is for.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError
from cdc.core.findings import Severity

if TYPE_CHECKING:
    from cdc.model import Project

DIFF_FORMATS = ("text", "json")


def _load(spec: str, base: Path | None = None) -> tuple[Project | None, str]:
    """One side of the comparison; its findings go to stderr."""
    from cdc import api

    loaded = api.load_version(spec, base)
    for f in loaded.findings:
        if f.severity is Severity.error:
            sys.stderr.write(f.text() + "\n")
    if loaded.project is None or any(f.severity is Severity.error for f in loaded.findings):
        return None, loaded.display
    return loaded.project, loaded.display


def previous_of(project: Project, path: Path) -> str:
    """The source of the version before ``project``'s current one (``project.versions``)."""
    from cdc import api

    source = api.previous_source(project)
    if source is None:
        raise UsageError(
            f"{path}: name the older version (cdc diff OLD NEW), or give the previous entry of "
            "project.versions a source (a file or REV:path)"
        )
    return source


def run_diff(old: str, new: str | None, fmt: str, output: Path | None, strict: bool) -> int:
    """Compare ``old`` with ``new`` (or ``old``'s file with its declared previous version)."""
    from cdc import api
    from cdc.cli._lint import emit

    if fmt not in DIFF_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose among {', '.join(DIFF_FORMATS)}")
    named = [Path(s) for s in (old, new) if s is not None and Path(s).exists()]
    if output is not None and any(output.resolve() == p.resolve() for p in named):
        raise UsageError(f"{output}: is one of the input files; choose another --output")
    if new is None:  # one file: compare it with the version its history names before it
        current, shown = _load(old)
        if current is None:
            sys.stderr.write(f"{shown}: does not validate: nothing compared\n")
            return EXIT_INVALID
        base = Path(old).parent
        source = previous_of(current, Path(old))
        before, before_shown = _load(source, base)
        after: Project | None = current
        after_shown = old
        if before is None:
            sys.stderr.write(f"{before_shown}: does not validate: nothing compared\n")
            return EXIT_INVALID
    else:
        before, before_shown = _load(old)
        after, after_shown = _load(new)
        bad = [s for p, s in ((before, before_shown), (after, after_shown)) if p is None]
        if bad:
            sys.stderr.write(f"{', '.join(bad)}: does not validate: nothing compared\n")
            return EXIT_INVALID
    assert before is not None and after is not None
    comparison = api.diff(before, after, before_shown, after_shown)
    changes, warnings = comparison.changes, comparison.warnings
    text = comparison.output(fmt)
    inputs = [Path(s) for s in (old, new) if s is not None and Path(s).exists()]
    emit(text, output, inputs=inputs)
    if fmt == "text" or output is not None:
        substantial = sum(1 for c in changes if c.substantial)
        sys.stderr.write(
            f"{len(changes)} change(s), {substantial} substantial, {len(warnings)} warning(s)\n"
        )
    return EXIT_INVALID if warnings and strict else EXIT_OK
