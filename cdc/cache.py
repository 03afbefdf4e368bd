"""Where cdc keeps what it can recompute: lint reports and compiled templates.

Everything in the cache is an optimisation. It lives in ``$CDC_CACHE_DIR``, else
``$XDG_CACHE_HOME/cdc``, else ``~/.cache/cdc``; ``CDC_NO_CACHE=1`` turns it off; deleting the
folder is always safe. Any problem with it (unwritable, corrupt, another process writing) makes
cdc do the work again, never fail. Standard library only: the lint fast path imports it before
anything heavy.
"""

from __future__ import annotations

import hashlib
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


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """cdc's version, Python's, and path, size and mtime of every module of cdc.

    Changes whenever the code does, so an edited checkout (an editable install keeps the same
    version number) never reads what an older version of the code cached.
    """
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{__version__}\n{sys.version}\n".encode())
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
