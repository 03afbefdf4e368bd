"""The questions-and-answers register: model, reader, lint rules QNA001–QNA007, the document.

The anonymisation tests are the point of the document: the candidate who asked is recorded in
the register and must never reach any output format.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdc.core.findings import Finding
from cdc.linting import lint_loaded
from cdc.model.consultation import Question, QuestionRegister
from cdc.reading.consultation import load_register
from cdc.reading.project import load_project
from cdc.reading.yamlsrc import MAX_BYTES
from cdc.rendering.api import applicable_documents, render_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.qna import build_qna, qna_view
from cdc.rendering.templating import TemplateProblem
from cdc.rendering.writers.markdown import to_markdown
from tests.conftest import ROOT, CliCall, settle

FLAGSHIP = ROOT / "examples" / "contact-center"
ENGLISH = ROOT / "examples" / "saas-crm-en"
GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = ["md", "html", "pdf", "docx"]

#: Names no other text of the examples contains: finding one in an output is a leak.
SECRET_NAMES = ("Zyxwell Systems", "Quorvane SAS")

needs_pdf_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not found"
)

ENGLISH_REGISTER = f"""\
questions:
  - number: 2
    received: 2027-02-10
    asked_by: {SECRET_NAMES[0]}
    concerns: FCT-001
    question: Does the single client record include the *archived* matters?
    answer: Yes, archived matters stay attached to the client record.
    answered: 2027-02-15
  - number: 1
    received: 2027-02-05
    asked_by: {SECRET_NAMES[1]}
    question: May two vendors answer together as a consortium?
    answer: Yes, provided one of them is named as the lead contractor.
    answered: 2027-02-09
  - number: 3
    received: 2027-02-12
    asked_by: {SECRET_NAMES[1]}
    concerns: matters
    question: Must conflict checks cover the partners' former firms?
"""


def _project_dir(tmp_path: Path, source: Path, register: str | None) -> Path:
    folder = tmp_path / source.name
    folder.mkdir()
    shutil.copy(source / "cdc.yaml", folder / "cdc.yaml")
    for extra in ("versions",):
        if (source / extra).is_dir():
            shutil.copytree(source / extra, folder / extra)
    if register is not None:
        (folder / "questions.yaml").write_text(register, encoding="utf-8")
    return folder


def _lint(folder: Path) -> list[Finding]:
    return lint_loaded(load_project(folder / "cdc.yaml"))


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


# -- model and reader -----------------------------------------------------------------------
def test_the_flagship_register_reads_and_lints_clean() -> None:
    loaded = load_register(FLAGSHIP / "questions.yaml")
    assert loaded is not None and loaded.register is not None, loaded and loaded.findings
    questions = loaded.register.questions
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6]
    changing = [q for q in questions if q.changes_specification]
    assert [(q.number, q.changed_in, q.concerns) for q in changing] == [(4, "1.1", "INT-002")]
    findings = _lint(FLAGSHIP)
    assert [f.text() for f in findings if f.rule.startswith(("QNA", "SCH"))] == []


def test_flagship_dates_follow_its_planning() -> None:
    project = load_project(FLAGSHIP / "cdc.yaml").project
    assert project is not None and project.planning is not None
    dates = {m.kind.value: m.date for m in project.planning.milestones}
    loaded = load_register(FLAGSHIP / "questions.yaml")
    assert loaded is not None and loaded.register is not None
    for q in loaded.register.questions:
        assert dates["publication"] <= q.received <= dates["questions_deadline"]
        assert q.answered is not None and q.answered <= dates["answers_to_questions"]


def test_absent_register_is_not_a_problem(tmp_path: Path) -> None:
    assert load_register(tmp_path / "questions.yaml") is None


def test_errors_are_located_in_the_register(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(
        "questions:\n"
        "  - number: 1\n"
        "    received: 2027-02-08\n"
        "    asked_by: Alpha\n"
        "    question: Une variante ?\n"
        "    answer: Non.\n"
        "  - number: 0\n"
        "    received: 2027-02-09\n"
        "    asked_by: Beta\n"
        "    question: Un lot ?\n"
        "    colour: blue\n",
        encoding="utf-8",
    )
    loaded = load_register(path, "questions.yaml")
    assert loaded is not None and loaded.register is None
    texts = sorted(f.text() for f in loaded.findings)
    assert texts == sorted(
        [
            "questions.yaml:2:5: error SCH004 questions[#1]: question 1 has an answer but no answer "
            "date (answered)",
            "questions.yaml:7:13: error SCH004 questions[#2].number: input should be greater than or "
            "equal to 1 (got 0)",
            "questions.yaml:11:5: error SCH003 unknown key 'colour' in questions[#2] (allowed: "
            "answer, answered, asked_by, changed_in, changes_specification, concerns, number, "
            "question, received)",
        ]
    )


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b'questions:\n  - number: 1\n    asked_by: "A\\u202eB"\n', "SCH011"),
        (b"questions: [\n", "SCH001"),
        (b"\xff\xfe\x00\x00binary", "SCH006"),
        (b"questions: !!python/object:os.system {}\n", "SCH007"),
        (b"- a\n- b\n", "SCH009"),
        (b"questions:\n  - number: 1\n    number: 2\n", "SCH002"),
    ],
)
def test_hostile_registers_become_findings(tmp_path: Path, content: bytes, rule: str) -> None:
    path = tmp_path / "questions.yaml"
    path.write_bytes(content)
    loaded = load_register(path, "questions.yaml")
    assert loaded is not None and loaded.register is None
    assert rule in _rules(loaded.findings)
    assert all(f.mark.path == "questions.yaml" for f in loaded.findings)


def test_huge_register_is_refused_without_reading_it_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    with path.open("wb") as out:
        out.write(b"questions: []\n")
        out.truncate(MAX_BYTES + 1)
    loaded = load_register(path, "questions.yaml")
    assert loaded is not None and _rules(loaded.findings) == ["SCH008"]


def test_a_folder_or_unreadable_register_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "questions.yaml").mkdir()
    loaded = load_register(tmp_path / "questions.yaml", "questions.yaml")
    assert loaded is not None and _rules(loaded.findings) == ["SCH009"]


def test_too_many_questions_is_a_schema_error() -> None:
    base = {"received": "2027-02-01", "asked_by": "A", "question": "Q ?"}
    with pytest.raises(ValueError, match="at most 5000"):
        QuestionRegister.model_validate({"questions": [{**base, "number": 1}] * 5001})


# -- lint rules -----------------------------------------------------------------------------
def _register(*entries: str) -> str:
    return "questions:\n" + "".join(entries)


def _question(number: int, received: str, *, answered: str | None = None, extra: str = "") -> str:
    text = (
        f"  - number: {number}\n    received: {received}\n    asked_by: Alpha Conseil\n"
        f"    question: Une variante est-elle admise ?\n"
    )
    if answered:
        text += f"    answer: Non.\n    answered: {answered}\n"
    return text + extra


@pytest.fixture
def english(tmp_path: Path) -> Path:
    return _project_dir(tmp_path, ENGLISH, None)


def test_qna001_fires_only_after_the_questions_deadline(english: Path) -> None:
    # questions_deadline 2027-02-19 in the English example
    (english / "questions.yaml").write_text(
        _register(
            _question(1, "2027-02-19", answered="2027-02-20"),
            _question(2, "2027-02-20", answered="2027-02-21"),
        ),
        encoding="utf-8",
    )
    hits = [f for f in _lint(english) if f.rule == "QNA001"]
    assert [(f.subject, f.mark.line) for f in hits] == [("Q2", 9)]
    assert hits[0].mark.path.endswith("questions.yaml")


def test_qna003_counts_the_days_from_the_answer_deadline(english: Path) -> None:
    project = load_project(english / "cdc.yaml").project
    assert project is not None and project.planning is not None
    due = next(m.date for m in project.planning.milestones if m.kind.value == "answers_due")
    last_ok = due - dt.timedelta(days=6)
    (english / "questions.yaml").write_text(
        _register(
            _question(1, "2027-02-10", answered=last_ok.isoformat()),
            _question(2, "2027-02-10", answered=(last_ok + dt.timedelta(days=1)).isoformat()),
        ),
        encoding="utf-8",
    )
    assert [f.subject for f in _lint(english) if f.rule == "QNA003"] == ["Q2"]


def test_qna002_can_be_waived_from_the_project(english: Path) -> None:
    (english / "questions.yaml").write_text(_register(_question(1, "2027-02-10")), encoding="utf-8")
    assert "QNA002" in _rules(_lint(english))
    with (english / "cdc.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "\nwaivers:\n  - rule: QNA002\n    target: Q1\n"
            "    justification: Answer drafted, awaiting the legal department.\n"
        )
    waived = [f for f in _lint(english) if f.rule == "QNA002"]
    assert waived and all(f.waived for f in waived)


def test_qna004_accepts_a_declared_later_version(tmp_path: Path) -> None:
    folder = _project_dir(tmp_path, FLAGSHIP, None)
    shutil.copy(FLAGSHIP / "questions.yaml", folder / "questions.yaml")
    assert "QNA004" not in _rules(_lint(folder))
    text = (folder / "questions.yaml").read_text(encoding="utf-8")
    (folder / "questions.yaml").write_text(text.replace('changed_in: "1.1"', 'changed_in: "1.2"'))
    hits = [f for f in _lint(folder) if f.rule == "QNA004"]
    assert len(hits) == 1 and "version 1.2 is not a version of the project" in hits[0].message


def test_qna005_accepts_requirements_and_sections(english: Path) -> None:
    (english / "questions.yaml").write_text(
        _register(
            _question(1, "2027-02-10", answered="2027-02-11", extra="    concerns: FCT-001\n"),
            _question(2, "2027-02-10", answered="2027-02-11", extra="    concerns: matters\n"),
            _question(3, "2027-02-10", answered="2027-02-11", extra="    concerns: fct-001\n"),
        ),
        encoding="utf-8",
    )
    assert [f.subject for f in _lint(english) if f.rule == "QNA005"] == ["fct-001"]


def test_qna007_matches_whole_names_only(english: Path) -> None:
    entry = _question(1, "2027-02-10", answered="2027-02-11").replace(
        "Une variante est-elle admise ?", "Les offres Alpha Conseillers sont-elles admises ?"
    )
    (english / "questions.yaml").write_text(_register(entry), encoding="utf-8")
    assert "QNA007" not in _rules(_lint(english))
    named = entry.replace("Alpha Conseillers", "ALPHA CONSEIL")
    (english / "questions.yaml").write_text(_register(named), encoding="utf-8")
    assert "QNA007" in _rules(_lint(english))


def test_lint_sees_a_register_created_after_a_cached_run(
    english: Path, cli: CliCall, cache: Path
) -> None:
    settle(english)  # a project saved earlier: its lint report is cached
    first = cli("lint", "cdc.yaml", cwd=english)
    assert "QNA" not in first.out
    (english / "questions.yaml").write_text(_register(_question(1, "2027-02-10")), encoding="utf-8")
    settle(english)  # even dated in the past, the new file is seen
    second = cli("lint", "cdc.yaml", cwd=english)
    assert "questions.yaml:2:13: warning QNA002" in second.out


# -- the document ---------------------------------------------------------------------------
def _render(folder: Path, out: Path, formats: list[str]) -> dict[str, bytes]:
    loaded = load_project(folder / "cdc.yaml")
    assert loaded.project is not None
    result = render_project(
        loaded.project,
        project_root=folder,
        output_dir=out,
        documents=["qna"],
        formats=formats,
        force=True,
    )
    assert not result.errors, result.errors
    return {p.suffix[1:]: p.read_bytes() for p in result.written + result.unchanged}


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    """The readable text of each format (DOCX through python-docx, PDF through pdftotext)."""
    out = {"md": files["md"].decode("utf-8"), "html": files["html"].decode("utf-8")}
    document = docx.Document(io.BytesIO(files["docx"]))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    out["docx"] = "\n".join(parts)
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as package:
        out["docx-xml"] = "\n".join(
            package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")
        )
    if "pdf" in files:
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=files["pdf"],
            capture_output=True,
            check=True,
        )
        out["pdf"] = " ".join(done.stdout.decode("utf-8").split())
    return out


@needs_pdf_tools
def test_english_document_in_every_format_names_no_candidate(tmp_path: Path) -> None:
    folder = _project_dir(tmp_path, ENGLISH, ENGLISH_REGISTER)
    files = _render(folder, tmp_path / "out", FORMATS)
    assert sorted(files) == sorted(FORMATS)
    texts = _texts(files)
    for fmt, text in texts.items():
        for name in SECRET_NAMES:
            assert name.casefold() not in text.casefold(), f"{name} leaked into {fmt}"
        assert b"Zyxwell" not in files.get(fmt, b""), fmt
    for fmt in ("md", "docx", "pdf"):
        text = texts[fmt]
        assert "Questions and answers" in text
        assert "General questions" in text and "Client and contact data" in text
        assert "Q1" in text and "Q2" in text
        assert "consortium" in text
        assert "former firms" not in text, "an unanswered question is not published"
    md = texts["md"]
    assert md.index("## General questions") < md.index("### Q1") < md.index("## Client and")
    assert "### Q2 — FCT-001" in md


@needs_pdf_tools
def test_flagship_document_in_every_format_names_no_candidate(tmp_path: Path) -> None:
    files = _render(FLAGSHIP, tmp_path / "out", FORMATS)
    register = load_register(FLAGSHIP / "questions.yaml")
    assert register is not None and register.register is not None
    names = {q.asked_by for q in register.register.questions}
    assert len(names) == 3
    texts = _texts(files)
    for fmt, text in texts.items():
        for name in names:
            assert name.casefold() not in text.casefold(), f"{name} leaked into {fmt}"
    for fmt in ("md", "docx", "pdf"):
        text = texts[fmt]
        assert "Questions et réponses" in text and "Questions générales" in text
        assert all(f"Q{n}" in text for n in range(1, 7))
        assert "version 1.1" in text
    assert "Réponses qui modifient le cahier des charges" in texts["md"]


def test_a_user_template_cannot_reach_the_candidate(tmp_path: Path) -> None:
    folder = _project_dir(tmp_path, ENGLISH, ENGLISH_REGISTER)
    custom = folder / "templates" / "en"
    custom.mkdir(parents=True)
    (custom / "qna.xml.j2").write_text(
        "<doc><p>{% for g in extra.qna.groups %}{% for a in g.answers %}"
        "{{ a.asked_by }}{% endfor %}{% endfor %}</p></doc>",
        encoding="utf-8",
    )
    loaded = load_project(folder / "cdc.yaml")
    assert loaded.project is not None
    builder = DocumentBuilder(loaded.project, project_root=folder)
    with pytest.raises(TemplateProblem, match="asked_by"):
        build_qna(builder, folder)


def test_unanswered_questions_are_held_back_with_a_warning(tmp_path: Path) -> None:
    folder = _project_dir(tmp_path, ENGLISH, ENGLISH_REGISTER)
    loaded = load_project(folder / "cdc.yaml")
    assert loaded.project is not None
    document = build_qna(DocumentBuilder(loaded.project, project_root=folder), folder)
    assert any("1 question without an answer not published" in w for w in document.warnings)
    assert document.meta.date_iso == "2027-02-15"


def test_markdown_matches_the_golden_file() -> None:
    loaded = load_project(FLAGSHIP / "cdc.yaml")
    assert loaded.project is not None
    builder = DocumentBuilder(loaded.project, project_root=FLAGSHIP)
    text = to_markdown(build_qna(builder, FLAGSHIP))
    golden = GOLDEN / "contact-center" / "qna.md"
    if os.environ.get("CDC_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with CDC_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_the_document_is_listed_only_when_a_register_exists(tmp_path: Path) -> None:
    project = load_project(FLAGSHIP / "cdc.yaml").project
    assert project is not None
    assert "qna" in applicable_documents(project, FLAGSHIP)
    assert "qna" not in applicable_documents(project, tmp_path)
    assert "qna" not in applicable_documents(project)


def test_cli_renders_qna_and_explains_a_missing_register(tmp_path: Path, cli: CliCall) -> None:
    folder = _project_dir(tmp_path, ENGLISH, ENGLISH_REGISTER)
    run = cli("render", "cdc.yaml", "--doc", "qna", "--format", "md,html,docx", cwd=folder)
    assert run.code == 0, run.err
    names = sorted(p.name for p in (folder / "out").iterdir() if not p.name.startswith("."))
    assert [n.split("_")[:2] for n in names] == [["mdl-crm-2027", "questions-answers"]] * 3
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "html", "md"]
    (folder / "questions.yaml").unlink()
    missing = cli("render", "cdc.yaml", "--doc", "qna", "--format", "md", cwd=folder)
    assert missing.code == 2 and "no questions register" in missing.err
    everything = cli("render", "cdc.yaml", "--doc", "all", "--format", "md", cwd=folder)
    assert everything.code == 0, everything.err
    assert "Traceback" not in missing.err + everything.err


# -- invariants -----------------------------------------------------------------------------
_sections = ["canaux", "pilotage", None, "nowhere"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=40),
            st.sampled_from(_sections),
            st.booleans(),
        ),
        max_size=25,
        unique_by=lambda t: t[0],
    )
)
def test_every_answered_question_is_published_once_in_its_group(
    entries: list[tuple[int, str | None, bool]],
) -> None:
    project = load_project(FLAGSHIP / "cdc.yaml").project
    assert project is not None
    day = dt.date(2027, 2, 10)
    questions = [
        Question(
            number=n,
            received=day,
            asked_by="Secret Vendor",
            concerns=section,
            question=f"Question {n} ?",
            answer="Oui." if answered else None,
            answered=day if answered else None,
        )
        for n, section, answered in entries
    ]
    view = qna_view(project, QuestionRegister(questions=questions), "Général")
    published = [a.number for g in view.groups for a in g.answers]
    assert sorted(published) == sorted(n for n, _, answered in entries if answered)
    assert view.published + view.unanswered == len(entries)
    for group in view.groups:
        numbers = [a.number for a in group.answers]
        assert numbers == sorted(numbers) and numbers
    order = [g.section_id for g in view.groups]
    known = [s.id for s in project.requirement_sections]
    assert order == sorted(order, key=lambda s: -1 if s is None else known.index(s))
    assert "Secret Vendor" not in repr(view)


def test_qna003_says_when_an_answer_comes_after_the_deadline(english: Path) -> None:
    (english / "questions.yaml").write_text(
        _register(_question(1, "2027-02-10", answered="2027-12-01")), encoding="utf-8"
    )
    hits = [f for f in _lint(english) if f.rule == "QNA003"]
    assert len(hits) == 1 and "on or after the answer deadline" in hits[0].message


def test_markup_in_a_question_stays_text(tmp_path: Path) -> None:
    register = ENGLISH_REGISTER.replace(
        "May two vendors answer together as a consortium?",
        "May we embed <script>alert(1)</script> in the portal?",
    )
    folder = _project_dir(tmp_path, ENGLISH, register)
    html = _render(folder, tmp_path / "out", ["html"])["html"].decode("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
