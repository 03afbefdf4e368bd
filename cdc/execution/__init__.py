"""Follow-up of a signed contract: deadlines, money, evidence and changes, as of a date.

What enters: the validated project (:class:`cdc.model.Project`: the contract's terms — penalties,
service levels and credits, acceptance plan, warranty, duration and notice, recurring
obligations — and the planning milestones), the validated execution log
(:class:`cdc.model.execution.ExecutionLog`: what happened), the project folder (where the
evidence files are) and the as-of date. What leaves: frozen dataclasses of exact
:class:`~decimal.Decimal` amounts and :class:`datetime.date` dates — :class:`FollowUp` and its
parts — plus the iCalendar bytes of the deadlines and a JSON-ready dict. Pure library code: it
prints nothing, writes nothing, and reads only the evidence files (to hash them).
"""

from cdc.execution.changes import ChangeSummary, change_summary
from cdc.execution.dates import add_months, shift
from cdc.execution.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    deadlines,
    decision_due,
    verification_end,
)
from cdc.execution.evidence import (
    EvidenceCheck,
    EvidenceState,
    check_evidence,
    resolve_piece,
    sha256_file,
)
from cdc.execution.follow import Claimable, FollowUp, follow_up
from cdc.execution.jsonout import FORMAT_VERSION, follow_up_json
from cdc.execution.money import (
    CreditLine,
    CreditPeriod,
    DelayLine,
    DelayPenalties,
    PriceReduction,
    ServiceCredits,
    credit_breaches,
    delay_penalties,
    formal_notice,
    milestone_dates,
    planned_date,
    price_reductions,
    service_credits,
)
from cdc.execution.terms import ExecutionTerms, execution_terms

__all__ = [
    "FORMAT_VERSION",
    "ChangeSummary",
    "Claimable",
    "CreditLine",
    "CreditPeriod",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "DelayLine",
    "DelayPenalties",
    "EvidenceCheck",
    "EvidenceState",
    "ExecutionTerms",
    "FollowUp",
    "PriceReduction",
    "ServiceCredits",
    "add_months",
    "change_summary",
    "check_evidence",
    "credit_breaches",
    "deadlines",
    "decision_due",
    "delay_penalties",
    "execution_terms",
    "follow_up",
    "follow_up_json",
    "formal_notice",
    "milestone_dates",
    "planned_date",
    "price_reductions",
    "resolve_piece",
    "service_credits",
    "sha256_file",
    "shift",
    "verification_end",
]
