"""The lint report cache: a hit prints exactly what a full lint prints, and anything lint reads
invalidates it — the project, an include, a new file matching an include pattern, a clause
catalogue appearing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import cdc.cache
from cdc import lintcache
from tests.conftest import CASES, ROOT, CliCall, settle

FLAGSHIP = ROOT / "examples" / "contact-center"


def _project(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out", "responses"))
    settle(target)
    return target


def _hit(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.chdir(cwd)
    parsed = lintcache.parse_args(args)
    assert parsed is not None
    return lintcache.lookup(parsed[0], parsed[1]) is not None


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_hit_prints_what_a_full_lint_prints(
    cli: CliCall, cache: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, FLAGSHIP)
    args = ["lint", "cdc.yaml", "--format", fmt]
    first = cli(*args, cwd=project)
    assert _hit(args[1:], project, monkeypatch)
    second = cli(*args, cwd=project)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert len(list((cache / "lint").glob("*.json"))) == 1


def test_editing_the_project_is_seen(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, FLAGSHIP)
    assert cli("lint", "cdc.yaml", cwd=project).code == 0
    with (project / "cdc.yaml").open("a", encoding="utf-8") as fh:
        fh.write("unknown_key: 1\n")
    assert not _hit(["cdc.yaml"], project, monkeypatch)
    run = cli("lint", "cdc.yaml", cwd=project)
    assert run.code == 1 and "unknown_key" in run.out


def test_includes_new_matches_and_catalogues_are_seen(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, CASES / "positive" / "include")
    (project / "expected.txt").unlink()
    settle(project)
    clean = cli("lint", "cdc.yaml", cwd=project)
    assert clean.code == 0
    assert _hit(["cdc.yaml"], project, monkeypatch)

    # an included file changes
    included = project / "requirements" / "rappel.yaml"
    original = included.read_text(encoding="utf-8")
    included.write_text(original + "\n# a comment\n", encoding="utf-8")
    assert not _hit(["cdc.yaml"], project, monkeypatch)
    settle(project)
    assert cli("lint", "cdc.yaml", cwd=project).out == clean.out
    assert _hit(["cdc.yaml"], project, monkeypatch)

    # a new file matches the include pattern
    (project / "requirements" / "zz-new.yaml").write_text("not: [valid\n", encoding="utf-8")
    assert not _hit(["cdc.yaml"], project, monkeypatch)
    assert cli("lint", "cdc.yaml", cwd=project).code == 1
    (project / "requirements" / "zz-new.yaml").unlink()
    assert cli("lint", "cdc.yaml", cwd=project).code == 0

    # a project clause catalogue appears
    (project / "clauses.yaml").write_text("clauses: [oops\n", encoding="utf-8")
    assert not _hit(["cdc.yaml"], project, monkeypatch)


def test_strict_counts_the_cached_warnings(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, CASES / "negative" / "con005-required-clause-todo")
    plain = cli("lint", "cdc.yaml", cwd=project)
    assert plain.code == 0 and "2 warnings" in plain.err
    assert _hit(["cdc.yaml"], project, monkeypatch)
    assert cli("lint", "--strict", "cdc.yaml", cwd=project).code == 1
    assert cli("lint", "cdc.yaml", cwd=project) == plain


def test_off_corrupt_or_unwritable_cache_never_fails(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, FLAGSHIP)
    monkeypatch.setenv("CDC_NO_CACHE", "1")
    assert cli("lint", "cdc.yaml", cwd=project).code == 0
    assert not cache.exists()
    monkeypatch.delenv("CDC_NO_CACHE")

    first = cli("lint", "cdc.yaml", cwd=project)
    (entry,) = (cache / "lint").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert cli("lint", "cdc.yaml", cwd=project) == first
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["deps"] = "garbage"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cli("lint", "cdc.yaml", cwd=project) == first

    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CDC_CACHE_DIR", str(blocker))
    assert cli("lint", "cdc.yaml", cwd=project) == first


def test_a_hit_imports_neither_typer_nor_pydantic(cache: Path, tmp_path: Path) -> None:
    project = _project(tmp_path, FLAGSHIP)
    env = {"CDC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    env["PYTHONPATH"] = str(ROOT)  # this checkout's cdc, installed or not
    code = (
        "import sys; from cdc.cli import main; rc = main(['lint', 'cdc.yaml']); "
        "heavy = [m for m in ('typer', 'pydantic', 'rich', 'cdc.model') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    # the first run lints for real, without Typer or Rich (a plain invocation needs neither)
    assert "pydantic" in runs[0].stdout
    assert "typer" not in runs[0].stdout and "rich" not in runs[0].stdout
    assert runs[1].stdout.strip().endswith("0 []"), runs[1].stdout + runs[1].stderr
    assert runs[1].stderr == runs[0].stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (["cdc.yaml"], "text", False)),
        (["a.yaml", "--strict", "-f", "sarif"], (["a.yaml"], "sarif", True)),
        (["./x/../b.yaml", "--format=json"], (["x/../b.yaml"], "json", False)),
        (["--output", "r.txt", "a.yaml"], None),
        (["--list-rules"], None),
        (["--help"], None),
        (["--debug", "a.yaml"], None),
        (["--format", "xml"], None),
        (["--format"], None),
    ],
)
def test_the_fast_path_only_takes_what_it_understands(
    args: list[str], expected: tuple[list[str], str, bool] | None
) -> None:
    assert lintcache.parse_args(args) == expected


def test_the_organisation_catalogue_is_a_dependency(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, FLAGSHIP)
    catalogue = tmp_path / "org-clauses.yaml"
    catalogue.write_text("clauses: []\n", encoding="utf-8")
    settle(catalogue)
    monkeypatch.setenv("CDC_CLAUSES", str(catalogue))
    assert cli("lint", "cdc.yaml", cwd=project).code == 0
    assert _hit(["cdc.yaml"], project, monkeypatch)
    catalogue.write_text("clauses: [oops\n", encoding="utf-8")
    assert not _hit(["cdc.yaml"], project, monkeypatch)
    monkeypatch.delenv("CDC_CLAUSES")
    assert not _hit(["cdc.yaml"], project, monkeypatch)  # another key: never linted without it


def test_the_fast_path_knows_every_report_format() -> None:
    from cdc.cli._app import LintFormat
    from cdc.linting.report import REPORTERS

    assert set(lintcache._FORMATS) == set(REPORTERS) == {f.value for f in LintFormat}


def test_a_file_saved_while_it_is_linted_is_not_remembered(
    cli: CliCall, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cdc.linting.engine
    from cdc.reading.project import LoadedProject
    from cdc.reading.project import load_project as read

    project = _project(tmp_path, FLAGSHIP)

    def saved_meanwhile(path: Path) -> LoadedProject:
        loaded = read(path)
        with (project / "cdc.yaml").open("a", encoding="utf-8") as fh:
            fh.write("unknown_key: 1\n")  # the user saves while cdc is linting
        return loaded

    monkeypatch.setattr(cdc.linting.engine, "load_project", saved_meanwhile)
    assert cli("lint", "cdc.yaml", cwd=project).code == 0
    monkeypatch.setattr(cdc.linting.engine, "load_project", read)
    assert not _hit(["cdc.yaml"], project, monkeypatch)
    assert cli("lint", "cdc.yaml", cwd=project).code == 1


# -- the libraries that shape a report are part of the key ----------------------------------
def _without_libyaml(installed: str) -> str:
    return installed.split(" +")[0]


def _next_release(installed: str) -> str:
    return "99.0.0 " + installed.partition(" ")[2]


@pytest.fixture
def fingerprint() -> Iterator[None]:
    """Recompute cdc's code fingerprint around the test (it is computed once per process)."""
    cdc.cache.code_fingerprint.cache_clear()
    yield
    cdc.cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize(
    ("library", "change"),
    [
        ("PyYAML", _next_release),
        ("PyYAML", _without_libyaml),  # SCH001 or SCH008 depends on it
        ("pydantic", _next_release),  # SCH004 messages come from Pydantic
        ("pydantic_core", _next_release),
    ],
    ids=["pyyaml", "libyaml", "pydantic", "pydantic-core"],
)
def test_another_library_version_is_a_miss(
    cli: CliCall,
    cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fingerprint: None,
    library: str,
    change: Callable[[str], str],
) -> None:
    project = _project(tmp_path, FLAGSHIP)
    assert cli("lint", "cdc.yaml", cwd=project).code == 0
    assert _hit(["cdc.yaml"], project, monkeypatch)
    installed = cdc.cache.library_versions()
    other = {**installed, library: change(installed[library])}
    assert other != installed
    monkeypatch.setattr(cdc.cache, "library_versions", lambda: other)
    cdc.cache.code_fingerprint.cache_clear()
    assert not _hit(["cdc.yaml"], project, monkeypatch)
    monkeypatch.setattr(cdc.cache, "library_versions", lambda: installed)
    cdc.cache.code_fingerprint.cache_clear()
    assert _hit(["cdc.yaml"], project, monkeypatch)  # back to the same libraries: a hit again


def test_library_versions_are_the_installed_ones() -> None:
    import pydantic
    import pydantic_core
    import yaml

    found = cdc.cache.library_versions()
    assert found["PyYAML"].split(" ")[0] == yaml.__version__
    assert ("+_yaml" in found["PyYAML"]) == yaml.__with_libyaml__
    assert found["pydantic"].split(" ")[0] == pydantic.VERSION
    assert found["pydantic_core"].split(" ")[0] == pydantic_core.__version__
    assert "+_pydantic_core" in found["pydantic_core"]
    assert set(found) == {dist for _, dist in cdc.cache.KEY_LIBRARIES}
    assert "absent" not in found.values()
