"""The evaluation method a response was made under: recorded, compared, named when it changed.

Changing the criteria weights after the bids came in (60/30 → 40/50 on the flagship) must be
said, precisely, by ``cdc score``. The grid stores the method (hash and canonical JSON) in its
hidden sheet; a vendor can edit it, so it is only a claim: it triggers a warning, never a
different score.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from cdc.core.errors import InputError
from cdc.grid.fingerprint import method_hash, method_payload, method_text, text_hash
from cdc.model import Project
from cdc.model.enums import CriterionKind, PriceMethod, TieBreak
from cdc.model.evaluation import Criterion
from cdc.reading.project import load_project
from cdc.reading.responses.xlsx_reader import read_grid
from cdc.rendering.xlsx import HIDDEN_SHEET
from cdc.scoring import score_project
from cdc.scoring.messages import english
from cdc.scoring.method_change import method_changes, method_warning
from tests.conftest import ROOT, CliCall

sys.path.insert(0, str(ROOT / "scripts"))

from gridfill import fill_grid
from make_example_responses import PRICES, answer_for

EXAMPLE = ROOT / "examples" / "contact-center"
VENDOR = "Alizé Contact"


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(EXAMPLE / "cdc.yaml")
    assert loaded.project is not None
    return loaded.project


@pytest.fixture(scope="module")
def grid(project: Project) -> bytes:
    answers = {
        r.id: answer_for(VENDOR, project, r.id)
        for r in project.requirements
        if r.response.value in ("compliance", "yes_no")
    }
    return fill_grid(project, VENDOR, answers, PRICES[VENDOR])


def reweighted(project: Project, weights: dict[str, int]) -> Project:
    """The project with some top-level criteria weighing otherwise."""
    assert project.evaluation is not None
    criteria = [
        c.model_copy(update={"weight": Decimal(weights[c.id])}) if c.id in weights else c
        for c in project.evaluation.criteria
    ]
    evaluation = project.evaluation.model_copy(update={"criteria": criteria})
    return project.model_copy(update={"evaluation": evaluation})


def _meta_row(wb: Any, key: str) -> int:
    ws = wb[HIDDEN_SHEET]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == "meta" and ws.cell(row, 2).value == key:
            return row
    raise AssertionError(f"no meta {key}")


def test_the_grid_records_the_method_it_was_made_under(
    grid: bytes, project: Project, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(grid))
    row = _meta_row(wb, "method_hash")
    ws = wb[HIDDEN_SHEET]
    assert ws.cell(row, 3).value == method_hash(project)
    assert json.loads(ws.cell(row, 4).value) == method_payload(project)
    response = read_grid(_save(grid, tmp_path / "g.xlsx"), project)
    assert response.project is not None
    assert response.project.method_hash == method_hash(project)
    assert method_warning(response, "g.xlsx", project) is None


def _save(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def test_a_weight_change_after_the_bids_is_named(
    grid: bytes, project: Project, tmp_path: Path
) -> None:
    response = read_grid(_save(grid, tmp_path / "g.xlsx"), project)
    changed = reweighted(project, {"valeur-technique": 40, "prix": 50})
    warning = method_warning(response, "g.xlsx", changed)
    assert warning is not None and warning.code == "method_changed"
    assert english(warning) == (
        "g.xlsx: the evaluation method changed since version 1.1 was answered: weight of "
        "criterion valeur-technique changed from 60 to 40; weight of criterion prix changed "
        "from 30 to 50"
    )


def test_settings_criteria_added_and_removed_are_named(project: Project) -> None:
    before = method_payload(project)
    ev = project.evaluation
    assert ev is not None and ev.price is not None
    criteria = [c for c in ev.criteria if c.id != "service-accompagnement"]
    criteria.append(
        Criterion(id="rse", title="RSE", weight=Decimal(10), kind=CriterionKind.judgement)
    )
    changed = ev.model_copy(
        update={
            "price": ev.price.model_copy(update={"method": PriceMethod.linear_min_max}),
            "min_technical_score": Decimal(60),
            "tie_break": [TieBreak.technical],
            "criteria": criteria,
        }
    )
    changes = method_changes(
        before, method_payload(project.model_copy(update={"evaluation": changed}))
    )
    assert ("added", "rse", "", "10") in changes
    assert ("removed", "service-accompagnement", "10", "") in changes
    assert ("setting", "price.method", "proportional", "linear_min_max") in changes
    assert ("setting", "min_technical_score", "55", "60") in changes
    assert ("setting", "tie_break", "technical, price, committee", "technical") in changes


def test_cdc_score_warns_that_the_weights_changed(
    cli: CliCall, grid: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out", "responses"))
    (folder / "responses").mkdir()
    (folder / "responses" / "alize.xlsx").write_bytes(grid)
    path = folder / "cdc.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      title: Valeur technique\n      weight: 60",
        "      title: Valeur technique\n      weight: 40",
        1,
    )
    text = text.replace(
        "      title: Prix\n      weight: 30", "      title: Prix\n      weight: 50", 1
    )
    path.write_text(text, encoding="utf-8")
    run = cli("score", str(path), str(folder / "responses"), "--format", "json")
    assert run.code == 0, run.err
    warnings = json.loads(run.out)["warnings"]
    assert any(
        "weight of criterion valeur-technique changed from 60 to 40" in w
        and "weight of criterion prix changed from 30 to 50" in w
        for w in warnings
    ), warnings
    table = cli("score", str(path), str(folder / "responses"))
    assert "the evaluation method changed since version 1.1" in " ".join(table.out.split())


def test_the_recorded_method_is_only_a_claim(grid: bytes, project: Project, tmp_path: Path) -> None:
    honest = read_grid(_save(grid, tmp_path / "honest.xlsx"), project)
    # A vendor rewrites the recorded method (price weighing 90) and its hash, carelessly: the
    # payload does not match its hash: the hidden sheet was edited, refused with the cell.
    wb = openpyxl.load_workbook(io.BytesIO(grid))
    row = _meta_row(wb, "method_hash")
    payload = json.loads(wb[HIDDEN_SHEET].cell(row, 4).value)
    next(c for c in payload["criteria"] if c["id"] == "prix")["weight"] = "90"
    wb[HIDDEN_SHEET].cell(row, 4).value = json.dumps(payload)
    wb[HIDDEN_SHEET].cell(row, 3).value = "0" * 64
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    with pytest.raises(InputError, match=f"cell D{row}: the method record does not match"):
        read_grid(edited, project)
    # Editing the payload alone, under today's hash: not what cdc wrote, refused too.
    wb[HIDDEN_SHEET].cell(row, 3).value = method_hash(project)
    wb.save(edited)
    with pytest.raises(InputError, match=f"cell D{row}: the method record is not the one"):
        read_grid(edited, project)
    a = score_project(project, [(honest, "a")], [])
    # A consistent forgery (hash and payload of another method) names changes, no more.
    other = reweighted(project, {"prix": 90})
    wb[HIDDEN_SHEET].cell(row, 3).value = method_hash(other)
    wb[HIDDEN_SHEET].cell(row, 4).value = method_text(other)
    wb.save(edited)
    forged = read_grid(edited, project)
    assert forged.project is not None
    assert text_hash(forged.project.method or "") == forged.project.method_hash
    warning = method_warning(forged, "edited.xlsx", project)
    assert warning is not None and warning.params["changes"][0][0] == "weight"
    assert score_project(project, [(forged, "a")], []).vendors[0].total == a.vendors[0].total


def test_a_yaml_response_may_record_the_method(cli: CliCall, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out", "responses"))
    (folder / "responses").mkdir()
    project = load_project(folder / "cdc.yaml").project
    assert project is not None
    source = (EXAMPLE / "responses" / "boreal-cx.yaml").read_text(encoding="utf-8")
    older = reweighted(project, {"valeur-technique": 70, "prix": 20})
    data = yaml.safe_load(source)
    # The example may already record the method it answered: the older method replaces it.
    data["project"]["method_hash"] = method_hash(older)
    data["project"]["method"] = method_text(older)
    (folder / "responses" / "boreal.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    run = cli("score", str(folder / "cdc.yaml"), str(folder / "responses"), "--format", "json")
    assert run.code == 0, run.err
    warnings = json.loads(run.out)["warnings"]
    assert any("weight of criterion prix changed from 20 to 30" in w for w in warnings), warnings
