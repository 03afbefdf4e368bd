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

from cdc.core.findings import Finding, Severity
from cdc.model.award import AwardDecisions
from cdc.reading.modelfile import read_model_file
from cdc.reading.yamlsrc import SourceMap


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
    read = read_model_file(
        path, shown, AwardDecisions, "an award decisions file", empty=AwardDecisions()
    )
    return LoadedDecisions(path, shown, read.value, read.data, read.source, read.findings)


__all__ = ["LoadedDecisions", "load_decisions"]
