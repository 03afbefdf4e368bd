"""``cdc init``: every template and language lints clean and renders; answers shape the file.

The wizard itself is driven through a real pseudo-terminal (pexpect), not only in-process: a
person pressing Enter at every prompt must get a valid project.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.core.findings import Severity
from cdc.init.answers import ANSWER_KEYS
from cdc.init.catalog import TEMPLATES, Lang, TemplateName
from cdc.init.defaults import default_answers_due, default_publication
from cdc.init.generate import generate
from cdc.init.questions import QUESTIONS, resolve
from cdc.init.texts import PROMPTS, label
from cdc.init.yamltext import block, flow, scalar
from cdc.linting import lint_loaded
from cdc.model.enums import (
    AcceptancePhaseKind,
    Channel,
    ContractFrame,
    DpiaCriterion,
    MilestoneKind,
)
from cdc.model.schema import SCHEMA_BASE_URI
from cdc.reading.project import load_project
from cdc.reading.yamlsrc import read_yaml_bytes
from tests.conftest import ROOT, CliCall

#: cdc as a separate process, run by the interpreter running the tests (from the checkout, with
#: ``cwd=ROOT``): the tests must not depend on a ``.venv`` the set-up script may have made.
CDC = [sys.executable, "-m", "cdc"]
#: Warnings a fresh file may carry: decisions only the buyer can make.
TO_DECIDE = {"STR006", "CON005"}
DAY = "2027-01-04"

FULL_ANSWERS = """\
template: contact-center
language: fr
date: 2027-01-04
buyer_name: "Café \\"L'Étoile\\": #1"
buyer_sector: "Restauration: & *alias !!python/object"
title: "- [Plateforme] {relation} client | > %"
project_id: etoile-2027
contact_name: Jeanne Martin
contact_email: jeanne.martin@etoile.example
challenge: |
  Objectif : « 80 % » — #1
  - pas une liste
    key: value
channels: [voice, email, chat]
volumes: {voice: 80000, email: 20000, chat: 5000}
agents: 30
sourcing: mixed
current_annual_cost: 95000
deployment: hybrid
personal_data: true
call_recording: true
contract_types: [licence, maintenance, integration]
procurement: public
procedure: adapted
budget_min: 200000
budget_max: 450000
duration_years: 4
price_weight: 40
publication: 2027-02-01
answers_due: 2027-03-08
decision: 2027-04-19
go_live: 2027-10-04
"""


def _findings(path: Path) -> tuple[list[str], list[str]]:
    """Error lines and the rule ids of the warnings of a project file."""
    findings = lint_loaded(load_project(path))
    errors = [f.text() for f in findings if f.effective_severity is Severity.error]
    warnings = [f.rule for f in findings if f.effective_severity is Severity.warning]
    return errors, warnings


def _answers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("template", [t.value for t in TemplateName])
def test_defaults_lint_clean_and_render(
    cli: CliCall, tmp_path: Path, template: str, lang: str
) -> None:
    folder = tmp_path / "p"
    run = cli("init", str(folder), "--defaults", "--template", template, "--lang", lang)
    assert run.code == 0, run.err
    target = folder / "cdc.yaml"
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_BASE_URI}project.schema.json"
    errors, warnings = _findings(target)
    assert errors == []
    assert set(warnings) <= TO_DECIDE
    assert "STR006" in warnings  # the TODO markers left where the buyer must decide
    assert f"wrote {target}" in run.err and "cdc lint" in run.err and "cdc render" in run.err
    render = cli("render", str(target), "--format", "md,html")
    assert render.code == 0, render.err
    assert any(p.suffix == ".html" for p in (folder / "out").iterdir())


def test_full_answers_file_shapes_the_project(cli: CliCall, tmp_path: Path) -> None:
    answers = _answers(tmp_path, FULL_ANSWERS)
    keys = set(read_yaml_bytes(answers.read_bytes(), "a").data)
    assert keys == set(ANSWER_KEYS)  # the file answers every question
    run = cli("init", str(tmp_path / "p"), "--answers", str(answers))
    assert run.code == 0, run.err
    target = tmp_path / "p" / "cdc.yaml"
    errors, warnings = _findings(target)
    assert errors == [] and set(warnings) <= TO_DECIDE
    p = load_project(target).project
    assert p is not None
    info = p.project
    assert (info.buyer.name, info.buyer.sector) == (
        'Café "L\'Étoile": #1',
        "Restauration: & *alias !!python/object",
    )
    assert info.title == "- [Plateforme] {relation} client | > %"
    assert (info.id, info.date, info.language.value) == ("etoile-2027", dt.date(2027, 1, 4), "fr")
    assert (info.contact.name, info.contact.email) == (
        "Jeanne Martin",
        "jeanne.martin@etoile.example",
    )
    assert info.procurement.value == "public" and info.procedure is not None
    assert info.procedure.value == "adapted"
    assert p.context is not None and p.context.challenge is not None
    assert p.context.challenge == "Objectif : « 80 % » — #1\n- pas une liste\n  key: value"
    service = p.context.customer_service
    assert service is not None
    assert [c.value for c in service.channels] == ["voice", "email", "chat"]
    assert [(t.headcount, t.sourcing.value) for t in service.teams] == [
        (20, "in_house"),
        (10, "outsourced"),
    ]
    assert p.existing is not None and p.existing.budget is not None
    assert [(c.channel.value, c.yearly_volume) for c in p.existing.channels] == [
        ("voice", 80000),
        ("email", 20000),
        ("chat", 5000),
    ]
    assert p.existing.budget.lines[0].annual_amount == Decimal(95000)
    # Hybrid: hosted parts (hosting, reversibility, availability credit) and an on-site part.
    assert p.technical is not None and p.technical.deployment is not None
    assert p.technical.deployment.value == "hybrid" and p.technical.hosting is not None
    assert any(r.id == "TEC-007" for r in p.requirements)
    # Personal data with call recording: art. 28 defaults and the DPIA screening.
    pd = p.personal_data
    assert pd is not None and pd.processed_by_vendor and pd.call_recording
    assert pd.breach_notice_hours == 48 and pd.end_of_contract is not None
    assert pd.sub_processors is not None and pd.sub_processors.notice_days == 30
    assert pd.sub_processors.authorisation.value == "general"
    assert pd.dpia is not None and pd.dpia.planned
    assert DpiaCriterion.systematic_monitoring in pd.dpia.criteria
    # Public procurement: CCAG-TIC 2021 penalties and VA / VSR acceptance.
    contract = p.contract
    assert contract is not None and contract.frame is ContractFrame.ccag_tic_2021
    assert [t.value for t in contract.types] == ["licence", "maintenance", "integration"]
    assert contract.penalties is not None and contract.penalties.delay is not None
    delay = contract.penalties.delay
    assert (delay.divisor, delay.cap, delay.exemption_threshold) == (
        Decimal(1000),
        Decimal(10),
        Decimal(1000),
    )
    assert contract.acceptance is not None
    kinds = [ph.kind for ph in contract.acceptance.phases]
    assert kinds == [AcceptancePhaseKind.va, AcceptancePhaseKind.vsr]
    assert contract.reversibility is not None and contract.escrow is not None
    assert (contract.estimated_total, contract.duration_months) == (Decimal(450000), 48)
    # Value / price split, and sibling weights that add up to 100 at every level.
    assert p.evaluation is not None and p.evaluation.price is not None
    top = {c.id: c.weight for c in p.evaluation.criteria}
    assert top == {"valeur-technique": 60, "prix": 40}
    stack = list(p.evaluation.criteria)
    while stack:
        node = stack.pop()
        if node.children:
            assert sum(c.weight for c in node.children) == 100
            stack.extend(node.children)
    assert p.evaluation.price.years == 4
    # Key dates as milestones, in order.
    assert p.planning is not None
    dates = {m.kind: m.date for m in p.planning.milestones}
    assert dates[MilestoneKind.publication] == dt.date(2027, 2, 1)
    assert dates[MilestoneKind.answers_due] == dt.date(2027, 3, 8)
    assert dates[MilestoneKind.decision] == dt.date(2027, 4, 19)
    assert dates[MilestoneKind.go_live] == dt.date(2027, 10, 4)
    ordered = [m.date for m in p.planning.milestones]
    assert ordered == sorted(ordered)


PROFILES = {
    "on-premise, public, no personal data, outsourced": {
        "deployment": "on_premise",
        "procurement": "public",
        "personal_data": False,
        "sourcing": "outsourced",
        "contract_types": ["licence", "maintenance", "tma"],
    },
    "saas, private, one channel, extreme weights": {
        "channels": ["voice"],
        "personal_data": True,
        "call_recording": True,
        "price_weight": 1,
        "budget_min": 1,
        "budget_max": 1,
        "duration_years": 1,
    },
    "hybrid, every channel, personal data without recording": {
        "deployment": "hybrid",
        "channels": [c.value for c in Channel],
        "personal_data": True,
        "call_recording": False,
        "sourcing": "mixed",
        "price_weight": 99,
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("template", list(TemplateName))
@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_shape_of_answers_lints_clean(
    tmp_path: Path, template: TemplateName, lang: str, profile: str
) -> None:
    import yaml

    answers = _answers(tmp_path, yaml.safe_dump(PROFILES[profile]))
    from cdc.init.answers import read_answers

    result = resolve(
        read_answers(answers), template=template, language=Lang(lang), today=dt.date(2027, 1, 4)
    )
    target = tmp_path / "cdc.yaml"
    target.write_text(generate(result), encoding="utf-8")
    errors, warnings = _findings(target)
    assert errors == []
    assert set(warnings) <= TO_DECIDE


def test_default_dates_are_deterministic_and_leave_time_to_answer() -> None:
    day = dt.date(2027, 1, 6)  # a Wednesday
    publication = default_publication(day)
    assert publication == dt.date(2027, 2, 8) and publication.weekday() == 0
    assert (default_answers_due(publication) - publication).days >= 30
    one = resolve(None, template=None, language=None, today=day)
    two = resolve(None, template=None, language=None, today=day)
    assert generate(one) == generate(two)
    assert (one.template, one.language) == (TemplateName.contact_center, Lang.fr)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("buyer: X\n", "answers.yaml:1:1: error SCH003 unknown key 'buyer' at the top level"),
        ("agents: 3\nprice_weight: '30'\n", "answers.yaml:2:15: error SCH004 price_weight:"),
        ("channels: [voice, fax]\n", "answers.yaml:1:19: error SCH004 channels"),
        (
            "publication: 2027-02-01\nanswers_due: 2027-02-11\n",
            "answers.yaml:2:1: error SCH004 answers_due: vendors get 10 days to answer",
        ),
        (
            "personal_data: false\ncall_recording: true\n",
            "answers.yaml:2:1: error SCH004 call_recording",
        ),
        ("volumes: {fax: 3}\n", "error SCH004 volumes"),
        ("budget_min: 10\nbudget_max: 5\n", "answers.yaml:2:1: error SCH004 budget_max"),
        ("- a\n", "answers.yaml:1:1: error SCH009 an answers file is one YAML mapping"),
    ],
)
def test_bad_answers_are_located(cli: CliCall, tmp_path: Path, text: str, fragment: str) -> None:
    answers = _answers(tmp_path, text)
    run = cli("init", str(tmp_path / "p"), "--answers", str(answers), cwd=tmp_path)
    assert run.code == 1
    assert fragment.replace("answers.yaml", str(answers)) in run.err
    assert not (tmp_path / "p").exists()


def test_usage_errors(cli: CliCall, tmp_path: Path) -> None:
    run = cli("init", str(tmp_path / "p"), "--answers", str(tmp_path / "nowhere.yaml"))
    assert run.code == 2 and "no such file" in run.err
    (tmp_path / "p").mkdir()
    same = tmp_path / "p" / "cdc.yaml"
    same.write_text("template: saas\n", encoding="utf-8")
    run = cli("init", str(tmp_path / "p"), "--answers", str(same), "--force")
    assert run.code == 2 and "is the file to write" in run.err
    assert same.read_text(encoding="utf-8") == "template: saas\n"
    run = cli("init", "--template", "huge", "--defaults")
    assert run.code == 2


def test_refuses_to_overwrite_without_force(cli: CliCall, tmp_path: Path) -> None:
    target = tmp_path / "cdc.yaml"
    target.write_text("mine\n", encoding="utf-8")
    run = cli("init", "--defaults", cwd=tmp_path)
    assert run.code == 1 and "already exists" in run.err and "--force" in run.err
    assert target.read_text(encoding="utf-8") == "mine\n"
    run = cli("init", "--defaults", "--force", cwd=tmp_path)
    assert run.code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_unwritable_folder_is_a_clear_error(cli: CliCall, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = cli("init", str(blocker / "sub"), "--defaults")
    assert run.code == 1 and "cannot create the folder" in run.err and "is a file" in run.err
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        run = cli("init", str(locked), "--defaults")
        assert run.code == 1 and "permission denied" in run.err


def test_no_terminal_and_no_answers_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [*CDC, "init", str(tmp_path / "p")],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "not a terminal" in done.stderr and "--defaults" in done.stderr
    assert not (tmp_path / "p").exists()


def test_help_lists_every_template(cli: CliCall) -> None:
    run = cli("init", "--help")
    assert run.code == 0
    for info in TEMPLATES.values():
        line = next(ln for ln in run.out.splitlines() if ln.strip().startswith(info.name.value))
        assert info.summary in line


def test_lint_start_up_does_not_import_the_wizard() -> None:
    code = "import sys, cdc.cli._app, cdc.linting; print(sorted(m for m in sys.modules if m.startswith(('questionary', 'prompt_toolkit', 'jinja2'))))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_reads_back_unchanged(text: str) -> None:
    doc = read_yaml_bytes(
        f"a: {scalar(text)}\nb: {block(text, 0)}\nc: {flow([text, text])}\n".encode(), "t"
    )
    assert doc.findings == []
    assert doc.data == {"a": text, "b": text, "c": [text, text]}


# -- the wizard in a real pseudo-terminal ------------------------------------------------------
def _prompts(lang: Lang) -> list[str]:
    """The prompts a person pressing Enter sees, in order."""
    answers = resolve(None, template=None, language=lang, today=dt.date.today())
    draft = answers.model_dump()
    out = [PROMPTS[Lang.fr]["language"], PROMPTS[lang]["template"]]
    for question in QUESTIONS:
        if not question.interactive or not question.ask(draft):
            continue
        if question.key == "volumes":
            out += [
                f"{PROMPTS[lang]['volumes']} — {label(lang, 'channels', c.value)}"
                for c in answers.channels
            ]
        else:
            out.append(PROMPTS[lang][question.key])
    return out


def _spawn(folder: Path) -> object:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "200"}
    return pexpect.spawn(
        CDC[0],
        [*CDC[1:], "init", str(folder)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )


def test_pressing_enter_at_every_prompt_gives_a_valid_project(tmp_path: Path) -> None:
    import pexpect

    folder = tmp_path / "p"
    child = _spawn(folder)
    assert isinstance(child, pexpect.spawn)
    try:
        for prompt in _prompts(Lang.fr):
            child.expect_exact(prompt)
            child.send("\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    errors, warnings = _findings(folder / "cdc.yaml")
    assert errors == [] and set(warnings) <= TO_DECIDE


def test_ctrl_c_at_a_prompt_writes_nothing(tmp_path: Path) -> None:
    import pexpect

    folder = tmp_path / "p"
    child = _spawn(folder)
    assert isinstance(child, pexpect.spawn)
    try:
        child.expect_exact(PROMPTS[Lang.fr]["language"])
        child.send("\r")
        child.expect_exact(PROMPTS[Lang.fr]["template"])
        child.send("\r")
        child.expect_exact(PROMPTS[Lang.fr]["buyer_name"])
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert not folder.exists()
