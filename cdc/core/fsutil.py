"""File writing that never leaves a half-written file and never clobbers by surprise."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cdc.core.errors import OutputError


def write_atomic(path: Path, data: bytes | str, *, force: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    With ``force=False`` an existing file is left untouched and :class:`OutputError` raised.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists (use --force to overwrite)")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{parent}: cannot write here: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
