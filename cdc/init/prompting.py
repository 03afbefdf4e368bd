"""The interactive side of ``cdc init``: the questions of :mod:`cdc.init.questions`, asked.

The one module of :mod:`cdc.init` that talks to a terminal. ``questionary`` (on prompt_toolkit)
is imported here only, so no other command pays for it. Every prompt offers the default the
non-interactive modes would take, validates as the answers model does, and checks the rules
between answers before moving on, in the buyer's language. Ctrl-C or Ctrl-D at any prompt
raises :class:`KeyboardInterrupt`: nothing has been written yet, and nothing will be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from cdc.init.answers import Answers
from cdc.init.catalog import TEMPLATES, Lang, TemplateName
from cdc.init.defaults import VOLUMES
from cdc.init.questions import QUESTIONS, Draft, Kind, Question, field_problem, finish, start_draft
from cdc.init.texts import PROMPTS, SECTIONS, WORDS, label
from cdc.model.enums import Channel


def _number(raw: str, lang: Lang, *, whole: bool) -> int | Decimal | None:
    """``300 000``, ``300,000`` or ``300000`` → 300000; None when it is not a number."""
    text = raw.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("_", "")
    text = text.replace(",", "") if lang is Lang.en else text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if whole:
        return int(value) if value == value.to_integral_value() else None
    return value


def _parse(kind: Kind, raw: str, lang: Lang) -> tuple[Any, str | None]:
    """The typed value of a typed-in answer, or the reason it is not one."""
    words = WORDS[lang]
    if kind is Kind.date:
        try:
            return dt.date.fromisoformat(raw.strip()), None
        except ValueError:
            return None, words["not_a_date"]
    if kind in (Kind.integer, Kind.money):
        value = _number(raw, lang, whole=kind is Kind.integer)
        return (value, None) if value is not None else (None, words["not_a_number"])
    text = raw.strip()
    return (text, None) if text else (None, words["empty"])


def _shown(kind: Kind, value: Any) -> str:
    """A default as the buyer sees it in the input line."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class Wizard:
    """Asks the questions one after the other, keeping the answers given so far."""

    def __init__(self, lang: Lang) -> None:
        import questionary

        self.q = questionary
        self.lang = lang

    def ask(self, question: Any) -> Any:
        """Run one questionary prompt; Ctrl-C and Ctrl-D both abandon the wizard."""
        try:
            return question.unsafe_ask()
        except EOFError:
            raise KeyboardInterrupt from None

    def typed(
        self, message: str, kind: Kind, default: Any, problem: Callable[[Any], str | None]
    ) -> Any:
        """A typed-in answer: parsed, then refused with ``problem``'s reason until it is valid."""

        def validate(raw: str) -> bool | str:
            value, unreadable = _parse(kind, raw, self.lang)
            reason = unreadable if unreadable is not None else problem(value)
            return True if reason is None else reason

        raw = self.ask(self.q.text(message, default=_shown(kind, default), validate=validate))
        return _parse(kind, raw, self.lang)[0]

    def volume_problem(self, channel: Channel) -> Callable[[Any], str | None]:
        """Why a yearly volume is refused (checked as the answers file's ``volumes`` would be)."""
        return lambda value: field_problem("volumes", {channel: value}, self.lang)

    def problem(self, question: Question, draft: Draft) -> Callable[[Any], str | None]:
        """Why a value is refused: the answers model first, then the rules between answers."""

        def reason(value: Any) -> str | None:
            found = field_problem(question.key, value, self.lang)
            if found is None:
                message = question.check(value, draft)
                found = None if message is None else message[self.lang]
            return found

        return reason

    def choose(self, message: str, key: str, choices: tuple[Enum, ...], default: Any) -> Any:
        """One choice in a list, the default highlighted."""
        options = [self.q.Choice(label(self.lang, key, str(c.value)), value=c) for c in choices]
        chosen = next((o for o in options if o.value == default), options[0])
        return self.ask(
            self.q.select(
                message,
                choices=options,
                default=chosen,
                instruction=WORDS[self.lang]["select_hint"],
            )
        )

    def yes_no(self, message: str, default: bool) -> bool:
        """Yes or no, in the buyer's language (questionary's confirm only speaks English)."""
        words = WORDS[self.lang]
        options = [self.q.Choice(words["yes"], value=True), self.q.Choice(words["no"], value=False)]
        chosen = options[0] if default else options[1]
        return bool(
            self.ask(
                self.q.select(
                    message, choices=options, default=chosen, instruction=words["select_hint"]
                )
            )
        )

    def tick(self, message: str, key: str, choices: tuple[Enum, ...], default: list[Any]) -> Any:
        """Several choices in a list, the defaults ticked; at least one must stay ticked."""
        options = [
            self.q.Choice(label(self.lang, key, str(c.value)), value=c, checked=c in default)
            for c in choices
        ]
        picked = self.ask(
            self.q.checkbox(
                message,
                choices=options,
                instruction=WORDS[self.lang]["multi_hint"],
                validate=lambda picked: bool(picked) or WORDS[self.lang]["one_at_least"],
            )
        )
        # questionary sums several choices up as "done (N selections)": say which.
        names = ", ".join(label(self.lang, key, str(c.value)) for c in picked)
        self.q.print(f"  {names}", style="fg:ansicyan")
        return picked

    def question(self, question: Question, draft: Draft) -> Any:
        """Ask ``question`` with the default computed from the answers so far."""
        default = question.default(draft)
        message = PROMPTS[self.lang][question.key]
        if question.kind is Kind.choice:
            return self.choose(message, question.key, question.choices, default)
        if question.kind is Kind.multi:
            return self.tick(message, question.key, question.choices, default)
        if question.kind is Kind.confirm:
            return self.yes_no(message, bool(default))
        if question.kind is Kind.volumes:
            volumes: dict[Channel, int] = {}
            for channel in draft["channels"]:
                shown = f"{message} — {label(self.lang, 'channels', channel.value)}"
                volumes[channel] = self.typed(
                    shown,
                    Kind.integer,
                    default.get(channel, VOLUMES[channel]),
                    self.volume_problem(channel),
                )
            return volumes
        return self.typed(message, question.kind, default, self.problem(question, draft))

    def heading(self, text: str) -> None:
        """A section heading between groups of questions."""
        self.q.print(f"\n{text}", style="bold")


def ask_all(
    template: TemplateName | None, language: Lang | None, today: dt.date, target: Path
) -> Answers:
    """Ask every question a terminal user is asked; the rest take their defaults."""
    lang = language or (TEMPLATES[template].default_language if template else Lang.fr)
    wizard = Wizard(lang)
    if language is None:
        lang = wizard.choose(PROMPTS[Lang.fr]["language"], "language", tuple(Lang), lang)
        wizard.lang = lang
    wizard.q.print(WORDS[lang]["intro"].format(path=target), style="italic")
    if template is None:
        template = wizard.choose(
            PROMPTS[lang]["template"], "template", tuple(TemplateName), TemplateName.contact_center
        )
    assert template is not None
    draft = start_draft(template, lang, today)
    section = ""
    for question in QUESTIONS:
        if not question.interactive or not question.ask(draft):
            draft[question.key] = question.default(draft)
            continue
        if question.section != section:
            section = question.section
            wizard.heading(SECTIONS[lang][section])
        draft[question.key] = wizard.question(question, draft)
    return finish(draft)
