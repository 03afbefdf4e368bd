"""Run every rule over a loaded project, apply waivers, and return sorted findings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from cdc.core.findings import Finding, Severity, sort_findings
from cdc.lintcache import Dependencies
from cdc.linting.registry import RULES, Hit, LintContext, Rule, find_rule, register
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
    #: Everything the findings depend on (files read or looked for, include patterns).
    dependencies: Dependencies = field(default_factory=Dependencies)

    def count(self, severity: Severity) -> int:
        """Number of findings that count at this severity (waived findings count as info)."""
        return sum(1 for f in self.findings if f.effective_severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """True when the exit code must be 1: errors, or warnings under ``--strict``."""
        return self.count(Severity.error) > 0 or (strict and self.count(Severity.warning) > 0)


def run_rules(loaded: LoadedProject) -> list[Finding]:
    """Apply every registered check to a valid project; waivers are applied afterwards."""
    if loaded.project is None or loaded.data is None:
        return []
    ctx = LintContext(loaded.project, loaded.data, loaded.source)
    out: list[Finding] = []
    for rule in RULES.values():
        if rule.check is None:
            continue
        for hit in rule.check(ctx):
            out.append(_finding(loaded, rule, hit))
    return out


def _finding(loaded: LoadedProject, rule: Rule, hit: Hit) -> Finding:
    mark = loaded.source.locate(hit.path, key=hit.key)
    if hit.offset is not None:
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
    findings = list(loaded.findings) + run_rules(loaded)
    return sort_findings(apply_waivers(loaded, findings))


def lint_paths(paths: list[Path]) -> LintResult:
    """Lint several project files; a missing path raises :class:`cdc.core.errors.UsageError`."""
    result = LintResult()
    for path in paths:
        loaded = load_project(path)
        result.files.append(loaded.display)
        result.findings.extend(lint_loaded(loaded))
        record_dependencies(loaded, result.dependencies)
    result.findings = sort_findings(result.findings)
    return result


def record_dependencies(loaded: LoadedProject, deps: Dependencies) -> None:
    """The files and patterns a lint of ``loaded`` read, for the report cache."""
    from cdc.contract.catalogue import catalogue_files

    deps.files.update(str(p) for p in [*loaded.files, *catalogue_files(loaded.path.parent)])
    deps.globs.update((str(base), pattern) for base, pattern in loaded.include_patterns)
