"""``cdc follow`` on a copy of the flagship: outputs, exit codes, located findings, iCalendar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center"
AS_OF = "2027-12-08"


@pytest.fixture
def flagship(tmp_path: Path) -> Path:
    """The flagship's project, execution log and evidence, copied (tests alter them)."""
    shutil.copy(FLAGSHIP / "cdc.yaml", tmp_path / "cdc.yaml")
    shutil.copytree(FLAGSHIP / "execution", tmp_path / "execution")
    shutil.copytree(FLAGSHIP / "preuves", tmp_path / "preuves")
    return tmp_path


def test_table_shows_money_and_deadlines(cli: CliCall, flagship: Path) -> None:
    run = cli("follow", "cdc.yaml", "--as-of", AS_OF, cwd=flagship)
    assert run.code == 0, run.err
    assert "2,640.00" in run.out and "1,240.00" in run.out
    assert "VSR decision due (L1-pilote)" in run.out
    assert "Evidence: 13 pieces (13 ok)" in run.out
    # the VSR decision is 6 days away: a warning, located in the log
    assert "execution/livraisons.yaml:" in run.err and "EXE008" in run.err
    assert "Traceback" not in run.err


def test_json_is_a_stable_contract(cli: CliCall, flagship: Path) -> None:
    run = cli("follow", "--as-of", AS_OF, "--format", "json", cwd=flagship)
    assert run.code == 0
    data = json.loads(run.out)
    assert data["format_version"] == 1 and data["as_of"] == AS_OF
    assert data["penalties"]["total"] == "2640.00"
    assert data["service_credits"]["total"] == "1240.00"
    line = data["penalties"]["lines"][1]
    assert (line["gross_days"], line["excused_days"], line["days"]) == (14, 3, 11)
    again = cli("follow", "--as-of", AS_OF, "--format", "json", cwd=flagship)
    assert again.out == run.out


def test_altered_evidence_is_a_located_error(cli: CliCall, flagship: Path) -> None:
    piece = flagship / "preuves" / "03-pv-va-pilote.md"
    piece.write_text(piece.read_text(encoding="utf-8") + "ajout\n", encoding="utf-8")
    run = cli("follow", "--as-of", AS_OF, cwd=flagship)
    assert run.code == 1
    (line,) = [x for x in run.err.splitlines() if "EXE005" in x]
    assert line.startswith("execution/preuves.yaml:")
    assert "P03" in line


def test_deleted_evidence_is_a_located_error(cli: CliCall, flagship: Path) -> None:
    (flagship / "preuves" / "07-ticket-incident-INC-2027-1117-04.txt").unlink()
    run = cli("follow", "--check", "--as-of", AS_OF, cwd=flagship)
    assert run.code == 1
    (line,) = [x for x in run.out.splitlines() if "EXE004" in x]
    assert line.startswith("execution/preuves.yaml:") and "P07" in line


def test_unknown_requirement_is_a_located_error(cli: CliCall, flagship: Path) -> None:
    griefs = flagship / "execution" / "griefs.yaml"
    griefs.write_text(
        griefs.read_text(encoding="utf-8").replace("requirement: QUA-002", "requirement: QUA-999"),
        encoding="utf-8",
    )
    run = cli("follow", "--check", "--as-of", AS_OF, cwd=flagship)
    assert run.code == 1
    (line,) = [x for x in run.out.splitlines() if "EXE001" in x]
    assert line.startswith("execution/griefs.yaml:") and "QUA-999" in line


def test_ics_round_trips_in_a_real_parser(cli: CliCall, flagship: Path) -> None:
    out = flagship / "echeances.ics"
    run = cli("follow", "--as-of", AS_OF, "--format", "ics", "--output", str(out), cwd=flagship)
    assert run.code == 0, run.err
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    data = json.loads(cli("follow", "--as-of", AS_OF, "--format", "json", cwd=flagship).out)
    assert [str(e["UID"]) for e in events] == [d["uid"] for d in data["deadlines"]]
    assert [e.decoded("DTSTART").isoformat() for e in events] == [
        d["date"] for d in data["deadlines"]
    ]
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()
    vsr = [
        e for e in events if str(e["UID"]) == "decision-VSR-pilote@ondea-centre-contact-2027.cdc"
    ]
    assert vsr and list(vsr[0].walk("VALARM"))
    # a later export keeps the UIDs: calendars update the events instead of duplicating them
    later = cli("follow", "--as-of", "2027-12-20", "--format", "ics", cwd=flagship)
    uids = {str(e["UID"]) for e in Calendar.from_ical(later.out.encode()).walk("VEVENT")}
    assert uids >= {str(e["UID"]) for e in events}
    newer = next(iter(Calendar.from_ical(later.out.encode()).walk("VEVENT")))
    assert int(str(newer["SEQUENCE"])) > int(str(events[0]["SEQUENCE"]))
    # past the VSR decision delay, silence was admission: the warranty end appears
    assert "warranty_end-L1-pilote@ondea-centre-contact-2027.cdc" in uids


def test_output_is_not_overwritten_without_force(cli: CliCall, flagship: Path) -> None:
    out = flagship / "suivi.json"
    out.write_text("{}", encoding="utf-8")
    run = cli("follow", "--as-of", AS_OF, "-f", "json", "-o", str(out), cwd=flagship)
    assert run.code == 1 and "--force" in run.err and out.read_text() == "{}"
    run = cli("follow", "--as-of", AS_OF, "-f", "json", "-o", str(out), "--force", cwd=flagship)
    assert run.code == 0 and json.loads(out.read_text())["project"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--as-of", "08/12/2027"), 2, "YYYY-MM-DD"),
        (("--format", "pdf"), 2, "unknown format"),
        (("--log", "absent.yaml"), 2, "no such execution log"),
    ],
)
def test_usage_errors(
    cli: CliCall, flagship: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    run = cli("follow", *args, cwd=flagship)
    assert run.code == code and message in run.err and "Traceback" not in run.err


def test_no_log_beside_the_project_is_a_usage_error(cli: CliCall, tmp_path: Path) -> None:
    shutil.copy(FLAGSHIP / "cdc.yaml", tmp_path / "cdc.yaml")
    run = cli("follow", cwd=tmp_path)
    assert run.code == 2 and "--log" in run.err


def test_invalid_log_is_exit_1_with_a_located_error(cli: CliCall, flagship: Path) -> None:
    (flagship / "execution" / "zz.yaml").write_text(
        "deliveries: [{id: X, milestone: pilote, value: abc}]\n"
    )
    run = cli("follow", "--as-of", AS_OF, cwd=flagship)
    assert run.code == 1 and "execution/zz.yaml:1:" in run.err and "Traceback" not in run.err
