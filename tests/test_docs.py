"""Documentation that cannot drift: every rule is documented, tested and in the README."""

from __future__ import annotations

import re

from cdc.linting import RULES
from tests.conftest import CASES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_readme_table() -> None:
    for rule in RULES.values():
        row = f"| {rule.id} | {rule.severity.value} | {rule.category} | {rule.summary} |"
        assert row in README, f"README rules table lacks or misstates {rule.id}"
    documented = set(re.findall(r"^\| ([A-Z]{3}\d{3}) \|", README, flags=re.MULTILINE))
    assert documented == set(RULES)


def test_every_rule_has_a_docstring_and_summary() -> None:
    for rule in RULES.values():
        assert rule.summary.endswith(".")
        if rule.check is not None:
            assert rule.check.__doc__, rule.id


def test_every_rule_has_a_negative_case() -> None:
    """Each rule fires in at least one negative case folder (and is expected there)."""
    expected = "\n".join(
        p.read_text(encoding="utf-8") for p in CASES.glob("negative/*/expected.txt")
    )
    missing = [r for r in RULES if not re.search(rf" {r} ", expected)]
    assert missing == []


def test_every_rule_passes_on_a_positive_case() -> None:
    """The positive cases and the examples raise nothing: every rule has a passing case."""
    expected = "\n".join(
        p.read_text(encoding="utf-8") for p in CASES.glob("positive/*/expected.txt")
    )
    assert re.search(r"[A-Z]{3}\d{3}", expected) is None


def test_readme_names_the_test_command_ci_runs() -> None:
    assert "./scripts/test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/test" in ci
