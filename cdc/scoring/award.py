"""The award, as data: what the award report and the letters to the bidders print.

:func:`award` reads a finished :class:`~cdc.scoring.report.ScoreReport` and the buyer's
decisions (:class:`~cdc.model.award.AwardDecisions`, optional) and computes, without wording
anything:

* the procedure, and whether a standstill period applies (French public procurement: 11 days
  after an electronic notification, 16 otherwise — CCP R2182-1; to be checked by counsel);
* every bid's outcome (ranked, eliminated, not ranked) with the reasons the engine recorded —
  the requirement answered "not compliant" or left blank, or the minimum technical score;
* each scoring warning with the buyer's answer to it, and the answers that match no warning;
* one letter per bidder: to the winner (award), to each ranked loser (its rank, its points and
  the winner's per criterion, the criteria where the winner is ahead of it, the requirements
  that decided), to each bid out of the ranking (the rule or requirement that put it out);
* the decisions still to take (committee, dates, signatory, answers), printed as gaps.

Every figure is the score report's own, rounded as published (:meth:`Scoring.round`), so a
letter never says anything the score report does not. Templates word it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from cdc.model.award import AwardDecisions, Bidder, Notification, WarningAnswer
from cdc.model.enums import ProcedureKind, Procurement
from cdc.scoring.comparison import criterion_differences, decisive_differences
from cdc.scoring.messages import Message
from cdc.scoring.report import ScoreReport
from cdc.scoring.results import HUNDRED, ZERO, Scoring, VendorResult, leaves_under

#: Standstill period in days by means of notification (French public procurement code,
#: R2182-1: 11 days when the decision is notified electronically, 16 days otherwise).
STANDSTILL_DAYS = {Notification.electronic: 11, Notification.postal: 16}

#: Requirements named per rejection letter, at most (the decisive differences, largest first).
MAX_REQUIREMENTS = 5

#: The letters, by kind: to the winner, to a ranked loser, to a bid out of the ranking.
LETTER_KINDS = ("award", "rejection", "elimination")


@dataclass(frozen=True)
class Standstill:
    """Whether the contract may be signed at once, or after a standstill period."""

    applies: bool
    declared: bool  # stated in the decisions file (False: the default for the procedure)
    days: int | None  # None when it does not apply
    notification: Notification
    notified: dt.date | None
    ends: dt.date | None  # notified + days: the earliest signing day (indicative), if known


@dataclass(frozen=True)
class ScoreLine:
    """One criterion of the tree, for one bid beside the winner (published points)."""

    id: str
    title: str
    depth: int
    leaf: bool
    max_points: Decimal
    points: Decimal
    winner_points: Decimal

    @property
    def gap(self) -> Decimal:
        """The winner's points minus this bid's (positive: the winner is ahead)."""
        return self.winner_points - self.points


@dataclass(frozen=True)
class RequirementGain:
    """A requirement where the winner gained points over a bid (from the comparison)."""

    id: str
    title: str
    criterion: str
    winner_answer: str | None
    answer: str | None
    points: Decimal  # points of the total the winner gained there (published rounding)


@dataclass(frozen=True)
class Letter:
    """What one bidder is told."""

    kind: str  # one of LETTER_KINDS
    vendor: str
    rank: int | None
    total: Decimal
    technical: Decimal
    winner: str | None
    winner_total: Decimal | None
    scores: list[ScoreLine]  # the criteria tree, this bid beside the winner
    advantages: list[ScoreLine]  # leaf criteria where the winner is ahead, largest gap first
    requirements: list[RequirementGain]  # where the winner gained most, largest first
    reasons: list[Message]  # why the bid is out of the ranking (eliminations, minimum score)
    bidder: Bidder | None  # the address the decisions file gives
    standstill: Standstill


@dataclass(frozen=True)
class AnsweredWarning:
    """A scoring warning and the buyer's answer to it (None: still to answer)."""

    message: Message
    vendor: str | None  # the vendor it concerns, when it concerns one
    answer: str | None


@dataclass
class Award:
    """The award context: the score report, the decisions and what follows from them."""

    report: ScoreReport
    decisions: AwardDecisions | None
    procurement: Procurement
    procedure: ProcedureKind | None
    standstill: Standstill
    winner: VendorResult | None
    warnings: list[AnsweredWarning]
    unmatched: list[WarningAnswer]  # answers to warnings the scoring did not raise
    unknown_bidders: list[str]  # vendors in the decisions file with no response
    letters: list[Letter]
    gaps: list[str] = field(default_factory=list)  # decisions still to take (codes)

    @property
    def scoring(self) -> Scoring:
        """The prepared method the report was scored with."""
        return self.report.scoring

    def letter(self, vendor: str) -> Letter:
        """The letter to ``vendor`` (KeyError when it sent no bid)."""
        for x in self.letters:
            if x.vendor == vendor:
                return x
        raise KeyError(vendor)


def standstill(project_procurement: Procurement, procedure: ProcedureKind | None,
               decisions: AwardDecisions | None) -> Standstill:  # fmt: skip
    """The standstill period: as declared, else under public procurement except an adapted
    procedure (MAPA), which has none by default (both to be checked by counsel)."""
    declared = decisions is not None and decisions.standstill is not None
    if decisions is not None and decisions.standstill is not None:
        applies = decisions.standstill
    else:
        applies = project_procurement is Procurement.public and procedure is not ProcedureKind.adapted
    means = decisions.notification if decisions is not None else Notification.electronic
    notified = decisions.notified if decisions is not None else None
    days = STANDSTILL_DAYS[means] if applies else None
    ends = notified + dt.timedelta(days=days) if notified is not None and days is not None else None
    return Standstill(applies, declared, days, means, notified, ends)


def criterion_points(scoring: Scoring, result: VendorResult, criterion_id: str) -> Decimal:
    """A bid's exact points on a criterion: a leaf's own, a section's the sum of its leaves."""
    return sum(
        (
            result.criteria[leaf.criterion.id].points
            for leaf in leaves_under(scoring, criterion_id)
            if leaf.criterion.id in result.criteria
        ),
        ZERO,
    )


def score_lines(scoring: Scoring, bid: VendorResult, winner: VendorResult | None) -> list[ScoreLine]:
    """The criteria tree with the bid's published points beside the winner's."""
    lines = []
    for c in scoring.criteria:
        cid = c.criterion.id
        mine = scoring.round(criterion_points(scoring, bid, cid))
        theirs = scoring.round(criterion_points(scoring, winner, cid)) if winner else mine
        lines.append(
            ScoreLine(cid, c.criterion.title, c.depth, c.is_leaf,
                      scoring.round(c.absolute * HUNDRED), mine, theirs)
        )  # fmt: skip
    return lines


def advantages(lines: list[ScoreLine]) -> list[ScoreLine]:
    """The leaf criteria where the winner's published points exceed the bid's, largest gap
    first (tree order between equal gaps): the winner's relative advantages, per criterion."""
    order = {x.id: i for i, x in enumerate(lines)}
    ahead = [x for x in lines if x.leaf and x.gap > 0]
    return sorted(ahead, key=lambda x: (-x.gap, order[x.id]))


def _warning_vendor(report: ScoreReport, message: Message) -> str | None:
    """The vendor a warning concerns: named in it, or the one whose file it names."""
    params = message.params
    if "vendor" in params:
        return str(params["vendor"])
    if "source" in params:
        return next((v.vendor for v in report.vendors if v.source == params["source"]), None)
    return None


def _matches(answer: WarningAnswer, message: Message, vendor: str | None) -> bool:
    if answer.code != message.code:
        return False
    if answer.vendor is not None:
        names = [vendor, *message.params.get("vendors", ())]
        if answer.vendor not in names:
            return False
    return answer.criterion is None or answer.criterion == message.params.get("criterion")


def answered_warnings(
    report: ScoreReport, decisions: AwardDecisions | None
) -> tuple[list[AnsweredWarning], list[WarningAnswer]]:
    """Each warning with the first answer that matches it, and the answers matching none."""
    answers = list(decisions.warnings) if decisions is not None else []
    used: set[int] = set()
    out = []
    for message in report.warnings:
        vendor = _warning_vendor(report, message)
        found = next(
            (i for i, a in enumerate(answers) if _matches(a, message, vendor)), None
        )
        if found is not None:
            used.add(found)
        out.append(AnsweredWarning(message, vendor, None if found is None else answers[found].answer))
    return out, [a for i, a in enumerate(answers) if i not in used]


def _gaps(decisions: AwardDecisions | None, warnings: list[AnsweredWarning],
          winner: VendorResult | None, stand: Standstill) -> list[str]:  # fmt: skip
    """The decisions still to take, as codes the templates word."""
    d = decisions or AwardDecisions()
    gaps = []
    if not d.committee:
        gaps.append("committee")
    if d.meeting is None:
        gaps.append("meeting")
    if d.decision is None:
        gaps.append("decision")
    if d.signatory is None:
        gaps.append("signatory")
    if stand.applies and d.notified is None:
        gaps.append("notified")
    if any(w.answer is None for w in warnings):
        gaps.append("warnings")
    if winner is None:
        gaps.append("winner")
    elif winner.tie_note is not None:  # tied first and no declared tie-break separates them
        gaps.append("tie")
    return gaps


#: Gives the requirements where the winner (first) gained most over another bid (second).
GainsFn = Callable[[VendorResult, VendorResult], list[RequirementGain]]


def award(
    report: ScoreReport,
    decisions: AwardDecisions | None = None,
    *,
    gains: GainsFn | None = None,
) -> Award:
    """The award context of a scored consultation (see the module's docstring).

    ``gains`` gives the requirements where the winner gained most over another bid; by default
    they come from the side-by-side comparison of the bids (:mod:`cdc.scoring.comparison`).
    """
    s = report.scoring
    info = s.project.project
    stand = standstill(info.procurement, info.procedure, decisions)
    winner = report.winner
    warnings, unmatched = answered_warnings(report, decisions)
    bidders = {b.vendor: b for b in (decisions.bidders if decisions else [])}
    gains = gains if gains is not None else requirement_gains(report)
    letters = []
    for v in report.vendors:
        lines = score_lines(s, v, winner)
        if winner is not None and v.vendor == winner.vendor:
            kind = "award"
        elif v.competing:
            kind = "rejection"
        else:
            kind = "elimination"
        reasons = list(v.elimination_reasons) or (
            [v.not_ranked_reason] if v.not_ranked_reason is not None else []
        )
        ahead = criteria_ahead(report, winner, v, lines) if kind == "rejection" and winner else []
        reqs = gains(winner, v)[:MAX_REQUIREMENTS] if kind == "rejection" and winner else []
        letters.append(
            Letter(
                kind=kind,
                vendor=v.vendor,
                rank=v.rank,
                total=s.round(v.total),
                technical=s.round(v.technical),
                winner=winner.vendor if winner else None,
                winner_total=s.round(winner.total) if winner else None,
                scores=lines,
                advantages=ahead,
                requirements=list(reqs),
                reasons=reasons,
                bidder=bidders.get(v.vendor),
                standstill=stand,
            )
        )
    known = {v.vendor for v in report.vendors}
    return Award(
        report=report,
        decisions=decisions,
        procurement=info.procurement,
        procedure=info.procedure,
        standstill=stand,
        winner=winner,
        warnings=warnings,
        unmatched=unmatched,
        unknown_bidders=[b for b in bidders if b not in known],
        letters=letters,
        gaps=_gaps(decisions, warnings, winner, stand),
    )


def requirement_gains(report: ScoreReport) -> GainsFn:
    """The requirements where the winner gained most over a bid: the comparison's decisive
    differences of kind ``requirement`` (points rounded as published; none without one)."""
    comparison = report.comparison
    s = report.scoring

    def gains(winner: VendorResult, other: VendorResult) -> list[RequirementGain]:
        if comparison is None:
            return []
        return [
            RequirementGain(d.id, d.title, d.criterion, d.winner_answer, d.other_answer,
                            s.round(d.gain))
            for d in decisive_differences(comparison, winner.vendor, other.vendor)
            if d.kind == "requirement" and s.round(d.gain) > 0
        ]  # fmt: skip

    return gains


def criteria_ahead(report: ScoreReport, winner: VendorResult, other: VendorResult,
                   lines: list[ScoreLine]) -> list[ScoreLine]:  # fmt: skip
    """The leaf criteria where the winner is ahead of ``other``, largest gap first: from the
    comparison's per-criterion differences, kept where the published points differ too (a letter
    never calls "ahead" two equal printed figures)."""
    if report.comparison is None:
        return advantages(lines)
    by_id = {x.id: x for x in lines}
    gained = {
        d.criterion
        for d in criterion_differences(report.comparison, winner.vendor, other.vendor)
        if d.gain > 0
    }
    return [x for x in advantages(lines) if x.id in gained and x.id in by_id]


__all__ = [
    "LETTER_KINDS",
    "MAX_REQUIREMENTS",
    "STANDSTILL_DAYS",
    "AnsweredWarning",
    "Award",
    "Letter",
    "RequirementGain",
    "ScoreLine",
    "Standstill",
    "advantages",
    "answered_warnings",
    "award",
    "criteria_ahead",
    "criterion_points",
    "requirement_gains",
    "score_lines",
    "standstill",
]
