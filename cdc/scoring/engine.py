"""Scoring: from responses and notes to an explainable, auditable ranking.

All arithmetic is Decimal (no float, no ``eval``). Order of operations, as published to vendors:

1. eliminations: a must-have requirement answered with a level marked ``not_compliant`` (or
   "no" to a yes/no must-have) rules the vendor out, with the requirement ids as the reason;
   so does a must-have left without a valid answer, unless ``missing_must: zero`` is declared;
2. notes of the leaf criteria: requirements → priority-weighted average of the answers' points;
   judgement → evaluators' mean or median over the scale; price → the declared formula;
3. the technical score (every non-price leaf) and the optional minimum before price counts;
4. price notes computed among the vendors still in competition (so an eliminated bid never
   moves the others' price notes);
5. totals = Σ absolute weight × note, rounded as declared; ranking, then the declared tie-break.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cdc.analysis.figures import WeightedCriterion, weighted_criteria
from cdc.model import Project
from cdc.model.enums import (
    Aggregation,
    CriterionKind,
    MissingAnswerPolicy,
    MissingMustPolicy,
    PriceMethod,
    Priority,
    ResponseType,
    TieBreak,
)
from cdc.model.evaluation import Evaluation, ScaleLevel
from cdc.model.needs import Requirement
from cdc.model.responses import NO, YES, EvaluatorNotes, Response, price_total
from cdc.scoring.messages import Message

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
RELATIVE_METHODS = frozenset(
    {PriceMethod.proportional, PriceMethod.linear_min_max, PriceMethod.linear_gap}
)


@dataclass
class CriterionScore:
    """A vendor's note on one leaf criterion and what it contributes to the total."""

    id: str
    note: Decimal | None  # 0–1; None when nothing could be noted
    points: Decimal  # absolute weight × note × 100
    detail: str = ""


@dataclass
class VendorResult:
    """Everything computed for one vendor."""

    vendor: str
    source: str
    eliminated: bool = False
    elimination_reasons: list[Message] = field(default_factory=list)
    not_ranked_reason: Message | None = None
    criteria: dict[str, CriterionScore] = field(default_factory=dict)
    sections: dict[str, Decimal] = field(default_factory=dict)
    technical: Decimal = ZERO  # 0–100
    price_total: Decimal | None = None
    price_note: Decimal | None = None
    total: Decimal = ZERO  # exact, 0–100
    rank: int | None = None
    missing: list[str] = field(default_factory=list)
    divergences: list[Message] = field(default_factory=list)
    tie_note: Message | None = None  # shares its rank: no declared tie-break separates it
    tie_break: Message | None = None  # ranked after an equal total by a declared tie-break

    @property
    def competing(self) -> bool:
        """Still in competition: not eliminated and above the technical minimum."""
        return not self.eliminated and self.not_ranked_reason is None


@dataclass
class Scoring:
    """The method and the inputs, prepared once (reused by sensitivity analyses)."""

    project: Project
    evaluation: Evaluation
    criteria: list[WeightedCriterion]
    leaves: list[WeightedCriterion]
    requirements_by_criterion: dict[str, list[Requirement]]
    scale: dict[str, ScaleLevel]
    #: Leaves below every criterion (a leaf is below itself), computed once: sensitivity
    #: analyses recompute totals hundreds of times.
    leaves_below: dict[str, list[WeightedCriterion]] = field(default_factory=dict)
    kinds: dict[str, CriterionKind | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parents = {c.criterion.id: c.parent for c in self.criteria}
        for c in self.criteria:
            self.leaves_below.setdefault(c.criterion.id, [])
        for leaf in self.leaves:
            self.kinds[leaf.criterion.id] = leaf.kind
            node: str | None = leaf.criterion.id
            while node is not None:
                self.leaves_below.setdefault(node, []).append(leaf)
                node = parents.get(node)

    @classmethod
    def prepare(cls, project: Project) -> Scoring:
        """Derive the weights and lookup tables from the project."""
        evaluation = project.evaluation or Evaluation()
        criteria = weighted_criteria(evaluation.criteria)
        by_criterion: dict[str, list[Requirement]] = {}
        for req in project.requirements:
            if req.criterion:
                by_criterion.setdefault(req.criterion, []).append(req)
        scale: dict[str, ScaleLevel] = {}
        for level in evaluation.scale:
            scale.setdefault(level.id.casefold(), level)
            scale.setdefault(level.label.casefold(), level)
        return cls(
            project, evaluation, criteria, [c for c in criteria if c.is_leaf], by_criterion, scale
        )

    def round(self, value: Decimal) -> Decimal:
        """Round a published score as the project declares (half up)."""
        quantum = ONE.scaleb(-self.evaluation.rounding)
        return value.quantize(quantum, rounding=ROUND_HALF_UP)

    def level(self, answer: str | None) -> ScaleLevel | None:
        """The scale level an answer names (by id or label, case-insensitive)."""
        if answer is None:
            return None
        return self.scale.get(answer.strip().casefold())


def answer_points(scoring: Scoring, req: Requirement, compliance: str | None) -> Decimal | None:
    """An answer's share of the requirement's points (0–1), None when unanswered/unscorable."""
    if compliance is None or not compliance.strip():
        return None
    if req.response is ResponseType.yes_no:
        value = compliance.strip().casefold()
        if value in YES:
            return ONE
        if value in NO:
            return ZERO
        return None
    level = scoring.level(compliance)
    return level.points / HUNDRED if level is not None else None


def is_not_compliant(scoring: Scoring, req: Requirement, compliance: str | None) -> bool:
    """Whether the answer says 'not compliant' (what eliminates on a must-have)."""
    if compliance is None:
        return False
    if req.response is ResponseType.yes_no:
        return compliance.strip().casefold() in NO
    level = scoring.level(compliance)
    return level is not None and level.not_compliant


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


def _aggregate(values: list[Decimal], how: Aggregation) -> Decimal:
    if how is Aggregation.median:
        return Decimal(statistics.median(values))
    return sum(values, ZERO) / len(values)


def score_vendors(
    scoring: Scoring,
    responses: list[tuple[Response, str]],
    notes: list[EvaluatorNotes],
) -> list[VendorResult]:
    """Score every response; returns the vendors in ranking order (then the others)."""
    ev = scoring.evaluation
    results = [VendorResult(vendor=r.vendor, source=src) for r, src in responses]
    by_vendor = {r.vendor: r for r, _ in responses}
    for result in results:
        _requirements_and_eliminations(scoring, by_vendor[result.vendor], result)
        _judgement(scoring, notes, result)
    for result in results:
        technical_weight = sum(
            (c.absolute for c in scoring.leaves if c.kind is not CriterionKind.price), ZERO
        )
        technical_points = sum(
            (
                s.points
                for cid, s in result.criteria.items()
                if _kind(scoring, cid) is not CriterionKind.price
            ),
            ZERO,
        )
        result.technical = technical_points / technical_weight if technical_weight > 0 else ZERO
        minimum = ev.min_technical_score
        shown = scoring.round(result.technical)
        if minimum is not None and not result.eliminated and shown < minimum:
            result.not_ranked_reason = Message("not_ranked", {"score": shown, "minimum": minimum})
    years = ev.price.years if ev.price else 1
    for result in results:
        result.price_total = price_total(by_vendor[result.vendor], years)
    apply_price(scoring, results)
    rank(scoring, results)
    return results


def _kind(scoring: Scoring, criterion_id: str) -> CriterionKind | None:
    return scoring.kinds.get(criterion_id)


def _requirements_and_eliminations(
    scoring: Scoring, response: Response, result: VendorResult
) -> None:
    """Eliminations, missing answers and the notes of the criteria fed by requirements.

    A must-have without a valid answer (no answer, a blank, a value the scale does not know)
    eliminates under ``missing_must: eliminate``, with its own reason ("no answer", apart from
    "answered 'not compliant'"); under ``missing_must: zero`` it earns nothing. Either way a
    must-have is never excluded from the weights, so a blank never does better than an honest
    'not compliant'. Other requirements follow ``missing_answers``.
    """
    ev = scoring.evaluation
    answers = {a.id: a for a in response.answers}
    for req in scoring.project.requirements:
        answer = answers.get(req.id)
        compliance = answer.compliance if answer else None
        scorable = req.response in (ResponseType.compliance, ResponseType.yes_no)
        if scorable and (compliance is None or not compliance.strip()):
            result.missing.append(req.id)
        if req.priority is not Priority.must or not scorable:
            continue
        if ev.must_eliminates and is_not_compliant(scoring, req, compliance):
            result.eliminated = True
            result.elimination_reasons.append(
                Message("eliminated", {"id": req.id, "title": req.title, "answer": compliance})
            )
        elif (
            ev.missing_must is MissingMustPolicy.eliminate
            and answer_points(scoring, req, compliance) is None
        ):
            result.eliminated = True
            result.elimination_reasons.append(
                Message("no_answer", {"id": req.id, "title": req.title})
            )
    for leaf in scoring.leaves:
        if leaf.kind is not CriterionKind.requirements:
            continue
        weighted = ZERO
        weights = ZERO
        answered = 0
        reqs = scoring.requirements_by_criterion.get(leaf.criterion.id, [])
        for req in reqs:
            if req.response not in (ResponseType.compliance, ResponseType.yes_no):
                continue
            pw = ev.priority_weights.get(req.priority, ONE)
            answer = answers.get(req.id)
            points = answer_points(scoring, req, answer.compliance if answer else None)
            if points is None:
                if (
                    ev.missing_answers is MissingAnswerPolicy.exclude
                    and req.priority is not Priority.must
                ):
                    continue
                points = ZERO
            else:
                answered += 1
            weighted += pw * points
            weights += pw
        note = weighted / weights if weights > 0 else None
        result.criteria[leaf.criterion.id] = CriterionScore(
            leaf.criterion.id,
            note,
            leaf.absolute * (note or ZERO) * HUNDRED,
            f"{answered}/{len(reqs)} requirements answered",
        )


def excluded_blanks(scoring: Scoring, result: VendorResult) -> Message | None:
    """A warning when ``missing_answers: exclude`` left some of the vendor's blanks out.

    Excluding a blank re-normalises the weights of its criterion, so the vendor can score
    better than if it had honestly answered 'not compliant'; the policy is the buyer's to
    declare, but the report must say when it played (must-haves are never excluded).
    """
    if scoring.evaluation.missing_answers is not MissingAnswerPolicy.exclude:
        return None
    fed = {leaf.criterion.id for leaf in scoring.leaves if leaf.kind is CriterionKind.requirements}
    excluded = {
        r.id
        for r in scoring.project.requirements
        if r.priority is not Priority.must and r.criterion in fed
    }
    blanks = [rid for rid in result.missing if rid in excluded]
    if not blanks:
        return None
    return Message("blank_excluded", {"vendor": result.vendor, "blanks": blanks})


def _judgement(scoring: Scoring, notes: list[EvaluatorNotes], result: VendorResult) -> None:
    ev = scoring.evaluation
    scale = Decimal(ev.judgement_scale_max)
    for leaf in scoring.leaves:
        if leaf.kind is not CriterionKind.judgement:
            continue
        given = [
            (sheet.evaluator, n.note)
            for sheet in notes
            for n in sheet.notes
            if n.vendor == result.vendor and n.criterion == leaf.criterion.id and n.note is not None
        ]
        values = [min(v, scale) for _, v in given]
        note = _aggregate(values, ev.aggregation) / scale if values else None
        detail = f"{len(values)} evaluator note(s)"
        if len(values) >= 2:
            spread = (max(values) - min(values)) / scale * HUNDRED
            if spread >= ev.divergence_threshold:
                flag = {
                    "vendor": result.vendor,
                    "criterion": leaf.criterion.id,
                    "spread": spread,
                    "notes": given,
                }
                result.divergences.append(Message("divergence", flag))
        result.criteria[leaf.criterion.id] = CriterionScore(
            leaf.criterion.id, note, leaf.absolute * (note or ZERO) * HUNDRED, detail
        )


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


def leaves_under(scoring: Scoring, criterion_id: str) -> list[WeightedCriterion]:
    """The leaves below a criterion, in tree order (a leaf is below itself)."""
    return scoring.leaves_below.get(criterion_id, [])


def _must_share(scoring: Scoring, result: VendorResult) -> Decimal:
    musts = [r.id for r in scoring.project.requirements if r.priority is Priority.must]
    if not musts:
        return ONE
    return Decimal(len([m for m in musts if m not in result.missing])) / len(musts)


def tie_break_key(
    scoring: Scoring, r: VendorResult, price: Decimal | None = None
) -> tuple[Decimal, ...]:
    """What the declared tie-breaks compare, in their order (smaller comes first).

    ``price`` replaces the vendor's total price (what-if analyses try other prices). The
    ``committee`` rule compares nothing: it says who decides when the others do not separate.
    """
    total_price = r.price_total if price is None else price
    parts: list[Decimal] = []
    for rule in scoring.evaluation.tie_break:
        if rule is TieBreak.price:
            parts.append(total_price if total_price is not None else Decimal("Infinity"))
        elif rule is TieBreak.technical:
            parts.append(-scoring.round(r.technical))
        elif rule is TieBreak.must_compliance:
            parts.append(-_must_share(scoring, r))
        else:  # committee: separates nobody, kept so that positions match the rules
            parts.append(ZERO)
    return tuple(parts)


def rank(scoring: Scoring, results: list[VendorResult]) -> None:
    """Order vendors by published total, then the declared tie-breaks; others come last.

    Equal published (rounded) totals share a rank unless a declared tie-break separates them.
    Every vendor placed after another on an equal total records the rule that decided
    (``tie_break``); vendors that no declared rule separates record the tie (``tie``), with
    whom they share the rank. The name order inside a tie is for display only.
    """
    rules = scoring.evaluation.tie_break
    committee = TieBreak.committee in rules

    def key(r: VendorResult) -> tuple[Decimal, ...]:
        return (-scoring.round(r.total), *tie_break_key(scoring, r))

    competing = sorted((r for r in results if r.competing), key=lambda r: (key(r), r.vendor))
    others = sorted((r for r in results if not r.competing), key=lambda r: r.vendor)
    groups: list[list[VendorResult]] = []
    for r in competing:
        r.tie_note = r.tie_break = None
        if groups and key(groups[-1][0]) == key(r):
            groups[-1].append(r)
        else:
            groups.append([r])
    position = 1
    previous: VendorResult | None = None
    for group in groups:
        for r in group:
            r.rank = position
            if len(group) > 1:
                names = [o.vendor for o in group if o is not r]
                r.tie_note = Message(
                    "tie",
                    {
                        "vendor": r.vendor,
                        "vendors": names,
                        "total": scoring.round(r.total),
                        "committee": committee,
                    },
                )
        head = group[0]
        if previous is not None and scoring.round(previous.total) == scoring.round(head.total):
            mine, theirs = key(head)[1:], key(previous)[1:]
            rule = next(rules[i] for i in range(len(rules)) if mine[i] != theirs[i])
            for r in group:
                r.tie_break = Message(
                    "tie_break",
                    {
                        "vendor": r.vendor,
                        "above": previous.vendor,
                        "rule": rule.value,
                        "total": scoring.round(r.total),
                    },
                )
        previous = group[-1]
        position += len(group)
    for r in others:
        r.rank = None
        r.tie_note = r.tie_break = None
    results[:] = competing + others
