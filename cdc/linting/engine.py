"""Run every rule over a loaded project, apply waivers, and return sorted findings.

Every finding in one run: when some top-level parts of the project do not validate (a SCH004
in ``requirements``), the rules still run on the parts that did. A rule sees the invalid parts
as :class:`_Unvalidated` stand-ins (their raw data is looked up only through a guard); the
first use of one stops the rule and drops what it found so far. So a rule runs completely or
not at all, and no rule reports on a part it could not read as the model says (no guess, no
finding twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from cdc.core.findings import Finding, Severity, sort_findings
from cdc.linting.registry import RULES, Hit, LintContext, Rule, find_rule, register
from cdc.model import Project
from cdc.reading.consultation import (
    LoadedRegister,
    load_register,
    register_display,
    register_path,
)
from cdc.reading.project import LoadedProject, load_project, partial_project

register(
    Rule("WAI001", "unused-waiver", Severity.warning, "waiver", "A waiver matches no finding.")
)
register(
    Rule(
        "WAI002", "unknown-waiver-rule", Severity.error, "waiver", "A waiver names an unknown rule."
    )
)


@dataclass
class LintResult:
    """Findings for one or more project files."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: Every file the findings were computed from: read, or looked for and absent.
    inputs: set[str] = field(default_factory=set)
    #: Every include pattern read, as (folder, pattern): a new match would change the findings.
    patterns: set[tuple[str, str]] = field(default_factory=set)

    def count(self, severity: Severity) -> int:
        """Number of findings that count at this severity (waived findings count as info)."""
        return sum(1 for f in self.findings if f.effective_severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """True when the exit code must be 1: errors, or warnings under ``--strict``."""
        return self.count(Severity.error) > 0 or (strict and self.count(Severity.warning) > 0)


def load_questions(loaded: LoadedProject) -> LoadedRegister | None:
    """The questions register beside the project (None when there is none)."""
    return load_register(
        register_path(loaded.path.parent), register_display(loaded.path, loaded.display)
    )


class PartInvalid(Exception):
    """A rule used a part of the project that did not validate: it cannot run."""


class _Unvalidated:
    """Stands for a top-level part that did not validate: any use of it raises
    :class:`PartInvalid` (``is None`` cannot be caught, but the next use of the value is)."""

    __slots__ = ("part",)
    part: str

    def __init__(self, part: str) -> None:
        object.__setattr__(self, "part", part)

    def __repr__(self) -> str:
        return f"<{self.part}: did not validate>"

    def _stop(self, *_: object, **__: object) -> NoReturn:
        raise PartInvalid(self.part)

    def __getattr__(self, name: str) -> NoReturn:
        raise PartInvalid(self.part)

    __setattr__ = __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = _stop
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _stop
    __str__ = __format__ = __int__ = __float__ = __add__ = __radd__ = _stop


class _ValidData(dict[str, Any]):
    """The file's data: walked whole, its prose is text whatever the model says of it (a vague
    word or a glossary term used in a part with a typo elsewhere still counts); but looking an
    invalid part up by name, to read its structure, stops the rule."""

    def __init__(self, data: dict[str, Any], invalid: frozenset[str]) -> None:
        super().__init__(data)
        self.invalid = invalid

    def __getitem__(self, key: str) -> Any:
        if key in self.invalid:
            raise PartInvalid(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.invalid:
            raise PartInvalid(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if key in self.invalid:
            raise PartInvalid(str(key))
        return super().__contains__(key)


def rules_project(loaded: LoadedProject) -> tuple[Project, dict[str, Any]] | None:
    """What the rules read: the project and its data; for a project that validated only in
    part, the partial project with the invalid parts standing in, and the data; None when no
    rule can run (the file is unreadable, or its ``project`` part did not validate)."""
    if loaded.data is None:
        return None
    if loaded.project is not None:
        return loaded.project, loaded.data
    partial = partial_project(loaded)
    if partial is None or loaded.invalid_parts is None:
        return None
    invalid = frozenset(loaded.invalid_parts)
    stand_ins = {p: _Unvalidated(p) for p in invalid if p in Project.model_fields}
    return partial.model_copy(update=stand_ins), _ValidData(loaded.data, invalid)


def run_rules(loaded: LoadedProject, questions: LoadedRegister | None = None) -> list[Finding]:
    """Apply every registered check to the project, or to the parts of it that validated;
    waivers are applied afterwards.

    ``questions`` is the register beside the project; the consultation rules check it only
    when it is valid (its own reading problems are findings of :func:`lint_loaded`).
    """
    read = rules_project(loaded)
    if read is None:
        return []
    valid = questions if questions is not None and questions.register is not None else None
    ctx = LintContext(read[0], read[1], loaded.source, valid)
    out: list[Finding] = []
    for rule in RULES.values():
        if rule.check is None:
            continue
        try:
            hits = list(rule.check(ctx))
        except PartInvalid:
            continue  # the rule needs a part that did not validate: its schema error says why
        out.extend(_finding(loaded, rule, hit) for hit in hits)
    return out


def _finding(loaded: LoadedProject, rule: Rule, hit: Hit) -> Finding:
    mark = (hit.source or loaded.source).locate(hit.path, key=hit.key)
    if hit.offset is not None and hit.source is None:
        value = _value_at(loaded.data, hit.path)
        if isinstance(value, str):
            mark = loaded.source.locate_in(hit.path, hit.offset, value)
    return Finding(
        mark=mark,
        severity=rule.severity,
        rule=rule.id,
        message=hit.message,
        subject=hit.subject,
    )


def _value_at(data: object, path: tuple[str | int, ...]) -> object:
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def apply_waivers(loaded: LoadedProject, findings: list[Finding]) -> list[Finding]:
    """Mark the findings a waiver accepts; report waivers that are wrong or match nothing.

    On a project that validated only in part, some rules did not run: a waiver that matches
    nothing may match once the file is fixed, so WAI001 waits for a valid project.
    """
    complete = loaded.project is not None
    project = loaded.project if complete else partial_project(loaded)
    if project is None or "waivers" in (loaded.invalid_parts or ()) or not project.waivers:
        return findings
    out = list(findings)
    extra: list[Finding] = []
    for i, waiver in enumerate(project.waivers):
        mark = loaded.source.locate(("waivers", i, "rule"))
        rule = find_rule(waiver.rule)
        if rule is None:
            extra.append(
                Finding(
                    mark, Severity.error, "WAI002", f"waiver names unknown rule '{waiver.rule}'"
                )
            )
            continue
        if rule.category == "schema":
            extra.append(
                Finding(mark, Severity.error, "WAI002", f"schema rule {rule.id} cannot be waived")
            )
            continue
        used = False
        for n, f in enumerate(out):
            if f.rule == rule.id and (waiver.target is None or waiver.target == f.subject):
                out[n] = replace(f, waiver=waiver.justification)
                used = True
        if not used and complete:
            target = f" for '{waiver.target}'" if waiver.target else ""
            extra.append(
                Finding(
                    mark,
                    Severity.warning,
                    "WAI001",
                    f"waiver of {rule.id}{target} matches no finding: remove it",
                )
            )
    return out + extra


def lint_loaded(loaded: LoadedProject) -> list[Finding]:
    """All findings of a loaded project: loader findings, rule findings, waivers applied."""
    questions = load_questions(loaded)
    own = questions.findings if questions is not None else []
    findings = list(loaded.findings) + own + run_rules(loaded, questions)
    return sort_findings(apply_waivers(loaded, findings))


def lint_paths(paths: list[Path]) -> LintResult:
    """Lint several project files; a missing path raises :class:`cdc.core.errors.UsageError`."""
    result = LintResult()
    for path in paths:
        loaded = load_project(path)
        result.files.append(loaded.display)
        result.findings.extend(lint_loaded(loaded))
        files, patterns = inputs_of(loaded)
        result.inputs.update(files)
        result.patterns.update(patterns)
    result.findings = sort_findings(result.findings)
    return result


def inputs_of(loaded: LoadedProject) -> tuple[set[str], set[tuple[str, str]]]:
    """The files a lint of ``loaded`` read or looked for, and its include patterns.

    Whoever keeps a result of linting (the commands' cache) knows from these when it is stale.
    """
    from cdc.contract.catalogue import catalogue_files

    files = {str(p) for p in [*loaded.files, *catalogue_files(loaded.path.parent)]}
    files.add(str(register_path(loaded.path.parent)))  # read, or looked for
    patterns = {(str(base), pattern) for base, pattern in loaded.include_patterns}
    return files, patterns
