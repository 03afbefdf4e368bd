"""``cdc score`` as documents: Markdown, HTML, PDF and XLSX of the flagship, and the charts.

Every format is written through the CLI (in-process) for the flagship example; vendors with
hostile names (``<script>``, spreadsheet formulas) are added next to the flagship's responses to
show that they stay text everywhere; the English example (with test responses under
``tests/fixtures/score``) renders in English.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cdc.rendering.fmt import Formatter
from cdc.rendering.score.charts import (
    ChartWords,
    ProfileBar,
    Section,
    TippingBar,
    VendorBar,
    fit,
    profile_chart,
    text_width,
    tipping_chart,
    totals_chart,
)
from cdc.rendering.templating import load_labels
from cdc.rendering.tree import Table
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center"
ENGLISH = ROOT / "examples" / "saas-crm-en"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "score"
SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"
FORMULAS = ('=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1)")


def flagship_args(*extra: str) -> list[str]:
    return [
        "score",
        str(FLAGSHIP / "cdc.yaml"),
        str(FLAGSHIP / "responses"),
        "-e",
        str(FLAGSHIP / "evaluations"),
        "--monte-carlo",
        "200",
        *extra,
    ]


def write(cli: CliCall, args: list[str], target: Path, fmt: str) -> bytes:
    run = cli(*args, "--format", fmt, "--output", str(target))
    assert run.code == 0, run.err
    return target.read_bytes()


@cache
def flagship_json() -> dict[str, Any]:
    import contextlib

    from cdc.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main([*flagship_args(), "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(buffer.getvalue())
    return data


def hostile_responses(tmp_path: Path) -> Path:
    """The flagship's responses plus four vendors whose names attack HTML and spreadsheets."""
    folder = tmp_path / "responses"
    shutil.copytree(FLAGSHIP / "responses", folder)
    source = (FLAGSHIP / "responses" / "boreal-cx.yaml").read_text(encoding="utf-8")
    for n, name in enumerate((SCRIPT, *FORMULAS), start=1):
        line = "vendor: '" + name.replace("'", "''") + "'"
        head, _, rest = source.partition("\nvendor: ")
        text = head + "\n" + line + "\n" + rest.split("\n", 1)[1]
        (folder / f"hostile-{n}.yaml").write_text(text, encoding="utf-8")
    return folder


def hostile_args(tmp_path: Path) -> list[str]:
    return [
        "score",
        str(FLAGSHIP / "cdc.yaml"),
        str(hostile_responses(tmp_path)),
        "-e",
        str(FLAGSHIP / "evaluations"),
    ]


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


# -- Markdown ---------------------------------------------------------------------------------
def test_markdown_has_the_ranking_and_the_elimination_reasons(cli: CliCall, tmp_path: Path) -> None:
    md = write(cli, flagship_args(), tmp_path / "report.md", "md").decode("utf-8")
    data = flagship_json()
    ranked = [v for v in data["ranking"] if v["rank"] is not None]
    assert ranked, "the flagship ranks at least one bid"
    winner = ranked[0]["vendor"]
    assert "## 1 Synthèse" in md and "### 1.1 Classement" in md  # numbered sections
    assert re.search(rf"^\| 1 \| \*\*{re.escape(winner)}\*\* \|", md, flags=re.M)
    for v in ranked[1:]:
        assert re.search(rf"^\| {v['rank']} \| {re.escape(v['vendor'])} \|", md, flags=re.M)
    eliminated = [v for v in data["ranking"] if v["eliminated"]]
    assert eliminated, "the flagship eliminates a bid"
    for v in eliminated:
        for reason in v["elimination_reasons"]:
            requirement = reason.split(" ", 1)[0]
            line = next(x for x in md.splitlines() if x.startswith(f"| {v['vendor']} | Éliminée"))
            assert requirement in line
    assert "exigence impérative" in md
    # the charts' data reach Markdown as tables, and the method is spelt out
    assert "Points de bascule" in md and "Méthode de notation" in md
    assert "Note = N × Pmin / P" in md


# -- HTML -------------------------------------------------------------------------------------
def test_html_is_self_contained_with_accessible_inline_svg(cli: CliCall, tmp_path: Path) -> None:
    html = write(cli, flagship_args(), tmp_path / "report.html", "html").decode("utf-8")
    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", html)
    assert all(link.startswith("#") for link in links), links
    assert "<link" not in html and "@import" not in html and "url(" not in html
    charts = svgs(html)
    assert len(charts) == 3
    for svg in charts:
        assert svg.get("role") == "img"
        assert svg.get("aria-label")
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text
        assert svg.get("aria-labelledby") == title.get("id")
        desc = svg.find(f"{SVG}desc")
        assert desc is not None and desc.text and svg.get("aria-describedby") == desc.get("id")
        assert not svg.findall(f".//{SVG}image") and not svg.findall(f".//{SVG}script")
    winner = next(v["vendor"] for v in flagship_json()["ranking"] if v["rank"] == 1)
    assert winner in "".join(charts[0].itertext())


def test_hostile_vendor_names_stay_text_in_html_svg_and_markdown(
    cli: CliCall, tmp_path: Path
) -> None:
    args = hostile_args(tmp_path)
    html = write(cli, args, tmp_path / "report.html", "html").decode("utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for svg in svgs(html):  # well-formed XML even with the hostile names inside
        texts = "".join(svg.itertext())
        if svg.get("aria-label", "").startswith(("Note totale", "Profil")):
            assert SCRIPT in texts
    md = write(cli, args, tmp_path / "report.md", "md").decode("utf-8")
    assert "<script>" not in md
    assert r"\<script\>alert(1)\</script\>" in md


# -- XLSX -------------------------------------------------------------------------------------
def test_xlsx_sheets_numbers_chart(cli: CliCall, tmp_path: Path) -> None:
    data = write(cli, flagship_args(), tmp_path / "report.xlsx", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheets = load_labels("fr")["score"]["xlsx"]["sheet"]
    assert wb.sheetnames == [
        sheets[k]
        for k in ("ranking", "criteria", "comparison", "sensitivity", "warnings", "method")
    ]
    ws = wb[sheets["ranking"]]
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Rang", "Candidat", "Total (sur 100)"]
    expected = {v["vendor"]: v for v in flagship_json()["ranking"]}
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(expected)))
    for row in rows:
        vendor = row[1].value
        assert vendor in expected
        assert row[1].data_type == "s"
        assert row[2].data_type == "n" and row[2].value == expected[vendor]["total"]
        assert row[2].number_format == "0.00"
        assert row[0].value == expected[vendor]["rank"]
    charts = ws._charts
    assert len(charts) == 1
    assert type(charts[0]).__name__ == "BarChart"
    assert charts[0].grouping == "stacked" and charts[0].type == "bar"
    assert len(charts[0].series) == len(expected[next(iter(expected))]["sections"])
    criteria = wb[sheets["criteria"]]
    assert criteria.cell(row=6, column=4).data_type == "n"


def test_xlsx_vendor_text_never_becomes_a_formula(cli: CliCall, tmp_path: Path) -> None:
    data = write(cli, hostile_args(tmp_path), tmp_path / "report.xlsx", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    found: dict[str, int] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value in (SCRIPT, *FORMULAS):
                    assert cell.data_type == "s"
                    found[cell.value] = found.get(cell.value, 0) + 1
    for name in (SCRIPT, *FORMULAS):
        assert found.get(name, 0) >= 2, name  # at least the ranking and the criteria sheet
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for entry in package.namelist():
            if entry.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(entry) and b"<f " not in package.read(entry)


# -- PDF --------------------------------------------------------------------------------------
def test_pdf_text_has_the_ranking(cli: CliCall, tmp_path: Path) -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("WeasyPrint cannot be imported here")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    target = tmp_path / "report.pdf"
    data = write(cli, flagship_args(), target, "pdf")
    assert data.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Classement" in text and "Rapport d'analyse des offres" in text
    for v in flagship_json()["ranking"]:
        assert v["vendor"] in text
    assert "SEC-004" in text


# -- reproducibility --------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_two_runs_give_the_same_bytes(cli: CliCall, tmp_path: Path, fmt: str) -> None:
    first = write(cli, flagship_args(), tmp_path / f"a.{fmt}", fmt)
    second = write(cli, flagship_args(), tmp_path / f"b.{fmt}", fmt)
    assert first == second


# -- English ----------------------------------------------------------------------------------
def english_args() -> list[str]:
    return [
        "score",
        str(ENGLISH / "cdc.yaml"),
        str(FIXTURES / "saas-crm-en" / "responses"),
        "-e",
        str(FIXTURES / "saas-crm-en" / "evaluations"),
        "--monte-carlo",
        "100",
    ]


def test_english_project_renders_in_english(cli: CliCall, tmp_path: Path) -> None:
    md = write(cli, english_args(), tmp_path / "report.md", "md").decode("utf-8")
    for heading in ("Summary", "Ranking", "Tipping points", "Scoring method"):
        assert re.search(rf"^#+ [0-9.]+ {heading}$", md, flags=re.M), heading
    assert "Bid evaluation report" in md
    for french in ("Classement", "Synthèse", "éliminée", "Méthode", " : "):
        assert french not in md, french
    assert "SEC-003" in md and "answered “Not compliant” to a must-have requirement" in md
    assert "below the minimum of 50%" in md  # the bid under the technical minimum
    assert "€370,200" in md  # English number and currency format
    xlsx = write(cli, english_args(), tmp_path / "report.xlsx", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == [
        "Ranking",
        "Criteria",
        "Comparison",
        "Sensitivity",
        "Warnings",
        "Method",
    ]


def test_unknown_formats_are_refused() -> None:
    from cdc.rendering.score.documents import score_output

    with pytest.raises(ValueError, match="unknown score document format"):
        score_output(None, "docx")  # type: ignore[arg-type]


# -- charts -----------------------------------------------------------------------------------
def words(lang: str = "fr") -> ChartWords:
    return ChartWords.from_labels(load_labels(lang)["score"]["chart"])


SECTIONS = [Section("Valeur technique", Decimal(60)), Section("Prix", Decimal(40))]
D = Decimal


def test_totals_chart_escapes_truncates_and_greys() -> None:
    long_name = "Un éditeur au nom très long qui ne tiendrait jamais dans la marge du graphique"
    bars = [
        VendorBar(SCRIPT, 1, "ranked", (D("50.00"), D("30.00")), D("80.00")),
        VendorBar(long_name, 2, "ranked", (D("40.00"), D("35.00")), D("75.00")),
        VendorBar('=HYPERLINK("x")', None, "eliminated", (D("55.00"), D("40.00")), D("95.00")),
    ]
    figure = totals_chart(SECTIONS, bars, words(), Formatter("fr"), 2)
    assert "<script>" not in figure.svg
    root = ET.fromstring(figure.svg)
    texts = list(root.iter(f"{SVG}text"))
    shown = ["".join(t.itertext()) for t in texts]
    assert any(SCRIPT in s for s in shown)
    cut = [t for t in texts if "".join(t.itertext()).endswith("…")]
    assert cut, "the long name is cut"
    assert any(long_name == t.findtext(f"{SVG}title") for t in cut)  # and whole in a tooltip
    assert any("éliminée" in s for s in shown)
    assert "#aab2bd" in figure.svg  # the eliminated bid is grey
    assert isinstance(figure.fallback, Table)
    assert len(figure.fallback.rows) == 3 and len(figure.fallback.header) == 5


def test_charts_are_deterministic_and_handle_edge_cases() -> None:
    fmt = Formatter("en")
    w = words("en")
    lone = [VendorBar("Only", None, "not_ranked", (D(0), D(0)), D(0))]
    first = totals_chart(SECTIONS, lone, w, fmt, 2)
    assert first == totals_chart(SECTIONS, lone, w, fmt, 2)
    ET.fromstring(first.svg)
    profile = profile_chart(SECTIONS, [ProfileBar("Only", False, (None, D(0)))], w, fmt)
    ET.fromstring(profile.svg)
    tips = tipping_chart(
        [
            TippingBar("Price", True, D(30), D("18.1"), "Someone else with a long name"),
            TippingBar("Demo", False, D("7.2"), None, None),
            TippingBar("Support", False, D(5), D("95.5"), "B"),
        ],
        w,
        fmt,
    )
    root = ET.fromstring(tips.svg)
    text = "".join(root.itertext())
    assert "no tipping point" in text and "→ Someone else" in text
    assert tips.fallback is not None and len(tips.fallback.rows) == 3


def test_text_metrics() -> None:
    assert text_width("iii") < text_width("MMM")
    assert text_width("é") == text_width("e")
    assert text_width("Ab", bold=True) > text_width("Ab")
    assert fit("short", 200) == "short"
    assert fit("a much longer label than the room", 40).endswith("…")


def test_a_phrase_missing_from_customised_labels_falls_back_to_english() -> None:
    from cdc.rendering.score.wording import Wording
    from cdc.scoring import score_project
    from cdc.scoring.messages import english
    from tests.test_scoring import NOTES, VENDORS, project

    report = score_project(project(), VENDORS, NOTES)
    labels = load_labels("fr")
    labels["score"]["phrase"] = {
        k: v for k, v in labels["score"]["phrase"].items() if k != "eliminated"
    }
    wording = Wording(labels, Formatter("fr"), report.scoring)
    (reason,) = next(v for v in report.vendors if v.eliminated).elimination_reasons
    assert wording.phrase(reason) == english(reason)


# -- edge cases, every engine message worded in the document's language -----------------------
def edge_reports() -> dict[str, Any]:
    from cdc.scoring import score_project
    from cdc.scoring.messages import Message
    from tests.test_scoring import NOTES, VENDORS, notes, project, response

    no_price = response("NoPrice", ["full"] * 3, 1)[0].model_copy(update={"prices": []})
    zero = response("Zero", ["full"] * 3, 0)
    criteria = [
        {"id": "func", "title": "Functions", "weight": 50},
        {"id": "demo", "title": "Demonstration", "weight": 50, "kind": "judgement"},
    ]
    return {
        "normal": score_project(project(), VENDORS, NOTES, monte_carlo_runs=50),
        "all eliminated": score_project(
            project(), [response("A", ["no"] * 3, 10), response("B", ["no"] * 3, 20)], []
        ),
        "tie": score_project(
            project(price={"method": "absolute_band", "best_price": 50, "ceiling": 150}),
            [response("A", ["full"] * 3, 100), response("B", ["full"] * 3, 100)],
            [],
        ),
        "reversal, zero and missing price, spread": score_project(
            project(price={"method": "linear_min_max", "years": 1}, min_technical_score=20),
            [
                response("A", ["full"] * 3, 100),
                response("B", ["full", "full", "partial"], 110),
                response("C", ["full", "partial", "partial"], 300),
                zero,
                (no_price, "NoPrice.yaml"),
            ],
            notes(A=(1, 1), B=(5, 1), C=(5, 5), Zero=(3, 3), NoPrice=(3, 3)),
            warnings=[Message("no_version", {"source": "old.yaml"})],
        ),
        "no price criterion": score_project(project(criteria=criteria, price=None), VENDORS, NOTES),
    }


ENGINE_WORDS = re.compile(
    r"answered '|must-have|spread over|tied after|withdrawing|price note|relative:|"
    r"does not say|\{[a-z_]+\}"
)


@pytest.mark.parametrize("case", list(edge_reports()))
def test_documents_word_every_engine_message(case: str) -> None:
    from cdc.rendering.score.documents import score_output

    report = edge_reports()[case]
    assert report.scoring.project.project.language.value == "fr"
    md = score_output(report, "md")
    assert isinstance(md, str)
    assert not ENGINE_WORDS.search(md), ENGINE_WORDS.findall(md)
    html = score_output(report, "html")
    assert isinstance(html, str)
    for svg in svgs(html):
        assert svg.get("role") == "img"
    if case == "tie":
        assert "ex aequo à la première place" in md
    xlsx = score_output(report, "xlsx")
    assert isinstance(xlsx, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert len(wb.sheetnames) == 6  # with the comparison sheet
