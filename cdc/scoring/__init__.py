"""Score vendors' responses against a project: ranking, eliminations and explanations.

Public entry point: :func:`score_project`. Presentation (Rich, openpyxl, documents) lives
elsewhere; this package only computes.
"""

from __future__ import annotations

from decimal import Decimal

from cdc.model import Project
from cdc.scoring.engine import Scoring, score_vendors
from cdc.scoring.explain import (
    distance_to_win,
    monte_carlo,
    price_warnings,
    tipping_points,
    withdrawal_effects,
)
from cdc.scoring.inputs import EvaluatorNotes, Response
from cdc.scoring.report import ScoreReport


def score_project(
    project: Project,
    responses: list[tuple[Response, str]],
    notes: list[EvaluatorNotes],
    *,
    warnings: list[str] | None = None,
    monte_carlo_runs: int = 0,
    seed: int = 0,
    spread: Decimal = Decimal("0.2"),
) -> ScoreReport:
    """Rank the responses and explain the result."""
    scoring = Scoring.prepare(project)
    vendors = score_vendors(scoring, responses, notes)
    report = ScoreReport(scoring, vendors, warnings=list(warnings or []))
    report.tipping = tipping_points(scoring, vendors)
    report.distances = distance_to_win(scoring, vendors)
    report.withdrawals = withdrawal_effects(scoring, vendors)
    report.warnings.extend(price_warnings(scoring, vendors))
    if report.withdrawals:
        report.warnings.extend(report.withdrawals)
    elif scoring.evaluation.price is not None and len([v for v in vendors if v.competing]) > 2:
        report.warnings.append("withdrawing any one losing bid does not change the ranking")
    for v in vendors:
        report.warnings.extend(f"{v.vendor}: {d}" for d in v.divergences)
        if v.tie_note:
            report.warnings.append(f"{v.vendor}: {v.tie_note}")
    if monte_carlo_runs > 0:
        report.monte_carlo = monte_carlo(scoring, vendors, monte_carlo_runs, seed, spread)
        report.monte_carlo_runs = monte_carlo_runs
        report.monte_carlo_seed = seed
    return report


__all__ = ["EvaluatorNotes", "Response", "ScoreReport", "score_project"]
