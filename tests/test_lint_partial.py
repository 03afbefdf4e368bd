"""Every finding in one run (issue 19 §7): a part that does not validate stops only the rules
that need it, and "did you mean" for an unknown criterion, section, role or clause (§8)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cdc.core.suggest import closest, did_you_mean
from cdc.linting import lint_loaded
from cdc.reading.project import load_project
from tests.conftest import ROOT, CliCall

SAAS = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"


def _edit(source: Path, target: Path, *pairs: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_schema_error_in_one_part_does_not_hide_a_weights_error(
    cli: CliCall, tmp_path: Path
) -> None:
    path = _edit(
        SAAS,
        tmp_path / "cdc.yaml",
        ("      weight: 70\n", "      weight: 60\n"),  # EVA001: 60 + 30
        ("  min_answer_days: 30\n", "  min_answer_days: thirty\n"),  # SCH004 in planning
    )
    run = cli("lint", str(path))
    rules = [line.split()[2] for line in run.out.splitlines()]
    assert run.code == 1
    assert Counter(rules) == Counter({"SCH004": 1, "EVA001": 1}), run.out
    assert "weights of the top-level criteria sum to 90, not 100" in run.out


def test_rules_that_need_the_invalid_part_do_not_run(cli: CliCall, tmp_path: Path) -> None:
    """REQ007 reads the requirements: with a SCH004 in them it is silent, EVA001 is not."""
    text = SAAS.read_text(encoding="utf-8")
    start = text.index("\nrequirements:\n")
    at = text.index("    priority: must\n", start)
    broken = text[:at] + "    priority: mustt\n" + text[at + len("    priority: must\n") :]
    broken = broken.replace("    section: clients\n", "    section: client\n", 1)
    broken = broken.replace("      weight: 70\n", "      weight: 60\n", 1)
    path = tmp_path / "cdc.yaml"
    path.write_text(broken, encoding="utf-8")
    run = cli("lint", str(path))
    rules = Counter(line.split()[2] for line in run.out.splitlines())
    assert rules == Counter({"SCH004": 1, "EVA001": 1}), run.out
    assert run.code == 1


def _signature(findings: list[Any]) -> Counter[tuple[str, str | None, str]]:
    return Counter((f.rule, f.subject, f.message) for f in findings if not f.rule.startswith("SCH"))


@pytest.mark.parametrize(
    "example", sorted(ROOT.glob("examples/*/cdc.yaml")), ids=lambda p: p.parent.name
)
def test_a_partial_project_finds_nothing_a_valid_one_does_not(
    example: Path, tmp_path: Path
) -> None:
    """Soundness: with any one part made invalid (its content kept), every finding that is not
    a schema error is one the valid project has too (no guess from a part the rules could not
    read), and no rule crashes on the stand-in of the invalid part."""
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["evaluation"]["criteria"][0]["weight"] += 1  # one EVA001 the other parts keep
    for name in ("clauses.yaml", "questions.yaml"):
        if (example.parent / name).exists():
            (tmp_path / name).write_bytes((example.parent / name).read_bytes())
    whole = tmp_path / "cdc.yaml"
    whole.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    valid = lint_loaded(load_project(whole))
    assert not [f for f in valid if f.rule.startswith("SCH")]
    baseline = _signature(valid)
    ran_some = 0
    for part in data:
        if part in ("project", "waivers"):
            continue
        value = data[part]
        if isinstance(value, dict):  # an unknown key: the part's own text stays in the file
            broken = {**data, part: {**value, "zz_unknown": 1}}
        elif isinstance(value, list):  # an item that is not one
            broken = {**data, part: [*value, 7]}
        else:
            continue
        whole.write_text(
            yaml.safe_dump(broken, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        loaded = load_project(whole)
        assert loaded.invalid_parts is not None and part in loaded.invalid_parts
        findings = lint_loaded(loaded)
        assert any(f.rule in ("SCH003", "SCH004") for f in findings), part
        found = _signature(findings)
        rules = Counter(rule for rule, _, _ in found.elements())
        assert not found - baseline, (part, found - baseline)
        ran_some += part != "evaluation" and bool(rules["EVA001"])
    assert ran_some  # the rules did run on the other parts


def test_an_invalid_project_part_runs_no_rule(tmp_path: Path) -> None:
    path = _edit(SAAS, tmp_path / "cdc.yaml", ("      weight: 70\n", "      weight: 60\n"))
    text = path.read_text(encoding="utf-8").replace("project:\n", "project: 7\nold_project:\n", 1)
    path.write_text(text, encoding="utf-8")
    rules = {f.rule for f in lint_loaded(load_project(path))}
    assert "EVA001" not in rules
    assert rules <= {"SCH003", "SCH004", "SCH005"}


def test_unused_waivers_wait_for_a_valid_project(tmp_path: Path) -> None:
    """A waiver of a rule that could not run is not 'unused' yet (no WAI001)."""
    path = _edit(
        SAAS,
        tmp_path / "cdc.yaml",
        ("  min_answer_days: 30\n", "  min_answer_days: thirty\n"),
    )
    with path.open("a", encoding="utf-8") as fh:
        fh.write("waivers:\n  - rule: PLN001\n    justification: accepted by the buyer\n")
    rules = [f.rule for f in lint_loaded(load_project(path))]
    assert "WAI001" not in rules
    assert rules.count("SCH004") == 1


# -- did you mean (§8) -----------------------------------------------------------------------
def test_closest_ignores_case_and_keeps_the_declared_spelling() -> None:
    assert closest("c-tech", ["C-TECH", "C-PRICE"]) == "C-TECH"
    assert closest("tehcnical", ["technical", "price"]) == "technical"
    assert closest("price", ["price"]) is None  # known: nothing to suggest
    assert closest("zzz", ["technical", "price"]) is None
    assert did_you_mean("clent", {"clients", "contacts"}) == "; did you mean 'clients'?"
    assert did_you_mean("qqq", ["clients"]) == ""


@given(
    st.text(min_size=1, max_size=12),
    st.lists(st.text(min_size=1, max_size=12), max_size=8),
)
def test_closest_is_a_declared_name_other_than_the_word_whatever_the_order(
    word: str, names: list[str]
) -> None:
    found = closest(word, names)
    assert found is None or (found in names and found != word)
    if word in names:
        assert found is None  # a declared name needs no suggestion
    assert closest(word, list(reversed(names))) == found  # the order of the names is no matter


def test_did_you_mean_for_section_criterion_and_role(cli: CliCall, tmp_path: Path) -> None:
    text = SAAS.read_text(encoding="utf-8")
    start = text.index("\nrequirements:\n")
    criterion = text[text.index("    criterion: ", start) :].split("\n")[0]
    known = criterion.split(": ", 1)[1]
    role_line = next(line for line in text.splitlines() if line.startswith("  project_manager: "))
    role = role_line.split(": ", 1)[1]
    path = _edit(
        SAAS,
        tmp_path / "cdc.yaml",
        ("    section: clients\n", "    section: client\n"),
        (criterion + "\n", f"    criterion: {known[:-1]}\n"),
        (role_line + "\n", f"  project_manager: {role.upper()}\n"),
    )
    run = cli("lint", str(path))
    assert "unknown section 'client'; did you mean 'clients'?" in run.out
    assert f"unknown criterion '{known[:-1]}'; did you mean '{known}'?" in run.out
    assert f"unknown role '{role.upper()}'; did you mean '{role}'?" in run.out


def test_did_you_mean_for_a_clause(cli: CliCall, tmp_path: Path) -> None:
    path = _edit(SAAS, tmp_path / "cdc.yaml", ("    - {id: sla, ", "    - {id: slaa, "))
    run = cli("lint", str(path))
    assert "clause 'slaa' is not in the clause library; did you mean 'sla'?" in run.out


def test_a_misspelt_part_counts_as_invalid_not_as_absent(tmp_path: Path) -> None:
    """``planing:`` holds the planning under a wrong name: the rules must not read the
    planning as missing (the typo's SCH003 is the finding)."""
    path = _edit(SAAS, tmp_path / "cdc.yaml", ("\nplanning:\n", "\nplaning:\n"))
    loaded = load_project(path)
    assert loaded.invalid_parts == ("planing", "planning")
    assert [f.rule for f in lint_loaded(loaded)] == ["SCH003"]


@pytest.mark.parametrize("value", ["5", "[1, 2]", "text"])
def test_a_part_that_is_not_a_mapping_is_said_in_the_users_words(
    cli: CliCall, tmp_path: Path, value: str
) -> None:
    """``context: 5`` or a list where a mapping is expected: one SCH004 that says a mapping is
    wanted, without Pydantic's model class name ("instance of Context")."""
    data = yaml.safe_load(SAAS.read_text(encoding="utf-8"))
    data["context"] = yaml.safe_load(value)
    path = tmp_path / "cdc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = cli("lint", str(path))
    assert run.code == 1 and "Traceback" not in run.err
    line = next(x for x in run.out.splitlines() if " SCH004 context:" in x)
    assert "should be a mapping of keys" in line and "instance of" not in run.out
