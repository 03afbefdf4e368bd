"""The "Questions and answers" document: the register, anonymised, numbered, grouped by section.

The template never sees the register itself: it receives a :class:`QnaView` built here, which
holds what may be published and nothing else. The candidate who asked (``asked_by``) is not
copied into it, so no template — built-in or a user's — can print it. Only answered questions
are published; the others are counted, and a warning says how many are held back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from cdc.core.errors import InputError, UsageError
from cdc.model import Project
from cdc.model.consultation import Question, QuestionRegister
from cdc.model.enums import MilestoneKind
from cdc.reading.consultation import load_register, register_path
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.fmt import Formatter
from cdc.rendering.tree import Document


@dataclass(frozen=True)
class PublishedAnswer:
    """One question and its answer as every candidate reads them (no author)."""

    number: int
    received: dt.date
    question: str
    answer: str
    answered: dt.date
    #: The requirement the question is about (id and title), when it names one.
    requirement_id: str | None
    requirement_title: str | None
    changes_specification: bool
    changed_in: str | None


@dataclass(frozen=True)
class QnaGroup:
    """The answers about one section of the requirements (or the consultation in general)."""

    section_id: str | None
    title: str
    answers: list[PublishedAnswer]


@dataclass(frozen=True)
class QnaView:
    """Everything the Q&A template prints, computed in Python."""

    groups: list[QnaGroup]
    published: int
    unanswered: int
    first_received: dt.date | None
    last_answered: dt.date | None
    questions_deadline: dt.date | None
    answers_due: dt.date | None
    #: Answers that change the specification, by number: the versions candidates must read.
    changes: list[PublishedAnswer]


def _milestone(project: Project, kind: MilestoneKind) -> dt.date | None:
    if project.planning is None:
        return None
    dates = [m.date for m in project.planning.milestones if m.kind is kind]
    return min(dates) if dates else None


def _published(question: Question, project: Project) -> PublishedAnswer | None:
    if question.answer is None or question.answered is None:
        return None
    requirement = next((r for r in project.requirements if r.id == question.concerns), None)
    return PublishedAnswer(
        number=question.number,
        received=question.received,
        question=question.question,
        answer=question.answer,
        answered=question.answered,
        requirement_id=requirement.id if requirement else None,
        requirement_title=requirement.title if requirement else None,
        changes_specification=question.changes_specification,
        changed_in=question.changed_in,
    )


def qna_view(project: Project, register: QuestionRegister, general_title: str) -> QnaView:
    """The published view of ``register``: answered questions by section, in number order.

    A question is filed under the section it names, or the section of the requirement it names;
    a question about nothing in particular (or about an id the project does not have, which
    lint reports as QNA005) goes under ``general_title``, first.
    """
    sections = [(s.id, s.title) for s in project.requirement_sections]
    section_of = {r.id: r.section for r in project.requirements}
    known = {sid for sid, _ in sections}
    by_section: dict[str | None, list[PublishedAnswer]] = {}
    answers: list[PublishedAnswer] = []
    for question in sorted(register.questions, key=lambda q: (q.number, q.received)):
        published = _published(question, project)
        if published is None:
            continue
        ref = question.concerns
        section = ref if ref in known else section_of.get(ref or "")
        by_section.setdefault(section if section in known else None, []).append(published)
        answers.append(published)
    groups = []
    if None in by_section:
        groups.append(QnaGroup(None, general_title, by_section[None]))
    groups.extend(
        QnaGroup(sid, title, by_section[sid]) for sid, title in sections if sid in by_section
    )
    return QnaView(
        groups=groups,
        published=len(answers),
        unanswered=len(register.questions) - len(answers),
        first_received=min((a.received for a in answers), default=None),
        last_answered=max((a.answered for a in answers), default=None),
        questions_deadline=_milestone(project, MilestoneKind.questions_deadline),
        answers_due=_milestone(project, MilestoneKind.answers_due),
        changes=[a for a in answers if a.changes_specification],
    )


class RegisterProblem(InputError):
    """The register cannot be published: it has errors (``cdc lint`` lists them, located)."""


def read_published_register(project_root: Path) -> QuestionRegister:
    """The valid register beside the project; a usage error when there is none."""
    path = register_path(project_root)
    loaded = load_register(path)
    if loaded is None:
        raise UsageError(
            f"{path}: no questions register; the 'qna' document prints questions.yaml beside "
            "cdc.yaml"
        )
    if loaded.register is None:
        shown = "\n".join(f.text() for f in loaded.findings[:20])
        raise RegisterProblem(f"{path}: the questions register has errors:\n{shown}")
    return loaded.register


def build_qna(builder: DocumentBuilder, project_root: Path) -> Document:
    """The tree of the Q&A document, with a warning when questions are still unanswered."""
    register = read_published_register(project_root)
    labels = builder.labels.get("qna", {})
    view = qna_view(builder.project, register, str(labels.get("general", "General questions")))
    document = builder.build("qna", extra={"qna": view})
    if view.last_answered is not None:  # the document is dated by its latest answer
        day = view.last_answered
        meta = replace(
            document.meta, date=Formatter(builder.lang).date(day), date_iso=day.isoformat()
        )
        document = replace(document, meta=meta)
    if view.unanswered:
        held = view.unanswered
        warning = (
            f"qna: {held} question{'s' if held > 1 else ''} without an answer not published "
            "(lint rule QNA002 lists them)"
        )
        document = replace(document, warnings=(*document.warnings, warning))
    return document
