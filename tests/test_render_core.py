"""Render core: formatting, derived figures, markup parsing, Markdown/HTML writers, outputs."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.analysis.figures import channel_synthesis, weighted_criteria
from cdc.core.errors import OutputError, UsageError
from cdc.model.context import CurrentChannel
from cdc.model.enums import Channel
from cdc.model.evaluation import Criterion
from cdc.reading.project import load_project
from cdc.rendering.api import RenderResult, output_name, parse_list, render_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.fmt import NNBSP, Formatter
from cdc.rendering.markup import MarkupError, parse_markup, slugify
from cdc.rendering.tree import Heading, Paragraph, Strong, Table, Text
from cdc.rendering.writers.html import to_html
from cdc.rendering.writers.markdown import to_markdown
from tests.conftest import EXAMPLES, ROOT

MINIMAL = ROOT / "tests/cases/positive/minimal/cdc.yaml"


def test_french_and_english_number_formats() -> None:
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert en.number(1234567) == "1,234,567"
    assert fr.number(Decimal("2.345"), 2) == "2,35"  # half up, French decimal comma
    assert fr.percent(Decimal("0.125")) == f"12,5{NNBSP}%"
    assert en.percent(Decimal("0.6")) == "60%"
    assert fr.money(48000) == f"48{NNBSP}000{NNBSP}€"
    assert en.money(Decimal("12.5")) == "€12.50"
    assert fr.date(dt.date(2027, 3, 1)) == "1er mars 2027"
    assert en.date(dt.date(2027, 3, 15)) == "15 March 2027"
    assert fr.minutes(5.5) == "5,5\u00a0min"
    assert fr.number(None) == "" and fr.money(None) == ""


def _c(id: str, weight: int, *children: Criterion) -> Criterion:
    return Criterion(id=id, title=id, weight=Decimal(weight), children=list(children))


def test_weights_down_the_tree() -> None:
    tree = [_c("tech", 60, _c("f", 75), _c("demo", 25)), _c("price", 30), _c("service", 10)]
    got = {w.criterion.id: (w.relative, w.absolute, w.depth) for w in weighted_criteria(tree)}
    assert got["tech"] == (Decimal("0.6"), Decimal("0.6"), 0)
    assert got["f"] == (Decimal("0.75"), Decimal("0.45"), 1)
    assert got["demo"][1] == Decimal("0.15")
    assert sum(w.absolute for w in weighted_criteria(tree) if w.is_leaf) == 1


def test_weights_are_normalised_and_zero_sums_do_not_divide_by_zero() -> None:
    got = weighted_criteria([_c("a", 3), _c("b", 1)])
    assert [w.relative for w in got] == [Decimal("0.75"), Decimal("0.25")]
    zero = weighted_criteria([_c("a", 0), _c("b", 0)])
    assert [w.relative for w in zero] == [Decimal("0.5"), Decimal("0.5")]


def test_channel_synthesis_shares_and_weighted_handling_time() -> None:
    rows = [
        CurrentChannel(channel=Channel.voice, yearly_volume=700, handling_minutes=Decimal(6)),
        CurrentChannel(channel=Channel.email, yearly_volume=300, handling_minutes=Decimal(10)),
        CurrentChannel(channel=Channel.chat),
    ]
    synthesis = channel_synthesis(rows)
    assert [r.share for r in synthesis.rows] == [Decimal("0.7"), Decimal("0.3"), None]
    assert synthesis.total_volume == 1000
    assert synthesis.weighted_handling_minutes == Decimal("7.2")


def test_markup_escapes_user_text_and_demotes_user_headings() -> None:
    from cdc.rendering.markup import markdown

    user = "# Mine\n\n<script>alert(1)</script>"
    markup = f"<doc><h1>Section</h1>{markdown(user)}</doc>"
    blocks, warnings = parse_markup(markup, source="t")
    assert isinstance(blocks[0], Heading)
    assert blocks[1] == Paragraph((Strong((Text("Mine"),)),), "subheading")
    assert blocks[2] == Paragraph((Text("<script>alert(1)</script>"),))
    assert warnings == ()


def test_markup_drops_images_with_a_warning() -> None:
    from cdc.rendering.markup import markdown

    markup = f"<doc>{markdown('See ![plan](http://evil.example/x.png) and ![p](file:///etc/passwd)')}</doc>"
    blocks, warnings = parse_markup(markup, source="spec.xml.j2")
    # The http image is dropped with a warning; markdown-it refuses file: URLs outright, so
    # that one stays literal text. Neither becomes an image or a link.
    assert len(warnings) == 1
    assert "http://evil.example/x.png" in warnings[0]
    text = str(blocks)
    assert "evil.example" not in text
    assert "Link(" not in text


def test_markup_errors_name_the_template() -> None:
    with pytest.raises(MarkupError, match=r"mine\.xml\.j2: the template produced malformed markup"):
        parse_markup("<doc><p>unclosed</doc>", source="mine.xml.j2")
    with pytest.raises(MarkupError, match="unknown inline element <marquee>"):
        parse_markup("<doc><marquee>x</marquee></doc>", source="t")


def test_anchors_are_unique_and_ascii() -> None:
    blocks, _ = parse_markup("<doc><h1>Évaluation</h1><h1>Évaluation</h1></doc>", source="t")
    assert [b.anchor for b in blocks if isinstance(b, Heading)] == ["evaluation", "evaluation-2"]
    assert slugify("Mise en œuvre") == "mise-en-oeuvre"


@pytest.fixture(scope="module")
def flagship_spec() -> object:
    loaded = load_project(EXAMPLES[0])
    assert loaded.project is not None
    return DocumentBuilder(loaded.project).build("spec")


def test_markdown_escapes_structure_characters() -> None:
    blocks, _ = parse_markup(
        "<doc><p># not a heading *not emphasis* a|b</p>"
        "<table><thead><tr><th>x</th></tr></thead><tbody><tr><td>a|b</td></tr></tbody></table></doc>",
        source="t",
    )
    from cdc.rendering.tree import Document, Meta

    meta = Meta("t", "en", "p", "1", "d", "2027-01-01", "c", "a", "h", "f")
    md = to_markdown(Document(meta, blocks))
    assert md.splitlines()[0] == "\\# not a heading \\*not emphasis\\* a\\|b"
    assert "| a\\|b |" in md


def test_flagship_markdown_and_html_carry_the_catalogue(flagship_spec: object) -> None:
    from cdc.rendering.tree import Document

    assert isinstance(flagship_spec, Document)
    md = to_markdown(flagship_spec)
    html = to_html(flagship_spec)
    loaded = load_project(EXAMPLES[0])
    assert loaded.project is not None
    for req in loaded.project.requirements:
        assert req.id in md and req.id in html
    assert re.search(r"^## [0-9]+ Catalogue des exigences$", md, flags=re.MULTILINE)
    assert '<html lang="fr">' in html
    assert "<script" not in html and "<link" not in html and " src=" not in html
    tables = [b for b in flagship_spec.blocks if isinstance(b, Table)]
    assert len(tables) > 10


def test_print_html_makes_bold_blocks_bold_by_class() -> None:
    """Paged HTML (the PDF's input) spares WeasyPrint an inline box per bold cell or title."""
    blocks, _ = parse_markup(
        "<doc><p><strong>Title</strong></p><p>Mixed <strong>bold</strong></p>"
        "<table><thead><tr><th>Ref.</th></tr></thead><tbody>"
        '<tr><td><strong>R-1 &lt;x&gt;</strong></td></tr><tr><td align="right"><strong>3</strong></td></tr>'
        "</tbody></table></doc>",
        source="t",
    )
    from cdc.rendering.tree import Document, Meta

    doc = Document(Meta("t", "en", "p", "1", "d", "2027-01-01", "c", "a", "h", "f"), blocks)
    paged, screen = to_html(doc, paged=True), to_html(doc)
    assert '<p class="strong">Title</p>' in paged
    assert "<p>Mixed <strong>bold</strong></p>" in paged  # only whole blocks
    assert '<td class="strong">R-1 &lt;x&gt;</td>' in paged  # still escaped
    assert '<td class="align-right strong">3</td>' in paged
    assert ".strong { font-weight: bold; }" in paged
    assert "<p><strong>Title</strong></p>" in screen
    assert "<td><strong>R-1 &lt;x&gt;</strong></td>" in screen


def test_renders_are_byte_identical(flagship_spec: object) -> None:
    loaded = load_project(EXAMPLES[0])
    assert loaded.project is not None
    again = DocumentBuilder(loaded.project).build("spec")
    from cdc.rendering.tree import Document

    assert isinstance(flagship_spec, Document)
    assert to_markdown(again) == to_markdown(flagship_spec)
    assert to_html(again) == to_html(flagship_spec)
    assert to_html(again, paged=True) == to_html(flagship_spec, paged=True)


def test_parse_list() -> None:
    assert parse_list("all", ("md", "html"), "format") == ["md", "html"]
    assert parse_list("html,md", ("md", "html"), "format") == ["md", "html"]
    with pytest.raises(UsageError, match="unknown format odt"):
        parse_list("md,odt", ("md", "html"), "format")


def test_output_names_can_be_sent_as_they_are() -> None:
    project = load_project(MINIMAL).project
    assert project is not None
    assert output_name(project, "cahier-des-charges", "pdf") == "mini_cahier-des-charges_v1.0.pdf"


def test_outputs_are_never_overwritten_once_a_user_changed_them(tmp_path: Path) -> None:
    project = load_project(MINIMAL).project
    assert project is not None
    out = tmp_path / "out"

    def run(force: bool = False) -> RenderResult:
        return render_project(
            project,
            project_root=MINIMAL.parent,
            output_dir=out,
            documents=["spec"],
            formats=["md"],
            force=force,
        )

    first = run()
    (target,) = first.written
    second = run()
    assert second.unchanged == [target] and second.written == []
    target.write_text("edited by a lawyer\n", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        run()
    assert target.read_text(encoding="utf-8") == "edited by a lawyer\n"
    forced = run(force=True)
    assert forced.written == [target]


def test_a_file_cdc_never_wrote_is_protected(tmp_path: Path) -> None:
    project = load_project(MINIMAL).project
    assert project is not None
    out = tmp_path / "out"
    out.mkdir()
    name = output_name(project, "cahier-des-charges", "md")
    (out / name).write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputError):
        render_project(
            project, project_root=MINIMAL.parent, output_dir=out, documents=["spec"], formats=["md"]
        )


_PROSE = st.text(
    alphabet=st.sampled_from(
        list("aAéÉçœ019 ,.;:'’?%/()«»\"–—\u00a0\u202f-\n\t*_`[]<>&#|!\\=+~{}")
    ),
    max_size=40,
)


# Mostly prose the fast path takes (its edges included: digits first, trailing spaces, newlines).
_PLAIN_ONLY = st.builds(
    str.__add__,
    st.sampled_from(["a", "É", "œ", "0", " "]),
    st.text(alphabet=st.sampled_from(list("aAéœ0 9,.;:'’?%/()«»\"–—\u00a0\u202f-\n")), max_size=40),
)


@given(st.one_of(_PLAIN_ONLY, _PROSE, st.text(max_size=40)))
@settings(max_examples=400, deadline=None)
def test_plain_prose_skips_markdown_it_with_the_same_result(text: str) -> None:
    """The fast path for one line of prose gives byte for byte what markdown-it gives."""
    from unittest import mock

    from markupsafe import Markup

    from cdc.grid import celltext as _celltext
    from cdc.rendering import markup

    fast_html, fast_text = str(markup.markdown(text)), _celltext.plain_text(text)
    with (
        mock.patch.object(markup, "plain_paragraph", lambda _: None),
        mock.patch.object(_celltext, "plain_paragraph", lambda _: None),
    ):
        assert str(markup.markdown(text)) == fast_html
        assert _celltext.plain_text(text) == fast_text
    assert isinstance(markup.markdown(text), Markup)


def test_plain_prose_is_recognised() -> None:
    from cdc.core.prose import plain_paragraph

    line = "La solution notifie l'export (« appels ») en 9\u202fs, pour 157 conseillers : oui."
    assert plain_paragraph(line) == line
    assert plain_paragraph(line + "\n") == line  # a YAML block scalar
    for markdown in ("1. one", "- item", "# title", "a *b*", "snake_case", "a\nb", "x  ", "&amp;"):
        assert plain_paragraph(markdown) is None, markdown
