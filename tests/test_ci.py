"""``cdc ci``: one process gives what ``cdc lint``, ``cdc render`` and ``cdc score`` give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliCall, settle

FLAGSHIP = ROOT / "examples" / "contact-center"
SAAS = ROOT / "examples" / "saas-crm-en"


def _copy(tmp_path: Path, source: Path, name: str = "project") -> Path:
    target = tmp_path / name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out"))
    settle(target)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("lint_format", ["text", "github"])
def test_ci_gives_what_lint_and_render_give(cli: CliCall, tmp_path: Path, lint_format: str) -> None:
    one = _copy(tmp_path, SAAS, "one")
    three = _copy(tmp_path, SAAS, "three")
    ci = cli("ci", "cdc.yaml", "-f", "md,html", "--lint-format", lint_format, cwd=one)
    assert ci.code == 0, ci.err
    lint = cli("lint", "cdc.yaml", "-f", lint_format, cwd=three)
    render = cli("render", "cdc.yaml", "-f", "md,html", cwd=three)
    assert render.code == 0
    assert ci.out == lint.out
    assert _files(one / "out") == _files(three / "out") != {}
    assert not (one / "out" / "score.json").exists()  # nothing to score


def test_ci_scores_what_score_scores(cli: CliCall, tmp_path: Path) -> None:
    project = _copy(tmp_path, FLAGSHIP)
    ci = cli("ci", "-f", "md", "-r", "responses", "-e", "evaluations", "-o", "built", cwd=project)
    assert ci.code == 0, ci.err
    score = cli("score", "cdc.yaml", "responses", "-e", "evaluations", "-f", "json", cwd=project)
    assert score.code == 0
    assert (project / "built" / "score.json").read_text(encoding="utf-8") == score.out


def test_ci_renders_nothing_on_lint_errors(cli: CliCall, tmp_path: Path) -> None:
    project = _copy(tmp_path, SAAS)
    with (project / "cdc.yaml").open("a", encoding="utf-8") as fh:
        fh.write("unknown_key: 1\n")
    (project / "responses").mkdir()  # a missing one is a usage error before any work
    ci = cli("ci", "-r", "responses", cwd=project)
    assert ci.code == 1 and "unknown_key" in ci.out and "nothing rendered" in ci.err
    assert not (project / "out").exists()


def test_ci_strict_fails_on_warnings(cli: CliCall, tmp_path: Path) -> None:
    project = _copy(tmp_path, ROOT / "tests" / "cases" / "negative" / "con005-required-clause-todo")
    assert cli("ci", "-f", "md", cwd=project).code == 0
    strict = cli("ci", "-f", "md", "--strict", "-o", "strict", cwd=project)
    assert strict.code == 1 and not (project / "strict").exists()


def test_ci_usage_errors(cli: CliCall, tmp_path: Path) -> None:
    project = _copy(tmp_path, SAAS)
    assert cli("ci", "-e", "evaluations", cwd=project).code == 2
    assert cli("ci", "-f", "odt", cwd=project).code == 2
    assert cli("ci", "--pdf-engine", "latex", cwd=project).code == 2
    assert cli("ci", "missing.yaml", cwd=project).code == 2
    assert cli("ci", "--lint-format", "xml", cwd=project).code == 2
