"""Remember what reading each response file gave, by content, so a re-score reads only what changed.

A buyer scores again each time a response arrives or an evaluator's note changes: 19 of 20
response files are the same bytes as last time, and reading them (a 1,000-answer XLSX grid
0.1 s, a YAML response 0.03 s) is most of ``cdc score``. The outcome of reading one file
(:data:`cdc.reading.responses.read.Outcome`: the response, or its located findings, or an error) is
kept in the ``responses`` folder of :func:`cdc.cache.cache_root`, keyed by everything it
depends on: the file's bytes (SHA-256) and its path as given (findings show it), the project
it was checked against (the SHA-256 of the validated model's JSON), cdc's code and Pydantic's
version. A file modified during or just before the run is not remembered
(:data:`cdc.lintcache.RACY_SECONDS`: it may not be what was read). Entries are pickles in the
user's own cache folder, as for :mod:`cdc.projectcache`; any problem means reading again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdc.cache import cache_root, code_fingerprint, put
from cdc.lintcache import RACY_SECONDS

if TYPE_CHECKING:
    from cdc.model import Project
    from cdc.reading.responses.read import Outcome

CACHE_FORMAT = 1
_SUFFIX = ".pickle"


class ReadCache:
    """Lookups and stores for one scoring run against one project."""

    def __init__(self, project: Project) -> None:
        self.started = time.time()
        root = cache_root()
        self.folder = None if root is None else root / "responses"
        self.project_digest = ""
        if self.folder is not None:
            import pydantic

            # JSON, not pickle: a pickle holds sets (fields set), ordered differently by each
            # process's string hashing, so it would never give the same digest twice.
            model = hashlib.sha256(project.model_dump_json().encode()).hexdigest()
            self.project_digest = f"{model}:{code_fingerprint()}:{pydantic.VERSION}"
        #: Each looked-up file's key (its bytes hashed once): a miss is stored under it.
        self.keys: dict[Path, str] = {}

    def _key(self, path: Path) -> str | None:
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        parts = {
            "cache": CACHE_FORMAT,
            "project": self.project_digest,
            "path": str(path),
            "cwd": str(Path.cwd()),
            "content": content,
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def lookup(self, path: Path) -> Outcome | None:
        """The remembered outcome of reading ``path`` as it is now, or None."""
        if self.folder is None:
            return None
        key = self._key(path)
        if key is None:
            return None
        self.keys[path] = key
        try:
            with (self.folder / f"{key}{_SUFFIX}").open("rb") as fh:
                entry: Any = pickle.load(fh)
        except Exception:  # whatever is wrong with an entry (corrupt, old classes): read again
            return None
        if not (isinstance(entry, tuple) and len(entry) == 3):
            return None
        return entry

    def store(self, path: Path, outcome: Outcome) -> None:
        """Remember the outcome of a file looked up first (best effort: never fails the command).

        It goes under the key of the bytes hashed at lookup; a file changed since then has a
        recent modification time, and nothing about it is remembered.
        """
        key = self.keys.get(path)
        if self.folder is None or key is None:
            return
        try:
            if path.stat().st_mtime >= self.started - RACY_SECONDS:
                return  # saved during or just before this run: maybe not what was read
        except OSError:
            return
        try:
            data = pickle.dumps(outcome, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        put(self.folder, f"{key}{_SUFFIX}", data)
