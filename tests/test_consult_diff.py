"""``cdc diff`` and cdc.consultation: changes by meaning, guard rails, REV:path through git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdc.consultation import (
    Change,
    ChangeKind,
    compare_projects,
    guard_rails,
    previous_entry,
    version_ids,
    word_changes,
)
from cdc.core.errors import UsageError
from cdc.model import Project
from cdc.reading.git import load_at_revision, split_revision
from cdc.reading.project import load_project
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center" / "cdc.yaml"
V10 = ROOT / "examples" / "contact-center" / "versions" / "cdc-v1.0.yaml"
CRM = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"


def _load(path: Path) -> Project:
    project = load_project(path).project
    assert project is not None
    return project


def _edit(project: Project, **changes: object) -> Project:
    """A deep copy of ``project`` with dotted paths replaced (``project.version``…)."""
    data = project.model_dump(mode="python", exclude_unset=True)
    for dotted, value in changes.items():
        *parts, last = dotted.split(".")
        node = data
        for part in parts:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    return Project.model_validate(data)


# -- the flagship: exactly the changes made --------------------------------------------------
def test_flagship_v11_lists_exactly_the_changes_made() -> None:
    old, new = _load(V10), _load(FLAGSHIP)
    expected = [
        Change(ChangeKind.version, "project", "version", "1.0", "1.1"),
        Change(ChangeKind.date, "project", "date", "2027-01-18", "2027-03-08"),
        Change(
            ChangeKind.requirement_reworded,
            "INT-002",
            "text",
            "La solution accepte le raccordement des liaisons SIP de l'opérateur retenu par Ondéa "
            "Énergies et la portabilité des 14 numéros actuels, sans changement de numéro pour "
            "les clients.",
            "La solution accepte le raccordement des liaisons SIP de l'opérateur retenu par Ondéa "
            "Énergies et la portabilité des 16 numéros actuels, dont les deux numéros du service "
            "dépannage, sans changement de numéro pour les clients.",
            (("14", "16"), ("", "dont les deux numéros du service dépannage,")),
        ),
        Change(
            ChangeKind.requirement_added,
            "INT-009",
            "title",
            None,
            "Raccordement de secours",
            priority="should",
        ),
        Change(ChangeKind.milestone_moved, "answers_due", "date", "2027-03-15", "2027-03-22"),
    ]
    assert compare_projects(old, new) == expected
    assert guard_rails(old, new, expected) == []  # deadline moved, should-have, version bumped


def test_flagship_declares_its_history() -> None:
    new = _load(FLAGSHIP)
    assert version_ids(new) == ["1.0", "1.1"]
    entry = previous_entry(new)
    assert entry is not None and entry.version == "1.0" and entry.source == "versions/cdc-v1.0.yaml"


def test_cli_diff_alone_uses_the_declared_previous_version(cli: CliCall) -> None:
    run = cli("diff", str(FLAGSHIP), "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["format"] == 1
    assert (data["old"]["version"], data["new"]["version"]) == ("1.0", "1.1")
    assert [(c["kind"], c["target"]) for c in data["changes"]] == [
        ("version", "project"),
        ("date", "project"),
        ("requirement_reworded", "INT-002"),
        ("requirement_added", "INT-009"),
        ("milestone_moved", "answers_due"),
    ]
    assert data["summary"] == {"changes": 5, "substantial": 2, "warnings": 0}
    assert data["changes"][2]["words"] == [
        {"before": "14", "after": "16"},
        {"before": "", "after": "dont les deux numéros du service dépannage,"},
    ]
    again = cli("diff", str(V10), str(FLAGSHIP), "--format", "json")
    assert json.loads(again.out)["changes"] == data["changes"]


def test_cli_diff_text_and_same_file(cli: CliCall) -> None:
    run = cli("diff", str(V10), str(FLAGSHIP))
    assert run.code == 0
    assert "INT-002 reworded (text): “14” → “16”" in run.out
    assert "INT-009 added (should): Raccordement de secours" in run.out
    same = cli("diff", str(CRM), str(CRM))
    assert same.code == 0 and "no change" in same.out


def test_cli_diff_usage_errors(cli: CliCall, tmp_path: Path) -> None:
    assert cli("diff", str(tmp_path / "missing.yaml"), str(CRM)).code == 2
    assert cli("diff", str(CRM), str(CRM), "--format", "xml").code == 2
    assert cli("diff", str(CRM)).code == 2  # no history: name the older version
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: 3\n", encoding="utf-8")
    run = cli("diff", str(bad), str(CRM))
    assert run.code == 1 and "does not validate" in run.err


# -- the words that changed --------------------------------------------------------------------
def test_word_changes_ignore_wrapping() -> None:
    assert word_changes("a b\n c", "a  b c") == ()
    assert word_changes("the cat sat", "the dog sat down") == (("cat", "dog"), ("", "down"))


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=12),
    st.lists(st.sampled_from(["a", "b", "c", "e"]), max_size=12),
)
def test_word_changes_rebuild_the_new_text(a: list[str], b: list[str]) -> None:
    """Applying the pairs to the old words in order gives the new words."""
    pairs = word_changes(" ".join(a), " ".join(b))
    assert (pairs == ()) == (a == b)
    removed = sum(len(x.split()) for x, _ in pairs)
    added = sum(len(y.split()) for _, y in pairs)
    assert len(a) - removed == len(b) - added  # the unchanged words are common to both


# -- weights, price, clauses, glossary ----------------------------------------------------------
def test_weights_report_relative_and_absolute_effect() -> None:
    old = _load(CRM)
    first = old.evaluation.criteria[0] if old.evaluation else None
    assert first is not None
    new = _edit(old, **{"evaluation.criteria.0.weight": first.weight + 10})
    changes = [c for c in compare_projects(old, new) if c.kind is ChangeKind.criterion_weight]
    own = next(c for c in changes if c.target == first.id)
    assert own.before == format(first.weight.normalize(), "f")
    assert own.relative_after is not None and own.relative_before is not None
    assert own.relative_after > own.relative_before
    assert own.absolute_after is not None and own.absolute_before is not None
    # The siblings lose absolute weight without their own weight changing.
    assert old.evaluation is not None
    siblings = {x.id for x in old.evaluation.criteria} - {first.id}
    moved = [c for c in changes if c.target in siblings]
    assert moved and all(c.before == c.after for c in moved)
    for c in moved:
        assert c.absolute_after is not None and c.absolute_before is not None
        assert c.absolute_after < c.absolute_before


def test_price_method_clause_and_glossary_changes() -> None:
    old = _load(FLAGSHIP)
    assert old.evaluation is not None and old.evaluation.price is not None
    assert old.contract is not None and old.contract.clauses and old.glossary
    method = "linear_gap" if old.evaluation.price.method.value != "linear_gap" else "proportional"
    new = _edit(
        old,
        **{
            "evaluation.price.method": method,
            "contract.clauses.0.status": "waived"
            if old.contract.clauses[0].status.value != "waived"
            else "included",
            "contract.clauses.0.reason": "Négocié avec les candidats retenus.",
            "glossary.0.definition": old.glossary[0].definition + " Précisé en v1.1.",
        },
    )
    kinds = {(c.kind, c.target) for c in compare_projects(old, new)}
    assert (ChangeKind.price_method, "price") in kinds
    assert (ChangeKind.clause_status, old.contract.clauses[0].id) in kinds
    assert (ChangeKind.glossary_changed, old.glossary[0].term) in kinds


# -- guard rails: each positive and negative -----------------------------------------------------
def test_guard_method_after_publication() -> None:
    old = _load(V10)
    assert old.evaluation is not None
    weight = old.evaluation.criteria[0].weight
    published = _edit(
        old,
        **{
            "project.version": "1.1",
            "project.date": "2027-02-10",
            "evaluation.criteria.0.weight": weight + 5,
        },
    )
    rules = [w.rule for w in guard_rails(old, published, compare_projects(old, published))]
    assert "VER001" in rules
    before = _edit(
        old,
        **{
            "project.version": "1.1",
            "project.date": "2027-01-25",
            "evaluation.criteria.0.weight": weight + 5,
        },
    )
    assert "VER001" not in [w.rule for w in guard_rails(old, before, compare_projects(old, before))]


def test_guard_must_added_or_hardened_after_publication() -> None:
    old, new = _load(V10), _load(FLAGSHIP)
    assert "VER002" not in [w.rule for w in guard_rails(old, new, compare_projects(old, new))]
    index = next(i for i, r in enumerate(new.requirements) if r.id == "INT-009")
    hard = _edit(new, **{f"requirements.{index}.priority": "must"})
    warnings = guard_rails(old, hard, compare_projects(old, hard))
    assert [w.targets for w in warnings if w.rule == "VER002"] == [("INT-009",)]
    soft = next(i for i, r in enumerate(old.requirements) if r.priority.value == "should")
    hardened = _edit(
        old,
        **{
            "project.version": "1.1",
            "project.date": "2027-02-10",
            f"requirements.{soft}.priority": "must",
        },
    )
    assert "VER002" in [w.rule for w in guard_rails(old, hardened, compare_projects(old, hardened))]


def test_guard_late_change_without_moving_the_deadline() -> None:
    old, new = _load(V10), _load(FLAGSHIP)
    due = next(i for i, m in enumerate(new.planning.milestones) if m.kind.value == "answers_due")  # type: ignore[union-attr]
    kept = _edit(new, **{f"planning.milestones.{due}.date": "2027-03-15"})
    warnings = guard_rails(old, kept, compare_projects(old, kept))
    late = [w for w in warnings if w.rule == "VER003"]
    assert late and "7 day(s) before the answer deadline 2027-03-15" in late[0].message
    assert late[0].reason
    early = _edit(kept, **{"project.date": "2027-02-20"})  # 23 days left: enough
    assert "VER003" not in [w.rule for w in guard_rails(old, early, compare_projects(old, early))]
    # Moving the deadline (the flagship) silences it; so does a larger notice setting… reversed.
    assert "VER003" not in [w.rule for w in guard_rails(old, new, compare_projects(old, new))]
    strict = _edit(early, **{"planning.change_notice_days": 30})
    assert "VER003" in [w.rule for w in guard_rails(old, strict, compare_projects(old, strict))]


def test_guard_version_not_bumped(cli: CliCall, tmp_path: Path) -> None:
    old, new = _load(V10), _load(FLAGSHIP)
    same = _edit(new, **{"project.version": "1.0"})
    warnings = guard_rails(old, same, compare_projects(old, same))
    assert [w.rule for w in warnings] == ["VER004"]
    assert "VER004" not in [w.rule for w in guard_rails(old, new, compare_projects(old, new))]
    assert guard_rails(old, old, compare_projects(old, old)) == []
    copy = tmp_path / "cdc.yaml"
    copy.write_text(
        FLAGSHIP.read_text(encoding="utf-8").replace(
            'version: "1.1"\n  date', 'version: "1.0"\n  date', 1
        ),
        encoding="utf-8",
    )
    run = cli("diff", str(V10), str(copy))
    assert run.code == 0 and "warning VER004" in run.out and "why:" in run.out
    assert cli("diff", str(V10), str(copy), "--strict").code == 1


# -- REV:path through git ------------------------------------------------------------------------
def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits of a project split over an include."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    folder = root / "spec"
    folder.mkdir(parents=True)
    _git(root, "init", "-q")
    shutil.copy(V10, folder / "cdc.yaml")
    text = (folder / "cdc.yaml").read_text(encoding="utf-8")
    (folder / "cdc.yaml").write_text(
        text.replace("\nglossary:\n", "\ninclude: [extra/*.yaml]\nglossary:\n", 1), encoding="utf-8"
    )
    (folder / "extra").mkdir()
    (folder / "extra" / "terms.yaml").write_text(
        "glossary:\n  - term: Zorglub\n    definition: Un terme de test.\n", encoding="utf-8"
    )
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "v1.0")
    shutil.copy(FLAGSHIP, folder / "cdc.yaml")
    text = (
        (folder / "cdc.yaml")
        .read_text(encoding="utf-8")
        .replace("source: versions/cdc-v1.0.yaml", "source: HEAD~1:cdc.yaml")
    )
    (folder / "cdc.yaml").write_text(
        text.replace("\nglossary:\n", "\ninclude: [extra/*.yaml]\nglossary:\n", 1), encoding="utf-8"
    )
    (folder / "extra" / "terms.yaml").write_text(
        "glossary:\n  - term: Zorglub\n    definition: Un terme de test, précisé.\n",
        encoding="utf-8",
    )
    _git(root, "commit", "-q", "-am", "v1.1")
    return root


def test_rev_path_reads_the_revision_and_its_includes(repo: Path, cli: CliCall) -> None:
    loaded = load_at_revision("HEAD~1:spec/cdc.yaml", cwd=repo)
    assert loaded.project is not None and loaded.project.project.version == "1.0"
    assert any(
        t.term == "Zorglub" and t.definition == "Un terme de test." for t in loaded.project.glossary
    )
    run = cli("diff", "HEAD~1:cdc.yaml", "HEAD:cdc.yaml", "--format", "json", cwd=repo / "spec")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["old"]["source"] == "HEAD~1:cdc.yaml"
    kinds = [(c["kind"], c["target"]) for c in data["changes"]]
    assert ("requirement_added", "INT-009") in kinds
    assert ("glossary_changed", "Zorglub") in kinds  # the include, at each revision
    # The working file against its declared source (REV:path in project.versions).
    alone = cli("diff", "cdc.yaml", "--format", "json", cwd=repo / "spec")
    assert alone.code == 0, alone.err
    assert json.loads(alone.out)["changes"] == data["changes"]


def test_rev_path_usage_errors(repo: Path, tmp_path: Path, cli: CliCall) -> None:
    run = cli("diff", "nosuchrev:cdc.yaml", "cdc.yaml", cwd=repo / "spec")
    assert run.code == 2 and "unknown revision 'nosuchrev'" in run.err
    assert cli("diff", "HEAD:nothere.yaml", "cdc.yaml", cwd=repo / "spec").code == 2
    outside = tmp_path / "plain"
    outside.mkdir()
    shutil.copy(V10, outside / "cdc.yaml")
    run = cli("diff", "HEAD:cdc.yaml", "cdc.yaml", cwd=outside)
    assert run.code == 2 and "not inside a git repository" in run.err
    for spec in ("-x:cdc.yaml", "a..b:cdc.yaml", "HEAD:-p", "HE AD:cdc.yaml"):
        with pytest.raises(UsageError):
            split_revision(spec)
    assert split_revision(str(V10)) is None


def test_guard_revision_not_set() -> None:
    old, new = _load(V10), _load(FLAGSHIP)
    assert "VER005" not in [w.rule for w in guard_rails(old, new, compare_projects(old, new))]
    index = next(i for i, r in enumerate(new.requirements) if r.id == "INT-002")
    unset = _edit(new, **{f"requirements.{index}.revision": None})
    warnings = [
        w for w in guard_rails(old, unset, compare_projects(old, unset)) if w.rule == "VER005"
    ]
    assert [w.targets for w in warnings] == [("INT-002",)]
    assert "not marked" in warnings[0].reason
