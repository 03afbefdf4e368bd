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

Steps 1–3 are here; step 4 and the totals in :mod:`cdc.scoring.prices`, step 5's ranking in
:mod:`cdc.scoring.ranking`, and the shapes they all fill in :mod:`cdc.scoring.results`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from cdc.analysis.figures import WeightedCriterion
from cdc.model.enums import (
    Aggregation,
    CriterionKind,
    MissingAnswerPolicy,
    MissingMustPolicy,
    Priority,
    ResponseType,
)
from cdc.model.needs import Requirement
from cdc.model.responses import NO, YES, Answer, EvaluatorNotes, Response, price_total
from cdc.scoring.messages import Message
from cdc.scoring.prices import apply_price
from cdc.scoring.ranking import rank
from cdc.scoring.results import HUNDRED, ONE, ZERO, CriterionScore, Scoring, VendorResult


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


def aggregate(values: list[Decimal], how: Aggregation) -> Decimal:
    """The evaluators' notes of one bid on one criterion made one: their mean or median.

    Public so that the bid comparison (:mod:`cdc.scoring.comparison`) asks "and without this
    note?" with the engine's own rule.
    """
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
    """Eliminations, missing answers and the notes of the criteria fed by requirements."""
    answers = {a.id: a for a in response.answers}
    _eliminations(scoring, answers, result)
    for leaf in scoring.leaves:
        if leaf.kind is CriterionKind.requirements:
            result.criteria[leaf.criterion.id] = _requirements_note(scoring, leaf, answers)


def _eliminations(scoring: Scoring, answers: dict[str, Answer], result: VendorResult) -> None:
    """Record the missing answers, and eliminate on a must-have answered 'not compliant' or
    left without a valid answer.

    A must-have without a valid answer (no answer, a blank, a value the scale does not know)
    eliminates under ``missing_must: eliminate``, with its own reason ("no answer", apart from
    "answered 'not compliant'"); under ``missing_must: zero`` it earns nothing.
    """
    ev = scoring.evaluation
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


@dataclass(frozen=True)
class RequirementTerm:
    """One scored requirement's term in its criterion's priority-weighted mean."""

    requirement: Requirement
    weight: Decimal  # the priority's coefficient
    points: Decimal | None  # 0–1; None: a blank excluded from the mean (``missing_answers``)
    answered: bool  # a valid answer (a blank scored zero is not answered)


def requirement_terms(
    scoring: Scoring, criterion_id: str, answers: dict[str, Answer]
) -> list[RequirementTerm]:
    """The terms of a requirements-fed criterion's note, requirement by requirement.

    The one place the weighting rules live (priority coefficients, blanks excluded or scored
    zero, must-haves never excluded): the criterion's note is Σ weight × points / Σ weight over
    the terms with points, and the bid comparison splits the criterion's points along them.
    """
    ev = scoring.evaluation
    terms = []
    for req in scoring.requirements_by_criterion.get(criterion_id, []):
        if req.response not in (ResponseType.compliance, ResponseType.yes_no):
            continue
        pw = ev.priority_weights.get(req.priority, ONE)
        answer = answers.get(req.id)
        points = answer_points(scoring, req, answer.compliance if answer else None)
        answered = points is not None
        if points is None and not (
            ev.missing_answers is MissingAnswerPolicy.exclude and req.priority is not Priority.must
        ):
            points = ZERO
        terms.append(RequirementTerm(req, pw, points, answered))
    return terms


def _requirements_note(
    scoring: Scoring, leaf: WeightedCriterion, answers: dict[str, Answer]
) -> CriterionScore:
    """A requirements-fed criterion's note: the priority-weighted mean of its answers' points.

    A must-have is never excluded from the weights, so a blank never does better than an honest
    'not compliant'; other blanks follow ``missing_answers`` (excluded, or worth nothing).
    """
    terms = requirement_terms(scoring, leaf.criterion.id, answers)
    weighted = sum((t.weight * t.points for t in terms if t.points is not None), ZERO)
    weights = sum((t.weight for t in terms if t.points is not None), ZERO)
    answered = sum(1 for t in terms if t.answered)
    reqs = scoring.requirements_by_criterion.get(leaf.criterion.id, [])
    note = weighted / weights if weights > 0 else None
    return CriterionScore(
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
        note = aggregate(values, ev.aggregation) / scale if values else None
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


def unnoted_judgements(scoring: Scoring, vendors: list[VendorResult]) -> list[Message]:
    """One ``no_notes`` warning per judgement criterion that some competing bids have no
    evaluator note on: their note counts 0, silently, unless the report says so — and a ranking
    that rests on a criterion nobody noted cannot be defended."""
    out: list[Message] = []
    for leaf in scoring.leaves:
        if leaf.kind is not CriterionKind.judgement:
            continue
        missing = [
            v.vendor
            for v in vendors
            if v.competing
            and (score := v.criteria.get(leaf.criterion.id)) is not None
            and score.note is None
        ]
        if missing:
            out.append(Message("no_notes", {"criterion": leaf.criterion.id, "vendors": missing}))
    return out


__all__ = [
    "RequirementTerm",
    "aggregate",
    "answer_points",
    "excluded_blanks",
    "is_not_compliant",
    "requirement_terms",
    "score_vendors",
    "unnoted_judgements",
]
