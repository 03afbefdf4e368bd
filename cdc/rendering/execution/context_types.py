"""What the execution documents print, computed: the typed context templates only word.

Every amount, date, count and status is decided in :mod:`cdc.rendering.execution.context` from
the follow-up (:func:`cdc.execution.follow_up`) and the log; the templates
(``templates/<lang>/execution_*.xml.j2``) see one :class:`ExecutionContext` as ``extra.x`` and
only loop and print. Words that depend on data (a delay in days, a step's name, a state) arrive
already worded in the document's language, from the ``execution`` section of ``labels.yaml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Party:
    """A party to the contract as letters and covers print it (None: not given in the log)."""

    name: str | None
    address: str | None


@dataclass(frozen=True)
class DeliveryRow:
    """One delivery against plan, with its penalty."""

    id: str
    label: str
    milestone: str
    planned: dt.date | None
    actual: dt.date | None
    value: Decimal | None
    gross_days: int
    excused_days: int
    excused: tuple[str, ...]
    days: int
    late: bool
    running: bool
    status: str
    penalty: Decimal
    gross_penalty: Decimal
    formal_notice: dt.date | None
    start: dt.date | None
    note: str | None


@dataclass(frozen=True)
class ReserveRow:
    """A reserve stated at acceptance."""

    id: str
    anomaly: str
    description: str
    due: dt.date | None
    lifted: dt.date | None


@dataclass(frozen=True)
class VerificationRow:
    """One acceptance step and its decision (or the date it is due)."""

    id: str
    delivery: str
    phase: str
    start: dt.date
    end: dt.date | None
    decision: str | None
    decision_date: dt.date | None
    #: The check period is over and no decision is recorded yet.
    awaiting_decision: bool
    reduced_price: Decimal | None
    reserves: tuple[ReserveRow, ...]
    open_reserves: int
    evidence: tuple[int, ...]


@dataclass(frozen=True)
class LevelRow:
    """One service level of one month."""

    month: str
    month_label: str
    indicator: str
    target: str
    measured: str
    met: bool
    breaches: int
    amount: Decimal
    capped: bool
    note: str | None


@dataclass(frozen=True)
class CreditMonth:
    """The service credits of one month against the month's cap."""

    month: str
    month_label: str
    fee: Decimal | None
    gross: Decimal
    cap: Decimal | None
    total: Decimal
    capped: bool


@dataclass(frozen=True)
class CapRow:
    """A running total against its cap."""

    label: str
    incurred: Decimal
    applied: Decimal
    cap: Decimal | None
    share: Decimal | None
    capped: bool


@dataclass(frozen=True)
class ClaimRow:
    """What can be claimed now on one basis."""

    basis: str
    due: Decimal
    claimed: Decimal
    settled: Decimal
    now: Decimal
    note: str | None


@dataclass(frozen=True)
class ReductionRow:
    """A réfaction: admitted at a reduced price."""

    verification: str
    delivery: str
    value: Decimal | None
    reduced_price: Decimal
    reduction: Decimal | None


@dataclass(frozen=True)
class ChangeRow:
    """A change request or an amendment."""

    id: str
    kind: str
    title: str
    date: dt.date
    status: str
    price_impact: Decimal
    delay_days: int


@dataclass(frozen=True)
class ChangeTotals:
    """Accepted changes against the initial amount, and the 10 % rule to check."""

    initial: Decimal | None
    accepted: Decimal
    pending: Decimal
    percent: Decimal | None
    threshold_percent: Decimal
    over_threshold: bool


@dataclass(frozen=True)
class StepRow:
    """One step of a grievance."""

    kind: str
    kind_label: str
    date: dt.date
    due: dt.date | None
    amount: Decimal | None
    basis: str | None
    evidence: tuple[int, ...]
    notes: str | None


@dataclass(frozen=True)
class ReferenceRow:
    """What a grievance says is breached, worded: ``clause CL-SLA (CCAP art. 7.2)``."""

    kind: str
    target: str
    title: str | None
    article: str | None


@dataclass(frozen=True)
class GrievanceRow:
    """An entry of the register."""

    id: str
    title: str
    observed: dt.date
    facts: str
    status: str
    status_label: str
    open: bool
    references: tuple[ReferenceRow, ...]
    delivery: str | None
    evidence: tuple[int, ...]
    steps: tuple[StepRow, ...]
    last_step: str | None
    next_due: dt.date | None
    claimed: Decimal | None


@dataclass(frozen=True)
class EvidenceRow:
    """A piece of the evidence file, numbered as in the index, with its check."""

    number: int
    id: str
    date: dt.date
    description: str
    kind: str
    file: str
    sha256: str
    #: The digest in two halves of 32 digits, one a line: a page column holds 32, not 64.
    sha256_lines: tuple[str, str]
    registered: dt.date | None
    state: str
    state_label: str
    actual_sha256: str | None
    ok: bool


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline as of the report date."""

    date: dt.date
    label: str
    subject: str
    status: str
    status_label: str
    days_left: int
    critical: bool


@dataclass(frozen=True)
class ActionRow:
    """An action decided in a meeting that is late."""

    meeting: str
    meeting_label: str
    id: str
    label: str
    owner: str
    due: dt.date
    days_late: int


@dataclass(frozen=True)
class Letter:
    """A draft letter for one grievance, filled from the log and the contract."""

    kind: str  # "invitation_to_comment" or "formal_notice"
    kind_label: str
    grievance: GrievanceRow
    date: dt.date
    sent: bool
    days: int | None
    due: dt.date | None
    amount: Decimal | None
    basis: str | None
    basis_label: str | None
    amount_source: str | None  # "claim" (from the log) or "computed" (by cdc, as of the date)
    pieces: tuple[EvidenceRow, ...]
    piece_numbers: tuple[int, ...]
    ccag: bool
    #: The letter cites CCAG-TIC art. 14: the contract refers to it and the grievance is a
    #: delay (art. 14 is about delay penalties, not service credits or réfactions).
    art14: bool
    #: A delay penalty: the delivery it is computed on (V, R and the excused days shown).
    delivery: DeliveryRow | None = None
    divisor: Decimal | None = None


@dataclass(frozen=True)
class ExecutionContext:
    """Everything the four execution documents print (``extra.x`` in the templates)."""

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
    deliveries: list[DeliveryRow]
    late_deliveries: int
    verifications: list[VerificationRow]
    levels: list[LevelRow]
    breaches: int
    credit_months: list[CreditMonth]
    caps: list[CapRow]
    #: Whether the contract sets delay penalties (a letter mentions them only then).
    penalties_set: bool
    penalties_total: Decimal
    penalties_gross: Decimal
    penalties_cap: Decimal | None
    penalties_exempt: bool
    exemption_threshold: Decimal | None
    credits_total: Decimal
    claims: list[ClaimRow]
    reductions: list[ReductionRow]
    changes: list[ChangeRow]
    change_totals: ChangeTotals | None
    grievances: list[GrievanceRow]
    open_grievances: list[GrievanceRow]
    evidence: list[EvidenceRow]
    evidence_problems: int
    upcoming: list[DeadlineRow]
    overdue: list[DeadlineRow]
    critical_soon: list[DeadlineRow]
    overdue_actions: list[ActionRow]
    #: Upcoming deadlines listed: those within this many days of the report date.
    horizon_days: int
    letter: Letter | None = None
    charts: list[str] = field(default_factory=list)
