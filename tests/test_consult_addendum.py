"""The addendum (FR/EN, every format), the grid's marked rows, and scoring a response to v1.0."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml

from cdc.grid.layout import grid_layout
from cdc.model import Project
from cdc.model.responses import AnsweredVersion, Response
from cdc.reading.project import load_project
from cdc.rendering.addendum import addendum_view
from cdc.rendering.templating import load_labels
from cdc.scoring import score_project
from cdc.scoring.changed_rows import changed_rows
from cdc.scoring.results import Scoring
from tests.conftest import ROOT, CliCall

EXAMPLE = ROOT / "examples" / "contact-center"
FLAGSHIP = EXAMPLE / "cdc.yaml"
V10 = EXAMPLE / "versions" / "cdc-v1.0.yaml"
CRM = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"
FORMATS = ("md", "html", "pdf", "docx")


def _load(path: Path) -> Project:
    project = load_project(path).project
    assert project is not None
    return project


def _texts(folder: Path) -> dict[str, str]:
    """The readable text of each format of the one addendum in ``folder``."""
    out: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        fmt = path.suffix[1:]
        if fmt == "md" or fmt == "html":
            out[fmt] = path.read_text(encoding="utf-8")
        elif fmt == "docx":
            document = docx.Document(io.BytesIO(path.read_bytes()))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            out[fmt] = "\n".join([p.text for p in document.paragraphs] + cells)
        elif fmt == "pdf":
            assert path.read_bytes().startswith(b"%PDF")
            if shutil.which("pdftotext"):
                done = subprocess.run(
                    ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
                )
                out[fmt] = " ".join(done.stdout.decode("utf-8").split())
    return out


def test_flagship_addendum_in_every_format(cli: CliCall, tmp_path: Path) -> None:
    run = cli(
        "render", str(FLAGSHIP), "--doc", "addendum", "-f", ",".join(FORMATS), "-o", str(tmp_path)
    )
    assert run.code == 0, run.err
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == [f"ondea-centre-contact-2027_additif_v1.1.{f}" for f in sorted(FORMATS)]
    texts = _texts(tmp_path)
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert "additif au cahier des charges" in flat.casefold(), fmt
        assert "INT-002" in flat and "INT-009" in flat, fmt
        assert "16 numéros actuels" in flat and "14 numéros actuels" in flat, fmt  # both wordings
        assert "22 mars 2027" in flat and "15 mars 2027" in flat, fmt  # the deadline moved
        assert "Offres déjà remises" in flat, fmt
        assert "Portabilité de 16 numéros" in flat, fmt  # the history entry's summary
    md = texts["md"]
    assert "«\u202f14\u202f» devient «\u202f16\u202f»" in md  # French no-break spaces
    assert (
        "**La date limite de remise des offres est reportée du 15 mars 2027 au 22 mars 2027.**"
        in md
    )
    assert "Méthode d'évaluation" not in md  # nothing changed there: no empty part


def _yamlable(value: Any) -> Any:
    """Model data as plain YAML values (Decimals as numbers, enums as their values)."""
    if isinstance(value, dict):
        return {str(_yamlable(k)): _yamlable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_yamlable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _english_history(tmp_path: Path) -> Path:
    """The English example with a version 1.1: one requirement reworded, one added, a weight
    changed and the deadline moved; version 1.0 kept beside it."""
    folder = tmp_path / "crm"
    (folder / "versions").mkdir(parents=True)
    text = CRM.read_text(encoding="utf-8")
    (folder / "versions" / "v1.0.yaml").write_text(text, encoding="utf-8")
    old = _load(CRM)
    assert old.planning is not None and old.evaluation is not None
    data = _yamlable(old.model_dump(mode="python", exclude_unset=True))
    info = data["project"]
    info["versions"] = [
        {
            "version": info["version"],
            "date": info["date"],
            "summary": "First issue.",
            "source": "versions/v1.0.yaml",
        },
        {
            "version": "2.0",
            "date": info["date"],
            "summary": "Wording of one requirement; a new one.",
        },
    ]
    info["version"] = "2.0"
    published = next(
        m["date"] for m in data["planning"]["milestones"] if m["kind"] == "publication"
    )
    info["date"] = info["versions"][1]["date"] = published + dt.timedelta(days=3)
    first = data["requirements"][0]
    first["text"] = first["text"] + " Amended in version 2.0."
    first["revision"] = "2.0"
    added = dict(data["requirements"][-1], id="NEW-001", title="A new requirement", revision="2.0")
    added["priority"] = "should"
    data["requirements"].append(added)
    moved = None
    for m in data["planning"]["milestones"]:
        if m["kind"] == "answers_due":
            m["date"] = m["date"] + dt.timedelta(days=7)
            moved = m["date"]
    data["evaluation"]["criteria"][0]["weight"] = int(old.evaluation.criteria[0].weight) + 5
    data["evaluation"]["criteria"][1]["weight"] = int(old.evaluation.criteria[1].weight) - 5
    (folder / "cdc.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    assert moved is not None
    return folder / "cdc.yaml"


def test_english_addendum_in_every_format(cli: CliCall, tmp_path: Path) -> None:
    project = _english_history(tmp_path)
    out = tmp_path / "out"
    run = cli("render", str(project), "--doc", "addendum", "-f", ",".join(FORMATS), "-o", str(out))
    assert run.code == 0, run.err
    texts = _texts(out)
    assert set(texts) >= {"md", "html", "docx"}
    first = _load(CRM).requirements[0].id
    due = _load(project).planning.milestones  # type: ignore[union-attr]
    day = next(m.date for m in due if m.kind.value == "answers_due")
    deadline = f"{day.day} {day.strftime('%B')} {day.year}"
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert "addendum to the specification" in flat.casefold(), fmt
        assert first in flat and "NEW-001" in flat, fmt
        assert "Evaluation method" in flat and "Weight changed" in flat, fmt
        assert deadline in flat, fmt
        assert "Responses already sent" in flat, fmt
    assert "“Amended in version 2.0.” added" in texts["md"]
    diff = cli("diff", str(project), "--format", "json")
    assert diff.code == 0, diff.err
    rules = [w["rule"] for w in json.loads(diff.out)["warnings"]]
    assert "VER001" in rules  # a weight changed after publication (the example is published)


def test_addendum_needs_a_previous_version(cli: CliCall, tmp_path: Path) -> None:
    run = cli("render", str(CRM), "--doc", "addendum", "-f", "md", "-o", str(tmp_path))
    assert run.code == 2 and "project.versions" in run.err
    run = cli("render", str(CRM), "--doc", "all", "-f", "md", "-o", str(tmp_path))
    assert run.code == 0, run.err
    assert not any("addendum" in p.name for p in tmp_path.iterdir())


# -- the response grid marks the changed rows -----------------------------------------------------
def test_grid_marks_exactly_the_rows_the_addendum_lists(cli: CliCall, tmp_path: Path) -> None:
    new = _load(FLAGSHIP)
    labels = load_labels("fr")
    layout = grid_layout(new, labels)
    marked = [line.requirement.id for line in layout.requirements if line.changed]
    assert marked == ["INT-002", "INT-009"]
    assert addendum_view(_load(V10), new).changed_rows == marked
    # Version 1.0 has no earlier version: nothing is marked.
    assert not any(line.changed for line in grid_layout(_load(V10), labels).requirements)
    run = cli("render", str(FLAGSHIP), "--doc", "grid", "-f", "xlsx", "-o", str(tmp_path))
    assert run.code == 0, run.err
    book = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))
    sheet = book.worksheets[1]
    noted = {
        row[0].value: row[0].comment.text for row in sheet.iter_rows(min_row=2) if row[0].comment
    }
    assert set(noted) == {"INT-002", "INT-009"}
    assert all("version 1.1" in text for text in noted.values())


def test_a_marked_grid_still_reads_back(cli: CliCall) -> None:
    """Alizé's grid (v1.1, with notes on its marked rows) is read and scored like any other."""
    path = EXAMPLE / "responses" / "alize-contact.xlsx"
    with zipfile.ZipFile(path) as package:
        assert any("comments" in n for n in package.namelist())
    run = cli("score", str(FLAGSHIP), str(path), "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert not [
        w
        for w in data["warning_details"]
        if w["code"] in ("other_version", "changed_rows", "changed_rows_decisive")
    ]


# -- scoring: a response to version 1.0 -----------------------------------------------------------
def test_score_names_the_older_response_and_its_changed_rows(cli: CliCall) -> None:
    run = cli(
        "score",
        str(FLAGSHIP),
        str(EXAMPLE / "responses"),
        "-e",
        str(EXAMPLE / "evaluations"),
        "-f",
        "json",
    )
    assert run.code == 0, run.err
    details = json.loads(run.out)["warning_details"]
    older = [w for w in details if w["code"] == "other_version"]
    assert [
        (Path(w["params"]["source"]).name, w["params"]["version"], w["params"]["changed"])
        for w in older
    ] == [("cumulus-voice.yaml", "1.0", ["INT-002", "INT-009"])]
    rows = [w for w in details if w["code"].startswith("changed_rows")]
    assert len(rows) == 1 and rows[0]["params"]["vendor"] == "Cumulus Voice"
    assert rows[0]["params"]["changed"] == ["INT-002", "INT-009"]
    # Cumulus is eliminated on SEC-004 whatever it answers to INT-002 and INT-009.
    assert rows[0]["code"] == "changed_rows"
    table = cli(
        "score", str(FLAGSHIP), str(EXAMPLE / "responses"), "-e", str(EXAMPLE / "evaluations")
    )
    words = " ".join(table.out.split() + table.err.split())
    assert "Cumulus Voice did not answer the current text of INT-002, INT-009" in words
    assert "the ranking does not depend on these rows" in words


def test_rows_the_ranking_depends_on() -> None:
    """Had Boréal answered version 1.0 too, the ranking would hang on INT-002, a must-have:
    "not compliant" with its new wording eliminates Boréal."""
    project, older = _load(FLAGSHIP), _load(V10)
    from cdc.grid.fingerprint import requirement_hashes
    from cdc.reading.responses.read import read_response

    responses = [
        (read_response(EXAMPLE / "responses" / name, project), name)
        for name in ("alize-contact.xlsx", "boreal-cx.yaml", "cumulus-voice.yaml")
    ]
    boreal = responses[1][0]
    assert boreal.project is not None
    assert changed_rows(boreal, Scoring.prepare(project)) == []
    stale = boreal.project.model_copy(
        update={"version": "1.0", "requirements": requirement_hashes(older)}
    )
    responses[1] = (boreal.model_copy(update={"project": stale}), "boreal-cx.yaml")
    assert changed_rows(responses[1][0], Scoring.prepare(project)) == ["INT-002", "INT-009"]
    report = score_project(project, responses, [])
    codes = {
        (m.code, m.params["vendor"]) for m in report.warnings if m.code.startswith("changed_rows")
    }
    assert codes == {("changed_rows", "Cumulus Voice"), ("changed_rows_decisive", "Boréal CX")}


def test_no_hashes_no_changed_rows() -> None:
    project = _load(FLAGSHIP)
    response = Response(vendor="X", project=AnsweredVersion(id="p", version="1.0"))
    assert changed_rows(response, Scoring.prepare(project)) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_changed_rows_phrases_exist(lang: str) -> None:
    phrases = load_labels(lang)["score"]["phrase"]
    assert "{changed}" in phrases["changed_rows"] and "{vendor}" in phrases["changed_rows_decisive"]
