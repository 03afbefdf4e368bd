"""Deadlines of the contract as of a date: what is due, by whom, and what silence means.

Each deadline comes from a term of the contract (``cdc.yaml``) applied to a fact of the log:
a verification's decision is due its phase's ``decision_days`` after the check period ends (the
VSR's 7 days under the CCAG-TIC, after which silence is admission: ``critical``); the vendor's
window to comment runs ``comment_days`` from the invitation; an action is due when the committee
said; the warranty ends ``warranty_months`` after admission; the last day to give notice of
non-renewal is ``notice_months`` before the end of the term. Every deadline has a stable
``uid`` (kind, subject and project), so a calendar re-exported updates its events instead of
duplicating them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from cdc.execution.dates import add_months, shift
from cdc.execution.money import milestone_dates, planned_date
from cdc.execution.terms import ExecutionTerms
from cdc.model import Project
from cdc.model.enums import AcceptancePhaseKind
from cdc.model.execution import Decision, ExecutionLog, StepKind, Verification

Where = tuple[str | int, ...]


class DeadlineKind(StrEnum):
    """What a deadline is."""

    delivery = "delivery"
    installation_report = "installation_report"
    verification_end = "verification_end"
    decision = "decision"
    reserve = "reserve"
    warranty_end = "warranty_end"
    comment_window = "comment_window"
    answer_due = "answer_due"
    action = "action"
    contract_end = "contract_end"
    renewal_notice = "renewal_notice"
    obligation = "obligation"


class DeadlineStatus(StrEnum):
    """Where a deadline stands on the as-of date."""

    done = "done"
    overdue = "overdue"
    soon = "soon"
    upcoming = "upcoming"
    #: A date that only informs (an obligation, a warranty end) and is behind us.
    past = "past"


#: Kinds whose passing without the thing done is a failure (overdue), not just a date gone by.
_DUTIES = {
    DeadlineKind.delivery,
    DeadlineKind.installation_report,
    DeadlineKind.decision,
    DeadlineKind.reserve,
    DeadlineKind.answer_due,
    DeadlineKind.action,
    DeadlineKind.renewal_notice,
}


@dataclass(frozen=True)
class Deadline:
    """One dated thing to do or to watch."""

    uid: str
    date: dt.date
    kind: DeadlineKind
    #: The log item it comes from (verification id, grievance id…).
    subject: str
    label: str
    #: Missing it has a legal effect (silence = admission; notice period lost).
    critical: bool
    done: bool
    status: DeadlineStatus
    #: date − as-of, in calendar days (negative: passed).
    days_left: int
    #: Where in the log it comes from (for located findings); () for the project file.
    where: Where


class _Collector:
    def __init__(self, project: Project, as_of: dt.date, warn_days: int) -> None:
        self.project_id = project.project.id
        self.as_of = as_of
        self.warn_days = warn_days
        self.out: list[Deadline] = []

    def add(
        self,
        kind: DeadlineKind,
        subject: str,
        date: dt.date,
        label: str,
        where: Where,
        *,
        done: bool = False,
        critical: bool = False,
    ) -> None:
        left = (date - self.as_of).days
        if done:
            status = DeadlineStatus.done
        elif left < 0:
            status = DeadlineStatus.overdue if kind in _DUTIES else DeadlineStatus.past
        elif left <= self.warn_days:
            status = DeadlineStatus.soon
        else:
            status = DeadlineStatus.upcoming
        uid = f"{kind.value}-{subject}@{self.project_id}.cdc"
        self.out.append(
            Deadline(uid, date, kind, subject, label, critical, done, status, left, where)
        )


def verification_end(v: Verification, terms: ExecutionTerms) -> dt.date | None:
    """Last day of a check period: as logged, else start plus the contract's duration."""
    if v.end is not None:
        return v.end
    phase = terms.phase(v.kind)
    if phase is None or phase.duration_days is None:
        return None
    return shift(v.start, phase.duration_days - 1)


def decision_due(v: Verification, terms: ExecutionTerms) -> dt.date | None:
    """The day the buyer's decision is due after a check period (None if no term sets it)."""
    end = verification_end(v, terms)
    phase = terms.phase(v.kind)
    if end is None or phase is None or phase.decision_days is None:
        return None
    return shift(end, phase.decision_days)


def deadlines(
    terms: ExecutionTerms,
    project: Project,
    log: ExecutionLog,
    as_of: dt.date,
    warn_days: int | None = None,
) -> list[Deadline]:
    """Every deadline of the contract and the log, sorted by date, kind and subject."""
    if warn_days is None:
        warn_days = log.settings.warn_days if log.settings else 7
    c = _Collector(project, as_of, warn_days)
    _deliveries(c, terms, project, log)
    _verifications(c, terms, log)
    _grievances(c, terms, log)
    for m, meeting in enumerate(log.meetings):
        for a, action in enumerate(meeting.actions):
            c.add(
                DeadlineKind.action,
                f"{meeting.id}.{action.id}",
                action.due,
                f"{action.label} ({action.owner})",
                ("meetings", m, "actions", a, "due"),
                done=action.done is not None,
            )
    _term(c, terms, project, log)
    return sorted(c.out, key=lambda d: (d.date, d.kind.value, d.subject))


def _deliveries(c: _Collector, terms: ExecutionTerms, project: Project, log: ExecutionLog) -> None:
    milestones = milestone_dates(project)
    install = terms.phase(AcceptancePhaseKind.installation)
    for i, d in enumerate(log.deliveries):
        planned = planned_date(d, milestones)
        name = d.label or d.id
        if planned is not None:
            c.add(
                DeadlineKind.delivery,
                d.id,
                planned,
                f"Delivery due: {name}",
                ("deliveries", i),
                done=d.actual is not None,
            )
        if d.actual is not None and install is not None and install.duration_days is not None:
            c.add(
                DeadlineKind.installation_report,
                d.id,
                shift(d.actual, install.duration_days),
                f"Installation report due: {name}",
                ("deliveries", i, "actual"),
                done=d.installation_report is not None,
            )


def _verifications(c: _Collector, terms: ExecutionTerms, log: ExecutionLog) -> None:
    admitted: dict[str, dt.date] = {}
    # The warranty runs from the final admission: the VSR's when one is logged for the delivery.
    with_vsr = {v.delivery for v in log.verifications if v.kind is AcceptancePhaseKind.vsr}
    for i, v in enumerate(log.verifications):
        kind = v.kind.value.upper()
        end = verification_end(v, terms)
        if end is not None:
            c.add(
                DeadlineKind.verification_end,
                v.id,
                end,
                f"{kind} period ends ({v.delivery})",
                ("verifications", i),
                done=v.decision is not None,
            )
        due = decision_due(v, terms)
        phase = terms.phase(v.kind)
        tacit = phase is not None and phase.tacit
        if due is not None:
            effect = " — silence means admission" if tacit else ""
            c.add(
                DeadlineKind.decision,
                v.id,
                due,
                f"{kind} decision due ({v.delivery}){effect}",
                ("verifications", i),
                done=v.decision is not None,
                critical=tacit,
            )
        for r, reserve in enumerate(v.reserves):
            if reserve.due is not None:
                c.add(
                    DeadlineKind.reserve,
                    f"{v.id}.{reserve.id}",
                    reserve.due,
                    f"Reserve {reserve.id} ({reserve.anomaly.value}) to lift: {reserve.description}",
                    ("verifications", i, "reserves", r, "due"),
                    done=reserve.lifted is not None,
                )
        final = v.kind is AcceptancePhaseKind.vsr or v.delivery not in with_vsr
        if (
            final
            and v.decision in (Decision.admission, Decision.price_reduction)
            and v.decision_date
        ):
            admitted[v.delivery] = max(admitted.get(v.delivery, v.decision_date), v.decision_date)
        elif final and tacit and due is not None and v.decision is None and due < c.as_of:
            # silence kept past the decision delay: admitted the day after
            admitted.setdefault(v.delivery, shift(due, 1))
    if terms.warranty_months:
        for delivery, date in sorted(admitted.items()):
            c.add(
                DeadlineKind.warranty_end,
                delivery,
                add_months(date, terms.warranty_months),
                f"Warranty ends ({delivery})",
                (),
            )


def _grievances(c: _Collector, terms: ExecutionTerms, log: ExecutionLog) -> None:
    for g, grievance in enumerate(log.grievances):
        for s, step in enumerate(grievance.steps):
            later = grievance.steps[s + 1 :]
            where = ("grievances", g, "steps", s)
            if step.kind is StepKind.invitation_to_comment:
                due = step.due
                if due is None and terms.comment_days is not None:
                    due = shift(step.date, terms.comment_days)
                if due is not None:
                    c.add(
                        DeadlineKind.comment_window,
                        f"{grievance.id}.{s + 1}",
                        due,
                        f"Vendor's window to comment ends: {grievance.title}",
                        where,
                        done=any(x.kind is StepKind.vendor_comments for x in later),
                    )
            elif step.due is not None and step.kind in (
                StepKind.formal_notice,
                StepKind.reminder,
                StepKind.claim,
            ):
                c.add(
                    DeadlineKind.answer_due,
                    f"{grievance.id}.{s + 1}",
                    step.due,
                    f"Vendor's answer due ({step.kind.value}): {grievance.title}",
                    where,
                    done=any(
                        x.kind
                        in (StepKind.vendor_reply, StepKind.vendor_comments, StepKind.settlement)
                        for x in later
                    ),
                )


def _term(c: _Collector, terms: ExecutionTerms, project: Project, log: ExecutionLog) -> None:
    start = log.contract.start if log.contract else None
    if start is None:
        return
    end = None
    if terms.duration_months:
        end = shift(add_months(start, terms.duration_months), -1)
        c.add(DeadlineKind.contract_end, "term", end, "End of the initial term", ("contract",))
        if terms.notice_months:
            c.add(
                DeadlineKind.renewal_notice,
                "term",
                add_months(end, -terms.notice_months),
                "Last day to give notice of non-renewal",
                ("contract",),
                critical=True,
            )
    contract = project.contract
    last = end or add_months(c.as_of, 12)
    for ob in contract.obligations if contract else []:
        date = ob.first_due or add_months(start, ob.every_months)
        n = 0
        while date <= last and n < 600:
            c.add(
                DeadlineKind.obligation,
                f"{ob.id}.{date.isoformat()}",
                date,
                f"{ob.label} ({ob.party.value})",
                (),
            )
            n += 1
            date = add_months(
                ob.first_due or start, ob.every_months * (n + (0 if ob.first_due else 1))
            )
