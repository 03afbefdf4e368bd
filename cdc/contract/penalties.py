"""Penalties for delay: exact arithmetic, declared rounding, cap and exemption.

Formula (CCAG-TIC 2021 art. 14; other CCAGs use another divisor): P = V × R / divisor, where V
is the value excl. VAT of the late part (or of the whole if the delay makes it unusable) and R
the days of delay.

Why the rules below are spelled out: a penalty is money claimed from a vendor, so the figure
must be reproducible by hand and defensible.

- Arithmetic is :class:`~decimal.Decimal` throughout; no float ever enters.
- Rounding: each event's penalty is rounded to the cent, half up (:data:`ROUNDING`), once; sums
  of rounded amounts are exact. The cap amount is rounded the same way.
- Cap: a percentage of the total contract amount excl. VAT. It limits the cumulative total:
  events are applied in order and the one that crosses the cap is cut to what remains.
- Exemption: no penalty at all when the total for the whole contract is at or below the
  threshold. The test uses the total before the cap (the penalties incurred), so that a cap
  below the threshold cannot cancel penalties that exceed it. Since it is assessed over the
  whole contract, an exemption on a partial log can end with a later delay.
- CCAG-TIC 2021 defaults (divisor 1000, cap 10 %, threshold 1,000 €) apply only when the
  contract refers to the CCAG-TIC; otherwise missing settings are reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal, InvalidOperation, Overflow

from cdc.core.errors import InputError
from cdc.model import Project
from cdc.model.enums import ContractFrame

CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
#: What the outputs say about rounding.
ROUNDING_RULE = "each event's penalty rounded to the cent, half up; cap rounded the same way"

CCAG_TIC_DIVISOR = Decimal(1000)
CCAG_TIC_CAP = Decimal(10)
CCAG_TIC_EXEMPTION = Decimal(1000)
#: Above this share of the contract amount, a penalty cap stops being a sensible deterrent and
#: becomes a risk for the price of every offer (lint warns; the CCAG-TIC default is 10 %).
SENSIBLE_CAP_PERCENT = Decimal(20)


#: Wide enough for any amount the models let in (≤ 1e12, × 3,650 days): quantizing to the cent
#: never runs out of digits, and anything beyond is refused by :func:`to_cent`, not crashed on.
_CENTS_CONTEXT = Context(prec=60, rounding=ROUNDING, traps=[InvalidOperation, Overflow])
#: Above this, an amount is no penalty a court would see (the inputs are bounded well below it).
_LARGEST = Decimal("1e30")


def to_cent(value: Decimal) -> Decimal:
    """Round to the cent, half up (the one rounding step of the computation).

    Raises :class:`InputError` (exit 1) for an amount that is not finite or beyond any sane
    size, rather than letting :mod:`decimal` fail with an internal error.
    """
    if not value.is_finite() or abs(value) > _LARGEST:
        raise InputError(f"amount {value} is out of range: check the values and days given")
    return value.quantize(CENT, rounding=ROUNDING, context=_CENTS_CONTEXT)


@dataclass(frozen=True)
class PenaltyTerms:
    """The settings a computation uses, and where each came from."""

    divisor: Decimal
    cap_percent: Decimal | None
    exemption_threshold: Decimal | None
    contract_total: Decimal | None
    #: "project", "ccag_tic_2021" (defaults) or "project+ccag_tic_2021".
    source: str

    @property
    def cap_amount(self) -> Decimal | None:
        """The cap in money: cap % × contract total, rounded to the cent."""
        if self.cap_percent is None or self.contract_total is None:
            return None
        return to_cent(self.contract_total * self.cap_percent / 100)


@dataclass(frozen=True)
class Delay:
    """One late delivery: the value concerned and the days of delay."""

    value: Decimal
    days: int
    label: str | None = None
    planned: dt.date | None = None
    actual: dt.date | None = None

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("the value of a late delivery cannot be negative")
        if self.days < 0:
            raise ValueError("days of delay cannot be negative")


@dataclass(frozen=True)
class EventPenalty:
    """The penalty of one delay, before and after the cap, with the running totals."""

    delay: Delay
    #: V × R / divisor, rounded to the cent.
    penalty: Decimal
    #: What is actually due for this event once the cap (and the exemption) apply.
    applied: Decimal
    cumulative: Decimal
    cumulative_applied: Decimal
    #: Whether the cap cut this event.
    capped: bool


@dataclass(frozen=True)
class PenaltyResult:
    """Penalties for a list of delays, per event and for the whole contract."""

    terms: PenaltyTerms
    events: tuple[EventPenalty, ...]
    #: Sum of the events' penalties, before the cap.
    gross_total: Decimal
    #: What is due: after the cap, zero if exempt.
    total: Decimal
    capped: bool
    exempt: bool


def event_penalty(value: Decimal, days: int, divisor: Decimal) -> Decimal:
    """P = V × R / divisor, rounded to the cent (computed with enough digits to be exact)."""
    return to_cent(_CENTS_CONTEXT.divide(_CENTS_CONTEXT.multiply(value, days), divisor))


def compute(terms: PenaltyTerms, delays: list[Delay]) -> PenaltyResult:
    """Apply the formula to each delay, then the cap (cumulative, in order) and the exemption."""
    cap = terms.cap_amount
    gross = Decimal(0)
    granted = Decimal(0)
    raw: list[tuple[Delay, Decimal, Decimal, Decimal, bool]] = []
    for delay in delays:
        penalty = event_penalty(delay.value, delay.days, terms.divisor)
        gross += penalty
        room = penalty if cap is None else max(Decimal(0), min(penalty, cap - granted))
        granted += room
        raw.append((delay, penalty, room, gross, room < penalty))
    threshold = terms.exemption_threshold
    exempt = threshold is not None and gross <= threshold
    events = []
    running = Decimal(0)
    for delay, penalty, room, cumulative, cut in raw:
        applied = Decimal(0) if exempt else room
        running += applied
        events.append(EventPenalty(delay, penalty, applied, cumulative, running, cut))
    return PenaltyResult(
        terms=terms,
        events=tuple(events),
        gross_total=gross,
        total=Decimal(0) if exempt else granted,
        capped=cap is not None and gross > cap,
        exempt=exempt,
    )


def effective_terms(project: Project, contract_total: Decimal | None = None) -> PenaltyTerms | None:
    """The delay-penalty settings in force: the project's, completed by the CCAG-TIC defaults
    only when the contract refers to the CCAG-TIC; None when neither gives any.

    ``contract_total`` (e.g. from ``--contract-total``) overrides contract.estimated_total as
    the base of the cap.
    """
    contract = project.contract
    ccag = contract is not None and contract.frame is ContractFrame.ccag_tic_2021
    delay = contract.penalties.delay if contract and contract.penalties else None
    total = contract_total
    if total is None and contract is not None:
        total = contract.estimated_total
    if delay is None:
        if not ccag:
            return None
        return PenaltyTerms(
            CCAG_TIC_DIVISOR, CCAG_TIC_CAP, CCAG_TIC_EXEMPTION, total, "ccag_tic_2021"
        )
    cap = delay.cap
    exemption = delay.exemption_threshold
    defaulted = False
    if ccag and cap is None:
        cap, defaulted = CCAG_TIC_CAP, True
    if ccag and exemption is None:
        exemption, defaulted = CCAG_TIC_EXEMPTION, True
    source = "project+ccag_tic_2021" if defaulted else "project"
    return PenaltyTerms(delay.divisor, cap, exemption, total, source)


def project_terms(project: Project, contract_total: Decimal | None = None) -> PenaltyTerms:
    """Like :func:`effective_terms`, but raises :class:`InputError` saying what is missing."""
    terms = effective_terms(project, contract_total)
    if terms is None:
        raise InputError(
            "the project sets no delay penalties (contract.penalties.delay: divisor, cap, "
            "exemption_threshold) and does not refer to the CCAG-TIC 2021 "
            "(contract.frame: ccag_tic_2021), whose defaults would apply"
        )
    if terms.cap_percent is not None and terms.contract_total is None:
        raise InputError(
            f"the cap is {terms.cap_percent} % of the total contract amount, which is unknown: "
            "set contract.estimated_total or give --contract-total"
        )
    return terms


def days_to_cap(terms: PenaltyTerms) -> int | None:
    """Days of delay on the whole contract value after which the cap is reached.

    V × R / divisor = cap % × V  ⇔  R = cap % × divisor / 100, whatever the value.
    """
    if terms.cap_percent is None:
        return None
    days = terms.cap_percent * terms.divisor / 100
    return int(days.to_integral_value(rounding=ROUND_CEILING))
