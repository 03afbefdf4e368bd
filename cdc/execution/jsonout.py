"""The follow-up as JSON: a stable contract for scripts and dashboards.

Amounts are strings with two decimals (a JSON number goes through a float in most readers, and
these are exact amounts); dates are ISO 8601 strings; keys are fixed and always present (null
when unknown). ``format_version`` changes only when a key changes meaning or disappears.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cdc.contract.penalties import ROUNDING_RULE
from cdc.execution.deadlines import decision_due, verification_end
from cdc.execution.follow import FollowUp

if TYPE_CHECKING:
    from cdc.execution.changes import ChangeSummary
    from cdc.execution.deadlines import Deadline
    from cdc.execution.evidence import EvidenceCheck
    from cdc.execution.follow import Claimable
    from cdc.execution.money import CreditLine, CreditPeriod, DelayLine, PriceReduction
    from cdc.execution.terms import ExecutionTerms
    from cdc.model.execution import Grievance, Verification

FORMAT_VERSION = 1


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def follow_up_json(f: FollowUp) -> dict[str, Any]:
    """The follow-up as a JSON-ready dict (stable keys; amounts as strings).

    One step per section, in the order the keys appear: the key order is part of the output
    (``json.dumps`` keeps it), so a section is moved only with ``format_version`` in mind.
    """
    return {
        "format_version": FORMAT_VERSION,
        "project": f.project_id,
        "currency": f.currency,
        "as_of": f.as_of.isoformat(),
        "rounding": ROUNDING_RULE,
        "deadlines": [_deadline(d) for d in f.deadlines],
        "penalties": _penalties(f),
        "service_credits": {
            "periods": [_credit_period(p) for p in f.credits.periods],
            "total": _amount(f.credits.total),
        },
        "price_reductions": [_reduction(r) for r in f.reductions],
        "claims": [_claim(c) for c in f.claims],
        "changes": _changes(f.changes),
        "evidence": [_evidence(e) for e in f.evidence],
        "verifications": [_verification(v, f.terms) for v in f.log.verifications],
        "grievances": [_grievance(g) for g in f.log.grievances],
        "open_grievances": [g.id for g in f.open_grievances],
        "overdue_actions": [d.subject for d in f.overdue_actions],
    }


def _deadline(d: Deadline) -> dict[str, Any]:
    """One dated obligation; ``uid`` is the iCalendar event's, so a dashboard can match both."""
    return {
        "uid": d.uid,
        "date": d.date.isoformat(),
        "kind": d.kind.value,
        "subject": d.subject,
        "label": d.label,
        "critical": d.critical,
        "status": d.status.value,
        "days_left": d.days_left,
    }


def _penalties(f: FollowUp) -> dict[str, Any]:
    """Delay penalties: the contract's terms (null when it sets none), each late delivery, then
    the totals, so a reader can redo the sum and see where the cap or exemption applied."""
    t = f.penalties.terms
    result = f.penalties.result
    return {
        "divisor": _num(t.divisor) if t else None,
        "cap_amount": _amount(t.cap_amount) if t else None,
        "exemption_threshold": _amount(t.exemption_threshold) if t else None,
        "formal_notice_required": f.terms.formal_notice_required,
        "grace_days": f.terms.grace_days,
        "lines": [_delay_line(line) for line in f.penalties.lines],
        "gross_total": _amount(result.gross_total if result else Decimal(0)),
        "total": _amount(f.penalties.total),
        "capped": bool(result and result.capped),
        "exempt": bool(result and result.exempt),
    }


def _delay_line(line: DelayLine) -> dict[str, Any]:
    """One late delivery: dates, days (gross, excused, counted) and penalty before/after cap."""
    return {
        "delivery": line.delivery.id,
        "milestone": line.delivery.milestone,
        "value": _amount(line.delivery.value),
        "planned": _date(line.planned),
        "actual": _date(line.actual),
        "running": line.running,
        "gross_days": line.gross_days,
        "excused_days": line.excused_days,
        "excused": [{"days": e.days, "reason": e.reason} for e in line.excused],
        "formal_notice": _date(line.formal_notice),
        "start": _date(line.start),
        "days": line.days,
        "gross_penalty": _amount(line.gross_penalty),
        "penalty": _amount(line.penalty),
        "note": line.note,
    }


def _credit_period(p: CreditPeriod) -> dict[str, Any]:
    """One month of service credits: each service level measured, then the month's cap."""
    return {
        "month": p.month,
        "fee": _amount(p.fee),
        "lines": [_credit_line(c) for c in p.lines],
        "gross": _amount(p.gross),
        "cap_amount": _amount(p.cap_amount),
        "total": _amount(p.total),
        "capped": p.capped,
    }


def _credit_line(c: CreditLine) -> dict[str, Any]:
    """One service level in one month: target, measure, breaches and the credit they earn."""
    return {
        "service_level": c.service_level,
        "indicator": c.indicator,
        "target": c.target,
        "threshold": _num(c.threshold),
        "value": _num(c.value),
        "met": c.met,
        "breaches": c.breaches,
        "credit_percent": _num(c.credit_percent),
        "gross": _amount(c.gross),
        "cap_amount": _amount(c.cap_amount),
        "amount": _amount(c.amount),
        "capped": c.capped,
        "note": c.note,
    }


def _reduction(r: PriceReduction) -> dict[str, Any]:
    """A price reduction (réfaction) decided at a verification."""
    return {
        "verification": r.verification.id,
        "delivery": r.verification.delivery,
        "value": _amount(r.value),
        "reduced_price": _amount(r.reduced_price),
        "reduction": _amount(r.reduction),
    }


def _claim(c: Claimable) -> dict[str, Any]:
    """What the buyer may claim on one basis: due, claimed, settled, and claimable now."""
    return {
        "basis": c.basis.value,
        "due": _amount(c.due),
        "claimed": _amount(c.claimed),
        "settled": _amount(c.settled),
        "now": _amount(c.now),
        "note": c.note,
    }


def _changes(c: ChangeSummary) -> dict[str, Any]:
    """Contract changes against the initial amount; ``rule`` only when a threshold applies."""
    return {
        "initial": _amount(c.initial),
        "accepted": _amount(c.accepted),
        "pending": _amount(c.pending),
        "percent": _num(c.percent),
        "percent_if_accepted": _num(c.percent_if_accepted),
        "threshold_percent": _num(c.threshold_percent),
        "over_threshold": c.over_threshold,
        "rule": c.rule if c.applies else None,
    }


def _evidence(e: EvidenceCheck) -> dict[str, Any]:
    """One piece of evidence and the state of its file against the recorded digest."""
    return {
        "number": e.number,
        "id": e.piece.id,
        "file": e.piece.file,
        "date": e.piece.date.isoformat(),
        "description": e.piece.description,
        "sha256": e.piece.sha256,
        "state": e.state.value,
    }


def _verification(v: Verification, terms: ExecutionTerms) -> dict[str, Any]:
    """One verification with its computed end and decision deadline (from the contract's
    terms), its decision and its reserves."""
    return {
        "id": v.id,
        "delivery": v.delivery,
        "kind": v.kind.value,
        "start": v.start.isoformat(),
        "end": _date(verification_end(v, terms)),
        "decision_due": _date(decision_due(v, terms)),
        "decision": v.decision.value if v.decision else None,
        "decision_date": _date(v.decision_date),
        "reserves": [
            {
                "id": r.id,
                "anomaly": r.anomaly.value,
                "description": r.description,
                "due": _date(r.due),
                "lifted": _date(r.lifted),
            }
            for r in v.reserves
        ],
    }


def _grievance(g: Grievance) -> dict[str, Any]:
    """One grievance: what it refers to, its evidence and each step taken on it."""
    return {
        "id": g.id,
        "title": g.title,
        "observed": g.observed.isoformat(),
        "status": g.status.value,
        "references": [
            {"kind": r.kind, "id": r.target, "article": r.article} for r in g.references
        ],
        "evidence": list(g.evidence),
        "steps": [
            {
                "kind": s.kind.value,
                "date": s.date.isoformat(),
                "due": _date(s.due),
                "amount": _amount(s.amount),
                "basis": s.basis.value if s.basis else None,
            }
            for s in g.steps
        ],
    }
