"""The evaluators' notes in the bid comparison: each note with its reason, and which need one.

A note without comment is flagged when it is *decisive* — leave it out (the bid's note on that
criterion aggregated over the other evaluators' notes alone, or no note if it was the only one)
and the published order of that bid and another competing bid changes: one overtakes the other,
they tie, or a tie is broken — or when it is part of a *divergence* (the lowest or highest note
of a spread past the declared threshold). Leave-one-out asks the question a losing bidder asks:
"without this evaluator's note, would we have won?". Price notes and the technical minimum are
taken as they are (a judgement note does not move a price note). Kept apart from
:mod:`cdc.scoring.comparison`, which re-exports the shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cdc.model.responses import EvaluatorNotes
from cdc.scoring.engine import aggregate
from cdc.scoring.results import HUNDRED, ZERO, Scoring, VendorResult


@dataclass(frozen=True)
class EvaluatorNote:
    """One evaluator's note of one bid on one judgement criterion, and its reason."""

    evaluator: str
    note: Decimal  # as given, on the judgement scale (0–judgement_scale_max)
    comment: str | None
    decisive: bool  # left out, the published order of this bid and another changes
    divergent: bool  # the lowest or highest of a spread past the threshold

    @property
    def flag(self) -> str | None:
        """Why a note without comment needs one: ``decisive`` first, else ``divergent``."""
        if self.comment:
            return None
        if self.decisive:
            return "decisive"
        return "divergent" if self.divergent else None


@dataclass(frozen=True)
class BidJudgement:
    """The evaluators' notes of one bid on one judgement criterion."""

    vendor: str
    notes: tuple[EvaluatorNote, ...]  # in evaluator file order
    note: Decimal | None  # aggregated, 0–1 (the engine's)
    points: Decimal
    spread: Decimal | None  # (highest − lowest) as % of the scale; None under two notes


def judgement(
    scoring: Scoring,
    cid: str,
    v: VendorResult,
    results: Sequence[VendorResult],
    notes: Sequence[EvaluatorNotes],
) -> BidJudgement:
    """One bid's notes on one judgement criterion, each flagged if it decides or diverges."""
    ev = scoring.evaluation
    scale = Decimal(ev.judgement_scale_max)
    given = [
        (sheet.evaluator, n.note, n.comment)
        for sheet in notes
        for n in sheet.notes
        if n.vendor == v.vendor and n.criterion == cid and n.note is not None
    ]
    values = [min(x, scale) for _, x, _ in given]
    spread = (max(values) - min(values)) / scale * HUNDRED if len(values) >= 2 else None
    divergent = spread is not None and spread >= ev.divergence_threshold
    score = v.criteria.get(cid)
    points = score.points if score else ZERO
    out = []
    for i, (who, note, comment) in enumerate(given):
        extreme = values[i] in (min(values), max(values))
        others = values[:i] + values[i + 1 :]
        decisive = v.competing and _decisive(scoring, cid, v, results, others, points)
        out.append(EvaluatorNote(who, note, comment or None, decisive, divergent and extreme))
    return BidJudgement(v.vendor, tuple(out), score.note if score else None, points, spread)


def _decisive(
    scoring: Scoring,
    cid: str,
    v: VendorResult,
    results: Sequence[VendorResult],
    others: list[Decimal],
    points: Decimal,
) -> bool:
    """Whether the bid's order with another competing bid changes once a note is left out."""
    ev = scoring.evaluation
    absolute = next(c.absolute for c in scoring.leaves if c.criterion.id == cid)
    note = aggregate(others, ev.aggregation) / Decimal(ev.judgement_scale_max) if others else ZERO
    total = v.total - points + absolute * note * HUNDRED
    mine, trial = scoring.round(v.total), scoring.round(total)
    for w in results:
        if w.vendor == v.vendor or not w.competing:
            continue
        theirs = scoring.round(w.total)
        if _sign(mine - theirs) != _sign(trial - theirs):
            return True
    return False


def _sign(x: Decimal) -> int:
    return (x > 0) - (x < 0)


__all__ = ["BidJudgement", "EvaluatorNote", "judgement"]
