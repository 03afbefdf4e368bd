"""Hostile and careless inputs: numbers out of any sane range, control characters, text made to
fool a terminal or a CI log. Each is refused with a located error (exit 1, or 2 for a command
line value) or printed harmlessly; none is an internal error (exit 3).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cdc.contract.penalties import event_penalty, to_cent
from cdc.core.errors import InputError
from cdc.core.findings import Finding, Mark, Severity
from cdc.core.safetext import REFUSED, describe, printable, safe_line, safe_lines
from cdc.linting.engine import LintResult
from cdc.linting.report import to_github, to_json, to_junit, to_sarif, to_text
from cdc.model._base import MAX_MONEY, MAX_QUANTITY, Model, Money, Percent, Quantity
from cdc.reading.project import control_findings
from cdc.reading.yamlsrc import parse_yaml
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center"
RESPONSE = FLAGSHIP / "responses" / "boreal-cx.yaml"
NOTES = FLAGSHIP / "evaluations" / "eval-si.yaml"
ESC = "\x1b"


def _project(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The flagship with one edit; returns its path and the 1-based line of the edit."""
    text = (FLAGSHIP / "cdc.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "cdc.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


def _response(folder: Path, name: str, old: str = "", new: str = "") -> Path:
    text = RESPONSE.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _two_bids(tmp_path: Path, old: str = "", new: str = "", name: str = "r.yaml") -> Path:
    """A folder with the edited response and a second, honest bid (so price notes compare)."""
    folder = tmp_path / "responses"
    _response(folder, name, old, new)
    _response(
        folder,
        "second.yaml",
        "vendor: Boréal CX",
        "vendor: Second",
    )
    return folder


def _no_line_is_a_command(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line
        assert ESC not in line, line


# --- Numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e27", ".nan", ".inf", "-.inf", "1e400", "-5"])
def test_an_absurd_contract_total_is_a_located_lint_error(
    value: str, tmp_path: Path, cli: CliCall
) -> None:
    """Passed lint before, then crashed render and ``cdc penalties`` in ``to_cent`` (exit 3)."""
    path, line = _project(tmp_path, "estimated_total: 1250000", f"estimated_total: {value}")
    run = cli("lint", str(path))
    assert run.code == 1
    assert re.search(
        rf"cdc\.yaml:{line}:\d+: error SCH004 contract\.estimated_total: an amount must be ",
        run.out,
    ), run.out
    penalties = cli("penalties", str(path), "--late", "1000:3")
    assert penalties.code == 1, penalties.err
    assert "SCH004" in penalties.err and "internal error" not in penalties.err


def test_render_refuses_an_absurd_amount_instead_of_crashing(tmp_path: Path, cli: CliCall) -> None:
    path, _ = _project(tmp_path, "estimated_total: 1250000", "estimated_total: 1e27")
    run = cli("render", str(path), "--format", "md", "--output-dir", str(tmp_path / "out"))
    assert run.code == 1
    assert "SCH004" in run.err and "internal error" not in run.err


def test_a_divisor_below_one_is_refused(tmp_path: Path, cli: CliCall) -> None:
    text = (FLAGSHIP / "cdc.yaml").read_text(encoding="utf-8")
    match = re.search(r"\n(\s+)divisor: \d+", text)
    if match is None:
        pytest.skip("the flagship sets no penalty divisor")
    path = tmp_path / "cdc.yaml"
    path.write_text(text.replace(match.group(0), f"\n{match.group(1)}divisor: 1e-400"), "utf-8")
    run = cli("lint", str(path))
    assert run.code == 1 and "the divisor must be between 1 and" in run.out


class _Amounts(Model):
    money: Money
    quantity: Quantity
    percent: Percent


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**40), max_value=10**40),
    )
)
def test_every_amount_is_finite_and_in_range_or_refused(value: object) -> None:
    """Whatever number comes in, the model holds a finite in-range Decimal or says why not."""
    try:
        got = _Amounts.model_validate({"money": value, "quantity": value, "percent": value})
    except ValidationError as exc:
        for err in exc.errors():
            assert err["type"] == "value_error", err
        return
    for number, high in ((got.money, MAX_MONEY), (got.quantity, MAX_QUANTITY)):
        assert number.is_finite() and 0 <= number <= high
        assert not number.is_signed()  # -0.0 is 0
    assert 0 <= got.percent <= 100


def test_negative_zero_is_zero() -> None:
    got = _Amounts.model_validate({"money": -0.0, "quantity": Decimal("-0"), "percent": 0})
    assert f"{got.money:.2f}" == "0.00" and f"{got.quantity:.2f}" == "0.00"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".nan", "an amount must be a finite number"),
        (".inf", "an amount must be a finite number"),
        ("1e400", "an amount must be between 0 and 1,000,000,000,000"),
        ("1e30", "an amount must be between 0 and 1,000,000,000,000"),
    ],
)
def test_a_hostile_price_in_a_yaml_response_is_located(
    value: str, message: str, tmp_path: Path, cli: CliCall
) -> None:
    """Crashed the price warnings in scoring/explain.py (exit 3) with two or more bids."""
    folder = _two_bids(tmp_path, "  unit_price: 960\n", f"  unit_price: {value}\n")
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert run.code == 1, run.err
    assert re.search(rf"r\.yaml:\d+:\d+: error SCH004 prices\[#1\]\.unit_price: {message}", run.err)


def test_prices_adding_up_beyond_any_contract_are_refused(tmp_path: Path, cli: CliCall) -> None:
    """Each line in range (1e12 × 1e9), the total is not: refused before any arithmetic."""
    folder = _two_bids(
        tmp_path,
        "  unit_price: 960\n  quantity: 125\n",
        "  unit_price: 1000000000000\n  quantity: 1000000000\n",
    )
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert run.code == 1
    assert re.search(r"r\.yaml:\d+:\d+: error SCO001 the prices add up to ", run.err), run.err


@pytest.mark.parametrize("value", ["-0.0", "1e-400", "0.000001"])
def test_tiny_and_signed_zero_prices_score(value: str, tmp_path: Path, cli: CliCall) -> None:
    folder = _two_bids(tmp_path, "  unit_price: 960\n", f"  unit_price: {value}\n")
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder), "--format", "json")
    assert run.code == 0, run.err
    assert "-0.00" not in run.out


@pytest.mark.parametrize("value", [".nan", "1e400", "-1"])
def test_a_hostile_evaluator_note_is_located(value: str, tmp_path: Path, cli: CliCall) -> None:
    text = NOTES.read_text(encoding="utf-8").replace("  note: 4.5\n", f"  note: {value}\n", 1)
    notes = tmp_path / "notes.yaml"
    notes.write_text(text, encoding="utf-8")
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(RESPONSE), "-e", str(notes))
    assert run.code == 1
    assert re.search(
        r"notes\.yaml:\d+:\d+: error SCH004 notes\[#\d+\]\.note: a note must be", run.err
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--late", "1e30:3"], "an amount is at most 1,000,000,000,000"),
        (["--late", "NaN:3"], "not a number"),
        (["--late", "1000:99999999999999999999999999"], "days of delay are at most 3650"),
        (["--late", "1000:" + "9" * 5000], "days of delay are at most 3650"),
        (["--late", "1000:٣"], "days must be a whole number"),
        (["--late", "1000:3", "--contract-total", "1e40"], "an amount is at most"),
        (["--late", "1000:3", "--contract-total", "Infinity"], "not a number"),
    ],
)
def test_penalties_command_line_values_are_range_checked(
    args: list[str], message: str, cli: CliCall
) -> None:
    run = cli("penalties", str(FLAGSHIP / "cdc.yaml"), *args)
    assert run.code == 2
    assert message in run.err
    assert len(run.err) < 400  # a 5,000-digit argument is not quoted back whole


def test_to_cent_refuses_instead_of_crashing() -> None:
    with pytest.raises(InputError):
        to_cent(Decimal("1e40"))
    with pytest.raises(InputError):
        to_cent(Decimal("NaN"))
    # the largest inputs the models allow stay exact to the cent
    assert event_penalty(MAX_MONEY, 3650, Decimal(1)) == Decimal("3650000000000000.00")
    assert event_penalty(Decimal("0.01"), 1, Decimal(1_000_000)) == Decimal("0.00")


# --- Control characters in input ------------------------------------------------------------


def test_render_refuses_control_characters_with_their_location(
    tmp_path: Path, cli: CliCall
) -> None:
    """Rendered "the template produced malformed markup", with no location, before."""
    case = ROOT / "tests" / "cases" / "negative" / "sch011-control-character" / "cdc.yaml"
    shutil.copy(case, tmp_path / "cdc.yaml")
    run = cli("render", "cdc.yaml", "--format", "md", "--output-dir", "out", cwd=tmp_path)
    assert run.code == 1
    assert "cdc.yaml:48:30: error SCH011 " in run.err
    assert "malformed" not in run.err


def test_a_control_character_in_an_include_is_located_there(tmp_path: Path, cli: CliCall) -> None:
    minimal = ROOT / "tests" / "cases" / "positive" / "include"
    shutil.copytree(minimal, tmp_path / "p")
    parts = sorted(p for p in (tmp_path / "p").rglob("*.yaml") if p.name != "cdc.yaml")
    assert parts, "the include case has included files"
    part = parts[0]
    lines = part.read_text(encoding="utf-8").splitlines()
    n = next(i for i, ln in enumerate(lines) if re.match(r"\s*(- )?title: ", ln))
    key, _, _ = lines[n].partition("title: ")
    lines[n] = f'{key}title: "Bell\\a"'
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("lint", "cdc.yaml", cwd=tmp_path / "p")
    assert run.code == 1
    assert re.search(rf"{re.escape(part.name)}:{n + 1}:\d+: error SCH011 .*U\+0007", run.out), (
        run.out
    )


@pytest.mark.parametrize(
    ("escape", "name"),
    [("\\e", "U+001B"), ("\\0", "U+0000"), ("\\N", "U+0085"), ("\\u202e", "U+202E")],
)
def test_a_vendor_name_with_a_control_character_is_refused(
    escape: str, name: str, tmp_path: Path, cli: CliCall
) -> None:
    folder = _two_bids(tmp_path, "vendor: Boréal CX", f'vendor: "Evil{escape}CX"')
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert run.code == 1
    assert re.search(rf"r\.yaml:2:\d+: error SCH011 text at vendor .*{re.escape(name)}", run.err)
    assert ESC not in run.err


def test_an_evaluator_comment_with_a_control_character_is_refused(
    tmp_path: Path, cli: CliCall
) -> None:
    data = yaml.safe_load(NOTES.read_text(encoding="utf-8"))
    data["notes"][0]["comment"] = "ok\x07"  # dumped as "ok\a": YAML reads it back as BEL
    notes = tmp_path / "notes.yaml"
    notes.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(RESPONSE), "-e", str(notes))
    assert run.code == 1 and "SCH011" in run.err


def _yaml_escape(char: str) -> str:
    """One character inside a YAML double-quoted string: printable ASCII as is, all else as an
    escape (the only way a control character gets past YAML's reader)."""
    if " " <= char <= "~" and char not in '"\\':
        return char
    return f"\\U{ord(char):08x}"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_a_refused_character_is_found_wherever_yaml_lets_it_in(text: str) -> None:
    """Any text, written as a YAML double-quoted string (escapes included), is reported at its
    first refused character, in the value and in a key alike; clean text is not reported."""
    quoted = '"' + "".join(_yaml_escape(c) for c in text) + '"'
    doc = parse_yaml(f"a: {quoted}\n{quoted}: 1\n", "t.yaml")
    assert doc.data is not None, doc.findings
    found = control_findings(doc.data, doc.source, "SCH011")
    expected = REFUSED.search(text)
    if expected is None:
        assert found == []
        return
    assert [f.mark.line for f in found] == [1, 2]
    assert all(describe(expected.group()) in f.message for f in found)


def test_a_vendor_name_on_two_lines_is_one_line(tmp_path: Path, cli: CliCall) -> None:
    """A label is one line: the break becomes a space, so the name cannot start a line."""
    folder = _two_bids(tmp_path, "vendor: Boréal CX", 'vendor: "X\\n::error::pwned"')
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder), "--format", "csv")
    assert run.code == 0, run.err
    assert "X ::error::pwned" in run.out
    table = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    _no_line_is_a_command(table.out)


# --- Output: escaped, one line per finding, never a workflow command ------------------------


@given(st.text())
def test_printable_leaves_no_control_or_line_break(text: str) -> None:
    shown = printable(text)
    assert (
        re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", shown)
        is None
    )
    assert printable(shown) == shown


def test_invisible_characters_are_shown_so_two_names_never_look_the_same() -> None:
    assert printable("Boréal\u200bCX") == "Boréal\\u200bCX" != printable("BoréalCX")
    assert printable("\ufeffA\u2060") == "\\ufeffA\\u2060"
    assert printable("tab\tstays") == "tab\tstays"


@given(st.text() | st.text(alphabet=":#[ \t\n\r\x85\u2028ae"))
def test_no_safe_line_is_a_workflow_command(text: str) -> None:
    for line in safe_lines(printable(text)).splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line
    assert not safe_line(printable(text)).lstrip().startswith("::")


def _hostile_result() -> LintResult:
    message = "unknown key 'x\n::error file=a.yaml::owned\x1b[2J' ##[warning]hi %0A"
    finding = Finding(Mark("::warning::p,x.yaml", 3, 5), Severity.error, "SCH003", message)
    waived = Finding(
        Mark("cdc.yaml", 1, 1), Severity.warning, "REQ004", "vague", waiver="ok\n::error::w"
    )
    return LintResult(files=["::warning::p,x.yaml"], findings=[finding, waived])


def test_the_text_report_escapes_user_text() -> None:
    out = to_text(_hostile_result())
    assert len(out.splitlines()) == 2  # one finding, one line
    _no_line_is_a_command(out)
    assert "./::warning::p,x.yaml:3:5: error SCH003 unknown key 'x\\n::error" in out
    assert "\\x1b[2J" in out


def test_the_github_report_escapes_data_and_properties() -> None:
    out = to_github(_hostile_result())
    lines = out.splitlines()
    assert len(lines) == 2
    first = lines[0]
    assert first.startswith(
        "::error file=%3A%3Awarning%3A%3Ap%2Cx.yaml,line=3,col=5,title=SCH003::"
    )
    assert "%0A::error" in first and "%250A" in first and "\\x1b" in first
    assert ESC not in out


@pytest.mark.parametrize("reporter", [to_json, to_sarif])
def test_json_reports_carry_the_text_as_is_but_no_command(
    reporter: Callable[[LintResult], str],
) -> None:
    """``##[warning]`` anywhere in a CI log line is a (legacy) workflow command: JSON writes the
    bracket as an escape, and the decoded message is unchanged."""
    out = reporter(_hostile_result())
    assert "##[" not in out
    assert "##[warning]hi" in json.dumps(json.loads(out), ensure_ascii=False)


def test_the_junit_report_is_well_formed_xml_with_control_characters() -> None:
    root = ET.fromstring(to_junit(_hostile_result()))
    failure = root.find(".//failure")
    assert failure is not None and "\\x1b" in (failure.get("message") or "")


def test_lint_text_of_a_hostile_key_prints_no_command(tmp_path: Path, cli: CliCall) -> None:
    path, _ = _project(
        tmp_path,
        "estimated_total: 1250000",
        'estimated_total: 1250000\n  "x\\n::error::y\\e[31m": 1',
    )
    run = cli("lint", str(path))
    assert run.code == 1
    _no_line_is_a_command(run.out)
    assert "\\n::error::y\\x1b[31m" in run.out


def test_the_score_table_shows_rich_markup_and_emoji_codes_as_text(
    tmp_path: Path, cli: CliCall
) -> None:
    folder = _two_bids(tmp_path, "vendor: Boréal CX", 'vendor: "[b]Ev[/b]:x:"')
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert run.code == 0, run.err
    assert "[b]Ev[/b]:x:" in run.out


def test_error_lines_never_start_a_workflow_command(tmp_path: Path, cli: CliCall) -> None:
    """A response file a vendor named ``::error …`` is quoted back as ``./::error …``."""
    folder = _two_bids(tmp_path, "  unit_price: 960\n", "  unit_price: .nan\n", name="a.yaml")
    _response(folder, "::error::x.yaml", "  unit_price: 960\n", "  unit_price: .nan\n")
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), ".", cwd=folder)
    assert run.code == 1
    _no_line_is_a_command(run.err)
    assert "./::error::x.yaml:" in run.err


def test_a_project_dated_year_9999_renders_its_spreadsheets(tmp_path: Path, cli: CliCall) -> None:
    """Zip entries carry dates up to 2107 only: the package date is clamped (was exit 3)."""
    text = (ROOT / "tests" / "cases" / "positive" / "minimal" / "cdc.yaml").read_text("utf-8")
    (tmp_path / "cdc.yaml").write_text(re.sub(r"2027-\d\d-\d\d", "9999-12-31", text), "utf-8")
    run = cli("render", "cdc.yaml", "--format", "xlsx", "--output-dir", "out", cwd=tmp_path)
    assert run.code == 0, run.err


@pytest.mark.parametrize(
    "twin", ["BORÉAL CX", "Bore\\u0301al  CX", "Boréal \\u200bCX ", "Ｂoréal CX"]
)
def test_a_look_alike_vendor_name_is_the_same_vendor(
    twin: str, tmp_path: Path, cli: CliCall
) -> None:
    """A second bid under a name that looks the same in the ranking (case, accents composed or
    not, spacing, invisible characters, full-width letters) is refused: it would shift every
    relative price note while reading as one vendor."""
    folder = tmp_path / "responses"
    _response(folder, "a.yaml")
    _response(folder, "b.yaml", "vendor: Boréal CX", f'vendor: "{twin}"')
    run = cli("score", str(FLAGSHIP / "cdc.yaml"), str(folder))
    assert run.code == 1
    assert "already answered in" in run.err


def test_a_file_full_of_control_characters_gives_a_bounded_report() -> None:
    from cdc.core.safetext import MAX_FINDINGS

    text = "items:\n" + "".join(f'  - "x{i}\\x1b"\n' for i in range(5000))
    doc = parse_yaml(text, "t.yaml")
    assert doc.data is not None
    found = control_findings(doc.data, doc.source, "SCH011")
    assert len(found) == MAX_FINDINGS
    assert [f.mark.line for f in found] == list(range(2, 2 + MAX_FINDINGS))  # file order
