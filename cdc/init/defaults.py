"""Default answers: what a buyer gets by pressing Enter, per template and language.

Defaults must always make a project that lints clean, and must be deterministic: every date is
computed from the version date (``today`` unless an answers file or a test says otherwise), never
from the clock directly.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from cdc.init.catalog import Lang, TemplateName
from cdc.model.enums import Channel, ContractType, Deployment

#: Days vendors get to answer at the least (the project's ``planning.min_answer_days``).
MIN_ANSWER_DAYS = 30


@dataclass(frozen=True)
class TemplateDefaults:
    """Figures a template starts from (orders of magnitude, not advice)."""

    channels: tuple[Channel, ...]
    agents: int
    current_annual_cost: int
    budget: tuple[int, int]
    call_recording: bool
    price_weight: int = 30
    duration_years: int = 3


FIGURES: dict[TemplateName, TemplateDefaults] = {
    TemplateName.contact_center: TemplateDefaults(
        channels=(Channel.voice, Channel.email, Channel.chat, Channel.messaging),
        agents=40,
        current_annual_cost=150_000,
        budget=(300_000, 600_000),
        call_recording=True,
    ),
    TemplateName.saas: TemplateDefaults(
        channels=(Channel.email, Channel.voice, Channel.web_form),
        agents=25,
        current_annual_cost=60_000,
        budget=(120_000, 250_000),
        call_recording=False,
    ),
    TemplateName.minimal: TemplateDefaults(
        channels=(Channel.voice, Channel.email),
        agents=15,
        current_annual_cost=40_000,
        budget=(60_000, 150_000),
        call_recording=False,
        price_weight=40,
    ),
}

#: Rough yearly volumes offered for each channel.
VOLUMES: dict[Channel, int] = {
    Channel.voice: 120_000,
    Channel.email: 40_000,
    Channel.chat: 15_000,
    Channel.messaging: 10_000,
    Channel.social: 5_000,
    Channel.sms: 5_000,
    Channel.callback: 3_000,
    Channel.web_form: 8_000,
    Channel.mail: 6_000,
    Channel.video: 1_000,
    Channel.self_service: 50_000,
    Channel.face_to_face: 5_000,
}


@dataclass(frozen=True)
class TextDefaults:
    """Default wording of the free-text answers."""

    buyer_name: str
    buyer_sector: str
    title: str
    contact_name: str
    challenge: str


TEXTS: dict[Lang, dict[TemplateName, TextDefaults]] = {
    Lang.fr: {
        TemplateName.contact_center: TextDefaults(
            "Société Exemple",
            "Services aux particuliers",
            "Plateforme de centre de contact multicanal",
            "Responsable de la consultation",
            "Nos conseillers jonglent entre plusieurs outils et ne voient pas l'historique du "
            "client : nous voulons une plateforme unique pour répondre au premier contact, "
            "quel que soit le canal.",
        ),
        TemplateName.saas: TextDefaults(
            "Société Exemple",
            "Services aux entreprises",
            "Solution SaaS de gestion de la relation client",
            "Responsable de la consultation",
            "Les informations sur nos clients sont dispersées entre plusieurs outils : nous "
            "voulons une solution en ligne unique, partagée par toutes les équipes.",
        ),
        TemplateName.minimal: TextDefaults(
            "Société Exemple",
            "Services aux particuliers",
            "Choix d'une solution logicielle pour le service clients",
            "Responsable de la consultation",
            "Notre outil actuel arrive en fin de contrat : nous voulons le remplacer par une "
            "solution qui couvre tous nos canaux de contact.",
        ),
    },
    Lang.en: {
        TemplateName.contact_center: TextDefaults(
            "Example Company",
            "Consumer services",
            "Multichannel contact-centre platform",
            "Consultation manager",
            "Our agents juggle several tools and cannot see the customer's history: we want one "
            "platform to resolve requests at first contact, whatever the channel.",
        ),
        TemplateName.saas: TextDefaults(
            "Example Company",
            "Business services",
            "SaaS customer relationship management solution",
            "Consultation manager",
            "Customer information is scattered across several tools: we want a single online "
            "solution shared by every team.",
        ),
        TemplateName.minimal: TextDefaults(
            "Example Company",
            "Consumer services",
            "Selection of a software solution for customer service",
            "Consultation manager",
            "Our current tool reaches the end of its contract: we want to replace it with a "
            "solution that covers all our contact channels.",
        ),
    },
}

DEFAULT_EMAIL = "consultation@example.com"


def contract_types_for(deployment: Deployment) -> list[ContractType]:
    """The contracts a deployment usually needs (domain facts §3)."""
    if deployment is Deployment.saas:
        return [ContractType.saas, ContractType.integration]
    if deployment is Deployment.on_premise:
        return [ContractType.licence, ContractType.maintenance, ContractType.integration]
    return [
        ContractType.licence,
        ContractType.maintenance,
        ContractType.saas,
        ContractType.integration,
    ]


def next_monday(day: dt.date) -> dt.date:
    """``day`` if it is a Monday, otherwise the Monday after: milestones start a week."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def default_publication(version_date: dt.date) -> dt.date:
    """A month to finish the file, rounded to a Monday."""
    return next_monday(version_date + dt.timedelta(days=30))


def default_answers_due(publication: dt.date) -> dt.date:
    """Five weeks to answer: above the 30-day floor, on the same weekday as publication."""
    return publication + dt.timedelta(days=35)


def default_decision(answers_due: dt.date) -> dt.date:
    """Six weeks to analyse answers, see demonstrations and decide."""
    return next_monday(answers_due + dt.timedelta(days=42))


def default_go_live(decision: dt.date) -> dt.date:
    """About six months of contract signature, implementation and acceptance."""
    return next_monday(decision + dt.timedelta(days=182))


def slug(text: str, year: int, *, fallback: str) -> str:
    """A project id from the buyer's name: ``Café "L'Étoile"`` → ``cafe-l-etoile-2027``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return f"{words or fallback}-{year}"


def money(value: int) -> Decimal:
    """Defaults are whole amounts; answers hold them as the model does (Decimal)."""
    return Decimal(value)
