"""Lint report formats: SARIF against the official schema, JUnit, GitHub commands, JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from cdc.core.findings import Finding, Mark, Severity
from cdc.linting import CATEGORIES, RULES, LintResult, lint_paths
from cdc.linting.report import rules_as_json, summary_line, to_github, to_json, to_junit, to_sarif
from tests.conftest import SHARED

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

BAD = """\
project:
  id: p
  title: T
  version: "1"
  date: 2027-01-01
  buyer: {name: B}
  contact: {name: C}
requirements:
  - {id: FCT-001, section: s, title: Facile, text: "Un écran intuitif, etc.", priority: must}
waivers:
  - {rule: STR001, justification: "Le contexte est décrit dans la lettre de consultation."}
"""


@pytest.fixture
def result(tmp_path: Path) -> LintResult:
    path = tmp_path / "cdc.yaml"
    path.write_text(BAD, encoding="utf-8")
    return lint_paths([path])


def test_result_has_errors_warnings_and_a_waiver(result: LintResult) -> None:
    severities = {f.effective_severity for f in result.findings}
    assert severities == {Severity.error, Severity.warning, Severity.info}
    assert any(f.waived and f.rule == "STR001" for f in result.findings)


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="shared SARIF schema not available")
def test_sarif_validates_against_the_official_schema(result: LintResult) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(to_sarif(result))
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert sorted(rule_ids) == sorted(RULES)
    for item in run["results"]:
        region = item["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
    waived = [r for r in run["results"] if r["ruleId"] == "STR001"]
    assert waived[0]["suppressions"][0]["justification"].startswith("Le contexte")


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="shared SARIF schema not available")
def test_sarif_of_a_clean_run_validates() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(to_sarif(LintResult(files=["cdc.yaml"]))), schema)


def test_junit_is_well_formed_and_counts_failures(result: LintResult) -> None:
    root = ET.fromstring(to_junit(result))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    cases = suites[0].findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert int(suites[0].get("failures", "-1")) == len(failures) > 0
    assert int(suites[0].get("skipped", "-1")) == len(skipped) == 1
    assert int(suites[0].get("tests", "-1")) == len(cases)


def test_junit_of_a_clean_file_has_one_passing_case() -> None:
    root = ET.fromstring(to_junit(LintResult(files=["cdc.yaml"])))
    (case,) = root.iter("testcase")
    assert case.find("failure") is None


def test_github_commands_escape_their_payload() -> None:
    finding = Finding(Mark("a,b:c.yaml", 3, 7), Severity.error, "REQ004", "50% done\nnext")
    out = to_github(LintResult(files=["a,b:c.yaml"], findings=[finding]))
    assert out == "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=REQ004::50%25 done%0Anext\n"


def test_github_levels(result: LintResult) -> None:
    lines = to_github(result).splitlines()
    assert any(line.startswith("::error file=") for line in lines)
    assert any(line.startswith("::warning file=") for line in lines)
    assert any(line.startswith("::notice file=") for line in lines)


def test_json_report(result: LintResult) -> None:
    doc = json.loads(to_json(result))
    assert doc["summary"]["errors"] == result.count(Severity.error)
    first = doc["findings"][0]
    assert set(first) >= {"path", "line", "column", "severity", "rule", "message", "waived"}


def test_rules_json_lists_every_rule() -> None:
    doc = json.loads(rules_as_json())
    order = [(CATEGORIES.index(r["category"]), r["id"]) for r in doc["rules"]]
    assert order == sorted(order)
    assert {r["id"] for r in doc["rules"]} == set(RULES)
    for r in doc["rules"]:
        assert set(r) == {"id", "name", "severity", "category", "summary", "description"}


def test_summary_line(result: LintResult) -> None:
    assert summary_line(result).endswith("1 waived in 1 file")
    assert summary_line(LintResult(files=["a"])) == "0 errors, 0 warnings in 1 file"
