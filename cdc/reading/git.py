"""Read a project as it was at a git revision: ``REV:path``, includes at the same revision.

A project lives in git, so "the version we published" is a revision. ``git`` is run as a
subprocess with an argument list (never a shell), the revision and path are checked before they
reach it, and what git prints is only ever read as data. The project folder's YAML files at that
revision are copied into a private temporary folder and loaded there by the ordinary loader, so
includes resolve exactly as they did then; findings name ``REV:path``, not the temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from cdc.core.errors import UsageError
from cdc.core.findings import Mark
from cdc.reading.project import LoadedProject, load_project

#: What a revision may look like: names, hashes, ``HEAD~2``, ``v1.0^``, ``main@{1}``. No leading
#: dash (git would read an option), no space, no ``..`` range.
_REVISION = re.compile(r"^(?!-)[A-Za-z0-9_./~^@{}+-]{1,200}$")

#: Files copied from the revision: YAML only (what a project and its includes are made of).
_SUFFIXES = (".yaml", ".yml")
#: Bounds of what one revision may bring (files, bytes): a project, not a whole monorepo.
MAX_FILES = 2_000
MAX_BYTES = 64 * 1024 * 1024
#: Seconds one git command may take.
TIMEOUT = 60


def split_revision(spec: str) -> tuple[str, str] | None:
    """``REV:path`` → (REV, path); None when ``spec`` names a file on disk (or has no colon).

    An existing file wins, so a file whose name holds a colon is still read as a file.
    """
    if ":" not in spec or Path(spec).exists():
        return None
    rev, _, path = spec.partition(":")
    if not rev or not path:
        raise UsageError(f"{spec}: expected REV:path (e.g. HEAD~1:cdc.yaml)")
    if not _REVISION.match(rev) or ".." in rev:
        raise UsageError(f"{spec}: '{rev}' is not a revision cdc accepts (a name, hash or HEAD~N)")
    if "\0" in path or path.startswith("-"):
        raise UsageError(f"{spec}: '{path}' is not a path")
    return rev, path


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    exe = shutil.which("git")
    if exe is None:
        raise UsageError("git is not installed: REV:path needs it (or compare two files)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    try:
        return subprocess.run(  # an argument list, validated above, no shell
            [exe, "-C", str(cwd), *args],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=env,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"git {args[0]}: could not run: {exc}") from exc


def _repository(cwd: Path, spec: str) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        raise UsageError(f"{spec}: {cwd} is not inside a git repository (REV:path reads git)")
    return Path(done.stdout.decode("utf-8", "replace").strip()).resolve()


def _commit(top: Path, rev: str, spec: str) -> str:
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top)
    if done.returncode != 0:
        raise UsageError(f"{spec}: unknown revision '{rev}' in {top}")
    return done.stdout.decode("ascii", "replace").strip()


def load_at_revision(spec: str, *, cwd: Path | None = None) -> LoadedProject:
    """Load ``REV:path`` (path relative to ``cwd``, as ``git show REV:./path``).

    Raises :class:`UsageError` outside a git repository, for an unknown revision, or for a path
    the revision does not hold; findings of the project itself are returned, located in
    ``REV:path``.
    """
    parsed = split_revision(spec)
    if parsed is None:
        raise UsageError(f"{spec}: expected REV:path")
    rev, path = parsed
    here = (cwd or Path.cwd()).resolve()
    top = _repository(here, spec)
    commit = _commit(top, rev, spec)
    target = (here / path).resolve()
    if not target.is_relative_to(top):
        raise UsageError(f"{spec}: '{path}' is outside the repository {top}")
    relative = PurePosixPath(target.relative_to(top).as_posix())
    folder = relative.parent
    listing = _git(
        [
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            commit,
            "--",
            f"{folder}/" if str(folder) != "." else ".",
        ],
        top,
    )
    if listing.returncode != 0:
        raise UsageError(f"{spec}: git could not list {folder} at {rev}")
    names = [n for n in listing.stdout.decode("utf-8", "replace").split("\0") if n]
    if str(relative) not in names:
        raise UsageError(f"{spec}: no file {relative} at revision {rev}")
    wanted = [n for n in names if n.lower().endswith(_SUFFIXES)]
    if len(wanted) > MAX_FILES:
        raise UsageError(f"{spec}: {len(wanted)} YAML files under {folder}: too many to read")
    with tempfile.TemporaryDirectory(prefix="cdc-rev-") as tmp:
        root = Path(tmp)
        total = 0
        for name in wanted:
            shown = _git(["cat-file", "blob", f"{commit}:{name}"], top)
            if shown.returncode != 0:
                raise UsageError(f"{spec}: git could not read {name} at {rev}")
            total += len(shown.stdout)
            if total > MAX_BYTES:
                raise UsageError(f"{spec}: the YAML files under {folder} are too large to read")
            inner = (
                PurePosixPath(name).relative_to(folder)
                if str(folder) != "."
                else PurePosixPath(name)
            )
            dest = root.joinpath(*inner.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(shown.stdout)
        loaded = load_project(root / relative.name)
        return _relabel(loaded, root, f"{rev}:{path}", rev, Path(path).parent)


def _relabel(
    loaded: LoadedProject, root: Path, display: str, rev: str, folder: Path
) -> LoadedProject:
    """Findings located in ``REV:path`` rather than in the temporary copy."""
    prefix = str(root / loaded.path.name)
    main = str(loaded.path)

    def shown(where: str) -> str:
        if where in (prefix, main):
            return display
        for base in (str(root), str(root.resolve())):
            if where.startswith(base + os.sep):
                return f"{rev}:{(folder / where[len(base) + 1 :]).as_posix()}"
        return where

    loaded.findings = [
        replace(f, mark=Mark(shown(f.mark.path), f.mark.line, f.mark.col)) for f in loaded.findings
    ]
    loaded.display = display
    return loaded


def load_source(spec: str, *, base: Path | None = None) -> LoadedProject:
    """A project named on the command line or by ``project.versions[].source``.

    ``REV:path`` reads git (path relative to ``base``, default the current folder); anything
    else is a file, relative to ``base`` when one is given. Raises :class:`UsageError` for a
    missing file, or outside a repository / for an unknown revision.
    """
    path = Path(spec) if base is None else base / spec
    if path.exists() or ":" not in spec:
        return load_project(path)
    return load_at_revision(spec, cwd=base)
