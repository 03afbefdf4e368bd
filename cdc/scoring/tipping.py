"""Tipping points: how far one criterion's weight must move before the first place changes.

Totals are linear in one weighted unit's weight (a top-level criterion, or a leaf below one; the
other weights rescaled to keep the total at 100 %): every vendor is a line. The ranking compares
published totals, rounded half up, so the first place is a step function of the weight: two bids
tie over a band around the crossing of their lines, where their rounded totals are equal. The
first place can only change where two lines cross, where a total (or, for the technical
tie-break, a technical score) crosses a rounding boundary while within a quantum of another, or
at 0 % and 100 %. Those points are solved exactly; the first place at them and between them is
the engine's own ranking (published totals, then the declared tie-breaks), so ties are handled
as the ranking handles them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from cdc.model.enums import CriterionKind
from cdc.scoring._tipping_bands import candidates
from cdc.scoring.ranking import tie_break_key
from cdc.scoring.results import ONE, ZERO, Scoring, VendorResult, leaves_under


@dataclass(frozen=True)
class Tip:
    """What happens when one criterion's weight moves in one direction, first.

    ``weight`` is the tipping weight: the nearest weight, going that way, at which the set of
    vendors ranked first differs from today's — either at that weight itself (``tied``: vendors
    that share the first place there; a single vendor when a tie-break decides) or right past it
    (``new_winner``: the vendor that comes first alone beyond it). A tipping weight equal to the
    current weight means any change that way is enough (a tie today, or a tie-break deciding).
    """

    weight: Decimal
    direction: int  # -1: the weight goes down, +1: up
    tied: tuple[str, ...]  # vendors sharing the first place at ``weight`` (empty: none)
    new_winner: str | None  # alone first just beyond ``weight`` (None: a tie, or 0 % / 100 %)


@dataclass(frozen=True)
class TippingPoint:
    """How far one criterion's weight must move before the first place changes, each way.

    The first place is the set of vendors ranked 1 (published totals, then the declared
    tie-breaks). ``down`` and ``up`` are the nearest changes of that set when the weight goes
    down or up (the other weights rescaled to keep the total at 100 %); :attr:`nearest` is the
    closer of the two (the one going down when both are as near).
    """

    criterion: str
    title: str
    weight: Decimal  # current absolute weight, 0–1
    down: Tip | None = None
    up: Tip | None = None

    @property
    def nearest(self) -> Tip | None:
        """The smaller move that changes the first place (None: no weight in [0, 1] does)."""
        tips = [t for t in (self.down, self.up) if t is not None]
        return min(tips, key=lambda t: abs(t.weight - self.weight)) if tips else None

    @property
    def nearest_tips(self) -> list[Tip]:
        """The nearest tip, and the other one when it is as near (both ways at a tie today)."""
        tip = self.nearest
        if tip is None:
            return []
        distance = abs(tip.weight - self.weight)
        return [t for t in (self.down, self.up) if t and abs(t.weight - self.weight) == distance]

    @property
    def tipping_weight(self) -> Decimal | None:
        """The nearest tipping weight (0–1), None when no weight in [0, 1] changes the winner."""
        tip = self.nearest
        return None if tip is None else tip.weight

    @property
    def new_winner(self) -> str | None:
        """Who comes first alone past the nearest tipping weight (else the lone tie-break
        winner at it); None for no tipping point or a tie that persists."""
        tip = self.nearest
        if tip is None:
            return None
        if tip.new_winner is not None:
            return tip.new_winner
        return tip.tied[0] if len(tip.tied) == 1 else None

    @property
    def change(self) -> Decimal | None:
        """Signed change of weight (in weight points, 0–1) that tips the ranking."""
        w = self.tipping_weight
        return None if w is None else w - self.weight


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


def _reweighted(
    scoring: Scoring, competing: list[VendorResult], unit: set[str], w0: Decimal, w: Decimal
) -> list[VendorResult]:
    """Copies of the competing vendors with the unit's weight at ``w`` (others rescaled).

    Notes do not move (price notes included: the competing field is the same); totals and
    technical scores are recomputed, so that the ranking and its tie-breaks are the engine's.
    A technical score that the move scales uniformly (the unit holds all or none of the
    technical leaves) is kept as the engine computed it: recomputed, its last digit could
    differ between equal scores and split them at a rounding boundary.
    """
    up, rest = w / w0, (ONE - w) / (ONE - w0)
    technical_ids = {x.criterion.id for x in scoring.leaves if x.kind is not CriterionKind.price}
    uniform = technical_ids <= unit or not technical_ids & unit
    technical_weight = sum(
        (
            leaf.absolute * (up if leaf.criterion.id in unit else rest)
            for leaf in scoring.leaves
            if leaf.kind is not CriterionKind.price
        ),
        ZERO,
    )
    out = []
    for r in competing:
        c = copy.copy(r)
        total = technical = ZERO
        for leaf in scoring.leaves:
            score = r.criteria.get(leaf.criterion.id)
            points = ZERO if score is None else score.points
            points *= up if leaf.criterion.id in unit else rest
            total += points
            if leaf.kind is not CriterionKind.price:
                technical += points
        c.total = total
        if not uniform or technical_weight == 0:
            c.technical = technical / technical_weight if technical_weight > 0 else ZERO
        out.append(c)
    return out


def _first(scoring: Scoring, trial: list[VendorResult]) -> frozenset[str]:
    """The vendors :func:`~cdc.scoring.ranking.rank` ranks first in ``trial``: the smallest
    ranking key (published total, then the declared tie-breaks), without sorting everyone."""
    keys = {r.vendor: (-scoring.round(r.total), *tie_break_key(scoring, r)) for r in trial}
    best = min(keys.values())
    return frozenset(v for v, k in keys.items() if k == best)


def _tip(
    scoring: Scoring,
    competing: list[VendorResult],
    unit: set[str],
    w0: Decimal,
    candidates: dict[Decimal, set[str]],
    direction: int,
    now: frozenset[str],
) -> Tip | None:
    """Walk away from ``w0`` one way: probe each candidate of a vendor first today, and between.

    The first place can only change at a candidate (:func:`candidates`) of a pair holding a
    vendor first today (or at 0 % / 100 %): between two such points it stays as it is, so
    probing one point inside each interval and each point itself is exact. Just past a change,
    what comes first is probed before the next candidate of any pair.
    """
    every = sorted((c for c in candidates if (c - w0) * direction > 0), key=lambda c: abs(c - w0))
    end = ONE if direction > 0 else ZERO
    if not every or every[-1] != end:
        every.append(end)
    ahead = [c for c in every if c == end or candidates[c] & now]

    def first_at(w: Decimal) -> frozenset[str]:
        return _first(scoring, _reweighted(scoring, competing, unit, w0, w))

    def just_past(point: Decimal) -> frozenset[str]:
        """The first place right past ``point``: before the next candidate of any pair."""
        if point == end:
            return frozenset()
        following = next((c for c in every if (c - point) * direction > 0), end)
        return first_at((point + following) / 2)

    previous = w0
    for point in ahead:
        if first_at((previous + point) / 2) != now:
            # changes right past ``previous``, where nothing had changed yet
            return _outcome(previous, direction, now, now, just_past(previous))
        at = first_at(point)
        if at != now:
            return _outcome(point, direction, now, at, just_past(point))
        previous = point
    return None


def _outcome(
    weight: Decimal,
    direction: int,
    now: frozenset[str],
    at: frozenset[str],
    beyond: frozenset[str],
) -> Tip:
    """A tipping point from the first place now, at the tipping weight, and just beyond it."""
    tied: tuple[str, ...] = ()
    if len(at) > 1 and at != now:
        tied = tuple(sorted(at))
    elif len(beyond) > 1 and beyond != now:
        tied = tuple(sorted(beyond))
    winner = _alone(beyond) if beyond != now else None
    if winner is None and not tied and at != now:
        winner = _alone(at)
    return Tip(_clean(weight), direction, tied, winner)


#: Candidates closer than this are one point (Decimal division leaves a last-digit residue).
SAME_POINT = Decimal("1e-20")


def _distinct(
    candidates: list[tuple[Decimal, set[str]]], current: Decimal
) -> dict[Decimal, set[str]]:
    """Candidate weights → the vendors whose order may change there: snapped to 0 %, 100 % and
    the current weight when that close, and merged when they are the same point (three bids
    tying at once); the current weight itself is left out."""
    out: dict[Decimal, set[str]] = {}
    last: Decimal | None = None
    for c, vendors in sorted(candidates, key=lambda x: x[0]):
        for exact in (ZERO, ONE, current):
            if abs(c - exact) < SAME_POINT:
                c = exact
        if c == current:
            continue
        if last is not None and c - last < SAME_POINT:
            out[last] |= vendors
        else:
            out[c] = set(vendors)
            last = c
    return out


def _alone(first: frozenset[str]) -> str | None:
    return next(iter(first)) if len(first) == 1 else None


def _clean(value: Decimal) -> Decimal:
    """No negative zero (``-0.0 %`` in a report)."""
    return ZERO if value == 0 else value


def tipping_points(scoring: Scoring, results: list[VendorResult]) -> list[TippingPoint]:
    """For every criterion, the nearest weights (down and up) at which the first place changes.

    Totals are linear in one unit's weight ``ω`` (the others rescaled by ``(1 − ω)/(1 − ω₀)``;
    notes, price notes included, do not move), so every vendor is a line. Published totals are
    rounded, so two bids tie over a band around their crossing: the first place can only change
    where two lines cross, where a rounded total (or technical score) steps inside such a band,
    or at 0 % and 100 %. Those points are solved exactly; the first place at and between them
    is the engine's own ranking (published totals, then the declared tie-breaks).
    """
    competing = [r for r in results if r.competing]
    if len(competing) < 2:
        return []
    now = frozenset(r.vendor for r in competing if r.rank == 1)
    out = []
    for cid, title, w, leaves in _units(scoring):
        if w <= 0 or w >= 1:
            out.append(TippingPoint(cid, title, w))
            continue
        unit = set(leaves)
        ordered = _distinct(candidates(scoring, competing, leaves, w), w)
        down = _tip(scoring, competing, unit, w, ordered, -1, now)
        up = _tip(scoring, competing, unit, w, ordered, 1, now)
        out.append(TippingPoint(cid, title, w, down, up))
    return out


__all__ = ["Tip", "TippingPoint", "tipping_points"]
