"""Scoring invariants, checked on random projects' answers and prices (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cdc.model.enums import PriceMethod
from cdc.scoring import score_project
from cdc.scoring.engine import price_notes
from tests.test_scoring import project, response

LEVELS = ["full", "partial", "no", None]
answers = st.lists(st.sampled_from(LEVELS), min_size=3, max_size=3)
prices = st.integers(min_value=1, max_value=2_000_000)
vendor = st.tuples(answers, prices)
methods = st.sampled_from(["proportional", "linear_min_max", "linear_gap", "absolute_band"])


def price_setting(method: str) -> dict[str, Any]:
    if method == "absolute_band":
        return {"method": method, "best_price": 100_000, "ceiling": 1_000_000, "years": 1}
    return {"method": method, "years": 1}


def run(bids: list[tuple[list[str | None], int]], method: str, **kw: Any) -> Any:
    vendors = [response(f"V{i}", a, p) for i, (a, p) in enumerate(bids)]
    return score_project(project(price=price_setting(method), **kw), vendors, [])


@given(st.lists(vendor, min_size=1, max_size=5), methods)
def test_every_score_is_within_its_bounds(bids: list[Any], method: str) -> None:
    report = run(bids, method)
    for v in report.vendors:
        assert Decimal(0) <= v.total <= Decimal(100)
        for c in v.criteria.values():
            assert c.note is None or Decimal(0) <= c.note <= Decimal(1)
        for top in report.scoring.criteria:
            if top.depth == 0:
                assert v.sections[top.criterion.id] <= top.absolute * 100 + Decimal("1e-20")


@given(st.lists(vendor, min_size=1, max_size=4), methods, st.data())
def test_a_better_answer_never_lowers_a_total(
    bids: list[Any], method: str, data: st.DataObject
) -> None:
    who = data.draw(st.integers(0, len(bids) - 1))
    which = data.draw(st.integers(0, 2))
    answers_before = list(bids[who][0])
    order = ["no", None, "partial", "full"]  # worse to better (missing counts as zero)
    current = order.index(answers_before[which])
    if current == len(order) - 1:
        return
    better = list(bids)
    improved = list(answers_before)
    improved[which] = order[current + 1]
    better[who] = (improved, bids[who][1])
    before = {v.vendor: v.total for v in run(bids, method).vendors}
    after = {v.vendor: v.total for v in run(better, method).vendors}
    assert after[f"V{who}"] >= before[f"V{who}"]


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 10**7), min_size=1), methods)
def test_the_lowest_price_gets_the_best_price_note(bids: dict[str, int], method: str) -> None:
    setting = price_setting(method)
    notes = price_notes(
        PriceMethod(method),
        {k: Decimal(v) for k, v in bids.items()},
        Decimal(setting.get("best_price", 0)) if "best_price" in setting else None,
        Decimal(setting.get("ceiling", 0)) if "ceiling" in setting else None,
    )
    cheapest = min(bids, key=lambda k: bids[k])
    assert notes[cheapest] == max(notes.values())


@given(st.lists(vendor, min_size=2, max_size=5), st.data())
def test_with_an_absolute_band_other_bids_do_not_move_a_score(
    bids: list[Any], data: st.DataObject
) -> None:
    gone = data.draw(st.integers(0, len(bids) - 1))
    full = {v.vendor: v.total for v in run(bids, "absolute_band").vendors}
    kept = [b for i, b in enumerate(bids) if i != gone]
    renamed = {f"V{j}": f"V{i}" for j, i in enumerate(i for i in range(len(bids)) if i != gone)}
    fewer = {renamed[v.vendor]: v.total for v in run(kept, "absolute_band").vendors}
    for name, total in fewer.items():
        assert total == full[name]


@given(st.lists(vendor, min_size=2, max_size=5), methods, st.integers(2, 9))
def test_scaling_every_weight_keeps_the_ranking(bids: list[Any], method: str, factor: int) -> None:
    base = run(bids, method)
    criteria = [
        {
            "id": "tech",
            "title": "Technical value",
            "weight": 60 * factor,
            "children": [
                {"id": "func", "title": "Functions", "weight": 50 * factor},
                {
                    "id": "demo",
                    "title": "Demonstration",
                    "weight": 50 * factor,
                    "kind": "judgement",
                },
            ],
        },
        {"id": "price", "title": "Price", "weight": 40 * factor, "kind": "price"},
    ]
    scaled = run(bids, method, criteria=criteria)
    assert [(v.vendor, v.rank) for v in base.vendors] == [
        (v.vendor, v.rank) for v in scaled.vendors
    ]
