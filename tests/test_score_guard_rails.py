"""Price guard rails in the score: abnormally low offers and the two-bid linear min-max formula.

The abnormally-low screen (CCP L2152-5 and following: the buyer asks the vendor to justify its
price before rejecting it) is a project setting, ``evaluation.price.abnormally_low_percent``.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

from cdc.scoring import score_project
from cdc.scoring.messages import Message
from tests.conftest import ROOT, CliCall
from tests.test_scoring import project, response

EXAMPLE = ROOT / "examples" / "contact-center"


def warnings(price: dict[str, object], bids: dict[str, int]) -> list[Message]:
    report = score_project(
        project(price=price), [response(v, ["full"] * 3, p) for v, p in bids.items()], []
    )
    return [w for w in report.warnings if w.code in ("abnormally_low", "two_bids_min_max")]


def test_a_bid_far_below_the_others_is_flagged_with_its_gap() -> None:
    (low,) = warnings({"method": "proportional"}, {"A": 70, "B": 100, "C": 100})
    assert low.code == "abnormally_low"
    assert low.params == {"vendor": "A", "gap": Decimal("30.0"), "threshold": Decimal(20)}


def test_a_bid_close_to_the_others_is_not_flagged() -> None:
    assert warnings({"method": "proportional"}, {"A": 85, "B": 100, "C": 100}) == []


def test_the_screen_is_a_project_setting_and_zero_turns_it_off() -> None:
    bids = {"A": 70, "B": 100, "C": 100}
    assert warnings({"method": "proportional", "abnormally_low_percent": 35}, bids) == []
    assert warnings({"method": "proportional", "abnormally_low_percent": 0}, bids) == []
    (low,) = warnings({"method": "proportional", "abnormally_low_percent": 10}, bids)
    assert low.params["threshold"] == Decimal(10)


def test_two_bids_under_linear_min_max_warn_that_the_dearer_gets_zero() -> None:
    found = warnings(
        {"method": "linear_min_max", "abnormally_low_percent": 0}, {"A": 100, "B": 101}
    )
    assert found == [Message("two_bids_min_max", {"vendor": "B"})]


def test_three_bids_or_another_formula_do_not_warn_about_min_max() -> None:
    off = {"abnormally_low_percent": 0}
    assert warnings({"method": "linear_min_max", **off}, {"A": 100, "B": 101, "C": 105}) == []
    assert warnings({"method": "proportional", **off}, {"A": 100, "B": 101}) == []
    assert warnings({"method": "linear_min_max", **off}, {"A": 100, "B": 100}) == []


def test_cdc_score_prints_the_abnormally_low_screen_in_every_format(
    cli: CliCall, tmp_path: Path
) -> None:
    """On the flagship with a tight screen (5 %), the cheapest bids are flagged in the JSON, the
    terminal table and the HTML report (as a legal guard rail)."""
    project_dir = tmp_path / "p"
    shutil.copytree(EXAMPLE, project_dir, ignore=shutil.ignore_patterns("out"))
    path = project_dir / "cdc.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    method: proportional\n    years: 3\n    vat: excl_vat\n"
    assert old in text
    path.write_text(text.replace(old, old + "    abnormally_low_percent: 5\n"), encoding="utf-8")
    args = ("score", str(path), str(project_dir / "responses"))
    flagged = json.loads(cli(*args, "--format", "json").out)["warning_details"]
    lows = [w for w in flagged if w["code"] == "abnormally_low"]
    assert lows and all(w["params"]["threshold"] == 5 for w in lows)
    table = cli(*args)
    assert table.code == 0 and "may be abnormally low" in table.out
    html = tmp_path / "score.html"
    assert cli(*args, "--format", "html", "-o", str(html)).code == 0
    assert "anormalement basse" in html.read_text(encoding="utf-8")
    # the flagship as published (20 % screen) flags nothing
    published = cli("score", str(EXAMPLE / "cdc.yaml"), str(EXAMPLE / "responses"), "-f", "json")
    plain = json.loads(published.out)
    assert not [w for w in plain["warning_details"] if w["code"] == "abnormally_low"]


def _answers(bids: dict[str, tuple[str, int]]) -> list[Message]:
    """Like :func:`warnings`, with each bid's answer to the must requirement R-001."""
    report = score_project(
        project(price={"method": "linear_min_max", "abnormally_low_percent": 20}),
        [response(v, [first, "full", "full"], p) for v, (first, p) in bids.items()],
        [],
    )
    return [w for w in report.warnings if w.code in ("abnormally_low", "two_bids_min_max")]


def test_the_screen_and_the_min_max_warning_count_only_the_bids_in_competition() -> None:
    """An eliminated bid (must answered "no") is neither screened nor part of the others' mean:
    A is 30 % below B, the only other competing bid; with C (30) in the mean it would not be.
    Two bids still compete, so the min-max warning names the dearer of them."""
    found = _answers({"A": ("full", 70), "B": ("full", 100), "C": ("no", 30)})
    assert Message("abnormally_low", {"vendor": "A", "gap": Decimal("30.0"), "threshold": 20}) in (
        found
    )
    assert [w.params["vendor"] for w in found if w.code == "abnormally_low"] == ["A"]
    assert Message("two_bids_min_max", {"vendor": "B"}) in found


def test_a_single_competing_bid_gets_neither_warning() -> None:
    assert _answers({"A": ("full", 100), "B": ("no", 50), "C": ("no", 10)}) == []
