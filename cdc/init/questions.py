"""The questions of ``cdc init``, in order, with their defaults and the rules between answers.

One list drives the three ways of answering. The prompts ask it top to bottom; ``--defaults``
and ``--answers`` walk the same list and take, for each key, the given answer or the default
computed from the answers before it (the answer deadline defaults to five weeks after the
publication the buyer chose, the contracts to those the deployment needs…). Rules that link
answers (dates in order, at least 30 days to answer, call recording needs personal data) are
checked in the same order, so a message names the first answer that breaks one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import ValidationError

from cdc.core.findings import Finding
from cdc.init import defaults as d
from cdc.init.answers import Answers, AnswersError, AnswersFile, PartialAnswers, located_error
from cdc.init.catalog import DEFAULT_TEMPLATE, TEMPLATES, Lang, TemplateName
from cdc.model.enums import (
    Channel,
    ContractType,
    Deployment,
    ProcedureKind,
    Procurement,
    Sourcing,
)

#: Answers known so far, by key (typed values, as in :class:`Answers`).
Draft = dict[str, Any]
#: A message in each language: the wizard speaks the project's, findings speak English.
Message = Mapping[Lang, str]


class Kind(StrEnum):
    """How a question is asked and its typed answer read."""

    text = "text"
    integer = "integer"
    money = "money"
    date = "date"
    choice = "choice"
    multi = "multi"
    confirm = "confirm"
    volumes = "volumes"


def _always(_draft: Draft) -> bool:
    return True


def _no_check(_value: Any, _draft: Draft) -> Message | None:
    return None


@dataclass(frozen=True)
class Question:
    """One answer key: how to ask it, its default, when to ask it, and what it must respect."""

    key: str
    kind: Kind
    section: str
    default: Callable[[Draft], Any]
    choices: tuple[Enum, ...] = ()
    ask: Callable[[Draft], bool] = _always
    check: Callable[[Any, Draft], Message | None] = _no_check
    #: False for answers only an answers file sets (the version date).
    interactive: bool = True


def _texts(draft: Draft) -> d.TextDefaults:
    return d.TEXTS[draft["language"]][draft["template"]]


def _figures(draft: Draft) -> d.TemplateDefaults:
    return d.FIGURES[draft["template"]]


def _msg(en: str, fr: str) -> Message:
    return {Lang.en: en, Lang.fr: fr}


def _check_volumes(value: dict[Channel, int], draft: Draft) -> Message | None:
    extra = sorted(c.value for c in value if c not in draft["channels"])
    if extra:
        names = ", ".join(extra)
        return _msg(
            f"volumes given for channels not in 'channels': {names}",
            f"volumes donnés pour des canaux absents de « channels » : {names}",
        )
    return None


def _check_unique(value: list[Enum], _draft: Draft) -> Message | None:
    if len(set(value)) != len(value):
        return _msg("a choice is listed twice", "un choix apparaît deux fois")
    return None


def _check_recording(value: bool, draft: Draft) -> Message | None:
    if value and not draft["personal_data"]:
        return _msg(
            "recorded calls are personal data: answer personal_data: true",
            "les appels enregistrés sont des données personnelles : répondez personal_data: true",
        )
    if value and Channel.voice not in draft["channels"]:
        return _msg(
            "calls can be recorded only if 'voice' is among the channels",
            "des appels ne sont enregistrés que si « voice » fait partie des canaux",
        )
    return None


def _check_procedure(value: ProcedureKind, draft: Draft) -> Message | None:
    if draft["procurement"] is Procurement.public and value is ProcedureKind.private_consultation:
        return _msg(
            "a public procurement needs a public procedure (open_tender, adapted…)",
            "une commande publique suit une procédure publique (open_tender, adapted…)",
        )
    return None


def _check_budget(value: Any, draft: Draft) -> Message | None:
    if value < draft["budget_min"]:
        return _msg(
            f"the high end is below the low end ({draft['budget_min']})",
            f"le montant haut est inférieur au montant bas ({draft['budget_min']})",
        )
    return None


def _check_answers_due(value: dt.date, draft: Draft) -> Message | None:
    published: dt.date = draft["publication"]
    days = (value - published).days
    if days < d.MIN_ANSWER_DAYS:
        return _msg(
            f"vendors get {days} days to answer after publication ({published}); "
            f"give them at least {d.MIN_ANSWER_DAYS}",
            f"les candidats ont {days} jours pour répondre après la publication ({published}) ; "
            f"laissez-leur au moins {d.MIN_ANSWER_DAYS} jours",
        )
    return None


def _after(previous: str, en: str, fr: str) -> Callable[[Any, Draft], Message | None]:
    def check(value: dt.date, draft: Draft) -> Message | None:
        if value <= draft[previous]:
            return _msg(f"{en} ({draft[previous]})", f"{fr} ({draft[previous]})")
        return None

    return check


def _default_call_recording(draft: Draft) -> bool:
    return bool(
        _figures(draft).call_recording
        and draft["personal_data"]
        and Channel.voice in draft["channels"]
    )


def _default_procedure(draft: Draft) -> ProcedureKind:
    if draft["procurement"] is Procurement.public:
        return ProcedureKind.open_tender
    return ProcedureKind.private_consultation


QUESTIONS: tuple[Question, ...] = (
    Question("date", Kind.date, "buyer", lambda dr: dr["today"], interactive=False),
    Question("buyer_name", Kind.text, "buyer", lambda dr: _texts(dr).buyer_name),
    Question("buyer_sector", Kind.text, "buyer", lambda dr: _texts(dr).buyer_sector),
    Question("title", Kind.text, "buyer", lambda dr: _texts(dr).title),
    Question(
        "project_id",
        Kind.text,
        "buyer",
        lambda dr: d.slug(
            dr["buyer_name"],
            dr["date"].year,
            fallback="projet" if dr["language"] is Lang.fr else "project",
        ),
    ),
    Question("contact_name", Kind.text, "buyer", lambda dr: _texts(dr).contact_name),
    Question("contact_email", Kind.text, "buyer", lambda dr: d.DEFAULT_EMAIL),
    Question("challenge", Kind.text, "buyer", lambda dr: _texts(dr).challenge),
    Question(
        "channels",
        Kind.multi,
        "service",
        lambda dr: list(_figures(dr).channels),
        choices=tuple(Channel),
        check=_check_unique,
    ),
    Question(
        "volumes",
        Kind.volumes,
        "service",
        lambda dr: {c: d.VOLUMES[c] for c in dr["channels"]},
        check=_check_volumes,
    ),
    Question("agents", Kind.integer, "service", lambda dr: _figures(dr).agents),
    Question(
        "sourcing", Kind.choice, "service", lambda dr: Sourcing.in_house, choices=tuple(Sourcing)
    ),
    Question(
        "current_annual_cost",
        Kind.money,
        "service",
        lambda dr: d.money(_figures(dr).current_annual_cost),
    ),
    Question(
        "deployment",
        Kind.choice,
        "solution",
        lambda dr: Deployment.saas,
        choices=tuple(Deployment),
    ),
    Question("personal_data", Kind.confirm, "solution", lambda dr: True),
    Question(
        "call_recording",
        Kind.confirm,
        "solution",
        _default_call_recording,
        ask=lambda dr: bool(dr["personal_data"] and Channel.voice in dr["channels"]),
        check=_check_recording,
    ),
    Question(
        "contract_types",
        Kind.multi,
        "contract",
        lambda dr: d.contract_types_for(dr["deployment"]),
        choices=tuple(ContractType),
        check=_check_unique,
    ),
    Question(
        "procurement",
        Kind.choice,
        "contract",
        lambda dr: Procurement.private,
        choices=tuple(Procurement),
    ),
    Question(
        "procedure",
        Kind.choice,
        "contract",
        _default_procedure,
        choices=tuple(p for p in ProcedureKind if p is not ProcedureKind.private_consultation),
        ask=lambda dr: dr["procurement"] is Procurement.public,
        check=_check_procedure,
    ),
    Question("budget_min", Kind.money, "contract", lambda dr: d.money(_figures(dr).budget[0])),
    Question(
        "budget_max",
        Kind.money,
        "contract",
        lambda dr: max(d.money(_figures(dr).budget[1]), dr["budget_min"]),
        check=_check_budget,
    ),
    Question("duration_years", Kind.integer, "contract", lambda dr: _figures(dr).duration_years),
    Question("price_weight", Kind.integer, "planning", lambda dr: _figures(dr).price_weight),
    Question("publication", Kind.date, "planning", lambda dr: d.default_publication(dr["date"])),
    Question(
        "answers_due",
        Kind.date,
        "planning",
        lambda dr: d.default_answers_due(dr["publication"]),
        check=_check_answers_due,
    ),
    Question(
        "decision",
        Kind.date,
        "planning",
        lambda dr: d.default_decision(dr["answers_due"]),
        check=_after(
            "answers_due",
            "the decision comes after the answer deadline",
            "la décision vient après la date limite de remise des offres",
        ),
    ),
    Question(
        "go_live",
        Kind.date,
        "planning",
        lambda dr: d.default_go_live(dr["decision"]),
        check=_after(
            "decision", "go-live comes after the decision", "la mise en service suit la décision"
        ),
    ),
)

QUESTIONS_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


def setup(template: TemplateName | None, language: Lang | None) -> tuple[TemplateName, Lang]:
    """Template and language: as given, else the default template and that template's language."""
    chosen = template or DEFAULT_TEMPLATE
    return chosen, language or TEMPLATES[chosen].default_language


def start_draft(template: TemplateName, language: Lang, today: dt.date) -> Draft:
    """The draft every walk starts from (``today`` only feeds the version date's default)."""
    return {"template": template, "language": language, "today": today}


#: What a pattern means, for the answers whose type is a pattern.
_PATTERNS: dict[str, Message] = {
    "contact_email": _msg(
        "an e-mail address is expected (name@example.com)",
        "une adresse e-mail est attendue (nom@exemple.fr)",
    ),
    "project_id": _msg(
        "letters, digits, '.', '_' or '-' only, starting with a letter or a digit",
        "lettres, chiffres, « . », « _ » ou « - » seulement, en commençant par une lettre ou un chiffre",
    ),
}


def field_problem(key: str, value: Any, lang: Lang = Lang.en) -> str | None:
    """Why ``value`` is not a valid answer for ``key`` on its own (None when it is)."""
    try:
        PartialAnswers.model_validate({key: value})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        if err["type"] == "string_pattern_mismatch" and key in _PATTERNS:
            return _PATTERNS[key][lang]
        msg = str(err["msg"]).removeprefix("Value error, ")
        return msg[:1].lower() + msg[1:]
    return None


def finish(draft: Draft) -> Answers:
    """The complete answers of a finished walk (every key is in the draft)."""
    return Answers.model_validate({k: v for k, v in draft.items() if k != "today"})


def resolve(
    given: AnswersFile | None,
    *,
    template: TemplateName | None,
    language: Lang | None,
    today: dt.date,
) -> Answers:
    """Answers without prompts: each key as given in the answers file, else its default.

    ``template`` and ``language`` (the command-line options) win over the file's. Raises
    :class:`AnswersError` with located findings when answers break a rule between them.
    """
    values = given.given if given is not None else {}
    chosen, lang = setup(template or values.get("template"), language or values.get("language"))
    draft = start_draft(chosen, lang, today)
    problems: list[Finding] = []
    for question in QUESTIONS:
        key = question.key
        value = values.get(key)
        if value is None:
            value = question.default(draft)
        elif question.kind is Kind.volumes:
            value = {**question.default(draft), **value}
        draft[key] = value
        message = question.check(value, draft)
        if message is not None:
            problems.append(located_error(given, key, message[Lang.en]))
    if problems:
        raise AnswersError(given.display if given is not None else "<answers>", problems)
    return finish(draft)
