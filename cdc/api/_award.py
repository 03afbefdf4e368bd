"""The API's award step (``cdc award``): the score report, the buyer's decisions, the award
report and one draft letter per bidder.

Light to import like the rest of :mod:`cdc.api`: every stage is imported inside the function
that needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.api._prepare import CheckedProject, PathLike
from cdc.core.errors import CdcError

if TYPE_CHECKING:
    from cdc.core.findings import Finding
    from cdc.model import Project
    from cdc.model.award import AwardDecisions
    from cdc.rendering.api import RenderResult
    from cdc.scoring.award import Award
    from cdc.scoring.report import ScoreReport


class DecisionsInvalid(CdcError):
    """The award decisions file does not validate (its located findings say why)."""

    def __init__(self, display: str, findings: list[Finding]) -> None:
        super().__init__(f"{display}: the award decisions file is invalid: nothing written")
        self.findings = findings


def award_formats() -> tuple[str, ...]:
    """The formats the award report and the letters are written in."""
    from cdc.rendering.award import AWARD_FORMATS

    return AWARD_FORMATS


def load_decisions(path: PathLike) -> AwardDecisions:
    """The buyer's award decisions (``attribution.yaml``); :class:`DecisionsInvalid` with the
    located findings when the file cannot be read or does not validate."""
    from cdc.reading.award import load_decisions as load

    loaded = load(Path(path))
    if loaded.decisions is None:
        raise DecisionsInvalid(loaded.display, loaded.findings)
    return loaded.decisions


def award(report: ScoreReport, decisions: AwardDecisions | None = None) -> Award:
    """The award context of a score report: bids, reasons, warnings and the buyer's answers,
    one letter per bidder, the decisions still to take (see :mod:`cdc.scoring.award`)."""
    from cdc.scoring.award import award as compute

    return compute(report, decisions)


def award_documents(
    project: CheckedProject | PathLike,
    responses: Sequence[PathLike],
    evaluations: Sequence[PathLike] = (),
    *,
    decisions: PathLike | None = None,
    output_dir: PathLike,
    formats: Sequence[str] = ("docx",),
    force: bool = False,
    pdf_engine: str = "auto",
    lang: str | None = None,
    templates: PathLike | None = None,
    reference_docx: PathLike | None = None,
) -> RenderResult:
    """Score the bids, then write the award report and one draft letter per bidder.

    Raises :class:`cdc.api.ProjectInvalid` (lint errors), :class:`DecisionsInvalid` (a bad
    decisions file), :class:`cdc.core.errors.InputError` (a bad response or evaluation) and
    :class:`cdc.core.errors.UsageError` / ``OutputError`` (a bad format, a file cdc did not write
    in the way) before anything is written. ``lang`` (``fr`` or ``en``) words the documents in
    another language than the project's; the project's own words (criterion titles, scale
    labels) stay as written. ``templates`` (a folder of templates overriding the built-in ones)
    and ``reference_docx`` (styles and page set-up for the DOCX) work as in ``cdc render``.
    """
    from cdc.api._prepare import check, score
    from cdc.rendering.award import render_award_documents

    checked = project if isinstance(project, CheckedProject) else check(project)
    language = None if lang is None else in_language(checked, lang)  # a bad --lang: at once
    chosen = load_decisions(decisions) if decisions is not None else None
    report = score(checked, responses, evaluations)
    if language is not None:  # the bids answered the project as it is: only the words change
        report = worded_in(report, language)
    inputs = [checked.path, *(Path(p) for p in responses), *(Path(p) for p in evaluations)]
    if decisions is not None:
        inputs.append(Path(decisions))
    return render_award_documents(
        award(report, chosen),
        output_dir=Path(output_dir),
        formats=list(formats),
        project_root=checked.path.parent,
        force=force,
        pdf_engine=pdf_engine,
        inputs=inputs,
        templates=None if templates is None else Path(templates),
        reference_docx=None if reference_docx is None else Path(reference_docx),
    )


def in_language(checked: CheckedProject, lang: str) -> Project:
    """The checked project with its documents' language set to ``lang`` (usage error when cdc
    has no templates in that language)."""
    from cdc.core.errors import UsageError
    from cdc.model.enums import Language

    try:
        language = Language(lang)
    except ValueError:
        known = ", ".join(x.value for x in Language)
        raise UsageError(f"--lang {lang}: choose among {known}") from None
    project = checked.valid()
    info = project.project.model_copy(update={"language": language})
    return project.model_copy(update={"project": info})


def worded_in(report: ScoreReport, project: Project) -> ScoreReport:
    """The same scores, with ``project`` (the same one in another language) for the words."""
    from dataclasses import replace

    scoring = replace(report.scoring, project=project, leaves_below={}, kinds={})
    return replace(report, scoring=scoring)


__all__ = [
    "DecisionsInvalid",
    "award",
    "award_documents",
    "award_formats",
    "in_language",
    "load_decisions",
    "worded_in",
]
