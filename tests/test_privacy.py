"""The buyer's own side of personal data: call-recording terms and duties towards customers.

The catalogue lines, the controller section of the GDPR checklist, the REC/CUS lint rules on
projects built for each case, and the ``cdc init`` suggestions that meet them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from cdc.contract.catalogue import builtin_catalogue
from cdc.contract.customer import controller_checklist
from cdc.contract.gdpr import LineState
from cdc.init.catalog import Lang, TemplateName
from cdc.init.generate import generate
from cdc.init.questions import resolve
from cdc.linting import lint_loaded
from cdc.model import Project
from cdc.model.privacy import CallRecording, CustomerDuty, DutyStatement
from cdc.reading.project import load_project
from cdc.rendering.templating import load_labels
from tests.conftest import ROOT, CliCall

ENGLISH = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"


def make(personal_data: dict[str, Any], requirements: list[str] | None = None) -> Project:
    """A small French project whose vendor processes personal data."""
    return Project.model_validate(
        {
            "project": {
                "id": "p",
                "title": "T",
                "version": "1",
                "date": "2027-01-01",
                "buyer": {"name": "Acheteur SA"},
                "contact": {"name": "C"},
            },
            "requirement_sections": [{"id": "s", "title": "S"}],
            "requirements": [
                {
                    "id": rid,
                    "section": "s",
                    "title": rid,
                    "text": "La solution fait X.",
                    "priority": "should",
                }
                for rid in requirements or ["FCT-001"]
            ],
            "personal_data": {"processed_by_vendor": True, **personal_data},
        }
    )


def rules(project: Project, tmp_path: Path) -> list[str]:
    """The REC/CUS findings of ``project`` written to a file and linted, as ``RULE message``."""
    import yaml

    path = tmp_path / "cdc.yaml"
    path.write_text(
        yaml.safe_dump(project.model_dump(mode="json", exclude_unset=True), allow_unicode=True),
        encoding="utf-8",
    )
    return [
        f"{f.rule} {f.message}"
        for f in lint_loaded(load_project(path))
        if f.rule[:3] in ("REC", "CUS")
    ]


ALL_DUTIES = {d.value: {"requirements": ["FCT-001"]} for d in CustomerDuty}
FULL_RECORDING = {
    "retention_months": 6,
    "evaluation_retention_months": 12,
    "private_calls": "Coupure à la demande du conseiller.",
    "staff_information": "Note aux conseillers ; CSE consulté.",
    "caller_information": "Message en début d'appel, droit d'opposition.",
}


# -- catalogue ----------------------------------------------------------------------------------
def test_catalogue_lines_match_the_model() -> None:
    library = builtin_catalogue()
    assert [item.id for item in library.customer_duties] == [d.value for d in CustomerDuty]
    terms = set(CallRecording.model_fields) - {"legal_basis"}
    assert {item.id for item in library.recording_terms} == terms
    for item in (*library.customer_duties, *library.recording_terms):
        assert item.title.fr and item.title.en and item.reference.fr and item.reference.en


def test_legal_statements_outside_the_reference_notes_say_so() -> None:
    """CNIL recording rules, CPCE L34-5 and the consumer code are marked for counsel."""
    library = builtin_catalogue()
    clause = library.clauses["call_recording"]
    for lang in ("fr", "en"):
        marker = "vérifier par un conseil" if lang == "fr" else "checked by counsel"
        assert marker in clause.reference.get(lang) and "CNIL" in clause.reference.get(lang)
        assert "6" in clause.guidance.get(lang) and "1 " in clause.guidance.get(lang)
        duties = {item.id: item for item in library.customer_duties}
        for duty in ("channel_preferences", "canvassing"):
            assert marker in duties[duty].reference.get(lang)
    assert "personal_data.recording" in clause.stated_by


def test_a_duty_names_requirements_or_says_how() -> None:
    with pytest.raises(ValidationError, match="name the requirements"):
        DutyStatement.model_validate({"how": "  "})
    assert DutyStatement.model_validate({"how": "Par le DPO."}).how


# -- lint ---------------------------------------------------------------------------------------
def test_recorded_calls_without_terms_warn_and_full_terms_are_clean(tmp_path: Path) -> None:
    bare = make({"call_recording": True, "customer": {"duties": ALL_DUTIES}})
    found = rules(bare, tmp_path)
    assert [f[:6] for f in found] == ["REC001", "REC004"]
    full = make(
        {"call_recording": True, "recording": FULL_RECORDING, "customer": {"duties": ALL_DUTIES}}
    )
    assert rules(full, tmp_path) == []


def test_recording_periods_and_systematic_recording(tmp_path: Path) -> None:
    long = {**FULL_RECORDING, "retention_months": 7, "evaluation_retention_months": 13}
    found = rules(
        make({"call_recording": True, "recording": long, "customer": {"duties": ALL_DUTIES}}),
        tmp_path,
    )
    assert sorted(found) == [
        "REC002 evaluation_retention_months is 13 months: the CNIL recommends 12 at most",
        "REC002 retention_months is 7 months: the CNIL recommends 6 at most",
    ]
    systematic = {**FULL_RECORDING, "systematic": True}
    pd = {"call_recording": True, "recording": systematic, "customer": {"duties": ALL_DUTIES}}
    assert [f[:6] for f in rules(make(pd), tmp_path)] == ["REC003"]
    pd["recording"] = {**systematic, "legal_basis": "Texte X qui impose l'enregistrement."}
    assert rules(make(pd), tmp_path) == []


def test_terms_are_not_asked_when_calls_are_not_recorded(tmp_path: Path) -> None:
    assert rules(make({"customer": {"duties": ALL_DUTIES}}), tmp_path) == []


def test_each_missing_group_of_duties_has_its_rule(tmp_path: Path) -> None:
    assert [f[:6] for f in rules(make({}), tmp_path)] == ["CUS001", "CUS002", "CUS003", "CUS004"]
    some = {k: v for k, v in ALL_DUTIES.items() if k not in ("erasure", "need_to_know")}
    found = rules(make({"customer": {"duties": some}}), tmp_path)
    assert [f[:6] for f in found] == ["CUS001", "CUS004"]
    assert "erasure" in found[0] and "need_to_know" in found[1]


def test_canvassing_asks_for_the_opposition_list(tmp_path: Path) -> None:
    without = {k: v for k, v in ALL_DUTIES.items() if k != "canvassing"}
    assert rules(make({"customer": {"duties": without}}), tmp_path) == []
    found = rules(make({"customer": {"canvassing": True, "duties": without}}), tmp_path)
    assert [f[:6] for f in found] == ["CUS005"]
    screened = {"canvassing": True, "duties": ALL_DUTIES}
    assert rules(make({"customer": screened}), tmp_path) == []


def test_a_duty_met_by_an_unknown_requirement_is_an_error(tmp_path: Path) -> None:
    duties = {**ALL_DUTIES, "access": {"requirements": ["FCT-001", "FCT-404"]}}
    assert rules(make({"customer": {"duties": duties}}), tmp_path) == [
        "CUS006 access: no requirement FCT-404"
    ]


def test_no_personal_data_no_duty(tmp_path: Path) -> None:
    project = make({"processed_by_vendor": False})
    assert rules(project, tmp_path) == []


# -- the GDPR checklist -------------------------------------------------------------------------
def test_controller_checklist_states_each_line() -> None:
    project = make(
        {
            "call_recording": True,
            "recording": {**FULL_RECORDING, "retention_months": 9},
            "customer": {"duties": {"access": {"requirements": ["FCT-001"]}}},
        }
    )
    c = controller_checklist(project, builtin_catalogue(), load_labels("fr"))
    states = {line.id: line.state for line in c.duties}
    assert states["access"] is LineState.stated and states["erasure"] is LineState.missing
    assert states["canvassing"] is LineState.stated  # no canvassing declared
    recording = {line.id: (line.state, line.says) for line in c.recording}
    assert recording["retention_months"] == (
        LineState.check,
        "9 mois : au-delà des 6 mois recommandés par la CNIL.",
    )
    assert recording["systematic"][0] is LineState.stated
    assert c.missing == len(CustomerDuty) - 2  # every duty but access and canvassing
    none = controller_checklist(make({"processed_by_vendor": False}), builtin_catalogue(), {})
    assert not none.applies and none.duties == ()


def test_the_gdpr_document_prints_the_controller_section(cli: CliCall, tmp_path: Path) -> None:
    run = cli("render", str(ENGLISH), "--format", "md", "-o", str(tmp_path), "--doc", "gdpr")
    assert run.code == 0, run.err
    (doc,) = tmp_path.glob("*.md")
    text = doc.read_text(encoding="utf-8")
    assert "The buyer's duties towards its customers" in text
    assert "French Consumer Code art. L223-1 and following (to be checked by counsel)" in text
    assert "| Stated |" in text


# -- cdc init -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("template", list(TemplateName))
def test_init_suggests_the_requirements_that_meet_the_duties(
    tmp_path: Path, template: TemplateName, lang: str
) -> None:
    answers = resolve(None, template=template, language=Lang(lang), today=dt.date(2027, 1, 4))
    path = tmp_path / "cdc.yaml"
    path.write_text(generate(answers), encoding="utf-8")
    loaded = load_project(path)
    assert loaded.project is not None
    prefix = "RGPD" if lang == "fr" else "GDPR"
    ids = {r.id for r in loaded.project.requirements}
    assert {f"{prefix}-00{i}" for i in range(1, 6)} <= ids
    assert not [f.rule for f in lint_loaded(loaded) if f.rule[:3] in ("REC", "CUS")]
    pd = loaded.project.personal_data
    assert pd is not None and pd.customer is not None
    if pd.call_recording:  # the contact-centre template records calls: the CNIL's terms
        assert pd.recording is not None and pd.recording.retention_months == 6


def test_the_benchmark_project_states_its_duties_and_lints_clean(
    cli: CliCall, tmp_path: Path
) -> None:
    """benchmarks/generate.py promises a lint-clean project: with personal data processed, it
    says where each duty towards customers is met (no CUS001–CUS004 noise in the benchmarks)."""
    from benchmarks.generate import main as generate

    project = generate(["--requirements", "40", "--vendors", "0", "--output", str(tmp_path)])
    run = cli("lint", str(project))
    assert run.code == 0 and "warning" not in run.out, run.out
