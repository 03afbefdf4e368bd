"""Read the execution log: one YAML file, or a folder of them, into one validated log.

The log sits beside ``cdc.yaml``: ``execution.yaml``, or an ``execution/`` folder whose ``*.yaml``
files (sorted by path, sub-folders included) each hold some of the log's lists — a file per
month, per grievance or per committee, as the team prefers. Lists are appended in that order;
``contract`` and ``settings`` may appear in one file only. Every problem is a finding located
in the file it comes from (the same rules and messages as the project file: SCH001–SCH011),
never an exception; the log is None when it is not valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cdc.core.errors import UsageError
from cdc.core.findings import Finding, Mark, Severity
from cdc.model.execution import LOG_LISTS, ExecutionLog
from cdc.reading.project import (
    control_findings,
    display_path,
    read_document,
    validation_findings,
)
from cdc.reading.yamlsrc import SourceMap

#: Names looked for beside the project file, in this order.
LOG_NAMES = ("execution", "execution.yaml", "execution.yml")
#: Most files a log folder may hold (a log is a few dozen files; more is a wrong folder).
MAX_LOG_FILES = 2000
_SINGLE = ("contract", "settings")


@dataclass
class LoadedLog:
    """An execution log read and validated; ``log`` is None when it is not valid."""

    path: Path
    display: str
    log: ExecutionLog | None
    data: dict[str, Any] | None
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)
    #: Every YAML file read, resolved.
    files: list[Path] = field(default_factory=list)

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Mark:
        """Where the value at ``path`` (e.g. ``("evidence", 3, "sha256")``) is written."""
        return self.source.locate(path, key=key)


def default_log_path(project_folder: Path) -> Path | None:
    """The log beside a project: ``execution/``, ``execution.yaml`` or ``execution.yml``."""
    for name in LOG_NAMES:
        candidate = project_folder / name
        if candidate.exists():
            return candidate
    return None


def _log_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if len(files) > MAX_LOG_FILES:
        raise UsageError(f"{path}: more than {MAX_LOG_FILES} YAML files: not a log folder")
    return files


def load_log(path: Path, relative_to: tuple[Path, str] | None = None) -> LoadedLog:
    """Read and validate the log at ``path`` (a file or a folder).

    ``relative_to`` is (project file, its display) so that findings name the log's files as
    the user sees them beside the project. Raises :class:`UsageError` only for a path that does
    not exist; everything else is a finding.
    """
    if not path.exists():
        raise UsageError(f"{path}: no such execution log (file or folder)")
    display = display_path(path.resolve(), relative_to) if relative_to else str(path)
    loaded = LoadedLog(path.resolve(), display, None, {}, SourceMap())
    files = _log_files(path)
    if not files:
        loaded.findings.append(
            Finding(
                Mark(display, 1, 1), Severity.error, "SCH005", "the log folder holds no .yaml file"
            )
        )
        loaded.data = None
        return loaded
    for file in files:
        _merge(loaded, file, relative_to)
    data = loaded.data
    assert data is not None
    loaded.findings.extend(control_findings(data, loaded.source, "SCH011"))
    try:
        log = ExecutionLog.model_validate(data)
    except ValidationError as exc:
        loaded.findings.extend(validation_findings(exc, data, loaded.source, ExecutionLog))
        return loaded
    if not any(f.severity is Severity.error for f in loaded.findings):
        loaded.log = log
    return loaded


def _merge(loaded: LoadedLog, file: Path, relative_to: tuple[Path, str] | None) -> None:
    resolved = file.resolve()
    display = display_path(resolved, relative_to) if relative_to else str(file)
    loaded.files.append(resolved)
    doc = read_document(file, display)
    loaded.findings.extend(doc.findings)
    data = loaded.data
    assert data is not None
    if doc.data is None:
        return
    loaded.source.lines.update(doc.source.lines)
    for key, value in doc.data.items():
        key_mark = doc.source.locate((key,), key=True)
        if key in _SINGLE or key not in LOG_LISTS:
            if key in data:
                loaded.findings.append(
                    Finding(
                        key_mark,
                        Severity.error,
                        "SCH004",
                        f"'{key}' is given in two files of the log",
                    )
                )
                continue
            data[key] = value
            _copy_marks(doc.source, loaded.source, key)
            continue
        if not isinstance(value, list):
            if key not in data:  # validation reports the wrong type at its place
                data[key] = value
                _copy_marks(doc.source, loaded.source, key)
            else:
                loaded.findings.append(
                    Finding(key_mark, Severity.error, "SCH004", f"'{key}' must be a list")
                )
            continue
        target = data.setdefault(key, [])
        if not isinstance(target, list):
            continue
        if (key,) not in loaded.source.keys:
            loaded.source.keys[(key,)] = key_mark
            loaded.source.values[(key,)] = doc.source.locate((key,))
        loaded.source.graft(doc.source, key, len(target))
        target.extend(value)
    if () not in loaded.source.values:
        loaded.source.values[()] = doc.source.locate(())


def _copy_marks(src: SourceMap, dst: SourceMap, key: str) -> None:
    for table_src, table_dst in ((src.values, dst.values), (src.keys, dst.keys)):
        for path, mark in table_src.items():
            if path and path[0] == key:
                table_dst[path] = mark
    for path, style in src.styles.items():
        if path and path[0] == key:
            dst.styles[path] = style


__all__ = ["LOG_NAMES", "LoadedLog", "default_log_path", "load_log"]
