"""Where the first place may change when one criterion's weight moves (see :mod:`.tipping`).

Totals are linear in one unit's weight ``ω`` and the ranking compares them rounded half up, so
two bids can only change order where their totals cross, or, inside the band where they differ
by a quantum or less, where either rounded total (or rounded technical score, for the technical
tie-break) steps. These weights are solved exactly, a handful per pair of bids.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from cdc.model.enums import CriterionKind, TieBreak
from cdc.scoring.results import ONE, ZERO, Scoring, VendorResult


def _line(r: VendorResult, leaves: list[str], w: Decimal) -> tuple[Decimal, Decimal]:
    """A vendor's total as a function of one unit's weight: ``rest + weight × slope``."""
    contribution = sum((r.criteria[leaf].points for leaf in leaves), ZERO)
    x = contribution / w  # the unit's score at full weight (0–100)
    rest = (r.total - contribution) / (ONE - w)  # the others' score, rescaled to 100 %
    return rest, x - rest


#: Slack for comparing totals at computed weights (Decimal division leaves a last-digit residue).
SLACK = Decimal("1e-18")
#: Rounding boundaries kept per vendor, pair and direction, nearest the current weight first:
#: only two nearly parallel totals within a quantum of each other over a long stretch have more.
MAX_BOUNDARIES = 1000
HALF = Decimal("0.5")


@dataclass(frozen=True)
class _Ratio:
    """A published value as a function of the unit's weight ``ω``: ``(n0 + ω·n1) / (d0 + ω·d1)``,
    monotone on [0, 1] (a total: ``d = (1, 0)``; a technical score: points over weight)."""

    n0: Decimal
    n1: Decimal
    d0: Decimal = ONE
    d1: Decimal = ZERO

    def at(self, w: Decimal) -> Decimal:
        return (self.n0 + w * self.n1) / (self.d0 + w * self.d1)

    def reaches(self, level: Decimal) -> Decimal | None:
        """The weight where the value equals ``level`` (None: everywhere or nowhere)."""
        slope = self.n1 - level * self.d1
        return None if slope == 0 else (level * self.d0 - self.n0) / slope


@dataclass(frozen=True)
class _Bid:
    """One bid as functions of the unit's weight: its total (0–100), and its technical score
    when the technical tie-break moves with the weight."""

    vendor: str
    total: _Ratio
    technical: _Ratio | None


def _technical_scores(
    scoring: Scoring, competing: list[VendorResult], unit: set[str], w0: Decimal
) -> dict[str, _Ratio] | None:
    """Each bid's technical score as a function of ``ω``, or None when it does not move with
    ``ω`` (no technical tie-break declared, or the unit holds all or none of the technical
    weight: then every technical leaf is scaled alike) — as ``tipping._reweighted`` computes it."""
    if TieBreak.technical not in scoring.evaluation.tie_break:
        return None
    technical = [leaf for leaf in scoring.leaves if leaf.kind is not CriterionKind.price]

    def line(values: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
        inside = sum((v for k, v in values.items() if k in unit), ZERO) / w0
        outside = sum((v for k, v in values.items() if k not in unit), ZERO) / (ONE - w0)
        return outside, inside - outside  # ``inside·ω + outside·(1 − ω)``

    d0, d1 = line({leaf.criterion.id: leaf.absolute for leaf in technical})
    if d0 == 0 or d0 + d1 == 0:
        return None
    out = {}
    for r in competing:
        scores = {leaf.criterion.id: r.criteria.get(leaf.criterion.id) for leaf in technical}
        n0, n1 = line({k: ZERO if v is None else v.points for k, v in scores.items()})
        out[r.vendor] = _Ratio(n0, n1, d0, d1)
    return out


def _boundaries(
    value: _Ratio, window: tuple[Decimal, Decimal], w0: Decimal, quantum: Decimal
) -> list[Decimal]:
    """Weights in ``window`` where ``value`` is a rounding boundary ``(k + ½)·quantum``: its
    rounded value steps there (half up: the boundary itself rounds up). At most
    :data:`MAX_BOUNDARIES` each way from the point of the window nearest to ``w0``."""
    low, high = window
    least, most = sorted((value.at(low) - SLACK, value.at(high) + SLACK))
    first = int((least / quantum - HALF).to_integral_value(rounding=ROUND_CEILING))
    last = int((most / quantum - HALF).to_integral_value(rounding=ROUND_FLOOR))
    nearest = min(max(w0, low), high)
    here = int((value.at(nearest) / quantum - HALF).to_integral_value(rounding=ROUND_FLOOR))
    first, last = max(first, here - MAX_BOUNDARIES), min(last, here + MAX_BOUNDARIES + 1)
    out = []
    for k in range(first, last + 1):
        w = value.reaches((k + HALF) * quantum)
        if w is not None and low - SLACK <= w <= high + SLACK:
            out.append(w)
    return out


def _near(a: _Ratio, b: _Ratio, quantum: Decimal) -> tuple[Decimal, Decimal] | None:
    """The weights in [0, 1] where two totals differ by a quantum or less: the only place their
    rounded totals can be equal (beyond, the higher total also publishes higher), edges
    included (a total may step right at an edge)."""
    gap, slope, within = a.n0 - b.n0, a.n1 - b.n1, quantum + SLACK
    if slope == 0:
        return (ZERO, ONE) if abs(gap) <= within else None
    low, high = sorted(((-within - gap) / slope, (within - gap) / slope))
    low, high = max(low, ZERO), min(high, ONE)
    return (low, high) if low <= high else None


def _pair_candidates(a: _Bid, b: _Bid, w0: Decimal, quantum: Decimal) -> list[Decimal]:
    """Where the order of two bids by the ranking key can change: where their totals cross, and,
    inside the band where their totals are within a quantum, where either rounded total steps
    (and either rounded technical score, when the technical tie-break moves with the weight).
    Between two such weights both rounded values are constant, so their order is too."""
    out = []
    if a.total.n1 != b.total.n1:
        crossing = (b.total.n0 - a.total.n0) / (a.total.n1 - b.total.n1)
        if ZERO <= crossing <= ONE:
            out.append(crossing)
    window = _near(a.total, b.total, quantum)
    if window is None:
        return out
    for bid in (a, b):
        if a.total != b.total:  # identical totals always publish alike
            out += _boundaries(bid.total, window, w0, quantum)
        if bid.technical is not None:
            out += _boundaries(bid.technical, window, w0, quantum)
    return out


def candidates(
    scoring: Scoring, competing: list[VendorResult], leaves: list[str], w0: Decimal
) -> list[tuple[Decimal, set[str]]]:
    """Every weight in [0, 1] where the first place may change, with the two bids concerned.

    The first place changes only where two bids that are first on one side change order, and a
    bid is first only where its total is within a quantum of the highest: candidates of a pair
    are kept only where both totals are that close to the top.
    """
    unit = set(leaves)
    quantum = ONE.scaleb(-scoring.evaluation.rounding)
    technical = _technical_scores(scoring, competing, unit, w0)
    bids = [
        _Bid(
            r.vendor,
            _Ratio(*_line(r, leaves, w0)),
            None if technical is None else technical[r.vendor],
        )
        for r in competing
    ]
    # "both within a quantum of the highest total" is "no bid above the lower of the two by
    # more than a quantum": asked of the bids highest at the current weight first, the
    # question is usually settled by the first bid or two instead of all of them.
    leaders = sorted(bids, key=lambda bid: bid.total.at(w0), reverse=True)
    out: list[tuple[Decimal, set[str]]] = []
    for i, a in enumerate(bids):
        for b in bids[i + 1 :]:
            for c in _pair_candidates(a, b, w0, quantum):
                c = min(max(c, ZERO), ONE)
                bar = min(a.total.at(c), b.total.at(c)) + quantum + SLACK
                if not any(bid.total.at(c) > bar for bid in leaders):
                    out.append((c, {a.vendor, b.vendor}))
    return out


__all__ = ["candidates"]
