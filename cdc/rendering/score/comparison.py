"""The bids side by side, as the score report prints them: advantages, notes, requirements.

Turns the engine's :class:`~cdc.scoring.comparison.Comparison` into the context shapes of
:mod:`cdc.rendering.score.context_types` — points rounded as published, notes and prices
formatted in the document's language, tables cut to a page's width. The winner's advantages are
:func:`~cdc.scoring.comparison.decisive_differences` (computed, never worded by hand); the
templates and the workbook only print them.
"""

from __future__ import annotations

from decimal import Decimal

from cdc.rendering.fmt import Formatter
from cdc.rendering.score.context_types import (
    AdvantageLine,
    Advantages,
    AnswerCell,
    ComparisonRow,
    ComparisonTable,
    JudgementTable,
    NoteLine,
)
from cdc.rendering.score.tables import HUNDRED, ONE_DECIMAL, VENDORS_PER_TABLE
from cdc.scoring.comparison import (
    BidAnswer,
    Comparison,
    CriterionRow,
    Difference,
    RequirementRow,
    decisive_differences,
    differences,
)
from cdc.scoring.results import Scoring

#: Advantages listed per other bid in the documents (the JSON lists them all).
TOP_ADVANTAGES = 10


def advantages(c: Comparison, s: Scoring, fmt: Formatter, currency: str) -> list[Advantages]:
    """The winner's largest gains over each other bid, in the ranking's order."""
    winner = c.winner
    if winner is None:
        return []
    by_vendor = {b.vendor: b for b in c.bids}
    out = []
    for b in c.bids:
        if b.vendor == winner:
            continue
        ahead = decisive_differences(c, winner, b.vendor)
        behind = sum(1 for d in differences(c, winner, b.vendor) if d.gain < 0)
        lines = [_line(c, d, winner, b.vendor, s, fmt, currency) for d in ahead[:TOP_ADVANTAGES]]
        gap = s.round(by_vendor[winner].total) - s.round(b.total)
        out.append(Advantages(b.vendor, b.status, gap, lines, len(ahead) - len(lines), behind))
    return out


def _line(
    c: Comparison,
    d: Difference,
    winner: str,
    other: str,
    s: Scoring,
    fmt: Formatter,
    currency: str,
) -> AdvantageLine:
    """One advantage: each bid's answer as printed (level, note or price) and the gain."""
    if d.kind == "requirement":
        mine, theirs = d.winner_answer, d.other_answer
    else:
        row = next(r for r in c.criteria if r.id == d.id)
        mine, theirs = (_item(c, row, v, fmt, currency) for v in (winner, other))
    return AdvantageLine(d.id, d.kind, d.title, d.criterion_title, mine, theirs, s.round(d.gain))


def _item(c: Comparison, row: CriterionRow, vendor: str, fmt: Formatter, currency: str) -> str:
    """A judgement item as its note (% of the scale), a price item as the bid's total price."""
    if row.kind == "price":
        price = c.price_totals.get(vendor)
        return "—" if price is None else fmt.money(price, currency)
    i = next(k for k, b in enumerate(c.bids) if b.vendor == vendor)
    note = row.bids[i].note
    return "—" if note is None else fmt.pct((note * HUNDRED).quantize(ONE_DECIMAL))


def judgements(c: Comparison, s: Scoring, fmt: Formatter) -> list[JudgementTable]:
    """Every judgement criterion: each evaluator's note of each bid, with its comment."""
    names = {e.id: e.name for e in s.evaluation.evaluators}
    tables = []
    for row in c.criteria:
        if not row.judgements:
            continue
        lines = [
            NoteLine(
                j.vendor,
                row.title,
                names.get(n.evaluator, n.evaluator),
                _note(n.note, fmt),
                n.comment,
                n.flag,
            )
            for j in row.judgements
            for n in j.notes
        ]
        results = [
            (
                j.vendor,
                None if j.note is None else (j.note * HUNDRED).quantize(ONE_DECIMAL),
                None if j.spread is None else j.spread.quantize(ONE_DECIMAL),
            )
            for j in row.judgements
        ]
        tables.append(JudgementTable(row.id, row.title, lines, results))
    return tables


def flagged(tables: list[JudgementTable]) -> list[NoteLine]:
    """The notes without a comment that need one (decisive first, then divergent)."""
    lines = [n for t in tables for n in t.lines if n.flag is not None]
    return sorted(lines, key=lambda n: n.flag != "decisive")


def _note(value: Decimal, fmt: Formatter) -> str:
    decimals = len(f"{value.normalize():f}".partition(".")[2])
    return fmt.number(value, decimals)


def comparison_tables(c: Comparison, s: Scoring) -> list[ComparisonTable]:
    """The requirements of each criterion side by side, then the unscored ones."""
    titles = {row.id: row.title for row in c.criteria}
    parents = {row.id: row.parent for row in c.criteria}
    tables: list[ComparisonTable] = []
    for row in c.criteria:
        if not row.requirements:
            continue
        top = row.id
        while parents.get(top) is not None:
            top = str(parents[top])
        totals = [s.round(b.points) for b in row.bids]
        head = (row.id, row.title, titles[top])
        tables += _tables(c, s, head, totals, row.max_points, row.requirements)
    if c.unscored:
        tables += _tables(c, s, ("", "", ""), [], Decimal(0), c.unscored)
    return tables


def _tables(
    c: Comparison,
    s: Scoring,
    head: tuple[str, str, str],
    totals: list[Decimal],
    maximum: Decimal,
    rows: tuple[RequirementRow, ...],
) -> list[ComparisonTable]:
    """One criterion's requirements (``head``: its id, title and section's title), cut into
    tables of at most a page's width of bids."""
    n = len(c.bids)
    starts = list(range(0, n, VENDORS_PER_TABLE)) or [0]
    out = []
    for part, start in enumerate(starts, start=1):
        stop = start + VENDORS_PER_TABLE
        vendors = [b.vendor for b in c.bids[start:stop]]
        lines = [
            ComparisonRow(r.id, r.title, r.priority, [_cell(a, s) for a in r.bids[start:stop]])
            for r in rows
        ]
        first = 22 if len(vendors) > 2 else 28
        each = (100 - first) // max(1, len(vendors))
        widths = ",".join([str(first), *([str(each)] * len(vendors))])
        out.append(
            ComparisonTable(
                *head,
                vendors=vendors,
                totals=totals[start:stop],
                max_points=s.round(maximum),
                rows=lines,
                part=part,
                parts=len(starts),
                widths=widths,
            )
        )
    return out


def _cell(a: BidAnswer, s: Scoring) -> AnswerCell:
    return AnswerCell(
        a.level_label or a.answer,
        a.level_id,
        tone(a),
        s.round(a.points),
        s.round(a.max_points),
        a.comment,
        a.proof,
    )


def tone(a: BidAnswer) -> str:
    """How good an answer is, for colours: best (full points), partial (half or more), low,
    none (not compliant or worth nothing), missing, excluded (a blank left out), unscored."""
    if a.excluded:
        return "excluded"
    if a.max_points <= 0:
        return "unscored"
    if a.share is None:
        return "missing"
    if a.not_compliant or a.share <= 0:
        return "none"
    if a.share >= 1:
        return "best"
    return "partial" if a.share >= Decimal("0.5") else "low"


__all__ = [
    "TOP_ADVANTAGES",
    "advantages",
    "comparison_tables",
    "flagged",
    "judgements",
    "tone",
]
