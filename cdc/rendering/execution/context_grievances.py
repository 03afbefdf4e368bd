"""The grievance and evidence sections of the execution context: the register and the index.

Split from :mod:`cdc.rendering.execution.context`. Evidence pieces are numbered as the index
(*bordereau de pièces*) numbers them, and every other section cites pieces by that number, so
the numbering lives here with the index and is handed to the other sections as
:data:`Pieces`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypedDict

from cdc.contract.catalogue import ClauseLibrary
from cdc.execution.deadlines import DeadlineKind
from cdc.execution.evidence import EvidenceState
from cdc.execution.follow import FollowUp
from cdc.model import Project
from cdc.model.execution import (
    ContractRef,
    ExecutionLog,
    Grievance,
    GrievanceStatus,
    StepKind,
)
from cdc.rendering.execution.context_types import (
    EvidenceRow,
    GrievanceRow,
    ReferenceRow,
    StepRow,
)

#: Piece ids → their sorted index numbers (ids the index does not hold are left out).
Pieces = Callable[[Sequence[str]], tuple[int, ...]]


class GrievancePart(TypedDict):
    """The fields of :class:`~.context_types.ExecutionContext` this module fills."""

    grievances: list[GrievanceRow]
    open_grievances: list[GrievanceRow]
    evidence: list[EvidenceRow]
    evidence_problems: int


def piece_numbers(follow: FollowUp) -> Pieces:
    """How every section cites evidence: by the number the index gives each piece."""
    numbers = {check.piece.id: check.number for check in follow.evidence}

    def pieces(ids: Sequence[str]) -> tuple[int, ...]:
        return tuple(sorted({numbers[i] for i in ids if i in numbers}))

    return pieces


def grievance_part(
    project: Project,
    log: ExecutionLog,
    follow: FollowUp,
    clauses: ClauseLibrary | None,
    labels: dict[str, Any],
    pieces: Pieces,
) -> GrievancePart:
    """The grievance register (with each grievance's next awaited date) and the evidence index.

    The register's next date is the earliest comment window or answer still awaited; the due
    date of each step comes from the same deadlines, so the register and ``cdc follow`` agree.
    """
    pending: dict[str, list[dt.date]] = {}
    windows: dict[str, dt.date] = {}  # "G01.1" → the date the vendor's answer is due
    for d in follow.deadlines:  # the register's next date: the earliest one still awaited
        if d.kind in (DeadlineKind.comment_window, DeadlineKind.answer_due):
            windows[d.subject] = d.date
            if not d.done:
                pending.setdefault(d.subject.rsplit(".", 1)[0], []).append(d.date)
    grievances = [
        _grievance_row(g, project, clauses, labels, pieces,
                       min(pending.get(g.id, []), default=None), windows)
        for g in log.grievances
    ]  # fmt: skip
    evidence = evidence_rows(follow, labels["execution"])
    return GrievancePart(
        grievances=grievances,
        open_grievances=[g for g in grievances if g.open],
        evidence=evidence,
        evidence_problems=sum(1 for e in evidence if not e.ok),
    )


def evidence_rows(follow: FollowUp, words: dict[str, Any]) -> list[EvidenceRow]:
    """The index of pieces, each with its SHA-256 (cut in two lines to fit) and its check."""
    return [
        EvidenceRow(
            number=check.number,
            id=check.piece.id,
            date=check.piece.date,
            description=check.piece.description,
            kind=str(words["evidence_kind"][check.piece.kind.value]),
            file=check.piece.file,
            sha256=check.piece.sha256,
            sha256_lines=(check.piece.sha256[:32], check.piece.sha256[32:]),
            registered=check.piece.registered,
            state=check.state.value,
            state_label=str(words["evidence_state"][check.state.value]),
            actual_sha256=check.actual_sha256,
            ok=check.state is EvidenceState.ok,
        )
        for check in follow.evidence
    ]


def reference_row(
    ref: ContractRef,
    project: Project,
    clauses: ClauseLibrary | None,
    lang: str,
    words: dict[str, Any],
) -> ReferenceRow:
    """A contractual reference with the title of what it names, when the project has it."""
    title: str | None = None
    target = ref.target
    if ref.kind == "requirement":
        title = next((r.title for r in project.requirements if r.id == target), None)
    elif ref.kind == "clause" and clauses is not None and target in clauses.clauses:
        title = clauses.clauses[target].title.get(lang)
    elif ref.kind == "service_level" and project.contract and project.contract.penalties:
        title = next(
            (s.indicator for s in project.contract.penalties.service_credits if s.id == target),
            None,
        )
    elif ref.kind == "milestone" and project.planning:
        title = next((m.label for m in project.planning.milestones if m.id == target), None)
    return ReferenceRow(str(words["ref"][ref.kind]), target, title, ref.article)


def _grievance_row(
    g: Grievance,
    project: Project,
    clauses: ClauseLibrary | None,
    labels: dict[str, Any],
    pieces: Pieces,
    next_due: dt.date | None,
    windows: dict[str, dt.date],
) -> GrievanceRow:
    words = labels["execution"]
    lang = project.project.language.value
    steps = tuple(
        StepRow(
            kind=s.kind.value,
            kind_label=str(words["step"][s.kind.value]),
            date=s.date,
            due=s.due or windows.get(f"{g.id}.{n}"),
            amount=s.amount,
            basis=str(words["basis"][s.basis.value]) if s.basis else None,
            evidence=pieces(s.evidence),
            notes=s.notes,
        )
        for n, s in enumerate(g.steps, start=1)
    )
    claims = [s.amount for s in g.steps if s.kind is StepKind.claim and s.amount is not None]
    every_piece = list(g.evidence) + [e for s in g.steps for e in s.evidence]
    return GrievanceRow(
        id=g.id,
        title=g.title,
        observed=g.observed,
        facts=g.facts,
        status=g.status.value,
        status_label=str(words["grievance_status"][g.status.value]),
        open=g.status is GrievanceStatus.open,
        references=tuple(reference_row(r, project, clauses, lang, words) for r in g.references),
        delivery=g.delivery,
        evidence=pieces(every_piece),
        steps=steps,
        last_step=steps[-1].kind_label if steps else None,
        next_due=next_due,
        claimed=claims[-1] if claims else None,
    )


__all__ = [
    "GrievancePart",
    "Pieces",
    "evidence_rows",
    "grievance_part",
    "piece_numbers",
    "reference_row",
]
