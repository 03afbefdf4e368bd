"""cdc's one cache (:mod:`cdc.cache`, used by :mod:`cdc.api` only).

Lint reports: a hit prints exactly what a full lint prints, and anything lint reads invalidates
it — the project, an include, a new file matching an include pattern, a clause catalogue
appearing. Checked projects: a hit gives exactly the model and findings a fresh load and lint
give, anything the project reads invalidates it, and a broken cache only costs time. Both: the
libraries that shape a result are part of the key, and a file saved during a run is never
remembered."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import cdc.cache
from cdc import api
from cdc.linting import lint_loaded
from cdc.reading.project import load_project
from tests.conftest import CASES, ROOT, CliCall, settle

FLAGSHIP = ROOT / "examples" / "contact-center"


def _project(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out", "responses"))
    settle(target)
    return target


def _hit(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether ``cdc lint ARGS`` (files, then ``--format F`` if any) would be served."""
    monkeypatch.chdir(cwd)
    files = [Path(a) for a in args if not a.startswith("-")]
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    files = [f for f in files if str(f) != fmt] or [Path("cdc.yaml")]
    return cdc.cache.get("lint", api.lint_key(files, fmt)) is not None


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
    assert len(list((cache / "lint").glob("*.pickle"))) == 1


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
    (entry,) = (cache / "lint").glob("*.pickle")
    good = entry.read_bytes()
    for garbage in (
        b"{not a pickle",
        pickle.dumps({"format": cdc.cache.FORMAT, "deps": "garbage"}),
        pickle.dumps({"format": cdc.cache.FORMAT, "deps": {"files": {}, "globs": []}})
        + pickle.dumps("not a report"),
        good[:-20],  # truncated
    ):
        entry.write_bytes(garbage)
        assert cli("lint", "cdc.yaml", cwd=project) == first

    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CDC_CACHE_DIR", str(blocker))
    assert cli("lint", "cdc.yaml", cwd=project) == first


def test_a_hit_imports_neither_the_models_nor_the_rules(cache: Path, tmp_path: Path) -> None:
    """``cdc lint`` goes through Typer like every command; a hit stops there (no Rich, no
    YAML, no models, no rules, not even Pydantic, which Typer's option conversion imports:
    the arguments are split by the command's own Click parser first), a miss lints for real."""
    project = _project(tmp_path, FLAGSHIP)
    env = {"CDC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    env["PYTHONPATH"] = str(ROOT)  # this checkout's cdc, installed or not
    code = (
        "import sys; from cdc.cli import main; rc = main(['lint', 'cdc.yaml']); "
        "heavy = [m for m in ('rich', 'yaml', 'pydantic', 'cdc.model', 'cdc.linting', 'cdc.reading') "
        "if m in sys.modules]; print(rc, heavy)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True
        )
        for _ in range(3)  # the last one a hit, even if cdc's code was edited meanwhile
    ]
    assert "cdc.model" in runs[0].stdout and "cdc.linting" in runs[0].stdout  # linted for real
    assert "rich" not in runs[0].stdout  # a plain lint never needs Rich
    assert runs[-1].stdout.strip().endswith("0 []"), runs[-1].stdout + runs[-1].stderr
    assert runs[-1].stderr == runs[0].stderr


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        ([], ["cdc.yaml"]),
        (["./cdc.yaml", "--strict", "-f", "sarif"], ["cdc.yaml", "--format", "sarif"]),
        (["./x/../cdc.yaml", "--format=json"], ["x/../cdc.yaml", "--format", "json"]),
    ],
)
def test_every_invocation_goes_through_the_one_parser(
    cli: CliCall,
    cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    typed: list[str],
) -> None:
    """Short and long options, ``--opt=value`` and paths as typed (normalised as Path does)
    all reach the same cached report; what used to need the full parser still works."""
    project = _project(tmp_path, ROOT / "examples" / "saas-crm-en")
    (project / "x").mkdir()
    settle(project)
    first = cli("lint", *args, cwd=project)
    assert first.code == 0, first.err
    assert _hit(typed, project, monkeypatch)
    assert cli("lint", *args, cwd=project) == first
    written = cli("lint", "--output", "r.txt", *args, cwd=project)
    assert written.code == 0 and (project / "r.txt").read_text(encoding="utf-8") == first.out
    assert cli("lint", "--format", "xml", cwd=project).code == 2
    assert cli("lint", "--format", cwd=project).code == 2
    assert cli("lint", "--help", cwd=project).code == 0
    assert cli("lint", "--list-rules", cwd=project).out.startswith("SCH001")


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


def test_the_command_knows_every_report_format() -> None:
    from cdc.cli._lint import LintFormat
    from cdc.linting.report import REPORTERS

    assert set(api.lint_formats()) == set(REPORTERS) == {f.value for f in LintFormat}


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


# -- checked projects (cdc render and cdc score start from one) ------------------------------
EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/cdc.yaml"))


def _copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out"))
    settle(target)
    return target


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "project").glob("*.pickle"))


def _checked(path: Path) -> bool:
    return cdc.cache.get("project", api.check_key(path)) is not None


@pytest.mark.parametrize(
    "source",
    [*EXAMPLES, CASES / "negative" / "con005-required-clause-todo"],
    ids=lambda p: p.name,
)
def test_a_checked_project_hit_is_what_a_fresh_load_and_lint_give(
    cache: Path, tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path, source)
    monkeypatch.chdir(project)
    loaded = load_project(Path("cdc.yaml"))
    fresh = (loaded.path, loaded.display, loaded.project, lint_loaded(loaded))
    first = api.check(Path("cdc.yaml"))
    assert _checked(Path("cdc.yaml"))
    second = api.check(Path("cdc.yaml"))
    assert second is not first  # read back from the cache, not kept in memory
    for checked in (first, second):
        assert (checked.path, checked.display, checked.project, checked.findings) == fresh
    assert len(_entries(cache)) == 1


def test_an_edit_an_include_a_new_match_or_a_catalogue_is_seen(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path, CASES / "positive" / "include")
    monkeypatch.chdir(project)
    path = Path("cdc.yaml")
    assert api.check(path).project is not None
    assert _checked(path)

    included = project / "requirements" / "rappel.yaml"
    included.write_text(included.read_text(encoding="utf-8") + "\n# note\n", encoding="utf-8")
    assert not _checked(path)
    api.check(path)
    assert not _checked(path)  # saved a moment ago: not trusted yet (see Dependencies.racy)
    settle(project)
    api.check(path)
    assert _checked(path)

    (project / "requirements" / "zz-new.yaml").write_text("not: [valid\n", encoding="utf-8")
    assert not _checked(path)
    broken = api.check(path)
    assert broken.project is None and any(f.rule == "SCH001" for f in broken.findings)
    (project / "requirements" / "zz-new.yaml").unlink()
    assert api.check(path).project is not None

    (project / "clauses.yaml").write_text("clauses: [oops\n", encoding="utf-8")
    assert not _checked(path)

    with path.open("a", encoding="utf-8") as fh:
        fh.write("unknown_key: 1\n")
    checked = api.check(path)
    assert checked.project is None
    assert any("unknown_key" in f.text() for f in checked.findings)


def test_a_checked_project_survives_an_off_corrupt_foreign_or_unwritable_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path, ROOT / "examples" / "contact-center")
    monkeypatch.chdir(project)
    path = Path("cdc.yaml")
    monkeypatch.setenv("CDC_NO_CACHE", "1")
    expected = api.check(path)
    assert not cache.exists()
    monkeypatch.delenv("CDC_NO_CACHE")

    api.check(path)
    (entry,) = _entries(cache)
    for garbage in (
        b"not a pickle",
        pickle.dumps({"format": cdc.cache.FORMAT, "deps": "garbage"}),
        pickle.dumps({"format": cdc.cache.FORMAT, "deps": {"files": {}, "globs": []}})
        + pickle.dumps("not a checked project"),
        entry.read_bytes()[:-50],  # truncated
    ):
        entry.write_bytes(garbage)
        assert api.check(path) == expected

    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CDC_CACHE_DIR", str(blocker))
    assert api.check(path) == expected


def test_render_and_score_give_the_same_bytes_from_the_cache(
    cli: CliCall, cache: Path, tmp_path: Path
) -> None:
    project = _copy(tmp_path, ROOT / "examples" / "contact-center")
    outputs = []
    for _ in range(2):
        render = cli(
            "render", "cdc.yaml", "--format", "md,html", "-o", "out", "--force", cwd=project
        )
        assert render.code == 0, render.err
        score = cli("score", "cdc.yaml", "responses", "--format", "json", cwd=project)
        assert score.code == 0, score.err
        files = {p.name: p.read_bytes() for p in sorted((project / "out").iterdir())}
        outputs.append((files, score.out))
    assert outputs[0] == outputs[1]
    assert len(_entries(cache)) == 1


def test_lint_errors_are_refused_from_the_cache_too(
    cli: CliCall, cache: Path, tmp_path: Path
) -> None:
    project = _copy(tmp_path, ROOT / "examples" / "contact-center")
    with (project / "cdc.yaml").open("a", encoding="utf-8") as fh:
        fh.write("unknown_key: 1\n")
    runs = [cli("render", "cdc.yaml", "--format", "md", "-o", "out", cwd=project) for _ in range(2)]
    assert runs[0].code == runs[1].code == 1
    assert runs[0].err == runs[1].err and "unknown_key" in runs[1].err
    assert not (project / "out").exists()


def test_a_project_saved_while_it_is_read_is_not_remembered(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cdc.reading.project

    project = _copy(tmp_path, ROOT / "examples" / "contact-center")
    monkeypatch.chdir(project)
    read = cdc.reading.project.load_project

    def saved_meanwhile(path: Path) -> cdc.reading.project.LoadedProject:
        loaded = read(path)
        with (project / "cdc.yaml").open("a", encoding="utf-8") as fh:
            fh.write("unknown_key: 1\n")  # the user saves while cdc is reading
        return loaded

    monkeypatch.setattr(cdc.reading.project, "load_project", saved_meanwhile)
    assert api.check(Path("cdc.yaml")).project is not None
    monkeypatch.setattr(cdc.reading.project, "load_project", read)
    assert not _entries(cache)
    assert api.check(Path("cdc.yaml")).project is None  # the save is seen


@pytest.mark.parametrize("library", ["PyYAML", "pydantic", "pydantic_core"])
def test_another_library_version_is_a_checked_project_miss(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fingerprint: None, library: str
) -> None:
    """A pickled model and its findings are only good for the libraries that produced them."""
    project = _copy(tmp_path, ROOT / "examples" / "saas-crm-en")
    monkeypatch.chdir(project)
    assert api.check(Path("cdc.yaml")).project is not None
    assert _checked(Path("cdc.yaml"))
    installed = cdc.cache.library_versions()
    other = {**installed, library: "99.0.0"}
    monkeypatch.setattr(cdc.cache, "library_versions", lambda: other)
    cdc.cache.code_fingerprint.cache_clear()
    assert not _checked(Path("cdc.yaml"))
    monkeypatch.setattr(cdc.cache, "library_versions", lambda: installed)
    cdc.cache.code_fingerprint.cache_clear()
    assert _checked(Path("cdc.yaml"))  # back to the same libraries: a hit again
