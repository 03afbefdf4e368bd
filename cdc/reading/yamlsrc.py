"""Safe YAML reading that keeps every value's position.

Why not ``yaml.safe_load``: it forgets positions, silently keeps the last of two duplicate keys,
follows aliases without bound (a "billion laughs" file exhausts memory later, during validation),
recurses on deep nesting, and resolves YAML 1.1 booleans (``no`` becomes ``False``). Here the
parser's event stream is turned into plain data by an explicit stack, so:

- each value's and key's position is recorded in a :class:`SourceMap`, keyed by its data path;
- duplicate keys, non-standard tags, deep nesting, over-large alias expansion, several documents
  and non-mapping documents become findings, never exceptions or objects;
- plain scalars are resolved with the YAML 1.2 core schema; dates stay strings (the models parse
  them) and numbers remember how they were written, so ``version: 1.10`` stays ``"1.10"``.

This module is the parser and its limits; the shapes it returns (:class:`SourceMap`,
:class:`YamlDocument`, the numbers as written) and the decoding of bytes live in
:mod:`cdc.reading.yamlnodes`, and every one of their names is importable from here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from cdc.core.findings import Finding, Mark
from cdc.reading.yamlnodes import (
    Path_,
    SourceMap,
    YamlDocument,
    YamlFloat,
    YamlInt,
    decode,
    resolve_plain,
    schema_error,
)

try:  # libyaml is much faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 2_000_000
#: Values reached through aliases: generous for shared snippets, far below an alias bomb.
MAX_ALIASED_NODES = 50_000


_CORE = "tag:yaml.org,2002:"
_STR_TAG = f"{_CORE}str"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {
    "!"
}


def _too_deep() -> str:
    return f"nesting deeper than {MAX_DEPTH} levels: the file cannot be a cdc project"


@dataclass
class _Frame:
    """A container being built."""

    container: dict[str, Any] | list[Any]
    path: Path_
    start: yaml.NodeEvent
    size: int = 1
    key: str | None = None
    key_mark: Mark | None = None
    first_seen: dict[str, Mark] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    """Turns parser events into data, recording positions and problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.source = SourceMap()
        self.findings: list[Finding] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.expanded = 0
        self.aliased = 0
        self.tagged: list[Path_] = []
        self.root: Any = None
        self.aborted = False

    def mark(self, event: yaml.Event) -> Mark:
        m = event.start_mark
        if m is None:  # pragma: no cover - both parsers always set it
            return Mark(self.display, 1, 1)
        return Mark(self.display, m.line + 1, m.column + 1)

    def error(self, event: yaml.Event, rule: str, message: str) -> None:
        self.findings.append(schema_error(self.mark(event), rule, message))

    def child_path(self) -> Path_ | None:
        """Path of the next value, or None when the next scalar is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is None:
            return None
        return (*top.path, top.key)

    def check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            path = self.child_path()
            if path is not None:
                self.tagged.append(path)
            shown = tag.replace(_CORE, "!!")
            self.error(
                event,
                "SCH007",
                f"tag {shown} is not allowed: cdc never builds objects from YAML tags",
            )

    def scalar_value(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if event.style or tag == _STR_TAG:
            return event.value
        if (tag is None or tag == "!") and event.implicit[0]:
            return resolve_plain(event.value)
        if tag in (f"{_CORE}int", f"{_CORE}float", f"{_CORE}bool", f"{_CORE}null"):
            resolved = resolve_plain(event.value)
            expected = tag.rsplit(":", 1)[1]
            kinds = {"int": int, "float": float, "bool": bool, "null": type(None)}
            ok = isinstance(resolved, kinds[expected]) or (
                expected == "float" and isinstance(resolved, int) and not isinstance(resolved, bool)
            )
            if not ok:
                self.error(event, "SCH004", f"{event.value!r} is not a valid !!{expected}")
            return resolved
        return event.value

    def add(self, value: Any, event: yaml.NodeEvent, size: int) -> None:
        """Attach a finished value (scalar, alias or closed container) to its parent."""
        self.expanded += size
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        if type(top.container) is list:
            top.container.append(value)
            return
        if top.key is None:  # this value is a key
            new_mark = self.mark(event)
            if not isinstance(value, str | int | float | bool) and value is not None:
                self.error(
                    event, "SCH001", "a mapping key must be a plain value, not a list or map"
                )
                key = "<complex key>"
            else:
                key = event.value if isinstance(event, yaml.ScalarEvent) else str(value)
            top.key, top.key_mark = key, new_mark
            return
        key, pending_mark = top.key, top.key_mark
        top.key = None
        assert pending_mark is not None
        key_mark: Mark = pending_mark
        if key == "<<" and isinstance(
            event, yaml.AliasEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent
        ):
            sources = value if isinstance(value, list) else [value]
            if all(isinstance(s, dict) for s in sources):
                top.merges.extend(sources)
                return
            self.error(event, "SCH004", "a merge key '<<' needs a mapping or a list of mappings")
            return
        assert isinstance(top.container, dict)
        if key in top.first_seen:
            first = top.first_seen[key]
            self.findings.append(
                schema_error(
                    key_mark,
                    "SCH002",
                    f"duplicate key '{key}' (first defined at line {first.line}); "
                    "YAML keeps only one of them",
                )
            )
            return
        top.first_seen[key] = key_mark
        top.container[key] = value
        self.source.keys[(*top.path, key)] = key_mark

    def open(self, event: yaml.CollectionStartEvent, container: dict[str, Any] | list[Any]) -> bool:
        path = self.child_path()
        if path is None:  # a container used as a key: record it, keep going
            path = (*self.stack[-1].path, "<key>")
        if len(self.stack) >= MAX_DEPTH:
            self.error(event, "SCH008", _too_deep())
            return False
        self.source.values.setdefault(path, self.mark(event))
        self.stack.append(_Frame(container, path, event))
        return True

    def close(self) -> None:
        frame = self.stack.pop()
        if frame.merges and isinstance(frame.container, dict):
            for source in reversed(frame.merges):
                for k, v in source.items():
                    frame.container.setdefault(k, v)
        if frame.start.anchor is not None:
            self.anchors[frame.start.anchor] = (frame.container, frame.size)
        # The container was already counted node by node as it filled; only attach it.
        self.expanded -= frame.size
        self.add(frame.container, frame.start, frame.size)

    def feed(self, any_event: yaml.Event) -> bool:
        """Consume one event; False stops the reading (a limit was hit).

        Dispatches on the exact event class (``type(x) is``): the parser makes no subclasses,
        and this is the hottest loop of ``cdc lint``.
        """
        cls = type(any_event)
        event: Any = any_event
        if cls is _SCALAR:
            if event.tag is not None:
                self.check_tag(event)
            stack = self.stack
            path: Path_ | None
            if not stack:
                path = ()
            else:
                top = stack[-1]
                if type(top.container) is list:
                    path = (*top.path, len(top.container))
                else:
                    path = None if top.key is None else (*top.path, top.key)
            if path is not None:
                m = event.start_mark
                values = self.source.values
                if path not in values:
                    values[path] = Mark(self.display, m.line + 1, m.column + 1)
                if event.style:
                    self.source.styles[path] = event.style
                value = self.scalar_value(event)
            else:
                value = event.value  # a mapping key is a name: no type resolution
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            self.add(value, event, 1)
        elif cls is _MAPPING_END or cls is _SEQUENCE_END:
            self.close()
        elif cls is _MAPPING_START:
            if event.tag is not None:
                self.check_tag(event)
            return self.open(event, {})
        elif cls is _SEQUENCE_START:
            if event.tag is not None:
                self.check_tag(event)
            return self.open(event, [])
        elif cls is _ALIAS:
            target = self.anchors.get(event.anchor or "")
            if target is None:
                self.error(event, "SCH001", f"alias *{event.anchor} names no anchor")
                return False
            path = self.child_path()
            if path is not None:
                self.source.values.setdefault(path, self.mark(event))
            value, size = target
            self.aliased += size
            if self.aliased > MAX_ALIASED_NODES:
                self.error(
                    event,
                    "SCH008",
                    f"aliases expand to more than {MAX_ALIASED_NODES:,} values "
                    "(an alias bomb?): the file is refused",
                )
                return False
            self.add(value, event, size)
        if self.expanded > MAX_EXPANDED_NODES:
            self.error(
                event,
                "SCH008",
                f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                "(an alias bomb?): the file is refused",
            )
            return False
        return True


_SCALAR = yaml.ScalarEvent
_ALIAS = yaml.AliasEvent
_MAPPING_START = yaml.MappingStartEvent
_MAPPING_END = yaml.MappingEndEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_SEQUENCE_END = yaml.SequenceEndEvent


def _events(text: str, loader: type[Any] | None = None) -> Iterator[yaml.Event]:
    return yaml.parse(text, Loader=loader or _EventLoader)


#: How libyaml words its own nesting limit (1,000 levels in the builds that have one).
_PARSER_DEPTH_ERROR = "nesting depth"
#: The pure-Python parser: no nesting limit of its own, used when libyaml's gets in the way.
_PURE_LOADER: type[Any] = yaml.SafeLoader
#: Characters before libyaml's nesting failure up to which the pure-Python parser re-reads the
#: file (about 3 s at most); past it, a hostile file would cost minutes, so libyaml's failure is
#: reported as SCH008 where libyaml stopped.
_PURE_FALLBACK_CHARS = 1_000_000


def _feed(
    builder: _Builder, text: str, loader: type[Any] | None = None
) -> tuple[int, Finding | None, int | None]:
    """Stream ``text``'s events into ``builder`` until the end, a limit or a syntax error.

    Returns the number of documents seen, the parser's error as a finding (not yet added to the
    builder) and the character offset where the parser stopped, when it says.
    """
    display = builder.display
    documents = 0
    try:
        for event in _events(text, loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    builder.error(
                        event,
                        "SCH009",
                        "the file holds several YAML documents ('---'); a project is one document",
                    )
                    builder.aborted = True
                    break
            elif not builder.feed(event):
                builder.aborted = True
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        opened = exc.context_mark
        if exc.context and opened is not None and opened is not mark:
            context += f" started at line {opened.line + 1}, column {opened.column + 1}"
        message = f"YAML syntax error: {problem}{context}"
        finding = schema_error(Mark(display, line, col), "SCH001", message)
        return documents, finding, mark.index if mark is not None else None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no MarkedYAMLError
        position = getattr(exc, "position", None)
        line, col = 1, 1
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
        finding = schema_error(Mark(display, line, col), "SCH001", f"YAML syntax error: {exc}")
        return documents, finding, position if isinstance(position, int) else None
    return documents, None, None


def parse_yaml(text: str, display: str) -> YamlDocument:
    """Parse YAML text into plain data with positions; problems become findings.

    cdc's own limits (:data:`MAX_DEPTH`, alias expansion) must win over the parser's, whatever
    parser or PyYAML version is installed. Both parsers read ahead before handing out events
    (up to 1,024 characters to settle a possible key), so on a long line of ``[[[[…`` a libyaml
    built with its own nesting limit (1,000 levels, as in PyYAML 6.0.4's wheels) fails before
    cdc has seen level 65. So when the parser fails, the text before the failure is read again:
    every event there is now handed out, and if one of cdc's limits is reached in it, that
    finding (at its own position) is the answer, exactly as with a parser that reads less ahead.
    In the rare shapes where that cut cannot settle it (a flow collection used as a block key)
    and the parser blamed its own nesting limit, the pure-Python parser, which has none, reads
    the file instead: slower, but only files nested 1,000 deep pay for it, and only up to
    :data:`_PURE_FALLBACK_CHARS`; past that, the finding is SCH008 where libyaml stopped.
    """
    builder = _Builder(display)
    lines = text.splitlines()
    builder.source.lines[display] = lines
    documents, error, stopped = _feed(builder, text)
    if error is not None and not builder.aborted and stopped is not None and stopped > 0:
        again = _Builder(display)
        again.source.lines[display] = lines
        _feed(again, text[:stopped])
        if again.aborted:  # a cdc limit (or a second document) came before the parser's error
            return YamlDocument(None, again.source, again.findings)
        if _PARSER_DEPTH_ERROR in error.message and _EventLoader is not _PURE_LOADER:
            if stopped > _PURE_FALLBACK_CHARS:
                error = schema_error(error.mark, "SCH008", _too_deep())
            else:
                builder = _Builder(display)
                builder.source.lines[display] = lines
                documents, error, stopped = _feed(builder, text, _PURE_LOADER)
    if error is not None:
        builder.findings.append(error)
        builder.aborted = True
    if builder.aborted:
        return YamlDocument(None, builder.source, builder.findings)
    if documents == 0 or builder.root is None:
        builder.findings.append(
            schema_error(
                Mark(display, 1, 1),
                "SCH009",
                "the file is empty: a project needs at least 'project:'",
            )
        )
        return YamlDocument(None, builder.source, builder.findings)
    if not isinstance(builder.root, dict):
        kind = (
            "a list"
            if isinstance(builder.root, list)
            else f"a single value ({builder.root!r})"[:80]
        )
        builder.findings.append(
            schema_error(
                builder.source.values.get((), Mark(display, 1, 1)),
                "SCH009",
                f"the file holds {kind}; a project file must be a mapping of keys (project:, requirements:…)",
            )
        )
        return YamlDocument(None, builder.source, builder.findings)
    return YamlDocument(builder.root, builder.source, builder.findings, builder.tagged)


def read_yaml_bytes(raw: bytes, display: str) -> YamlDocument:
    """Decode then parse; size, encoding and syntax problems come back as findings."""
    if len(raw) > MAX_BYTES:
        return YamlDocument(
            None,
            SourceMap(),
            [
                schema_error(
                    Mark(display, 1, 1),
                    "SCH008",
                    f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} "
                    "(split the requirements with 'include:')",
                )
            ],
        )
    text, findings = decode(raw, display)
    if text is None:
        return YamlDocument(None, SourceMap(), findings)
    return parse_yaml(text, display)


__all__ = [
    "MAX_ALIASED_NODES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "Path_",
    "SourceMap",
    "YamlDocument",
    "YamlFloat",
    "YamlInt",
    "decode",
    "parse_yaml",
    "read_yaml_bytes",
    "resolve_plain",
]
