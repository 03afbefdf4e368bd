"""A project checked once: the validated model and its lint findings, remembered by content.

``cdc render`` and ``cdc score`` refuse a project with lint errors, so each starts by reading,
validating and linting it: about half a second at 1,000 requirements, redone in every
process, although a CI job runs ``cdc lint``, then ``cdc render``, then ``cdc score`` on the
same file, and a buyer re-scores the same project each time a response arrives.
:func:`check_project` does that work once and keeps the result (the model and the findings,
pickled: 15 ms to read back at 1,000 requirements) in the ``project`` folder of
:func:`cdc.cache.cache_root`.

A remembered result is used only when nothing it depends on has changed, checked on every use
exactly as for lint reports (:mod:`cdc.lintcache`): the key holds cdc's code fingerprint
(which covers the versions of PyYAML, libyaml's presence, Pydantic and pydantic-core:
:func:`cdc.cache.library_versions`), Pydantic's version, the working directory, the path as typed and ``CDC_CLAUSES``; the entry
holds the content of every file read (project, includes, clause catalogues, the absence of the
optional ones) and every include pattern's matches; a file saved while it was being read is
never remembered (:meth:`cdc.lintcache.Dependencies.racy`). Any problem with the cache (turned off,
unwritable, corrupt, written by another version) means loading and linting again, silently.

The entries are pickles, read only from the user's own cache folder, like Python's compiled
modules and cdc's compiled templates beside them: whoever can write there can already change
what cdc runs.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdc.cache import cache_root, code_fingerprint, put
from cdc.core.findings import Finding
from cdc.lintcache import Dependencies, clauses_env, is_fresh
from cdc.model import Project

CACHE_FORMAT = 1
_SUFFIX = ".pickle"


@dataclass(frozen=True)
class CheckedProject:
    """A project file read, validated and linted; ``project`` is None when it is not valid."""

    path: Path
    display: str
    project: Project | None
    findings: list[Finding]

    @property
    def root(self) -> Path:
        """The project folder: outputs go beside it, nothing outside it is read."""
        return self.path.parent


def check_project(path: Path) -> CheckedProject:
    """Load and lint ``path``, or serve the remembered result when nothing it read changed.

    Raises :class:`cdc.core.errors.UsageError` for a missing, unreadable or folder path, as
    :func:`cdc.reading.project.load_project` does.
    """
    key = _key(path)
    hit = _lookup(key)
    if hit is not None:
        return hit
    from cdc.linting import lint_loaded
    from cdc.linting.engine import record_dependencies
    from cdc.reading.project import load_project

    deps = Dependencies()  # before reading: see Dependencies.racy
    loaded = load_project(path)
    checked = CheckedProject(loaded.path, loaded.display, loaded.project, lint_loaded(loaded))
    record_dependencies(loaded, deps)
    _store(key, checked, deps)
    return checked


def _key(path: Path) -> str | None:
    if cache_root() is None:
        return None
    import pydantic

    parts = {
        "cache": CACHE_FORMAT,
        "code": code_fingerprint(),
        "pydantic": pydantic.VERSION,
        "cwd": str(Path.cwd()),
        "path": str(path),
        "clauses": clauses_env(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _folder() -> Path | None:
    root = cache_root()
    return None if root is None else root / "project"


def _lookup(key: str | None) -> CheckedProject | None:
    folder = _folder()
    if key is None or folder is None:
        return None
    try:
        with (folder / f"{key}{_SUFFIX}").open("rb") as fh:
            header: Any = pickle.load(fh)  # the dependencies, checked before the model is read
            if header.get("cache") != CACHE_FORMAT or not is_fresh(header["deps"]):
                return None
            checked = pickle.load(fh)
    except Exception:  # whatever is wrong with an entry (corrupt, old classes): load again
        return None
    return checked if isinstance(checked, CheckedProject) else None


def _store(key: str | None, checked: CheckedProject, deps: Dependencies) -> None:
    """Remember a checked project (best effort: never fails the command)."""
    folder = _folder()
    if key is None or folder is None or deps.racy():
        return
    try:
        header = {"cache": CACHE_FORMAT, "deps": deps.snapshot()}
        data = pickle.dumps(header, protocol=5) + pickle.dumps(checked, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    put(folder, f"{key}{_SUFFIX}", data)


__all__ = ["CheckedProject", "check_project"]
