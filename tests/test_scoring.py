"""Scoring: hand-computed cases for the tree, eliminations, price methods, tie-breaks, sensitivity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cdc.model import Project
from cdc.model.enums import PriceMethod
from cdc.model.responses import EvaluatorNotes, Response
from cdc.scoring import score_project
from cdc.scoring.messages import Message, english
from cdc.scoring.prices import price_notes

D = Decimal


def project(**evaluation: Any) -> Project:
    """Tech 60 (func 50 from requirements, demo 50 by judgement), price 40."""
    base: dict[str, Any] = {
        "scale": [
            {"id": "full", "label": "Compliant", "points": 100},
            {"id": "partial", "label": "Partial", "points": 50},
            {"id": "no", "label": "Not compliant", "points": 0, "not_compliant": True},
        ],
        "criteria": [
            {
                "id": "tech",
                "title": "Technical value",
                "weight": 60,
                "children": [
                    {"id": "func", "title": "Functions", "weight": 50},
                    {"id": "demo", "title": "Demonstration", "weight": 50, "kind": "judgement"},
                ],
            },
            {"id": "price", "title": "Price", "weight": 40, "kind": "price"},
        ],
        "price": {"method": "proportional", "years": 3},
        "evaluators": [{"id": "e1", "name": "One"}, {"id": "e2", "name": "Two"}],
    }
    base.update(evaluation)
    return Project.model_validate(
        {
            "project": {
                "id": "t",
                "title": "T",
                "version": "1",
                "date": "2027-01-01",
                "buyer": {"name": "B"},
                "contact": {"name": "C"},
            },
            "requirement_sections": [{"id": "s", "title": "S"}],
            "requirements": [
                {
                    "id": "R-001",
                    "section": "s",
                    "title": "One",
                    "text": "x",
                    "priority": "must",
                    "criterion": "func",
                },
                {
                    "id": "R-002",
                    "section": "s",
                    "title": "Two",
                    "text": "x",
                    "priority": "should",
                    "criterion": "func",
                },
                {
                    "id": "R-003",
                    "section": "s",
                    "title": "Three",
                    "text": "x",
                    "priority": "could",
                    "criterion": "func",
                },
            ],
            "evaluation": base,
        }
    )


def response(
    vendor: str, answers: list[str | None], price: int, recurring: int = 0
) -> tuple[Response, str]:
    prices = [{"label": "Set-up", "kind": "one_off", "unit_price": price}]
    if recurring:
        prices.append({"label": "Licences", "kind": "recurring", "unit_price": recurring})
    data = {
        "vendor": vendor,
        "answers": [
            {"id": f"R-00{n}", "compliance": a}
            for n, a in enumerate(answers, start=1)
            if a is not None
        ],
        "prices": prices,
    }
    return Response.model_validate(data), f"{vendor}.yaml"


def notes(**by_vendor: tuple[int, int]) -> list[EvaluatorNotes]:
    sheets = []
    for n, evaluator in enumerate(("e1", "e2")):
        sheets.append(
            EvaluatorNotes.model_validate(
                {
                    "evaluator": evaluator,
                    "notes": [
                        {"vendor": v, "criterion": "demo", "note": pair[n]}
                        for v, pair in by_vendor.items()
                    ],
                }
            )
        )
    return sheets


VENDORS = [
    response("A", ["full", "partial", "no"], 100_000),
    response("B", ["full", "full", "full"], 150_000),
    response("C", ["no", "full", "full"], 50_000),
]
NOTES = notes(A=(4, 3), B=(2, 2), C=(5, 5))


def by_name(report: Any) -> dict[str, Any]:
    return {v.vendor: v for v in report.vendors}


def test_hand_computed_totals_and_ranking() -> None:
    report = score_project(project(), VENDORS, NOTES)
    v = by_name(report)
    # A: functions (3×1 + 2×0.5 + 1×0)/6 = 2/3 → 30 × 2/3 = 20; demo mean 3.5/5 → 30 × 0.7 = 21;
    # price: lowest competing price → 40. Total 81.
    assert report.scoring.round(v["A"].total) == D("81.00")
    assert report.scoring.round(v["A"].sections["tech"]) == D("41.00")
    # B: functions 30; demo 2/5 → 12; price 100k/150k × 40 = 26.67. Total 68.67.
    assert report.scoring.round(v["B"].total) == D("68.67")
    assert [x.vendor for x in report.vendors] == ["A", "B", "C"]
    assert (v["A"].rank, v["B"].rank, v["C"].rank) == (1, 2, None)


def test_must_have_not_compliant_eliminates_with_the_reason() -> None:
    report = score_project(project(), VENDORS, NOTES)
    c = by_name(report)["C"]
    assert c.eliminated
    assert c.elimination_reasons == [
        Message("eliminated", {"id": "R-001", "title": "One", "answer": "no"})
    ]
    assert english(c.elimination_reasons[0]) == (
        "R-001 (One) answered 'no' on a must-have requirement"
    )


def test_an_eliminated_bid_does_not_move_the_price_notes() -> None:
    # C's 50 000 is the lowest price but C is out: Pmin stays A's 100 000.
    report = score_project(project(), VENDORS, NOTES)
    assert by_name(report)["A"].price_note == 1


def test_json_contract() -> None:
    from cdc.scoring.report import to_data

    data = to_data(score_project(project(), VENDORS, NOTES))
    assert set(data) >= {"ranking", "sensitivity", "warnings", "project", "method"}
    first = data["ranking"][0]
    assert set(first) >= {
        "vendor",
        "rank",
        "total",
        "eliminated",
        "elimination_reasons",
        "sections",
    }
    assert first == first | {"vendor": "A", "rank": 1, "total": 81.0, "eliminated": False}
    assert set(data["project"]) >= {"id", "version", "hash"}
    assert data["method"]["price"]["method"] == "proportional"


def test_price_tipping_point_is_solved_exactly() -> None:
    report = score_project(project(), VENDORS, NOTES)
    price = next(t for t in report.tipping if t.criterion == "price")
    # Totals as functions of the price weight ω: A = 68.33 + 31.67 ω, B = 70 − 3.33 ω;
    # they cross at ω = 1/21 ≈ 4.76 %, but totals are published to 2 decimals and an equal
    # published total goes to the lower price (A's): B wins once A publishes 69.83, i.e. below
    # A = 69.835, ω = (69.835 − 205/3) / (95/3) = 4.505/95 ≈ 4.742 %.
    assert price.tipping_weight is not None
    assert abs(price.tipping_weight - D("4.505") / 95) < D("1e-20")
    assert price.new_winner == "B"


def test_distance_to_win_in_points_and_price() -> None:
    report = score_project(project(), VENDORS, NOTES)
    (b,) = report.distances
    assert b.points_behind == D("12.33")
    # B's total is 42 + 40 × 100 000 / P against A's 81. Totals are published to 2 decimals and
    # an equal published total goes to the lower price (A's), so B must publish 81.01, i.e. reach
    # 81.005: P ≤ 4 000 000 / 39.005 = 102 550.955… (the exact crossing, 102 564.10, only ties).
    assert b.price_needed == D("102550.95")


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (PriceMethod.proportional, {"a": D(1), "b": D("0.8"), "c": D("0.5")}),
        (PriceMethod.linear_min_max, {"a": D(1), "b": D("0.75"), "c": D(0)}),
        (PriceMethod.linear_gap, {"a": D(1), "b": D("0.75"), "c": D(0)}),
    ],
)
def test_price_methods_by_hand(method: PriceMethod, expected: dict[str, Decimal]) -> None:
    # a = 100, b = 125, c = 200. Gap: 1 − 25/100 = 0.75; 1 − 100/100 = 0. Min–max: (200−125)/100
    # = 0.75 too. Proportional: 100/125 = 0.8, 100/200 = 0.5.
    got = price_notes(method, {"a": D(100), "b": D(125), "c": D(200)})
    assert got == expected


def test_absolute_band_by_hand_and_bounds() -> None:
    got = price_notes(
        PriceMethod.absolute_band, {"cheap": D(80), "mid": D(150), "dear": D(260)}, D(100), D(200)
    )
    assert got == {"cheap": D(1), "mid": D("0.5"), "dear": D(0)}


def test_zero_price_is_guarded() -> None:
    got = price_notes(PriceMethod.proportional, {"zero": D(0), "b": D(100)})
    assert got == {"b": D(1)}


def test_recurring_prices_count_for_every_year() -> None:
    report = score_project(project(), [response("A", ["full"] * 3, 1000, recurring=500)], [])
    assert report.vendors[0].price_total == D(2500)  # 1000 + 3 × 500


def test_missing_answers_policy_zero_or_excluded() -> None:
    vendors = [response("A", ["full", None, "full"], 100), response("B", ["full"] * 3, 100)]
    zero = by_name(score_project(project(), vendors, []))
    assert zero["A"].criteria["func"].note == D(4) / 6  # (3 + 0 + 1) / 6
    assert zero["A"].missing == ["R-002"]
    excluded = by_name(score_project(project(missing_answers="exclude"), vendors, []))
    assert excluded["A"].criteria["func"].note == 1  # (3 + 1) / 4


def test_tie_break_by_price_then_committee() -> None:
    same = [response("A", ["full"] * 3, 100), response("B", ["full"] * 3, 100)]
    report = score_project(
        project(price={"method": "absolute_band", "best_price": 50, "ceiling": 150}), same, []
    )
    assert [v.rank for v in report.vendors] == [1, 1]
    assert report.vendors[0].tie_note is not None
    cheaper = [response("A", ["full"] * 3, 101), response("B", ["full"] * 3, 100)]
    report = score_project(
        project(price={"method": "absolute_band", "best_price": 50, "ceiling": 100_000}),
        cheaper,
        [],
    )
    # Totals round to the same 2 decimals; the lower price wins the tie.
    assert report.scoring.round(report.vendors[0].total) == report.scoring.round(
        report.vendors[1].total
    )
    assert [v.vendor for v in report.vendors] == ["B", "A"]


def test_minimum_technical_score_keeps_a_bid_out_before_price() -> None:
    vendors = [response("A", ["full"] * 3, 100), response("Low", ["full", "no", "no"], 10)]
    report = score_project(project(min_technical_score=60), vendors, notes(A=(5, 5), Low=(0, 0)))
    low = by_name(report)["Low"]
    assert low.not_ranked_reason is not None and low.rank is None
    assert low.not_ranked_reason.code == "not_ranked"
    assert low.not_ranked_reason.params["minimum"] == 60
    assert by_name(report)["A"].price_note == 1  # Low's 10 does not count as Pmin


def test_evaluator_divergence_is_flagged() -> None:
    report = score_project(project(), VENDORS[:2], notes(A=(5, 1), B=(3, 3)))
    (flag,) = [w for w in report.warnings if w.code == "divergence"]
    assert flag.params["vendor"] == "A" and flag.params["spread"] == 80
    assert flag.params["notes"] == [("e1", 5), ("e2", 1)]
    assert english(flag) == "A: demo: evaluators' notes spread over 80 % of the scale (e1 5, e2 1)"
    assert english(flag, scoped=True).startswith("demo: ")


def test_relative_formula_rank_reversal_is_detected() -> None:
    # Three bids, proportional price: withdrawing the dearest bid changes nothing here, but a
    # min–max formula makes the second and third swap when the dearest leaves.
    vendors = [
        response("A", ["full"] * 3, 100),
        response("B", ["full", "full", "partial"], 110),
        response("C", ["full", "partial", "partial"], 300),
    ]
    report = score_project(
        project(price={"method": "linear_min_max", "years": 1}),
        vendors,
        notes(A=(1, 1), B=(5, 5), C=(5, 5)),
    )
    assert any(w.code == "relative_price" for w in report.warnings)
    assert all(isinstance(w, Message) and w.code == "withdrawal" for w in report.withdrawals)


def test_monte_carlo_is_seeded() -> None:
    a = score_project(project(), VENDORS, NOTES, monte_carlo_runs=200, seed=7).monte_carlo
    b = score_project(project(), VENDORS, NOTES, monte_carlo_runs=200, seed=7).monte_carlo
    assert a == b and sum(a.values()) == 200
