"""The checked-project cache: a hit gives exactly the model and findings a fresh load and lint
give, anything the project reads invalidates it, and a broken cache only costs time."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import cdc.cache
from cdc import projectcache
from cdc.linting import lint_loaded
from cdc.reading.project import load_project
from tests.conftest import CASES, ROOT, CliCall, settle

EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/cdc.yaml"))


def _copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out"))
    settle(target)
    return target


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "project").glob("*.pickle"))


def _hit(path: Path) -> bool:
    return projectcache._lookup(projectcache._key(path)) is not None


@pytest.mark.parametrize(
    "source",
    [*EXAMPLES, CASES / "negative" / "con005-required-clause-todo"],
    ids=lambda p: p.name,
)
def test_a_hit_is_what_a_fresh_load_and_lint_give(
    cache: Path, tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path, source)
    monkeypatch.chdir(project)
    loaded = load_project(Path("cdc.yaml"))
    fresh = (loaded.path, loaded.display, loaded.project, lint_loaded(loaded))
    first = projectcache.check_project(Path("cdc.yaml"))
    assert _hit(Path("cdc.yaml"))
    second = projectcache.check_project(Path("cdc.yaml"))
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
    assert projectcache.check_project(path).project is not None
    assert _hit(path)

    included = project / "requirements" / "rappel.yaml"
    included.write_text(included.read_text(encoding="utf-8") + "\n# note\n", encoding="utf-8")
    assert not _hit(path)
    projectcache.check_project(path)
    assert not _hit(path)  # saved a moment ago: not trusted yet (see Dependencies.racy)
    settle(project)
    projectcache.check_project(path)
    assert _hit(path)

    (project / "requirements" / "zz-new.yaml").write_text("not: [valid\n", encoding="utf-8")
    assert not _hit(path)
    broken = projectcache.check_project(path)
    assert broken.project is None and any(f.rule == "SCH001" for f in broken.findings)
    (project / "requirements" / "zz-new.yaml").unlink()
    assert projectcache.check_project(path).project is not None

    (project / "clauses.yaml").write_text("clauses: [oops\n", encoding="utf-8")
    assert not _hit(path)

    with path.open("a", encoding="utf-8") as fh:
        fh.write("unknown_key: 1\n")
    checked = projectcache.check_project(path)
    assert checked.project is None
    assert any("unknown_key" in f.text() for f in checked.findings)


def test_off_corrupt_foreign_or_unwritable_cache_never_fails(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path, ROOT / "examples" / "contact-center")
    monkeypatch.chdir(project)
    path = Path("cdc.yaml")
    monkeypatch.setenv("CDC_NO_CACHE", "1")
    expected = projectcache.check_project(path)
    assert not cache.exists()
    monkeypatch.delenv("CDC_NO_CACHE")

    projectcache.check_project(path)
    (entry,) = _entries(cache)
    for garbage in (
        b"not a pickle",
        pickle.dumps({"cache": projectcache.CACHE_FORMAT, "deps": "garbage"}),
        pickle.dumps({"cache": projectcache.CACHE_FORMAT, "deps": {"files": {}, "globs": []}})
        + pickle.dumps("not a checked project"),
        entry.read_bytes()[:-50],  # truncated
    ):
        entry.write_bytes(garbage)
        assert projectcache.check_project(path) == expected

    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CDC_CACHE_DIR", str(blocker))
    assert projectcache.check_project(path) == expected


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


def test_a_file_saved_while_it_is_read_is_not_remembered(
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
    assert projectcache.check_project(Path("cdc.yaml")).project is not None
    monkeypatch.setattr(cdc.reading.project, "load_project", read)
    assert not _entries(cache)
    assert projectcache.check_project(Path("cdc.yaml")).project is None  # the save is seen


@pytest.fixture
def fingerprint() -> Iterator[None]:
    """Recompute cdc's code fingerprint around the test (it is computed once per process)."""
    cdc.cache.code_fingerprint.cache_clear()
    yield
    cdc.cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize("library", ["PyYAML", "pydantic", "pydantic_core"])
def test_another_library_version_is_a_miss(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fingerprint: None, library: str
) -> None:
    """A pickled model and its findings are only good for the libraries that produced them."""
    project = _copy(tmp_path, ROOT / "examples" / "saas-crm-en")
    monkeypatch.chdir(project)
    assert projectcache.check_project(Path("cdc.yaml")).project is not None
    assert _hit(Path("cdc.yaml"))
    installed = cdc.cache.library_versions()
    other = {**installed, library: "99.0.0"}
    monkeypatch.setattr(cdc.cache, "library_versions", lambda: other)
    cdc.cache.code_fingerprint.cache_clear()
    assert not _hit(Path("cdc.yaml"))
    monkeypatch.setattr(cdc.cache, "library_versions", lambda: installed)
    cdc.cache.code_fingerprint.cache_clear()
    assert _hit(Path("cdc.yaml"))  # back to the same libraries: a hit again
