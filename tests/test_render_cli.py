"""``cdc render`` from the command line: refusal on lint errors, outputs, usage errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliCall

MINIMAL = ROOT / "tests/cases/positive/minimal/cdc.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "p" / "cdc.yaml"
    target.parent.mkdir()
    shutil.copy(MINIMAL, target)
    return target


def test_render_writes_next_to_the_project(cli: CliCall, project: Path) -> None:
    run = cli("render", str(project), "--doc", "spec", "--format", "md,html")
    assert run.code == 0, run.err
    out = project.parent / "out"
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".cdc-manifest.json",
        "mini_cahier-des-charges_v1.0.html",
        "mini_cahier-des-charges_v1.0.md",
    ]
    assert "2 written" in run.err


def test_render_refuses_a_project_with_lint_errors(cli: CliCall, project: Path) -> None:
    project.write_text(project.read_text(encoding="utf-8") + "oops: 1\n", encoding="utf-8")
    run = cli("render", str(project), "--doc", "spec", "--format", "md")
    assert run.code == 1
    assert "error SCH003 unknown key 'oops'" in run.err
    assert "nothing rendered" in run.err
    assert not (project.parent / "out").exists()


def test_render_shows_warnings_and_goes_on(cli: CliCall, project: Path) -> None:
    text = project.read_text(encoding="utf-8").replace("Historique unique", "Historique intuitif")
    project.write_text(text, encoding="utf-8")
    run = cli("render", str(project), "--doc", "spec", "--format", "md")
    assert run.code == 0
    assert "warning REQ004" in run.err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--format", "odt"), "unknown format odt"),
        (("--doc", "letter"), "unknown document letter"),
        (("--templates", "nowhere"), "--templates nowhere: no such file or folder"),
        (("--reference-docx", "nowhere.docx"), "no such file"),
    ],
)
def test_render_usage_errors(
    cli: CliCall, project: Path, args: tuple[str, ...], fragment: str
) -> None:
    run = cli("render", str(project), *args)
    assert run.code == 2
    assert fragment in run.err
    assert "Traceback" not in run.err


def test_render_into_an_unwritable_place(cli: CliCall, project: Path) -> None:
    blocker = project.parent / "blocker"
    blocker.write_text("", encoding="utf-8")
    run = cli("render", str(project), "--doc", "spec", "--format", "md", "-o", str(blocker / "out"))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert "blocker" in run.err


def test_render_missing_project_is_a_usage_error(cli: CliCall, tmp_path: Path) -> None:
    run = cli("render", str(tmp_path / "none.yaml"))
    assert run.code == 2
    assert "no such file" in run.err
