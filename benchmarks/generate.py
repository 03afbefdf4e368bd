"""Generate a realistic synthetic project with N requirements and V vendor responses.

``python benchmarks/generate.py --requirements 1000 --vendors 20 --output /tmp/bench``
writes ``DIR/cdc.yaml`` (sections, criteria, glossary, RACI, contract, personal data — a
lint-clean project) and ``DIR/responses/`` (YAML responses, and every fourth vendor as a
filled XLSX grid). Deterministic from ``--seed``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

SECTIONS = [
    ("omni", "OMN", "Omnicanal et routage"),
    ("svi", "SVI", "Serveur vocal et selfcare"),
    ("poste", "AGT", "Poste conseiller"),
    ("super", "SUP", "Supervision et pilotage"),
    ("qual", "QUA", "Qualité et enregistrement"),
    ("integ", "INT", "Intégrations"),
    ("secu", "SEC", "Sécurité et données"),
    ("expl", "EXP", "Exploitation et support"),
    ("migr", "MIG", "Migration et déploiement"),
    ("rept", "REP", "Reporting"),
]
SUBJECTS = [
    "la file d'attente",
    "le routage par compétences",
    "la fiche client",
    "l'historique",
    "le tableau de bord",
    "l'enregistrement des appels",
    "la base de connaissances",
    "le rappel programmé",
    "la messagerie instantanée",
    "le courriel entrant",
    "la qualification",
    "la supervision",
    "l'annuaire",
    "la traçabilité",
    "l'export",
]
ACTIONS = [
    "affiche",
    "trace",
    "met à jour",
    "conserve",
    "exporte",
    "sépare",
    "notifie",
    "calcule",
    "archive",
    "transmet",
]
LEVELS = ["standard", "parametrage", "developpement", "roadmap", "non_conforme"]
GLOSSARY = [
    ("ACD", "Automatic Call Distribution", "Distribution automatique des appels entrants."),
    ("SVI", "Serveur vocal interactif", "Menu vocal qui oriente l'appelant."),
    ("CRM", "Customer Relationship Management", "Outil de gestion de la relation client."),
    ("KPI", "Key Performance Indicator", "Indicateur clé de performance."),
    ("DMT", "Durée moyenne de traitement", "Temps moyen passé sur un contact."),
    ("RACI", "Responsible, Accountable, Consulted, Informed", "Matrice des responsabilités."),
    ("RGPD", "Règlement général sur la protection des données", "Règlement (UE) 2016/679."),
    ("SLA", "Service Level Agreement", "Engagement de niveau de service."),
    ("API", "Application Programming Interface", "Interface d'échange entre logiciels."),
    ("SSO", "Single Sign-On", "Authentification unique."),
    (
        "CCAG",
        "Cahier des clauses administratives générales",
        "Conditions générales des marchés publics.",
    ),
    ("TIC", "Technologies de l'information et de la communication", "Domaine du CCAG-TIC."),
    ("VA", "Vérification d'aptitude", "Étape de la recette du CCAG-TIC."),
    ("VSR", "Vérification de service régulier", "Étape de la recette du CCAG-TIC."),
    ("PAS", "Plan d'assurance sécurité", "Mesures de sécurité du titulaire."),
    ("EEE", "Espace économique européen", "Union européenne, Islande, Liechtenstein, Norvège."),
    ("UE", "Union européenne", "Les vingt-sept États membres."),
    (
        "AIPD",
        "Analyse d'impact relative à la protection des données",
        "Étude prévue à l'article 35 du RGPD.",
    ),
    ("DPO", "Délégué à la protection des données", "Référent RGPD de l'acheteur."),
    ("ISO", "Organisation internationale de normalisation", "Éditeur des normes ISO/IEC 27001."),
    ("IEC", "Commission électrotechnique internationale", "Co-éditeur des normes ISO/IEC."),
]


def _requirement(rng: random.Random, section: tuple[str, str, str], n: int) -> dict[str, Any]:
    sid, prefix, _ = section
    subject, action = rng.choice(SUBJECTS), rng.choice(ACTIONS)
    priority = rng.choices(["must", "should", "could", "watch"], weights=[3, 4, 2, 1])[0]
    item: dict[str, Any] = {
        "id": f"{prefix}-{n:04d}",
        "section": sid,
        "title": f"{subject.capitalize()} ({n})".replace("(", "— cas ").replace(")", ""),
        "text": (
            f"La solution {action} {subject} pour chaque contact, dans un délai de {rng.randint(1, 9)} "
            f"secondes, pour {rng.randint(10, 500)} conseillers connectés. Le résultat est consultable "
            f"par le superviseur et conservé {rng.randint(1, 36)} mois."
        ),
        "kind": rng.choice(["functional", "technical", "service", "reporting"]),
        "priority": priority,
        "criterion": f"crit-{sid}",
        "rationale": "Exigence issue des ateliers avec les équipes du service client.",
    }
    if priority == "must":
        item["acceptance"] = rng.choice(["demonstration", "test", "inspection"])
    return item


def project_data(requirements: int, rng: random.Random) -> dict[str, Any]:
    """The project file's content."""
    reqs = [_requirement(rng, SECTIONS[i % len(SECTIONS)], i + 1) for i in range(requirements)]
    share = [10] * 10
    criteria = [
        {
            "id": "technique",
            "title": "Valeur technique",
            "weight": 60,
            "children": [
                {"id": f"crit-{sid}", "title": title, "weight": 9} for sid, _, title in SECTIONS
            ]
            + [{"id": "demo", "title": "Démonstration", "weight": 10, "kind": "judgement"}],
        },
        {"id": "prix", "title": "Prix", "weight": 30, "kind": "price"},
        {"id": "service", "title": "Service", "weight": 10, "kind": "judgement"},
    ]
    del share
    roles = [
        ("sponsor", "Directrice de la relation client"),
        ("cp", "Chef de projet"),
        ("dsi", "Direction des systèmes d'information"),
        ("achats", "Acheteur"),
        ("dpo", "Délégué à la protection des données"),
        ("titulaire", "Titulaire"),
    ]
    raci = [
        {
            "activity": f"Activité {n}",
            "assignments": {
                "sponsor": "A",
                "cp": "R",
                "dsi": "C",
                "achats": "I",
                "dpo": "C",
                "titulaire": "R",
            },
        }
        for n in range(1, 13)
    ]
    return {
        "project": {
            "id": f"bench-{requirements}",
            "title": f"Plateforme de relation client ({requirements} exigences)",
            "version": "1.0",
            "date": "2027-01-15",
            "language": "fr",
            "buyer": {"name": "Société de démonstration"},
            "procurement": "public",
            "contact": {"name": "Camille Durand", "email": "achats@example.org"},
            "summary": "Consultation générée pour mesurer les performances de cdc (SLA, RGPD, API, SSO, KPI).",
        },
        "context": {
            "challenge": (
                "Réunir les canaux dans une plateforme unique, avec un ACD, un SVI et un CRM "
                "intégrés ; suivre la DMT ; une matrice RACI claire ; un marché sous CCAG-TIC "
                "(recette VA et VSR, PAS annexé) ; données hébergées dans l'UE, donc dans l'EEE ; "
                "AIPD à étudier avec le DPO ; sécurité ISO/IEC 27001."
            ),
        },
        "existing": {
            "channels": [
                {"channel": "voice", "yearly_volume": 700000, "handling_minutes": 6},
                {"channel": "email", "yearly_volume": 150000, "handling_minutes": 9},
                {"channel": "chat", "yearly_volume": 50000, "handling_minutes": 7},
            ],
            "budget": {"lines": [{"label": "Licences", "annual_amount": 250000}]},
            "review": {
                "strengths": ["Des équipes expérimentées."],
                "weaknesses": ["Trop d'outils."],
            },
        },
        "requirement_sections": [{"id": sid, "title": title} for sid, _, title in SECTIONS],
        "requirements": reqs,
        "scenario": {
            "steps": [
                {
                    "kind": "identification",
                    "title": "Appel entrant",
                    "description": "Le client appelle ; l'ACD route l'appel.",
                    "requirements": [reqs[0]["id"]],
                },
            ]
        },
        "evaluation": {
            "scale": [
                {"id": "standard", "label": "Standard", "points": 100},
                {"id": "parametrage", "label": "Paramétrage", "points": 80},
                {"id": "developpement", "label": "Développement", "points": 50},
                {"id": "roadmap", "label": "Feuille de route", "points": 30},
                {"id": "non_conforme", "label": "Non conforme", "points": 0, "not_compliant": True},
            ],
            "criteria": criteria,
            "price": {"method": "proportional", "years": 3},
            "evaluators": [{"id": f"e{n}", "name": f"Évaluateur {n}"} for n in range(1, 4)],
        },
        "planning": {
            "milestones": [
                {"kind": "publication", "date": "2027-02-01"},
                {"kind": "answers_due", "date": "2027-03-15"},
                {"kind": "decision", "date": "2027-05-01"},
            ]
        },
        "governance": {
            "roles": [{"id": rid, "name": name} for rid, name in roles],
            "project_manager": "cp",
            "raci": raci,
        },
        "glossary": [
            {"term": term, "expansion": expansion, "definition": definition}
            for term, expansion, definition in GLOSSARY
        ],
        "technical": {"availability": "Disponibilité mensuelle de 99,9 % sur les heures ouvrées."},
        "contract": {
            "clauses": [{"id": cid, "status": "included"} for cid in _clause_ids()],
            "types": ["saas", "integration"],
            "frame": "ccag_tic_2021",
            "penalties": {"delay": {"divisor": 1000, "cap": 10, "exemption_threshold": 1000}},
            "acceptance": {
                "phases": [
                    {"kind": "va", "duration_days": 30, "decision_days": 30},
                    {"kind": "vsr", "duration_days": 30, "decision_days": 7, "tacit": True},
                ]
            },
            "reversibility": {"required": True, "formats": ["CSV", "JSON"]},
        },
        "personal_data": {
            "processed_by_vendor": True,
            "subject_matter": "Hébergement de la plateforme et traitement des contacts clients.",
            "duration": "Durée du marché et de la réversibilité.",
            "nature": "Collecte, enregistrement, consultation, suppression.",
            "purposes": ["Traitement des demandes des clients"],
            "data_categories": ["Identité", "Coordonnées", "Historique des échanges"],
            "data_subjects": ["Clients", "Conseillers"],
            "locations": ["France"],
            "sub_processors": {"authorisation": "general", "notice_days": 30},
            "breach_notice_hours": 48,
            "end_of_contract": "return_then_delete",
            "audits": "Un audit par an, sur préavis de trente jours.",
            "dpia": {"criteria": ["large_scale"], "planned": False},
            "customer": {"duties": _customer_duties()},
        },
    }


def _customer_duties() -> dict[str, dict[str, str]]:
    """The buyer's duties towards its customers (CUS001–CUS004), each met by a procedure."""
    from cdc.model.privacy import CustomerDuty

    return {
        d.value: {"how": "Procédure du délégué à la protection des données, tenue au registre."}
        for d in CustomerDuty
        if d is not CustomerDuty.canvassing
    }


def _clause_ids() -> list[str]:
    """Every clause of the built-in library: the synthetic contract includes them all."""
    from cdc.contract.catalogue import builtin_catalogue

    return sorted(builtin_catalogue().clauses)


def vendor_data(project: dict[str, Any], name: str, rng: random.Random) -> dict[str, Any]:
    """A response: answers drawn from a vendor-specific profile, and a price sheet."""
    skill = rng.random()
    weights = [1 + 4 * skill, 2, 1, 1 - 0.5 * skill, 0.05]
    answers = []
    for req in project["requirements"]:
        level = rng.choices(LEVELS, weights=weights)[0]
        if level == "non_conforme" and req["priority"] == "must" and rng.random() < 0.9:
            level = "roadmap"
        answers.append({"id": req["id"], "compliance": level})
    seats = 120
    prices = [
        {
            "label": "Licences",
            "kind": "recurring",
            "unit_price": rng.randint(600, 1500),
            "quantity": seats,
        },
        {
            "label": "Mise en œuvre",
            "kind": "one_off",
            "unit_price": rng.randint(80_000, 250_000),
            "quantity": 1,
        },
        {
            "label": "Formation",
            "kind": "one_off",
            "unit_price": rng.randint(800, 1500),
            "quantity": 15,
        },
    ]
    return {"vendor": name, "answers": answers, "prices": prices}


def main(argv: list[str] | None = None) -> Path:
    """Write the project and the responses; returns the project file."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requirements", type=int, default=1000)
    parser.add_argument("--vendors", type=int, default=20)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument(
        "--xlsx-every", type=int, default=4, help="Every N-th vendor answers in XLSX (0: none)."
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    data = project_data(args.requirements, rng)
    args.output.mkdir(parents=True, exist_ok=True)
    output: Path = args.output
    target = output / "cdc.yaml"
    target.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    responses = args.output / "responses"
    responses.mkdir(exist_ok=True)
    blank = None
    for n in range(1, args.vendors + 1):
        name = f"Éditeur {n:02d}"
        vendor = vendor_data(data, name, rng)
        if args.xlsx_every and n % args.xlsx_every == 0:
            from gridfill import blank_grid, fill_grid

            from cdc.reading.project import load_project

            project = load_project(target).project
            assert project is not None
            blank = blank or blank_grid(project)
            answers = {a["id"]: a["compliance"] for a in vendor["answers"]}
            xlsx = fill_grid(project, name, answers, vendor["prices"], blank=blank)
            (responses / f"vendor-{n:02d}.xlsx").write_bytes(xlsx)
        else:
            text = yaml.safe_dump(vendor, allow_unicode=True, sort_keys=False, width=100)
            (responses / f"vendor-{n:02d}.yaml").write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    print(main())
