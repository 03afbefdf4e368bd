"""The scoring report as the documents print it: a typed context, computed and rounded here.

:func:`score_context` turns a :class:`~cdc.scoring.report.ScoreReport` into a
:class:`ScoreContext`: published values rounded as the project declares, vendors in ranking
order, sections in tree order, tipping points from the most fragile, every reason and warning
worded in the document's language (:class:`~cdc.rendering.score.wording.Wording`). Templates
(``templates/<lang>/score.xml.j2``) see it as ``extra.score`` and only loop and print; the
workbook (:mod:`cdc.rendering.score.xlsx`) reads the same context, so the two never disagree.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from cdc.analysis.figures import WeightedCriterion
from cdc.core.version import __version__
from cdc.grid.fingerprint import grid_hash
from cdc.model.enums import CriterionKind, PriceMethod, TieBreak
from cdc.model.evaluation import Evaluation
from cdc.rendering.fmt import Formatter
from cdc.rendering.score import comparison as side_by_side
from cdc.rendering.score.context_types import (
    DistanceLine,
    Divergence,
    MonteCarlo,
    MonteCarloLine,
    Notice,
    ScoreContext,
    SectionInfo,
    TippingLine,
    VendorLine,
)
from cdc.rendering.score.tables import (
    HUNDRED,
    ONE_DECIMAL,
    ZERO,
    criteria_tables,
    ranking_widths,
    share,
)
from cdc.rendering.score.wording import Wording
from cdc.scoring.explain import Tip, TippingPoint
from cdc.scoring.prices import RELATIVE_METHODS
from cdc.scoring.report import ScoreReport
from cdc.scoring.results import Scoring, VendorResult

#: Messages about the price formula's legal soundness (shown apart, as guard rails).
LEGAL_CODES = frozenset(
    {
        "relative_price",
        "abnormally_low",
        "two_bids_min_max",
        "flat_price",
        "effective_price",
        "withdrawal",
        "no_withdrawal_effect",
    }
)


# -- building the context ---------------------------------------------------------------------
def score_context(report: ScoreReport, labels: dict[str, Any]) -> ScoreContext:
    """The typed context of the score report (published values, in the document's language)."""
    s = report.scoring
    ev = s.evaluation
    fmt = Formatter(s.project.project.language.value)
    wording = Wording(labels, fmt, s)
    words = labels["score"]
    tops = [c for c in s.criteria if c.depth == 0]
    sections = [
        SectionInfo(c.criterion.id, c.criterion.title, s.round(c.absolute * HUNDRED)) for c in tops
    ]
    vendors = [_vendor_line(v, s, tops, words, wording) for v in report.vendors]
    ranked = [v for v in vendors if v.status == "ranked"]
    winner = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    tipping = [_tipping_line(t, s, words) for t in report.tipping]
    tipping.sort(key=lambda t: (t.change is None, abs(t.change or ZERO)))
    method = ev.price.method if ev.price else None
    warnings, legal = _notices(report, wording)
    price_weight = sum((c.absolute for c in s.leaves if c.kind is CriterionKind.price), ZERO)
    compared = report.comparison
    judgements = [] if compared is None else side_by_side.judgements(compared, s, fmt)
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
        criteria_tables=criteria_tables(report, vendors),
        divergences=_divergences(report, wording),
        tipping=tipping,
        fragile=next((t for t in tipping if t.change is not None), None),
        distances=_distance_lines(report, labels),
        monte_carlo=_monte_carlo(report, winner),
        withdrawal=_withdrawal(report, method, len(ranked)),
        withdrawals=[wording.phrase(w) for w in report.withdrawals],
        warnings=warnings,
        legal=legal,
        warning_count=len(warnings) + len(legal),
        price_method=None if method is None else method.value,
        price_relative=method in RELATIVE_METHODS,
        price_weight=s.round(price_weight * HUNDRED),
        priority_weights=_priority_weights(ev, fmt),
        project_hash=grid_hash(s.project),
        tool_version=__version__,
        ranking_widths=ranking_widths([x.title for x in sections], [v.vendor for v in vendors]),
        advantages=[]
        if compared is None
        else side_by_side.advantages(compared, s, fmt, s.project.project.currency),
        judgements=judgements,
        flagged_notes=side_by_side.flagged(judgements),
        comparison=[] if compared is None else side_by_side.comparison_tables(compared, s),
    )


def _vendor_line(
    v: VendorResult,
    s: Scoring,
    tops: list[WeightedCriterion],
    words: dict[str, Any],
    wording: Wording,
) -> VendorLine:
    """One vendor as the ranking prints it: published (rounded) points, every reason worded.

    Totals are rounded here, once, so the ranking table, the explanations and the workbook all
    print the same figure; shares are computed from the exact points, not the rounded ones.
    """
    status = "eliminated" if v.eliminated else "not_ranked" if v.not_ranked_reason else "ranked"
    return VendorLine(
        vendor=v.vendor,
        rank=v.rank,
        status=status,
        status_label=str(words["status"][status]),
        total=s.round(v.total),
        sections=[s.round(v.sections.get(c.criterion.id, ZERO)) for c in tops],
        shares=[share(v.sections.get(c.criterion.id, ZERO), c.absolute * HUNDRED) for c in tops],
        technical=s.round(v.technical),
        price_total=v.price_total,
        price_note=None if v.price_note is None else (v.price_note * HUNDRED).quantize(ONE_DECIMAL),
        tie=v.tie_note is not None,
        tie_text=None if v.tie_note is None else wording.phrase(v.tie_note),
        tie_rule=None if v.tie_break is None else wording.phrase(v.tie_break),
        reasons=[wording.phrase(m) for m in v.elimination_reasons],
        eliminating=[m.params["id"] for m in v.elimination_reasons if m.code == "eliminated"],
        not_ranked_reason=None
        if v.not_ranked_reason is None
        else wording.phrase(v.not_ranked_reason),
        missing=list(v.missing),
        source=v.source,
    )


def _distance_lines(report: ScoreReport, labels: dict[str, Any]) -> list[DistanceLine]:
    """What each competing loser lacked, with the price that would have won it.

    The winning price is rounded down to whole currency units, so the printed figure still wins;
    the cut is that price's reduction as % of the bid.
    """
    distances = []
    for d in report.distances:
        cut = needed = None
        if d.price_needed is not None:
            needed = d.price_needed.to_integral_value(rounding=ROUND_FLOOR)
            if d.price and d.price > 0:
                cut = ((d.price - needed) / d.price * HUNDRED).quantize(ONE_DECIMAL)
        rule = None if d.rule is None else str(labels["tie_break"].get(d.rule, d.rule))
        distances.append(
            DistanceLine(d.vendor, d.points_behind, d.price, needed, cut, d.tied, rule)
        )
    return distances


def _monte_carlo(report: ScoreReport, winner: VendorLine | None) -> MonteCarlo | None:
    """The Monte Carlo section, most wins first (None when the project asked for no run)."""
    if not report.monte_carlo_runs:
        return None
    runs = report.monte_carlo_runs
    lines = [
        MonteCarloLine(vendor, wins, (Decimal(wins) / runs * HUNDRED).quantize(ONE_DECIMAL))
        for vendor, wins in sorted(report.monte_carlo.items(), key=lambda x: (-x[1], x[0]))
    ]
    share_won = next((m.share for m in lines if winner and m.vendor == winner.vendor), None)
    spread = report.monte_carlo_spread * HUNDRED
    return MonteCarlo(runs, report.monte_carlo_seed, spread, lines, share_won)


def _withdrawal(report: ScoreReport, method: PriceMethod | None, ranked: int) -> str:
    """Which withdrawal sentence the report prints: a found change wins over every reason why
    none could happen (no price, a price method that ignores other bids, too few bids)."""
    if report.withdrawals:
        return "changes"
    if method is None:
        return "no_price"
    if method is PriceMethod.absolute_band:
        return "absolute"
    if ranked <= 2:
        return "few"
    return "stable"


def _notices(report: ScoreReport, wording: Wording) -> tuple[list[Notice], list[Notice]]:
    """The warnings, worded, split into ordinary ones and the price formula's legal guard rails
    (:data:`LEGAL_CODES`), which the report shows apart."""
    warnings: list[Notice] = []
    legal: list[Notice] = []
    for w in report.warnings:
        if w.code in LEGAL_CODES:
            legal.append(Notice(wording.phrase(w), "legal", w.code))
        else:
            warnings.append(Notice(wording.phrase(w), "warning", w.code))
    return warnings, legal


def _divergences(report: ScoreReport, wording: Wording) -> list[Divergence]:
    """Evaluator disagreements past the threshold, with the criterion's title and the notes
    worded (the engine flags them by id)."""
    return [
        Divergence(
            v.vendor,
            wording.criterion_title(flag.params["criterion"]),
            flag.params["spread"],
            wording.notes(flag.params["notes"]),
        )
        for v in report.vendors
        for flag in v.divergences
    ]


def _priority_weights(ev: Evaluation, fmt: Formatter) -> list[tuple[str, str]]:
    """Each priority's coefficient as declared, with as many decimals as it was written with
    (1.5 stays 1,5 in French, 2 stays 2)."""
    return [
        (p.value, fmt.number(w, max(0, -int(w.normalize().as_tuple().exponent))))
        for p, w in ev.priority_weights.items()
    ]


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


__all__ = ["LEGAL_CODES", "score_context"]
