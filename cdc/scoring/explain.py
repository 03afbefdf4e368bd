"""What a buyer needs to defend a ranking: tipping points, distance to win, and warnings.

- Tipping point of a criterion: the smallest change of its weight (the others rescaled to keep
  the total at 100 %) that changes the winner, and who would win. Totals are linear in that
  weight, so the crossing points are solved exactly, not searched.
- Distance to win: the points each competing loser lacks, and the total price it would have
  needed (price notes recomputed for every bid, since relative formulas move them all).
- Warnings that protect the buyer: rank reversal when a losing bid is withdrawn (relative
  formulas), lowest price without the best note, a formula that barely separates the bids,
  nominal vs effective weight of the price.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from decimal import Decimal

from cdc.model.enums import CriterionKind
from cdc.scoring.engine import (
    HUNDRED,
    ONE,
    RELATIVE_METHODS,
    ZERO,
    Scoring,
    VendorResult,
    apply_price,
    leaves_under,
    price_note,
    rank,
)
from cdc.scoring.messages import Message

#: Default perturbation of every leaf weight in the Monte Carlo run (±20 %).
MONTE_CARLO_SPREAD = Decimal("0.2")


@dataclass(frozen=True)
class TippingPoint:
    """How far one criterion's weight must move before the winner changes."""

    criterion: str
    title: str
    weight: Decimal  # current absolute weight, 0–1
    tipping_weight: Decimal | None  # None: no weight in [0, 1] changes the winner
    new_winner: str | None

    @property
    def change(self) -> Decimal | None:
        """Signed change of weight (in weight points, 0–1) that tips the ranking."""
        return None if self.tipping_weight is None else self.tipping_weight - self.weight


@dataclass(frozen=True)
class DistanceToWin:
    """What a competing loser lacked."""

    vendor: str
    points_behind: Decimal
    price: Decimal | None
    price_needed: Decimal | None  # None: no positive price would have been enough


def _units(scoring: Scoring) -> list[tuple[str, str, Decimal, list[str]]]:
    """Weighted units analysed: top-level criteria, then leaves that are not top-level."""
    units = []
    for c in scoring.criteria:
        if c.depth == 0 or c.is_leaf:
            leaves = (
                [c.criterion.id]
                if c.is_leaf
                else [x.criterion.id for x in leaves_under(scoring, c.criterion.id)]
            )
            units.append((c.criterion.id, c.criterion.title, c.absolute, leaves))
    return units


def _line(r: VendorResult, leaves: list[str], w: Decimal) -> tuple[Decimal, Decimal]:
    """A vendor's total as a function of one unit's weight: ``rest + weight × slope``."""
    contribution = sum((r.criteria[leaf].points for leaf in leaves), ZERO)
    x = contribution / w  # the unit's score at full weight (0–100)
    rest = (r.total - contribution) / (ONE - w)  # the others' score, rescaled to 100 %
    return rest, x - rest


def tipping_points(scoring: Scoring, results: list[VendorResult]) -> list[TippingPoint]:
    """For every criterion, the nearest weight at which another vendor overtakes the winner."""
    competing = [r for r in results if r.competing]
    if len(competing) < 2:
        return []
    winner = competing[0]
    out = []
    for cid, title, w, leaves in _units(scoring):
        if w <= 0 or w >= 1:
            out.append(TippingPoint(cid, title, w, None, None))
            continue

        a_win, b_win = _line(winner, leaves, w)
        best: tuple[Decimal, str] | None = None
        for other in competing[1:]:
            a, b = _line(other, leaves, w)
            if b == b_win:
                continue
            crossing = (a_win - a) / (b - b_win)
            if ZERO <= crossing <= ONE and crossing != w:
                # Past the crossing, the other leads only if it gains faster in that direction.
                ahead = (b > b_win) if crossing > w else (b < b_win)
                if ahead and (best is None or abs(crossing - w) < abs(best[0] - w)):
                    best = (crossing, other.vendor)
        out.append(
            TippingPoint(cid, title, w, best[0] if best else None, best[1] if best else None)
        )
    return out


def distance_to_win(scoring: Scoring, results: list[VendorResult]) -> list[DistanceToWin]:
    """Points behind the winner, and the price that would have made each loser win."""
    competing = [r for r in results if r.competing]
    if len(competing) < 2:
        return []
    winner = competing[0]
    out = []
    for loser in competing[1:]:
        behind = scoring.round(winner.total) - scoring.round(loser.total)
        needed = None
        if scoring.evaluation.price is not None and loser.price_total and loser.price_total > 0:
            needed = _price_needed(scoring, results, loser.vendor, winner.vendor)
        out.append(DistanceToWin(loser.vendor, behind, loser.price_total, needed))
    return out


def _trial_copy(results: list[VendorResult]) -> list[VendorResult]:
    """Copies :func:`apply_price` can update without touching the originals.

    ``apply_price`` only reassigns fields and criterion entries, so a shallow copy with its own
    criteria dict is enough (much cheaper than a deep copy, which what-ifs run many times).
    """
    out = []
    for r in results:
        c = copy.copy(r)
        c.criteria = dict(r.criteria)
        c.sections = dict(r.sections)
        out.append(c)
    return out


def _price_needed(
    scoring: Scoring, results: list[VendorResult], vendor: str, winner: str
) -> Decimal | None:
    """Highest total price at which ``vendor`` would have overtaken ``winner`` (bisection).

    Only the two vendors' totals matter, and only their price points move: the rest of each
    total is fixed, and the price notes depend on the trial price through the lowest and highest
    competing prices. Every price formula gives a loser's lead that never grows with its price,
    so bisection finds the crossing; each trial costs a few Decimal operations, not a re-score.
    """
    price = scoring.evaluation.price
    assert price is not None
    price_leaves = [leaf for leaf in scoring.leaves if leaf.kind is CriterionKind.price]
    weight = sum((leaf.absolute for leaf in price_leaves), ZERO) * HUNDRED
    by_vendor = {r.vendor: r for r in results}
    loser, leader = by_vendor[vendor], by_vendor[winner]

    def fixed(r: VendorResult) -> Decimal:
        return r.total - sum((r.criteria[leaf.criterion.id].points for leaf in price_leaves), ZERO)

    others = [
        r.price_total
        for r in results
        if r.competing and r.vendor != vendor and r.price_total is not None and r.price_total > 0
    ]
    loser_fixed, leader_fixed = fixed(loser), fixed(leader)
    leader_price = leader.price_total

    def wins_at(trial: Decimal) -> bool:
        pmin, pmax = min([trial, *others]), max([trial, *others])

        def note(p: Decimal | None) -> Decimal:
            if p is None:
                return ZERO
            got = price_note(price.method, p, pmin, pmax, price.best_price, price.ceiling)
            return got or ZERO

        return loser_fixed + weight * note(trial) > leader_fixed + weight * note(leader_price)

    current = loser.price_total
    assert current is not None
    low, high = current / 10_000, current
    if not wins_at(low):
        return None
    for _ in range(40):
        mid = (low + high) / 2
        if wins_at(mid):
            low = mid
        else:
            high = mid
    return low.quantize(Decimal("0.01"))


def withdrawal_effects(scoring: Scoring, results: list[VendorResult]) -> list[Message]:
    """With a relative price formula: does withdrawing a losing bid reorder the others?"""
    ev = scoring.evaluation
    if ev.price is None or ev.price.method not in RELATIVE_METHODS:
        return []
    competing = [r.vendor for r in results if r.competing]
    effects = []
    for gone in competing[1:]:
        trial = _trial_copy([r for r in results if r.vendor != gone])
        apply_price(scoring, trial)
        rank(scoring, trial)
        before = [v for v in competing if v != gone]
        after = [r.vendor for r in trial if r.competing]
        if before != after:
            effects.append(
                Message("withdrawal", {"vendor": gone, "before": before, "after": after})
            )
    return effects


def monte_carlo(
    scoring: Scoring, results: list[VendorResult], runs: int, seed: int, spread: Decimal
) -> dict[str, int]:
    """How often each vendor comes first when every leaf weight is perturbed by ±``spread``.

    Weights are multiplied by a uniform factor in [1 − spread, 1 + spread] and renormalised;
    notes stay as they are. Seeded, so the same command gives the same figures.
    """
    rng = random.Random(seed)
    competing = [r for r in results if r.competing]
    wins: dict[str, int] = {r.vendor: 0 for r in competing}
    if not competing:
        return wins
    leaves = [(leaf.criterion.id, leaf.absolute) for leaf in scoring.leaves]
    low, high = float(ONE - spread), float(ONE + spread)
    for _ in range(runs):
        factors = [Decimal(str(round(rng.uniform(low, high), 6))) for _ in leaves]
        weights = [w * f for (_, w), f in zip(leaves, factors, strict=True)]
        total_w = sum(weights, ZERO) or ONE
        best_vendor, best_total = "", Decimal(-1)
        for r in competing:
            total = sum(
                (
                    w / total_w * (r.criteria[cid].note or ZERO)
                    for (cid, _), w in zip(leaves, weights, strict=True)
                ),
                ZERO,
            )
            if total > best_total:
                best_vendor, best_total = r.vendor, total
        wins[best_vendor] += 1
    return wins


def effective_price_weight(scoring: Scoring, results: list[VendorResult]) -> Decimal | None:
    """The price's share of the spread of totals between competing bids (0–1)."""
    competing = [r for r in results if r.competing]
    if len(competing) < 2:
        return None
    ranges = []
    price_range = ZERO
    for top in (c for c in scoring.criteria if c.depth == 0):
        values = [r.sections[top.criterion.id] for r in competing]
        spread = max(values) - min(values)
        ranges.append(spread)
        if top.is_leaf and top.kind is CriterionKind.price:
            price_range = spread
    total = sum(ranges, ZERO)
    return price_range / total if total > 0 else None


def price_warnings(scoring: Scoring, results: list[VendorResult]) -> list[Message]:
    """Warnings on the price formula's behaviour with these bids."""
    ev = scoring.evaluation
    out: list[Message] = []
    competing = [r for r in results if r.competing and r.price_total is not None]
    invalid = [r.vendor for r in results if r.price_total is not None and r.price_total <= 0]
    if invalid:
        out.append(Message("zero_price", {"vendors": invalid}))
    missing = [r.vendor for r in results if r.price_total is None and ev.price is not None]
    if missing:
        out.append(Message("no_price", {"vendors": missing}))
    priced = [r for r in competing if r.price_note is not None and r.price_total]
    if ev.price is None or len(priced) < 2:
        return out
    if ev.price.method in RELATIVE_METHODS:
        out.append(Message("relative_price", {"method": ev.price.method.value}))
    cheapest = min(priced, key=lambda r: r.price_total or ZERO)
    best = max(r.price_note or ZERO for r in priced)
    if (cheapest.price_note or ZERO) < best:
        out.append(Message("lowest_price", {"vendor": cheapest.vendor}))
    prices = [r.price_total or ZERO for r in priced]
    notes = [r.price_note or ZERO for r in priced]
    price_spread = (max(prices) - min(prices)) / min(prices)
    note_spread = max(notes) - min(notes)
    if price_spread > Decimal("0.05") and note_spread < price_spread / 2:
        # whole percentages, as published: the gap is what matters, not its decimals
        out.append(
            Message(
                "flat_price",
                {
                    "prices": (price_spread * HUNDRED).quantize(ONE),
                    "price_notes": (note_spread * HUNDRED).quantize(ONE),
                },
            )
        )
    nominal = sum((c.absolute for c in scoring.leaves if c.kind is CriterionKind.price), ZERO)
    effective = effective_price_weight(scoring, results)
    if effective is not None and abs(effective - nominal) > Decimal("0.10"):
        out.append(
            Message(
                "effective_price",
                {
                    "nominal": (nominal * HUNDRED).quantize(ONE),
                    "effective": (effective * HUNDRED).quantize(ONE),
                },
            )
        )
    return out
