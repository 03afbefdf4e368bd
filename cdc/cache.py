"""cdc's one cache: results it can recompute, kept by content, checked on every use.

Everything in the cache is an optimisation. It lives in ``$CDC_CACHE_DIR``, else
``$XDG_CACHE_HOME/cdc``, else ``~/.cache/cdc``; ``CDC_NO_CACHE=1`` turns it off; deleting the
folder is always safe. Any problem with it (unwritable, corrupt, another process writing, an
entry from other code) makes cdc do the work again, silently, never fail.

One API (:func:`get`, :func:`put`) and one key scheme for every namespace (``lint`` reports,
checked ``project``s, read ``responses``): the key is the hash of the entry format, the
:func:`code_fingerprint` (cdc's version and code, Python's version, and the version of every
library that shapes a result: :data:`KEY_LIBRARIES`), the working directory, the namespace and
the caller's parts. An entry records its :class:`Dependencies` (the content of every file read,
the absence of the optional ones, every include pattern's matches) and is served only while
they still hold; nothing is stored about a file saved during or just before the run
(:meth:`Dependencies.racy`). Compiled templates go to :func:`bytecode_folder`, for Jinja's own
bytecode cache.

Only the commands' orchestration (:mod:`cdc.api`) uses this module; no stage knows about it.
Standard library only and light to import: a cached ``cdc lint`` imports it and little else.
Entries are pickles, read only from the user's own cache folder, like Python's compiled modules
beside them: whoever can write there can already change what cdc runs.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import pickle
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cdc.core.version import __version__


def cache_root() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("CDC_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("CDC_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg:
        return Path(xdg) / "cdc"
    return Path.home() / ".cache" / "cdc"


#: Libraries whose installed version changes what cdc caches, as (module, distribution):
#: PyYAML, and whether its libyaml extension is there, decides parse findings (SCH001 or SCH008,
#: messages, positions); Pydantic and pydantic-core write SCH004 messages and build the pickled
#: models; openpyxl reads response grids; Jinja2 compiles the templates.
KEY_LIBRARIES = (
    ("yaml", "PyYAML"),
    ("pydantic", "pydantic"),
    ("pydantic_core", "pydantic_core"),
    ("openpyxl", "openpyxl"),
    ("jinja2", "Jinja2"),
)

_EXTENSIONS = tuple(importlib.machinery.EXTENSION_SUFFIXES)


def library_versions() -> dict[str, str]:
    """Each of :data:`KEY_LIBRARIES` as installed: ``"6.0.4 +_yaml.cpython-311-….so:…"``.

    The version comes from the distribution's ``.dist-info`` folder name and the compiled
    extensions inside the package (name, size, mtime) are listed, so libyaml being there or not,
    or a rebuilt extension, changes it too. Read from the file system without importing the
    libraries: a cached ``cdc lint`` must stay light. A library that cannot be found is "absent".
    """
    listings: dict[str, list[str]] = {}
    return {dist: _installed(module, dist, listings) for module, dist in KEY_LIBRARIES}


def _installed(module: str, dist: str, listings: dict[str, list[str]]) -> str:
    try:
        spec = importlib.machinery.PathFinder.find_spec(module)
    except (ImportError, OSError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "absent"
    package = Path(spec.origin).parent
    site = str(package.parent)
    if site not in listings:
        try:
            listings[site] = sorted(entry.name for entry in Path(site).iterdir())
        except OSError:
            listings[site] = []
    prefix = dist.lower().replace("-", "_") + "-"
    version = "unknown"
    for entry in listings[site]:
        low = entry.lower()
        if low.startswith(prefix) and low.endswith((".dist-info", ".egg-info")):
            version = entry[len(prefix) : entry.rindex(".")]
            break
    parts = [version]
    try:
        names = sorted(e.name for e in package.iterdir()) if spec.submodule_search_locations else []
    except OSError:
        names = []
    for name in names:
        if name.endswith(_EXTENSIONS):
            try:
                st = (package / name).stat()
            except OSError:
                continue
            parts.append(f"+{name}:{st.st_size}:{st.st_mtime_ns}")
    return " ".join(parts)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """cdc's version, Python's, the libraries' (:func:`library_versions`), and path, size and
    mtime of every module of cdc.

    Changes whenever the code does, so an edited checkout (an editable install keeps the same
    version number) never reads what an older version of the code cached; and whenever a
    library that shapes cached results does (a PyYAML upgrade, libyaml appearing or going, a new
    Pydantic), so no cache serves what another set of libraries produced.
    """
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{__version__}\n{sys.version}\n".encode())
    h.update(json.dumps(library_versions(), sort_keys=True).encode())
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = (Path(folder) / name).stat()
                h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


#: Version of the entry layout (header pickle, then value pickle); part of every key.
FORMAT = 2
#: Entries kept per namespace; past it, the older half goes.
MAX_ENTRIES = 512
#: Files changed this close to (or after) the start of a run are not trusted to be what it read.
RACY_SECONDS = 2.0
_SUFFIX = ".pickle"


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


@dataclass
class Dependencies:
    """What one result was computed from: files (present or not) and (folder, pattern) globs.

    Create it before reading anything: ``started`` is when the run began (see :meth:`racy`).
    """

    files: set[str] = field(default_factory=set)
    globs: set[tuple[str, str]] = field(default_factory=set)
    started: float = field(default_factory=time.time)

    def add(self, files: Iterable[object], globs: Iterable[tuple[object, str]] = ()) -> None:
        """Record more files read (or looked for) and include patterns."""
        self.files.update(str(f) for f in files)
        self.globs.update((str(base), pattern) for base, pattern in globs)

    def snapshot(self) -> dict[str, Any]:
        """The files' digests and the patterns' matches as they are now."""
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


def is_fresh(snapshot: dict[str, Any]) -> bool:
    """Whether a :meth:`Dependencies.snapshot` still describes the files on disk."""
    for path, digest in snapshot["files"].items():
        if _digest(path) != digest:
            return False
    return all(_matches(base, pattern) == found for base, pattern, found in snapshot["globs"])


def key(namespace: str, parts: object) -> str:
    """The entry name of ``parts`` in ``namespace``: the same in every process.

    ``parts`` is anything JSON can write (other values are written as ``str``); it holds what
    the caller's result depends on beyond the files recorded in its :class:`Dependencies`
    (paths as typed, a format, an environment variable, a project's digest).
    """
    whole = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "cwd": str(Path.cwd()),
        "namespace": namespace,
        "parts": parts,
    }
    return hashlib.sha256(json.dumps(whole, sort_keys=True, default=str).encode()).hexdigest()


def get(namespace: str, parts: object) -> Any:
    """The value stored under ``parts`` if everything it depends on is unchanged, else None."""
    root = cache_root()
    if root is None:
        return None
    try:
        with (root / namespace / f"{key(namespace, parts)}{_SUFFIX}").open("rb") as fh:
            header: Any = pickle.load(fh)  # the dependencies, checked before the value is read
            if header.get("format") != FORMAT or not is_fresh(header["deps"]):
                return None
            return pickle.load(fh)
    except Exception:  # whatever is wrong with an entry (corrupt, old classes): recompute
        return None


def put(namespace: str, parts: object, value: object, deps: Dependencies) -> None:
    """Remember ``value`` under ``parts`` with its dependencies (best effort: never fails).

    Nothing is stored when a file it depends on was saved during or just before the run.
    """
    root = cache_root()
    if root is None or deps.racy():
        return
    try:
        header = {"format": FORMAT, "deps": deps.snapshot()}
        data = pickle.dumps(header, protocol=5) + pickle.dumps(value, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, OSError):
        return
    _write(root / namespace, f"{key(namespace, parts)}{_SUFFIX}", data)


def bytecode_folder() -> Path | None:
    """Where Jinja keeps compiled templates: a folder proper to this code (never stale
    bytecode); what older code compiled and did not use for a week is removed."""
    root = cache_root()
    if root is None:
        return None
    folder = root / "templates" / code_fingerprint()[:16]
    if not folder.is_dir():
        _prune_old(folder.parent)
    return folder


def _prune_old(parent: Path, days: int = 7) -> None:
    import shutil

    limit = time.time() - days * 86_400
    try:
        for old in parent.iterdir():
            if old.is_dir() and old.stat().st_mtime < limit:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass


def _write(folder: Path, name: str, data: bytes) -> None:
    """Store one entry atomically (a reader sees the old entry or the new, never half of one),
    then keep the folder bounded."""
    import tempfile  # only when writing: a hit never needs it

    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name_tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)
        tmp = Path(name_tmp)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.replace(folder / name)
        tmp = None
        _prune(folder)
    except OSError:
        return
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    """Keep the newest entries only, so the cache never grows without bound."""
    entries = list(folder.glob(f"*{_SUFFIX}"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - MAX_ENTRIES // 2]:
        old.unlink(missing_ok=True)
