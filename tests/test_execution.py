"""Contract follow-up computations: penalties, credits, réfactions, deadlines, evidence, reader.

Every amount is checked to the cent against a hand computation, on both sides of each cap and
of the exemption threshold, for a public (CCAG-TIC) and a private (clause pénale) contract.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdc.execution import (
    DeadlineKind,
    DeadlineStatus,
    EvidenceState,
    change_summary,
    check_evidence,
    deadlines,
    delay_penalties,
    execution_terms,
    follow_up,
    price_reductions,
    service_credits,
)
from cdc.model import Project
from cdc.model.execution import ExecutionLog
from cdc.reading.execution import default_log_path, load_log

D = dt.date


def project(
    *, public: bool = True, contract: dict[str, Any] | None = None, **extra: Any
) -> Project:
    """A small valid project with a go-live milestone and the given contract section."""
    data: dict[str, Any] = {
        "project": {
            "id": "t",
            "title": "T",
            "version": "1.0",
            "date": "2027-01-15",
            "procurement": "public" if public else "private",
            "buyer": {"name": "B"},
            "contact": {"name": "C", "email": "c@example.org"},
        },
        "planning": {"milestones": [{"kind": "go_live", "id": "mes", "date": "2027-11-15"}]},
    }
    if contract is not None:
        data["contract"] = contract
    data.update(extra)
    return Project.model_validate(data)


PUBLIC = {"frame": "ccag_tic_2021", "estimated_total": 100000}


def log(**parts: Any) -> ExecutionLog:
    return ExecutionLog.model_validate(parts)


def late(value: int | str, actual: str, **extra: Any) -> dict[str, Any]:
    return {"id": "L1", "milestone": "mes", "value": value, "actual": actual, **extra}


# -- delay penalties, public contract (CCAG-TIC: /1000, cap 10 %, exemption 1,000 €) ---------


def penalty(p: Project, entries: list[dict[str, Any]], as_of: str = "2028-06-01") -> Decimal:
    return delay_penalties(
        execution_terms(p), p, log(deliveries=entries), D.fromisoformat(as_of)
    ).total


def test_public_penalty_at_the_exemption_threshold_is_not_due() -> None:
    # 50,000 × 20 / 1000 = 1,000.00 ≤ 1,000 € → exempt
    assert penalty(project(contract=PUBLIC), [late(50000, "2027-12-05")]) == Decimal("0.00")


def test_public_penalty_just_above_the_exemption_threshold_is_due_in_full() -> None:
    # 50,000 × 21 / 1000 = 1,050.00 > 1,000 € → due
    assert penalty(project(contract=PUBLIC), [late(50000, "2027-12-06")]) == Decimal("1050.00")


def test_public_penalty_below_the_cap() -> None:
    # cap 10 % × 100,000 = 10,000; 100,000 × 99 / 1000 = 9,900.00
    p = project(contract=PUBLIC)
    assert penalty(p, [late(100000, "2028-02-22")]) == Decimal("9900.00")


def test_public_penalty_above_the_cap_is_cut_to_the_cap() -> None:
    # 100,000 × 101 / 1000 = 10,100.00 → capped at 10,000.00
    p = project(contract=PUBLIC)
    result = delay_penalties(
        execution_terms(p), p, log(deliveries=[late(100000, "2028-02-24")]), D(2028, 6, 1)
    )
    assert result.lines[0].gross_penalty == Decimal("10100.00")
    assert result.total == Decimal("10000.00")
    assert result.result is not None and result.result.capped


def test_excusable_days_are_deducted_with_their_reason() -> None:
    # flagship case: 14 days late, 3 excused → 240,000 × 11 / 1000 = 2,640.00
    p = project(contract={"frame": "ccag_tic_2021", "estimated_total": 1250000})
    entry = late(240000, "2027-11-29", excusable=[{"days": 3, "reason": "Données remises tard."}])
    result = delay_penalties(execution_terms(p), p, log(deliveries=[entry]), D(2027, 12, 8))
    line = result.lines[0]
    assert (line.gross_days, line.excused_days, line.days) == (14, 3, 11)
    assert line.excused[0].reason == "Données remises tard."
    assert result.total == Decimal("2640.00")


def test_a_delivery_not_made_runs_up_to_the_as_of_date() -> None:
    p = project(contract=PUBLIC)
    entry = {"id": "L1", "milestone": "mes", "value": 100000}
    result = delay_penalties(execution_terms(p), p, log(deliveries=[entry]), D(2027, 11, 27))
    assert result.lines[0].running and result.lines[0].days == 12
    assert result.total == Decimal("1200.00")


def test_planned_date_overrides_the_milestone() -> None:
    p = project(contract=PUBLIC)
    entry = late(50000, "2027-12-06", planned="2027-11-20")  # 16 days: 800.00 → exempt
    assert penalty(p, [entry]) == Decimal("0.00")


# -- delay penalties, private contract (clause pénale: formal notice + grace) ------------------

PRIVATE = {
    "estimated_total": 200000,
    "penalties": {"delay": {"divisor": 3000, "cap": 5, "grace_days": 10}},
}


def notice(date: str) -> dict[str, Any]:
    return {
        "id": "G1",
        "title": "Retard",
        "observed": "2027-11-16",
        "facts": "Livraison en retard.",
        "delivery": "L1",
        "steps": [{"kind": "formal_notice", "date": date}],
    }


def test_private_penalty_runs_from_formal_notice_plus_grace() -> None:
    # planned 11-15, notice 11-20 + 10 days → runs from 11-30; delivered 12-26: 26 days
    # 90,000 × 26 / 3000 = 780.00 (no exemption threshold in this contract)
    p = project(public=False, contract=PRIVATE)
    lg = log(deliveries=[late(90000, "2027-12-26")], grievances=[notice("2027-11-20")])
    result = delay_penalties(execution_terms(p), p, lg, D(2028, 1, 10))
    line = result.lines[0]
    assert line.formal_notice == D(2027, 11, 20) and line.start == D(2027, 11, 30)
    assert (line.gross_days, line.days) == (41, 26)
    assert result.total == Decimal("780.00")


def test_private_penalty_is_nothing_without_formal_notice() -> None:
    p = project(public=False, contract=PRIVATE)
    result = delay_penalties(
        execution_terms(p), p, log(deliveries=[late(90000, "2027-12-26")]), D(2028, 1, 10)
    )
    assert result.total == Decimal("0.00")
    assert result.lines[0].note is not None and "formal notice" in result.lines[0].note


def test_private_penalty_cap_both_sides() -> None:
    # cap 5 % × 200,000 = 10,000.00; from 11-30: 333 days × 90,000 / 3000 = 9,990.00 (below)
    # 334 days → 10,020.00 → cut to 10,000.00
    p = project(public=False, contract=PRIVATE)
    below = log(deliveries=[late(90000, "2028-10-28")], grievances=[notice("2027-11-20")])
    above = log(deliveries=[late(90000, "2028-10-29")], grievances=[notice("2027-11-20")])
    terms = execution_terms(p)
    assert delay_penalties(terms, p, below, D(2029, 1, 1)).total == Decimal("9990.00")
    assert delay_penalties(terms, p, above, D(2029, 1, 1)).total == Decimal("10000.00")


def test_formal_notice_is_the_default_only_for_private_non_ccag_contracts() -> None:
    assert execution_terms(project(public=False, contract=PRIVATE)).formal_notice_required
    assert not execution_terms(project(contract=PUBLIC)).formal_notice_required
    assert execution_terms(project(contract=PUBLIC)).comment_days == 15


# -- service credits ---------------------------------------------------------------------------

CREDITS = {
    "frame": "ccag_tic_2021",
    "estimated_total": 1000000,
    "penalties": {
        "monthly_fee": 12400,
        "credits_cap": 25,
        "service_credits": [
            {
                "id": "dispo",
                "indicator": "Disponibilité",
                "target": "99,95 %",
                "threshold": 99.95,
                "step": 0.1,
                "credit": 5,
                "cap": 20,
            },
            {
                "id": "pec",
                "indicator": "Prise en charge",
                "target": "30 min",
                "threshold": 30,
                "direction": "at_most",
                "credit": 2,
                "cap": 10,
            },
        ],
    },
}


def credits(measures: list[dict[str, Any]]) -> tuple[Decimal, list[Decimal], bool]:
    p = project(contract=CREDITS)
    result = service_credits(
        execution_terms(p), log(service_levels=[{"month": "2027-11", "measures": measures}])
    )
    period = result.periods[0]
    return period.total, [line.amount for line in period.lines], period.capped


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("99.95", "0.00"),  # met exactly
        ("99.81", "1240.00"),  # 0.14 short: 2 started steps × 5 % × 12,400
        ("99.56", "2480.00"),  # 0.39 short: 4 steps = 20 % = the cap, not cut
        ("99.50", "2480.00"),  # 0.45 short: 5 steps = 25 % → cut to the 20 % cap
    ],
)
def test_availability_credit_per_started_step_and_its_cap(value: str, amount: str) -> None:
    _, lines, _ = credits([{"service_level": "dispo", "value": Decimal(value)}])
    assert lines == [Decimal(amount)]


def test_counted_breaches_and_the_month_cap_both_sides() -> None:
    # 2,480.00 + 2 × 2 % × 12,400 = 2,480 + 496 = 2,976.00 < 3,100.00 (25 %)
    total, _, capped = credits(
        [{"service_level": "dispo", "value": 99.5}, {"service_level": "pec", "breaches": 2}]
    )
    assert (total, capped) == (Decimal("2976.00"), False)
    # 3 breaches: 2,480 + 744 = 3,224 → month cap 3,100.00
    total, _, capped = credits(
        [{"service_level": "dispo", "value": 99.5}, {"service_level": "pec", "breaches": 3}]
    )
    assert (total, capped) == (Decimal("3100.00"), True)


def test_at_most_level_missed_once_without_a_count() -> None:
    _, lines, _ = credits([{"service_level": "pec", "value": 31}])
    assert lines == [Decimal("248.00")]


# -- réfaction, changes ------------------------------------------------------------------------


def test_price_reduction_is_value_minus_reduced_price() -> None:
    lg = log(
        deliveries=[late(95000, "2027-11-15")],
        verifications=[
            {
                "id": "VA",
                "delivery": "L1",
                "kind": "va",
                "start": "2027-11-16",
                "decision": "price_reduction",
                "decision_date": "2027-12-01",
                "reduced_price": 85500,
            }
        ],
    )
    (reduction,) = price_reductions(lg)
    assert reduction.reduction == Decimal("9500")


def test_changes_against_ten_percent_of_the_initial_amount() -> None:
    p = project(contract={"estimated_total": 500000})
    changes = [
        {
            "id": "A",
            "kind": "amendment",
            "title": "A",
            "date": "2027-10-01",
            "status": "accepted",
            "price_impact": 50000,
        },
        {
            "id": "B",
            "kind": "change_request",
            "title": "B",
            "date": "2027-10-02",
            "status": "proposed",
            "price_impact": 1000,
        },
    ]
    summary = change_summary(execution_terms(p), p, log(changes=changes))
    assert summary.percent == Decimal("10.00") and not summary.over_threshold
    assert summary.percent_if_accepted == Decimal("10.20")
    changes[0]["price_impact"] = 50001
    summary = change_summary(execution_terms(p), p, log(changes=changes))
    assert summary.over_threshold


# -- deadlines ---------------------------------------------------------------------------------


def test_vsr_decision_is_critical_and_seven_days_after_the_period() -> None:
    p = project(contract=PUBLIC)
    lg = log(
        deliveries=[late(1000, "2027-11-15")],
        verifications=[{"id": "V", "delivery": "L1", "kind": "vsr", "start": "2027-11-08"}],
    )
    items = deadlines(execution_terms(p), p, lg, D(2027, 12, 8))
    (decision,) = [d for d in items if d.kind is DeadlineKind.decision]
    # 30 days from 11-08 → last day 12-07; decision 7 days later
    assert decision.date == D(2027, 12, 14) and decision.critical
    assert decision.status is DeadlineStatus.soon and decision.days_left == 6
    assert decision.uid == "decision-V@t.cdc"


def test_notice_of_non_renewal_and_term_end() -> None:
    p = project(contract={**PUBLIC, "duration_months": 36, "notice_months": 3})
    lg = log(contract={"start": "2027-06-30"})
    items = {d.kind: d for d in deadlines(execution_terms(p), p, lg, D(2027, 12, 8))}
    assert items[DeadlineKind.contract_end].date == D(2030, 6, 29)
    assert items[DeadlineKind.renewal_notice].date == D(2030, 3, 29)


# -- evidence ----------------------------------------------------------------------------------


def piece(file: str, content: bytes) -> dict[str, Any]:
    return {
        "id": "P1",
        "file": file,
        "date": "2027-11-29",
        "description": "PV",
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def test_evidence_ok_altered_missing_outside(tmp_path: Path) -> None:
    (tmp_path / "pv.txt").write_bytes(b"PV\n")
    ok = log(evidence=[piece("pv.txt", b"PV\n")])
    assert check_evidence(ok, tmp_path)[0].state is EvidenceState.ok
    (tmp_path / "pv.txt").write_bytes(b"PV modifie\n")
    assert check_evidence(ok, tmp_path)[0].state is EvidenceState.altered
    (tmp_path / "pv.txt").unlink()
    assert check_evidence(ok, tmp_path)[0].state is EvidenceState.missing
    outside = log(evidence=[piece("../x.txt", b"")])
    assert check_evidence(outside, tmp_path)[0].state is EvidenceState.outside


# -- reading -----------------------------------------------------------------------------------


def test_folder_log_is_merged_and_errors_are_located(tmp_path: Path) -> None:
    folder = tmp_path / "execution"
    folder.mkdir()
    (folder / "a.yaml").write_text("contract: {start: 2027-06-30}\ndeliveries: []\n")
    (folder / "b.yaml").write_text("deliveries:\n  - id: L1\n    milestone: mes\n    value: -5\n")
    assert default_log_path(tmp_path) == folder
    loaded = load_log(folder)
    assert loaded.log is None
    (finding,) = loaded.findings
    assert finding.rule == "SCH004" and finding.mark.path.endswith("b.yaml")
    assert (finding.mark.line, finding.mark.col) == (4, 12)


def test_unknown_key_in_the_log_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "execution.yaml"
    path.write_text("deliveries:\n  - {id: L1, milestone: mes, valeur: 3}\n")
    loaded = load_log(path)
    assert loaded.log is None and loaded.findings[0].rule == "SCH003"


# -- invariants --------------------------------------------------------------------------------


@given(
    value=st.integers(min_value=0, max_value=10**9),
    days=st.integers(min_value=0, max_value=2000),
    cap=st.integers(min_value=1, max_value=100),
)
def test_capped_total_never_exceeds_the_cap_and_grows_with_delay(
    value: int, days: int, cap: int
) -> None:
    p = project(
        contract={
            "frame": "ccag_tic_2021",
            "estimated_total": 1000000,
            "penalties": {"delay": {"cap": cap, "exemption_threshold": 0}},
        }
    )
    terms = execution_terms(p)
    assert terms.penalty_terms is not None and terms.penalty_terms.cap_amount is not None
    entry = {"id": "L1", "milestone": "mes", "value": value}
    as_of = D(2027, 11, 15) + dt.timedelta(days=days)
    now = delay_penalties(terms, p, log(deliveries=[entry]), as_of).total
    later = delay_penalties(terms, p, log(deliveries=[entry]), as_of + dt.timedelta(days=1)).total
    assert 0 <= now <= later <= terms.penalty_terms.cap_amount


def test_follow_up_of_the_flagship_as_of_a_date() -> None:
    from cdc.reading.project import load_project
    from tests.conftest import ROOT

    loaded = load_project(ROOT / "examples/contact-center/cdc.yaml")
    assert loaded.project is not None
    lg = load_log(ROOT / "examples/contact-center/execution")
    assert lg.log is not None, [f.text() for f in lg.findings]
    f = follow_up(loaded.project, lg.log, loaded.path.parent, D(2027, 12, 8))
    assert f.penalties.total == Decimal("2640.00")
    assert f.credits.total == Decimal("1240.00")
    assert all(e.state is EvidenceState.ok for e in f.evidence) and len(f.evidence) >= 12
    claims = {c.basis.value: c for c in f.claims}
    assert claims["delay_penalty"].now == 0  # the 15-day window to comment is still open
    assert claims["service_credit"].claimed == Decimal("1240")
    later = follow_up(loaded.project, lg.log, loaded.path.parent, D(2027, 12, 16))
    assert {c.basis.value: c for c in later.claims}["delay_penalty"].now == Decimal("2640.00")


def test_extreme_dates_never_crash(tmp_path: Path) -> None:
    """Dates at the ends of the calendar give far dates, not an internal error."""
    p = project(
        contract={
            **PUBLIC,
            "duration_months": 600,
            "notice_months": 600,
            "penalties": {"delay": {"grace_days": 3650}},
            "obligations": [{"id": "o", "label": "O", "every_months": 1}],
        }
    )
    lg = log(
        contract={"start": "9999-12-01"},
        deliveries=[
            {
                "id": "L1",
                "milestone": "mes",
                "value": 1,
                "planned": "9999-12-31",
                "excusable": [{"days": 3650, "reason": "Très long."}],
            }
        ],
        verifications=[{"id": "V", "delivery": "L1", "kind": "vsr", "start": "9999-12-31"}],
        grievances=[
            {
                "id": "G",
                "title": "G",
                "observed": "9999-12-31",
                "facts": "F",
                "delivery": "L1",
                "steps": [{"kind": "invitation_to_comment", "date": "9999-12-31"}],
            }
        ],
    )
    for as_of in (D(1, 1, 1), D(9999, 12, 31)):
        f = follow_up(p, lg, tmp_path, as_of)
        assert f.deadlines
        from cdc.execution.calendar import to_ical

        assert to_ical(f.deadlines, project_id="t", title="T", as_of=as_of)


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).resolve().parent.parent / "examples").glob("*/execution/*.yaml")),
    ids=lambda p: p.name,
)
def test_flagship_log_files_validate_against_the_json_schema(path: Path) -> None:
    """Editors check the log with the committed schema: each file of the folder passes it."""
    import json

    import jsonschema

    from cdc.reading.yamlsrc import read_yaml_bytes

    root = Path(__file__).resolve().parent.parent
    schema = json.loads((root / "schemas" / "execution.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(read_yaml_bytes(path.read_bytes(), str(path)).data, default=str))
    jsonschema.validate(data, schema)
    ExecutionLog.model_validate(data)


@given(
    value=st.decimals(min_value=90, max_value=100, places=3),
    breaches=st.integers(min_value=0, max_value=50),
)
def test_credits_never_exceed_the_caps_and_grow_with_the_shortfall(
    value: Decimal, breaches: int
) -> None:
    p = project(contract=CREDITS)
    terms = execution_terms(p)

    def total(v: Decimal) -> Decimal:
        measures = [
            {"service_level": "dispo", "value": v},
            {"service_level": "pec", "breaches": breaches},
        ]
        period = service_credits(
            terms, log(service_levels=[{"month": "2027-11", "measures": measures}])
        ).periods[0]
        assert period.lines[0].amount <= Decimal("2480.00")  # 20 % of 12,400
        assert period.lines[1].amount <= Decimal("1240.00")  # 10 %
        return period.total

    now = total(value)
    assert Decimal(0) <= now <= Decimal("3100.00")  # 25 % of 12,400
    assert total(max(Decimal(90), value - Decimal("0.05"))) >= now
