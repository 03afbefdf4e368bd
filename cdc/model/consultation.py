"""The questions-and-answers register: candidates' written questions and the buyer's answers.

While the consultation is open, candidates ask questions in writing and the buyer answers each
one to *all* candidates, without saying who asked (equal treatment). The register is kept in
``questions.yaml`` beside ``cdc.yaml``: one entry per question, with the candidate who asked
(kept for the buyer's file, never printed), the requirement or section it is about, the answer
and its date, and — when the answer changes the specification — the version that carries the
change. The lint rules (``cdc.linting.rules_consultation``) check it against the project's
planning and catalogue; the "Questions and answers" document prints it, anonymised.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from cdc.model._base import Date, Flag, Label, Model

#: The register's file name, beside ``cdc.yaml``.
REGISTER_FILE = "questions.yaml"

#: Most questions one register may hold (a large consultation gets a few hundred).
MAX_QUESTIONS = 5000

#: Longest question or answer, in characters (about ten pages of text).
MAX_TEXT = 50_000

#: A question or an answer: Markdown, not empty, bounded.
QnaText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT, strip_whitespace=True),
    Field(description="Free text in Markdown (at most 50,000 characters)."),
]

#: What a question is about: a requirement id (``FCT-004``) or a requirement section id.
Reference = Annotated[
    str,
    StringConstraints(pattern=r"^\S+$", min_length=1, max_length=64),
    Field(description="A requirement id (e.g. FCT-004) or a requirement section id."),
]

#: A version of the specification, as written in ``project.version`` (e.g. "1.1").
VersionText = Annotated[
    str,
    StringConstraints(pattern=r"^\S+$", min_length=1, max_length=32),
    Field(description="A version of the specification, as in project.version (e.g. 1.1)."),
]


class Question(Model):
    """One written question of a candidate and the buyer's answer to all candidates."""

    number: int = Field(
        strict=True,
        ge=1,
        le=MAX_QUESTIONS * 10,
        description="Number of the question, unique in the register; printed as Q1, Q2…",
    )
    received: Date = Field(description="Day the question was received.")
    asked_by: Label = Field(
        description=(
            "The candidate who asked. Kept for the buyer's file only: never printed in the "
            "published document, which goes to every candidate."
        )
    )
    concerns: Reference | None = Field(
        default=None,
        description=(
            "Requirement id or requirement section id the question is about; absent for a "
            "question about the consultation in general."
        ),
    )
    question: QnaText = Field(
        description="The question, as published (reworded if needed so it names no candidate)."
    )
    answer: QnaText | None = Field(
        default=None, description="The buyer's answer to all candidates."
    )
    answered: Date | None = Field(
        default=None, description="Day the answer was published to all candidates."
    )
    changes_specification: Flag = Field(
        default=False,
        description="Whether the answer changes the specification (then changed_in names the version).",
    )
    changed_in: VersionText | None = Field(
        default=None,
        description="The version of the specification that carries the change (e.g. 1.1).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.answered is not None and self.answer is None:
            raise ValueError(f"question {self.number} has an answer date but no answer")
        if self.answer is not None and self.answered is None:
            raise ValueError(f"question {self.number} has an answer but no answer date (answered)")
        if self.answered is not None and self.answered < self.received:
            raise ValueError(
                f"question {self.number} is answered on {self.answered}, before it was "
                f"received ({self.received})"
            )
        if self.changed_in is not None and not self.changes_specification:
            raise ValueError(
                f"question {self.number} names the version {self.changed_in} but "
                "changes_specification is not true"
            )
        if self.changes_specification and self.answer is None:
            raise ValueError(
                f"question {self.number} changes the specification but has no answer yet"
            )
        return self


class QuestionRegister(Model):
    """The register of a consultation's questions and answers (``questions.yaml``)."""

    questions: list[Question] = Field(
        default_factory=list,
        max_length=MAX_QUESTIONS,
        description="The questions, in any order (the published document sorts them).",
    )
