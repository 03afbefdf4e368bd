"""Load a project: read ``cdc.yaml`` and its includes, validate, and locate every problem.

The result always says where things are: a Pydantic error on ``requirements[64].priority`` is
reported at the line and column of that value, in the file it came from (the main file or an
included one).
"""

from __future__ import annotations

import os
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cdc.core.errors import UsageError
from cdc.core.findings import Finding, Mark, Severity
from cdc.core.safetext import MAX_FINDINGS, REFUSED, describe, printable
from cdc.core.suggest import closest, did_you_mean
from cdc.model import INCLUDABLE_PARTS, Project
from cdc.reading.yamlsrc import Path_, SourceMap, YamlDocument, read_yaml_bytes


@dataclass
class LoadedProject:
    """A project file read and validated; ``project`` is None when it is not valid."""

    path: Path
    display: str
    project: Project | None
    data: dict[str, Any] | None
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    tagged: list[Path_] = field(default_factory=list)
    #: Include patterns expanded, as (folder, pattern): what a later run must re-expand to
    #: know whether the project still reads the same files (see :mod:`cdc.cache`).
    include_patterns: list[tuple[Path, str]] = field(default_factory=list)
    #: When the file is read cleanly but some of its top-level parts do not validate: those
    #: parts (``evaluation``, ``requirements``…). The others make a partial project
    #: (:func:`partial_project`) the lint rules that do not need the invalid parts run on.
    #: None when the project is valid, or when it cannot be trusted in part (a YAML, include
    #: or refused-character error, an error outside any part).
    invalid_parts: tuple[str, ...] | None = None

    @property
    def root(self) -> Path:
        """The project folder: nothing outside it is read while rendering."""
        return self.path.parent


def display_path(path: Path, relative_to: tuple[Path, str] | None = None) -> str:
    """How a path is shown in findings: as the user wrote it, or beside the file that named it."""
    if relative_to is not None:
        base, base_display = relative_to
        try:
            return str(Path(base_display).parent / path.relative_to(base.parent))
        except ValueError:
            return str(path)
    return str(path)


def check_input_file(path: Path) -> None:
    """Raise a usage error for a path that is missing, a folder, or unreadable."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(
            f"{path}: is a folder, not a project file (did you mean {path / 'cdc.yaml'}?)"
        )
    if not os.access(path, os.R_OK):
        raise UsageError(f"{path}: permission denied")


def read_document(path: Path, display: str) -> YamlDocument:
    """Read one YAML file from disk into data with positions."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{display}: cannot read: {exc.strerror or exc}") from exc
    return read_yaml_bytes(raw, display)


def load_project(path: str | Path) -> LoadedProject:
    """Read, merge includes, and validate a project file. Problems are findings, not exceptions.

    Raises :class:`UsageError` only for a path that is missing, a folder or unreadable.
    """
    path = Path(path)
    check_input_file(path)
    display = display_path(path)
    doc = read_document(path, display)
    loaded = LoadedProject(
        path=path.resolve(),
        display=display,
        project=None,
        data=doc.data,
        source=doc.source,
        findings=list(doc.findings),
        files=[path.resolve()],
        tagged=list(doc.tagged),
    )
    if doc.data is None:
        return loaded
    _merge_includes(loaded)
    loaded.findings.extend(control_findings(loaded.data, loaded.source, "SCH011"))
    if any(f.severity is Severity.error for f in loaded.findings):
        # Validate anyway to report every problem in one run, but keep the project unusable.
        _validate(loaded, partial=False)
        loaded.project = None
        return loaded
    _validate(loaded)
    return loaded


def _merge_includes(loaded: LoadedProject) -> None:
    data = loaded.data
    assert data is not None
    patterns = data.get("include")
    if not isinstance(patterns, list):
        return  # absent, or wrong type: validation reports it
    base = loaded.path.parent
    seen = set(loaded.files)
    for index, pattern in enumerate(patterns):
        mark = loaded.source.locate(("include", index))
        if isinstance(pattern, int | float) and not isinstance(pattern, bool):
            pattern = str(pattern)  # the model reads numbers as text, so must the loader
        if not isinstance(pattern, str) or not pattern:
            continue  # validation reports it
        problem = _unsafe_pattern(pattern)
        if problem:
            loaded.findings.append(_error(mark, "SCH010", f"include '{pattern}': {problem}"))
            continue
        loaded.include_patterns.append((base, pattern))
        try:
            matches = sorted(p for p in base.glob(pattern) if p.is_file())
        except (ValueError, IndexError, AttributeError, OSError):
            matches = []  # Path.glob rejects some patterns (".", "./") with odd errors
        if not matches:
            loaded.findings.append(_error(mark, "SCH010", f"include '{pattern}' matches no file"))
            continue
        for match in matches:
            resolved = match.resolve()
            if not resolved.is_relative_to(base):
                loaded.findings.append(
                    _error(mark, "SCH010", f"include '{pattern}' leads outside the project folder")
                )
                continue
            if resolved in seen:
                continue
            seen.add(resolved)
            loaded.files.append(resolved)
            _merge_one(loaded, resolved, mark)


def _unsafe_pattern(pattern: str) -> str | None:
    if Path(pattern).is_absolute() or pattern.startswith(("~", "\\")):
        return "must be a path relative to the project file"
    if ".." in Path(pattern).parts:
        return "must not climb out of the project folder ('..')"
    return None


def _merge_one(loaded: LoadedProject, path: Path, include_mark: Mark) -> None:
    data = loaded.data
    assert data is not None
    display = display_path(path, (loaded.path, loaded.display))
    doc = read_document(path, display)
    loaded.findings.extend(doc.findings)
    if doc.data is None:
        return
    for key, value in doc.data.items():
        key_mark = doc.source.locate((key,), key=True)
        if key not in INCLUDABLE_PARTS:
            allowed = ", ".join(INCLUDABLE_PARTS)
            loaded.findings.append(
                _error(key_mark, "SCH010", f"an included file may only hold {allowed}; not '{key}'")
            )
            continue
        if not isinstance(value, list):
            loaded.findings.append(_error(key_mark, "SCH004", f"'{key}' must be a list"))
            continue
        target = data.setdefault(key, [])
        if not isinstance(target, list):
            continue  # the main file's own value is wrong: validation reports it
        if key not in loaded.source.keys:
            loaded.source.keys[(key,)] = include_mark
            loaded.source.values[(key,)] = include_mark
        loaded.source.graft(doc.source, key, len(target))
        target.extend(value)


def _error(mark: Mark, rule: str, message: str) -> Finding:
    return Finding(mark=mark, severity=Severity.error, rule=rule, message=message)


def _validate(loaded: LoadedProject, *, partial: bool = True) -> None:
    try:
        loaded.project = Project.model_validate(loaded.data)
    except ValidationError as exc:
        if partial:
            loaded.invalid_parts = _invalid_parts(exc)
        found = validation_findings(exc, loaded.data, loaded.source, Project)
        # A value whose tag was refused (SCH007) is already reported: no second finding.
        tagged = {(t.path, t.line, t.col) for t in (loaded.source.locate(p) for p in loaded.tagged)}
        loaded.findings.extend(
            f for f in found if (f.mark.path, f.mark.line, f.mark.col) not in tagged
        )


def _invalid_parts(exc: ValidationError) -> tuple[str, ...] | None:
    """The top-level parts the errors are in (None if one is not in a part). An invalid
    ``include`` leaves the parts it would have brought incomplete: they count as invalid too;
    so does the part an unknown top-level key is a typo of (``planing``: ``planning``), which
    the file may hold only under the wrong name."""
    parts: set[str] = set()
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        if not loc or not isinstance(loc[0], str):
            return None
        parts.add(loc[0])
        if err["type"] == "extra_forbidden" and len(loc) == 1:
            meant = closest(loc[0], Project.model_fields)
            if meant is not None:
                parts.add(meant)
    if "include" in parts:
        parts.update(INCLUDABLE_PARTS)
    return tuple(sorted(parts))


def partial_project(loaded: LoadedProject) -> Project | None:
    """The project built from the parts that validated (the invalid ones left at their
    defaults), or None when there is none: the caller must not read the parts listed in
    :attr:`LoadedProject.invalid_parts`, whose defaults say nothing about the file."""
    if loaded.project is not None:
        return loaded.project
    if loaded.invalid_parts is None or loaded.data is None:
        return None
    invalid = set(loaded.invalid_parts)
    try:
        return Project.model_validate({k: v for k, v in loaded.data.items() if k not in invalid})
    except ValidationError:  # a required part (``project``) did not validate
        return None


def validation_findings(
    exc: ValidationError, data: Any, source: SourceMap, model: type[BaseModel]
) -> list[Finding]:
    """Turn Pydantic errors into located findings with messages a buyer can act on."""
    out: list[Finding] = []
    for err in exc.errors(include_url=False):
        path = data_path(data, err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            parent = path[:-1]
            where = f"in {dotted(data, parent)}" if parent else "at the top level"
            message = f"unknown key '{key}' {where}"
            allowed = field_names(model, parent)
            hint = did_you_mean(key, allowed)
            if hint:
                message += hint
            elif allowed:
                message += f" (allowed: {', '.join(sorted(allowed))})"
            out.append(_error(source.locate(path, key=True), "SCH003", message))
        elif kind == "missing":
            key = str(err["loc"][-1])
            parent = path if path and path[-1] != key else path[:-1]
            out.append(
                _error(
                    source.locate(parent, key=True),
                    "SCH005",
                    f"missing required key '{key}' "
                    + (f"in {dotted(data, parent)}" if parent else "at the top level"),
                )
            )
        else:
            text = _message(err)
            message = f"{dotted(data, path)}: {text}{_shown_input(err.get('input'), text)}"
            out.append(_error(source.locate(path), "SCH004", message))
    return out


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "enum":
        expected = err.get("ctx", {}).get("expected")
        if expected:
            allowed = re.findall(r"'([^']*)'", str(expected))
            return f"must be one of {expected}{did_you_mean(str(err.get('input')), allowed)}"
    if err["type"] in ("model_type", "model_attributes_type", "dict_type"):
        # Pydantic names the model class ("instance of Context"), which users never see.
        return "should be a mapping of keys (key: value lines), not a single value or a list"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg[0].lower() + msg[1:] if msg else msg


def _shown_input(value: Any, message: str) -> str:
    """`` (got …)`` after a message, unless the message already quotes the value."""
    if isinstance(value, dict | list) or value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = str(value)
    else:
        text = repr(str(value))
    text = text[:60]
    return "" if str(value) in message else f" (got {text})"


def data_path(data: Any, loc: tuple[int | str, ...]) -> Path_:
    """Keep only the parts of a Pydantic ``loc`` that navigate the data (drops union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int):
            if 0 <= part < len(node):
                out.append(part)
                node = node[part]
        elif isinstance(node, dict) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
            elif not _is_tag(part):
                out.append(part)  # a missing or unknown key: it ends the path
                node = None
    return tuple(out)


def _is_tag(part: str) -> bool:
    return any(c in part for c in "[]()") or part.startswith(("function-", "constrained-"))


def dotted(data: Any, path: Path_) -> str:
    """``requirements[FCT-004].title``-style display of a data path (ids shown when known)."""
    if not path:
        return "the top level"
    text = ""
    node = data
    for part in path:
        if isinstance(part, int):
            label = str(part + 1)
            if isinstance(node, list) and 0 <= part < len(node):
                item = node[part]
                node = item
                ident = item.get("id") if isinstance(item, dict) else None
                label = str(ident) if isinstance(ident, str) and ident else f"#{part + 1}"
            text += f"[{label}]"
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, dict) else None
    return text


def field_names(model: type[BaseModel], path: Path_) -> list[str]:
    """Names of the keys allowed at ``path`` (for 'did you mean' hints)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        cls = _model_of(current)
        if cls is None or part not in cls.model_fields:
            return []
        current = cls.model_fields[part].annotation
    cls = _model_of(current)
    return list(cls.model_fields) if cls is not None else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _item_type(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        args = typing.get_args(annotation)
        return args[0] if args else Any
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) in (list, tuple):
                return _item_type(arg)
    return annotation


def _strings(data: Any) -> Iterator[tuple[Path_, str, bool]]:
    """Every string of ``data`` — mapping keys included — with its path and whether it is a key,
    in file order."""
    stack: list[tuple[Path_, Any, bool]] = [((), data, False)]
    while stack:
        where, node, is_key = stack.pop()
        if isinstance(node, str):
            yield where, node, is_key
        elif isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                path = (*where, key)
                stack.append((path, value, False))
                stack.append((path, key, True))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                stack.append(((*where, index), node[index], False))


def control_findings(data: Any, source: SourceMap, rule: str) -> list[Finding]:
    """A located error for each string (value or key) that holds a refused character.

    One finding per string, at the first such character; at most :data:`cdc.core.safetext.MAX_FINDINGS`.
    """
    out: list[Finding] = []
    for path, text, is_key in _strings(data):
        match = REFUSED.search(text)
        if match is None:
            continue
        if is_key:
            mark: Mark = source.locate(path, key=True)
        else:
            mark = source.locate_in(path, match.start(), text)
        where = dotted(data, path) or "the document"
        kind = "key" if is_key else "text"
        out.append(
            Finding(
                mark,
                Severity.error,
                rule,
                f"{kind} at {printable(where)} holds the invisible character "
                f"{describe(match.group())}: remove it (it breaks the rendered documents and "
                "can disguise text)",
                subject=printable(where),
            )
        )
        if len(out) >= MAX_FINDINGS:
            break
    return out
