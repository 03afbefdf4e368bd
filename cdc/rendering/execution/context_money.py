"""The money sections of the execution context: service levels, caps, claims, reductions, changes.

Split from :mod:`cdc.rendering.execution.context` so each section's rows are read in one place.
Nothing here computes a credit or a penalty: the figures come from
:func:`cdc.execution.follow_up`; this module only picks, words (:mod:`.wording`) and rounds the
shares the dashboard prints.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

from cdc.execution.follow import FollowUp
from cdc.model.execution import ExecutionLog
from cdc.rendering.execution.context_types import (
    CapRow,
    ChangeRow,
    ChangeTotals,
    ClaimRow,
    CreditMonth,
    LevelRow,
    ReductionRow,
)
from cdc.rendering.execution.wording import note_text
from cdc.rendering.fmt import Formatter

ZERO = Decimal(0)


class MoneyPart(TypedDict):
    """The fields of :class:`~.context_types.ExecutionContext` this module fills."""

    levels: list[LevelRow]
    breaches: int
    credit_months: list[CreditMonth]
    caps: list[CapRow]
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


def month_label(month: str, lang: str) -> str:
    """``2027-10`` → ``octobre 2027`` / ``October 2027``."""
    year, number = (int(x) for x in month.split("-"))
    text = Formatter(lang).date(dt.date(year, number, 1))
    return text.split(" ", 1)[1]


def _share(used: Decimal, cap: Decimal | None) -> Decimal | None:
    if cap is None or cap <= 0:
        return None
    return (used * 100 / cap).quantize(Decimal("0.1"))


def _measured(
    value: Decimal | None, unit: str | None, breaches: int, fmt: Formatter, words: dict[str, Any]
) -> str:
    if value is None:  # a level counted in breaches (incidents handled late)
        return str(words["breaches"]["one" if breaches == 1 else "many"]).format(n=breaches)
    text = fmt.number(value, max(0, -int(value.normalize().as_tuple().exponent)))
    return f"{text}\u00a0{unit}" if unit else text


def money_part(follow: FollowUp, log: ExecutionLog, lang: str, words: dict[str, Any]) -> MoneyPart:
    """Service levels, caps, claims, price reductions and changes, as the dashboard shows them.

    One step for the money sections because the caps table reads both the delay penalties and
    the monthly credits; the rows themselves are built by the helpers below.
    """
    terms = follow.terms
    levels, months = service_level_rows(follow, lang, words)
    result = follow.penalties.result
    pterms = follow.penalties.terms
    changes = follow.changes
    return MoneyPart(
        levels=levels,
        breaches=sum(1 for r in levels if not r.met),
        credit_months=months,
        caps=_cap_rows(follow, months, words),
        penalties_set=pterms is not None,
        penalties_total=follow.penalties.total,
        penalties_gross=result.gross_total if result is not None else ZERO,
        penalties_cap=pterms.cap_amount if pterms is not None else None,
        penalties_exempt=result.exempt if result is not None else False,
        exemption_threshold=pterms.exemption_threshold if pterms is not None else None,
        credits_total=follow.credits.total,
        claims=[
            ClaimRow(
                str(words["basis"][c.basis.value]),
                c.due,
                c.claimed,
                c.settled,
                c.now,
                _claim_note(c.basis.value, terms.comment_days, terms.formal_notice_required, words),
            )
            for c in follow.claims
        ],
        reductions=[
            ReductionRow(
                r.verification.id, r.verification.delivery, r.value, r.reduced_price, r.reduction
            )
            for r in follow.reductions
        ],
        changes=[
            ChangeRow(
                c.id,
                str(words["change_kind"][c.kind.value]),
                c.title,
                c.date,
                str(words["change_status"][c.status.value]),
                c.price_impact,
                c.delay_days,
            )
            for c in log.changes
        ],
        change_totals=ChangeTotals(
            changes.initial,
            changes.accepted,
            changes.pending,
            changes.percent,
            changes.threshold_percent,
            changes.over_threshold,
        )
        if log.changes
        else None,
    )


def service_level_rows(
    follow: FollowUp, lang: str, words: dict[str, Any]
) -> tuple[list[LevelRow], list[CreditMonth]]:
    """Each indicator of each month (the grid and its table) and each month's credit total.

    Built in one pass over the periods so a month's label is worded once for both lists.
    """
    fmt = Formatter(lang)
    units = {s.id: s.unit for s in follow.terms.service_levels if s.id}
    levels: list[LevelRow] = []
    months: list[CreditMonth] = []
    for period in follow.credits.periods:
        label = month_label(period.month, lang)
        months.append(
            CreditMonth(period.month, label, period.fee, period.gross, period.cap_amount,
                        period.total, period.capped)
        )  # fmt: skip
        for c in period.lines:
            levels.append(
                LevelRow(
                    month=period.month,
                    month_label=label,
                    indicator=c.indicator,
                    target=c.target,
                    measured=_measured(c.value, units.get(c.service_level), c.breaches, fmt, words),
                    met=c.met,
                    breaches=c.breaches,
                    amount=c.amount,
                    capped=c.capped,
                    note=note_text(c.note, words),
                )
            )
    return levels, months


def _cap_rows(follow: FollowUp, months: list[CreditMonth], words: dict[str, Any]) -> list[CapRow]:
    """Each running total against its cap: the delay penalties first, then each month's credits.

    The order is the chart's and the table's, so both read the same way.
    """
    result = follow.penalties.result
    pterms = follow.penalties.terms
    penalties_cap = pterms.cap_amount if pterms is not None else None
    penalties_gross = result.gross_total if result is not None else ZERO
    penalties_total = follow.penalties.total
    caps = [
        CapRow(str(words["money"]["delay"]), penalties_gross, penalties_total, penalties_cap,
               _share(penalties_total, penalties_cap),
               result.capped if result is not None else False)
    ]  # fmt: skip
    for m in months:
        caps.append(
            CapRow(str(words["money"]["credits_month"]).format(month=m.month_label), m.gross,
                   m.total, m.cap, _share(m.total, m.cap), m.capped)
        )  # fmt: skip
    return caps


def _claim_note(basis: str, comment_days: int | None, notice: bool, words: dict[str, Any]) -> str:
    notes = words["claim_note"]
    if basis != "delay_penalty":
        return str(notes.get(basis, ""))
    if comment_days is not None:
        return str(notes["delay_penalty_window"]).format(days=comment_days)
    return str(notes["delay_penalty_notice" if notice else "delay_penalty"])


__all__ = ["MoneyPart", "money_part", "month_label", "service_level_rows"]
