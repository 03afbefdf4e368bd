"""The scoring report as the documents print it: a typed context, computed and rounded here.

:func:`score_context` turns a :class:`~cdc.scoring.report.ScoreReport` into a
:class:`ScoreContext`: published values rounded as the project declares, vendors in ranking
order, sections in tree order, tipping points from the most fragile, every reason and warning
worded in the document's language (:class:`~cdc.rendering.score.wording.Wording`). Templates
(``templates/<lang>/score.xml.j2``) see it as ``extra.score`` and only loop and print; the
workbook (:mod:`cdc.rendering.score.xlsx`) reads the same context, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from cdc import __version__
from cdc.grid.fingerprint import grid_hash
from cdc.model.enums import CriterionKind, PriceMethod, TieBreak
from cdc.rendering.fmt import Formatter
from cdc.rendering.score.charts import text_width
from cdc.rendering.score.wording import Wording
from cdc.scoring.engine import RELATIVE_METHODS, Scoring
from cdc.scoring.explain import Tip, TippingPoint
from cdc.scoring.report import ScoreReport

#: Vendors per criteria table: more would not fit the width of an A4 page.
VENDORS_PER_TABLE = 4

#: Messages about the price formula's legal soundness (shown apart, as guard rails).
LEGAL_CODES = frozenset(
    {
        "relative_price",
        "lowest_price",
        "flat_price",
        "effective_price",
        "withdrawal",
        "no_withdrawal_effect",
    }
)

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE_DECIMAL = Decimal("0.1")


# -- the context ------------------------------------------------------------------------------
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
    """Criteria × vendors, for at most :data:`VENDORS_PER_TABLE` vendors."""

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


# -- building the context ---------------------------------------------------------------------
def _share(points: Decimal, maximum: Decimal) -> Decimal | None:
    if maximum <= 0:
        return None
    return (points / maximum * HUNDRED).quantize(ONE_DECIMAL)


def score_context(report: ScoreReport, labels: dict[str, Any]) -> ScoreContext:
    """The typed context of the score report (published values, in the document's language)."""
    s = report.scoring
    ev = s.evaluation
    lang = s.project.project.language.value
    fmt = Formatter(lang)
    wording = Wording(labels, fmt, s)
    words = labels["score"]
    tops = [c for c in s.criteria if c.depth == 0]
    sections = [
        SectionInfo(c.criterion.id, c.criterion.title, s.round(c.absolute * HUNDRED)) for c in tops
    ]

    vendors: list[VendorLine] = []
    for v in report.vendors:
        status = "eliminated" if v.eliminated else "not_ranked" if v.not_ranked_reason else "ranked"
        points = [s.round(v.sections.get(c.criterion.id, ZERO)) for c in tops]
        vendors.append(
            VendorLine(
                vendor=v.vendor,
                rank=v.rank,
                status=status,
                status_label=str(words["status"][status]),
                total=s.round(v.total),
                sections=points,
                shares=[
                    _share(v.sections.get(c.criterion.id, ZERO), c.absolute * HUNDRED) for c in tops
                ],
                technical=s.round(v.technical),
                price_total=v.price_total,
                price_note=None
                if v.price_note is None
                else (v.price_note * HUNDRED).quantize(ONE_DECIMAL),
                tie=v.tie_note is not None,
                tie_text=None if v.tie_note is None else wording.phrase(v.tie_note),
                tie_rule=None if v.tie_break is None else wording.phrase(v.tie_break),
                reasons=[wording.phrase(m) for m in v.elimination_reasons],
                eliminating=[
                    m.params["id"] for m in v.elimination_reasons if m.code == "eliminated"
                ],
                not_ranked_reason=None
                if v.not_ranked_reason is None
                else wording.phrase(v.not_ranked_reason),
                missing=list(v.missing),
                source=v.source,
            )
        )
    ranked = [v for v in vendors if v.status == "ranked"]
    winner = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None

    tipping = [_tipping_line(t, s, words) for t in report.tipping]
    tipping.sort(key=lambda t: (t.change is None, abs(t.change or ZERO)))

    distances = []
    for d in report.distances:
        cut = needed = None
        if d.price_needed is not None:
            # the highest price that wins, in whole currency units (rounded down: it still wins)
            needed = d.price_needed.to_integral_value(rounding=ROUND_FLOOR)
            if d.price and d.price > 0:
                cut = ((d.price - needed) / d.price * HUNDRED).quantize(ONE_DECIMAL)
        rule = None if d.rule is None else str(labels["tie_break"].get(d.rule, d.rule))
        distances.append(
            DistanceLine(d.vendor, d.points_behind, d.price, needed, cut, d.tied, rule)
        )

    monte: MonteCarlo | None = None
    if report.monte_carlo_runs:
        runs = report.monte_carlo_runs
        lines = [
            MonteCarloLine(vendor, wins, (Decimal(wins) / runs * HUNDRED).quantize(ONE_DECIMAL))
            for vendor, wins in sorted(report.monte_carlo.items(), key=lambda x: (-x[1], x[0]))
        ]
        share = next((m.share for m in lines if winner and m.vendor == winner.vendor), None)
        spread = report.monte_carlo_spread * HUNDRED
        monte = MonteCarlo(runs, report.monte_carlo_seed, spread, lines, share)

    method = ev.price.method if ev.price else None
    relative = method in RELATIVE_METHODS
    if report.withdrawals:
        withdrawal = "changes"
    elif method is None:
        withdrawal = "no_price"
    elif method is PriceMethod.absolute_band:
        withdrawal = "absolute"
    elif len(ranked) <= 2:
        withdrawal = "few"
    else:
        withdrawal = "stable"

    warnings: list[Notice] = []
    legal: list[Notice] = []
    for w in report.warnings:
        if w.code in LEGAL_CODES:
            legal.append(Notice(wording.phrase(w), "legal", w.code))
        else:
            warnings.append(Notice(wording.phrase(w), "warning", w.code))

    divergences = [
        Divergence(
            v.vendor,
            wording.criterion_title(flag.params["criterion"]),
            flag.params["spread"],
            wording.notes(flag.params["notes"]),
        )
        for v in report.vendors
        for flag in v.divergences
    ]

    price_weight = sum((c.absolute for c in s.leaves if c.kind is CriterionKind.price), ZERO)
    return ScoreContext(
        decimals=ev.rounding,
        sections=sections,
        vendors=vendors,
        ranked=ranked,
        eliminated=[v for v in vendors if v.status == "eliminated"],
        not_ranked=[v for v in vendors if v.status == "not_ranked"],
        with_missing=[v for v in vendors if v.missing],
        winner=winner,
        runner_up=runner_up,
        tied_first=[v.vendor for v in ranked if v.rank == 1]
        if runner_up and runner_up.rank == 1
        else [],
        committee=TieBreak.committee in ev.tie_break,
        margin=None if winner is None or runner_up is None else winner.total - runner_up.total,
        criteria_tables=_criteria_tables(report, vendors),
        divergences=divergences,
        tipping=tipping,
        fragile=next((t for t in tipping if t.change is not None), None),
        distances=distances,
        monte_carlo=monte,
        withdrawal=withdrawal,
        withdrawals=[wording.phrase(w) for w in report.withdrawals],
        warnings=warnings,
        legal=legal,
        warning_count=len(warnings) + len(legal),
        price_method=None if method is None else method.value,
        price_relative=relative,
        price_weight=s.round(price_weight * HUNDRED),
        priority_weights=[
            (p.value, fmt.number(w, max(0, -int(w.normalize().as_tuple().exponent))))
            for p, w in ev.priority_weights.items()
        ],
        project_hash=grid_hash(s.project),
        tool_version=__version__,
        ranking_widths=_ranking_widths([x.title for x in sections], [v.vendor for v in vendors]),
    )


def _tipping_line(t: TippingPoint, s: Scoring, words: dict[str, Any]) -> TippingLine:
    """One criterion's tipping point, its outcome worded (a new first vendor, or a tie)."""
    tips = t.nearest_tips
    tip = tips[0] if tips else None
    outcome = None if tip is None else _tip_words(tip, words)
    if len(tips) == 2:
        outcome = str(words["list_separator"]).join(
            str(words["tip"]["below" if x.direction < 0 else "above"]).format(
                outcome=_tip_words(x, words)
            )
            for x in tips
        )
    change = None if t.change is None else (t.change * HUNDRED).quantize(ONE_DECIMAL)
    return TippingLine(
        id=t.criterion,
        title=t.title,
        top_level=any(c.criterion.id == t.criterion and c.depth == 0 for c in s.criteria),
        weight=(t.weight * HUNDRED).quantize(ONE_DECIMAL),
        tipping=None
        if t.tipping_weight is None
        else (t.tipping_weight * HUNDRED).quantize(ONE_DECIMAL) + ZERO,
        change=None if change is None else change + ZERO,  # + 0: no "-0.0"
        new_winner=outcome,
        direction=None
        if tip is None
        else "both"
        if len(tips) == 2
        else ("down" if tip.direction < 0 else "up"),
        tied=[] if tip is None else list(tip.tied),
        winner=None if tip is None else tip.new_winner,
    )


def _tip_words(tip: Tip, words: dict[str, Any]) -> str:
    names = ", ".join(tip.tied)
    if tip.tied and tip.new_winner:
        return str(words["tip"]["tie_then"]).format(vendors=names, vendor=tip.new_winner)
    if tip.tied:
        return str(words["tip"]["tie"]).format(vendors=names)
    return tip.new_winner or ""


#: Width of the text of an A4 page and size of table headers in the PDF (mm, points).
_PAGE_MM = 176.0
_HEADER_PT = 8.84
_PT_MM = 0.3528


def _ranking_widths(titles: list[str], vendors: list[str]) -> str:
    """Column widths of the ranking table (mm), so that no header word has to be cut.

    Rank, total, technical score and price get fixed widths; each section column is at least as
    wide as the longest word of its title in bold header type, the vendor column as its longest
    name (within limits); what is left of the page is shared between them.
    """
    fixed = {"rank": 14.0, "total": 15.0, "technical": 21.0, "price": 24.0}
    pad = 3.5

    def longest_word(text: str) -> float:
        words = text.split() or [""]
        return max(text_width(w, _HEADER_PT, bold=True) for w in words) * _PT_MM + pad

    sections = [max(15.0, longest_word(t)) for t in titles]
    names = [text_width(v, _HEADER_PT) * _PT_MM + pad for v in vendors]
    vendor = min(45.0, max([28.0, *names]))
    left = _PAGE_MM - sum(fixed.values()) - sum(sections) - vendor
    if left > 0:
        share = left / (len(sections) + 1)
        sections = [w + share for w in sections]
        vendor += share
    columns = [fixed["rank"], vendor, fixed["total"], *sections, fixed["technical"], fixed["price"]]
    return ",".join(str(round(c)) for c in columns)


def _criteria_tables(report: ScoreReport, vendors: list[VendorLine]) -> list[CriteriaTable]:
    """Criteria × vendors, split so that a table keeps to the width of a page."""
    s = report.scoring
    results = {v.vendor: v for v in report.vendors}
    leaves_under: dict[str, list[str]] = {}
    parents = {c.criterion.id: c.parent for c in s.criteria}
    for leaf in s.leaves:
        node: str | None = leaf.criterion.id
        while node is not None:
            leaves_under.setdefault(node, []).append(leaf.criterion.id)
            node = parents.get(node)
    chunks = [vendors[i : i + VENDORS_PER_TABLE] for i in range(0, len(vendors), VENDORS_PER_TABLE)]
    tables = []
    for part, chunk in enumerate(chunks, start=1):
        rows = []
        for c in s.criteria:
            maximum = c.absolute * HUNDRED
            cells = []
            for v in chunk:
                result = results[v.vendor]
                if c.is_leaf:
                    score = result.criteria.get(c.criterion.id)
                    note = (
                        None
                        if score is None or score.note is None
                        else (score.note * HUNDRED).quantize(ONE_DECIMAL)
                    )
                    points = score.points if score is not None else ZERO
                else:
                    points = sum(
                        (
                            result.criteria[x].points
                            for x in leaves_under.get(c.criterion.id, [])
                            if x in result.criteria
                        ),
                        ZERO,
                    )
                    note = _share(points, maximum)
                cells.append(ScoreCell(note, s.round(points)))
            rows.append(
                CriterionLine(
                    id=c.criterion.id,
                    title=c.criterion.title,
                    depth=c.depth,
                    leaf=c.is_leaf,
                    kind=c.kind.value if c.kind else None,
                    weight=(c.absolute * HUNDRED).quantize(Decimal("0.01")),
                    cells=cells,
                )
            )
        vendor_w = 14 if len(chunk) > 2 else 19
        head = "34,10" if len(chunk) > 2 else "50,12"
        widths = ",".join([head, *([str(vendor_w)] * len(chunk))])
        tables.append(CriteriaTable(chunk, rows, part, len(chunks), widths))
    return tables


__all__ = [
    "LEGAL_CODES",
    "VENDORS_PER_TABLE",
    "CriteriaTable",
    "CriterionLine",
    "DistanceLine",
    "Divergence",
    "MonteCarlo",
    "MonteCarloLine",
    "Notice",
    "ScoreCell",
    "ScoreContext",
    "SectionInfo",
    "TippingLine",
    "VendorLine",
    "score_context",
]
