"""Read the buyer's award decisions (``attribution.yaml``, optional) with located findings.

Read like the project file and the questions register — cdc's safe YAML loader, the Pydantic
model, every problem a located finding (``attribution.yaml:LINE:COL: error SCH004 …``) — so a
typo in a committee member's key is reported where it is, never as a traceback. The file is
optional: ``cdc award`` without it prints the decisions still to take as gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cdc.core.findings import Finding, Mark, Severity
from cdc.model.award import AwardDecisions
from cdc.reading.project import control_findings, validation_findings
from cdc.reading.yamlsrc import SourceMap, read_yaml_bytes


@dataclass
class LoadedDecisions:
    """A decisions file read and validated; ``decisions`` is None when it is not valid."""

    path: Path
    display: str
    decisions: AwardDecisions | None
    data: Any
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether a finding is an error (the file is then not used)."""
        return any(f.severity is Severity.error for f in self.findings)


def load_decisions(path: Path, display: str | None = None) -> LoadedDecisions:
    """Read and validate the decisions at ``path``.

    Never raises for bad content: a missing file, a folder, bad YAML, an unknown key or a wrong
    value come back as located findings (the project loader's rule ids, SCH001…SCH011).
    """
    shown = display if display is not None else str(path)
    empty = LoadedDecisions(path, shown, None, None, SourceMap())
    if path.is_dir():
        empty.findings.append(_error(shown, "SCH009", "is a folder, not an award decisions file"))
        return empty
    try:
        raw = path.read_bytes()
    except OSError as exc:
        empty.findings.append(_error(shown, "SCH009", f"cannot read: {exc.strerror or exc}"))
        return empty
    if not raw.strip():  # an empty file: nothing decided yet, which is allowed
        return LoadedDecisions(path, shown, AwardDecisions(), None, SourceMap())
    doc = read_yaml_bytes(raw, shown)
    loaded = LoadedDecisions(path, shown, None, doc.data, doc.source, list(doc.findings))
    if doc.data is None:
        return loaded
    loaded.findings.extend(control_findings(doc.data, doc.source, "SCH011"))
    try:
        decisions = AwardDecisions.model_validate(doc.data)
    except ValidationError as exc:
        loaded.findings.extend(validation_findings(exc, doc.data, doc.source, AwardDecisions))
        return loaded
    if not loaded.failed:
        loaded.decisions = decisions
    return loaded


def _error(display: str, rule: str, message: str) -> Finding:
    return Finding(Mark(display, 1, 1), Severity.error, rule, f"{display}: {message}")


__all__ = ["LoadedDecisions", "load_decisions"]
