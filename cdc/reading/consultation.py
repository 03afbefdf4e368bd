"""Read the questions-and-answers register (``questions.yaml`` beside ``cdc.yaml``).

The register is read like the project file — cdc's safe YAML loader, the Pydantic models, every
problem a located finding (``questions.yaml:LINE:COL: error SCH004 …``) — so that ``cdc lint``
reports a typo in the register the way it reports one in ``cdc.yaml``. An absent register is
not a problem: a consultation may have received no question yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdc.core.findings import Finding
from cdc.model.consultation import REGISTER_FILE, QuestionRegister
from cdc.reading.modelfile import read_model_file
from cdc.reading.project import display_path
from cdc.reading.yamlsrc import SourceMap


@dataclass
class LoadedRegister:
    """A register read and validated; ``register`` is None when it is not valid."""

    path: Path
    display: str
    register: QuestionRegister | None
    data: Any
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)


def register_path(project_root: Path) -> Path:
    """Where a project's register is: ``questions.yaml`` in the project folder."""
    return project_root / REGISTER_FILE


def register_display(project_path: Path, project_display: str) -> str:
    """How the register's path is shown: beside the project file, as the user named that one."""
    return display_path(project_path.parent / REGISTER_FILE, (project_path, project_display))


def load_register(path: Path, display: str | None = None) -> LoadedRegister | None:
    """Read and validate the register at ``path``; None when there is no such file.

    Never raises for bad content: a folder, an unreadable file, bad YAML, a wrong value or an
    invisible control character all come back as located findings (rule ids of the project
    loader, SCH001…SCH011), so that ``cdc lint`` lists them with the project's own.
    """
    shown = display if display is not None else str(path)
    if not path.exists() and not path.is_symlink():
        return None
    read = read_model_file(path, shown, QuestionRegister, "a questions register")
    return LoadedRegister(path, shown, read.value, read.data, read.source, read.findings)
