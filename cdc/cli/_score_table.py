"""The terminal view of a scoring run: ranking, eliminations, warnings, sensitivity (Rich)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cdc.api import amount_text, distance_text, message_text, number_text, outcome_text, rules_text
from cdc.core.safetext import printable, safe_lines

if TYPE_CHECKING:
    from cdc.api import ScoreReport
    from cdc.model import Project
    from cdc.scoring.explain import Tip


def _change(change: object, tips: list[Tip], project: Project) -> str:
    """A signed change of weight in points; a zero change keeps its direction (``-0.0``: any
    decrease is enough; ``±``: either way)."""
    value = abs(Decimal(str(change))) * 100
    sign = "±" if len(tips) == 2 else "+" if tips and tips[0].direction > 0 else "-"
    return f"{sign}{number_text(value, project, 1)}"


def _t(text: object) -> str:
    """User or vendor text for Rich markup: control characters shown escaped, ``[`` escaped
    (a vendor named ``[red]…`` or ``[link=…]`` must not style or link the report)."""
    return escape(printable(str(text)))


def score_table(report: ScoreReport) -> str:
    """The ranking and its explanation as text (colour only when printed to a terminal).

    Printed in the order a buyer reads it: the ranking, why some vendors are out, what would
    change the winner, then the warnings; one step each below. The words are English, like
    every CLI message; what they quote is the project's: numbers and amounts in its language
    (``769 600,00 €``), answers by their scale label, criteria by their title.
    """
    import sys

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=sys.stdout.isatty(),
        width=120,
        highlight=False,
        emoji=False,  # a vendor named ":thumbs_up:" stays text
    )
    project = report.scoring.project.project
    console.print(f"[bold]{_t(project.title)}[/bold] — version {_t(project.version)}")
    console.print(_ranking(report))
    console.print(f"rules: {printable(rules_text(report))}", markup=False, soft_wrap=True)
    _print_exclusions(console, report)
    _print_sensitivity(console, report)
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {_t(message_text(w, report))}")
    return safe_lines(buffer.getvalue())


def _ranking(report: ScoreReport) -> Table:
    """One row per vendor: rank, total, each top-level criterion (its weight in the header),
    technical score, price and status (eliminated, not ranked, how a tie was broken)."""
    s = report.scoring
    project = s.project
    decimals = s.evaluation.rounding

    def points(value: Decimal) -> str:
        return number_text(s.round(value), project, decimals)

    tops = [c for c in s.criteria if c.depth == 0]
    table = Table(title="Ranking (points out of 100)", title_justify="left")
    table.add_column("rank", justify="right")
    table.add_column("vendor")
    table.add_column("total", justify="right", style="bold")
    for top in tops:
        table.add_column(
            f"{_t(top.criterion.title)} ({number_text(top.absolute * 100, project, 0)})",
            justify="right",
        )
    table.add_column("technical %", justify="right")
    table.add_column("price", justify="right")
    table.add_column("status")
    for v in report.vendors:
        status = "ranked"
        if v.eliminated:
            status = "[red]eliminated[/red]"
        elif v.not_ranked_reason:
            status = "[yellow]not ranked[/yellow]"
        if v.tie_note:
            status += " (tie)"
        elif v.tie_break:
            status += f" (tie-break: {v.tie_break.params['rule']})"
        table.add_row(
            "" if v.rank is None else str(v.rank),
            _t(v.vendor),
            points(v.total),
            *(points(v.sections.get(t.criterion.id, Decimal(0))) for t in tops),
            points(v.technical),
            amount_text(v.price_total, project),
            status,
        )
    return table


def _print_exclusions(console: Console, report: ScoreReport) -> None:
    """Why a vendor is eliminated or not ranked, and which answers it left out."""
    for v in report.vendors:
        for reason in v.elimination_reasons:
            console.print(
                f"[red]eliminated[/red] {_t(v.vendor)}: {_t(message_text(reason, report))}"
            )
        if v.not_ranked_reason:
            console.print(
                f"[yellow]not ranked[/yellow] {_t(v.vendor)}: "
                f"{_t(message_text(v.not_ranked_reason, report))}"
            )
        if v.missing:
            shown = ", ".join(v.missing[:12]) + (" …" if len(v.missing) > 12 else "")
            console.print(f"missing answers — {_t(v.vendor)} ({len(v.missing)}): {_t(shown)}")


def _print_sensitivity(console: Console, report: ScoreReport) -> None:
    """How robust the winner is: the weight changes that tip it, each vendor's distance to
    first place, and the Monte Carlo wins when asked."""
    project = report.scoring.project
    if report.tipping:
        sens = Table(
            title="Sensitivity: weight change that changes the winner", title_justify="left"
        )
        for col in ("criterion", "weight %", "tipping at %", "change (points)", "new first place"):
            sens.add_column(col, justify="right" if "%" in col or "change" in col else "left")
        for t in report.tipping:
            sens.add_row(
                _t(t.title),
                number_text(Decimal(str(t.weight)) * 100, project, 1),
                "—"
                if t.tipping_weight is None
                else number_text(Decimal(str(t.tipping_weight)) * 100, project, 1),
                "—" if t.change is None else _change(t.change, t.nearest_tips, project),
                _t(outcome_text(t)),
            )
        console.print(sens)
    for d in report.distances:
        console.print(  # no wrapping by Rich: it would break at a no-break space (769 600 €)
            f"distance to win — {_t(d.vendor)}: {_t(distance_text(d, report))}", soft_wrap=True
        )
    if report.monte_carlo_runs:
        wins = ", ".join(
            f"{_t(v)} {n}" for v, n in sorted(report.monte_carlo.items(), key=lambda x: -x[1])
        )
        spread = f"{(report.monte_carlo_spread * 100).normalize():f}"
        console.print(
            f"Monte Carlo (±{spread} % on every weight, {report.monte_carlo_runs} runs, seed "
            f"{report.monte_carlo_seed}): first place — {wins}"
        )
