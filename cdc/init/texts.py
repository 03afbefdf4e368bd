"""What the wizard says, in the project's language: prompts, choice labels, section headings.

Plain tables, so that a translation or a rewording never touches the logic in
:mod:`cdc.init.questions`. A buyer who chose French is asked in French; findings about an answers
file stay in English, like every other cdc finding.
"""

from __future__ import annotations

from cdc.init.catalog import Lang

#: Prompt of each question, by answer key.
PROMPTS: dict[Lang, dict[str, str]] = {
    Lang.fr: {
        "language": "Langue du projet / Project language",
        "template": "Modèle de départ",
        "date": "Date de cette version",
        "buyer_name": "Nom de l'organisation acheteuse",
        "buyer_sector": "Son secteur d'activité",
        "title": "Titre de la consultation",
        "project_id": "Identifiant court du projet (il nomme les fichiers produits)",
        "contact_name": "Interlocuteur unique des candidats (nom ou fonction)",
        "contact_email": "Son adresse e-mail",
        "challenge": "Le défi en une phrase : pourquoi ce projet, maintenant ?",
        "channels": "Canaux traités par le service clients",
        "volumes": "Volume annuel approximatif de contacts",
        "agents": "Taille de l'équipe (conseillers, équivalents temps plein)",
        "sourcing": "Le service clients est-il internalisé ou externalisé ?",
        "current_annual_cost": "Coût annuel des outils actuels (€ hors taxes)",
        "deployment": "Mode de déploiement souhaité",
        "personal_data": "Le titulaire traitera-t-il des données personnelles pour votre compte ?",
        "call_recording": "Les appels sont-ils enregistrés ?",
        "contract_types": "Contrats à conclure",
        "procurement": "Commande publique ou achat privé ?",
        "procedure": "Procédure de passation",
        "budget_min": "Budget envisagé sur toute la durée, montant bas (€ hors taxes)",
        "budget_max": "Budget envisagé sur toute la durée, montant haut (€ hors taxes)",
        "duration_years": "Durée du contrat (années)",
        "price_weight": "Poids du prix dans la note finale, en % (la valeur technique a le reste)",
        "publication": "Date de publication de la consultation (AAAA-MM-JJ)",
        "answers_due": "Date limite de remise des offres (AAAA-MM-JJ)",
        "decision": "Date de la décision (AAAA-MM-JJ)",
        "go_live": "Mise en service visée (AAAA-MM-JJ)",
    },
    Lang.en: {
        "language": "Langue du projet / Project language",
        "template": "Template to start from",
        "date": "Date of this version",
        "buyer_name": "Name of the buying organisation",
        "buyer_sector": "Its business sector",
        "title": "Title of the consultation",
        "project_id": "Short project id (it names the output files)",
        "contact_name": "Single point of contact for vendors (name or function)",
        "contact_email": "Their e-mail address",
        "challenge": "The challenge in one sentence: why this project, now?",
        "channels": "Channels the customer service answers on",
        "volumes": "Rough yearly volume of contacts",
        "agents": "Team size (agents, full-time equivalents)",
        "sourcing": "Is the customer service run in-house or outsourced?",
        "current_annual_cost": "Yearly cost of the current tools (EUR, excluding VAT)",
        "deployment": "Deployment wanted",
        "personal_data": "Will the vendor process personal data on your behalf?",
        "call_recording": "Are calls recorded?",
        "contract_types": "Contracts to sign",
        "procurement": "Public procurement or private purchase?",
        "procedure": "Award procedure",
        "budget_min": "Budget envelope over the whole term, low end (EUR, excluding VAT)",
        "budget_max": "Budget envelope over the whole term, high end (EUR, excluding VAT)",
        "duration_years": "Contract term (years)",
        "price_weight": "Weight of the price in the final score, in % (technical value gets the rest)",
        "publication": "Publication date of the consultation (YYYY-MM-DD)",
        "answers_due": "Deadline for the vendors' answers (YYYY-MM-DD)",
        "decision": "Decision date (YYYY-MM-DD)",
        "go_live": "Target go-live (YYYY-MM-DD)",
    },
}

#: Headings printed when the wizard moves to another group of questions.
SECTIONS: dict[Lang, dict[str, str]] = {
    Lang.fr: {
        "buyer": "L'acheteur et la consultation",
        "service": "Le service clients aujourd'hui",
        "solution": "La solution et les données",
        "contract": "Le contrat et le budget",
        "planning": "L'évaluation et le calendrier",
    },
    Lang.en: {
        "buyer": "The buyer and the consultation",
        "service": "The customer service today",
        "solution": "The solution and the data",
        "contract": "The contract and the budget",
        "planning": "Evaluation and key dates",
    },
}

#: Labels of the choices, by enum value (shared by every enum: the values do not collide).
LABELS: dict[Lang, dict[str, str]] = {
    Lang.fr: {
        "fr": "Français",
        "en": "English",
        "contact-center": "Centre de contact multicanal (fichier riche)",
        "saas": "SaaS",
        "minimal": "Minimal (le plus petit fichier valide)",
        "voice": "Téléphone",
        "email": "E-mail",
        "chat": "Chat",
        "messaging": "Messageries instantanées",
        "social": "Réseaux sociaux",
        "sms": "SMS",
        "callback": "Rappel à la demande",
        "web_form": "Formulaire web",
        "mail": "Courrier",
        "video": "Visioconférence",
        "self_service": "Self-service (FAQ, espace client)",
        "face_to_face": "Accueil physique",
        "in_house": "Internalisé",
        "outsourced": "Externalisé",
        "mixed": "Mixte (équipes internes et prestataire)",
        "on_premise": "Sur site (vos serveurs)",
        "hybrid": "Hybride",
        "licence": "Licence",
        "maintenance": "Maintenance",
        "integration": "Intégration (mise en œuvre)",
        "tma": "Tierce maintenance applicative",
        "public": "Commande publique (CCAG-TIC 2021)",
        "private": "Achat privé",
        "open_tender": "Appel d'offres ouvert",
        "restricted_tender": "Appel d'offres restreint",
        "negotiated": "Procédure avec négociation",
        "competitive_dialogue": "Dialogue compétitif",
        "adapted": "Procédure adaptée",
        "private_consultation": "Consultation privée",
    },
    Lang.en: {
        "fr": "Français",
        "en": "English",
        "contact-center": "Multichannel contact centre (rich file)",
        "saas": "SaaS business application",
        "minimal": "Minimal (the smallest valid file)",
        "voice": "Phone",
        "email": "E-mail",
        "chat": "Chat",
        "messaging": "Messaging apps",
        "social": "Social media",
        "sms": "SMS",
        "callback": "Callback",
        "web_form": "Web form",
        "mail": "Postal mail",
        "video": "Video call",
        "self_service": "Self-service (FAQ, customer portal)",
        "face_to_face": "Face to face",
        "in_house": "In-house",
        "outsourced": "Outsourced",
        "mixed": "Mixed (in-house teams and an outsourcer)",
        "on_premise": "On-premise (your servers)",
        "hybrid": "Hybrid",
        "licence": "Licence",
        "maintenance": "Maintenance",
        "integration": "Integration (implementation)",
        "tma": "Application maintenance (TMA)",
        "public": "Public procurement (CCAG-TIC 2021)",
        "private": "Private purchase",
        "open_tender": "Open tender",
        "restricted_tender": "Restricted tender",
        "negotiated": "Negotiated procedure",
        "competitive_dialogue": "Competitive dialogue",
        "adapted": "Adapted procedure",
        "private_consultation": "Private consultation",
    },
}

#: Labels that differ by meaning although the value is the same ("saas" is a deployment, a
#: contract type and a template): looked up as ``"<key>:<value>"`` first.
CONTEXT_LABELS: dict[Lang, dict[str, str]] = {
    Lang.fr: {
        "template:saas": "Application SaaS (CRM, ticketing…)",
        "deployment:saas": "SaaS (hébergé par l'éditeur)",
        "contract_types:saas": "Abonnement SaaS et hébergement",
    },
    Lang.en: {
        "template:saas": "SaaS business application (CRM, ticketing…)",
        "deployment:saas": "SaaS (hosted by the vendor)",
        "contract_types:saas": "SaaS subscription and hosting",
    },
}

#: Words of the wizard itself.
WORDS: dict[Lang, dict[str, str]] = {
    Lang.fr: {
        "intro": "Quelques questions pour écrire {path}.\n"
        "Entrée accepte la valeur proposée ; tout se modifie ensuite dans le fichier.",
        "multi_hint": "(Espace pour cocher, Entrée pour valider)",
        "select_hint": "(flèches pour choisir, Entrée pour valider)",
        "yes": "Oui",
        "no": "Non",
        "not_a_number": "un nombre entier est attendu",
        "not_a_date": "une date AAAA-MM-JJ est attendue",
        "empty": "une réponse est attendue",
        "one_at_least": "cochez au moins un choix",
    },
    Lang.en: {
        "intro": "A few questions to write {path}.\n"
        "Enter accepts the value offered; everything can be changed in the file afterwards.",
        "multi_hint": "(Space to tick, Enter to confirm)",
        "select_hint": "(arrows to choose, Enter to confirm)",
        "yes": "Yes",
        "no": "No",
        "not_a_number": "a whole number is expected",
        "not_a_date": "a date YYYY-MM-DD is expected",
        "empty": "an answer is expected",
        "one_at_least": "tick at least one choice",
    },
}


def label(lang: Lang, key: str, value: str) -> str:
    """The label of choice ``value`` of question ``key`` in ``lang``."""
    return CONTEXT_LABELS[lang].get(f"{key}:{value}") or LABELS[lang].get(value, value)
