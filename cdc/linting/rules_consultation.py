"""Rules on the questions-and-answers register kept while the consultation is open.

They check ``questions.yaml`` (read beside ``cdc.yaml``, see :mod:`cdc.reading.consultation`)
against the project: its planning (questions deadline, answer deadline), its catalogue
(requirement and section ids) and its versions. Every hit points into the register.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from cdc.core.findings import Severity
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model import Project
from cdc.model.consultation import Question
from cdc.model.enums import MilestoneKind
from cdc.reading.consultation import LoadedRegister

_W = Severity.warning
_E = Severity.error


def _questions(ctx: LintContext) -> Iterator[tuple[int, Question, LoadedRegister]]:
    loaded = ctx.questions
    if loaded is None or loaded.register is None:
        return
    for i, question in enumerate(loaded.register.questions):
        yield i, question, loaded


def _milestone(project: Project, kind: MilestoneKind) -> dt.date | None:
    """The date of the first milestone of ``kind`` in the planning, if any."""
    if project.planning is None:
        return None
    dates = [m.date for m in project.planning.milestones if m.kind is kind]
    return min(dates) if dates else None


def _subject(question: Question) -> str:
    return f"Q{question.number}"


@rule(
    "QNA001",
    "question-after-deadline",
    _W,
    "consultation",
    "A question was received after the questions deadline of the planning.",
)
def question_after_deadline(ctx: LintContext) -> Iterator[Hit]:
    """The planning's questions deadline (milestone questions_deadline) is announced to every
    candidate; answering a question received later favours the one who asked late. The buyer
    may still answer it to all, but decides so knowingly (a waiver records why)."""
    deadline = _milestone(ctx.project, MilestoneKind.questions_deadline)
    if deadline is None:
        return
    for i, question, loaded in _questions(ctx):
        if question.received > deadline:
            late = (question.received - deadline).days
            yield Hit(
                ("questions", i, "received"),
                f"question {question.number} was received on {question.received}, {late} "
                f"day{'s' if late > 1 else ''} after the questions deadline ({deadline})",
                _subject(question),
                source=loaded.source,
            )


@rule(
    "QNA002",
    "unanswered-question",
    _W,
    "consultation",
    "A question has no answer yet.",
)
def unanswered_question(ctx: LintContext) -> Iterator[Hit]:
    """Every question gets an answer sent to all candidates, even "see the specification,
    section 4": an unanswered question is work left before the answers are published."""
    for i, question, loaded in _questions(ctx):
        if question.answer is None:
            yield Hit(
                ("questions", i, "number"),
                f"question {question.number} (received {question.received}) has no answer yet",
                _subject(question),
                source=loaded.source,
            )


@rule(
    "QNA003",
    "late-answer",
    _W,
    "consultation",
    "An answer is published fewer days before the answer deadline than planning.answers_lead_days.",
)
def late_answer(ctx: LintContext) -> Iterator[Hit]:
    """Additional information must reach the candidates in time to use it: in French public
    procurement, at the latest six days before the answer deadline in the formalised procedures
    (to be checked against the code in force for the procedure). The number of days is the
    project's planning.answers_lead_days (default 6); a private buyer may set its own."""
    deadline = _milestone(ctx.project, MilestoneKind.answers_due)
    if deadline is None or ctx.project.planning is None:
        return
    lead = ctx.project.planning.answers_lead_days
    latest = deadline - dt.timedelta(days=lead)
    for i, question, loaded in _questions(ctx):
        if question.answered is not None and question.answered > latest:
            left = (deadline - question.answered).days
            when = (
                f"{left} day{'s' if left > 1 else ''} before the answer deadline ({deadline})"
                if left > 0
                else f"on or after the answer deadline ({deadline})"
            )
            yield Hit(
                ("questions", i, "answered"),
                f"the answer to question {question.number} is published on {question.answered}, "
                f"{when}; answers are due at the latest {lead} days before it ({latest}): "
                "move the deadline or answer earlier",
                _subject(question),
                source=loaded.source,
            )


def declared_versions(project: Project) -> dict[str, dt.date]:
    """Version text → date of every version of the specification the project declares: its
    history (``project.versions``) and the current version (``project.version``)."""
    info = project.project
    out = {v.version: v.date for v in info.versions}
    out.setdefault(info.version, info.date)
    return out


@rule(
    "QNA004",
    "change-without-version",
    _E,
    "consultation",
    "An answer changes the specification but no later version carries the change.",
)
def change_without_version(ctx: LintContext) -> Iterator[Hit]:
    """An answer cannot change the specification by itself: the change must be carried by a
    new version, sent with its addendum, so that every candidate answers the same text. The
    answer names that version (changed_in); it must be a version the project declares, dated
    on or after the answer."""
    versions = declared_versions(ctx.project)
    for i, question, loaded in _questions(ctx):
        if not question.changes_specification:
            continue
        named = question.changed_in
        if named is None:
            yield Hit(
                ("questions", i, "changes_specification"),
                f"the answer to question {question.number} changes the specification but names "
                "no version that carries the change (changed_in)",
                _subject(question),
                source=loaded.source,
            )
            continue
        date = versions.get(named)
        if date is None:
            known = ", ".join(sorted(versions)) or "none"
            yield Hit(
                ("questions", i, "changed_in"),
                f"question {question.number}: version {named} is not a version of the project "
                f"(declared: {known})",
                _subject(question),
                source=loaded.source,
            )
        elif question.answered is not None and date < question.answered:
            yield Hit(
                ("questions", i, "changed_in"),
                f"question {question.number}: version {named} is dated {date}, before the "
                f"answer ({question.answered}); the change needs a later version",
                _subject(question),
                source=loaded.source,
            )


@rule(
    "QNA005",
    "unknown-question-reference",
    _E,
    "consultation",
    "A question concerns a requirement or section that does not exist.",
)
def unknown_reference(ctx: LintContext) -> Iterator[Hit]:
    """The published document groups the answers by section and names the requirement each
    one is about: a mistyped id would file the answer under nothing, and candidates would look
    for a requirement that does not exist."""
    requirements = {r.id for r in ctx.project.requirements}
    sections = {s.id for s in ctx.project.requirement_sections}
    for i, question, loaded in _questions(ctx):
        ref = question.concerns
        if ref is not None and ref not in requirements and ref not in sections:
            yield Hit(
                ("questions", i, "concerns"),
                f"question {question.number} concerns '{ref}', which is neither a requirement "
                "nor a requirement section of the project",
                ref,
                source=loaded.source,
            )


@rule(
    "QNA006",
    "duplicate-question-number",
    _E,
    "consultation",
    "Two questions of the register have the same number.",
)
def duplicate_number(ctx: LintContext) -> Iterator[Hit]:
    """Candidates cite answers by number ("see Q12"): a number means one question."""
    seen: dict[int, Question] = {}
    for i, question, loaded in _questions(ctx):
        first = seen.setdefault(question.number, question)
        if first is not question:
            yield Hit(
                ("questions", i, "number"),
                f"question number {question.number} is used twice (received {first.received} "
                f"and {question.received})",
                _subject(question),
                source=loaded.source,
            )


@rule(
    "QNA007",
    "candidate-named",
    _E,
    "consultation",
    "A published question or answer names the candidate who asked.",
)
def candidate_named(ctx: LintContext) -> Iterator[Hit]:
    """Answers go to every candidate without saying who asked (equal treatment, business
    secrecy): the register keeps the asker in asked_by, which is never printed, but a name
    copied into the question or the answer would be published with it."""
    for i, question, loaded in _questions(ctx):
        name = re.compile(rf"(?<!\w){re.escape(question.asked_by.casefold())}(?!\w)")
        for part in ("question", "answer"):
            text = getattr(question, part)
            if isinstance(text, str) and name.search(text.casefold()):
                yield Hit(
                    ("questions", i, part),
                    f"question {question.number}: the {part} names the candidate who asked "
                    f"({question.asked_by}): reword it, it is sent to every candidate",
                    _subject(question),
                    source=loaded.source,
                )
