"""What the commands offer and check, so :mod:`cdc.cli` reaches the stages only through the API.

The option vocabularies (formats, documents, PDF engines) and the bounds of a typed value
belong to the stage that honours them; a command needs them to refuse a bad option before any
work, and to say which engine wrote a file. Starting a project (``cdc init``), the follow-up's
documents and the English wording of a score report for the terminal are here for the same
reason. Everything is imported inside the function that needs it: ``import cdc.api`` stays
light for the cached ``cdc lint``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdc.core.errors import InputError

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal
    from pathlib import Path

    from cdc.core.findings import Finding
    from cdc.execution import FollowUp
    from cdc.init.answers import Answers
    from cdc.init.catalog import Lang, TemplateName
    from cdc.model import Project
    from cdc.model.execution import ExecutionLog
    from cdc.rendering.api import RenderResult
    from cdc.scoring.explain import DistanceToWin, TippingPoint
    from cdc.scoring.messages import Message
    from cdc.scoring.report import ScoreReport


# -- the options of cdc render / ci / follow / score ----------------------------------------
def render_formats() -> tuple[str, ...]:
    """The formats ``cdc render`` writes, in their canonical order."""
    from cdc.rendering.api import FORMATS

    return FORMATS


def render_documents() -> tuple[str, ...]:
    """Every document ``cdc render --doc`` accepts."""
    from cdc.rendering.api import DOCUMENTS

    return DOCUMENTS


def choices(value: str | None, allowed: tuple[str, ...], what: str) -> list[str]:
    """``"md,html"`` or ``"all"`` (or None) → the validated list in canonical order; an
    unknown item is a usage error naming the choices."""
    from cdc.rendering.api import parse_list

    return parse_list(value, allowed, what)


def documents_for(project: Project, root: Path | None = None) -> list[str]:
    """The documents that have content for this project (the default of ``--doc``)."""
    from cdc.rendering.api import applicable_documents

    return applicable_documents(project, root)


def files_to_write(documents: list[str], formats: list[str]) -> int:
    """How many files a render of ``documents`` × ``formats`` writes or checks (a document
    exists only in some formats): one step of a progress bar each."""
    from cdc.rendering.api import DOCUMENT_FORMATS

    return sum(1 for d in documents for f in formats if f in DOCUMENT_FORMATS[d])


def check_pdf_engine(engine: str) -> str:
    """``engine`` when it is ``auto``, ``weasyprint`` or ``typst``; otherwise a usage error."""
    from cdc.rendering.writers.pdf import check_pdf_engine as check

    return check(engine)


def pdf_engine_for(engine: str, requirements: int) -> str:
    """The engine that lays the PDFs of a project out (``auto`` resolved by its size)."""
    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine

    return resolve_pdf_engine(engine, requirements)


def pdf_engine_name(engine: str | None) -> str:
    """The engine's name as users know it (``WeasyPrint``, ``Typst``); empty when unknown."""
    from cdc.rendering.writers._pdf_engines import ENGINE_NAMES

    return ENGINE_NAMES.get(engine or "", "")


# -- the bounds of what a user types (cdc penalties) ----------------------------------------
def money_limit() -> Decimal:
    """The largest amount a project (or a typed amount) may hold."""
    from cdc.model._base import MAX_MONEY

    return MAX_MONEY


def days_limit() -> int:
    """The largest number of days a project (or a typed delay) may hold."""
    from cdc.model._base import MAX_DAYS

    return MAX_DAYS


def rounding_rule() -> str:
    """How penalties are rounded, in one English sentence (printed with every result)."""
    from cdc.contract.penalties import ROUNDING_RULE

    return ROUNDING_RULE


# -- cdc follow --doc ------------------------------------------------------------------------
def follow_documents(
    project: Project,
    log: ExecutionLog,
    follow: FollowUp,
    *,
    project_root: Path,
    output_dir: Path,
    documents: str,
    formats: str | None,
    grievance: str | None = None,
    force: bool = False,
    pdf_engine: str = "auto",
) -> RenderResult:
    """Write the follow-up's documents (dashboard, register, evidence index, letter) asked as
    comma lists or ``all``; ``all`` without a grievance means every document but the letter."""
    from cdc.rendering.api import parse_list
    from cdc.rendering.execution import (
        EXECUTION_DOCUMENTS,
        EXECUTION_FORMATS,
        render_execution_documents,
    )

    docs = parse_list(documents, EXECUTION_DOCUMENTS, "document")
    if grievance is None and "letter" in docs and documents.strip() == "all":
        docs.remove("letter")
    return render_execution_documents(
        project,
        log,
        follow,
        project_root=project_root,
        output_dir=output_dir,
        documents=docs,
        formats=parse_list(formats, EXECUTION_FORMATS, "format"),
        grievance=grievance,
        force=force,
        pdf_engine=pdf_engine,
    )


# -- cdc init ---------------------------------------------------------------------------------
class AnswersInvalid(InputError):
    """An answers file ``cdc init`` cannot use: its located findings, and a one-line verdict."""

    def __init__(self, findings: list[Finding], summary: str) -> None:
        super().__init__(summary)
        self.findings = findings
        self.summary = summary


def init_target(directory: Path, *, force: bool) -> Path:
    """``DIRECTORY/cdc.yaml`` when it may be written (absent, or ``force``); else an error."""
    from cdc.init.output import check_target

    return check_target(directory, force=force)


def init_answers(
    answers: Path | None,
    *,
    template: TemplateName | None,
    language: Lang | None,
    today: dt.date,
) -> Answers:
    """The answers of ``cdc init``: from an answers file, or every default when None."""
    from cdc.init.answers import AnswersError, read_answers
    from cdc.init.questions import resolve

    try:
        given = None if answers is None else read_answers(answers)
        return resolve(given, template=template, language=language, today=today)
    except AnswersError as exc:
        raise AnswersInvalid(exc.findings, exc.summary) from None


def init_wizard(
    template: TemplateName | None, language: Lang | None, today: dt.date, target: Path
) -> Answers:
    """Ask a terminal user ``cdc init``'s questions (the others take their defaults)."""
    from cdc.init.prompting import ask_all

    return ask_all(template, language, today, target)


def init_text(answers: Answers) -> str:
    """The commented ``cdc.yaml`` the answers give."""
    from cdc.init.generate import generate

    return generate(answers)


# -- a score report in English words, for the terminal -------------------------------------
def message_text(message: Message) -> str:
    """A scoring warning or reason in one English sentence."""
    from cdc.scoring.messages import english

    return english(message)


def rules_text(report: ScoreReport) -> str:
    """The elimination and missing-answer rules the report applied, in one sentence."""
    from cdc.scoring.report import rules

    return rules(report)


def outcome_text(tipping: TippingPoint) -> str:
    """What the nearest change of weight would do to the ranking."""
    from cdc.scoring.report import outcome_english

    return outcome_english(tipping)


def distance_text(distance: DistanceToWin) -> str:
    """A loser's distance to the first place, in words."""
    from cdc.scoring.report import distance_english

    return distance_english(distance)
