"""Price notes: the declared formula, among the bids still in competition, then the totals.

The formulas live in one place (:func:`price_note`), which the engine and the what-if analyses
(:mod:`cdc.scoring.explain`) both call; :func:`apply_price` notes the competing bids against one
another (an eliminated bid never moves the others' notes) and adds every vendor's points up.
"""

from __future__ import annotations

from decimal import Decimal

from cdc.model.enums import CriterionKind, PriceMethod
from cdc.scoring.results import (
    HUNDRED,
    ONE,
    ZERO,
    CriterionScore,
    Scoring,
    VendorResult,
    leaves_under,
)

#: Methods whose note depends on the other bids (a withdrawal can move them).
RELATIVE_METHODS = frozenset(
    {PriceMethod.proportional, PriceMethod.linear_min_max, PriceMethod.linear_gap}
)


def price_notes(
    method: PriceMethod,
    prices: dict[str, Decimal],
    best_price: Decimal | None = None,
    ceiling: Decimal | None = None,
) -> dict[str, Decimal]:
    """Price notes (0–1) of the competing bids; a zero or negative price gets no note.

    Relative methods compare each bid with the others; ``absolute_band`` depends on no other
    bid. Division by zero is guarded everywhere.
    """
    valid = {v: p for v, p in prices.items() if p > 0}
    if not valid:
        return {}
    pmin, pmax = min(valid.values()), max(valid.values())
    notes: dict[str, Decimal] = {}
    for vendor, p in valid.items():
        note = price_note(method, p, pmin, pmax, best_price, ceiling)
        if note is not None:
            notes[vendor] = note
    return notes


def price_note(
    method: PriceMethod,
    price: Decimal,
    pmin: Decimal,
    pmax: Decimal,
    best_price: Decimal | None = None,
    ceiling: Decimal | None = None,
) -> Decimal | None:
    """One bid's price note, given the lowest and highest valid competing prices (it included).

    The single place where the formulas live: :func:`price_notes` and the what-if analyses both
    call it. None when the method cannot note the bid (a non-positive price, an absolute band
    without a sensible best price and ceiling).
    """
    if price <= 0:
        return None
    if method is PriceMethod.absolute_band:
        if best_price is None or ceiling is None or ceiling <= best_price:
            return None
        return min(ONE, max(ZERO, (ceiling - price) / (ceiling - best_price)))
    if method is PriceMethod.proportional:
        return pmin / price
    if method is PriceMethod.linear_min_max:
        return ONE if pmax == pmin else (pmax - price) / (pmax - pmin)
    return max(ZERO, ONE - (price - pmin) / pmin)  # linear_gap


def apply_price(scoring: Scoring, results: list[VendorResult]) -> None:
    """Price notes among competing bids, then totals and sections (re-entrant for what-ifs)."""
    ev = scoring.evaluation
    competing = {
        r.vendor: r.price_total for r in results if r.competing and r.price_total is not None
    }
    notes: dict[str, Decimal] = {}
    if ev.price is not None:
        method, best, ceiling = ev.price.method, ev.price.best_price, ev.price.ceiling
        notes = price_notes(method, competing, best, ceiling)
        for r in results:
            if r.vendor in notes or r.price_total is None or r.competing:
                continue
            # Out of competition: a note for information, computed against the competing field
            # (its own price never moves the others').
            alone = price_notes(method, {**competing, r.vendor: r.price_total}, best, ceiling)
            if r.vendor in alone:
                notes[r.vendor] = alone[r.vendor]
    for r in results:
        r.price_note = notes.get(r.vendor)
        for leaf in scoring.leaves:
            if leaf.kind is CriterionKind.price:
                note = r.price_note
                r.criteria[leaf.criterion.id] = CriterionScore(
                    leaf.criterion.id,
                    note,
                    leaf.absolute * (note or ZERO) * HUNDRED,
                    "no valid price" if note is None else "",
                )
        r.total = sum((s.points for s in r.criteria.values()), ZERO)
        r.sections = {}
        for top in (c for c in scoring.criteria if c.depth == 0):
            r.sections[top.criterion.id] = sum(
                (
                    r.criteria[leaf.criterion.id].points
                    for leaf in leaves_under(scoring, top.criterion.id)
                ),
                ZERO,
            )


__all__ = ["RELATIVE_METHODS", "apply_price", "price_note", "price_notes"]
