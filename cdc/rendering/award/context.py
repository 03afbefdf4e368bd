"""The award report and letters as the templates print them: a typed context, worded here.

:func:`award_context` turns an :class:`~cdc.scoring.award.Award` into an
:class:`AwardContext`: the score report's own context (:func:`~cdc.rendering.score.context.score_context`,
so the ranking, criteria, sensitivity and method read exactly as in the score report), plus the
award's decisions, each warning worded with the buyer's answer, and one :class:`LetterView` per
bidder with its reasons worded in the document's language. Templates
(``templates/<lang>/award_report.xml.j2`` and ``award_letter.xml.j2``) see it as ``extra.award``
and ``extra.score``, and only loop and print.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from cdc.model.award import AwardDecisions, Bidder, WarningAnswer
from cdc.rendering.fmt import Formatter
from cdc.rendering.score.context import LEGAL_CODES, score_context
from cdc.rendering.score.context_types import ScoreContext
from cdc.rendering.score.wording import Wording
from cdc.scoring.award import Award, Letter, ScoreLine, Standstill


@dataclass(frozen=True)
class WarningLine:
    """A scoring warning, worded, with the buyer's answer (None: still to answer)."""

    code: str
    kind: str  # legal (the price formula's guard rails) or warning
    text: str
    vendor: str | None
    answer: str | None


@dataclass(frozen=True)
class ReasonLine:
    """One evaluator's note of one bid on a judgement criterion, and the reason given."""

    criterion: str  # the criterion's title
    vendor: str
    evaluator: str  # the evaluator's name
    note: str  # on the judgement scale, as given, in the document's number format
    comment: str | None
    flag: str | None  # decisive or divergent: a note without comment that needs one


@dataclass(frozen=True)
class GainLine:
    """A requirement where the winner gained points over the bid, its answers worded."""

    id: str
    title: str
    criterion: str  # the criterion's title
    winner_answer: str
    answer: str
    points: Decimal


@dataclass(frozen=True)
class LetterView:
    """One bidder's letter, as printed."""

    kind: str  # award, rejection, elimination
    kind_label: str
    vendor: str
    rank: int | None
    ranked: int  # how many bids are ranked
    total: Decimal
    technical: Decimal
    winner: str | None
    winner_total: Decimal | None
    scores: list[ScoreLine]
    advantages: list[ScoreLine]
    requirements: list[GainLine]
    reasons: list[str]
    reason_ids: list[str]  # requirement ids that eliminated the bid
    not_ranked: bool  # out of the ranking for the minimum technical score
    bidder: Bidder | None
    standstill: Standstill


@dataclass(frozen=True)
class AwardContext:
    """Everything the award report and the letters print."""

    decimals: int
    procurement: str
    procedure: str | None
    public: bool
    standstill: Standstill
    decisions: AwardDecisions
    has_decisions: bool
    winner: str | None
    warnings: list[WarningLine]
    reasons: list[ReasonLine]  # the evaluators' notes and comments, by criterion then bid
    unanswered: int
    unmatched: list[WarningAnswer]
    unknown_bidders: list[str]
    letters: list[LetterView]
    gaps: list[str]
    gap_words: list[str]  # the gaps, worded
    letter: LetterView | None = None  # the letter being printed (letters only)


def award_context(award: Award, labels: dict[str, Any]) -> tuple[AwardContext, ScoreContext]:
    """The award's context and the score report's, in the document's language."""
    report = award.report
    s = report.scoring
    fmt = Formatter(s.project.project.language.value)
    wording = Wording(labels, fmt, s)
    words = labels["award"]
    score = score_context(report, labels)
    warnings = [
        WarningLine(
            w.message.code,
            "legal" if w.message.code in LEGAL_CODES else "warning",
            wording.phrase(w.message),
            w.vendor,
            w.answer,
        )
        for w in award.warnings
    ]
    ranked = len([v for v in report.vendors if v.competing])
    letters = [_letter(x, words, wording, ranked) for x in award.letters]
    return (
        AwardContext(
            decimals=s.evaluation.rounding,
            procurement=award.procurement.value,
            procedure=None if award.procedure is None else award.procedure.value,
            public=award.procurement.value == "public",
            standstill=award.standstill,
            decisions=award.decisions or AwardDecisions(),
            has_decisions=award.decisions is not None,
            winner=award.winner.vendor if award.winner else None,
            warnings=warnings,
            reasons=_reasons(award, wording),
            unanswered=len([w for w in warnings if w.answer is None]),
            unmatched=list(award.unmatched),
            unknown_bidders=list(award.unknown_bidders),
            letters=letters,
            gaps=list(award.gaps),
            gap_words=[str(words["gap"][g]) for g in award.gaps],
        ),
        score,
    )


def _reasons(award: Award, wording: Wording) -> list[ReasonLine]:
    """Every evaluator's note on every judgement criterion with its comment (from the
    side-by-side comparison): the reasons a committee signs and a bidder may ask for."""
    comparison = award.report.comparison
    if comparison is None:
        return []
    names = {e.id: e.name for e in award.scoring.evaluation.evaluators}
    return [
        ReasonLine(wording.criterion_title(c.id), j.vendor, names.get(n.evaluator, n.evaluator),
                   _note(wording, n.note), n.comment, n.flag)
        for c in comparison.criteria
        for j in c.judgements
        for n in j.notes
    ]  # fmt: skip


def _note(wording: Wording, note: Decimal) -> str:
    """A note with as many decimals as it was given with (4,5 stays 4,5; 4 stays 4)."""
    return wording.fmt.number(note, len(f"{note.normalize():f}".partition(".")[2]))


def _letter(x: Letter, words: dict[str, Any], wording: Wording, ranked: int) -> LetterView:
    gains = [
        GainLine(
            g.id,
            g.title,
            wording.criterion_title(g.criterion),
            wording.value("answer", g.winner_answer) if g.winner_answer else "—",
            wording.value("answer", g.answer) if g.answer else "—",
            g.points,
        )
        for g in x.requirements
    ]
    return LetterView(
        kind=x.kind,
        kind_label=str(words["letter_kind"][x.kind]),
        vendor=x.vendor,
        rank=x.rank,
        ranked=ranked,
        total=x.total,
        technical=x.technical,
        winner=x.winner,
        winner_total=x.winner_total,
        scores=x.scores,
        advantages=x.advantages,
        requirements=gains,
        reasons=[wording.phrase(m) for m in x.reasons],
        reason_ids=[str(m.params["id"]) for m in x.reasons if "id" in m.params],
        not_ranked=any(m.code == "not_ranked" for m in x.reasons),
        bidder=x.bidder,
        standstill=x.standstill,
    )


def for_letter(context: AwardContext, vendor: str) -> AwardContext:
    """The context with ``letter`` set to ``vendor``'s (KeyError when it sent no bid)."""
    for x in context.letters:
        if x.vendor == vendor:
            return replace(context, letter=x)
    raise KeyError(vendor)


__all__ = [
    "AwardContext",
    "GainLine",
    "LetterView",
    "ReasonLine",
    "WarningLine",
    "award_context",
    "for_letter",
]
