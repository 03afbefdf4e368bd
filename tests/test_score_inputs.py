"""Reading responses: XLSX grids (as filled, and re-saved by LibreOffice), YAML, and errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cdc.core.errors import InputError
from cdc.model import Project
from cdc.reading.project import load_project
from cdc.reading.responses.read import read_inputs, version_warning
from cdc.reading.responses.xlsx_reader import read_grid
from cdc.scoring import score_project
from cdc.scoring.report import to_data
from tests.conftest import ROOT, CliCall, settle

EXAMPLE = ROOT / "examples" / "contact-center"
GRID = EXAMPLE / "responses" / "alize-contact.xlsx"
RESAVED = ROOT / "tests" / "fixtures" / "alize-contact.libreoffice.xlsx"


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(EXAMPLE / "cdc.yaml")
    assert loaded.project is not None
    return loaded.project


def test_the_filled_grid_reads_back(project: Project) -> None:
    response = read_grid(GRID, project)
    assert response.vendor == "Alizé Contact"
    assert len(response.answers) == len(project.requirements)
    assert {a.compliance for a in response.answers} <= {
        "standard",
        "parametrage",
        "developpement",
        "roadmap",
        "yes",
        None,
    }
    assert len(response.prices) == 6
    assert response.project is not None
    assert version_warning(response, str(GRID), project) is None


def test_a_grid_resaved_by_libreoffice_reads_and_scores_the_same(project: Project) -> None:
    original = read_grid(GRID, project)
    resaved = read_grid(RESAVED, project)
    assert resaved == original
    notes = read_inputs(project, [EXAMPLE / "responses"], [EXAMPLE / "evaluations"]).notes
    a = to_data(score_project(project, [(original, "a")], notes))
    b = to_data(score_project(project, [(resaved, "a")], notes))
    assert a["ranking"][0]["total"] == b["ranking"][0]["total"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_live_libreoffice_round_trip(project: Project, tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(GRID),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    assert read_grid(tmp_path / "out" / GRID.name, project) == read_grid(GRID, project)


def test_rows_are_matched_by_id_not_position(project: Project, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(GRID)
    ws = wb["Exigences"]
    # Swap two data rows entirely, as a vendor sorting the sheet would.
    for col in range(1, ws.max_column + 1):
        top, other = ws.cell(row=2, column=col), ws.cell(row=5, column=col)
        top.value, other.value = other.value, top.value
    target = tmp_path / "sorted.xlsx"
    wb.save(target)
    before = {a.id: a for a in read_grid(GRID, project).answers}
    after = {a.id: a for a in read_grid(target, project).answers}
    assert before == after


def _broken(tmp_path: Path, change: str) -> Path:
    wb = openpyxl.load_workbook(GRID)
    ws = wb["Exigences"]
    if change == "unknown-value":
        ws["G3"] = "Presque"
    elif change == "text-for-number":
        ws["J4"] = "beaucoup"
    elif change == "bad-id":
        ws["A6"] = "XXX-999"
    elif change == "missing-sheet":
        del wb["Prix"]
    elif change == "no-hidden-sheet":
        del wb["cdc"]
    target = tmp_path / f"{change}.xlsx"
    wb.save(target)
    return target


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ("unknown-value", "sheet 'Exigences', cell G3: "),
        ("text-for-number", "sheet 'Exigences', cell J4: "),
        ("bad-id", "cell A6: unknown requirement id 'XXX-999'"),
        ("missing-sheet", "sheet 'Prix' is missing"),
        ("no-hidden-sheet", "no hidden 'cdc' sheet"),
    ],
)
def test_broken_grids_fail_with_file_sheet_and_cell(
    project: Project, tmp_path: Path, change: str, fragment: str
) -> None:
    with pytest.raises(InputError, match=None) as info:
        read_grid(_broken(tmp_path, change), project)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"not a zip at all", "not an XLSX workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
        (b"PK\x03\x04" + b"\x00" * 50, "not an XLSX workbook"),
        (None, "cannot read the workbook"),
    ],
)
def test_non_xlsx_encrypted_and_corrupt_files(
    project: Project, tmp_path: Path, content: bytes | None, fragment: str
) -> None:
    path = tmp_path / "r.xlsx"
    if content is None:  # a real zip, but not a workbook (a corrupt or foreign package)
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a workbook")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_grid(path, project)
    assert fragment in str(info.value)


def test_cli_scores_the_flagship(cli: CliCall) -> None:
    run = cli(
        "score",
        str(EXAMPLE / "cdc.yaml"),
        str(EXAMPLE / "responses"),
        "--evaluations",
        str(EXAMPLE / "evaluations"),
        "--format",
        "json",
    )
    assert run.code == 0, run.err
    import json

    data = json.loads(run.out)
    names = [v["vendor"] for v in data["ranking"]]
    assert set(names) == {"Alizé Contact", "Boréal CX", "Cumulus Voice"}
    cumulus = next(v for v in data["ranking"] if v["vendor"] == "Cumulus Voice")
    assert cumulus["eliminated"] and "SEC-004" in cumulus["elimination_reasons"][0]


def test_a_response_to_an_older_version_is_flagged(cli: CliCall, tmp_path: Path) -> None:
    project_dir = tmp_path / "p"
    shutil.copytree(EXAMPLE, project_dir, ignore=shutil.ignore_patterns("out"))
    path = project_dir / "cdc.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'version: "1.1"\n  date', 'version: "1.2"\n  date', 1
    )
    text = text.replace(
        "title: Plan d'assurance sécurité", "title: Plan d'assurance sécurité (PAS)", 1
    )
    path.write_text(text, encoding="utf-8")
    run = cli("score", str(path), str(project_dir / "responses"), "--format", "json")
    assert run.code == 0, run.err
    import json

    warnings = json.loads(run.out)["warnings"]
    assert any("answered version 1.1" in w and "SEC-004" in w for w in warnings)


def test_bad_yaml_response_is_located(cli: CliCall, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "vendor: X\nanswers:\n  - id: OMN-001\n    compliance: presque\n", encoding="utf-8"
    )
    run = cli("score", str(EXAMPLE / "cdc.yaml"), str(bad))
    assert run.code == 1
    assert f"{bad}:4:17: error SCO001 OMN-001: unknown compliance value 'presque'" in run.err
    assert "Traceback" not in run.err


def test_score_usage_errors(cli: CliCall, tmp_path: Path) -> None:
    assert cli("score", str(EXAMPLE / "cdc.yaml"), str(tmp_path / "none")).code == 2
    run = cli("score", str(EXAMPLE / "cdc.yaml"), str(EXAMPLE / "responses"), "--format", "pdf")
    assert run.code == 2 and "--output" in run.err


def _read_with_jobs(
    monkeypatch: pytest.MonkeyPatch, project: Project, folder: Path, jobs: int
) -> object:
    """What read_inputs gives (its inputs, or its error text) with ``jobs`` reading processes."""
    monkeypatch.setenv("CDC_JOBS", str(jobs))
    try:
        inputs = read_inputs(project, [folder], [])
    except InputError as exc:
        return str(exc)
    return [(r.model_dump(), source) for r, source in inputs.responses], inputs.warnings


def test_reading_on_several_cores_gives_what_one_core_gives(
    monkeypatch: pytest.MonkeyPatch, project: Project, tmp_path: Path
) -> None:
    from cdc.reading.responses import read

    good = tmp_path / "good"
    shutil.copytree(EXAMPLE / "responses", good)
    for name in ("boreal-cx", "cumulus-voice"):  # two more vendors: the pool is used
        text = (good / f"{name}.yaml").read_text(encoding="utf-8")
        (good / f"{name}-2.yaml").write_text(
            text.replace("vendor: ", "vendor: Copie de ", 1), encoding="utf-8"
        )
    assert len(list(good.iterdir())) >= read.PARALLEL_FROM
    serial = _read_with_jobs(monkeypatch, project, good, 1)
    assert isinstance(serial, tuple) and len(serial[0]) == 5
    assert _read_with_jobs(monkeypatch, project, good, 2) == serial

    bad = tmp_path / "bad"
    shutil.copytree(good, bad)
    shutil.copy(RESAVED, bad / "zz-resaved.xlsx")  # a vendor who answered twice
    (bad / "a-broken.xlsx").write_bytes(b"not a zip at all")
    (bad / "b-bad.yaml").write_text(
        "vendor: X\nanswers:\n  - id: OMN-001\n    compliance: presque\n", encoding="utf-8"
    )
    serial_error = _read_with_jobs(monkeypatch, project, bad, 1)
    assert isinstance(serial_error, str)
    assert "not an XLSX workbook" in serial_error and "unknown compliance value" in serial_error
    assert "vendor 'Alizé Contact' already answered" in serial_error
    assert _read_with_jobs(monkeypatch, project, bad, 2) == serial_error


def test_cdc_jobs_must_be_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdc.core.errors import UsageError
    from cdc.reading.responses.read import jobs

    monkeypatch.setenv("CDC_JOBS", "3")
    assert jobs() == 3
    monkeypatch.setenv("CDC_JOBS", "0")
    assert jobs() == 1
    monkeypatch.setenv("CDC_JOBS", "many")
    with pytest.raises(UsageError, match="CDC_JOBS"):
        jobs()


def test_unchanged_responses_are_not_read_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch, project: Project, tmp_path: Path
) -> None:
    """A re-score serves every unchanged file's outcome, good or bad, and reads the rest."""
    from cdc import api
    from cdc.reading.responses import read

    folder = tmp_path / "responses"
    shutil.copytree(EXAMPLE / "responses", folder)
    shutil.copy(RESAVED, folder / "zz-resaved.xlsx")  # a vendor who answered twice: an error
    (folder / "b-bad.yaml").write_text(
        "vendor: X\nanswers:\n  - id: OMN-001\n    compliance: presque\n", encoding="utf-8"
    )
    settle(folder)
    files = read.expand([folder], read.RESPONSE_SUFFIXES)
    first = api.read_responses(files, project)
    fresh = read.read_files(files, project)
    assert [(r and r.model_dump(), f, e) for r, f, e in first] == [
        (r and r.model_dump(), f, e) for r, f, e in fresh
    ]
    assert any(found for _, found, _ in first)  # b-bad.yaml's located finding is remembered
    assert len(list((cache / "responses").glob("*.pickle"))) == len(files)

    reads: list[Path] = []
    real = read.read_files

    def counting(paths: list[Path], project: Project) -> list[read.Outcome]:
        reads.extend(paths)
        return real(paths, project)

    monkeypatch.setattr(read, "read_files", counting)
    assert api.read_responses(files, project) == first
    assert reads == []

    changed = folder / "boreal-cx.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# note\n", encoding="utf-8")
    again = api.read_responses(files, project)
    assert reads == [changed] and again == first
    api.read_responses(files, project)
    assert reads == [changed, changed]  # saved a moment ago: not remembered yet
    settle(folder)
    api.read_responses(files, project)
    api.read_responses(files, project)
    assert reads == [changed] * 3

    other = project.model_copy(update={"glossary": []})  # another project: everything again
    api.read_responses(files, other)
    assert len(reads) == 3 + len(files)


def test_a_new_process_finds_what_the_last_one_read(cache: Path, tmp_path: Path) -> None:
    """Keys must not depend on the process (string hashing differs from one run to the next)."""
    import os
    import sys

    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out"))
    settle(folder)
    entries = cache / "responses"

    def score(seed: str) -> dict[str, int]:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-m", "cdc", "score", "cdc.yaml", "responses", "--format", "json"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return {p.name: p.stat().st_ino for p in entries.glob("*.pickle")}

    first = score("1")
    assert len(first) == len(list((folder / "responses").iterdir()))
    assert score("2") == first  # every file served, none written again
