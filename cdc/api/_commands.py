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
    from cdc.rendering.vocabulary import FORMATS

    return FORMATS


def render_documents() -> tuple[str, ...]:
    """Every document ``cdc render --doc`` accepts (light: the command's help lists them)."""
    from cdc.rendering.vocabulary import DOCUMENTS

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
    from cdc.rendering.vocabulary import DOCUMENT_FORMATS

    return sum(1 for d in documents for f in formats if f in DOCUMENT_FORMATS[d])


def check_pdf_engine(engine: str) -> str:
    """``engine`` when it is ``auto``, ``weasyprint`` or ``typst``; otherwise a usage error."""
    from cdc.rendering.writers.pdf import check_pdf_engine as check

    return check(engine)


def pdf_engine_for(engine: str) -> str:
    """The engine that lays the PDFs out (``auto``: Typst where it is installed)."""
    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine

    return resolve_pdf_engine(engine)


def pdf_engine_name(engine: str | None) -> str:
    """The engine's name as users know it (``WeasyPrint``, ``Typst``); empty when unknown."""
    from cdc.rendering.writers._pdf_engines import ENGINE_NAMES

    return ENGINE_NAMES.get(engine or "", "")


def score_paths(paths: list[Path], project: Path | None) -> tuple[Path, list[Path]]:
    """``cdc score``'s positional paths → (the project file, the responses).

    ``--project`` names the project, and then every path is a response. Otherwise the first
    path is the project when it is a YAML file that is not a response (a response has a
    top-level ``vendor:`` key, which a project may not have) — the historical
    ``cdc score cdc.yaml responses/``; else the project is ``./cdc.yaml``. No response left
    is a usage error.
    """
    from pathlib import Path

    from cdc.core.errors import UsageError

    rest = list(paths)
    if project is None:
        first = rest[0] if rest else None
        if first is not None and _is_project_yaml(first):
            project, rest = first, rest[1:]
        else:
            project = Path("cdc.yaml")
            if not project.exists():
                # Say why cdc.yaml was looked for: the first path was not taken as the project.
                what = f"{first} is not a project file and " if first is not None else ""
                raise UsageError(
                    f"no project file: {what}there is no ./cdc.yaml here; give the project "
                    "file first (cdc score PROJECT RESPONSES…) or with --project FILE"
                )
    if not rest:
        raise UsageError(
            "no responses to score: give the vendors' grids or YAML files, or a folder of "
            "them (cdc score [PROJECT] RESPONSES…)"
        )
    return project, rest


def _is_project_yaml(path: Path) -> bool:
    import re

    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # let the project reader say what is wrong with it
    # A byte-order mark (saved by some Windows editors) must not hide the first key.
    head = head.removeprefix("\ufeff")
    return re.search(r"""^["']?vendor["']?[ \t]*:""", head, re.MULTILINE) is None


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
def check_follow_documents(documents: str, formats: str | None) -> None:
    """``cdc follow --doc`` and ``--doc-format`` checked before any work: an unknown document
    or format is a usage error naming the choices."""
    from cdc.rendering.api import parse_list
    from cdc.rendering.execution import EXECUTION_DOCUMENTS, EXECUTION_FORMATS

    parse_list(documents, EXECUTION_DOCUMENTS, "document")
    parse_list(formats, EXECUTION_FORMATS, "format")


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
def message_text(message: Message, report: ScoreReport | None = None) -> str:
    """A scoring warning or reason in one English sentence.

    Given the ``report``, what the sentence quotes from the project is shown as the project
    writes it: a scale level by its label (``answered 'Non conforme'``, not its id), a
    criterion by its title; the sentence around stays English, like every CLI message.
    """
    from decimal import Decimal

    from cdc.scoring.messages import KINDS, Message, english

    if report is None:
        return english(message)
    params = dict(message.params)
    scoring = report.scoring
    project, rounding = scoring.project, scoring.evaluation.rounding
    for name, value in params.items():  # numbers in the project's language (``4,5``)
        kind = KINDS.get(name)
        if kind in ("score", "points") and isinstance(value, Decimal):
            params[name] = number_text(value, project, rounding)
        elif kind == "percent" and isinstance(value, Decimal):
            params[name] = _shortest(value, project)
        elif kind == "notes":
            params[name] = [(who, _shortest(note, project)) for who, note in value]
    if isinstance(params.get("answer"), str):
        level = scoring.level(params["answer"])
        if level is not None:
            params["answer"] = level.label
    if isinstance(params.get("criterion"), str):
        titles = {c.criterion.id: c.criterion.title for c in scoring.criteria}
        params["criterion"] = titles.get(params["criterion"], params["criterion"])
    return english(Message(message.code, params))


def _shortest(value: Decimal, project: Project) -> str:
    """A number with the decimals it has (``4.5`` → ``4,5`` in French, ``80`` stays ``80``)."""
    decimals = len(f"{value.normalize():f}".partition(".")[2])
    return number_text(value, project, decimals)


def amount_text(value: Decimal | None, project: Project) -> str:
    """An amount in the project's language and currency, to the cent: ``769 600,00 €`` in
    French (narrow no-break spaces), ``€769,600.00`` in English; ``—`` for none."""
    from cdc.rendering.fmt import Formatter

    if value is None:
        return "—"
    info = project.project
    return Formatter(info.language.value).money(value, info.currency, decimals=2)


def number_text(value: Decimal | float | int, project: Project, decimals: int) -> str:
    """A number in the project's language: ``86,69`` in French, ``86.69`` in English, with
    the thousands separator of the language."""
    from cdc.rendering.fmt import Formatter

    return Formatter(project.project.language.value).number(value, decimals)


def rules_text(report: ScoreReport) -> str:
    """The elimination and missing-answer rules the report applied, in one sentence."""
    from cdc.scoring.report import rules

    return rules(report)


def outcome_text(tipping: TippingPoint) -> str:
    """What the nearest change of weight would do to the ranking."""
    from cdc.scoring.report import outcome_english

    return outcome_english(tipping)


def distance_text(distance: DistanceToWin, report: ScoreReport | None = None) -> str:
    """A loser's distance to the first place, in words; given the ``report``, its points and
    price in the project's number format (``839 251,45 €``)."""
    from cdc.scoring.report import distance_english

    if report is None:
        return distance_english(distance)
    project = report.scoring.project
    decimals = report.scoring.evaluation.rounding
    return distance_english(
        distance,
        points=lambda value: number_text(value, project, decimals),
        amount=lambda value: amount_text(value, project),
    )
