"""Issue 18 items 1–3: CCAG-TIC derogations, the DPIA screen, the art. 28 checklist line by line."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.contract.catalogue import builtin_catalogue
from cdc.contract.checklist import contract_checklist
from cdc.contract.derogations import CCAG_DEFAULTS, derogations, stale_declarations
from cdc.contract.gdpr import LineState, dpia_screen
from cdc.model import Project
from cdc.model.enums import Art35Case, CcagSetting, CnilDpiaType
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.templating import load_labels
from cdc.rendering.writers.markdown import to_markdown
from tests.conftest import ROOT, CliCall
from tests.test_contract import FLAGSHIP, example, make

#: The project of the issue: divisor 3000, a 15 % cap, no exemption, a tacit VA, 6 months.
ISSUE_CONTRACT: dict[str, Any] = {
    "types": ["licence"],
    "frame": "ccag_tic_2021",
    "penalties": {"delay": {"divisor": 3000, "cap": 15, "exemption_threshold": 0}},
    "acceptance": {"phases": [{"kind": "va", "tacit": True}]},
    "warranty_months": 6,
    "derogations": [{"setting": "penalty_cap", "reason": "Déploiement critique."}],
}


def _text(project: Project, kind: str) -> str:
    return html.unescape(to_markdown(DocumentBuilder(project).build(kind)))


# -- item 1: derogations ------------------------------------------------------------------------
def test_issue_project_gets_its_derogations_computed() -> None:
    found = {d.setting: d for d in derogations(make({"contract": ISSUE_CONTRACT}))}
    assert set(found) == {
        CcagSetting.penalty_divisor,
        CcagSetting.penalty_cap,
        CcagSetting.penalty_exemption,
        CcagSetting.va_tacit,
        CcagSetting.warranty_months,
    }
    divisor = found[CcagSetting.penalty_divisor]
    assert (divisor.default, divisor.value, divisor.article) == (Decimal(1000), 3000, "art. 14")
    assert divisor.path == ("contract", "penalties", "delay", "divisor") and not divisor.declared
    cap = found[CcagSetting.penalty_cap]
    assert cap.declared and cap.reason == "Déploiement critique." and cap.article == "art. 14.1.2"
    assert found[CcagSetting.warranty_months].article == "art. 36"


def test_no_derogation_outside_the_ccag_or_at_the_defaults() -> None:
    other = {**ISSUE_CONTRACT, "frame": "none"}
    assert derogations(make({"contract": other})) == ()
    assert stale_declarations(make({"contract": other})) == [(0, CcagSetting.penalty_cap)]
    assert derogations(example(FLAGSHIP)) == ()
    defaults = {
        "frame": "ccag_tic_2021",
        "penalties": {"delay": {"divisor": 1000, "cap": 10, "exemption_threshold": 1000}},
        "acceptance": {"phases": [{"kind": "vsr", "duration_days": 30, "tacit": True}]},
        "warranty_months": 12,
    }
    assert derogations(make({"contract": defaults})) == ()
    # A VSR phase whose silence is not admission departs from the CCAG (and the spec says so).
    no_tacit = {**defaults, "acceptance": {"phases": [{"kind": "vsr"}]}}
    assert [d.setting for d in derogations(make({"contract": no_tacit}))] == [
        CcagSetting.vsr_tacit
    ]


@settings(max_examples=60, deadline=None)
@given(
    divisor=st.integers(min_value=1, max_value=100_000),
    cap=st.integers(min_value=0, max_value=100),
    warranty=st.integers(min_value=0, max_value=120),
)
def test_a_setting_is_a_derogation_exactly_when_it_differs(
    divisor: int, cap: int, warranty: int
) -> None:
    contract = {
        "frame": "ccag_tic_2021",
        "penalties": {"delay": {"divisor": divisor, "cap": cap}},
        "warranty_months": warranty,
    }
    found = {d.setting for d in derogations(make({"contract": contract}))}
    for setting, value in (
        (CcagSetting.penalty_divisor, divisor),
        (CcagSetting.penalty_cap, cap),
        (CcagSetting.warranty_months, warranty),
    ):
        assert (setting in found) == (value != CCAG_DEFAULTS[setting].default)


def test_derogations_are_the_last_article_of_the_annex_and_in_the_checklist() -> None:
    project = make({"contract": ISSUE_CONTRACT})
    spec = _text(project, "spec")
    heading = re.search(r"^## \d+ Annexe contractuelle$", spec, re.MULTILINE)
    assert heading is not None
    start = heading.start()
    annex = spec[start : spec.index("\n## ", start)]
    titles = [line for line in annex.splitlines() if line.startswith("### ")]
    assert "dérogations au CCAG-TIC 2021" in titles[-1]
    article = annex[annex.index(titles[-1]) :]
    assert "| Diviseur de la formule des pénalités de retard | art. 14 | 1\u202f000 | **3\u202f000** |" in article
    assert "Déploiement critique." in article
    assert article.count("Non déclarée comme voulue") == 4
    checklist = _text(project, "checklist")
    assert "Dérogations au CCAG-TIC 2021" in checklist and "**6 mois**" in checklist
    english = _text(make({"contract": ISSUE_CONTRACT}, lang="en"), "checklist")
    assert "| Warranty period | art. 36 | 12 months | **6 months** |" in english


def test_lint_warns_on_each_undeclared_derogation_at_its_line(tmp_path: Path, cli: CliCall) -> None:
    case = ROOT / "tests" / "cases" / "negative" / "con014-undeclared-ccag-derogation"
    text = (case / "cdc.yaml").read_text(encoding="utf-8")
    (tmp_path / "cdc.yaml").write_text(text, encoding="utf-8")
    run = cli("lint", "cdc.yaml", cwd=tmp_path)
    lines = text.splitlines()
    found = [line for line in run.out.splitlines() if " CON014 " in line]
    assert len(found) == 4
    for finding in found:
        number = int(finding.split(":")[1])
        setting = finding.split(" CON014 ")[1].split()[0]
        key = {"penalty_divisor": "divisor:", "penalty_exemption": "exemption_threshold:"}.get(
            setting, "tacit:" if setting == "va_tacit" else "warranty_months:"
        )
        assert key in lines[number - 1], finding
    declared = text.replace("  derogations:\n", "  derogations:\n" + "".join(
        f"    - setting: {s}\n"
        for s in ("penalty_divisor", "penalty_exemption", "va_tacit", "warranty_months")
    ))
    (tmp_path / "cdc.yaml").write_text(declared, encoding="utf-8")
    assert " CON014 " not in cli("lint", "cdc.yaml", cwd=tmp_path).out


# -- item 2: DPIA screen ------------------------------------------------------------------------
def test_cnil_catalogue_matches_the_ids_projects_give() -> None:
    types = builtin_catalogue().cnil_types
    assert [t.id for t in types] == list(CnilDpiaType)
    assert [t.number for t in types] == list(range(1, 15))


def test_bad_cnil_id_is_a_located_error_with_a_hint(tmp_path: Path, cli: CliCall) -> None:
    pd = {
        "processed_by_vendor": False,
        "dpia": {"cnil_types": ["employee_monitoring", "employe_monitorin"], "planned": True},
    }
    project = make().model_dump(mode="json", exclude_defaults=True)
    project["personal_data"] = pd
    (tmp_path / "cdc.yaml").write_text(yaml.safe_dump(project, sort_keys=False), "utf-8")
    run = cli("lint", "cdc.yaml", cwd=tmp_path)
    assert run.code == 1
    errors = [line for line in run.out.splitlines() if " SCH004 " in line]
    assert len(errors) == 1 and "cnil_types[#2]" in errors[0]
    assert "did you mean 'employee_monitoring'?" in errors[0]
    line = int(errors[0].split(":")[1])
    assert "employe_monitorin" in (tmp_path / "cdc.yaml").read_text("utf-8").splitlines()[line - 1]


def _screen(dpia: dict[str, Any], lang: str = "fr", **pd: Any) -> Any:
    project = make({"personal_data": {"processed_by_vendor": True, **pd, "dpia": dpia}}, lang)
    screen = dpia_screen(project, builtin_catalogue(), load_labels(lang))
    assert screen is not None
    return screen


def test_conclusion_says_required_for_a_cnil_type_and_mandatory_for_art35() -> None:
    cnil = _screen({"cnil_types": ["employee_monitoring"], "planned": True})
    assert cnil.basis == "cnil" and "est requise" in cnil.conclusion_text
    assert "en principe" not in cnil.conclusion_text
    assert cnil.cnil_declared[0].endswith("(type n° 4 de la liste)")
    art35 = _screen({"art35_cases": ["public_monitoring"]}, lang="en")
    assert art35.basis == "art35" and "mandatory" in art35.conclusion_text
    assert "35(3)(c)" in art35.conclusion_text
    criteria = _screen({"criteria": ["large_scale", "evaluation_scoring"]})
    assert criteria.basis == "criteria" and "en principe" in criteria.conclusion_text


def test_art35_cases_are_screened_separately() -> None:
    screen = _screen(
        {"criteria": ["large_scale", "evaluation_scoring", "automated_decision"]},
        special_categories=["Santé"],
        special_categories_basis="Art. 9(2)(h).",
    )
    lines = {line.case: line for line in screen.art35}
    assert list(lines) == list(Art35Case)
    assert lines[Art35Case.systematic_evaluation].suggested
    assert lines[Art35Case.large_scale_special].suggested
    assert not lines[Art35Case.public_monitoring].suggested
    assert not any(line.declared for line in screen.art35)


def test_flagship_declares_a_real_cnil_type_and_wp248_is_labelled() -> None:
    pd = example(FLAGSHIP).personal_data
    assert pd is not None and pd.dpia is not None
    assert pd.dpia.cnil_types == [CnilDpiaType.employee_monitoring]
    text = _text(example(FLAGSHIP), "gdpr")
    assert "WP248 rév.01 du groupe de travail" in text and "Article 29" in text
    assert "Les trois cas de l'article 35(3)" in text
    assert "Une analyse d'impact (AIPD) est requise avant la mise en œuvre" in text


# -- item 3: art. 28 line by line ---------------------------------------------------------------
DESCRIBED = {
    "processed_by_vendor": True,
    "subject_matter": "Hébergement",
    "duration": "Durée du marché",
    "nature": "Stockage",
    "purposes": ["Relation client"],
    "data_categories": ["Identité"],
    "data_subjects": ["Clients"],
}


def _lines(
    extra: dict[str, Any], lang: str = "fr", parts: dict[str, Any] | None = None
) -> dict[str, Any]:
    project = make({"personal_data": {**DESCRIBED, **extra}, **(parts or {})}, lang)
    checklist = contract_checklist(project, builtin_catalogue(), load_labels(lang))
    return {line.id: line for line in checklist.gdpr.lines}


def test_description_needs_the_controllers_obligations_and_rights() -> None:
    assert _lines({})["description"].state is LineState.check
    line = _lines({"controller_rights": "Instructions écrites ; audits."})["description"]
    assert line.state is LineState.stated and "Instructions écrites" in (line.detail or "")
    description = next(i for i in builtin_catalogue().gdpr if i.id == "description")
    assert "obligations and rights of the controller" in description.guidance.get("en")


def test_security_lines_need_the_measures_not_a_framework() -> None:
    framework = {"technical": {"security": {"frameworks": ["iso27001"]}}}
    named = _lines({}, parts=framework)
    assert named["security_measures"].state is LineState.check
    assert named["security_article"].state is LineState.check
    assert "ISO" in named["security_measures"].says
    assert _lines({})["security_measures"].state is LineState.contract
    annex = {"security_measures": {"annex": "Annexe 3", "measures": ["Chiffrement au repos"]}}
    given_ = _lines(annex, parts=framework)
    for key in ("security_measures", "security_article"):
        assert given_[key].state is LineState.stated
        assert "Chiffrement au repos" in (given_[key].detail or "")


def test_new_lines_and_the_law_exception() -> None:
    lines = _lines({}, lang="en")
    assert lines["processor_as_controller"].reference == "art. 28(10)"
    assert lines["authority_cooperation"].reference == "art. 31"
    assert "unless required by Union or Member State law" in lines["instructions"].guidance


def test_lint_warns_on_a_framework_without_measures(cli: CliCall) -> None:
    case = ROOT / "tests" / "cases" / "negative" / "gdp012-security-framework-without-measures"
    run = cli("lint", "cdc.yaml", cwd=case)
    assert any(" GDP012 " in line for line in run.out.splitlines())
    assert " GDP012 " not in cli("lint", str(FLAGSHIP)).out


def test_con014_says_what_to_write_and_marks_unchecked_defaults(tmp_path: Path) -> None:
    """The message gives the entry to add; a VSR default (not in cdc's reference notes) is
    marked for counsel, a penalty default (art. 14, in the notes) is not."""
    from cdc.linting import lint_loaded
    from cdc.reading.project import load_project

    contract = {
        "types": ["licence"],
        "frame": "ccag_tic_2021",
        "penalties": {"delay": {"divisor": 3000}},
        "acceptance": {"phases": [{"kind": "vsr", "decision_days": 15}]},
    }
    info = {"id": "p", "title": "T", "version": "1", "date": "2027-01-01"}
    data = {"project": {**info, "buyer": {"name": "A"}, "contact": {"name": "C"}}}
    path = tmp_path / "cdc.yaml"
    path.write_text(yaml.safe_dump({**data, "contract": contract}), encoding="utf-8")
    found = {
        f.subject: f.message for f in lint_loaded(load_project(path)) if f.rule == "CON014"
    }
    assert "{setting: vsr_decision_days, reason: ...}" in found["vsr_decision_days"]
    assert "to be checked by counsel" in found["vsr_decision_days"]
    assert "to be checked by counsel" not in found["penalty_divisor"]
