"""The scoring result as data: one object every output format (JSON, CSV, XLSX, documents) reads.

The JSON form is a contract other tools rely on: top-level ``ranking`` (vendor, rank, total,
eliminated, elimination_reasons, sections, …), ``sensitivity``, ``warnings``, ``project`` (id,
version, hash), ``method`` (everything that determined the result) and ``comparison`` (the bids
side by side: answers, comments, proofs, evaluators' notes with their comments, the winner's
advantages over each other bid — :mod:`cdc.scoring.comparison_data`). Reasons and warnings are
English sentences there (:func:`~cdc.scoring.messages.english`); ``elimination_details`` (per
vendor) and ``warning_details`` give the same messages as data: ``{"code": …, "params": …}``,
numbers rounded as the report rounds them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from cdc.core.version import __version__
from cdc.grid.fingerprint import grid_hash
from cdc.model.enums import MissingAnswerPolicy, MissingMustPolicy
from cdc.scoring.comparison import Comparison
from cdc.scoring.comparison_data import comparison_data
from cdc.scoring.explain import MONTE_CARLO_SPREAD, DistanceToWin, Tip, TippingPoint
from cdc.scoring.messages import KINDS, Message, english
from cdc.scoring.results import Scoring, VendorResult

FORMULA_INJECTION = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ScoreReport:
    """Ranking, explanation and method of one scoring run."""

    scoring: Scoring
    vendors: list[VendorResult]
    tipping: list[TippingPoint] = field(default_factory=list)
    distances: list[DistanceToWin] = field(default_factory=list)
    withdrawals: list[Message] = field(default_factory=list)
    monte_carlo: dict[str, int] = field(default_factory=dict)
    monte_carlo_runs: int = 0
    monte_carlo_seed: int = 0
    monte_carlo_spread: Decimal = MONTE_CARLO_SPREAD  # ± fraction of every leaf weight
    warnings: list[Message] = field(default_factory=list)
    #: How to put the bids side by side (answers, notes and their comments), when the inputs
    #: were kept: computed on first use of :attr:`comparison`, since the terminal table and the
    #: CSV do not show it and it is a pass over every answer of every bid.
    compare: Callable[[], Comparison] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def comparison(self) -> Comparison | None:
        """The bids side by side, or None for a report built without its inputs."""
        return None if self.compare is None else self.compare()

    @property
    def winner(self) -> VendorResult | None:
        """The first competing vendor, if any."""
        return next((v for v in self.vendors if v.competing), None)

    def num(self, value: Decimal | None) -> float | None:
        """A published score: rounded as declared, as a JSON number."""
        return None if value is None else float(self.scoring.round(value))


def _pct(value: Decimal) -> float:
    return float((value * 100).quantize(Decimal("0.01")))


def _param(report: ScoreReport, kind: str, value: Any) -> Any:
    """A message param as JSON data: Decimals as numbers (rounded as published), lists as lists."""
    if kind == "notes":
        return [{"evaluator": who, "note": float(note)} for who, note in value]
    if isinstance(value, Decimal):
        if kind in ("score", "points"):
            return report.num(value)
        if kind == "percent":
            return float(value.quantize(Decimal("0.01")))
        return float(value)
    if isinstance(value, list | tuple):
        return [_param(report, kind, x) for x in value]
    return value


def message_data(report: ScoreReport, message: Message) -> dict[str, Any]:
    """A message as JSON data: its code and its params."""
    return {
        "code": message.code,
        "params": {k: _param(report, KINDS[k], v) for k, v in message.params.items()},
    }


def method(report: ScoreReport) -> dict[str, Any]:
    """Everything that determined the result, as published to vendors."""
    s = report.scoring
    ev = s.evaluation
    price = ev.price
    return {
        "criteria": [
            {
                "id": c.criterion.id,
                "title": c.criterion.title,
                "parent": c.parent,
                "kind": c.kind.value if c.kind else None,
                "weight": float(c.criterion.weight),
                "relative_weight_pct": _pct(c.relative),
                "absolute_weight_pct": _pct(c.absolute),
            }
            for c in s.criteria
        ],
        "scale": [
            {
                "id": lv.id,
                "label": lv.label,
                "points_pct": float(lv.points),
                "not_compliant": lv.not_compliant,
            }
            for lv in ev.scale
        ],
        "priority_weights": {p.value: float(w) for p, w in ev.priority_weights.items()},
        "price": None
        if price is None
        else {
            "method": price.method.value,
            "years": price.years,
            "vat": price.vat.value,
            "best_price": None if price.best_price is None else float(price.best_price),
            "ceiling": None if price.ceiling is None else float(price.ceiling),
        },
        "must_eliminates": ev.must_eliminates,
        "min_technical_score_pct": None
        if ev.min_technical_score is None
        else float(ev.min_technical_score),
        "missing_answers": ev.missing_answers.value,
        "missing_must": ev.missing_must.value,
        "rules": rules(report),
        "tie_break": [t.value for t in ev.tie_break],
        "aggregation": ev.aggregation.value,
        "judgement_scale_max": ev.judgement_scale_max,
        "divergence_threshold_pct": float(ev.divergence_threshold),
        "rounding_decimals": ev.rounding,
        "scores": "totals are out of 100; a leaf note is 0–1; points = absolute weight × note × 100",
    }


def rules(report: ScoreReport) -> str:
    """The elimination and missing-answer rules applied, in one English sentence.

    Printed by the terminal table, the CSV and the JSON ``method``, so that whoever reads a
    result also reads whether a blank must-have eliminated or scored zero.
    """
    ev = report.scoring.evaluation
    out = "a must-have answered 'not compliant' " + (
        "eliminates" if ev.must_eliminates else "does not eliminate"
    )
    out += "; a must-have left unanswered " + (
        "eliminates" if ev.missing_must is MissingMustPolicy.eliminate else "scores zero"
    )
    out += "; other unanswered requirements " + (
        "score zero"
        if ev.missing_answers is MissingAnswerPolicy.zero
        else "are excluded and the weights re-normalised"
    )
    return out


def tip_english(tip: Tip) -> str:
    """What happens at a tipping point: who comes first, or who ties (then who comes first)."""
    if tip.tied and tip.new_winner:
        return f"tie {', '.join(tip.tied)}, then {tip.new_winner}"
    if tip.tied:
        return f"tie {', '.join(tip.tied)}"
    return tip.new_winner or "no change"


def outcome_english(t: TippingPoint) -> str:
    """The nearest tipping point's outcome; both ways when they are as near (a tie today)."""
    tips = t.nearest_tips
    if len(tips) == 2:
        return "; ".join(
            f"{'below' if x.direction < 0 else 'above'}: {tip_english(x)}" for x in tips
        )
    return tip_english(tips[0]) if tips else "none in 0–100 %"


def distance_english(
    d: DistanceToWin,
    *,
    points: Callable[[Decimal], str] = str,
    amount: Callable[[Decimal], str] = "{:,.2f}".format,
) -> str:
    """A loser's distance to the first place, in words (terminal table); ``points`` and
    ``amount`` print its numbers (the terminal passes the project's number format)."""
    if d.tied:
        return "shares the first place: no declared tie-break separates it"
    text = f"{points(d.points_behind)} points behind"
    if d.rule is not None:
        text += f" (ranked after an equal total by tie-break: {d.rule})"
    if d.price_needed is not None:
        text += (
            f"; it would have reached the first place at a total price of "
            f"{amount(d.price_needed)} or less"
        )
    elif d.price is not None:
        text += "; no price alone would have brought it to the first place"
    return text


def _direction(t: TippingPoint) -> str | None:
    """Which way the nearest tipping point lies: down, up, or both (as near either way)."""
    tips = t.nearest_tips
    if not tips:
        return None
    if len(tips) == 2:
        return "both"
    return "down" if tips[0].direction < 0 else "up"


def _tip_data(tip: Tip | None) -> dict[str, Any] | None:
    if tip is None:
        return None
    return {
        "tipping_weight_pct": _pct(tip.weight),
        "tied": list(tip.tied),
        "new_winner": tip.new_winner,
        "outcome": tip_english(tip),
    }


def _ranking_text(v: VendorResult) -> str:
    """How the vendor's rank was decided on an equal total: a tie, or a tie-break."""
    notes = [m for m in (v.tie_break, v.tie_note) if m is not None]
    return "; ".join(english(m, scoped=True) for m in notes)


def _vendor(report: ScoreReport, v: VendorResult) -> dict[str, Any]:
    return {
        "vendor": v.vendor,
        "rank": v.rank,
        "total": report.num(v.total),
        "eliminated": v.eliminated,
        "elimination_reasons": [english(m) for m in v.elimination_reasons],
        "elimination_details": [message_data(report, m) for m in v.elimination_reasons],
        "not_ranked_reason": None if v.not_ranked_reason is None else english(v.not_ranked_reason),
        "sections": {k: report.num(x) for k, x in v.sections.items()},
        "criteria": {
            k: {
                "note": None if c.note is None else float(c.note.quantize(Decimal("0.0001"))),
                "points": report.num(c.points),
                "detail": c.detail,
            }
            for k, c in v.criteria.items()
        },
        "technical_pct": report.num(v.technical),
        "price_total": None if v.price_total is None else float(v.price_total),
        "price_note": None
        if v.price_note is None
        else float(v.price_note.quantize(Decimal("0.0001"))),
        "missing_answers": list(v.missing),
        "evaluator_divergences": [english(m, scoped=True) for m in v.divergences],
        "tie": None if v.tie_note is None else english(v.tie_note, scoped=True),
        "tie_break": None if v.tie_break is None else english(v.tie_break, scoped=True),
        "tied_with": [] if v.tie_note is None else list(v.tie_note.params["vendors"]),
        "source": v.source,
    }


def to_data(report: ScoreReport) -> dict[str, Any]:
    """The JSON contract as Python data."""
    project = report.scoring.project
    return {
        "tool": {"name": "cdc", "version": __version__},
        "project": {
            "id": project.project.id,
            "title": project.project.title,
            "version": project.project.version,
            "hash": grid_hash(project),
        },
        "ranking": [_vendor(report, v) for v in report.vendors],
        "sensitivity": {
            "tipping_points": [
                {
                    "criterion": t.criterion,
                    "title": t.title,
                    "weight_pct": _pct(t.weight),
                    "tipping_weight_pct": None
                    if t.tipping_weight is None
                    else _pct(t.tipping_weight),
                    "change_pct": None if t.change is None else _pct(t.change),
                    "new_winner": t.new_winner,
                    "direction": _direction(t),
                    "tied": [] if t.nearest is None else list(t.nearest.tied),
                    "outcome": outcome_english(t),
                    "down": _tip_data(t.down),
                    "up": _tip_data(t.up),
                }
                for t in report.tipping
            ],
            "distance_to_win": [
                {
                    "vendor": d.vendor,
                    "points_behind": float(d.points_behind),
                    "price": None if d.price is None else float(d.price),
                    "price_needed": None if d.price_needed is None else float(d.price_needed),
                    "tied": d.tied,
                    "tie_break": d.rule,
                }
                for d in report.distances
            ],
            "withdrawal_effects": [english(m) for m in report.withdrawals],
            "monte_carlo": None
            if not report.monte_carlo_runs
            else {
                "runs": report.monte_carlo_runs,
                "seed": report.monte_carlo_seed,
                "spread_pct": _pct(report.monte_carlo_spread),
                "wins": dict(report.monte_carlo),
            },
        },
        "warnings": [english(m) for m in report.warnings],
        "warning_details": [message_data(report, m) for m in report.warnings],
        "method": method(report),
        "comparison": None
        if report.comparison is None
        else comparison_data(report.comparison, report.num),
    }


def to_json(report: ScoreReport) -> str:
    """The JSON report (stable key order, UTF-8)."""
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"


def cell_text(value: object) -> object:
    """A value safe for a spreadsheet: text that looks like a formula is defused with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_INJECTION):
        return "'" + value
    return value


def to_csv(report: ScoreReport) -> str:
    """One row per vendor: rank, total, sections, technical, price; vendor text never a formula."""
    tops = [c.criterion.id for c in report.scoring.criteria if c.depth == 0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "rank",
            "vendor",
            "total",
            *tops,
            "technical_pct",
            "price_total",
            "eliminated",
            "reasons",
            "missing_answers",
            "rules",
            "ranking_rule",
        ]
    )
    applied = rules(report)
    for v in report.vendors:
        writer.writerow(
            [
                cell_text(x)
                for x in [
                    v.rank if v.rank is not None else "",
                    v.vendor,
                    report.num(v.total),
                    *(report.num(v.sections.get(t)) for t in tops),
                    report.num(v.technical),
                    "" if v.price_total is None else v.price_total,
                    "yes" if v.eliminated else ("not ranked" if v.not_ranked_reason else "no"),
                    "; ".join(
                        english(m)
                        for m in v.elimination_reasons
                        or ([v.not_ranked_reason] if v.not_ranked_reason else [])
                    ),
                    " ".join(v.missing),
                    applied,
                    _ranking_text(v),
                ]
            ]
        )
    return buffer.getvalue()
