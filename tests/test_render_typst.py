"""The Typst PDF engine (``--pdf-engine typst``): project text is only ever text, nothing is
read or fetched, the same document gives the same bytes, and the flagship prints with its
cover, contents, running header and footer and repeated table headers.

Text checks go through ``pdftotext`` (poppler-utils), as for the WeasyPrint engine.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdc.core.errors import CdcError
from cdc.reading.project import load_project
from cdc.rendering.api import render_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import (
    Block,
    Break,
    Cell,
    Code,
    CodeBlock,
    Cover,
    CoverField,
    Document,
    Emph,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    Toc,
)
from cdc.rendering.writers.pdf import PdfUnavailable, to_pdf
from cdc.rendering.writers.typst_markup import TypstWriter, lit, to_typst
from tests.conftest import ROOT, CliCall
from tests.test_render_pdf import needs_weasyprint

FLAGSHIP = ROOT / "examples/contact-center/cdc.yaml"

needs_typst = pytest.mark.skipif(
    importlib.util.find_spec("typst") is None,
    reason="the typst package is not installed: pip install typst",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo not found: install poppler-utils to check PDF text",
)

#: Texts that would be Typst markup or code if they were not escaped.
HOSTILE = (
    '#read("/etc/passwd")',
    '#image("/etc/passwd")',
    '#import "@preview/cetz:0.3.0": *',
    "$x^2$ and @ref and <label>",
    "*star* _under_ `tick` ~tilde",
    "back\\slash \\ and \\u{41}",
    "] closing [ opening",
    "// a comment",
    "/* an open comment",
    '#" #{ #[ #( quote " done',
    "= not a heading",
    "- not a list",
    "+ not an enum",
    '#set page(paper: "a5")',
)


def _text(pdf: bytes, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def _info(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    info: dict[str, str] = {}
    for line in done.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def _flat(text: str) -> str:
    return " ".join(text.split())


def _hostile_document() -> Document:
    """Hostile text in every place a writer puts text, styles and anchors included."""
    evil = '"); #read("/etc/passwd"); ("'
    runs = tuple(Paragraph((Text(h),)) for h in HOSTILE)
    cell = Cell((Paragraph((Text(HOSTILE[0]),)),), align=evil)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        '<rect x="0" y="0" width="120" height="20" fill="#1f4e79"/></svg>'
    )
    meta = Meta(
        title=HOSTILE[0],
        lang=f"fr{evil}",
        project_id=HOSTILE[1],
        version="1.0",
        date="1er janvier 2027",
        date_iso=f"2027-01-01{evil}",
        confidentiality="Public",
        author=HOSTILE[2],
        header=f"HEADER {HOSTILE[0]}",
        footer=f"FOOTER {HOSTILE[3]}",
    )
    blocks: tuple[Block, ...] = (
        Cover(
            title=HOSTILE[4],
            subtitle=HOSTILE[5],
            kind=HOSTILE[6],
            fields=(CoverField(HOSTILE[7], (Text(HOSTILE[8]),)),),
            notice=(Paragraph((Text(HOSTILE[9]),)),),
        ),
        Toc(title=HOSTILE[10]),
        Heading(1, (Text(HOSTILE[11]),), anchor=f"a> {evil} <b"),
        Heading(2, (Text("Safe heading"),), anchor="safe"),
        *runs,
        Paragraph((Text(HOSTILE[12]),), style=evil),
        Paragraph(
            (
                Emph((Text(HOSTILE[0]),)),
                Strong((Text(HOSTILE[1]),)),
                Code(HOSTILE[2]),
                Break(),
                Link(f"https://example.com/{evil}", (Text(HOSTILE[3]),)),
                Link("#safe", (Text("to safe"),)),
                Link(f"#{evil}", (Text(HOSTILE[4]),)),
                Link(f"javascript:{evil}", (Text(HOSTILE[5]),)),
            )
        ),
        ListBlock(ordered=False, items=((Paragraph((Text(HOSTILE[6]),)),),)),
        ListBlock(ordered=True, items=((Paragraph((Text(HOSTILE[7]),)),),)),
        Note(evil, (Paragraph((Text(HOSTILE[8]),)),)),
        Note("quote", (Paragraph((Text(HOSTILE[9]),)),)),
        CodeBlock(HOSTILE[13]),
        PageBreak(),
        Table(
            header=(Cell((Paragraph((Text(HOSTILE[10]),)),), header=True), cell),
            rows=((Cell((Paragraph((Text(HOSTILE[11]),)),), header=True), cell),),
            caption=(Text(HOSTILE[12]),),
            widths=(1, 2),
            style=evil,
        ),
        Table(header=(), rows=((cell, cell, cell),), style="matrix"),
        Figure(svg=svg, caption=(Text(HOSTILE[13]),)),
    )
    return Document(meta, blocks)


@pytest.fixture(scope="module")
def hostile_pdf() -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    return to_pdf(_hostile_document(), warnings=warnings, engine="typst"), warnings


@pytest.fixture(scope="module")
def flagship_tree() -> Document:
    project = load_project(FLAGSHIP).project
    assert project is not None
    return DocumentBuilder(project).build("spec")


@pytest.fixture(scope="module")
def flagship(flagship_tree: Document) -> bytes:
    return to_pdf(flagship_tree, engine="typst")


# -- escaping ----------------------------------------------------------------------------------
@needs_typst
@given(st.text(max_size=40))
def test_a_string_literal_evaluates_to_the_text(text: str) -> None:
    import typst

    assert json.loads(typst.eval(b"", lit(text), format="json")) == text


@needs_typst
@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40))
def test_a_text_run_in_markup_is_that_text(text: str) -> None:
    """In markup, ``#"…"`` is a text element holding exactly the text, whatever it contains."""
    import typst

    run = TypstWriter(_tiny()).inline((Text(text),))
    assert json.loads(typst.eval(b"", f"[{run}].text", format="json")) == text


def test_styles_and_anchors_from_the_tree_never_reach_the_source_raw() -> None:
    source, files = to_typst(_hostile_document())
    assert '#read("/etc/passwd")' not in source.replace('\\"', "")  # only inside literals
    assert "javascript:" not in source
    assert "<a>" not in source and "<b>" not in source
    assert '"/etc/passwd"); ("' not in source
    assert set(files) == {"figure-1.svg"}


@needs_typst
@needs_poppler
def test_hostile_text_is_printed_literally_and_reads_no_file(
    hostile_pdf: tuple[bytes, list[str]],
) -> None:
    data, warnings = hostile_pdf
    assert warnings == []
    text = _flat(_text(data))
    for hostile in HOSTILE:
        assert _flat(hostile) in text, hostile
    assert "HEADER #read" in text and "FOOTER $x^2$" in text
    assert "root:" not in text  # /etc/passwd was not read
    assert "to safe" in text
    info = _info(data)
    assert info["Title"] == HOSTILE[0]
    assert "(A4)" in info["Page size"]  # the hostile #set page(paper: "a5") stayed text


@needs_typst
def test_two_renders_are_byte_identical(hostile_pdf: tuple[bytes, list[str]]) -> None:
    """Fresh temporary folders, the same bytes: no clock, no path, no system font."""
    assert to_pdf(_hostile_document(), engine="typst") == hostile_pdf[0]


@needs_typst
def test_the_flagship_is_byte_identical_twice(flagship_tree: Document, flagship: bytes) -> None:
    assert to_pdf(flagship_tree, engine="typst") == flagship


@needs_typst
def test_duplicate_or_odd_anchors_never_break_the_compile() -> None:
    """A link to an anchor two headings share would be a Typst error: such links stay text."""
    doc = _tiny()
    blocks: tuple[Block, ...] = (
        Heading(1, (Text("One"),), anchor="dup"),
        Heading(1, (Text("Two"),), anchor="dup"),
        Heading(2, (Text("Three"),), anchor="é-accent"),
        Paragraph((Link("#dup", (Text("to dup"),)), Link("#é-accent", (Text("to é"),)))),
    )
    source, _ = to_typst(Document(doc.meta, blocks))
    assert "label(" not in source.split("#show: cdc-pages", 1)[1]
    assert to_pdf(Document(doc.meta, blocks), engine="typst").startswith(b"%PDF")


@needs_typst
@needs_poppler
@pytest.mark.parametrize("kind", ["list", "note", "emph"])
def test_deep_nesting_is_written_flat_past_the_limit_not_refused(kind: str) -> None:
    """Typst refuses ~60 levels of nested boxes; past MAX_NESTING the content is written flat,
    every word still printed, and the writer does not recurse without bound."""
    depth = 300
    leaf = Paragraph((Text("deepest words"),))
    block: Block = leaf
    inline: Inline = Text("deepest words")
    for n in range(depth):
        if kind == "list":
            block = ListBlock(n % 2 == 0, ((block, Paragraph((Text(f"level {n}"),))),))
        elif kind == "note":
            block = Note("warning", (block,))
        else:
            inline = Emph((inline,)) if n % 2 else Strong((inline,))
    if kind == "emph":
        block = Paragraph((inline,))
    data = to_pdf(Document(_tiny().meta, (block,)), engine="typst")
    text = _flat(_text(data))
    assert "deepest words" in text
    if kind == "list":
        assert "level 0" in text and f"level {depth - 1}" in text


# -- the flagship ------------------------------------------------------------------------------
@needs_typst
@needs_poppler
def test_flagship_pages(flagship: bytes) -> None:
    pages = _text(flagship, "-layout").split("\f")
    info = _info(flagship)
    count = int(info["Pages"])
    assert count > 30
    assert info["Creator"].startswith("Typst")  # says which engine wrote the file
    assert info["Title"].startswith("Cahier des charges — Plateforme de centre de contact")
    assert info["Author"] == "Ondéa Énergies"
    assert "2027" in info["CreationDate"] and "Mar  8" in info["CreationDate"]
    # Cover: the title, no running header or footer.
    assert "Plateforme de centre de contact" in pages[0]
    assert "Page 1 /" not in pages[0]
    assert "Ondéa Énergies — Diffusion restreinte" not in pages[0]
    assert "Cahier des charges — Version 1.1" not in pages[0]
    # Contents: dot leaders and the page number (Typst puts a word joiner before it).
    assert re.search(r"Objet de la consultation et enjeux ?(\. ?){5,}\W*\d+", pages[1])
    assert f"Page 2 / {count}" in pages[1]
    assert "Ondéa Énergies — Diffusion restreinte" in pages[1]
    assert "Cahier des charges — Version 1.1" in pages[1]
    # A requirements table that goes on to the next page repeats its header row there.
    row = re.compile(r"^\s*[A-Z]{2,5}-\d{3}\s{2,}\S", re.MULTILINE)
    with_rows = [p for p in pages if row.search(p)]
    assert len(with_rows) > 5
    assert all("Réf." in p for p in with_rows)


@needs_typst
@needs_poppler
def test_a_requirement_row_is_never_cut_across_pages(tmp_path: Path) -> None:
    """Every generated requirement row ends with its justification: on every page, as many
    row starts (an id at the start of a line) as justifications, so no row spans two pages;
    and every page of a continuing table starts with its header row."""
    from benchmarks.generate import main as generate

    project = load_project(generate(["--requirements", "250", "--vendors", "0", "--output",
                                     str(tmp_path)])).project  # fmt: skip
    assert project is not None
    pages = _text(to_pdf(DocumentBuilder(project).build("spec"), engine="typst"), "-layout")
    row = re.compile(r"^\s*[A-Z]{2,5}-\d{3,4}\b", re.MULTILINE)
    with_rows = [p for p in pages.split("\f") if row.search(p)]
    assert len(with_rows) > 20
    for page in with_rows:
        assert len(row.findall(page)) == page.count("Justification"), page[:400]
        assert "Réf." in page


@needs_typst
def test_flagship_fonts_are_dejavu_sans(flagship: bytes) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts not found: install poppler-utils")
    fonts = subprocess.run(["pdffonts", "-"], input=flagship, capture_output=True).stdout.decode()
    assert "DejaVuSans" in fonts
    assert "Serif" not in fonts and "Libertinus" not in fonts


@needs_typst
@needs_poppler
def test_cli_renders_every_flagship_pdf_with_typst(cli: CliCall, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = cli("render", str(FLAGSHIP), "--format", "pdf", "--pdf-engine", "typst", "-o", str(out))
    assert run.code == 0, run.err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 9  # 7 from cdc.yaml, the Q&A (questions.yaml), the addendum (v1.1)
    for pdf in pdfs:
        assert _info(pdf.read_bytes())["Creator"].startswith("Typst"), pdf.name
    spec = next(p for p in pdfs if "cahier-des-charges" in p.name)
    assert "OMN-001" in _text(spec.read_bytes())


@needs_typst
@needs_poppler
def test_cli_score_report_with_typst(cli: CliCall, tmp_path: Path) -> None:
    folder = FLAGSHIP.parent
    target = tmp_path / "score.pdf"
    run = cli(
        "score", str(FLAGSHIP), str(folder / "responses"), "-e", str(folder / "evaluations"),
        "--format", "pdf", "--pdf-engine", "typst", "-o", str(target),
    )  # fmt: skip
    assert run.code == 0, run.err
    data = target.read_bytes()
    assert _info(data)["Creator"].startswith("Typst")
    assert "Points sur 100" in _text(data)  # the totals chart (SVG) is drawn with its text


@pytest.mark.parametrize("command", ["render", "score"])
def test_an_unknown_engine_is_a_usage_error(cli: CliCall, tmp_path: Path, command: str) -> None:
    extra = [str(FLAGSHIP.parent / "responses"), "-f", "pdf", "-o", str(tmp_path / "x.pdf")]
    args = [command, str(FLAGSHIP), *(extra if command == "score" else ["-o", str(tmp_path)])]
    run = cli(*args, "--pdf-engine", "latex")
    assert run.code == 2
    assert "unknown PDF engine 'latex'; choose among auto, weasyprint, typst" in run.err
    assert not list(tmp_path.iterdir())


# -- missing pieces -----------------------------------------------------------------------------
def _tiny() -> Document:
    meta = Meta("T", "fr", "p", "1.0", "1er janvier 2027", "2027-01-01", "Public", "A", "h", "f")
    return Document(meta, (Paragraph((Text("x"),)),))


def _failing_import(name_prefix: str) -> Callable[..., Any]:
    real_import = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == name_prefix or name.startswith(name_prefix + "."):
            raise ImportError(f"No module named {name_prefix!r}")
        return real_import(name, *args, **kwargs)

    return fake


def test_missing_typst_is_one_actionable_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builtins, "__import__", _failing_import("typst"))
    with pytest.raises(PdfUnavailable) as caught:
        to_pdf(_tiny(), engine="typst")
    assert isinstance(caught.value, CdcError)
    assert "\n" not in str(caught.value)
    assert "pip install typst" in str(caught.value)


def test_missing_typst_is_a_render_error_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = load_project(ROOT / "tests/cases/positive/minimal/cdc.yaml").project
    assert project is not None
    monkeypatch.setattr(builtins, "__import__", _failing_import("typst"))
    result = render_project(
        project, project_root=tmp_path, output_dir=tmp_path / "out", documents=["spec"],
        formats=["md", "pdf"], pdf_engine="typst",
    )  # fmt: skip
    assert [p.suffix for p in result.written] == [".md"]
    assert len(result.errors) == 1 and "pip install typst" in result.errors[0]


@needs_typst
def test_without_dejavu_the_pdf_is_made_and_the_warning_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cdc.rendering.writers import typst as typst_writer

    typst_writer._font_files.cache_clear()
    monkeypatch.setattr(typst_writer, "FONT_DIRS", ())
    try:
        warnings: list[str] = []
        data = to_pdf(_tiny(), warnings=warnings, engine="typst")
    finally:
        typst_writer._font_files.cache_clear()
    assert data.startswith(b"%PDF")
    assert any("fonts-dejavu-core" in w for w in warnings)


def test_the_typst_module_loads_only_for_typst_pdfs() -> None:
    code = (
        "import sys, cdc.rendering.api, cdc.rendering.writers.pdf, cdc.rendering.writers.typst; "
        "print('typst' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("asked", "engine"), [("auto", "typst"), ("weasyprint", "weasyprint"), ("typst", "typst")]
)
def test_auto_takes_typst_where_it_is_installed(asked: str, engine: str) -> None:
    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine

    assert resolve_pdf_engine(asked) == engine


def test_auto_falls_back_to_weasyprint_without_the_typst_wheel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    from cdc.rendering.writers._pdf_engines import resolve_pdf_engine

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "typst" else real(name, *a)
    )
    assert resolve_pdf_engine("auto") == "weasyprint"
    assert resolve_pdf_engine("typst") == "typst"  # asked for: its own error says what to install


def test_to_pdf_wants_a_resolved_engine(flagship_tree: Document) -> None:
    with pytest.raises(ValueError, match="resolve 'auto'"):
        to_pdf(flagship_tree, engine="auto")


@needs_typst
@needs_poppler
def test_by_default_a_large_project_prints_with_typst_and_the_cli_says_so(
    cli: CliCall, tmp_path: Path
) -> None:
    from benchmarks.generate import main as generate

    project = generate(["--requirements", "500", "--vendors", "0", "--output", str(tmp_path / "p")])
    out = tmp_path / "out"
    run = cli("render", str(project), "--doc", "glossary", "--format", "pdf,md", "-o", str(out))
    assert run.code == 0, run.err
    (pdf,) = out.glob("*.pdf")
    assert _info(pdf.read_bytes())["Creator"].startswith("Typst")
    assert re.search(r"glossaire_v1\.0\.pdf\s+[\d,]+\s+written \(Typst\)", run.err), run.err
    assert "(Typst)" not in next(line for line in run.err.splitlines() if ".md" in line)


@needs_typst
@needs_weasyprint
def test_by_default_the_flagship_prints_with_typst_and_weasyprint_on_request(
    cli: CliCall, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = cli("render", str(FLAGSHIP), "--doc", "glossary", "--format", "pdf", "-o", str(out))
    assert run.code == 0, run.err
    assert "written (Typst)" in run.err
    asked = ("--pdf-engine", "weasyprint", "--force")
    run = cli(
        "render", str(FLAGSHIP), "--doc", "glossary", "--format", "pdf", "-o", str(out), *asked
    )
    assert run.code == 0, run.err
    assert "written (WeasyPrint)" in run.err


def _narrow_table(code: str, head: str) -> Document:
    """A table whose first column is too narrow for ``code`` and whose second header is
    ``head`` in a column a few letters wide."""
    meta = Meta("T", "fr", "p", "1.0", "1er janvier 2027", "2027-01-01", "Public", "A", "h", "f")
    cells = (Cell((Paragraph((Code(code),)),)), Cell((Paragraph((Text("R"),)),)), Cell(()))
    table = Table(
        header=(Cell((Paragraph((Text("Clé"),)),)), Cell((Paragraph((Text(head),)),)),
                Cell((Paragraph((Text("Commentaire"),)),))),
        rows=(cells,),
        widths=(14, 10, 76),
    )  # fmt: skip
    return Document(meta, (table, Paragraph((Code(code),))))


def test_code_and_elisions_in_narrow_cells_break_instead_of_overflowing() -> None:
    """Typst never breaks inside a word it cannot hyphenate: a long identifier in a narrow cell
    ran over the next column, and "d'information" (one word for the hyphenator) too. In a
    cell, code breaks after its separators and an elided article is split from its word."""
    code = "contract.penalties.service_credits"
    source, _ = to_typst(_narrow_table(code, "Architecte des systèmes d'information"))
    assert lit("contract.\u200bpenalties.\u200bservice_\u200bcredits") in source
    assert lit("Architecte des systèmes d'\u200binformation") in source
    assert f"#raw({lit(code)})" in source  # outside a table, code is left whole


@needs_typst
def test_narrow_cells_are_laid_out_within_their_column() -> None:
    code = "contract.penalties.service_credits"
    pdf = to_pdf(_narrow_table(code, "Architecte des systèmes d'information"), engine="typst")
    lines = [line.strip().replace("\u200b", "") for line in _text(pdf).splitlines()]
    assert code not in lines[: lines.index("R")]  # broken inside the table's narrow cell
    assert "d'" in lines and "d'information" not in lines  # the article may end a line
    assert code in lines  # whole in the paragraph below
