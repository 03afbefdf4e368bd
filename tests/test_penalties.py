"""Penalties for delay: hand-computed cases on both sides of the cap and of the exemption.

Every expected figure below is worked out by hand in the comment next to it, with
P = V × R / divisor rounded to the cent, half up.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.contract.events import read_events
from cdc.contract.penalties import (
    Delay,
    PenaltyTerms,
    compute,
    days_to_cap,
    effective_terms,
    event_penalty,
    project_terms,
)
from cdc.core.errors import InputError, UsageError
from cdc.model import Project
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center" / "cdc.yaml"
D = Decimal


def terms(
    cap: str | None = "10",
    exemption: str | None = "1000",
    total: str | None = "100000",
    divisor: str = "1000",
) -> PenaltyTerms:
    return PenaltyTerms(
        D(divisor),
        None if cap is None else D(cap),
        None if exemption is None else D(exemption),
        None if total is None else D(total),
        "project",
    )


def project(contract: dict[str, Any] | None = None) -> Project:
    data: dict[str, Any] = {
        "project": {
            "id": "p",
            "title": "T",
            "version": "1",
            "date": "2027-01-01",
            "buyer": {"name": "B"},
            "contact": {"name": "C"},
        }
    }
    if contract is not None:
        data["contract"] = contract
    return Project.model_validate(data)


# -- the formula and its rounding -------------------------------------------------------------
def test_formula_ccag_tic() -> None:
    # 120 000 × 15 / 1000 = 1 800.00
    assert event_penalty(D(120000), 15, D(1000)) == D("1800.00")
    # 1 234.56 × 7 / 1000 = 8.64192 → 8.64
    assert event_penalty(D("1234.56"), 7, D(1000)) == D("8.64")
    # other CCAGs: 90 000 × 10 / 3000 = 300.00
    assert event_penalty(D(90000), 10, D(3000)) == D("300.00")
    # no delay, no penalty
    assert event_penalty(D(90000), 0, D(1000)) == D("0.00")


def test_rounding_is_half_up_to_the_cent() -> None:
    # 5 × 1 / 1000 = 0.005: half up gives 0.01 (banker's rounding would give 0.00)
    assert event_penalty(D(5), 1, D(1000)) == D("0.01")
    # 4.99 × 1 / 1000 = 0.00499 → 0.00
    assert event_penalty(D("4.99"), 1, D(1000)) == D("0.00")
    # 12 345 × 1 / 1000 = 12.345 → 12.35
    assert event_penalty(D(12345), 1, D(1000)) == D("12.35")


def test_days_to_cap() -> None:
    # R = cap % × divisor / 100: 10 × 1000 / 100 = 100 days; 8 × 1000 / 100 = 80
    assert days_to_cap(terms()) == 100
    assert days_to_cap(terms(cap="8")) == 80
    # 7.5 × 1000 / 100 = 75; 1.25 × 3000 / 100 = 37.5 → 38 days (the cap is reached on day 38)
    assert days_to_cap(terms(cap="7.5")) == 75
    assert days_to_cap(terms(cap="1.25", divisor="3000")) == 38
    assert days_to_cap(terms(cap=None)) is None


# -- both sides of the cap --------------------------------------------------------------------
def test_total_exactly_at_the_cap_is_not_capped() -> None:
    # cap: 10 % × 100 000 = 10 000.00
    # A: 50 000 × 100 / 1000 = 5 000.00; B: 50 000 × 100 / 1000 = 5 000.00; total 10 000.00
    result = compute(terms(), [Delay(D(50000), 100, "A"), Delay(D(50000), 100, "B")])
    assert result.terms.cap_amount == D("10000.00")
    assert result.gross_total == D("10000.00")
    assert result.total == D("10000.00")
    assert not result.capped and not result.exempt
    assert [e.applied for e in result.events] == [D("5000.00"), D("5000.00")]
    assert not any(e.capped for e in result.events)


def test_total_above_the_cap_is_cut_on_the_event_that_crosses_it() -> None:
    # A: 50 000 × 100 / 1000 = 5 000.00; B: 50 000 × 101 / 1000 = 5 050.00 → gross 10 050.00
    # cap 10 000.00: B is cut to 10 000.00 − 5 000.00 = 5 000.00
    # C: 1 000 × 3 / 1000 = 3.00, after the cap: nothing left → 0.00
    result = compute(
        terms(),
        [Delay(D(50000), 100, "A"), Delay(D(50000), 101, "B"), Delay(D(1000), 3, "C")],
    )
    assert result.gross_total == D("10053.00")
    assert result.total == D("10000.00")
    assert result.capped
    a, b, c = result.events
    assert (a.penalty, a.applied, a.capped) == (D("5000.00"), D("5000.00"), False)
    assert (b.penalty, b.applied, b.capped) == (D("5050.00"), D("5000.00"), True)
    assert (c.penalty, c.applied, c.capped) == (D("3.00"), D("0"), True)
    assert [e.cumulative for e in result.events] == [D("5000.00"), D("10050.00"), D("10053.00")]
    assert [e.cumulative_applied for e in result.events] == [D(5000), D(10000), D(10000)]


def test_cap_in_money_is_rounded_to_the_cent() -> None:
    # 7.5 % × 123 456.78 = 9 259.2585 → 9 259.26
    assert terms(cap="7.5", total="123456.78").cap_amount == D("9259.26")


def test_no_cap_means_no_limit() -> None:
    # 1 000 000 × 200 / 1000 = 200 000.00, nothing cuts it
    result = compute(terms(cap=None), [Delay(D(1000000), 200)])
    assert result.total == D("200000.00") and not result.capped


# -- both sides of the exemption --------------------------------------------------------------
def test_total_at_the_threshold_is_exempt() -> None:
    # 10 000 × 100 / 1000 = 1 000.00 ≤ 1 000.00: exempt, nothing due
    result = compute(terms(), [Delay(D(10000), 100)])
    assert result.gross_total == D("1000.00")
    assert result.exempt and result.total == D(0)
    assert result.events[0].applied == D(0)


def test_total_one_cent_above_the_threshold_is_due_in_full() -> None:
    # 6 000 × 100 / 1000 = 600.00; 4 000 × 100 / 1000 = 400.00; 10 × 1 / 1000 = 0.01
    # total 1 000.01 > 1 000.00: not exempt, all of it is due (not just the excess)
    delays = [Delay(D(6000), 100), Delay(D(4000), 100), Delay(D(10), 1)]
    result = compute(terms(), delays)
    assert result.gross_total == D("1000.01")
    assert not result.exempt
    assert result.total == D("1000.01")
    assert [e.applied for e in result.events] == [D("600.00"), D("400.00"), D("0.01")]


def test_exemption_is_judged_on_the_total_before_the_cap() -> None:
    # small contract: 5 000 total, cap 10 % = 500.00
    # 5 000 × 300 / 1000 = 1 500.00 > 1 000 → not exempt, capped to 500.00
    result = compute(terms(total="5000"), [Delay(D(5000), 300)])
    assert (result.exempt, result.capped, result.total) == (False, True, D("500.00"))
    # 5 000 × 180 / 1000 = 900.00 ≤ 1 000 → exempt, nothing due
    result = compute(terms(total="5000"), [Delay(D(5000), 180)])
    assert (result.exempt, result.total) == (True, D(0))


def test_no_threshold_means_no_exemption() -> None:
    # 100 × 1 / 1000 = 0.10, due
    result = compute(terms(exemption=None), [Delay(D(100), 1)])
    assert not result.exempt and result.total == D("0.10")


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        Delay(D(-1), 3)
    with pytest.raises(ValueError):
        Delay(D(1), -3)


# -- settings from the project ----------------------------------------------------------------
def test_flagship_uses_ccag_tic_settings() -> None:
    from cdc.reading.project import load_project

    loaded = load_project(FLAGSHIP)
    assert loaded.project is not None
    t = project_terms(loaded.project)
    assert (t.divisor, t.cap_percent, t.exemption_threshold) == (D(1000), D(10), D(1000))
    assert t.contract_total == D(1250000) and t.cap_amount == D("125000.00")


def test_ccag_tic_defaults_apply_only_under_the_ccag_tic() -> None:
    t = effective_terms(project({"frame": "ccag_tic_2021", "estimated_total": 200000}))
    assert t is not None
    assert (t.divisor, t.cap_percent, t.exemption_threshold, t.source) == (
        D(1000),
        D(10),
        D(1000),
        "ccag_tic_2021",
    )
    assert effective_terms(project({"frame": "none"})) is None
    assert effective_terms(project()) is None
    with pytest.raises(InputError, match="sets no delay penalties"):
        project_terms(project({"types": ["licence"]}))


def test_ccag_tic_fills_what_the_project_leaves_out() -> None:
    contract = {
        "frame": "ccag_tic_2021",
        "estimated_total": 1000,
        "penalties": {"delay": {"divisor": 3000}},
    }
    t = effective_terms(project(contract))
    assert t is not None
    assert (t.divisor, t.cap_percent, t.exemption_threshold) == (D(3000), D(10), D(1000))
    assert t.source == "project+ccag_tic_2021"


def test_a_cap_needs_the_contract_total() -> None:
    contract = {"penalties": {"delay": {"cap": 10}}}
    with pytest.raises(InputError, match="contract-total"):
        project_terms(project(contract))
    t = project_terms(project(contract), D(50000))
    assert t.cap_amount == D("5000.00")


# -- the follow-up log ------------------------------------------------------------------------
def test_events_file_from_dates_and_days(tmp_path: Path) -> None:
    log = tmp_path / "events.yaml"
    log.write_text(
        "events:\n"
        "  - {label: Pilote, value: 150000, planned: 2027-09-01, actual: 2027-09-16}\n"
        "  - {label: Module, value: 20000, days: 4}\n"
        "  - {label: En avance, value: 9000, planned: 2027-10-10, actual: 2027-10-01}\n",
        encoding="utf-8",
    )
    delays = read_events(log)
    assert [(d.label, d.days) for d in delays] == [("Pilote", 15), ("Module", 4), ("En avance", 0)]
    # 150 000 × 15 / 1000 = 2 250.00; 20 000 × 4 / 1000 = 80.00; 0.00 → 2 330.00
    assert compute(terms(total="1000000"), delays).total == D("2330.00")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("events:\n  - {value: 1000}\n", "give the days of delay"),
        (
            "events:\n  - {value: 1000, days: 3, planned: 2027-01-01, actual: 2027-01-10}\n",
            "disagree",
        ),
        ("events:\n  - {value: -5, days: 3}\n", "events.0.value"),
        ("events:\n  - {value: 1000, dayz: 3}\n", "Extra inputs"),
        ("events: []\nevents: []\n", "duplicate"),
    ],
)
def test_bad_events_files_name_the_line(tmp_path: Path, content: str, fragment: str) -> None:
    log = tmp_path / "events.yaml"
    log.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_events(log)
    assert fragment in str(caught.value)
    assert str(log) in str(caught.value)


def test_missing_events_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        read_events(tmp_path / "nope.yaml")


# -- the command ------------------------------------------------------------------------------
def test_cli_table(cli: CliCall) -> None:
    # 120 000 × 15 / 1000 = 1 800.00; 1 250 000 × 90 / 1000 = 112 500.00 → 114 300.00 (< cap)
    run = cli("penalties", str(FLAGSHIP), "--late", "120000:15", "--late", "1250000:90")
    assert run.code == 0, run.err
    # a French project: its amounts as French readers write them (issue 19 §9)
    n = "\u202f"
    assert f"P = V × R / 1000; cap 10 % of 1{n}250{n}000,00{n}€ = 125{n}000,00{n}€" in run.out
    assert f"Total due: 114{n}300,00{n}€" in run.out


def test_cli_json_capped(cli: CliCall) -> None:
    # 1 250 000 × 101 / 1000 = 126 250.00 > cap 125 000.00
    run = cli("penalties", str(FLAGSHIP), "--late", "1250000:101", "--format", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert {"total", "events", "capped", "exempt"} <= set(doc)
    assert doc["total"] == "125000.00" and doc["gross_total"] == "126250.00"
    assert doc["capped"] is True and doc["exempt"] is False
    assert doc["events"][0]["penalty"] == "126250.00" and doc["events"][0]["capped"] is True
    assert doc["terms"]["cap_amount"] == "125000.00"


def test_cli_json_exempt_and_contract_total(cli: CliCall) -> None:
    # 5 000 × 2 / 1000 = 10.00 ≤ 1 000: exempt; --contract-total changes the cap base
    run = cli("penalties", str(FLAGSHIP), "-l", "5000:2", "--contract-total", "20000", "-f", "json")
    doc = json.loads(run.out)
    assert doc["exempt"] is True and doc["total"] == "0.00"
    assert doc["terms"]["cap_amount"] == "2000.00"


def test_cli_events(cli: CliCall, tmp_path: Path) -> None:
    log = tmp_path / "suivi.yaml"
    log.write_text("events:\n  - {label: Lot 1, value: 150000, days: 15}\n", encoding="utf-8")
    run = cli("penalties", str(FLAGSHIP), "--events", str(log), "--late", "20000:4")
    assert run.code == 0, run.err
    # 2 250.00 + 80.00
    assert "Total due: 2\u202f330,00\u202f€" in run.out
    assert run.out.index("Lot 1") < run.out.index("--late 20000:4")


@pytest.mark.parametrize(
    ("late", "fragment"),
    [
        ("abc", "expected VALUE:DAYS"),
        ("5000", "expected VALUE:DAYS"),
        ("5000:", "expected VALUE:DAYS"),
        ("-5000:3", "cannot be negative"),
        ("5000:-3", "cannot be negative"),
        ("5000:2.5", "whole number"),
        ("x:3", "not a number"),
        ("NaN:3", "not a number"),
    ],
)
def test_cli_bad_late_values(cli: CliCall, late: str, fragment: str) -> None:
    run = cli("penalties", str(FLAGSHIP), f"--late={late}")
    assert run.code == 2
    assert fragment in run.err


def test_cli_usage_errors(cli: CliCall) -> None:
    assert cli("penalties", str(FLAGSHIP)).code == 2
    assert cli("penalties", str(FLAGSHIP), "-l", "1:1", "-f", "xml").code == 2
    assert cli("penalties", str(FLAGSHIP), "-l", "1:1", "--contract-total", "-3").code == 2


def test_cli_project_without_settings_says_what_is_missing(cli: CliCall, tmp_path: Path) -> None:
    path = tmp_path / "cdc.yaml"
    path.write_text(
        "project:\n  id: p\n  title: T\n  version: '1'\n  date: 2027-01-01\n"
        "  buyer: {name: B}\n  contact: {name: C}\ncontract:\n  types: [licence]\n",
        encoding="utf-8",
    )
    run = cli("penalties", str(path), "--late", "1000:3")
    assert run.code == 1
    assert "contract.penalties.delay" in run.err and "ccag_tic_2021" in run.err


# -- invariants -------------------------------------------------------------------------------
amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)


@given(
    delays=st.lists(st.tuples(amounts, st.integers(0, 400)), max_size=8),
    cap=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1)),
    exemption=st.one_of(st.none(), amounts),
    total=amounts,
)
@settings(max_examples=200, deadline=None)
def test_invariants(
    delays: list[tuple[Decimal, int]],
    cap: Decimal | None,
    exemption: Decimal | None,
    total: Decimal,
) -> None:
    t = PenaltyTerms(D(1000), cap, exemption, total, "project")
    result = compute(t, [Delay(v, d) for v, d in delays])
    assert result.total == sum((e.applied for e in result.events), D(0))
    assert result.gross_total == sum((e.penalty for e in result.events), D(0))
    assert D(0) <= result.total <= result.gross_total
    if t.cap_amount is not None:
        assert result.total <= t.cap_amount
        assert result.capped == (result.gross_total > t.cap_amount)
    if result.exempt:
        assert result.total == 0 and exemption is not None and result.gross_total <= exemption
    for e in result.events:
        assert e.penalty == e.penalty.quantize(D("0.01"))
