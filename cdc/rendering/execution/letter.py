"""The draft letter for one grievance: which letter, which date, which amount, which pieces.

Under the CCAG-TIC the buyer first invites the vendor to comment (15 days by default) before a
penalty is applied; a private contract's *clause pénale* runs from a formal notice (*mise en
demeure*). The letter is chosen from the contract's terms, and every fact in it comes from the
log: the grievance's facts and references, the pieces it cites (numbered as in the index), the
amount claimed in the register or — when none is — the amount cdc computed as of the report date
(said so in the letter), and the period given. What the log does not say is left as a visible
blank to complete; nothing is invented. The letter is a draft for counsel, and says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cdc.core.errors import UsageError
from cdc.execution.follow import FollowUp
from cdc.model.execution import ExecutionLog, StepKind
from cdc.rendering.execution.context_types import ExecutionContext, Letter

LETTER_KINDS = ("invitation_to_comment", "formal_notice")


def letter_kind(context: ExecutionContext) -> str:
    """An invitation to comment under the CCAG-TIC; a formal notice otherwise."""
    return "invitation_to_comment" if context.ccag else "formal_notice"


def build_letter(
    context: ExecutionContext,
    log: ExecutionLog,
    follow: FollowUp,
    grievance_id: str,
    words: dict[str, Any],
    *,
    kind: str | None = None,
) -> Letter:
    """The letter about grievance ``grievance_id`` (UsageError when the log has no such one)."""
    row = next((g for g in context.grievances if g.id == grievance_id), None)
    if row is None:
        known = ", ".join(g.id for g in context.grievances) or "none"
        raise UsageError(f"no grievance '{grievance_id}' in the log (grievances: {known})")
    kind = kind or letter_kind(context)
    if kind not in LETTER_KINDS:
        raise UsageError(f"unknown letter kind {kind!r}; choose {' or '.join(LETTER_KINDS)}")
    grievance = next(g for g in log.grievances if g.id == grievance_id)
    sent = [s for s in grievance.steps if s.kind.value == kind]
    step = sent[-1] if sent else None
    date = step.date if step is not None else context.as_of
    # the time given: the comment period (CCAG-TIC: 15 days) or the contract's grace period
    days = context.comment_days if kind == "invitation_to_comment" else context.grace_days or None
    due = step.due if step is not None and step.due is not None else None
    if due is None and days is not None:
        due = date + dt.timedelta(days=days)
    elif due is not None and step is not None:
        days = (due - step.date).days

    amount: Decimal | None = None
    basis: str | None = None
    source: str | None = None
    claims = [s for s in grievance.steps if s.kind is StepKind.claim and s.amount is not None]
    if claims:
        amount, source = claims[-1].amount, "claim"
        basis = claims[-1].basis.value if claims[-1].basis else None
    else:
        amount, basis = _computed(grievance.delivery, grievance, log, follow)
        source = "computed" if amount else None
        if not amount:
            amount = basis = None
    milestones = {r.milestone for r in grievance.references if r.milestone}
    delivery = next(
        (d for d in context.deliveries if d.id == grievance.delivery or d.milestone in milestones),
        None,
    )
    terms = follow.penalties.terms
    # the pieces attached: the grievance's and those of the steps before this letter (a letter
    # already sent is itself a piece of its step: it is not its own enclosure)
    before = grievance.steps[: grievance.steps.index(step)] if step is not None else grievance.steps
    ids = set(grievance.evidence) | {e for s in before for e in s.evidence}
    pieces = tuple(e for e in context.evidence if e.id in ids)
    return Letter(
        kind=kind,
        kind_label=str(words["step"][kind]),
        grievance=row,
        date=date,
        sent=step is not None,
        days=days,
        due=due,
        amount=amount,
        basis=basis,
        basis_label=str(words["basis"][basis]) if basis else None,
        amount_source=source,
        pieces=pieces,
        piece_numbers=tuple(e.number for e in pieces),
        ccag=context.ccag,
        art14=context.ccag
        and (basis == "delay_penalty" or (basis is None and delivery is not None)),
        delivery=delivery if basis == "delay_penalty" and delivery is not None else None,
        divisor=terms.divisor if terms is not None else None,
    )


def _computed(
    delivery_id: str | None, grievance: object, log: ExecutionLog, follow: FollowUp
) -> tuple[Decimal | None, str | None]:
    """The amount cdc computed for what the grievance is about: a delivery's delay penalty, or
    the service credits of the levels it names."""
    from cdc.model.execution import Grievance

    assert isinstance(grievance, Grievance)
    milestones = {r.milestone for r in grievance.references if r.milestone}
    for line in follow.penalties.lines:
        if line.delivery.id == delivery_id or line.delivery.milestone in milestones:
            return line.penalty, "delay_penalty"
    levels = {r.service_level for r in grievance.references if r.service_level}
    if levels:
        total = sum(
            (
                c.amount
                for p in follow.credits.periods
                for c in p.lines
                if c.service_level in levels
            ),
            Decimal(0),
        )
        return total, "service_credit"
    return None, None


__all__ = ["LETTER_KINDS", "build_letter", "letter_kind"]
