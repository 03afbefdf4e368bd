"""Run every rule over a loaded project, apply waivers, and return sorted findings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from cdc.core.findings import Finding, Severity, sort_findings
from cdc.linting.registry import RULES, Hit, LintContext, Rule, find_rule, register
from cdc.reading.consultation import (
    LoadedRegister,
    load_register,
    register_display,
    register_path,
)
from cdc.reading.project import LoadedProject, load_project

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


def run_rules(loaded: LoadedProject, questions: LoadedRegister | None = None) -> list[Finding]:
    """Apply every registered check to a valid project; waivers are applied afterwards.

    ``questions`` is the register beside the project; the consultation rules check it only
    when it is valid (its own reading problems are findings of :func:`lint_loaded`).
    """
    if loaded.project is None or loaded.data is None:
        return []
    valid = questions if questions is not None and questions.register is not None else None
    ctx = LintContext(loaded.project, loaded.data, loaded.source, valid)
    out: list[Finding] = []
    for rule in RULES.values():
        if rule.check is None:
            continue
        for hit in rule.check(ctx):
            out.append(_finding(loaded, rule, hit))
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
    """Mark the findings a waiver accepts; report waivers that are wrong or match nothing."""
    project = loaded.project
    if project is None or not project.waivers:
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
        if not used:
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
