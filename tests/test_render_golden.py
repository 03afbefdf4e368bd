"""Golden files for the Markdown of both examples, and the same headings in every format.

Regenerate after an intended change with ``CDC_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cdc.reading.project import load_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import Document, Heading, heading_text
from cdc.rendering.writers.html import to_html
from cdc.rendering.writers.markdown import to_markdown
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
KINDS = ("spec", "grid", "evaluation", "glossary", "raci", "checklist", "gdpr")


def _tree(example: Path, kind: str) -> Document:
    loaded = load_project(example)
    assert loaded.project is not None
    return DocumentBuilder(loaded.project, project_root=example.parent).build(kind)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("kind", KINDS)
def test_markdown_matches_the_golden_file(example: Path, kind: str) -> None:
    text = to_markdown(_tree(example, kind))
    golden = GOLDEN / example.parent.name / f"{kind}.md"
    if os.environ.get("CDC_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with CDC_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.current: list[str] = []
        self.found: list[str] = []
        self.in_nav = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self.in_nav = True
        if re.fullmatch(r"h[2-5]", tag) and not self.in_nav:
            self.depth, self.current = 1, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.in_nav = False
        if re.fullmatch(r"h[2-5]", tag) and self.depth:
            # HTML's white space, not str.split's: a French no-break space is text.
            self.found.append(re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip(" "))
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)


def _unescape_md(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_format_carries_the_same_headings_and_requirements(example: Path) -> None:
    tree = _tree(example, "spec")
    md = to_markdown(tree)
    md_headings = [
        _unescape_md(m.group(2)) for m in re.finditer(r"^(#{2,5}) (.+)$", md, flags=re.MULTILINE)
    ]
    parser = _Headings()
    parser.feed(to_html(tree))
    assert parser.found == md_headings
    from docx import Document as Docx

    from cdc.rendering.writers.docx import to_docx

    docx = Docx(io.BytesIO(to_docx(tree)))
    # Word numbers the headings itself (tests/test_render_structure.py checks it is the same
    # number): the paragraph holds the title, the number is the tree's
    numbers = {heading_text(h): h.number for h in tree.blocks if isinstance(h, Heading)}
    docx_headings = [
        re.sub(r"[ \t\r\n]+", " ", p.text).strip(" ")
        for p in docx.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    unnumbered = [h.split(" ", 1)[1] if numbers.get(h) else h for h in md_headings]
    assert docx_headings == unnumbered
    loaded = load_project(example)
    assert loaded.project is not None
    cells = {" ".join(c.text.split()) for t in docx.tables for row in t.rows for c in row.cells}
    for req in loaded.project.requirements:
        assert req.id in cells
        assert req.id in md


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize(
    "engine",
    [
        "weasyprint",
        pytest.param(
            "typst",
            marks=pytest.mark.skipif(
                importlib.util.find_spec("typst") is None,
                reason="the typst package is not installed: pip install typst",
            ),
        ),
    ],
)
def test_the_pdf_carries_the_same_headings_and_requirements(tmp_path: Path, engine: str) -> None:
    """Both PDF engines print every heading and requirement id the Markdown has."""
    example = EXAMPLES[0]
    tree = _tree(example, "spec")
    from cdc.rendering.writers.pdf import to_pdf

    pdf = tmp_path / "spec.pdf"
    pdf.write_bytes(to_pdf(tree, engine=engine))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    md = to_markdown(tree)
    for match in re.finditer(r"^#{2,5} (.+)$", md, flags=re.MULTILINE):
        heading = " ".join(_unescape_md(match.group(1)).split())
        assert heading in flat, heading
    loaded = load_project(example)
    assert loaded.project is not None
    for req in loaded.project.requirements:
        assert req.id in flat
