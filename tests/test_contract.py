"""The clause library, which clauses a project needs, the checklists and their documents."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cdc.contract.catalogue import (
    ORG_CATALOGUE_ENV,
    Fact,
    Level,
    builtin_catalogue,
    load_catalogue,
)
from cdc.contract.checklist import contract_checklist
from cdc.contract.evaluate import Need, applicable_clauses, project_facts
from cdc.contract.gdpr import LineState, dpia_screen
from cdc.core.errors import InputError
from cdc.model import Project
from cdc.model.enums import ClauseStatus, ContractType
from cdc.reading.project import load_project
from cdc.rendering.api import applicable_documents
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.templating import load_labels
from cdc.rendering.tree import Document
from cdc.rendering.writers.html import to_html
from cdc.rendering.writers.markdown import to_markdown
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center" / "cdc.yaml"
ENGLISH = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"

#: domain.md §3, column by column: ● core (C), ○ optional (O), blank (absent).
#: Columns: licence, maintenance/TMA, SaaS/hosting, integration.
DOMAIN_TABLE = {
    "scope": "CCCC",
    "sla": "OCCO",
    "delay_penalties": "OCOC",
    "acceptance": "OOOC",
    "warranty": "COOC",
    "ip": "CCCC",
    "escrow": "OOOO",  # licence: ● only if critical, so optional with a trigger
    "reversibility": "OCCO",
    "liability": "CCCC",
    "confidentiality": "CCCC",
    "insurance": "OCCC",
    "subcontracting": "OCCC",
    "security": "OCCC",
    "gdpr_dpa": "OCCC",
    "data_location": " OCO",
    "change_control": "OCOC",
    "governance": " CCC",
    "term": "CCCC",
    "price": "CCCC",
    "disputes": "CCCC",
}
COLUMNS = (
    (ContractType.licence,),
    (ContractType.maintenance, ContractType.tma),
    (ContractType.saas,),
    (ContractType.integration,),
)
GDPR_REFERENCES = [
    "art. 28(1)",
    "art. 28(2)",
    *(f"art. 28(3)({letter})" for letter in "abcdefgh"),
    "art. 28(4)",
    "art. 32",
    "art. 33(2)",
    "art. 30(2)",
    "art. 44–49",
]


@cache
def example(path: Path) -> Project:
    loaded = load_project(path)
    assert loaded.project is not None
    return loaded.project


@cache
def built(path: Path, kind: str) -> Document:
    return DocumentBuilder(example(path), project_root=path.parent).build(kind)


def make(extra: dict[str, Any] | None = None, lang: str = "fr") -> Project:
    data: dict[str, Any] = {
        "project": {
            "id": "p",
            "title": "T",
            "version": "1",
            "date": "2027-01-01",
            "language": lang,
            "buyer": {"name": "Acheteur SA"},
            "contact": {"name": "C"},
        }
    }
    data.update(extra or {})
    return Project.model_validate(data)


# -- the catalogue ----------------------------------------------------------------------------
def test_builtin_catalogue_is_bilingual_and_referenced() -> None:
    library = builtin_catalogue()
    assert library.version
    for clause in library.clauses.values():
        for text in (clause.title, clause.guidance, clause.reference):
            assert text.fr and text.en, clause.id
    for item in library.gdpr:
        assert item.reference.fr and item.reference.en and item.title.fr and item.title.en
    assert len(library.cnil_types) == 14


@pytest.mark.parametrize("clause_id", sorted(DOMAIN_TABLE))
def test_catalogue_follows_the_domain_table(clause_id: str) -> None:
    clause = builtin_catalogue().clauses[clause_id]
    for cell, types in zip(DOMAIN_TABLE[clause_id], COLUMNS, strict=True):
        expected = {"C": Level.core, "O": Level.optional, " ": None}[cell]
        for t in types:
            assert clause.types.get(t) == expected, (clause_id, t)


def test_gdpr_checklist_carries_every_required_reference() -> None:
    references = [item.reference.en for item in builtin_catalogue().gdpr]
    for wanted in GDPR_REFERENCES:
        assert wanted in references


def test_project_and_organisation_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "version: org-3\n"
        "clauses:\n"
        "  - id: anti_corruption\n"
        "    title: {fr: Lutte contre la corruption, en: Anti-corruption}\n"
        "    reference: Loi n° 2016-1691\n"
        "    required: true\n"
        "  - id: liability\n"
        "    guidance: {fr: Plafond d'au moins deux ans de redevances.}\n",
        encoding="utf-8",
    )
    project_dir = tmp_path / "projet"
    project_dir.mkdir()
    (project_dir / "clauses.yaml").write_text(
        "clauses:\n  - id: anti_corruption\n    types: {saas: core}\n", encoding="utf-8"
    )
    monkeypatch.setenv(ORG_CATALOGUE_ENV, str(org))
    library = load_catalogue(project_dir)
    assert library.version == f"{builtin_catalogue().version} + org-3"
    liability = library.clauses["liability"]
    assert liability.guidance.fr == "Plafond d'au moins deux ans de redevances."
    assert liability.guidance.en == builtin_catalogue().clauses["liability"].guidance.en
    added = library.clauses["anti_corruption"]
    assert added.required and added.types == {ContractType.saas: Level.core}
    assert added.reference.get("en") == "Loi n° 2016-1691"
    assert library.origins["anti_corruption"] == str(project_dir / "clauses.yaml")
    assert library.origins["scope"] == "cdc"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("clauses:\n  - id: x\n    titel: {fr: X}\n", "clauses.0.titel"),
        ("clauses:\n  - id: brand_new\n", "needs a title"),
        ("clauses:\n  - id: x\n    title: {}\n", "fr, en or both"),
        ("clauses:\n  - id: scope\n    types: {leasing: core}\n", "clauses.0.types"),
        ("clauses: [\n", "clauses.yaml"),
    ],
)
def test_bad_user_catalogue_is_an_input_error(tmp_path: Path, content: str, fragment: str) -> None:
    (tmp_path / "clauses.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogue(tmp_path)
    assert fragment in str(caught.value)


def test_missing_organisation_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ORG_CATALOGUE_ENV, str(tmp_path / "nope.yaml"))
    with pytest.raises(InputError, match=ORG_CATALOGUE_ENV):
        load_catalogue(None)


# -- which clauses apply ----------------------------------------------------------------------
def test_licence_clauses_and_statuses() -> None:
    project = make(
        {
            "contract": {
                "types": ["licence"],
                "clauses": [
                    {"id": "scope", "status": "included"},
                    {"id": "reversibility", "status": "negotiated", "comment": "Export CSV."},
                    {"id": "change_control", "status": "waived", "reason": "Produit standard."},
                ],
            }
        }
    )
    items = {a.clause.id: a for a in applicable_clauses(project, builtin_catalogue())}
    required = {i for i, a in items.items() if a.need is Need.required}
    assert required == {
        "scope",
        "warranty",
        "ip",
        "liability",
        "confidentiality",
        "term",
        "price",
        "disputes",
    }
    assert items["scope"].status is ClauseStatus.included
    assert items["warranty"].status is ClauseStatus.todo and items["warranty"].state is None
    assert items["reversibility"].need is Need.optional
    assert items["change_control"].status is ClauseStatus.waived
    assert "data_location" not in items  # not expected for a licence, no fact calls for it


def test_facts_make_clauses_required() -> None:
    project = make(
        {
            "project": {
                "id": "p",
                "title": "T",
                "version": "1",
                "date": "2027-01-01",
                "procurement": "public",
                "buyer": {"name": "B"},
                "contact": {"name": "C"},
            },
            "contract": {"types": ["licence"], "frame": "ccag_tic_2021"},
            "personal_data": {
                "processed_by_vendor": True,
                "call_recording": True,
                "transfers": [{"country": "US", "mechanism": "scc"}],
            },
        }
    )
    facts = project_facts(project)
    assert facts >= {
        Fact.personal_data,
        Fact.call_recording,
        Fact.outside_eea,
        Fact.public_procurement,
        Fact.ccag_tic,
    }
    items = {a.clause.id: a for a in applicable_clauses(project, builtin_catalogue())}
    for clause_id, fact in [
        ("gdpr_dpa", Fact.personal_data),
        ("data_location", Fact.outside_eea),
        ("call_recording", Fact.call_recording),
        ("contract_documents", Fact.public_procurement),
        ("ccag_derogations", Fact.ccag_tic),
    ]:
        assert items[clause_id].need is Need.required
        assert fact in items[clause_id].facts


def test_hosting_outside_the_eea_is_a_fact() -> None:
    project = make({"technical": {"hosting": {"countries": ["FR", "US"]}}})
    assert Fact.outside_eea in project_facts(project)
    project = make({"technical": {"hosting": {"countries": ["FR", "NO", "DE"]}}})
    assert Fact.outside_eea not in project_facts(project)


# -- the checklists' content ------------------------------------------------------------------
def test_flagship_checklist_content() -> None:
    checklist = contract_checklist(example(FLAGSHIP), builtin_catalogue(), load_labels("fr"))
    assert checklist.todo_required == 0
    assert checklist.status_counts == {"todo": 0, "included": 21, "negotiated": 2, "waived": 0}
    assert checklist.delay is not None
    assert checklist.delay.cap_amount == 125000 and checklist.delay.days_to_cap == 100
    assert not checklist.credits_uncapped and not checklist.liability_excluded
    gdpr = checklist.gdpr
    assert gdpr.applies and gdpr.missing == 0
    assert [line.reference for line in gdpr.lines if line.reference in GDPR_REFERENCES] == [
        r for r in [line.reference for line in gdpr.lines] if r in GDPR_REFERENCES
    ]
    assert gdpr.dpia is not None and gdpr.dpia.conclusion == "required" and gdpr.dpia.planned


def test_gdpr_states_follow_the_project() -> None:
    project = make(
        {
            "personal_data": {
                "processed_by_vendor": True,
                "subject_matter": "Hébergement",
                "breach_notice_hours": 96,
                "sub_processors": {"authorisation": "general"},
                "transfers": [{"country": "Inde"}],
                "special_categories": ["Santé"],
            }
        }
    )
    lines = {
        line.id: line
        for line in contract_checklist(project, builtin_catalogue(), load_labels("fr")).gdpr.lines
    }
    assert lines["description"].state is LineState.missing
    assert "la durée" in lines["description"].says
    assert lines["breach_notice"].state is LineState.check
    assert lines["authorisation"].state is LineState.missing
    assert lines["transfers"].state is LineState.missing
    assert lines["special_categories"].state is LineState.missing
    assert lines["end_of_contract"].state is LineState.missing
    assert lines["data_subject_rights"].state is LineState.contract


def test_dpia_pre_screen_suggests_from_facts() -> None:
    project = make(
        {"personal_data": {"processed_by_vendor": True, "call_recording": True}}, lang="en"
    )
    screen = dpia_screen(project, builtin_catalogue(), load_labels("en"))
    assert screen is not None
    assert screen.conclusion == "not_indicated" and screen.met == 0
    assert "Systematic monitoring" in screen.to_check
    assert any("call recording" in t for t in screen.cnil_suggested)
    one = make(
        {"personal_data": {"processed_by_vendor": False, "dpia": {"criteria": ["large_scale"]}}}
    )
    screen = dpia_screen(one, builtin_catalogue(), load_labels("en"))
    assert screen is not None and screen.conclusion == "document"
    assert dpia_screen(make(), builtin_catalogue(), load_labels("en")) is None


# -- documents --------------------------------------------------------------------------------
def test_flagship_has_both_checklists() -> None:
    docs = applicable_documents(example(FLAGSHIP))
    assert "checklist" in docs and "gdpr" in docs


def _plain(text: str) -> str:
    """The documents' text with French typography's no-break spaces read as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("writer", [to_markdown, to_html], ids=["md", "html"])
def test_flagship_gdpr_document_carries_every_reference(writer: Any) -> None:
    text = _plain(html.unescape(writer(built(FLAGSHIP, "gdpr"))))
    for reference in GDPR_REFERENCES:
        assert reference in text, reference
    assert "Aide-mémoire à faire valider par un juriste" in text
    assert "Critères déclarés : 5 sur 9" in text


@pytest.mark.parametrize("writer", [to_markdown, to_html], ids=["md", "html"])
def test_flagship_checklist_carries_every_clause_and_reference(writer: Any) -> None:
    text = _plain(html.unescape(writer(built(FLAGSHIP, "checklist"))))
    checklist = contract_checklist(example(FLAGSHIP), builtin_catalogue(), load_labels("fr"))
    for line in checklist.required:
        assert line.title in text
        assert line.reference in text
    for word in ("Admission", "Ajournement", "Réfaction", "Rejet", "Registre des griefs"):
        assert word in text
    assert "Aide-mémoire à faire valider par un juriste" in text
    assert "125 000" in text  # the cap in money


def test_flagship_spec_has_the_contract_annex() -> None:
    text = to_markdown(built(FLAGSHIP, "spec"))
    assert "Annexe contractuelle" in text
    for reference in GDPR_REFERENCES:
        assert reference in text


def test_english_example_renders_in_english() -> None:
    for kind, words in [
        ("checklist", ["Clauses by contract type", "Required clauses", "Postponement"]),
        ("gdpr", ["Processing agreement: article 28", "To draft", "An aide-memoire"]),
    ]:
        text = to_markdown(built(ENGLISH, kind))
        for word in words:
            assert word in text, (kind, word)
        for french in ("Clauses requises", "À rédiger", "Aide-mémoire"):
            assert french not in text
    assert "Contract annex" in to_markdown(built(ENGLISH, "spec"))


def test_user_clause_shows_in_the_checklist(tmp_path: Path) -> None:
    (tmp_path / "clauses.yaml").write_text(
        "clauses:\n"
        "  - id: hotline\n"
        "    title: {fr: Assistance téléphonique en français}\n"
        "    reference: Politique achats 2026\n"
        "    types: {saas: core}\n",
        encoding="utf-8",
    )
    project = make({"contract": {"types": ["saas"]}})
    text = to_markdown(DocumentBuilder(project, project_root=tmp_path).build("checklist"))
    assert "Assistance téléphonique en français" in text
    assert "Politique achats 2026" in text


# -- lint with user catalogues ----------------------------------------------------------------
def _lint(tmp_path: Path, cli: CliCall, body: str) -> tuple[int, str]:
    (tmp_path / "cdc.yaml").write_text(
        "project:\n  id: p\n  title: T\n  version: '1'\n  date: 2027-01-01\n"
        "  buyer: {name: B}\n  contact: {name: C}\n" + body,
        encoding="utf-8",
    )
    run = cli("lint", "cdc.yaml", cwd=tmp_path)
    return run.code, run.out


def test_lint_knows_the_project_catalogue(tmp_path: Path, cli: CliCall) -> None:
    body = "contract:\n  clauses:\n    - {id: hotline, status: included}\n"
    code, out = _lint(tmp_path, cli, body)
    assert code == 1 and "CON002" in out
    (tmp_path / "clauses.yaml").write_text(
        "clauses:\n  - id: hotline\n    title: {en: Hotline}\n  - id: ethics\n"
        "    title: {en: Ethics}\n    required: true\n",
        encoding="utf-8",
    )
    code, out = _lint(tmp_path, cli, body)
    assert "CON002" not in out
    assert "warning CON005 clause 'ethics' (required by the clause catalogue)" in out


def test_lint_reports_a_broken_organisation_catalogue(
    tmp_path: Path, cli: CliCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ORG_CATALOGUE_ENV, str(tmp_path / "missing.yaml"))
    code, out = _lint(tmp_path, cli, "contract:\n  types: [licence]\n")
    assert code == 1 and "error CON001" in out and "missing.yaml" in out


def test_lint_list_rules_shows_contract_and_gdpr(cli: CliCall) -> None:
    out = cli("lint", "--list-rules").out
    assert out.count("CON0") >= 5 and out.count("GDP0") >= 5
