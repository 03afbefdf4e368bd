"""The public library face: ``import cdc`` offers load, check, lint, render and score, gives the
same results as the commands, stays light to import, and only the orchestration caches."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cdc
from tests.conftest import ROOT, CliCall, settle
from tests.test_layout import _imports, _modules

FLAGSHIP = ROOT / "examples" / "contact-center"
SAAS = ROOT / "examples" / "saas-crm-en"


def _copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out"))
    settle(target)
    return target


def test_every_name_in_all_exists() -> None:
    assert "check" in cdc.__all__ and "render" in cdc.__all__ and "score" in cdc.__all__
    for name in cdc.__all__:
        assert getattr(cdc, name) is not None, name
    with pytest.raises(AttributeError):
        _ = cdc.no_such_function


def test_import_cdc_stays_light() -> None:
    code = (
        "import sys, cdc; print(sorted(m for m in ('cdc.api', 'cdc.cache', 'pydantic', 'yaml', "
        "'typer', 'typing') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_check_and_lint(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _copy(tmp_path, SAAS)
    monkeypatch.chdir(project)
    checked = cdc.check("cdc.yaml")
    assert checked.project is not None and checked.errors == []
    assert checked.valid() is checked.project and checked.root == project
    assert cdc.check(Path("cdc.yaml")) == checked  # served from the cache, same value
    result = cdc.lint("cdc.yaml")
    assert result.files == ["cdc.yaml"] and result.findings == checked.findings
    assert str(project / "cdc.yaml") in {str(Path(p).resolve()) for p in result.inputs}
    both = cdc.lint([SAAS / "cdc.yaml", FLAGSHIP / "cdc.yaml"])
    assert len(both.files) == 2
    assert cdc.load("cdc.yaml").project == checked.project


def test_lint_report_is_what_the_command_prints(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path, SAAS)
    run = cli("lint", "cdc.yaml", "--format", "json", cwd=project)
    monkeypatch.chdir(project)
    report = cdc.lint_report(["cdc.yaml"], "json")
    assert (report.stdout, report.exit_code(strict=False)) == (run.out, run.code)


def test_render(cache: Path, tmp_path: Path) -> None:
    project = _copy(tmp_path, SAAS)
    steps: list[str] = []
    result = cdc.render(project / "cdc.yaml", formats=["md"], progress=steps.append)
    assert result.errors == []
    assert result.written and all(p.parent == project / "out" for p in result.written)
    assert all(p.suffix == ".md" for p in result.written) and len(steps) == len(result.written)
    again = cdc.render(cdc.check(project / "cdc.yaml"), formats=["md"])
    assert again.written == [] and sorted(again.unchanged) == sorted(result.written)


def test_score_is_what_the_command_gives(cli: CliCall, cache: Path, tmp_path: Path) -> None:
    from cdc.scoring.report import to_json

    project = _copy(tmp_path, FLAGSHIP)
    run = cli("score", "cdc.yaml", "responses", "-e", "evaluations", "-f", "json", cwd=project)
    assert run.code == 0, run.err
    report = cdc.score(
        project / "cdc.yaml", [project / "responses"], [project / "evaluations"], seed=0
    )
    assert to_json(report).replace(str(project) + "/", "") == run.out
    assert cdc.score_output(report, "json") == to_json(report)


def test_an_invalid_project_is_refused(cache: Path, tmp_path: Path) -> None:
    project = _copy(tmp_path, SAAS)
    with (project / "cdc.yaml").open("a", encoding="utf-8") as fh:
        fh.write("unknown_key: 1\n")
    with pytest.raises(cdc.ProjectInvalid) as refused:
        cdc.render(project / "cdc.yaml", formats=["md"])
    assert any("unknown_key" in f.text() for f in refused.value.findings)
    assert refused.value.exit_code == 1
    with pytest.raises(cdc.ProjectInvalid):
        cdc.score(project / "cdc.yaml", [FLAGSHIP / "responses"])
    assert not (project / "out").exists()


STAGES = ("core", "model", "analysis", "grid", "reading", "linting", "contract", "scoring")


def test_no_stage_knows_the_cache_the_api_or_the_cli() -> None:
    """Caching is the orchestration's business: the stages compute, :mod:`cdc.api` remembers."""
    modules = _modules()
    known = set(modules)
    offenders = {
        f"{name} imports {target}"
        for name, path in modules.items()
        if name.split(".")[1:2] and name.split(".")[1] in (*STAGES, "rendering")
        for target in _imports(name, path, known)
        if target.split(".")[:2] in (["cdc", "cache"], ["cdc", "api"], ["cdc", "cli"])
    }
    assert offenders == set()
    assert {"cdc.cache", "cdc.api"} <= known
    assert not (ROOT / "cdc" / "lintcache.py").exists()
    assert not (ROOT / "cdc" / "projectcache.py").exists()
