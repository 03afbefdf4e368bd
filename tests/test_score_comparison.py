"""``cdc score`` reports side by side: every bid's answer to every requirement, the evaluators'
reasons, and what separated the winner from each other bid — in JSON, Markdown, HTML and XLSX.

Before: no report named a requirement (``OMN-001`` appeared nowhere) and no evaluator's comment
reached any output.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from cdc.rendering.templating import load_labels
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center"
ENGLISH = ROOT / "examples" / "saas-crm-en"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "score" / "saas-crm-en"
#: A comment of eval-achats on Boréal CX's demonstration (examples/contact-center/evaluations).
COMMENT = "Démonstration écourtée de vingt minutes"
FORMULA = '=HYPERLINK("http://evil","x")'


def args(responses: Path = FLAGSHIP / "responses") -> list[str]:
    return [
        "score",
        str(FLAGSHIP / "cdc.yaml"),
        str(responses),
        "-e",
        str(FLAGSHIP / "evaluations"),
    ]


@cache
def flagship_json() -> dict[str, Any]:
    from cdc.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main([*args(), "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(buffer.getvalue())
    return data


def write(cli: CliCall, argv: list[str], target: Path, fmt: str) -> bytes:
    run = cli(*argv, "--format", fmt, "--output", str(target))
    assert run.code == 0, run.err
    return target.read_bytes()


def test_json_compares_every_requirement_and_keeps_every_note_comment() -> None:
    data = flagship_json()["comparison"]
    assert data["bids"] == [v["vendor"] for v in flagship_json()["ranking"]]
    omn = next(r for c in data["criteria"] for r in c["requirements"] if r["id"] == "OMN-001")
    assert [a["vendor"] for a in omn["answers"]] == data["bids"]
    assert {a["level"] for a in omn["answers"]} <= {"standard", "parametrage"}
    demo = next(c for c in data["criteria"] if c["id"] == "demonstration")
    boreal = next(j for j in demo["judgements"] if j["vendor"] == "Boréal CX")
    assert boreal["spread_pct"] == 50.0  # notes 2 to 4.5 on a 0–5 scale
    said = {n["evaluator"]: n for n in boreal["notes"]}
    assert said["eval-achats"]["comment"].startswith(COMMENT)
    # the highest note of that spread has no reason: flagged, the commented lowest one is not
    assert said["eval-pilotage"]["comment"] is None
    assert said["eval-pilotage"]["flag"] == "divergent"
    assert said["eval-achats"]["flag"] is None
    assert {"vendor": "Boréal CX", "criterion": "demonstration", "evaluator": "eval-pilotage",
            "flag": "divergent"} in data["flagged_notes"]  # fmt: skip


def test_the_winners_advantages_are_where_it_is_ahead() -> None:
    report = flagship_json()
    first, second = report["ranking"][0], report["ranking"][1]
    against = next(
        x for x in report["comparison"]["decisive_differences"] if x["other"] == second["vendor"]
    )
    gains = [d["gain"] for d in against["differences"]]
    assert gains == sorted(gains, reverse=True) and min(gains) > 0
    # the price decided the flagship: Boréal CX is cheaper, Alizé Contact better on functions
    assert against["differences"][0]["id"] == "prix"
    # every item where the winner is ahead, recomputed from the published answers' points
    ahead = set()
    for c in report["comparison"]["criteria"]:
        for r in c["requirements"]:
            mine, theirs = (next(a for a in r["answers"] if a["vendor"] == v)
                            for v in (first["vendor"], second["vendor"]))  # fmt: skip
            if mine["points"] - theirs["points"] > 0.005:
                ahead.add(r["id"])
    listed = {d["id"] for d in against["differences"] if d["kind"] == "requirement"}
    assert ahead <= listed


def test_markdown_and_html_show_the_comparison_and_the_reasons(
    cli: CliCall, tmp_path: Path
) -> None:
    md = write(cli, args(), tmp_path / "r.md", "md").decode("utf-8")
    html = write(cli, args(), tmp_path / "r.html", "html").decode("utf-8")
    for raw in (md, html):
        text = raw.replace("\u00a0", " ").replace("\u202f", " ")  # French spacing before ":"
        assert "OMN-001" in text and COMMENT in text
        assert "Comparaison des offres" in text and "Exigence par exigence" in text
        assert "écart entre évaluateurs : motif à donner" in text
        assert "Justificatif : Mémoire technique, section 3" in text  # Alizé Contact's proof
    top = flagship_json()["comparison"]["decisive_differences"][0]
    section = md.split("#### Boréal CX face à Alizé Contact", 1)[1].split("####", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "|---" not in line]
    shown = [r.split("|")[2].strip().split("<br>")[0] for r in rows[1:]]
    assert shown == [d["title"] for d in top["differences"][:10]]


def test_xlsx_comparison_sheet_filters_freezes_and_colours(cli: CliCall, tmp_path: Path) -> None:
    data = write(cli, args(), tmp_path / "r.xlsx", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    name = load_labels("fr")["score"]["xlsx"]["sheet"]["comparison"]
    ws = wb[name]
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A")
    assert ws.freeze_panes is not None
    head = int(ws.auto_filter.ref.split(":")[0][1:])
    assert ws.freeze_panes == f"E{head + 1}"
    titles = [c.value for c in ws[head]]
    assert titles[:5] == ["Section", "Critère", "Réf.", "Exigence ou critère", "Priorité"]
    assert "Boréal CX : niveau" in titles and "Alizé Contact : justificatif" in titles
    values = [c.value for row in ws.iter_rows(min_row=head + 1) for c in row]
    assert "OMN-001" in values
    assert any(isinstance(v, str) and COMMENT in v for v in values)
    assert len(ws.conditional_formatting) >= 3  # one range per bid's levels, gains
    top = flagship_json()["comparison"]["decisive_differences"][0]["differences"][0]
    found = [ws.cell(row=r, column=c).value for r in range(5, head) for c in range(1, 30)]
    assert top["title"] in found and top["gain"] in found


def test_vendor_comments_stay_text_in_every_output(cli: CliCall, tmp_path: Path) -> None:
    folder = tmp_path / "responses"
    shutil.copytree(FLAGSHIP / "responses", folder)
    target = folder / "boreal-cx.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    for answer in data["answers"]:
        if answer["id"] == "OMN-001":
            answer["comment"] = FORMULA
            answer["proof"] = "<script>alert(1)</script>"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    html = write(cli, args(folder), tmp_path / "r.html", "html").decode("utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    wb = openpyxl.load_workbook(io.BytesIO(write(cli, args(folder), tmp_path / "r.xlsx", "xlsx")))
    ws = wb[load_labels("fr")["score"]["xlsx"]["sheet"]["comparison"]]
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_english_report_compares_in_english(cli: CliCall, tmp_path: Path) -> None:
    argv = ["score", str(ENGLISH / "cdc.yaml"), str(FIXTURES / "responses"),
            "-e", str(FIXTURES / "evaluations")]  # fmt: skip
    md = write(cli, argv, tmp_path / "r.md", "md").decode("utf-8")
    # the section up to the next top-level heading (numbered or not)
    part = re.split(r"\n## (?:\d+ )?Bids side by side\n", md)[1].split("\n## ", 1)[0]
    for heading in ("What separated the bids", "Evaluators' notes and reasons",
                    "Requirement by requirement"):  # fmt: skip
        assert heading in part
    for french in ("Exigence", "Candidat", "sans commentaire", "Justificatif", " : "):
        assert french not in part, french
    wb = openpyxl.load_workbook(io.BytesIO(write(cli, argv, tmp_path / "r.xlsx", "xlsx")))
    assert "Comparison" in wb.sheetnames
