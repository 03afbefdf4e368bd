"""Remember lint reports by content, so re-linting an unchanged project costs no more than
reading it.

``cdc lint`` is run on every save and every push. Most of its time is not the rules (30 ms on
the flagship) but building the Pydantic models and their validators, which Python redoes in
every process. When nothing lint depends on has changed, the report is the same bytes: this
module stores it, and ``cdc lint`` serves it (:func:`cdc.cli._lint.fast_lint`) *before* Typer, Pydantic or the models are
imported (the CLI calls it first for plain ``cdc lint`` invocations).

What a report depends on, all checked on every hit:

- the key: cache format, a fingerprint of cdc's code and version, of Python's version and of
  the libraries that shape a report (:func:`cdc.cache.code_fingerprint`: an edited checkout
  never serves stale reports; PyYAML's version and whether libyaml is used decide SCH001 or
  SCH008, Pydantic's and pydantic-core's write SCH004 messages), the working directory, the
  paths as typed, the report format, ``CDC_CLAUSES``;
- the content (SHA-256) of every file read: the project files, their includes, the clause
  catalogues, and the absence of the optional ones (a ``clauses.yaml`` created later counts);
- every include pattern's matches (a new file matching ``requirements/*.yaml`` counts).

Reports live in the ``lint`` folder of :func:`cdc.cache.cache_root`. The cache is an
optimisation only: any problem with it (unwritable, corrupt, concurrent writers) falls back to
linting, silently. This module imports nothing beyond the standard library, on purpose.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdc.cache import cache_root, code_fingerprint, put

CACHE_FORMAT = 1
_FORMATS = ("text", "json", "sarif", "junit", "github")


def _key(displays: list[str], fmt: str) -> str:
    parts = {
        "cache": CACHE_FORMAT,
        "code": code_fingerprint(),
        "cwd": str(Path.cwd()),
        "paths": displays,
        "format": fmt,
        "clauses": clauses_env(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def clauses_env() -> str:
    """``CDC_CLAUSES`` as the file it names (``~`` and relative paths resolved)."""
    value = os.environ.get("CDC_CLAUSES", "").strip()
    return str(Path(value).expanduser().resolve()) if value else ""


def _digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None  # absent (or unreadable): recorded as such


def _matches(base: str, pattern: str) -> list[str]:
    try:
        return sorted(str(p) for p in Path(base).glob(pattern) if p.is_file())
    except (ValueError, IndexError, AttributeError, OSError):
        return []


#: Files changed this close to (or after) the start of a run are not trusted to be what it read.
RACY_SECONDS = 2.0


@dataclass
class Dependencies:
    """What one lint run read: files (present or not) and include patterns.

    Create it before reading anything: ``started`` is when the run began.
    """

    files: set[str] = field(default_factory=set)
    globs: set[tuple[str, str]] = field(default_factory=set)  # (base folder, pattern)
    started: float = field(default_factory=time.time)

    def snapshot(self) -> dict[str, Any]:
        return {
            "files": {f: _digest(f) for f in sorted(self.files)},
            "globs": [[b, p, _matches(b, p)] for b, p in sorted(self.globs)],
        }

    def racy(self) -> bool:
        """Whether a file may have changed while the run read it (then nothing is stored).

        The snapshot hashes the files after the run; a file saved during the run would be
        recorded with content the run never saw, and that stale result served until the next
        edit. As git does for its index, a file whose modification time is not safely before
        the run's start (coarse file-system clocks included) makes the result uncacheable.
        """
        limit = self.started - RACY_SECONDS
        paths = [*self.files, *(b for b, _ in self.globs)]
        paths += [m for b, p in self.globs for m in _matches(b, p)]
        for path in paths:
            try:
                if Path(path).stat().st_mtime >= limit:
                    return True
            except OSError:
                continue  # absent: the snapshot records it so
        return False


@dataclass(frozen=True)
class Report:
    """A lint run's output, as the CLI prints it."""

    stdout: str
    summary: str
    errors: int
    warnings: int

    def exit_code(self, strict: bool) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0


def is_fresh(deps: dict[str, Any]) -> bool:
    """Whether a :meth:`Dependencies.snapshot` still describes the files on disk."""
    for path, digest in deps["files"].items():
        if _digest(path) != digest:
            return False
    return all(_matches(base, pattern) == matches for base, pattern, matches in deps["globs"])


def lookup(displays: list[str], fmt: str) -> Report | None:
    """The stored report for these paths and format, if nothing it depends on has changed."""
    root = cache_root()
    if root is None:
        return None
    try:
        entry = json.loads((root / "lint" / f"{_key(displays, fmt)}.json").read_text("utf-8"))
        if entry.get("cache") != CACHE_FORMAT or not is_fresh(entry["deps"]):
            return None
        return Report(entry["stdout"], entry["summary"], entry["errors"], entry["warnings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(displays: list[str], fmt: str, report: Report, deps: Dependencies) -> None:
    """Remember a report (best effort: never fails the command)."""
    root = cache_root()
    if root is None or deps.racy():
        return
    entry = {
        "cache": CACHE_FORMAT,
        "deps": deps.snapshot(),
        "stdout": report.stdout,
        "summary": report.summary,
        "errors": report.errors,
        "warnings": report.warnings,
    }
    data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
    put(root / "lint", f"{_key(displays, fmt)}.json", data)


def parse_args(args: list[str]) -> tuple[list[str], str, bool] | None:
    """``cdc lint`` arguments this fast path understands: files, ``--format``, ``--strict``.

    Anything else (``--output``, ``--list-rules``, ``--help``, ``--debug``, an unknown option,
    a bad format) returns None, and the full command line handles it.
    """
    files: list[str] = []
    fmt, strict = "text", False
    it = iter(args)
    for arg in it:
        if arg == "--strict":
            strict = True
        elif arg in ("--format", "-f"):
            fmt = next(it, "")
        elif arg.startswith("--format="):
            fmt = arg.split("=", 1)[1]
        elif arg.startswith("-"):
            return None
        else:
            files.append(str(Path(arg)))
    if fmt not in _FORMATS:
        return None
    return files or ["cdc.yaml"], fmt, strict
