"""The command line's rough edges (issue 19 §6 and §9): help from the real vocabulary, every
option checked before any work, ``./cdc.yaml`` by default, and a French project's numbers,
amounts and labels shown as the project writes them (the sentences stay English)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cdc import api
from tests.conftest import ROOT, CliCall

FLAGSHIP = ROOT / "examples" / "contact-center"
SAAS = ROOT / "examples" / "saas-crm-en" / "cdc.yaml"
NNBSP = "\u202f"


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """A project folder whose cdc.yaml lints with a warning (and no error)."""
    text = SAAS.read_text(encoding="utf-8").replace(
        "      The solution provides one record per client",
        "      The intuitive, user-friendly solution provides one record per client",
        1,
    )
    (tmp_path / "cdc.yaml").write_text(text, encoding="utf-8")
    return tmp_path


# -- §6: help and options ------------------------------------------------------------------
def test_render_help_lists_every_document_and_format(cli: CliCall) -> None:
    run = cli("render", "--help")
    assert run.code == 0
    flat = " ".join(run.out.split())
    for name in api.render_documents():
        assert f" {name}," in flat or f" {name} (" in flat, name
    assert "checklist" in flat and "gdpr" in flat and "qna" in flat and "addendum" in flat
    assert ", ".join(api.render_formats()) in flat


@pytest.mark.parametrize(
    "args",
    [
        ("render", "cdc.yaml", "--doc", "specs"),
        ("render", "cdc.yaml", "--format", "odt"),
        ("render", "--pdf-engine", "latex"),
        ("score", "cdc.yaml", "responses", "--format", "ods"),
        ("score", "responses", "--monte-carlo", "-1"),
        ("ci", "cdc.yaml", "--lint-format", "xml"),
        ("ci", "cdc.yaml", "--format", "odt"),
        ("ci", "cdc.yaml", "--responses", "nowhere"),
        ("score", "cdc.yaml", "responses", "-e", "nowhere"),
        ("follow", "cdc.yaml", "--doc", "bogus"),
        ("follow", "cdc.yaml", "--doc", "dashboard", "--doc-format", "odt"),
        ("follow", "cdc.yaml", "--doc-format", "md"),
        ("follow", "cdc.yaml", "--format", "xml"),
        ("diff", "cdc.yaml", "cdc.yaml", "--format", "xml"),
        ("penalties", "cdc.yaml", "--format", "xml", "--late", "1000:2"),
    ],
    ids=lambda a: "-".join(a),
)
def test_a_bad_option_is_refused_before_any_work(
    cli: CliCall, warned: Path, args: tuple[str, ...]
) -> None:
    """Exit 2 and the usage error alone: no lint finding, nothing written."""
    (warned / "responses").mkdir()
    run = cli(*args, cwd=warned)
    assert run.code == 2, (run.out, run.err)
    assert "REQ004" not in run.err + run.out and "warning" not in run.err
    assert run.out == ""
    assert not (warned / "out").exists()


def test_render_defaults_to_the_project_in_the_current_folder(
    cli: CliCall, warned: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("out")
    run = cli("render", "--doc", "glossary", "--format", "md", "-o", str(out), cwd=warned)
    assert run.code == 0, run.err
    assert [p.suffix for p in out.iterdir() if not p.name.startswith(".")] == [".md"]


@pytest.fixture
def flagship(tmp_path: Path) -> Path:
    """The flagship's project, responses and evaluators' notes, in a folder of the test's."""
    for name in ("cdc.yaml", "questions.yaml"):
        shutil.copy(FLAGSHIP / name, tmp_path / name)
    for folder in ("responses", "evaluations", "versions"):
        shutil.copytree(FLAGSHIP / folder, tmp_path / folder)
    return tmp_path


def test_score_defaults_to_the_project_in_the_current_folder(
    cli: CliCall, flagship: Path
) -> None:
    default = cli("score", "responses", "-e", "evaluations", "-f", "json", cwd=flagship)
    named = cli("score", "cdc.yaml", "responses", "-e", "evaluations", "-f", "json", cwd=flagship)
    option = cli(
        "score", "--project", "cdc.yaml", "responses", "-e", "evaluations", "-f", "json",
        cwd=flagship,
    )  # fmt: skip
    assert default.code == named.code == option.code == 0, default.err
    assert default.out == named.out == option.out


def test_score_reads_a_yaml_response_as_a_response_not_a_project(
    cli: CliCall, flagship: Path
) -> None:
    """A response has a top-level ``vendor:``: given first, it is not taken for the project."""
    run = cli("score", "responses/boreal-cx.yaml", "-f", "json", cwd=flagship)
    assert run.code == 0, run.err
    assert '"vendor": "Boréal CX"' in run.out


def test_a_yaml_response_with_a_byte_order_mark_is_still_a_response(
    cli: CliCall, flagship: Path
) -> None:
    """Saved by a Windows editor, the response starts with a BOM before ``vendor:``."""
    text = (flagship / "responses" / "boreal-cx.yaml").read_text(encoding="utf-8")
    (flagship / "bom.yaml").write_text("\ufeff" + text, encoding="utf-8")
    run = cli("score", "bom.yaml", "-f", "json", cwd=flagship)
    assert run.code == 0, run.err
    assert '"vendor": "Boréal CX"' in run.out


def test_score_without_responses_is_a_usage_error(cli: CliCall, flagship: Path) -> None:
    run = cli("score", "cdc.yaml", cwd=flagship)
    assert run.code == 2 and "no responses to score" in run.err


@pytest.mark.parametrize(
    "first", ["responses", "responses/boreal-cx.yaml", "responses/alize-contact.xlsx"]
)
def test_score_without_a_project_here_says_why_cdc_yaml_was_looked_for(
    cli: CliCall, flagship: Path, first: str
) -> None:
    """Responses first, no ./cdc.yaml: a usage error naming the path not taken as the project
    and the two ways to give it, not a bare "cdc.yaml: no such file"."""
    (flagship / "cdc.yaml").rename(flagship / "projet.yaml")
    run = cli("score", first, cwd=flagship)
    assert run.code == 2 and run.out == ""
    assert f"{first} is not a project file" in run.err and "--project" in run.err
    named = cli("score", "projet.yaml", first, "-f", "json", cwd=flagship)
    assert named.code == 0, named.err  # a project named otherwise is still found first


# -- §9: a French project's terminal output -------------------------------------------------
def test_the_score_table_of_a_french_project_speaks_its_numbers(
    cli: CliCall, flagship: Path
) -> None:
    run = cli("score", "responses", "-e", "evaluations", cwd=flagship)
    assert run.code == 0, run.err
    assert f"769{NNBSP}600,00{NNBSP}€" in run.out  # Boréal CX's price
    assert "769,600.00" not in run.out
    assert "86,69" in run.out and "86.69" not in run.out  # the total, French decimals
    assert "answered 'Non conforme' on a must-have requirement" in run.out  # the level's label
    assert "'non-conforme'" not in run.out
    assert f"a total price of 839{NNBSP}251,45{NNBSP}€ or less" in run.out  # not wrapped at NNBSP
    assert "(checked below)" not in run.out
    flat = " ".join(run.out.split())
    assert "eval-pilotage 4,5" in flat and "spread over 50 % of the scale" in flat  # the notes
    assert "Démonstration du scénario: evaluators' notes" in flat  # a criterion by its title


def test_the_penalties_table_of_a_french_project_speaks_its_amounts(cli: CliCall) -> None:
    run = cli("penalties", str(FLAGSHIP / "cdc.yaml"), "--late", "120000:15")
    assert run.code == 0, run.err
    assert f"cap 10 % of 1{NNBSP}250{NNBSP}000,00{NNBSP}€" in run.out
    assert f"Total due: 1{NNBSP}800,00{NNBSP}€" in run.out
    assert "Total due" in run.out and "due:" in run.out  # the words stay English


def test_an_english_project_keeps_english_numbers(cli: CliCall) -> None:
    run = cli("penalties", str(SAAS), "--late", "120000:15")
    assert run.code == 0, run.err
    assert "120,000.00" in run.out
