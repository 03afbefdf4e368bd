"""What a buyer needs to defend a ranking: tipping points, distance to win, and warnings.

- Tipping point of a criterion: the nearest weights, down and up (the others rescaled to keep
  the total at 100 %), at which the first place changes — a new first vendor, or a tie — solved
  exactly (:mod:`cdc.scoring.tipping`, re-exported here).
- Distance to win: the points each competing loser lacks, and the highest total price at which
  it would have reached the first place (price notes recomputed for every bid, since relative
  formulas move them all; the engine's ranking decides, tie-breaks included).
- Warnings that protect the buyer: rank reversal when a losing bid is withdrawn (relative
  formulas), lowest price without the best note, a formula that barely separates the bids,
  nominal vs effective weight of the price.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from cdc.model.enums import CriterionKind, PriceMethod
from cdc.scoring.messages import Message
from cdc.scoring.prices import RELATIVE_METHODS, apply_price, price_note
from cdc.scoring.ranking import rank, tie_break_key
from cdc.scoring.results import HUNDRED, ONE, ZERO, Scoring, VendorResult
from cdc.scoring.tipping import Tip, TippingPoint, tipping_points

#: Default perturbation of every leaf weight in the Monte Carlo run (±20 %).
MONTE_CARLO_SPREAD = Decimal("0.2")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class DistanceToWin:
    """What a competing loser lacked."""

    vendor: str
    points_behind: Decimal
    price: Decimal | None
    price_needed: Decimal | None  # None: no positive price would have been enough
    tied: bool = False  # shares the first place: nothing to win
    rule: str | None = None  # the tie-break that placed it after an equal total, if any


def distance_to_win(scoring: Scoring, results: list[VendorResult]) -> list[DistanceToWin]:
    """Points behind the first place, and the price at which each other bid would come first.

    A bid that shares the first place is 0 behind and ``tied``: no price is asked of it. A bid
    placed after an equal total by a tie-break is 0 behind too, with the rule that decided.
    """
    competing = [r for r in results if r.competing]
    if len(competing) < 2:
        return []
    winner = competing[0]
    out = []
    for loser in competing[1:]:
        rule = None if loser.tie_break is None else str(loser.tie_break.params["rule"])
        if loser.rank == 1:
            out.append(DistanceToWin(loser.vendor, ZERO, loser.price_total, None, tied=True))
            continue
        behind = scoring.round(winner.total) - scoring.round(loser.total)
        needed = None
        if scoring.evaluation.price is not None and loser.price_total and loser.price_total > 0:
            needed = _price_needed(scoring, results, loser.vendor)
        out.append(DistanceToWin(loser.vendor, behind, loser.price_total, needed, rule=rule))
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


def _price_needed(scoring: Scoring, results: list[VendorResult], vendor: str) -> Decimal | None:
    """Highest total price (to the cent below) at which ``vendor`` would be ranked first.

    "First" is the engine's: published totals, then the declared tie-breaks; sharing the first
    place counts. Only price points move with the trial price (every competing bid's, since
    relative formulas depend on the lowest and highest prices); the rest of each total is
    fixed. A lower price never ranks a bid lower under any formula or tie-break, so bisection
    finds the limit; each trial costs a few Decimal operations and one ranking, not a re-score.
    """
    price = scoring.evaluation.price
    assert price is not None
    price_leaves = [leaf for leaf in scoring.leaves if leaf.kind is CriterionKind.price]
    weight = sum((leaf.absolute for leaf in price_leaves), ZERO) * HUNDRED
    competing = [r for r in results if r.competing]
    trial = [copy.copy(r) for r in competing]
    me = next(c for c in trial if c.vendor == vendor)
    fixed = {
        r.vendor: r.total
        - sum((r.criteria[leaf.criterion.id].points for leaf in price_leaves), ZERO)
        for r in competing
    }
    others = [
        r.price_total
        for r in competing
        if r.vendor != vendor and r.price_total is not None and r.price_total > 0
    ]

    def first_at(candidate: Decimal) -> bool:
        me.price_total = candidate
        pmin, pmax = min([candidate, *others]), max([candidate, *others])
        for c in trial:
            p = c.price_total
            got = None
            if p is not None and p > 0:
                got = price_note(price.method, p, pmin, pmax, price.best_price, price.ceiling)
            c.total = fixed[c.vendor] + weight * (got or ZERO)
        # ranked first by the engine's key: published total, then the declared tie-breaks
        keys = [(-scoring.round(c.total), *tie_break_key(scoring, c)) for c in trial]
        return (-scoring.round(me.total), *tie_break_key(scoring, me)) == min(keys)

    current = next(r.price_total for r in competing if r.vendor == vendor)
    assert current is not None
    # searched down to a ten-thousandth of the price offered, and never below a cent
    low, high = max(current / 10_000, CENT), current
    if low >= high or not first_at(low):
        return None
    while high - low > CENT / 100:  # to a hundredth of a cent: enough to round to the cent
        mid = (low + high) / 2
        if first_at(mid):
            low = mid
        else:
            high = mid
    needed = low.quantize(CENT, rounding=ROUND_DOWN)
    # ``low`` creeps up to the limit from below: when the limit itself is a whole cent (a tie
    # reached exactly there), the cent above ``low`` still ranks first.
    return needed + CENT if first_at(needed + CENT) else needed


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


def _abnormally_low(threshold: Decimal, priced: list[VendorResult]) -> list[Message]:
    """Bids priced more than ``threshold`` % below the mean of the other competing bids.

    A screen, not a verdict: French law (Public Procurement Code L2152-5 and L2152-6, R2152-3 and
    following) lets the buyer reject an abnormally low offer only after asking the vendor to
    justify its price; the screen says which bids to ask. 0 turns it off.
    """
    out: list[Message] = []
    if threshold <= 0 or len(priced) < 2:
        return out
    total = sum((r.price_total or ZERO for r in priced), ZERO)
    for r in priced:
        price = r.price_total or ZERO
        mean_others = (total - price) / (len(priced) - 1)
        if mean_others <= 0:
            continue
        gap = (mean_others - price) / mean_others * HUNDRED
        if gap > threshold:
            params = {
                "vendor": r.vendor,
                "gap": gap.quantize(Decimal("0.1")),
                "threshold": threshold,
            }
            out.append(Message("abnormally_low", params))
    return out


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
    # No "lowest price without the best note" check: every declared formula is non-increasing in
    # the price, so the lowest price always gets the best note (CE 29 Oct 2013, n° 370789); the
    # property test test_the_lowest_price_gets_the_best_price_note holds the formulas to it.
    out.extend(_abnormally_low(ev.price.abnormally_low_percent, priced))
    if ev.price.method is PriceMethod.linear_min_max and len(priced) == 2:
        dearer = max(priced, key=lambda r: r.price_total or ZERO)
        if dearer.price_total != min(r.price_total or ZERO for r in priced):
            out.append(Message("two_bids_min_max", {"vendor": dearer.vendor}))
    prices = [r.price_total or ZERO for r in priced]
    notes = [r.price_note or ZERO for r in priced]
    # How much the formula separates the bids, judged on the notes: the spread of the price
    # notes (share of the price points) against the lowest price's saving on the highest
    # (the spread a proportional note gives, never more than the whole scale). Less than half
    # of that: the formula flattens the price gaps.
    saving = (max(prices) - min(prices)) / max(prices)
    note_spread = max(notes) - min(notes)
    if saving > Decimal("0.05") and note_spread < saving / 2:
        # whole percentages, as published: the gap is what matters, not its decimals
        out.append(
            Message(
                "flat_price",
                {
                    "prices": (saving * HUNDRED).quantize(ONE),
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


__all__ = [
    "MONTE_CARLO_SPREAD",
    "DistanceToWin",
    "Tip",
    "TippingPoint",
    "distance_to_win",
    "effective_price_weight",
    "monte_carlo",
    "price_warnings",
    "tipping_points",
    "withdrawal_effects",
]
