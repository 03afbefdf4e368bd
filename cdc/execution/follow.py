"""The follow-up as of a date: everything derived from the project and the log, in one value.

:func:`follow_up` is the one call documents and commands make; it reads nothing but the
evidence files (to check their digests), and computes deadlines, money, claims and changes
with the functions of this package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cdc.execution.changes import ChangeSummary, change_summary
from cdc.execution.dates import shift
from cdc.execution.deadlines import Deadline, DeadlineKind, DeadlineStatus, deadlines
from cdc.execution.evidence import EvidenceCheck, check_evidence
from cdc.execution.money import (
    DelayPenalties,
    PriceReduction,
    ServiceCredits,
    delay_penalties,
    price_reductions,
    service_credits,
)
from cdc.execution.terms import ExecutionTerms, execution_terms
from cdc.model import Project
from cdc.model.execution import (
    ClaimBasis,
    ExecutionLog,
    Grievance,
    GrievanceStatus,
    StepKind,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class Claimable:
    """What the buyer may claim now on one basis, and what it already claimed."""

    basis: ClaimBasis
    #: Computed and due on the as-of date (conditions met: comment window over, month ended…).
    due: Decimal
    #: Claimed so far (claim steps of the register on this basis, up to the as-of date).
    claimed: Decimal
    #: Settled so far (settlement steps of grievances claiming on this basis).
    settled: Decimal
    #: due − claimed, never below zero.
    now: Decimal
    note: str


@dataclass(frozen=True)
class FollowUp:
    """The contract's follow-up as of a date."""

    as_of: dt.date
    project_id: str
    currency: str
    terms: ExecutionTerms
    deadlines: tuple[Deadline, ...]
    penalties: DelayPenalties
    credits: ServiceCredits
    reductions: tuple[PriceReduction, ...]
    claims: tuple[Claimable, ...]
    changes: ChangeSummary
    evidence: tuple[EvidenceCheck, ...]
    open_grievances: tuple[Grievance, ...]
    #: Actions past their due date and not done.
    overdue_actions: tuple[Deadline, ...]
    #: The log followed (grievances, verifications… as recorded).
    log: ExecutionLog


def _claimed(log: ExecutionLog, basis: ClaimBasis, as_of: dt.date) -> tuple[Decimal, Decimal]:
    claimed = settled = ZERO
    for g in log.grievances:
        bases = {s.basis for s in g.steps if s.kind is StepKind.claim}
        for step in g.steps:
            if step.date > as_of or step.amount is None:
                continue
            if step.kind is StepKind.claim and step.basis is basis:
                claimed += step.amount
            elif step.kind is StepKind.settlement and bases == {basis}:
                settled += step.amount
    return claimed, settled


def _penalty_due(
    terms: ExecutionTerms, log: ExecutionLog, penalties: DelayPenalties, as_of: dt.date
) -> Decimal:
    """Penalties whose conditions are met: the vendor's comment window is over (CCAG-TIC)."""
    if terms.comment_days is None:
        return penalties.total
    due = ZERO
    for line in penalties.lines:
        windows = [
            s.due or shift(s.date, terms.comment_days)
            for g in log.grievances
            if g.delivery == line.delivery.id
            or any(r.milestone == line.delivery.milestone for r in g.references)
            for s in g.steps
            if s.kind is StepKind.invitation_to_comment
        ]
        if windows and min(windows) < as_of:
            due += line.penalty
    return due


def _claims(
    terms: ExecutionTerms,
    log: ExecutionLog,
    penalties: DelayPenalties,
    credits: ServiceCredits,
    reductions: tuple[PriceReduction, ...],
    as_of: dt.date,
) -> tuple[Claimable, ...]:
    due = {
        ClaimBasis.delay_penalty: _penalty_due(terms, log, penalties, as_of),
        ClaimBasis.service_credit: sum(
            (p.total for p in credits.periods if p.last_day < as_of), ZERO
        ),
        ClaimBasis.price_reduction: sum(
            (
                r.reduction
                for r in reductions
                if r.reduction is not None
                and r.verification.decision_date is not None
                and r.verification.decision_date <= as_of
            ),
            ZERO,
        ),
    }
    notes = {
        ClaimBasis.delay_penalty: (
            f"after the vendor's {terms.comment_days}-day window to comment"
            if terms.comment_days is not None
            else "from the formal notice plus the grace period"
            if terms.formal_notice_required
            else "as computed"
        ),
        ClaimBasis.service_credit: "months ended",
        ClaimBasis.price_reduction: "réfactions decided",
    }
    out = []
    for basis, amount in due.items():
        claimed, settled = _claimed(log, basis, as_of)
        out.append(
            Claimable(basis, amount, claimed, settled, max(ZERO, amount - claimed), notes[basis])
        )
    return tuple(out)


def follow_up(
    project: Project, log: ExecutionLog, project_folder: Path, as_of: dt.date
) -> FollowUp:
    """Everything the follow-up shows as of ``as_of``, for ``log`` against ``project``."""
    terms = execution_terms(project)
    dates = tuple(deadlines(terms, project, log, as_of))
    penalties = delay_penalties(terms, project, log, as_of)
    credits = service_credits(terms, log)
    reductions = tuple(price_reductions(log))
    return FollowUp(
        as_of=as_of,
        project_id=project.project.id,
        currency=project.project.currency,
        terms=terms,
        deadlines=dates,
        penalties=penalties,
        credits=credits,
        reductions=reductions,
        claims=_claims(terms, log, penalties, credits, reductions, as_of),
        changes=change_summary(terms, project, log),
        evidence=tuple(check_evidence(log, project_folder)),
        open_grievances=tuple(g for g in log.grievances if g.status is GrievanceStatus.open),
        overdue_actions=tuple(
            d for d in dates if d.kind is DeadlineKind.action and d.status is DeadlineStatus.overdue
        ),
        log=log,
    )
