"""Score vendors' responses against a project: ranking, eliminations and explanations.

Public entry point: :func:`score_project`. Presentation (Rich, openpyxl, documents) lives
elsewhere; this package only computes.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from cdc.model import Project
from cdc.model.responses import EvaluatorNotes, Response
from cdc.scoring.changed_rows import changed_rows_messages
from cdc.scoring.comparison import compare_bids
from cdc.scoring.engine import excluded_blanks, score_vendors, unnoted_judgements
from cdc.scoring.explain import (
    MONTE_CARLO_SPREAD,
    distance_to_win,
    monte_carlo,
    price_warnings,
    tipping_points,
    withdrawal_effects,
)
from cdc.scoring.messages import Message
from cdc.scoring.report import ScoreReport
from cdc.scoring.results import Scoring


def score_project(
    project: Project,
    responses: list[tuple[Response, str]],
    notes: list[EvaluatorNotes],
    *,
    warnings: list[Message] | None = None,
    monte_carlo_runs: int = 0,
    seed: int = 0,
    spread: Decimal = MONTE_CARLO_SPREAD,
) -> ScoreReport:
    """Rank the responses and explain the result.

    ``warnings`` come first in the report (those found reading the inputs); ``spread`` is the
    Monte Carlo perturbation of every leaf weight, as a fraction (0.2: ±20 %).
    """
    scoring = Scoring.prepare(project)
    vendors = score_vendors(scoring, responses, notes)
    report = ScoreReport(scoring, vendors, warnings=list(warnings or []), monte_carlo_spread=spread)
    report.compare = partial(compare_bids, scoring, vendors, responses, notes)
    report.tipping = tipping_points(scoring, vendors)
    report.distances = distance_to_win(scoring, vendors)
    report.withdrawals = withdrawal_effects(scoring, vendors)
    report.warnings.extend(changed_rows_messages(scoring, responses, notes, vendors))
    report.warnings.extend(price_warnings(scoring, vendors))
    report.warnings.extend(unnoted_judgements(scoring, vendors))
    if report.withdrawals:
        report.warnings.extend(report.withdrawals)
    elif scoring.evaluation.price is not None and len([v for v in vendors if v.competing]) > 2:
        report.warnings.append(Message("no_withdrawal_effect", {}))
    for v in vendors:
        blanks = excluded_blanks(scoring, v)
        if blanks is not None:
            report.warnings.append(blanks)
    for v in vendors:
        report.warnings.extend(v.divergences)
        if v.tie_break:
            report.warnings.append(v.tie_break)
        if v.tie_note:
            report.warnings.append(v.tie_note)
    if monte_carlo_runs > 0:
        report.monte_carlo = monte_carlo(scoring, vendors, monte_carlo_runs, seed, spread)
        report.monte_carlo_runs = monte_carlo_runs
        report.monte_carlo_seed = seed
    return report


__all__ = ["EvaluatorNotes", "Message", "Response", "ScoreReport", "score_project"]
