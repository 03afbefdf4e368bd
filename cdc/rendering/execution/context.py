"""The execution documents' context: the follow-up and the log, arranged for reading.

Nothing here computes a penalty, a credit or a deadline: they come from
:func:`cdc.execution.follow_up` (the same figures ``cdc follow`` prints). This module picks
what each document shows, numbers the evidence pieces as the index does, words the states in the
document's language (:mod:`.wording`) and sorts — so templates only loop and print.
:func:`build_execution_context` assembles one part per section: the contract, deliveries and
acceptance, and deadlines here; money in :mod:`.context_money`; grievances and evidence in
:mod:`.context_grievances`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from cdc.contract.catalogue import ClauseLibrary
from cdc.execution.deadlines import DeadlineStatus, verification_end
from cdc.execution.follow import FollowUp
from cdc.model import Project
from cdc.model.execution import ExecutionLog
from cdc.rendering.execution.context_grievances import (
    Pieces,
    grievance_part,
    piece_numbers,
    reference_row,
)
from cdc.rendering.execution.context_money import money_part, month_label
from cdc.rendering.execution.context_types import (
    ActionRow,
    DeadlineRow,
    DeliveryRow,
    ExecutionContext,
    Party,
    ReserveRow,
    VerificationRow,
)
from cdc.rendering.execution.wording import days_text, deadline_label, note_text, role_name
from cdc.rendering.fmt import Formatter

#: Upcoming deadlines the dashboard lists: those within this many days of the report date.
HORIZON_DAYS = 90


class _ContractPart(TypedDict):
    as_of: dt.date
    currency: str
    public: bool
    ccag: bool
    formal_notice_required: bool
    comment_days: int | None
    grace_days: int
    buyer: Party
    vendor: Party
    reference: str | None
    signed: dt.date | None
    start: dt.date | None


class _DeliveryPart(TypedDict):
    deliveries: list[DeliveryRow]
    late_deliveries: int
    verifications: list[VerificationRow]


class _DeadlinePart(TypedDict):
    upcoming: list[DeadlineRow]
    overdue: list[DeadlineRow]
    critical_soon: list[DeadlineRow]
    overdue_actions: list[ActionRow]
    horizon_days: int


def build_execution_context(
    project: Project,
    log: ExecutionLog,
    follow: FollowUp,
    labels: dict[str, Any],
    clauses: ClauseLibrary | None = None,
) -> ExecutionContext:
    """The context of every execution document, for ``follow.as_of``.

    One step per section, each typed as the fields it fills, so a section reads on its own and
    mypy checks that together they fill the whole context.
    """
    lang = project.project.language.value
    pieces = piece_numbers(follow)
    return ExecutionContext(
        **_contract_part(project, log, follow),
        **_delivery_part(log, follow, labels, pieces, lang),
        **money_part(follow, log, lang, labels["execution"]),
        **grievance_part(project, log, follow, clauses, labels, pieces),
        **_deadline_part(project, log, follow, labels),
    )


def _contract_part(project: Project, log: ExecutionLog, follow: FollowUp) -> _ContractPart:
    """Who and what the documents are about: the parties, the contract and its terms.

    A log without a contract block still renders (the vendor's name then stays empty).
    """
    terms = follow.terms
    contract = log.contract
    info = project.project
    return _ContractPart(
        as_of=follow.as_of,
        currency=follow.currency,
        public=terms.public,
        ccag=terms.ccag,
        formal_notice_required=terms.formal_notice_required,
        comment_days=terms.comment_days,
        grace_days=terms.grace_days,
        buyer=Party(info.buyer.name, info.buyer.address),
        vendor=Party(
            contract.vendor if contract else None, contract.vendor_address if contract else None
        ),
        reference=contract.reference if contract else None,
        signed=contract.signed if contract else None,
        start=contract.start if contract else None,
    )


def _delivery_part(
    log: ExecutionLog, follow: FollowUp, labels: dict[str, Any], pieces: Pieces, lang: str
) -> _DeliveryPart:
    """Deliveries against plan and the acceptance verifications of each.

    A verification whose decision period has ended without a decision is flagged: under the
    CCAG silence may mean admission, which the buyer must not miss.
    """
    words = labels["execution"]
    fmt = Formatter(lang)
    deliveries = [_delivery_row(line, words, fmt) for line in follow.penalties.lines]
    ends = {v.id: verification_end(v, follow.terms) for v in log.verifications}
    verifications = [
        VerificationRow(
            id=v.id,
            delivery=v.delivery,
            phase=str(labels["acceptance_phase"][v.kind.value]),
            start=v.start,
            end=ends[v.id],
            decision=str(words["decision"][v.decision.value]) if v.decision else None,
            decision_date=v.decision_date,
            awaiting_decision=v.decision is None and (ends[v.id] or follow.as_of) < follow.as_of,
            reduced_price=v.reduced_price,
            reserves=tuple(
                ReserveRow(
                    r.id, str(labels["anomaly"][r.anomaly.value]), r.description, r.due, r.lifted
                )
                for r in v.reserves
            ),
            open_reserves=sum(1 for r in v.reserves if r.lifted is None),
            evidence=pieces(v.evidence),
        )
        for v in log.verifications
    ]
    return _DeliveryPart(
        deliveries=deliveries,
        late_deliveries=sum(1 for d in deliveries if d.late),
        verifications=verifications,
    )


def _deadline_part(
    project: Project, log: ExecutionLog, follow: FollowUp, labels: dict[str, Any]
) -> _DeadlinePart:
    """Deadlines worded for reading, kept to those the committee must act on, and late actions.

    Only deadlines within :data:`HORIZON_DAYS` are listed as upcoming: a dashboard that lists
    every date of a multi-year contract hides the ones that matter.
    """
    words = labels["execution"]
    rows = [
        DeadlineRow(
            date=d.date,
            label=deadline_label(d, project, log, labels),
            subject=d.subject,
            status=d.status.value,
            status_label=str(words["deadline_status"].get(d.status.value, d.status.value)),
            days_left=d.days_left,
            critical=d.critical,
        )
        for d in follow.deadlines
    ]
    upcoming = [
        r for r in rows
        if r.status in (DeadlineStatus.soon, DeadlineStatus.upcoming) and r.days_left <= HORIZON_DAYS
    ]  # fmt: skip
    return _DeadlinePart(
        upcoming=upcoming,
        overdue=[r for r in rows if r.status == DeadlineStatus.overdue],
        critical_soon=[r for r in upcoming if r.critical],
        overdue_actions=_overdue_actions(project, log, follow, words),
        horizon_days=HORIZON_DAYS,
    )


def _overdue_actions(
    project: Project, log: ExecutionLog, follow: FollowUp, words: dict[str, Any]
) -> list[ActionRow]:
    """Committee actions past due and not done, oldest first (ties by meeting, then action)."""
    actions = []
    for meeting in log.meetings:
        for a in meeting.actions:
            if a.done is None and a.due < follow.as_of:
                actions.append(
                    ActionRow(meeting.id, str(words["meeting"][meeting.kind.value]), a.id, a.label,
                              role_name(project, a.owner), a.due, (follow.as_of - a.due).days)
                )  # fmt: skip
    actions.sort(key=lambda a: (a.due, a.meeting, a.id))
    return actions


def _delivery_row(line: Any, words: dict[str, Any], fmt: Formatter) -> DeliveryRow:
    """One milestone's delivery, with its state worded (on time, late by…, running late…)."""
    d = line.delivery
    late = line.gross_days > 0
    status_words = words["delivery"]
    if line.delivered:
        status = (
            str(status_words["late"]).format(days=days_text(line.gross_days, words))
            if late
            else str(status_words["on_time"])
        )
    elif late:
        status = str(status_words["running"]).format(days=days_text(line.gross_days, words))
    else:
        status = str(status_words["pending"])
    return DeliveryRow(
        id=d.id,
        label=d.label or d.id,
        milestone=d.milestone,
        planned=line.planned,
        actual=line.actual,
        value=d.value,
        gross_days=line.gross_days,
        excused_days=line.excused_days,
        excused=tuple(" ".join(e.reason.split()).rstrip(".") for e in line.excused),
        days=line.days,
        late=late,
        running=line.running,
        status=status,
        penalty=line.penalty,
        gross_penalty=line.gross_penalty,
        formal_notice=line.formal_notice,
        start=line.start,
        note=note_text(line.note, words),
    )


__all__ = ["HORIZON_DAYS", "build_execution_context", "month_label", "reference_row"]
