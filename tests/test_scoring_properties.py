"""Scoring invariants, checked on random projects' answers and prices (Hypothesis)."""

from __future__ import annotations

import copy
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.model import Project
from cdc.model.enums import CriterionKind, PriceMethod
from cdc.model.responses import EvaluatorNotes, Response
from cdc.scoring import score_project
from cdc.scoring.engine import score_vendors
from cdc.scoring.prices import price_notes
from cdc.scoring.ranking import rank
from cdc.scoring.results import Scoring, VendorResult, leaves_under
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


# -- tipping points and distance to win against a brute-force sweep -----------------------------
# Small random instances: 2–4 bids, judgement criteria (some nested) and a price criterion, every
# price method, with and without tie-breaks, published totals rounded to 0, 1, 2 or 6 decimals;
# notes and prices drawn from few values so that ties are frequent. The ranking compares
# published (rounded) totals, so two bids tie over a band of weights around the crossing of
# their exact totals: the brute force probes a fine sweep, every crossing of two totals, every
# weight where a total crosses a rounding boundary while within two quanta of another, and the
# reported tipping weights, each ± a tiny step.
EPS = Decimal("1e-12")
TOLERANCE = 2 * EPS
# interior sweep points sit off the dyadic weights, where small-integer instances put exact
# coincidences of rounding boundaries (whose ranking right at the point is Decimal noise)
SWEEP = [Decimal(0), *(Decimal(i) / 256 + EPS / 3 for i in range(1, 256)), Decimal(1)]
TIE_BREAKS = [[], ["price"], ["technical"], ["technical", "price"], ["committee"]]
ROUNDINGS = [0, 1, 2, 6]


@st.composite
def instances(
    draw: st.DrawFn, rounding: int | None = None
) -> tuple[Project, list[tuple[Response, str]], list[Any]]:
    method = draw(methods)
    if rounding is None:
        rounding = draw(st.sampled_from(ROUNDINGS))
    nested = draw(st.booleans())
    weight = st.integers(1, 9)
    leaves = [
        {"id": f"q{i}", "title": f"Q{i}", "weight": draw(weight), "kind": "judgement"}
        for i in range(draw(st.integers(1, 3)))
    ]
    criteria: list[dict[str, Any]] = (
        [{"id": "tech", "title": "Tech", "weight": draw(weight), "children": leaves}]
        if nested and len(leaves) > 1
        else list(leaves)
    )
    criteria.append({"id": "price", "title": "Price", "weight": draw(weight), "kind": "price"})
    price: dict[str, Any] = {"method": method, "years": 1}
    if method == "absolute_band":
        price |= {"best_price": 40, "ceiling": 150}
    p = Project.model_validate(
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
                "criteria": criteria,
                "price": price,
                "judgement_scale_max": 4,
                "evaluators": [{"id": "e1", "name": "One"}],
                "tie_break": draw(st.sampled_from(TIE_BREAKS)),
                "rounding": rounding,
            },
        }
    )
    names = [f"V{i}" for i in range(draw(st.integers(2, 4)))]
    responses = [
        (
            Response.model_validate(
                {
                    "vendor": n,
                    "prices": [
                        {
                            "label": "x",
                            "kind": "one_off",
                            "unit_price": draw(st.sampled_from([50, 75, 100, 150])),
                        }
                    ],
                }
            ),
            f"{n}.yaml",
        )
        for n in names
    ]
    notes = [
        EvaluatorNotes.model_validate(
            {
                "evaluator": "e1",
                "notes": [
                    {"vendor": n, "criterion": leaf["id"], "note": draw(st.sampled_from([0, 2, 4]))}
                    for n in names
                    for leaf in leaves
                ],
            }
        )
    ]
    return p, responses, notes


def first_place(
    scoring: Scoring, results: list[VendorResult], unit: set[str], w0: Decimal, w: Decimal
) -> frozenset[str]:
    """The vendors the engine ranks first when the unit weighs ``w`` (others rescaled)."""
    trial = []
    for r in results:
        c = copy.copy(r)
        points = {
            leaf.criterion.id: (r.criteria[leaf.criterion.id].note or Decimal(0))
            * leaf.absolute
            * (w / w0 if leaf.criterion.id in unit else (1 - w) / (1 - w0))
            * 100
            for leaf in scoring.leaves
        }
        technical = [leaf for leaf in scoring.leaves if leaf.kind is not CriterionKind.price]
        c.total = sum(points.values(), Decimal(0))
        weight = sum(
            (
                leaf.absolute * (w / w0 if leaf.criterion.id in unit else (1 - w) / (1 - w0))
                for leaf in technical
            ),
            Decimal(0),
        )
        ids = {leaf.criterion.id for leaf in technical}
        if weight == 0:
            c.technical = Decimal(0)
        elif ids & unit and not ids <= unit:  # else scaled uniformly: the engine's score holds
            c.technical = sum((points[i] for i in ids), Decimal(0)) / weight
        trial.append(c)
    rank(scoring, trial)
    return frozenset(c.vendor for c in trial if c.rank == 1)


def probes(
    scoring: Scoring, results: list[VendorResult], unit: set[str], w0: Decimal
) -> list[Decimal]:
    """The sweep, every pairwise crossing of the totals (found from the ends), and every weight
    where a total crosses a rounding boundary while within two quanta of another total, ± EPS."""
    ends = {}
    for r in results:
        at = [
            sum(
                (
                    (r.criteria[leaf.criterion.id].note or Decimal(0))
                    * leaf.absolute
                    * (w / w0 if leaf.criterion.id in unit else (1 - w) / (1 - w0))
                    for leaf in scoring.leaves
                ),
                Decimal(0),
            )
            * 100
            for w in (Decimal(0), Decimal(1))
        ]
        ends[r.vendor] = (at[0], at[1] - at[0])
    quantum = Decimal(1).scaleb(-scoring.evaluation.rounding)
    exact: set[Decimal] = set()
    values = list(ends.values())
    for i, (a, b) in enumerate(values):
        for c, d in values[i + 1 :]:
            if b != d:
                exact.add((c - a) / (b - d))
            window = near(a - c, b - d, 2 * quantum)
            if window is not None and (a, b) != (c, d):  # equal totals publish alike
                exact |= boundaries(a, b, quantum, *window) | boundaries(c, d, quantum, *window)
    # A computed weight carries a last-digit residue, so the ranking right at it is noise: only
    # its neighbours are probed (and the sweep's exact weights)
    points = {x + step for x in exact for step in (-EPS, EPS)} | set(SWEEP)
    return sorted(p for p in points if 0 <= p <= 1)


def near(gap: Decimal, slope: Decimal, within: Decimal) -> tuple[Decimal, Decimal] | None:
    """The weights in [0, 1] where ``|gap + slope·w| < within`` (None: nowhere)."""
    if slope == 0:
        return (Decimal(0), Decimal(1)) if abs(gap) < within else None
    low, high = sorted(((-within - gap) / slope, (within - gap) / slope))
    low, high = max(low, Decimal(0)), min(high, Decimal(1))
    return (low, high) if low <= high else None


def boundaries(
    a: Decimal, b: Decimal, quantum: Decimal, low: Decimal, high: Decimal
) -> set[Decimal]:
    """Weights in [low, high] where ``a + b·w`` is a rounding boundary ``(k + ½)·quantum``."""
    if b == 0:
        return set()
    least, most = sorted((a + b * low, a + b * high))
    first = int((least / quantum - Decimal("0.5")).to_integral_value(rounding=ROUND_CEILING))
    last = int((most / quantum - Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR))
    if last - first > 4000:  # two nearly parallel totals over a long stretch: ends only
        ks = [*range(first, first + 2000), *range(last - 2000, last + 1)]
        return {((k + Decimal("0.5")) * quantum - a) / b for k in ks}
    return {((k + Decimal("0.5")) * quantum - a) / b for k in range(first, last + 1)}


@settings(max_examples=100, deadline=None)
@given(instances())
def test_tipping_points_match_a_brute_force_sweep(
    case: tuple[Project, list[tuple[Response, str]], list[Any]],
) -> None:
    p, responses, notes = case
    report = score_project(p, responses, notes)
    s = report.scoring
    competing = [v for v in report.vendors if v.competing]
    now = frozenset(v.vendor for v in competing if v.rank == 1)
    units = {
        c.criterion.id: {leaf.criterion.id for leaf in leaves_under(s, c.criterion.id)}
        for c in s.criteria
        if c.depth == 0 or c.is_leaf
    }
    for t in report.tipping:
        unit, w0 = units[t.criterion], t.weight
        if w0 >= 1:
            continue
        points = probes(s, competing, unit, w0)
        points = sorted(
            {*points}
            | {
                x.weight + step
                for x in (t.down, t.up)
                if x is not None
                for step in (-EPS, EPS)
                if 0 <= x.weight + step <= 1
            }
        )
        for direction, reported in ((-1, t.down), (1, t.up)):
            ahead = sorted(
                (x for x in points if (x - w0) * direction > 0), key=lambda x: abs(x - w0)
            )
            seen = next((x for x in ahead if first_place(s, competing, unit, w0, x) != now), None)
            if reported is None:
                assert seen is None, (t.criterion, direction, seen)
                continue
            at = first_place(s, competing, unit, w0, reported.weight)
            past = reported.weight + direction * EPS
            beyond = first_place(s, competing, unit, w0, past) if 0 <= past <= 1 else frozenset()
            if beyond == now and reported.weight not in (0, 1):
                # a change at one computed weight only (a coincidence of rounding boundaries,
                # within Decimal noise): nothing may change before it
                assert seen is None or (seen - reported.weight) * direction >= -TOLERANCE
                continue
            assert seen is not None, (t.criterion, direction, reported)
            assert abs(seen - reported.weight) <= TOLERANCE, (t.criterion, seen, reported)
            if reported.tied:
                assert set(reported.tied) in (set(at), set(beyond)), (reported, at, beyond)
            if reported.new_winner is not None:
                assert {reported.new_winner} in (set(beyond), set(at)), (reported, at, beyond)
                assert reported.new_winner not in now or len(now) > 1
            assert reported.tied or reported.new_winner


@settings(max_examples=100, deadline=None)
@given(instances())
def test_the_price_needed_to_win_is_the_limit(
    case: tuple[Project, list[tuple[Response, str]], list[Any]],
) -> None:
    p, responses, notes = case
    report = score_project(p, responses, notes)
    s = report.scoring

    def first_at(vendor: str, price: Decimal) -> bool:
        changed = [
            (
                r.model_copy(
                    update={"prices": [r.prices[0].model_copy(update={"unit_price": price})]}
                )
                if r.vendor == vendor
                else r,
                src,
            )
            for r, src in responses
        ]
        results = score_vendors(s, changed, notes)
        return next(v for v in results if v.vendor == vendor).rank == 1

    for d in report.distances:
        loser = next(v for v in report.vendors if v.vendor == d.vendor)
        if d.tied:
            assert loser.rank == 1 and d.points_behind == 0 and d.price_needed is None
            continue
        assert loser.rank != 1
        assert d.price is not None
        if d.price_needed is None:
            # searched down to a ten-thousandth of the price offered, never below a cent
            assert not first_at(d.vendor, max(d.price / 10_000, Decimal("0.01")))
            continue
        assert d.price_needed < d.price
        assert first_at(d.vendor, d.price_needed), d
        assert not first_at(d.vendor, d.price_needed + Decimal("0.01")), d
