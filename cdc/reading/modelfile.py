"""Read one small YAML file into its Pydantic model, every problem a located finding.

The questions register and the award decisions are read the way the project file is — cdc's
safe YAML loader, invisible control characters refused (SCH011), the model's validation errors
placed on their line (SCH003/SCH004…) — and a missing, unreadable or folder path is a finding
too (SCH009), never a traceback. This is that reading, once, for every such file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from cdc.core.findings import Finding, Mark, Severity
from cdc.reading.project import control_findings, validation_findings
from cdc.reading.yamlsrc import SourceMap, read_yaml_bytes

M = TypeVar("M", bound=BaseModel)


@dataclass
class ModelFile(Generic[M]):
    """A file read and validated: ``value`` is None when it has an error finding."""

    value: M | None
    data: Any
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)


def read_model_file(
    path: Path, shown: str, model: type[M], what: str, *, empty: M | None = None
) -> ModelFile[M]:
    """Read ``path`` (shown as ``shown``) as a ``model``; ``what`` names the file in the
    folder finding ("a questions register"); ``empty`` is the value of a blank file, when a
    blank file is allowed (else it is read as YAML and reported as such)."""
    if path.is_dir():
        return ModelFile(
            None, None, SourceMap(), [error(shown, "SCH009", f"is a folder, not {what}")]
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = f"cannot read: {exc.strerror or exc}"
        return ModelFile(None, None, SourceMap(), [error(shown, "SCH009", message)])
    if empty is not None and not raw.strip():
        return ModelFile(empty, None, SourceMap())
    doc = read_yaml_bytes(raw, shown)
    read: ModelFile[M] = ModelFile(None, doc.data, doc.source, list(doc.findings))
    if doc.data is None:
        return read
    read.findings.extend(control_findings(doc.data, doc.source, "SCH011"))
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        read.findings.extend(validation_findings(exc, doc.data, doc.source, model))
        return read
    if not any(f.severity is Severity.error for f in read.findings):
        read.value = value
    return read


def error(display: str, rule: str, message: str) -> Finding:
    """A finding about the whole file (placed on its first line)."""
    return Finding(Mark(display, 1, 1), Severity.error, rule, f"{display}: {message}")


__all__ = ["ModelFile", "error", "read_model_file"]
