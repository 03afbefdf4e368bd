"""The JSON contract's ``comparison`` key: the bids side by side, as data.

Apart from :mod:`cdc.scoring.report` (which calls it with its rounding) to keep that module a
readable size. Points are rounded as published; the exact values stay in
:mod:`cdc.scoring.comparison`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from cdc.scoring.comparison import (
    BidAnswer,
    Comparison,
    Difference,
    RequirementRow,
    decisive_differences,
)

#: A published score: rounded as the project declares, as a JSON number.
Num = Callable[[Decimal | None], float | None]


def _note(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.0001")))


def _answer_data(num: Num, a: BidAnswer) -> dict[str, Any]:
    return {
        "vendor": a.vendor,
        "answer": a.answer,
        "level": a.level_id,
        "level_label": a.level_label,
        "share": _note(a.share),
        "points": num(a.points),
        "max_points": num(a.max_points),
        "excluded": a.excluded,
        "not_compliant": a.not_compliant,
        "value": None if a.value is None else float(a.value),
        "comment": a.comment,
        "proof": a.proof,
    }


def _requirement_data(num: Num, r: RequirementRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "section": r.section,
        "priority": r.priority,
        "criterion": r.criterion,
        "response": r.response,
        "answers": [_answer_data(num, a) for a in r.bids],
    }


def _difference_data(num: Num, d: Difference) -> dict[str, Any]:
    return {
        "id": d.id,
        "kind": d.kind,
        "title": d.title,
        "criterion": d.criterion,
        "section": d.section,
        "gain": num(d.gain),
        "winner_points": num(d.winner_points),
        "other_points": num(d.other_points),
        "winner_answer": d.winner_answer,
        "other_answer": d.other_answer,
    }


def comparison_data(c: Comparison, num: Num) -> dict[str, Any]:
    """The bids side by side as JSON data: every criterion and requirement, every bid's answer,
    points, comment and proof, the evaluators' notes with their comments and spread, the notes
    that need a reason, and the winner's advantages over each other bid (points rounded as
    published by ``num``; exact in :mod:`cdc.scoring.comparison`)."""
    winner = c.winner
    return {
        "bids": [b.vendor for b in c.bids],
        "criteria": [
            {
                "id": row.id,
                "title": row.title,
                "parent": row.parent,
                "kind": row.kind,
                "max_points": num(row.max_points),
                "results": [
                    {"vendor": b.vendor, "note": _note(b.note), "points": num(b.points)}
                    for b in row.bids
                ],
                "requirements": [_requirement_data(num, r) for r in row.requirements],
                "judgements": [
                    {
                        "vendor": j.vendor,
                        "note": _note(j.note),
                        "points": num(j.points),
                        "spread_pct": None if j.spread is None else num(j.spread),
                        "notes": [
                            {
                                "evaluator": n.evaluator,
                                "note": float(n.note),
                                "comment": n.comment,
                                "decisive": n.decisive,
                                "divergent": n.divergent,
                                "flag": n.flag,
                            }
                            for n in j.notes
                        ],
                    }
                    for j in row.judgements
                ],
            }
            for row in c.criteria
        ],
        "unscored": [_requirement_data(num, r) for r in c.unscored],
        "flagged_notes": [
            {"vendor": v, "criterion": cid, "evaluator": n.evaluator, "flag": n.flag}
            for v, cid, n in c.flagged_notes()
        ],
        "decisive_differences": []
        if winner is None
        else [
            {
                "winner": winner,
                "other": b.vendor,
                "differences": [
                    _difference_data(num, d) for d in decisive_differences(c, winner, b.vendor)
                ],
            }
            for b in c.bids
            if b.vendor != winner
        ],
    }


__all__ = ["Num", "comparison_data"]
