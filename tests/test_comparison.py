"""The bids side by side (cdc.scoring.comparison) on hand-made bids: the points of each
requirement, the winner's advantages over another bid, and the notes that need a reason."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.model.responses import EvaluatorNotes, Response
from cdc.scoring import score_project
from cdc.scoring.comparison import (
    Comparison,
    criterion_differences,
    decisive_differences,
    differences,
)
from cdc.scoring.report import ScoreReport, to_data
from tests.test_scoring import NOTES, VENDORS, project, response

D = Decimal
TINY = D("1e-20")


def comparison(report: ScoreReport) -> Comparison:
    assert report.comparison is not None
    return report.comparison


def test_each_requirement_carries_its_share_of_the_criterion_points() -> None:
    # func is worth 30 points; priority coefficients must 3, should 2, could 1 (sum 6).
    # A: R-001 full → 30 × 3/6 = 15; R-002 partial → 30 × 2/6 × 0.5 = 5; R-003 no → 0.
    c = comparison(score_project(project(), VENDORS, NOTES))
    func = next(row for row in c.criteria if row.id == "func")
    a = [r.bids[0] for r in func.requirements]
    assert [x.vendor for x in a] == ["A", "A", "A"]
    assert [x.points for x in a] == [D(15), D(5), D(0)]
    assert [x.max_points for x in a] == [D(15), D(10), D(5)]
    assert [x.level_label for x in a] == ["Compliant", "Partial", "Not compliant"]
    assert a[2].not_compliant


def test_decisive_differences_are_exactly_where_the_winner_is_ahead_largest_first() -> None:
    # A over B: R-002 −5, R-003 −5 (B fully compliant), demo 21 − 12 = +9, price 40 − 26.67.
    c = comparison(score_project(project(), VENDORS, NOTES))
    assert c.winner == "A"
    ahead = decisive_differences(c, "A", "B")
    assert [(d.id, d.kind) for d in ahead] == [("price", "price"), ("demo", "judgement")]
    assert ahead[0].gain == D(40) - D(40) * D(100_000) / D(150_000)
    assert ahead[1].gain == D(9)
    assert [d.gain for d in ahead] == sorted((d.gain for d in ahead), reverse=True)
    assert decisive_differences(c, "A", "B", limit=1) == ahead[:1]
    everything = {d.id: d.gain for d in differences(c, "A", "B")}
    assert everything == {
        "R-001": 0,
        "R-002": -5,
        "R-003": -5,
        "demo": 9,
        "price": ahead[0].gain,
    }
    assert {d.id for d in ahead} == {k for k, v in everything.items() if v > 0}
    by_criterion = {d.id: d.gain for d in criterion_differences(c, "A", "B")}
    assert by_criterion == {"func": -10, "demo": 9, "price": ahead[0].gain}


def test_equal_gains_are_ordered_by_id() -> None:
    # B over A on the requirements only: both +5.
    c = comparison(score_project(project(), VENDORS, NOTES))
    ahead = [d for d in decisive_differences(c, "B", "A") if d.kind == "requirement"]
    assert [(d.id, d.gain) for d in ahead] == [("R-002", D(5)), ("R-003", D(5))]


def sheet(evaluator: str, **notes: tuple[int, str | None]) -> EvaluatorNotes:
    return EvaluatorNotes.model_validate(
        {
            "evaluator": evaluator,
            "notes": [
                {"vendor": v, "criterion": "demo", "note": n, "comment": why}
                for v, (n, why) in notes.items()
            ],
        }
    )


def close_race(comment: str | None) -> Comparison:
    """A and B equal but for the demonstration: A (5, 2) = 21 points, B (3, 3) = 18."""
    bids = [response("A", ["full", "full", "full"], 100), response("B", ["full"] * 3, 100)]
    notes = [sheet("e1", A=(5, comment), B=(3, "Solid")), sheet("e2", A=(2, None), B=(3, None))]
    return comparison(score_project(project(), bids, notes))


def test_an_uncommented_note_that_decides_the_ranking_is_flagged() -> None:
    # Without e1's 5, A's demonstration falls to 2/5 (12 points) and B (18) comes first: e1's
    # note decides. Without e2's 2, A only gains: not decisive. B's notes change nothing.
    c = close_race(None)
    demo = next(row for row in c.criteria if row.id == "demo")
    a, b = demo.judgements
    assert (a.vendor, a.spread) == ("A", D(60))
    assert [(n.evaluator, n.decisive, n.divergent, n.flag) for n in a.notes] == [
        ("e1", True, True, "decisive"),
        ("e2", False, True, "divergent"),
    ]
    assert [n.flag for n in b.notes] == [None, None]
    assert [(v, cid, n.evaluator) for v, cid, n in c.flagged_notes()] == [
        ("A", "demo", "e1"),
        ("A", "demo", "e2"),
    ]


def test_a_commented_decisive_note_is_not_flagged() -> None:
    c = close_race("Scénario complet, sans rupture.")
    demo = next(row for row in c.criteria if row.id == "demo")
    first = demo.judgements[0].notes[0]
    assert first.decisive and first.comment == "Scénario complet, sans rupture."
    assert first.flag is None


def test_json_carries_every_comment_and_the_advantages() -> None:
    bids = [response("A", ["full", "full", "full"], 100), response("B", ["full"] * 3, 100)]
    data = Response.model_validate(
        {
            "vendor": "C",
            "answers": [{"id": "R-001", "compliance": "partial", "comment": "=cmd", "proof": "§3"}],
            "prices": [{"label": "Set-up", "kind": "one_off", "unit_price": 90}],
        }
    )
    notes = [sheet("e1", A=(5, "Fluide"), B=(3, None), C=(1, None)), sheet("e2", A=(2, None))]
    report = score_project(project(), [*bids, (data, "c.yaml")], notes)
    out = to_data(report)["comparison"]
    assert out["bids"] == ["A", "B", "C"]
    demo = next(c for c in out["criteria"] if c["id"] == "demo")
    first = demo["judgements"][0]["notes"][0]
    assert first == {
        "evaluator": "e1",
        "note": 5.0,
        "comment": "Fluide",
        "decisive": True,
        "divergent": True,
        "flag": None,
    }
    func = next(c for c in out["criteria"] if c["id"] == "func")
    c_answer = func["requirements"][0]["answers"][2]
    assert c_answer["comment"] == "=cmd" and c_answer["proof"] == "§3"
    pairs = {(x["winner"], x["other"]) for x in out["decisive_differences"]}
    assert pairs == {("A", "B"), ("A", "C")}
    assert {x["vendor"] for x in out["flagged_notes"]} == {"A"}


ANSWER = st.sampled_from(["full", "partial", "no", None])


@settings(max_examples=60, deadline=None)
@given(
    answers=st.lists(st.lists(ANSWER, min_size=3, max_size=3), min_size=2, max_size=4),
    prices=st.lists(st.integers(1, 10**6), min_size=4, max_size=4),
    marks=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=4, max_size=4),
    policy=st.sampled_from(["zero", "exclude"]),
)
def test_gains_add_up_to_the_gap_and_advantages_are_the_positive_ones(
    answers: list[list[str | None]],
    prices: list[int],
    marks: list[tuple[int, int]],
    policy: str,
) -> None:
    names = [chr(ord("A") + i) for i in range(len(answers))]
    bids = [response(n, a, p) for n, a, p in zip(names, answers, prices, strict=False)]
    notes = [
        sheet(e, **{n: (m[k], None) for n, m in zip(names, marks, strict=False)})
        for k, e in enumerate(("e1", "e2"))
    ]
    report = score_project(project(missing_answers=policy, missing_must="zero"), bids, notes)
    c = comparison(report)
    totals = {v.vendor: v for v in report.vendors}
    for v in report.vendors:  # each criterion's requirements add up to the engine's points
        i = [b.vendor for b in c.bids].index(v.vendor)
        for row in c.criteria:
            if row.requirements:
                split = sum((r.bids[i].points for r in row.requirements), D(0))
                assert abs(split - v.criteria[row.id].points) < TINY
    first = c.bids[0].vendor
    for other in names:
        if other == first:
            continue
        items = differences(c, first, other)
        gap = totals[first].total - totals[other].total
        assert abs(sum((d.gain for d in items), D(0)) - gap) < TINY
        ahead = decisive_differences(c, first, other)
        assert {d.id for d in ahead} == {d.id for d in items if d.gain > 0}
        assert [(-d.gain, d.id) for d in ahead] == sorted((-d.gain, d.id) for d in ahead)
