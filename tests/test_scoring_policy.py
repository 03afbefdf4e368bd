"""A blank never beats an honest 'not compliant', the rule applied is in every report, and a
response meant for another project is refused.

Issue 13, section 2: a must-have left blank (or its row deleted) used to rank first, listed
only under missing answers; a YAML response carrying another project's id was scored silently.
"""

from __future__ import annotations

import csv
import html
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdc.model import Project
from cdc.model.responses import Response
from cdc.scoring import score_project
from cdc.scoring.engine import excluded_blanks
from cdc.scoring.messages import Message, english
from tests.conftest import ROOT, CliCall
from tests.test_scoring import by_name, project, response

FLAGSHIP = ROOT / "examples" / "contact-center"
BOREAL = FLAGSHIP / "responses" / "boreal-cx.yaml"
ALIZE = FLAGSHIP / "responses" / "alize-contact.xlsx"
PROJECT_ID = "ondea-centre-contact-2027"
SEC_004 = (
    "- id: SEC-004\n  compliance: roadmap\n  roadmap_date: '2028-03-31'\n"
    "  comment: Prévu dans la version de printemps 2028.\n"
)

#: What each policy is called in the documents (French flagship) and in English outputs.
WORDS = {
    "eliminate": (
        "une exigence impérative sans réponse (vide, absente ou hors de l'échelle) écarte",
        "a must-have left unanswered eliminates",
    ),
    "zero": (
        "une exigence impérative sans réponse vaut zéro point",
        "a must-have left unanswered scores zero",
    ),
}


# -- the engine -------------------------------------------------------------------------------
def test_a_blank_must_have_eliminates_with_its_own_reason() -> None:
    honest = response("Honest", ["no", "full", "full"], 100)
    blank = response("Blank", [None, "full", "full"], 100)
    report = score_project(project(), [honest, blank], [])
    v = by_name(report)
    assert v["Blank"].eliminated and v["Honest"].eliminated
    assert v["Blank"].rank is None
    assert v["Blank"].elimination_reasons == [Message("no_answer", {"id": "R-001", "title": "One"})]
    assert english(v["Blank"].elimination_reasons[0]) == (
        "R-001 (One): no answer to a must-have requirement"
    )
    assert english(v["Honest"].elimination_reasons[0]) == (
        "R-001 (One) answered 'no' on a must-have requirement"
    )
    assert v["Blank"].missing == ["R-001"]


def test_a_value_outside_the_scale_counts_as_no_answer() -> None:
    """The readers refuse an unknown value before scoring; the engine still never scores it
    as better than 'not compliant'."""
    odd = Response.model_validate(
        {"vendor": "Odd", "answers": [{"id": "R-001", "compliance": "maybe"}], "prices": []}
    )
    (result,) = score_project(project(), [(odd, "odd.yaml")], []).vendors
    assert result.eliminated
    assert [m.code for m in result.elimination_reasons] == ["no_answer"]


def test_missing_must_zero_keeps_the_old_behaviour() -> None:
    blank = response("Blank", [None, "full", "full"], 100)
    other = response("Other", ["full", "full", "full"], 100)
    v = by_name(score_project(project(missing_must="zero"), [blank, other], []))
    assert not v["Blank"].eliminated and v["Blank"].rank == 2
    assert v["Blank"].missing == ["R-001"]
    # must 3 × 0 + should 2 × 1 + could 1 × 1, over 6: the blank must-have scores zero
    assert v["Blank"].criteria["func"].note == Decimal(3) / Decimal(6)


def test_a_must_have_is_never_excluded_and_excluded_blanks_are_flagged() -> None:
    blank = response("Blank", [None, None, "full"], 100)
    scored = score_project(project(missing_must="zero", missing_answers="exclude"), [blank], [])
    (v,) = scored.vendors
    # the should-have is left out (exclude), the must-have is not: (3 × 0 + 1 × 1) / 4
    assert v.criteria["func"].note == Decimal(1) / Decimal(4)
    warning = Message("blank_excluded", {"vendor": "Blank", "blanks": ["R-002"]})
    assert warning in scored.warnings
    assert excluded_blanks(scored.scoring, v) == warning
    # with missing_answers: zero nothing is excluded, nothing is flagged
    zero = score_project(project(missing_must="zero"), [blank], [])
    assert not [m for m in zero.warnings if m.code == "blank_excluded"]


ANSWERS = st.sampled_from(["full", "partial", "no", None])


@given(
    answers=st.lists(ANSWERS, min_size=3, max_size=3),
    index=st.integers(0, 2),
    must_eliminates=st.booleans(),
    missing_must=st.sampled_from(["eliminate", "zero"]),
)
def test_a_blank_never_does_better_than_not_compliant(
    answers: list[str | None], index: int, must_eliminates: bool, missing_must: str
) -> None:
    """Under every policy pair that EVA010 does not warn about (missing_answers zero, and no
    'blank must-have kept while not compliant eliminates'), leaving one answer blank never
    gives a better standing or a higher total than answering 'not compliant'."""
    if must_eliminates and missing_must == "zero":
        missing_must = "eliminate"
    p = project(must_eliminates=must_eliminates, missing_must=missing_must)
    rival = response("Rival", ["partial"] * 3, 120)

    def standing(value: str | None) -> tuple[bool, Decimal]:
        given_answers = list(answers)
        given_answers[index] = value
        report = score_project(p, [response("V", given_answers, 100), rival], [])
        v = by_name(report)["V"]
        return v.competing, v.total

    blank, honest = standing(None), standing("no")
    assert blank[0] <= honest[0]
    if blank[0] == honest[0]:
        assert blank[1] <= honest[1]


# -- the command line -------------------------------------------------------------------------
def _flagship(tmp_path: Path, policy: str | None = None) -> Path:
    """A copy of the flagship project, its ``missing_must`` set to ``policy`` (if given)."""
    folder = tmp_path / "project"
    shutil.copytree(FLAGSHIP, folder, ignore=shutil.ignore_patterns("out", "responses"))
    if policy is not None:
        path = folder / "cdc.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count("  missing_must: eliminate\n") == 1
        path.write_text(text.replace("missing_must: eliminate", f"missing_must: {policy}"))
    return folder / "cdc.yaml"


def _responses(tmp_path: Path, boreal: str) -> Path:
    folder = tmp_path / "responses"
    folder.mkdir()
    shutil.copy(FLAGSHIP / "responses" / "cumulus-voice.yaml", folder)
    (folder / "boreal-cx.yaml").write_text(boreal, encoding="utf-8")
    return folder


def _boreal(replacement: str) -> str:
    text = BOREAL.read_text(encoding="utf-8")
    assert text.count(SEC_004) == 1
    return text.replace(SEC_004, replacement)


def _json(cli: CliCall, *args: str) -> dict[str, Any]:
    run = cli("score", *args, "--format", "json")
    assert run.code == 0, run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


@pytest.mark.parametrize(
    "replacement",
    ["", "- id: SEC-004\n", "- id: SEC-004\n  comment: Voir l'annexe.\n"],
    ids=["row deleted", "answer blank", "comment only"],
)
def test_a_yaml_response_without_a_must_have_answer_is_eliminated(
    cli: CliCall, tmp_path: Path, replacement: str
) -> None:
    responses = _responses(tmp_path, _boreal(replacement))
    data = _json(cli, str(FLAGSHIP / "cdc.yaml"), str(responses))
    boreal = next(v for v in data["ranking"] if v["vendor"] == "Boréal CX")
    assert boreal["eliminated"] and boreal["rank"] is None
    assert boreal["elimination_details"] == [
        {"code": "no_answer", "params": {"id": "SEC-004", "title": "Plan d'assurance sécurité"}}
    ]
    assert boreal["elimination_reasons"] == [
        "SEC-004 (Plan d'assurance sécurité): no answer to a must-have requirement"
    ]
    assert boreal["missing_answers"] == ["SEC-004"]
    assert data["method"]["missing_must"] == "eliminate"


def test_a_grid_with_a_blank_must_have_is_eliminated(cli: CliCall, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(ALIZE)
    ws = wb["Exigences"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "SEC-004")
    assert ws.cell(row, 5).value == "Impératif"
    ws.cell(row, 7).value = None
    target = tmp_path / "alize.xlsx"
    wb.save(target)
    data = _json(cli, str(FLAGSHIP / "cdc.yaml"), str(target))
    (alize,) = data["ranking"]
    assert alize["eliminated"]
    assert [d["code"] for d in alize["elimination_details"]] == ["no_answer"]


@pytest.mark.parametrize("policy", ["eliminate", "zero"])
def test_every_report_says_which_rule_applied(cli: CliCall, tmp_path: Path, policy: str) -> None:
    french, english_words = WORDS[policy]
    project_file = str(_flagship(tmp_path, policy))
    responses = str(_responses(tmp_path, _boreal("- id: SEC-004\n")))
    args = ["score", project_file, responses]
    run = cli(*args)
    assert run.code == 0, run.err
    assert f"rules: a must-have answered 'not compliant' eliminates; {english_words}" in run.out
    data = _json(cli, project_file, responses)
    assert data["method"]["missing_must"] == policy
    assert english_words in data["method"]["rules"]
    boreal = next(v for v in data["ranking"] if v["vendor"] == "Boréal CX")
    assert boreal["eliminated"] is (policy == "eliminate")
    run = cli(*args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert rows and all(english_words in row["rules"] for row in rows)
    assert next(r for r in rows if r["vendor"] == "Boréal CX")["missing_answers"] == "SEC-004"
    for fmt in ("md", "html"):
        target = tmp_path / f"report.{fmt}"
        run = cli(*args, "--format", fmt, "--output", str(target))
        assert run.code == 0, run.err
        text = html.unescape(target.read_text(encoding="utf-8"))
        assert french in text.lower(), fmt
    target = tmp_path / "report.xlsx"
    assert cli(*args, "--format", "xlsx", "--output", str(target)).code == 0
    wb = openpyxl.load_workbook(target)
    values = [
        str(cell.value).lower()
        for cell in wb[wb.sheetnames[-1]]._cells.values()
        if cell.value is not None
    ]
    assert any(french in value for value in values)


def test_the_published_spec_states_the_rule(cli: CliCall, tmp_path: Path) -> None:
    project_file = _flagship(tmp_path, "zero")
    out = tmp_path / "out"
    run = cli("render", str(project_file), "--doc", "spec", "--format", "md", "-o", str(out))
    assert run.code == 0, run.err
    spec = next(out.glob("*.md")).read_text(encoding="utf-8").lower()
    assert WORDS["zero"][0] in spec


def test_lint_warns_when_a_blank_can_beat_not_compliant(cli: CliCall, tmp_path: Path) -> None:
    run = cli("lint", str(_flagship(tmp_path, "zero")))
    assert run.code == 0
    assert "warning EVA010 a must-have left unanswered scores zero" in run.out


# -- responses meant for another project ------------------------------------------------------
def test_a_yaml_response_to_another_project_is_refused(cli: CliCall, tmp_path: Path) -> None:
    text = BOREAL.read_text(encoding="utf-8")
    assert f"\n  id: {PROJECT_ID}\n" in text
    folder = _responses(tmp_path, text.replace(f"\n  id: {PROJECT_ID}\n", "\n  id: autre-2026\n"))
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert (
        f"{folder / 'boreal-cx.yaml'}:4:7: error SCO001 this response answers project "
        f"'autre-2026', not this project '{PROJECT_ID}': refused"
    ) in run.err
    # no project block: scored, with the "no version" warning, as before
    unsaid = text.split("\nproject:\n", 1)
    body = unsaid[1].split("\nanswers:\n", 1)[1]
    (folder / "boreal-cx.yaml").write_text(unsaid[0] + "\nanswers:\n" + body, encoding="utf-8")
    data = _json(cli, str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert "no_version" in [w["code"] for w in data["warning_details"]]
    # this project at a version cdc does not know: scored, flagged
    older = text.replace("  version: '1.0'\n", "  version: '0.9'\n", 1).replace(
        "  hash: 37a9", "  hash: 0000", 1
    )
    (folder / "boreal-cx.yaml").write_text(older, encoding="utf-8")
    data = _json(cli, str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert "other_version" in [w["code"] for w in data["warning_details"]]


def test_a_grid_for_another_project_is_refused(cli: CliCall, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(ALIZE)
    ws = wb["cdc"]
    row = next(
        r
        for r in range(1, ws.max_row + 1)
        if (ws.cell(r, 1).value, ws.cell(r, 2).value) == ("meta", "project_id")
    )
    ws.cell(row, 3).value = "autre-2026"
    target = tmp_path / "alize.xlsx"
    wb.save(target)
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(target))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert str(target) in run.err and "'autre-2026'" in run.err and f"'{PROJECT_ID}'" in run.err


def test_projects_without_the_field_default_to_elimination() -> None:
    evaluation = project().evaluation
    assert evaluation is not None
    assert evaluation.missing_must.value == "eliminate"
    data = Project.model_json_schema()
    field = data["$defs"]["Evaluation"]["properties"]["missing_must"]
    assert field["default"] == "eliminate" and field["description"]
