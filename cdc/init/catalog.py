"""The templates ``cdc init`` can start from, with their one-line descriptions.

Kept free of heavy imports (no Pydantic, no Jinja): the CLI imports it at start-up to build
``cdc init --help`` and the choices of ``--template`` and ``--lang``, and every other command
pays for that import.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TemplateName(StrEnum):
    """Names accepted by ``cdc init --template``."""

    contact_center = "contact-center"
    saas = "saas"
    minimal = "minimal"


class Lang(StrEnum):
    """Languages ``cdc init`` writes in (the same values as the project's ``language``)."""

    fr = "fr"
    en = "en"


@dataclass(frozen=True)
class TemplateInfo:
    """What a template is for, and the language it is written in when ``--lang`` is not given."""

    name: TemplateName
    summary: str
    default_language: Lang


TEMPLATES: dict[TemplateName, TemplateInfo] = {
    info.name: info
    for info in (
        TemplateInfo(
            TemplateName.contact_center,
            "multichannel contact-centre platform, the richest file (French by default)",
            Lang.fr,
        ),
        TemplateInfo(
            TemplateName.saas,
            "a SaaS business application: CRM, ticketing… (English by default)",
            Lang.en,
        ),
        TemplateInfo(
            TemplateName.minimal,
            "a short start: a few requirements, value and price (French by default)",
            Lang.fr,
        ),
    )
}

#: The template used when neither ``--template`` nor the answers name one.
DEFAULT_TEMPLATE = TemplateName.contact_center


def templates_help() -> str:
    """The template list for ``cdc init --help``, one line each (click keeps ``\\b`` blocks as is)."""
    width = max(len(t.value) for t in TEMPLATES)
    lines = [f"  {info.name.value:<{width}}  {info.summary}" for info in TEMPLATES.values()]
    return "\b\nTemplates:\n" + "\n".join(lines)
