"""Where cdc keeps what it can recompute: lint reports and compiled templates.

Everything in the cache is an optimisation. It lives in ``$CDC_CACHE_DIR``, else
``$XDG_CACHE_HOME/cdc``, else ``~/.cache/cdc``; ``CDC_NO_CACHE=1`` turns it off; deleting the
folder is always safe. Any problem with it (unwritable, corrupt, another process writing) makes
cdc do the work again, never fail. Standard library only: the lint fast path imports it before
anything heavy.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from cdc import __version__


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
    libraries: the lint fast path must stay light. A library that cannot be found is "absent".
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


#: Entries kept per cache folder; past it, the older half goes.
MAX_ENTRIES = 512


def put(folder: Path, name: str, data: bytes) -> None:
    """Store one entry atomically (a reader sees the old entry or the new, never half of one),
    then keep the folder bounded. Best effort: a cache that cannot be written is no error."""
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name_tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=Path(name).suffix)
        tmp = Path(name_tmp)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.replace(folder / name)
        tmp = None
        prune(folder, Path(name).suffix)
    except OSError:
        return
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def prune(folder: Path, suffix: str) -> None:
    """Keep the newest entries only, so the cache never grows without bound."""
    entries = list(folder.glob(f"*{suffix}"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - MAX_ENTRIES // 2]:
        old.unlink(missing_ok=True)
