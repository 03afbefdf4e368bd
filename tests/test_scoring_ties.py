"""Ties are first-class: shared ranks, the rule that decided, exact tipping points and distances.

The cases come from issue 13, checked against a brute-force sweep of the weights: three bids with
quality 50/75/100 and prices 50/75/100, quality and price weighing 50/50. With the proportional
formula A (quality 50, price 50) and C (quality 100, price 100) tie at 75.00; B (75/75) is third
and never comes first under any weight.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cdc.model import Project
from cdc.model.responses import EvaluatorNotes, Response
from cdc.scoring import ScoreReport, score_project
from cdc.scoring.messages import english
from cdc.scoring.report import outcome_english, to_csv, to_data

D = Decimal


def two_criteria(
    method: str,
    tie_break: list[str],
    rounding: int = 2,
    weights: tuple[Decimal, Decimal] = (D(50), D(50)),
    **price: Any,
) -> Project:
    """Quality (judgement, 0–100) and price, 50 % each unless ``weights`` says otherwise;
    published totals keep ``rounding`` decimals."""
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
            "requirements": [],
            "evaluation": {
                "criteria": [
                    {
                        "id": "quality",
                        "title": "Quality",
                        "weight": weights[0],
                        "kind": "judgement",
                    },
                    {"id": "price", "title": "Price", "weight": weights[1], "kind": "price"},
                ],
                "price": {"method": method, "years": 1, **price},
                "judgement_scale_max": 100,
                "evaluators": [{"id": "e1", "name": "One"}],
                "tie_break": tie_break,
                "rounding": rounding,
            },
        }
    )


def bids(
    method: str,
    tie_break: list[str],
    quality: tuple[int, ...] = (50, 75, 100),
    prices: tuple[int | Decimal, ...] = (50, 75, 100),
    rounding: int = 2,
    weights: tuple[Decimal, Decimal] = (D(50), D(50)),
    **price: Any,
) -> ScoreReport:
    names = "ABCDEF"[: len(quality)]
    responses = [
        (
            Response.model_validate(
                {"vendor": n, "prices": [{"label": "x", "kind": "one_off", "unit_price": p}]}
            ),
            f"{n}.yaml",
        )
        for n, p in zip(names, prices, strict=True)
    ]
    notes = [
        EvaluatorNotes.model_validate(
            {
                "evaluator": "e1",
                "notes": [
                    {"vendor": n, "criterion": "quality", "note": q}
                    for n, q in zip(names, quality, strict=True)
                ],
            }
        )
    ]
    project = two_criteria(method, tie_break, rounding, weights, **price)
    return score_project(project, responses, notes)


def ranks(report: ScoreReport) -> dict[str, int | None]:
    return {v.vendor: v.rank for v in report.vendors}


def tip(report: ScoreReport, criterion: str) -> Any:
    return next(t for t in report.tipping if t.criterion == criterion)


def test_equal_totals_share_the_rank_when_no_rule_separates_them() -> None:
    report = bids("proportional", [])
    assert ranks(report) == {"A": 1, "C": 1, "B": 3}
    a, c = (next(v for v in report.vendors if v.vendor == n) for n in "AC")
    assert a.tie_note is not None and a.tie_note.params["vendors"] == ["C"]
    assert c.tie_note is not None and c.tie_note.params["vendors"] == ["A"]
    data = to_data(report)
    rows = {r["vendor"]: r for r in data["ranking"]}
    assert rows["A"]["tie"] == "ties with C at 75.00 points: no declared tie-break separates them"
    assert rows["C"]["tied_with"] == ["A"]
    assert "ties with A at 75.00 points" in to_csv(report)


def test_the_deciding_tie_break_is_named() -> None:
    report = bids("proportional", ["technical"])
    assert [(v.vendor, v.rank) for v in report.vendors] == [("C", 1), ("A", 2), ("B", 3)]
    a = next(v for v in report.vendors if v.vendor == "A")
    assert a.tie_note is None
    assert a.tie_break is not None and a.tie_break.params["rule"] == "technical"
    assert a.tie_break.params["above"] == "C"
    row = next(r for r in to_data(report)["ranking"] if r["vendor"] == "A")
    assert row["tie_break"] == (
        "ranked after C on an equal total (75.00 points) by tie-break: technical"
    )
    assert any(w.code == "tie_break" for w in report.warnings)


def test_a_tie_break_win_tips_at_the_slightest_weight_change() -> None:
    # C leads A only by the technical tie-break: A wins as soon as quality weighs 49.99 % (A
    # publishes 75.01, C 75.00; just above, both still publish 75.00 and the tie-break keeps C),
    # C keeps the lead above; B never comes first.
    report = bids("proportional", ["technical"])
    quality = tip(report, "quality")
    assert quality.down is not None and quality.down.weight == D("0.4999")
    assert quality.down.new_winner == "A" and quality.down.tied == ()
    assert quality.up is None
    assert quality.change == D("-0.0001") and quality.new_winner == "A"
    assert all(t.new_winner != "B" for t in report.tipping)
    assert to_data(report)["sensitivity"]["tipping_points"][0]["direction"] == "down"


def test_a_tie_today_changes_with_any_weight_change_either_way() -> None:
    # Published totals are rounded to 2 decimals: A and C both publish 75.00 from 49.99 % to
    # 50.01 % (excluded): A alone at 49.99 % (75.005 → 75.01, C 74.995 → 75.00), C alone at 50.01 %.
    report = bids("proportional", [])
    quality = tip(report, "quality")
    assert (quality.down and quality.down.weight, quality.down and quality.down.new_winner) == (
        D("0.4999"),
        "A",
    )
    assert (quality.up and quality.up.weight, quality.up and quality.up.new_winner) == (
        D("0.5001"),
        "C",
    )
    assert outcome_english(quality) == "below: A; above: C"
    assert to_data(report)["sensitivity"]["tipping_points"][0]["direction"] == "both"


@pytest.mark.parametrize(
    ("rounding", "price_c", "down", "up"),
    [
        # A 100 − 50ω and C: published to 1 decimal they tie from 49.9 % (excluded) to 50.05 %
        (1, D("99.9"), D("0.499"), D("0.5005")),
        # published to whole points they tie from 49 % (excluded) to 50.5 %
        (0, D("99"), D("0.49"), D("0.505")),
    ],
)
def test_a_tie_of_published_totals_holds_over_the_rounding_band(
    rounding: int, price_c: Decimal, down: Decimal, up: Decimal
) -> None:
    # review 1, defect 6: C's exact total is above A's at 50 %, but both publish 75.0 (or 75);
    # the first place changes only where one of them crosses a rounding boundary.
    report = bids("proportional", [], prices=(50, 75, price_c), rounding=rounding)
    assert {v.vendor for v in report.vendors if v.rank == 1} == {"A", "C"}
    quality = tip(report, "quality")
    assert quality.down is not None and quality.up is not None
    assert (quality.down.weight, quality.down.new_winner, quality.down.tied) == (down, "A", ())
    assert abs(quality.up.weight - up) < D("1e-20")
    assert (quality.up.new_winner, quality.up.tied) == ("C", ())
    # rescored at those weights and just inside the band, the engine agrees
    for weight, first in ((down, {"A"}), (up, {"C"}), ((down + 2 * up) / 3, {"A", "C"})):
        quality_weight = (weight * 100).quantize(D("0.0001"))
        moved = bids(
            "proportional",
            [],
            prices=(50, 75, price_c),
            rounding=rounding,
            weights=(quality_weight, 100 - quality_weight),
        )
        assert {v.vendor for v in moved.vendors if v.rank == 1} == first, weight


def test_a_loser_tied_first_is_not_given_a_price_to_win() -> None:
    report = bids("proportional", [])
    c, b = report.distances
    assert (c.vendor, c.tied, c.price_needed) == ("C", True, None)
    assert c.points_behind == 0
    # B reaches 75.00 (a shared first place) at 66.67: 37.5 + 50 × 50 / 66.67 = 74.998 → 75.00;
    # at 66.68 it publishes 74.99
    assert b.price_needed == D("66.67")
    assert not b.tied


def test_a_loser_behind_on_a_tie_break_needs_a_price_that_really_wins() -> None:
    report = bids("proportional", ["technical"])
    a, _ = report.distances
    assert a.vendor == "A" and a.points_behind == 0 and a.rule == "technical"
    # Below 49.99, C's price note drops enough for C to publish 74.99: A then leads alone.
    assert a.price_needed == D("49.98")
    assert a.price is not None and a.price_needed < a.price


@pytest.mark.parametrize("method", ["linear_min_max", "linear_gap"])
def test_near_two_thirds_the_published_totals_tie_before_the_lines_cross(method: str) -> None:
    # The three lines (A 100 − 50ω, B 50 + 25ω, C 100ω) cross at 2/3, but the ranking compares
    # totals rounded to 2 decimals: B reaches A's 66.67 at 66.66 % (A and B tie), C joins them at
    # 66.665 %, and C leads alone only from 66.675 %. The first change is the tie of A and B.
    report = bids(method, [])
    quality = tip(report, "quality")
    assert quality.down is None
    assert quality.up is not None
    assert quality.up.weight == D("0.6666")
    assert quality.up.tied == ("A", "B")
    assert quality.up.new_winner is None
    assert outcome_english(quality) == "tie A, B"
    price = tip(report, "price")
    assert price.down is not None and price.down.weight == D("0.3334")
    assert price.down.tied == ("A", "B") and price.down.new_winner is None


def test_equal_technical_notes_only_tie_near_the_ends() -> None:
    # Totals 60·ω + price points·(1 − ω): they publish alike (60.00) only where the price points
    # weigh next to nothing, past 99.9875 % (A: 60.005 → 60.01 at that weight itself).
    report = bids("proportional", [], quality=(60, 60, 60))
    quality, price = tip(report, "quality"), tip(report, "price")
    assert quality.up is not None and quality.up.weight == D("0.999875")
    assert quality.up.tied == ("A", "B", "C") and quality.up.new_winner is None
    assert price.down is not None and price.down.weight == D("0.000125")
    assert not price.down.weight.is_signed()  # never "-0.0 %"
    assert price.down.new_winner is None
    data = to_data(report)["sensitivity"]["tipping_points"]
    assert {t["criterion"]: t["new_winner"] for t in data} == {"quality": None, "price": None}
    # with the price tie-break declared, A (the cheapest) keeps the first place everywhere
    kept = bids("proportional", ["price"], quality=(60, 60, 60))
    assert all(t.tipping_weight is None for t in kept.tipping)


def test_the_terminal_table_says_tie_and_tie_break() -> None:
    from cdc.cli._score_table import score_table

    tied = score_table(bids("proportional", []))
    assert "ranked (tie)" in tied
    assert "below: A; above: C" in tied and "±0,0" in tied  # a French project's decimals
    assert "shares the first place" in tied
    assert "would have won at a total price of 100,00" not in tied
    decided = score_table(bids("proportional", ["technical"]))
    assert "(tie-break: technical)" in decided
    assert "-0,0" in decided


def test_flat_price_judges_the_notes_not_the_price_ratio() -> None:
    # Prices 50 and 1 000: the proportional notes use 95 % of the scale — not flat.
    spread = bids("proportional", ["price"], quality=(50, 100), prices=(50, 1000))
    assert not any(w.code == "flat_price" for w in spread.warnings)
    # A band so wide that the dearer bid, 67 % above, loses 2 % of the price points: flat.
    flat = bids(
        "absolute_band",
        ["price"],
        quality=(50, 100),
        prices=(100, 300),
        best_price=50,
        ceiling=10_050,
    )
    (warning,) = [w for w in flat.warnings if w.code == "flat_price"]
    assert warning.params == {"prices": 67, "price_notes": 2}


def test_a_declared_committee_decides_what_no_rule_separates() -> None:
    report = bids("proportional", ["price", "committee"], prices=(50, 75, 50), quality=(50, 75, 50))
    a = next(v for v in report.vendors if v.vendor == "A")
    assert a.rank == 1 and a.tie_note is not None
    assert english(a.tie_note, scoped=True) == (
        "ties with C at 75.00 points: no declared tie-break separates them; the committee decides"
    )


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_documents_and_workbook_say_which_rule_decided() -> None:
    import io

    import openpyxl

    from cdc.rendering.score.documents import score_output

    # French typography's no-break spaces read as spaces.
    tied = _plain(str(score_output(bids("proportional", []), "md")))
    assert "**A** et **C** sont ex aequo à la première place" in tied
    assert "A est ex aequo avec C à 75,00 points : aucun critère de départage déclaré" in tied
    assert "toute baisse : A ; toute hausse : C" in tied
    assert "| C | 0,00 | 100 € | ex aequo en tête | — |" in tied
    decided = bids("proportional", ["technical"])
    text = _plain(str(score_output(decided, "md")))
    assert (
        "A est classé après C à total égal (75,00 points) par le critère de départage : "
        "la meilleure note technique" in text
    )
    assert "la moindre baisse la donne à A" in text
    three = _plain(str(score_output(bids("linear_min_max", []), "md")))
    assert "| **Quality** | 50 % | 66,7 % | +16,7 | ex aequo : A, B |" in three
    workbook = score_output(decided, "xlsx")
    assert isinstance(workbook, bytes)
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any("A est classé après C à total égal" in c for c in cells)
    assert "-0.0" in cells
