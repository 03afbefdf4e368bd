"""The bids side by side: every requirement and criterion, every bid's answer, points and reasons.

What a committee reads to see where one vendor is stronger than another, and what a buyer
quotes as "the chosen offer's relative advantages". Nothing is scored again here: the points
are the engine's (:mod:`cdc.scoring.engine`), split along the same terms —

- a requirement's points are its term of the criterion's priority-weighted mean, times the
  criterion's absolute weight: ``absolute × 100 × weight × share / Σ weights`` (Σ over the
  requirements that count for that bid, so a blank excluded under ``missing_answers: exclude``
  is worth nothing and re-normalises the others, as in the engine). Summed over a criterion's
  requirements they make the engine's criterion points;
- a judgement or price criterion counts as one item: the engine's criterion points.

So, for two bids, the gains summed over every item make the gap between their totals
(:func:`differences`). :func:`decisive_differences` keeps the items where the winner is ahead.

Evaluators' notes keep their comments; the notes without one that need one are flagged
(:mod:`cdc.scoring.comparison_notes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from cdc.model.enums import CriterionKind, ResponseType
from cdc.model.needs import Requirement
from cdc.model.responses import NO, YES, Answer, EvaluatorNotes, Response
from cdc.scoring.comparison_notes import BidJudgement, EvaluatorNote, judgement
from cdc.scoring.engine import is_not_compliant, requirement_terms
from cdc.scoring.results import HUNDRED, ZERO, Scoring, VendorResult, leaves_under


@dataclass(frozen=True)
class Bid:
    """One bid, as ranked by the engine."""

    vendor: str
    rank: int | None
    status: str  # ranked, eliminated, not_ranked
    total: Decimal  # exact
    competing: bool


@dataclass(frozen=True)
class BidAnswer:
    """One bid's answer to one requirement, with what it brings to the total."""

    vendor: str
    answer: str | None  # as the bid wrote it (level id or label, yes/no)
    level_id: str | None  # the scale level it names (yes/no: "yes" or "no")
    level_label: str | None  # the level's label (yes/no: the answer as written)
    share: Decimal | None  # 0–1 of the requirement's value; None: no valid answer
    points: Decimal  # points brought to the total (exact, out of 100)
    max_points: Decimal  # what the best answer would have brought (0 when not scored)
    excluded: bool  # a blank left out of the mean (missing_answers: exclude)
    not_compliant: bool
    value: Decimal | None
    comment: str | None
    proof: str | None


@dataclass(frozen=True)
class RequirementRow:
    """One requirement with every bid's answer, in bid order."""

    id: str
    title: str
    section: str  # the specification's section id
    priority: str
    criterion: str | None  # the leaf criterion it feeds; None: not scored
    response: str
    bids: tuple[BidAnswer, ...]


@dataclass(frozen=True)
class BidScore:
    """One bid on one criterion: note 0–1 (None for a section or no note) and points."""

    vendor: str
    note: Decimal | None
    points: Decimal


@dataclass(frozen=True)
class CriterionRow:
    """One criterion of the tree with every bid's result; a leaf holds what it is made of."""

    id: str
    title: str
    depth: int
    parent: str | None
    kind: str | None  # requirements, judgement, price; None for a section
    max_points: Decimal  # absolute weight × 100
    bids: tuple[BidScore, ...]
    requirements: tuple[RequirementRow, ...] = ()
    judgements: tuple[BidJudgement, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """All bids side by side, criterion by criterion and requirement by requirement."""

    bids: tuple[Bid, ...]  # the engine's order: ranked first, then the others
    criteria: tuple[CriterionRow, ...]  # tree order
    unscored: tuple[RequirementRow, ...]  # answered but feeding no criterion
    price_totals: dict[str, Decimal | None]
    scale_max: int  # the judgement scale's maximum

    @property
    def winner(self) -> str | None:
        """The first competing bid, if any."""
        return next((b.vendor for b in self.bids if b.competing), None)

    def requirements(self) -> list[RequirementRow]:
        """Every scored requirement, in tree order, then the unscored ones."""
        return [r for c in self.criteria for r in c.requirements] + list(self.unscored)

    def flagged_notes(self) -> list[tuple[str, str, EvaluatorNote]]:
        """(vendor, criterion id, note) of every note without comment that needs one."""
        return [
            (j.vendor, c.id, n)
            for c in self.criteria
            for j in c.judgements
            for n in j.notes
            if n.flag is not None
        ]


@dataclass(frozen=True)
class Difference:
    """What one item (a requirement, or a judgement or price criterion) gave one bid over another."""

    id: str  # requirement id, or criterion id for a judgement or price item
    kind: str  # requirement, judgement, price
    title: str
    criterion: str  # the leaf criterion
    criterion_title: str
    section: str  # the top-level criterion
    gain: Decimal  # winner's points − other's (exact)
    winner_points: Decimal
    other_points: Decimal
    winner_answer: str | None  # level label, aggregated note (0–1) or price total, as text
    other_answer: str | None

    def answered(self, winner: str | None, other: str | None) -> Difference:
        """The same difference with each bid's answer as text."""
        return replace(self, winner_answer=winner, other_answer=other)


def compare_bids(
    scoring: Scoring,
    results: Sequence[VendorResult],
    responses: Sequence[tuple[Response, str]],
    notes: Sequence[EvaluatorNotes],
) -> Comparison:
    """Every bid's answers, notes and points side by side, from the engine's results.

    ``results`` in the engine's order (the report's vendors); ``responses`` and ``notes`` are
    what the engine scored.
    """
    answers = {r.vendor: {a.id: a for a in r.answers} for r, _ in responses}
    bids = tuple(
        Bid(
            v.vendor,
            v.rank,
            "eliminated" if v.eliminated else "not_ranked" if v.not_ranked_reason else "ranked",
            v.total,
            v.competing,
        )
        for v in results
    )
    rows: list[CriterionRow] = []
    fed: set[str] = set()
    for c in scoring.criteria:
        cid = c.criterion.id
        reqs: tuple[RequirementRow, ...] = ()
        judgements: tuple[BidJudgement, ...] = ()
        if c.is_leaf and c.kind is CriterionKind.requirements:
            reqs = _requirement_rows(scoring, cid, results, answers)
            fed.update(r.id for r in reqs)
        elif c.is_leaf and c.kind is CriterionKind.judgement:
            judgements = tuple(judgement(scoring, cid, v, results, notes) for v in results)
        rows.append(
            CriterionRow(
                cid,
                c.criterion.title,
                c.depth,
                c.parent,
                c.kind.value if c.kind else None,
                c.absolute * HUNDRED,
                tuple(_bid_score(scoring, cid, c.is_leaf, v) for v in results),
                reqs,
                judgements,
            )
        )
    unscored = tuple(
        _row(
            r, [_answer(scoring, v.vendor, r, answers.get(v.vendor, {}).get(r.id)) for v in results]
        )
        for r in scoring.project.requirements
        if r.id not in fed
    )
    return Comparison(
        bids,
        tuple(rows),
        unscored,
        {v.vendor: v.price_total for v in results},
        scoring.evaluation.judgement_scale_max,
    )


def differences(comparison: Comparison, winner: str, other: str) -> list[Difference]:
    """Every item's gain of ``winner`` over ``other``, in tree order (gains and losses).

    Items are the requirements of the requirements-fed criteria, and each judgement and price
    criterion as a whole; their gains add up to the gap between the two exact totals.
    """
    index = {b.vendor: i for i, b in enumerate(comparison.bids)}
    w, o = index[winner], index[other]
    sections = _sections(comparison)
    out = []
    for c in comparison.criteria:
        if c.kind == "requirements":
            for r in c.requirements:
                a, b = r.bids[w], r.bids[o]
                out.append(
                    _difference(
                        r.id, "requirement", r.title, c, sections, a.points, b.points
                    ).answered(_answer_text(a), _answer_text(b))
                )
        elif c.kind is not None:
            out.append(_criterion_difference(comparison, c, sections, winner, other))
    return out


def decisive_differences(
    comparison: Comparison, winner: str, other: str, limit: int | None = None
) -> list[Difference]:
    """The winner's relative advantages over ``other``: where it gained the most points.

    The items of :func:`differences` with a strictly positive gain (only what puts the winner
    ahead counts as its advantage), largest gain first, then by id for a stable order; at most
    ``limit`` of them when given. Computed from the points, never worded by hand.
    """
    ahead = [d for d in differences(comparison, winner, other) if d.gain > 0]
    ahead.sort(key=lambda d: (-d.gain, d.id))
    return ahead if limit is None else ahead[:limit]


def criterion_differences(comparison: Comparison, winner: str, other: str) -> list[Difference]:
    """The gain of ``winner`` over ``other`` on every leaf criterion, in tree order."""
    sections = _sections(comparison)
    return [
        _criterion_difference(comparison, c, sections, winner, other)
        for c in comparison.criteria
        if c.kind is not None
    ]


# -- building -------------------------------------------------------------------------------
def _difference(
    item: str,
    kind: str,
    title: str,
    c: CriterionRow,
    sections: dict[str, str],
    mine: Decimal,
    theirs: Decimal,
) -> Difference:
    return Difference(
        item, kind, title, c.id, c.title, sections[c.id], mine - theirs, mine, theirs, None, None
    )


def _criterion_difference(
    comparison: Comparison, c: CriterionRow, sections: dict[str, str], winner: str, other: str
) -> Difference:
    """A leaf criterion as one item: its points, and its note or price as the answer."""
    index = {b.vendor: i for i, b in enumerate(comparison.bids)}
    a, b = c.bids[index[winner]], c.bids[index[other]]
    return _difference(c.id, c.kind or "", c.title, c, sections, a.points, b.points).answered(
        _item_text(comparison, c, winner, a), _item_text(comparison, c, other, b)
    )


def _sections(comparison: Comparison) -> dict[str, str]:
    """Each criterion's top-level ancestor."""
    parents = {c.id: c.parent for c in comparison.criteria}
    out = {}
    for c in comparison.criteria:
        node = c.id
        while parents.get(node) is not None:
            node = str(parents[node])
        out[c.id] = node
    return out


def _answer_text(a: BidAnswer) -> str | None:
    return a.level_label or a.answer


def _item_text(comparison: Comparison, c: CriterionRow, vendor: str, s: BidScore) -> str | None:
    """A judgement item as its aggregated note (0–100), a price item as the bid's total price."""
    if c.kind == "price":
        price = comparison.price_totals.get(vendor)
        return None if price is None else str(price)
    return None if s.note is None else str((s.note * HUNDRED).quantize(Decimal("0.1")))


def _bid_score(scoring: Scoring, cid: str, leaf: bool, v: VendorResult) -> BidScore:
    if leaf:
        score = v.criteria.get(cid)
        if score is None:
            return BidScore(v.vendor, None, ZERO)
        return BidScore(v.vendor, score.note, score.points)
    below = [x.criterion.id for x in leaves_under(scoring, cid)]
    points = sum((v.criteria[x].points for x in below if x in v.criteria), ZERO)
    return BidScore(v.vendor, None, points)


def _row(r: Requirement, bids: list[BidAnswer]) -> RequirementRow:
    return RequirementRow(
        r.id, r.title, r.section, r.priority.value, r.criterion, r.response.value, tuple(bids)
    )


def _level(scoring: Scoring, r: Requirement, a: Answer | None) -> tuple[str | None, str | None]:
    compliance = a.compliance if a else None
    if compliance is None or not compliance.strip():
        return None, None
    if r.response is ResponseType.yes_no:
        value = compliance.strip().casefold()
        word = "yes" if value in YES else "no" if value in NO else None
        return word, None if word is None else compliance.strip()  # as written: oui, yes…
    level = scoring.level(compliance)
    return (None, None) if level is None else (level.id, level.label)


def _answer(
    scoring: Scoring,
    vendor: str,
    r: Requirement,
    a: Answer | None,
    share: Decimal | None = None,
    points: Decimal = ZERO,
    maximum: Decimal = ZERO,
    excluded: bool = False,
) -> BidAnswer:
    level_id, label = _level(scoring, r, a)
    compliance = a.compliance if a else None
    return BidAnswer(
        vendor=vendor,
        answer=compliance,
        level_id=level_id,
        level_label=label,
        share=share,
        points=points,
        max_points=maximum,
        excluded=excluded,
        not_compliant=is_not_compliant(scoring, r, compliance),
        value=a.value if a else None,
        comment=a.comment if a else None,
        proof=a.proof if a else None,
    )


def _requirement_rows(
    scoring: Scoring,
    cid: str,
    results: Sequence[VendorResult],
    answers: dict[str, dict[str, Answer]],
) -> tuple[RequirementRow, ...]:
    """The requirements of one criterion, each bid's term of the engine's weighted mean."""
    absolute = next(c.absolute for c in scoring.leaves if c.criterion.id == cid)
    per_bid: dict[str, dict[str, BidAnswer]] = {}
    order: list[Requirement] = []
    for v in results:
        given = answers.get(v.vendor, {})
        terms = requirement_terms(scoring, cid, given)
        if not order:
            order = [t.requirement for t in terms]
        weights = sum((t.weight for t in terms if t.points is not None), ZERO)
        mine = {}
        for t in terms:
            r = t.requirement
            unit = absolute * HUNDRED * t.weight / weights if weights > 0 else ZERO
            share = t.points if t.answered else None
            got = unit * t.points if t.points is not None else ZERO
            maximum = unit if t.points is not None else ZERO
            mine[r.id] = _answer(
                scoring, v.vendor, r, given.get(r.id), share, got, maximum, t.points is None
            )
        per_bid[v.vendor] = mine
    if not order:
        order = [
            r
            for r in scoring.requirements_by_criterion.get(cid, [])
            if r.response in (ResponseType.compliance, ResponseType.yes_no)
        ]
    return tuple(_row(r, [per_bid[v.vendor][r.id] for v in results]) for r in order)


__all__ = [
    "Bid",
    "BidAnswer",
    "BidJudgement",
    "BidScore",
    "Comparison",
    "CriterionRow",
    "Difference",
    "EvaluatorNote",
    "RequirementRow",
    "compare_bids",
    "criterion_differences",
    "decisive_differences",
    "differences",
]
