"""Lint reporters: the same findings as text, JSON, SARIF 2.1.0, JUnit XML or GitHub commands.

Each reporter is a pure function from a :class:`LintResult` to a string, so they are tested
without a terminal and any of them can be written to ``--output``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from cdc.core.findings import Finding, Severity
from cdc.core.safetext import json_no_commands, printable
from cdc.core.version import __version__
from cdc.linting.engine import LintResult
from cdc.linting.registry import RULES, Rule, ordered_rules

INFORMATION_URI = "https://github.com/cdc-project/cdc"
_SARIF_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
_GITHUB_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def summary_line(result: LintResult) -> str:
    """``2 errors, 1 warning in 1 file`` (waived findings counted apart)."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    waived = sum(1 for f in result.findings if f.waived)
    parts = [
        plural(result.count(Severity.error), "error"),
        plural(result.count(Severity.warning), "warning"),
    ]
    info = result.count(Severity.info) - waived
    if info:
        parts.append(plural(info, "note"))
    if waived:
        parts.append(f"{waived} waived")
    return f"{', '.join(parts)} in {plural(len(result.files), 'file')}"


def to_text(result: LintResult) -> str:
    """One finding per line, ``PATH:LINE:COL: severity RULE-ID message``."""
    return "".join(f.text() + "\n" for f in result.findings)


def _finding_json(f: Finding) -> dict[str, Any]:
    rule = RULES.get(f.rule)
    return {
        "path": f.mark.path,
        "line": f.mark.line,
        "column": f.mark.col,
        "severity": f.effective_severity.value,
        "rule": f.rule,
        "name": rule.name if rule else None,
        "category": rule.category if rule else None,
        "message": f.message,
        "subject": f.subject,
        "waived": f.waived,
        "justification": f.waiver,
    }


def to_json(result: LintResult) -> str:
    """A JSON document: files, counts and findings."""
    doc = {
        "tool": {"name": "cdc", "version": __version__},
        "files": result.files,
        "summary": {
            "errors": result.count(Severity.error),
            "warnings": result.count(Severity.warning),
            "info": result.count(Severity.info),
        },
        "findings": [_finding_json(f) for f in result.findings],
    }
    return json_no_commands(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def _rule_sarif(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "helpUri": f"{INFORMATION_URI}#rule-{rule.id.lower()}",
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def to_sarif(result: LintResult) -> str:
    """SARIF 2.1.0, as GitHub code scanning and other CI tools read it."""
    rules = ordered_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for f in result.findings:
        item: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": PurePath(f.mark.path).as_posix()},
                        "region": {"startLine": f.mark.line, "startColumn": f.mark.col},
                    }
                }
            ],
        }
        if f.rule in index:
            item["ruleIndex"] = index[f.rule]
        if f.waiver is not None:
            item["suppressions"] = [{"kind": "inSource", "justification": f.waiver}]
        results.append(item)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cdc",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule_sarif(r) for r in rules],
                    }
                },
                "artifacts": [{"location": {"uri": PurePath(p).as_posix()}} for p in result.files],
                "results": results,
            }
        ],
    }
    return json_no_commands(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def to_junit(result: LintResult) -> str:
    """JUnit XML: one test suite per file, one failing test case per finding.

    A file without findings gets one passing test case, so CI shows that it was checked.
    Waived findings and notes are reported as skipped test cases with their reason.
    """
    groups: dict[str, list[Finding]] = {path: [] for path in result.files}
    for f in result.findings:
        groups.setdefault(f.mark.path, []).append(f)
    suites = ET.Element("testsuites", name="cdc lint")
    for path, findings in groups.items():
        path = printable(path)
        failures = sum(1 for f in findings if f.effective_severity is not Severity.info)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=path,
            tests=str(max(len(findings), 1)),
            failures=str(failures),
            errors="0",
            skipped=str(len(findings) - failures),
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname="cdc.linting", name=f"{path}: no findings")
        for f in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"cdc.linting.{f.rule}",
                name=f"{path}:{f.mark.line}:{f.mark.col} {f.rule}",
                file=path,
                line=str(f.mark.line),
            )
            # XML 1.0 cannot hold control characters at all: they are shown escaped.
            if f.effective_severity is Severity.info:
                ET.SubElement(case, "skipped", message=printable(f.waiver or f.message))
            else:
                failure = ET.SubElement(
                    case, "failure", message=printable(f.message), type=f.effective_severity.value
                )
                failure.text = f.text()
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _gh_escape(text: str, *, prop: bool = False) -> str:
    """GitHub's escaping of command data (``%``, CR, LF; in properties also ``:`` and ``,``),
    then any other control character shown visibly (Actions logs interpret ANSI escapes)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return printable(text)


def to_github(result: LintResult) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    lines = []
    for f in result.findings:
        level = _GITHUB_LEVEL[f.effective_severity]
        props = (
            f"file={_gh_escape(f.mark.path, prop=True)},line={f.mark.line},col={f.mark.col},"
            f"title={_gh_escape(f.rule, prop=True)}"
        )
        message = f.message + (f" [waived: {f.waiver}]" if f.waiver else "")
        lines.append(f"::{level} {props}::{_gh_escape(message)}\n")
    return "".join(lines)


REPORTERS: dict[str, Callable[[LintResult], str]] = {
    "text": to_text,
    "json": to_json,
    "sarif": to_sarif,
    "junit": to_junit,
    "github": to_github,
}


def rules_as_json() -> str:
    """Every rule as JSON: ``{"rules": [{id, name, severity, category, summary, description}]}``."""
    rules = [
        {
            "id": r.id,
            "name": r.name,
            "severity": r.severity.value,
            "category": r.category,
            "summary": r.summary,
            "description": r.doc,
        }
        for r in ordered_rules()
    ]
    return json.dumps({"rules": rules}, indent=2, ensure_ascii=False) + "\n"


def rules_as_text() -> str:
    """Every rule, one per line: id, severity, category, name, summary."""
    return "".join(
        f"{r.id}  {r.severity.value:<7}  {r.category:<12}  {r.name:<32}  {r.summary}\n"
        for r in ordered_rules()
    )
