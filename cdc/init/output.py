"""Where ``cdc init`` writes, checked before the first question so nobody answers for nothing.

The same checks run again at the end (:func:`cdc.core.fsutil.write_atomic` refuses to replace a file
that appeared meanwhile without ``--force``), and the file is written through a temporary file
and a rename: an interrupted wizard leaves no half-written ``cdc.yaml``.
"""

from __future__ import annotations

import os
from pathlib import Path

from cdc.core.errors import OutputError

PROJECT_FILE = "cdc.yaml"


def target_path(directory: Path) -> Path:
    """The project file ``cdc init DIR`` writes."""
    return directory / PROJECT_FILE


def check_target(directory: Path, *, force: bool) -> Path:
    """The file to write, or :class:`OutputError` (exit 1) saying why it cannot be written."""
    target = target_path(directory)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; nothing written")
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; nothing written (use --force to overwrite)")
    existing = directory
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise OutputError(f"{directory}: cannot create the folder: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{directory}: cannot write here: permission denied")
    return target
