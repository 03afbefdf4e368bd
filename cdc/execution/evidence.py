"""The evidence file checked: every piece still there, inside the project folder, unchanged.

A piece is registered with the SHA-256 of its bytes; a file edited afterwards no longer proves
what it proved when registered, so a changed digest is an error, not a detail. Paths are
resolved (symbolic links followed) and must stay inside the project folder, so the index never
vouches for a file elsewhere on the disk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cdc.model.execution import Evidence, ExecutionLog

_CHUNK = 1 << 20


class EvidenceState(StrEnum):
    """What the check found for one piece."""

    ok = "ok"
    missing = "missing"
    altered = "altered"
    outside = "outside"


@dataclass(frozen=True)
class EvidenceCheck:
    """One piece of the evidence file and its state."""

    #: The piece's number in the index of pieces (1-based rank in the log).
    number: int
    piece: Evidence
    state: EvidenceState
    #: The digest of the file as it is now (None when missing or outside).
    actual_sha256: str | None


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, lower-case hexadecimal (read in chunks: pieces may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_piece(piece: Evidence, project_folder: Path) -> Path | None:
    """The piece's file, or None when its path leads outside the project folder."""
    root = project_folder.resolve()
    relative = Path(piece.file)
    if relative.is_absolute() or piece.file.startswith(("~", "\\")):
        return None
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root) else None


def check_piece(number: int, piece: Evidence, project_folder: Path) -> EvidenceCheck:
    """The state of one piece."""
    path = resolve_piece(piece, project_folder)
    if path is None:
        return EvidenceCheck(number, piece, EvidenceState.outside, None)
    try:
        if not path.is_file():
            return EvidenceCheck(number, piece, EvidenceState.missing, None)
        actual = sha256_file(path)
    except OSError:
        return EvidenceCheck(number, piece, EvidenceState.missing, None)
    state = EvidenceState.ok if actual == piece.sha256 else EvidenceState.altered
    return EvidenceCheck(number, piece, state, actual)


def check_evidence(log: ExecutionLog, project_folder: Path) -> list[EvidenceCheck]:
    """Every piece of the evidence file, in the order of the index."""
    return [check_piece(n, piece, project_folder) for n, piece in enumerate(log.evidence, 1)]
