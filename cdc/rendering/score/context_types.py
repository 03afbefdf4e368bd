"""The shapes of the score report's context: what ``score.xml.j2`` and the workbook print.

Plain frozen dataclasses, filled by :func:`cdc.rendering.score.context.score_context`: kept apart
from the code that fills them so a template author reads the whole printed vocabulary in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class SectionInfo:
    """A top-level section of the evaluation tree."""

    id: str
    title: str
    max_points: Decimal  # its absolute weight × 100, rounded as published


@dataclass(frozen=True)
class VendorLine:
    """One vendor, as the ranking and the explanations print it."""

    vendor: str
    rank: int | None
    status: str  # ranked, eliminated, not_ranked
    status_label: str
    total: Decimal
    sections: list[Decimal]
    shares: list[Decimal | None]  # each section's points as % of its maximum (1 decimal)
    technical: Decimal
    price_total: Decimal | None
    price_note: Decimal | None  # % of the price points (1 decimal)
    tie: bool
    tie_text: str | None  # shares its rank: with whom, and that no declared rule separates them
    tie_rule: str | None  # placed after an equal total: by which declared tie-break
    reasons: list[str]
    eliminating: list[str]  # requirement ids that eliminated the bid
    not_ranked_reason: str | None
    missing: list[str]
    source: str


@dataclass(frozen=True)
class ScoreCell:
    """A vendor's result on one criterion: note (% of the criterion's maximum) and points."""

    note: Decimal | None
    points: Decimal


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of the tree, with one cell per vendor of its table."""

    id: str
    title: str
    depth: int
    leaf: bool
    kind: str | None
    weight: Decimal  # absolute weight, % (2 decimals)
    cells: list[ScoreCell]


@dataclass(frozen=True)
class CriteriaTable:
    """Criteria × vendors, for at most :data:`~cdc.rendering.score.tables.VENDORS_PER_TABLE` vendors."""

    vendors: list[VendorLine]
    rows: list[CriterionLine]
    part: int
    parts: int
    widths: str  # relative column widths: criterion, weight, then one per vendor


@dataclass(frozen=True)
class Divergence:
    """Evaluators whose notes spread wider than the declared threshold."""

    vendor: str
    criterion: str
    spread: Decimal  # % of the scale
    notes: str


@dataclass(frozen=True)
class TippingLine:
    """How far a criterion's weight must move before the winner changes (in %)."""

    id: str
    title: str
    top_level: bool
    weight: Decimal
    tipping: Decimal | None
    change: Decimal | None
    new_winner: str | None  # what the first place becomes, worded: a vendor, or a tie
    direction: str | None = None  # down, up, both (a tie today: either way changes it)
    tied: list[str] = field(default_factory=list)  # vendors tied first at the tipping weight
    winner: str | None = None  # the vendor alone first past the tipping weight, if any


@dataclass(frozen=True)
class DistanceLine:
    """What a competing loser lacked."""

    vendor: str
    points_behind: Decimal
    price: Decimal | None
    price_needed: Decimal | None
    cut: Decimal | None  # price reduction needed, % of its price (1 decimal)
    tied: bool = False  # shares the first place
    rule: str | None = None  # the tie-break that placed it after an equal total (worded)


@dataclass(frozen=True)
class MonteCarloLine:
    """How often one vendor came first."""

    vendor: str
    wins: int
    share: Decimal  # %


@dataclass(frozen=True)
class MonteCarlo:
    """The Monte Carlo run on the weights."""

    runs: int
    seed: int
    spread: Decimal  # ± % on every leaf weight
    lines: list[MonteCarloLine]
    winner_share: Decimal | None


@dataclass(frozen=True)
class Notice:
    """A warning in the document's language; ``kind`` is ``legal`` for the price guard rails."""

    text: str
    kind: str
    code: str


@dataclass(frozen=True)
class AnswerCell:
    """One bid's answer to one requirement, as the side-by-side table prints it."""

    level: str | None  # the level's label (yes/no as given); None: no answer
    level_id: str | None  # the scale level's id, or yes/no (colours the workbook)
    tone: str  # best, partial, low, none (not compliant or zero), missing, excluded, unscored
    points: Decimal  # rounded as published
    max_points: Decimal
    comment: str | None
    proof: str | None


@dataclass(frozen=True)
class ComparisonRow:
    """One requirement, every bid's answer in the table's vendor order."""

    id: str
    title: str
    priority: str  # the priority's id (must, should, …)
    cells: list[AnswerCell]


@dataclass(frozen=True)
class ComparisonTable:
    """The requirements of one criterion side by side, for at most a page's width of bids."""

    criterion: str
    title: str
    section: str  # its top-level criterion's title
    vendors: list[str]
    totals: list[Decimal]  # each bid's points on the criterion (rounded)
    max_points: Decimal
    rows: list[ComparisonRow]
    part: int
    parts: int
    widths: str


@dataclass(frozen=True)
class AdvantageLine:
    """An item where the winner gained points over another bid."""

    id: str
    kind: str  # requirement, judgement, price
    title: str
    criterion: str  # the leaf criterion's title
    winner: str | None  # level label, note (% of the scale) or price, as printed
    other: str | None
    gain: Decimal  # rounded as published


@dataclass(frozen=True)
class Advantages:
    """The winner's advantages over one other bid, largest first."""

    other: str
    status: str  # ranked, eliminated, not_ranked
    gap: Decimal  # winner's total − other's (published figures)
    lines: list[AdvantageLine]
    more: int  # advantages left out of the list
    behind: int  # items where the other bid was ahead


@dataclass(frozen=True)
class NoteLine:
    """One evaluator's note and its reason; ``flag`` says why a note without one needs one."""

    vendor: str
    criterion: str  # the judgement criterion's title
    evaluator: str  # the evaluator's name
    note: str  # as given, in the document's number format
    comment: str | None
    flag: str | None  # decisive, divergent


@dataclass(frozen=True)
class JudgementTable:
    """The evaluators' notes on one judgement criterion, bid by bid."""

    criterion: str
    title: str
    lines: list[NoteLine]
    results: list[tuple[str, Decimal | None, Decimal | None]]  # vendor, note % (1 dec.), spread %


@dataclass(frozen=True)
class ScoreContext:
    """Everything ``score.xml.j2`` prints, computed and rounded here."""

    decimals: int
    sections: list[SectionInfo]
    vendors: list[VendorLine]
    ranked: list[VendorLine]
    eliminated: list[VendorLine]
    not_ranked: list[VendorLine]
    with_missing: list[VendorLine]
    winner: VendorLine | None
    runner_up: VendorLine | None
    tied_first: list[str]  # vendors sharing the first place after every tie-break (2 or more)
    committee: bool  # the committee is a declared tie-break (it decides a remaining tie)
    margin: Decimal | None
    criteria_tables: list[CriteriaTable]
    divergences: list[Divergence]
    tipping: list[TippingLine]
    fragile: TippingLine | None  # the smallest weight change that changes the winner
    distances: list[DistanceLine]
    monte_carlo: MonteCarlo | None
    withdrawal: str  # changes, stable, absolute (price method), no_price, few (≤ 2 ranked)
    withdrawals: list[str]
    warnings: list[Notice]
    legal: list[Notice]
    warning_count: int
    price_method: str | None
    price_relative: bool
    price_weight: Decimal  # nominal, %
    priority_weights: list[tuple[str, str]]  # priority, coefficient as printed
    project_hash: str
    tool_version: str
    ranking_widths: str  # rank, vendor, total, sections…, technical, price (mm on A4)
    charts: list[str] = field(default_factory=list)
    advantages: list[Advantages] = field(default_factory=list)  # winner vs each other bid
    judgements: list[JudgementTable] = field(default_factory=list)
    flagged_notes: list[NoteLine] = field(default_factory=list)  # no comment, and need one
    comparison: list[ComparisonTable] = field(default_factory=list)


__all__ = [
    "AdvantageLine",
    "Advantages",
    "AnswerCell",
    "ComparisonRow",
    "ComparisonTable",
    "CriteriaTable",
    "CriterionLine",
    "DistanceLine",
    "Divergence",
    "JudgementTable",
    "MonteCarlo",
    "MonteCarloLine",
    "NoteLine",
    "Notice",
    "ScoreCell",
    "ScoreContext",
    "SectionInfo",
    "TippingLine",
    "VendorLine",
]
