"""Item-7 additions: existing contracts that outlast go-live (PLA004), COBIT 2019 as a framework,
and the disputes clause's reference marked for counsel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdc.contract.catalogue import builtin_catalogue
from cdc.linting import lint_loaded
from cdc.model import Project
from cdc.model.enums import SecurityFramework
from cdc.reading.project import load_project
from cdc.rendering.templating import load_labels


def _lint(
    tmp_path: Path, tools: list[dict[str, Any]], milestones: list[dict[str, Any]]
) -> list[str]:
    import yaml

    data = {
        "project": {
            "id": "p",
            "title": "T",
            "version": "1",
            "date": "2027-01-01",
            "buyer": {"name": "A"},
            "contact": {"name": "C"},
        },
        "existing": {"tools": tools},
        "planning": {"milestones": milestones},
    }
    path = tmp_path / "cdc.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return [f.message for f in lint_loaded(load_project(path)) if f.rule == "PLA004"]


def test_the_earliest_go_live_is_the_one_that_counts(tmp_path: Path) -> None:
    milestones = [
        {"kind": "go_live", "date": "2027-12-01"},
        {"kind": "go_live", "date": "2027-10-01"},
    ]
    tools = [{"name": "Old", "contract_end": "2027-11-01"}]  # kept unknown: flagged
    (message,) = _lint(tmp_path, tools, milestones)
    assert "'Old' ends on 2027-11-01, after go-live (2027-10-01)" in message


def test_kept_tools_planned_ends_and_no_go_live_are_silent(tmp_path: Path) -> None:
    go_live = [{"kind": "go_live", "date": "2027-10-01"}]
    kept = {"name": "CRM", "contract_end": "2029-01-01", "kept": True}
    assert _lint(tmp_path, [kept], go_live) == []
    planned = {"name": "Old", "contract_end": "2028-01-01", "termination": "Non reconduit."}
    assert _lint(tmp_path, [planned], go_live) == []
    assert _lint(tmp_path, [{"name": "Old", "contract_end": "2028-01-01"}], []) == []


def test_cobit_2019_is_an_optional_framework_with_labels() -> None:
    project = Project.model_validate(
        {
            "project": {
                "id": "p",
                "title": "T",
                "version": "1",
                "date": "2027-01-01",
                "buyer": {"name": "A"},
                "contact": {"name": "C"},
            },
            "technical": {"security": {"frameworks": ["iso27001", "cobit2019"]}},
        }
    )
    assert project.technical and project.technical.security
    assert SecurityFramework.cobit2019 in project.technical.security.frameworks
    for lang in ("fr", "en"):
        assert "COBIT 2019" in load_labels(lang)["security_framework"]["cobit2019"]


def test_the_disputes_clause_names_the_ccag_article_to_check() -> None:
    clause = builtin_catalogue().clauses["disputes"]
    assert "vérifier par un conseil" in clause.reference.get("fr")
    assert "checked by counsel" in clause.reference.get("en")
    assert "forclusion" in clause.guidance.get("fr") and "foreclosure" in clause.guidance.get("en")


def test_an_agile_contract_requires_the_agile_clause() -> None:
    from cdc.contract.evaluate import Need, applicable_clauses

    def need(method: str) -> Need | None:
        project = Project.model_validate(
            {
                "project": {
                    "id": "p",
                    "title": "T",
                    "version": "1",
                    "date": "2027-01-01",
                    "buyer": {"name": "A"},
                    "contact": {"name": "C"},
                },
                "contract": {"types": ["integration"], "method": method},
            }
        )
        found = [
            item.need
            for item in applicable_clauses(project, builtin_catalogue())
            if item.clause.id == "agile_delivery"
        ]
        return found[0] if found else None

    assert need("agile") is Need.required
    assert need("classic") is None
    clause = builtin_catalogue().clauses["agile_delivery"]
    assert "checked by counsel" in clause.reference.get("en")


def test_the_risk_register_follows_the_phases_and_the_facts() -> None:
    from cdc.contract.risks import phase_risks

    base: dict[str, Any] = {
        "project": {
            "id": "p",
            "title": "T",
            "version": "1",
            "date": "2027-01-01",
            "buyer": {"name": "A"},
            "contact": {"name": "C"},
        },
    }
    labels = load_labels("fr")
    plain = phase_risks(Project.model_validate(base), builtin_catalogue(), labels)
    assert [r.phase.value for r in plain] == sorted(
        (r.phase.value for r in plain), key=["design", "deployment", "operation"].index
    )
    assert {"study_ownership", "vendor_liability", "staff_confidentiality"} <= {r.id for r in plain}
    assert "call_recording_consultation" not in {r.id for r in plain}
    recorded = Project.model_validate(
        {**base, "personal_data": {"processed_by_vendor": True, "call_recording": True}}
    )
    lines = {r.id: r for r in phase_risks(recorded, builtin_catalogue(), labels)}
    assert lines["call_recording_consultation"].phase_label == "Déploiement"
    assert "vérifier par un conseil" in lines["feasibility"].reference


def test_every_risk_reference_outside_the_reference_notes_is_marked_for_counsel() -> None:
    """Only GDPR articles and Civil Code art. 1170 come from cdc's reference notes (domain.md):
    a risk that cites a French code article beyond them says it is to be checked by counsel."""
    for risk in builtin_catalogue().phase_risks:
        for lang, marker in (("fr", "vérifier par un conseil"), ("en", "checked by counsel")):
            ref = risk.reference.get(lang)
            if any(code in ref for code in ("Code", "CPI", "C. ", "CNIL")):
                assert marker in ref, (risk.id, ref)
