"""Money of the follow-up: delay penalties from the log, service credits, réfactions.

Penalties go through the one engine (:mod:`cdc.contract.penalties`: P = V × R / divisor, cap,
exemption, cents half up). What this module adds is where V and R come from:

- the contractual date is the delivery's ``planned`` date, else its milestone's date
  (``planning.milestones``): one date, typed once;
- excusable delays move that date by their days, each with its reason (shown, not hidden);
- a contract whose penalties need a formal notice (a private *clause pénale*) counts only from
  the first formal notice about the delivery (a ``formal_notice`` step of a grievance on it)
  plus the grace period — and nothing at all before one is given;
- a delivery not yet made is late up to the as-of date (the penalty still runs).

Service credits: per month and service level, ``credit`` % of the month's fee per breach
(per counted breach, per started ``step`` of shortfall, or once for a missed level), capped at
the level's ``cap`` % of the fee, then all credits of the month at ``credits_cap`` %. Each amount
is rounded to the cent half up once; caps are rounded the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from cdc.contract.penalties import Delay, PenaltyResult, PenaltyTerms, compute, to_cent
from cdc.execution.dates import shift
from cdc.execution.terms import ExecutionTerms
from cdc.model import Project
from cdc.model.enums import ServiceLevelDirection
from cdc.model.execution import (
    Decision,
    Delivery,
    ExcusableDelay,
    ExecutionLog,
    StepKind,
    Verification,
)

ZERO = Decimal(0)


def milestone_dates(project: Project) -> dict[str, dt.date]:
    """Milestone id → date, for the milestones that have an id."""
    planning = project.planning
    if planning is None:
        return {}
    return {m.id: m.date for m in planning.milestones if m.id is not None}


def planned_date(delivery: Delivery, milestones: dict[str, dt.date]) -> dt.date | None:
    """The contractual date of a delivery: its own ``planned``, else its milestone's date."""
    return delivery.planned or milestones.get(delivery.milestone)


def formal_notice(log: ExecutionLog, delivery: Delivery) -> dt.date | None:
    """Date of the first formal notice about this delivery (a grievance step), if any."""
    dates = [
        step.date
        for g in log.grievances
        if g.delivery == delivery.id or any(r.milestone == delivery.milestone for r in g.references)
        for step in g.steps
        if step.kind is StepKind.formal_notice
    ]
    return min(dates) if dates else None


@dataclass(frozen=True)
class DelayLine:
    """One delivery's delay and what it costs the vendor."""

    delivery: Delivery
    planned: dt.date | None
    actual: dt.date | None
    delivered: bool
    #: Calendar days between the contractual date and delivery (or the as-of date).
    gross_days: int
    excused: tuple[ExcusableDelay, ...]
    excused_days: int
    formal_notice: dt.date | None
    #: The date penalties run from (the day after it is the first day counted).
    start: dt.date | None
    #: Days of delay the penalty is computed on.
    days: int
    #: Not delivered yet: the penalty grows every day.
    running: bool
    #: What is due for this delivery (after the cap and the exemption).
    penalty: Decimal
    #: Before the cap.
    gross_penalty: Decimal
    #: Why nothing is computed, when nothing is.
    note: str | None


@dataclass(frozen=True)
class DelayPenalties:
    """Delay penalties of the whole contract as of a date."""

    terms: PenaltyTerms | None
    lines: tuple[DelayLine, ...]
    result: PenaltyResult | None

    @property
    def total(self) -> Decimal:
        """What is due in all (after the cap and the exemption)."""
        return self.result.total if self.result is not None else ZERO


def _delay_line(
    delivery: Delivery,
    log: ExecutionLog,
    terms: ExecutionTerms,
    milestones: dict[str, dt.date],
    as_of: dt.date,
) -> tuple[DelayLine, Delay | None]:
    planned = planned_date(delivery, milestones)
    end = delivery.actual or as_of
    excused = sum(e.days for e in delivery.excusable)
    notice = formal_notice(log, delivery)
    note: str | None = None
    start: dt.date | None = None
    days = 0
    gross = 0
    if planned is None:
        note = f"unknown milestone '{delivery.milestone}': no contractual date"
    else:
        gross = max(0, (end - planned).days)
        start = shift(planned, excused)
        if terms.formal_notice_required:
            if notice is None:
                start = None
                note = "no formal notice yet: the penalty runs only after one"
            else:
                start = max(start, shift(notice, terms.grace_days))
        if start is not None:
            days = max(0, (end - start).days)
    if note is None and terms.penalty_terms is None:
        note = "the contract sets no delay penalties"
    elif note is None and delivery.value is None:
        note = "no value given: no penalty computed"
    elif note is None and delivery.penalty_waived:
        note = "penalty waived by the buyer"
    delay = None
    if note is None and delivery.value is not None:
        delay = Delay(delivery.value, days, delivery.label or delivery.id, planned, delivery.actual)
    line = DelayLine(
        delivery=delivery,
        planned=planned,
        actual=delivery.actual,
        delivered=delivery.actual is not None,
        gross_days=gross,
        excused=tuple(delivery.excusable),
        excused_days=excused,
        formal_notice=notice,
        start=start,
        days=days,
        running=delivery.actual is None and gross > 0,
        penalty=ZERO,
        gross_penalty=ZERO,
        note=note,
    )
    return line, delay


def delay_penalties(
    terms: ExecutionTerms, project: Project, log: ExecutionLog, as_of: dt.date
) -> DelayPenalties:
    """Penalties for every delivery of the log, as of ``as_of`` (cap and exemption applied)."""
    milestones = milestone_dates(project)
    pairs = [_delay_line(d, log, terms, milestones, as_of) for d in log.deliveries]
    delays = [delay for _, delay in pairs if delay is not None]
    if terms.penalty_terms is None or not delays:
        return DelayPenalties(terms.penalty_terms, tuple(line for line, _ in pairs), None)
    result = compute(terms.penalty_terms, delays)
    events = iter(result.events)
    lines = []
    for line, delay in pairs:
        if delay is not None:
            event = next(events)
            line = _replace(line, penalty=event.applied, gross_penalty=event.penalty)
        lines.append(line)
    return DelayPenalties(terms.penalty_terms, tuple(lines), result)


def _replace(line: DelayLine, *, penalty: Decimal, gross_penalty: Decimal) -> DelayLine:
    from dataclasses import replace

    return replace(line, penalty=penalty, gross_penalty=gross_penalty)


@dataclass(frozen=True)
class CreditLine:
    """One service level of one month: measured, missed or met, and the credit."""

    service_level: str
    indicator: str
    target: str
    threshold: Decimal | None
    value: Decimal | None
    #: Breaches credited (counted breaches, started steps of shortfall, or 1 for a missed level).
    breaches: int
    met: bool
    credit_percent: Decimal | None
    #: Before the level's cap.
    gross: Decimal
    cap_amount: Decimal | None
    #: After the level's cap.
    amount: Decimal
    capped: bool
    note: str | None


@dataclass(frozen=True)
class CreditPeriod:
    """The service credits of one month."""

    month: str
    fee: Decimal | None
    lines: tuple[CreditLine, ...]
    #: Sum of the levels' amounts, before the month's cap.
    gross: Decimal
    cap_amount: Decimal | None
    total: Decimal
    capped: bool

    @property
    def last_day(self) -> dt.date:
        """The month's last day (credits are claimable once it is over)."""
        year, month = (int(x) for x in self.month.split("-"))
        return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class ServiceCredits:
    """Service credits of every month of the log."""

    periods: tuple[CreditPeriod, ...]

    @property
    def total(self) -> Decimal:
        """Credits due in all."""
        return sum((p.total for p in self.periods), ZERO)


def _percent_of(fee: Decimal, percent: Decimal) -> Decimal:
    return to_cent(fee * percent / 100)


def credit_breaches(
    direction: ServiceLevelDirection,
    threshold: Decimal | None,
    step: Decimal | None,
    value: Decimal | None,
    counted: int | None,
) -> tuple[bool, int]:
    """(met, breaches credited) for one measure: counted breaches win; else the shortfall."""
    missed = False
    shortfall = ZERO
    if value is not None and threshold is not None:
        shortfall = (
            threshold - value if direction is ServiceLevelDirection.at_least else value - threshold
        )
        missed = shortfall > 0
    if counted is not None:
        return counted == 0 and not missed, counted
    if not missed:
        return True, 0
    if step:
        return False, int((shortfall / step).to_integral_value(rounding=ROUND_CEILING))
    return False, 1


def service_credits(terms: ExecutionTerms, log: ExecutionLog) -> ServiceCredits:
    """Credits per month and level, each level's cap, then the month's cap."""
    periods = []
    for period in log.service_levels:
        fee = period.fee if period.fee is not None else terms.monthly_fee
        lines = []
        for measure in period.measures:
            level = terms.service_level(measure.service_level)
            if level is None:
                continue  # an unknown level: EXE001 reports it
            met, count = credit_breaches(
                level.direction, level.threshold, level.step, measure.value, measure.breaches
            )
            note = None
            gross = ZERO
            cap_amount = None
            if fee is None:
                note = "no monthly fee known: credits not computed"
            elif level.credit is None:
                note = "the contract sets no credit for this level"
            else:
                gross = to_cent(fee * level.credit * count / 100)
                if level.cap is not None:
                    cap_amount = _percent_of(fee, level.cap)
            amount = gross if cap_amount is None else min(gross, cap_amount)
            lines.append(
                CreditLine(
                    service_level=measure.service_level,
                    indicator=level.indicator,
                    target=level.target,
                    threshold=level.threshold,
                    value=measure.value,
                    breaches=count,
                    met=met,
                    credit_percent=level.credit,
                    gross=gross,
                    cap_amount=cap_amount,
                    amount=amount,
                    capped=amount < gross,
                    note=note,
                )
            )
        gross_total = sum((line.amount for line in lines), ZERO)
        month_cap = (
            _percent_of(fee, terms.credits_cap)
            if fee is not None and terms.credits_cap is not None
            else None
        )
        total = gross_total if month_cap is None else min(gross_total, month_cap)
        periods.append(
            CreditPeriod(
                period.month, fee, tuple(lines), gross_total, month_cap, total, total < gross_total
            )
        )
    return ServiceCredits(tuple(periods))


@dataclass(frozen=True)
class PriceReduction:
    """A réfaction: admitted at a reduced price."""

    verification: Verification
    delivery: Delivery | None
    value: Decimal | None
    reduced_price: Decimal
    #: value − reduced price (None when the delivery's value is unknown).
    reduction: Decimal | None


def price_reductions(log: ExecutionLog) -> list[PriceReduction]:
    """Every réfaction decided, with the amount it takes off the price."""
    deliveries = {d.id: d for d in log.deliveries}
    out = []
    for v in log.verifications:
        if v.decision is not Decision.price_reduction or v.reduced_price is None:
            continue
        delivery = deliveries.get(v.delivery)
        value = delivery.value if delivery is not None else None
        reduction = None if value is None else max(ZERO, value - v.reduced_price)
        out.append(PriceReduction(v, delivery, value, v.reduced_price, reduction))
    return out
