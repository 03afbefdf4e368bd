"""The terminal view of a scoring run: ranking, eliminations, warnings, sensitivity (Rich)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from cdc.scoring.messages import english
from cdc.scoring.report import ScoreReport


def score_table(report: ScoreReport) -> str:
    """The ranking and its explanation as text (colour only when printed to a terminal)."""
    import sys

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=sys.stdout.isatty(),
        width=120,
        highlight=False,
    )
    s = report.scoring
    tops = [c for c in s.criteria if c.depth == 0]
    project = s.project.project
    console.print(f"[bold]{project.title}[/bold] — version {project.version}")
    table = Table(title="Ranking (points out of 100)", title_justify="left")
    table.add_column("rank", justify="right")
    table.add_column("vendor")
    table.add_column("total", justify="right", style="bold")
    for top in tops:
        table.add_column(
            f"{top.criterion.title} ({float(top.absolute) * 100:.0f})", justify="right"
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
        table.add_row(
            "" if v.rank is None else str(v.rank),
            v.vendor,
            f"{s.round(v.total)}",
            *(f"{s.round(v.sections.get(t.criterion.id, 0))}" for t in tops),  # type: ignore[arg-type]
            f"{s.round(v.technical)}",
            "—" if v.price_total is None else f"{v.price_total:,.2f}",
            status,
        )
    console.print(table)
    for v in report.vendors:
        for reason in v.elimination_reasons:
            console.print(f"[red]eliminated[/red] {v.vendor}: {english(reason)}")
        if v.not_ranked_reason:
            console.print(f"[yellow]not ranked[/yellow] {v.vendor}: {english(v.not_ranked_reason)}")
        if v.missing:
            shown = ", ".join(v.missing[:12]) + (" …" if len(v.missing) > 12 else "")
            console.print(f"missing answers — {v.vendor} ({len(v.missing)}): {shown}")
    if report.tipping:
        sens = Table(
            title="Sensitivity: weight change that changes the winner", title_justify="left"
        )
        for col in ("criterion", "weight %", "tipping at %", "change (points)", "new winner"):
            sens.add_column(col, justify="right" if "%" in col or "change" in col else "left")
        for t in report.tipping:
            sens.add_row(
                t.title,
                f"{float(t.weight) * 100:.1f}",
                "—" if t.tipping_weight is None else f"{float(t.tipping_weight) * 100:.1f}",
                "—" if t.change is None else f"{float(t.change) * 100:+.1f}",
                t.new_winner or "none in 0–100 %",
            )
        console.print(sens)
    for d in report.distances:
        price = (
            ""
            if d.price_needed is None
            else f"; it would have won at a total price of {d.price_needed:,.2f}"
        )
        if d.price_needed is None and d.price is not None:
            price = "; no price alone would have made it win"
        console.print(f"distance to win — {d.vendor}: {d.points_behind} points behind{price}")
    if report.monte_carlo_runs:
        wins = ", ".join(
            f"{v} {n}" for v, n in sorted(report.monte_carlo.items(), key=lambda x: -x[1])
        )
        spread = f"{(report.monte_carlo_spread * 100).normalize():f}"
        console.print(
            f"Monte Carlo (±{spread} % on every weight, {report.monte_carlo_runs} runs, seed "
            f"{report.monte_carlo_seed}): first place — {wins}"
        )
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {english(w)}")
    return buffer.getvalue()
