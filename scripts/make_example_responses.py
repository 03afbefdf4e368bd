"""Write the flagship example's vendor responses and evaluators' notes (deterministic).

Three fictitious vendors answer ``examples/contact-center/cdc.yaml`` (Cumulus Voice its version 1.0,
kept in ``versions/cdc-v1.0.yaml``; the others the current version 1.1):

- Alizé Contact: a complete, mature platform, the dearest;
- Boréal CX: good coverage, configuration rather than standard, mid-priced;
- Cumulus Voice: the cheapest, but "non-conforme" on a must-have requirement (eliminated).

Answers follow each vendor's profile and a stable hash of the requirement id, so re-running
the script gives the same files. YAML responses are written for Boréal and Cumulus; Alizé
answers through the XLSX grid that ``cdc render --doc grid`` produces, filled by
``scripts/fill_grid.py``. Usage: ``python scripts/make_example_responses.py``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from cdc.model import Project
from cdc.model.enums import Priority, ResponseType
from cdc.reading.project import load_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "contact-center"
#: The flagship's version 1.0 (issue 16): Cumulus Voice answered it before the addendum of version
#: 1.1, so ``cdc score`` shows a response to an older version and the rows that changed since.
OLDER_VERSION = EXAMPLE / "versions" / "cdc-v1.0.yaml"
ANSWERED_OLDER = "Cumulus Voice"

# Profile: compliance levels by decreasing likelihood, as cumulative thresholds on 0–99.
PROFILES: dict[str, list[tuple[int, str]]] = {
    "Alizé Contact": [
        (70, "standard"),
        (90, "parametrage"),
        (97, "developpement"),
        (100, "roadmap"),
    ],
    "Boréal CX": [(45, "standard"), (85, "parametrage"), (93, "developpement"), (100, "roadmap")],
    "Cumulus Voice": [
        (40, "standard"),
        (70, "parametrage"),
        (85, "roadmap"),
        (100, "non-conforme"),
    ],
}
# Cumulus says "non-conforme" on this must-have: it will not commit to a security assurance plan.
CUMULUS_FAILS = "SEC-004"

PRICES: dict[str, list[dict[str, Any]]] = {
    "Alizé Contact": [
        {
            "label": "Licences conseiller (par poste et par an)",
            "kind": "recurring",
            "unit_price": 1140,
            "quantity": 125,
        },
        {
            "label": "Licences superviseur (par poste et par an)",
            "kind": "recurring",
            "unit_price": 1560,
            "quantity": 14,
        },
        {
            "label": "Mise en œuvre et paramétrage",
            "kind": "one_off",
            "unit_price": 1150,
            "quantity": 160,
        },
        {"label": "Reprise des données", "kind": "one_off", "unit_price": 38000, "quantity": 1},
        {"label": "Formation (journées)", "kind": "one_off", "unit_price": 1350, "quantity": 18},
        {
            "label": "Trafic téléphonique estimé (par an)",
            "kind": "recurring",
            "unit_price": 61000,
            "quantity": 1,
        },
    ],
    "Boréal CX": [
        {
            "label": "Abonnement conseiller (par poste et par an)",
            "kind": "recurring",
            "unit_price": 960,
            "quantity": 125,
        },
        {
            "label": "Abonnement superviseur (par poste et par an)",
            "kind": "recurring",
            "unit_price": 1200,
            "quantity": 14,
        },
        {
            "label": "Projet de mise en œuvre (jours)",
            "kind": "one_off",
            "unit_price": 990,
            "quantity": 140,
        },
        {"label": "Reprise des données", "kind": "one_off", "unit_price": 29000, "quantity": 1},
        {"label": "Formation (journées)", "kind": "one_off", "unit_price": 1100, "quantity": 16},
        {
            "label": "Trafic téléphonique estimé (par an)",
            "kind": "recurring",
            "unit_price": 58000,
            "quantity": 1,
        },
    ],
    "Cumulus Voice": [
        {
            "label": "Licence tout compris (par poste et par an)",
            "kind": "recurring",
            "unit_price": 720,
            "quantity": 139,
        },
        {"label": "Mise en service", "kind": "one_off", "unit_price": 45000, "quantity": 1},
        {"label": "Formation à distance", "kind": "one_off", "unit_price": 6000, "quantity": 1},
        {
            "label": "Trafic téléphonique estimé (par an)",
            "kind": "recurring",
            "unit_price": 54000,
            "quantity": 1,
        },
    ],
}

# Evaluators' notes (0–5) on the judgement criteria, per vendor.
NOTES: dict[str, dict[str, dict[str, float]]] = {
    "eval-projet": {
        "Alizé Contact": {"demonstration": 4.5, "vision-produit": 4, "plan-accompagnement": 4},
        "Boréal CX": {"demonstration": 4, "vision-produit": 3.5, "plan-accompagnement": 4.5},
        "Cumulus Voice": {"demonstration": 3, "vision-produit": 2.5, "plan-accompagnement": 3},
    },
    "eval-pilotage": {
        "Alizé Contact": {"demonstration": 4, "vision-produit": 4, "plan-accompagnement": 3.5},
        "Boréal CX": {"demonstration": 4.5, "vision-produit": 3, "plan-accompagnement": 4},
        "Cumulus Voice": {"demonstration": 2.5, "vision-produit": 3, "plan-accompagnement": 2.5},
    },
    "eval-si": {
        "Alizé Contact": {"demonstration": 4, "vision-produit": 4.5, "plan-accompagnement": 4},
        "Boréal CX": {"demonstration": 3.5, "vision-produit": 3.5, "plan-accompagnement": 4},
        "Cumulus Voice": {"demonstration": 3, "vision-produit": 2, "plan-accompagnement": 3},
    },
    "eval-achats": {
        "Alizé Contact": {"demonstration": 4, "vision-produit": 3.5, "plan-accompagnement": 3.5},
        "Boréal CX": {"demonstration": 2, "vision-produit": 3.5, "plan-accompagnement": 4},
        "Cumulus Voice": {"demonstration": 3, "vision-produit": 3, "plan-accompagnement": 2},
    },
}

# Why a note (evaluator → vendor → criterion → comment): a reason is what makes a note
# defensible. Not every note has one, as in real evaluations: the score report flags the notes
# without comment that decide the ranking or diverge (here Boréal CX's demonstration by
# eval-pilotage, the highest note of a 50 % spread, is left without one on purpose).
COMMENTS: dict[str, dict[str, dict[str, str]]] = {
    "eval-projet": {
        "Alizé Contact": {
            "demonstration": "Scénario déroulé sans rupture, de l'appel entrant à la clôture "
            "du dossier ; reprise du contexte client immédiate dans le poste conseiller.",
            "vision-produit": "Feuille de route datée et publique, cohérente avec nos besoins "
            "de callbot à deux ans.",
        },
        "Boréal CX": {
            "demonstration": "Scénario complet ; le transfert vers le back-office a demandé "
            "une manipulation manuelle.",
            "plan-accompagnement": "Équipe nommée, plan de formation par vagues détaillé, "
            "référent dédié pendant l'hypercare.",
        },
        "Cumulus Voice": {
            "demonstration": "Canal écrit présenté sur maquette et non sur l'environnement "
            "de démonstration.",
        },
    },
    "eval-pilotage": {
        "Alizé Contact": {
            "demonstration": "Tableaux de bord temps réel lisibles ; alertes de débordement "
            "paramétrables par le superviseur.",
        },
        "Cumulus Voice": {
            "demonstration": "Supervision limitée à la voix ; pas de vue consolidée des files "
            "écrites.",
            "plan-accompagnement": "Plan de reprise des historiques non chiffré.",
        },
    },
    "eval-si": {
        "Alizé Contact": {
            "vision-produit": "Trajectoire d'API documentée et versionnée ; engagement de "
            "compatibilité ascendante sur trois ans.",
        },
        "Boréal CX": {
            "demonstration": "Connecteur CRM montré en standard ; authentification unique "
            "non démontrée.",
            "vision-produit": "Feuille de route annoncée sans dates au-delà de 2027.",
        },
        "Cumulus Voice": {
            "vision-produit": "Dépendance à un sous-traitant pour l'hébergement, sans plan "
            "de réversibilité présenté.",
        },
    },
    "eval-achats": {
        "Boréal CX": {
            "demonstration": "Démonstration écourtée de vingt minutes ; le volet reporting "
            "et le calcul des coûts de communication n'ont pas été présentés.",
        },
        "Cumulus Voice": {
            "plan-accompagnement": "Plan générique, sans engagement de délai ni de "
            "pénalités sur la reprise des données.",
        },
    },
}


def _bucket(vendor: str, requirement: str) -> int:
    digest = hashlib.sha256(f"{vendor}/{requirement}".encode()).digest()
    return digest[0] * 100 // 256


def answer_for(vendor: str, project: Project, req_id: str) -> str:
    """The compliance answer of ``vendor`` to requirement ``req_id``."""
    req = next(r for r in project.requirements if r.id == req_id)
    if req.response is ResponseType.yes_no:
        return "oui"
    if vendor == "Cumulus Voice" and req_id == CUMULUS_FAILS:
        return "non-conforme"
    bucket = _bucket(vendor, req_id)
    level = next(name for limit, name in PROFILES[vendor] if bucket < limit)
    if level == "non-conforme" and req.priority is Priority.must:
        return "roadmap"  # only the one scripted must-have fails
    return level


def response_data(vendor: str, project: Project) -> dict[str, Any]:
    """A complete response of ``vendor`` as YAML-ready data."""
    from cdc.grid.fingerprint import grid_hash, method_hash, method_text, requirement_hashes

    answers = []
    for req in project.requirements:
        if req.response not in (ResponseType.compliance, ResponseType.yes_no):
            answers.append({"id": req.id, "comment": "Voir le mémoire technique, chapitre 4."})
            continue
        level = answer_for(vendor, project, req.id)
        item: dict[str, Any] = {"id": req.id, "compliance": level}
        if level == "roadmap":
            item["roadmap_date"] = "2028-03-31"
            item["comment"] = "Prévu dans la version de printemps 2028."
        elif level == "developpement":
            item["comment"] = "Développement spécifique chiffré dans l'onglet Prix."
        answers.append(item)
    return {
        "vendor": vendor,
        "project": {
            "id": project.project.id,
            "version": project.project.version,
            "hash": grid_hash(project),
            "requirements": requirement_hashes(project),
            "method_hash": method_hash(project),
            "method": method_text(project),
        },
        "answers": answers,
        "prices": PRICES[vendor],
        "questions": [
            {"id": q.id, "answer": "Réponse détaillée dans le mémoire technique."}
            for q in (project.vendor_expectations.questions if project.vendor_expectations else [])
        ],
    }


def main() -> None:
    """Write the YAML responses and the evaluators' notes."""
    project = load_project(EXAMPLE / "cdc.yaml").project
    assert project is not None
    header = "# Generated by scripts/make_example_responses.py — a fictitious vendor's response.\n"
    older = load_project(OLDER_VERSION).project
    assert older is not None
    for vendor, name in (("Boréal CX", "boreal-cx.yaml"), ("Cumulus Voice", "cumulus-voice.yaml")):
        answered = older if vendor == ANSWERED_OLDER else project
        text = yaml.safe_dump(
            response_data(vendor, answered), allow_unicode=True, sort_keys=False, width=100
        )
        (EXAMPLE / "responses" / name).write_text(header + text, encoding="utf-8")
    for evaluator, by_vendor in NOTES.items():
        said = COMMENTS.get(evaluator, {})
        notes = [
            {"vendor": vendor, "criterion": criterion, "note": note}
            | ({"comment": why} if (why := said.get(vendor, {}).get(criterion)) else {})
            for vendor, criteria in by_vendor.items()
            for criterion, note in criteria.items()
        ]
        text = yaml.safe_dump(
            {"evaluator": evaluator, "notes": notes}, allow_unicode=True, sort_keys=False
        )
        target = EXAMPLE / "evaluations" / f"{evaluator}.yaml"
        target.write_text(
            "# Generated by scripts/make_example_responses.py\n" + text, encoding="utf-8"
        )


if __name__ == "__main__":
    main()
