"""PDF writer: WeasyPrint fetches nothing and prints nothing, a missing Pango becomes one
actionable line, the flagship prints with its running header, footer and contents, and two
renders are byte-identical.

The flagship is rendered once per module (about ten seconds); text checks go through
``pdftotext`` (poppler-utils), as pypdf is not a dependency.
"""

from __future__ import annotations

import builtins
import logging
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cdc.core.errors import CdcError
from cdc.reading.project import load_project
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import Document, Meta, Paragraph, Text
from cdc.rendering.writers import pdf as pdf_writer
from cdc.rendering.writers.pdf import FetchRefused, PdfUnavailable, refuse_url, to_pdf
from tests.conftest import ROOT

FLAGSHIP = ROOT / "examples/contact-center/cdc.yaml"
MINIMAL = ROOT / "tests/cases/positive/minimal/cdc.yaml"
HOSTILE_TEXT = (
    "'<script>alert(1)</script> Voir ![x](http://example.com/x.png)"
    " et ![y](file:///etc/passwd) fin.'"
)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo not found: install poppler-utils to check PDF text",
)


def _weasyprint_probe() -> tuple[bool, bool]:
    """Whether WeasyPrint loads, and whether it found HarfBuzz's subsetter.

    Importing WeasyPrint without ``libharfbuzz-subset0`` emits a ``DeprecationWarning``; under
    this suite's ``filterwarnings = error`` it would escape the probe as an exception and
    become a collection error, so warnings are silenced here (and only here).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import weasyprint  # noqa: F401
            from weasyprint.text import ffi
        except (OSError, ImportError):
            return False, False
    return True, getattr(ffi, "harfbuzz_subset", None) is not None


_WEASYPRINT, _HARFBUZZ_SUBSET = _weasyprint_probe()


def _weasyprint_usable() -> bool:
    return _WEASYPRINT


needs_weasyprint = pytest.mark.skipif(
    not _WEASYPRINT, reason="WeasyPrint cannot load (Pango missing?)"
)

#: Without HarfBuzz's subsetter WeasyPrint falls back to fontTools, whose subset fonts differ
#: from one render to the next: byte identity can only be checked with the library present.
needs_harfbuzz_subset = pytest.mark.skipif(
    not _HARFBUZZ_SUBSET,
    reason="byte-identical PDFs need HarfBuzz font subsetting: apt-get install "
    "libharfbuzz-subset0 (WeasyPrint's fontTools fallback differs from run to run)",
)


def _text(pdf: bytes, *args: str) -> str:
    """The text of a PDF as ``pdftotext`` extracts it (pages separated by form feeds)."""
    done = subprocess.run(
        ["pdftotext", *args, "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def _info(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    info: dict[str, str] = {}
    for line in done.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


@pytest.fixture(scope="module")
def flagship() -> tuple[bytes, list[str]]:
    project = load_project(FLAGSHIP).project
    assert project is not None
    warnings: list[str] = []
    return to_pdf(DocumentBuilder(project).build("spec"), warnings=warnings), warnings


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """The minimal project with script tags and image URLs in a requirement text."""
    source = MINIMAL.read_text(encoding="utf-8")
    original = "La solution affiche l'historique de tous les échanges du client sur un seul écran."
    assert original in source
    path = tmp_path_factory.mktemp("hostile") / "cdc.yaml"
    path.write_text(source.replace(original, HOSTILE_TEXT), encoding="utf-8")
    project = load_project(path).project
    assert project is not None
    return DocumentBuilder(project).build("spec")


# -- no fetching, no noise -------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/style.css",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "data:image/png;base64,iVBORw0KGgo=",
        "relative/path.png",
        "",
    ],
)
def test_refuse_url_refuses_everything(url: str) -> None:
    with pytest.raises(FetchRefused):
        refuse_url(url)


@needs_weasyprint
def test_weasyprint_fetcher_refuses_and_the_render_goes_on(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Wired into WeasyPrint: the fetcher is asked, refuses, the image is skipped quietly."""
    import weasyprint
    from weasyprint import urls

    asked: list[str] = []
    original: Callable[[str], Any] = pdf_writer.refuse_url

    def spy(url: str) -> Any:
        asked.append(url)
        return original(url)

    monkeypatch.setattr(pdf_writer, "refuse_url", spy)
    fetcher = pdf_writer._make_fetcher(urls)
    html = '<p>x</p><img src="file:///etc/passwd"><img src="http://example.com/x.png">'
    with pdf_writer._captured_logs() as messages:
        data = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert data.startswith(b"%PDF")
    assert asked == ["file:///etc/passwd", "http://example.com/x.png"]
    assert any("/etc/passwd" in m for m in messages)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_captured_logs_keep_the_terminal_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger("weasyprint")
    before = (logger.propagate, logger.level, list(logger.handlers))
    with pdf_writer._captured_logs() as messages:
        logger.warning("Ignored `foo: bar` at 1:1, unknown property.")
        logger.warning("Ignored `foo: bar` at 1:1, unknown property.")
        logging.getLogger("fontTools.subset").warning("meta NOT subset; dropped")
        logging.getLogger("weasyprint.progress").info("Step 1 - Fetching and parsing HTML")
        for font in ("DejaVu Sans", "DejaVu Sans Mono"):
            logger.warning(
                'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be '
                "unsupported in future versions of WeasyPrint. Please install "
                "HarfBuzz-Subset >= 4.1.0 with your package manager.",
                font,
            )
    assert messages[:2] == [
        "weasyprint: Ignored `foo: bar` at 1:1, unknown property.",
        "fontTools: meta NOT subset; dropped",
    ]
    assert len(messages) == 3 and "apt-get install libharfbuzz-subset0" in messages[2]
    assert (logger.propagate, logger.level, list(logger.handlers)) == before
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.fixture(scope="module")
def hostile_pdf(hostile_tree: Document) -> tuple[bytes, list[str], list[str]]:
    """The hostile project rendered once, recording every URL WeasyPrint asked for."""
    if not _weasyprint_usable():
        pytest.skip("WeasyPrint cannot load (Pango missing?)")
    asked: list[str] = []
    original: Callable[[str], Any] = pdf_writer.refuse_url

    def spy(url: str) -> Any:
        asked.append(url)
        return original(url)

    warnings: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_writer, "refuse_url", spy)
        data = to_pdf(hostile_tree, warnings=warnings)
    return data, asked, warnings


def test_hostile_project_text_fetches_nothing(
    hostile_tree: Document, hostile_pdf: tuple[bytes, list[str], list[str]]
) -> None:
    """The markup parser drops Markdown images; nothing reaches WeasyPrint's fetcher."""
    data, asked, warnings = hostile_pdf
    assert any("example.com/x.png" in w for w in hostile_tree.warnings)
    assert data.startswith(b"%PDF")
    assert asked == []
    assert all(w.startswith(("weasyprint:", "fontTools:")) for w in warnings)


@needs_poppler
def test_hostile_text_is_printed_literally(
    hostile_pdf: tuple[bytes, list[str], list[str]],
) -> None:
    text = _text(hostile_pdf[0])
    assert "<script>alert(1)</script>" in text
    assert "http://example.com" not in text


# -- missing system libraries ------------------------------------------------------------------
def _failing_import(error: Exception) -> Callable[..., Any]:
    real_import = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error
        return real_import(name, *args, **kwargs)

    return fake


def _tiny() -> Document:
    meta = Meta("T", "fr", "p", "1.0", "1er janvier 2027", "2027-01-01", "Public", "A", "h", "f")
    return Document(meta, (Paragraph((Text("x"),)),))


def test_missing_pango_is_one_actionable_line(monkeypatch: pytest.MonkeyPatch) -> None:
    error = OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open")
    monkeypatch.setattr(builtins, "__import__", _failing_import(error))
    with pytest.raises(PdfUnavailable) as caught:
        to_pdf(_tiny())
    message = str(caught.value)
    assert isinstance(caught.value, CdcError)
    assert "\n" not in message
    assert "Pango" in message and "apt-get install libpango-1.0-0" in message


def test_missing_weasyprint_is_one_actionable_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        builtins, "__import__", _failing_import(ImportError("No module named 'weasyprint'"))
    )
    with pytest.raises(PdfUnavailable) as caught:
        to_pdf(_tiny())
    assert "\n" not in str(caught.value)
    assert "pip install weasyprint" in str(caught.value)


def test_writer_module_does_not_import_weasyprint() -> None:
    """Other commands import the writers package: WeasyPrint must load only for PDF output."""
    code = "import sys, cdc.rendering.writers.pdf, cdc.rendering.api; print('weasyprint' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False"


# -- metadata and reproducibility ------------------------------------------------------------
@needs_harfbuzz_subset
def test_two_renders_are_byte_identical(
    hostile_tree: Document, hostile_pdf: tuple[bytes, list[str], list[str]]
) -> None:
    """No clock, no random identifier: the same document gives the same bytes."""
    assert to_pdf(hostile_tree) == hostile_pdf[0]


#: A pytest plugin that makes HarfBuzz's subsetter unloadable, as on a machine without it.
_NO_SUBSET_PLUGIN = """
import cffi

_dlopen = cffi.FFI.dlopen


def _refuse_subset(self, name, *args, **kwargs):
    if "subset" in str(name):
        raise OSError(f"cannot load library {name!r} (simulated)")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = _refuse_subset
"""


@needs_weasyprint
def test_without_harfbuzz_subset_the_reproducibility_checks_skip_with_the_reason(
    tmp_path: Path,
) -> None:
    """Under ``-W error`` WeasyPrint's DeprecationWarning stays inside the probe, and the two
    byte-identity checks say what to install instead of failing."""
    (tmp_path / "no_hb_subset.py").write_text(_NO_SUBSET_PLUGIN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    selected = "test_two_renders_are_byte_identical or test_a_tree_is_freed_before_its_last_pdf"
    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "pytest", "-p", "no_hb_subset", "-p",
         "no:cacheprovider", "-W", "error", "-q", "-rs", __file__, "-k", selected],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 skipped" in done.stdout, done.stdout
    assert done.stdout.count("apt-get install libharfbuzz-subset0") == 2, done.stdout


@needs_weasyprint
@needs_poppler
def test_metadata_come_from_the_document(flagship: tuple[bytes, list[str]]) -> None:
    info = _info(flagship[0])
    assert info["Title"].startswith("Cahier des charges — Plateforme de centre de contact")
    assert info["Author"] == "Ondéa Énergies"
    assert info["Creator"].startswith("cdc ")
    assert "2027" in info["CreationDate"] and "Mar  8" in info["CreationDate"]
    assert "(A4)" in info["Page size"]


# -- the flagship --------------------------------------------------------------------------------
@needs_weasyprint
@needs_poppler
def test_flagship_text(flagship: tuple[bytes, list[str]]) -> None:
    data, warnings = flagship
    assert all(w.startswith(("weasyprint:", "fontTools:")) for w in warnings)
    pages = _text(data, "-layout").split("\f")
    count = int(_info(data)["Pages"])
    assert count > 30
    # Cover: the title, and no running header or footer.
    assert "Plateforme de centre de contact" in pages[0]
    assert "Page 1 /" not in pages[0]
    # Contents: dot leaders and a page number.
    assert re.search(r"Objet de la consultation et enjeux ?(\. ?){5,}\s*\d+", pages[1])
    # Running footer and header.
    assert f"Page 2 / {count}" in pages[1]
    assert "Ondéa Énergies — Diffusion restreinte" in pages[1]
    assert "Cahier des charges — Version 1.1" in pages[1]
    body = "\f".join(pages)
    assert "OMN-001" in body


@needs_weasyprint
@needs_poppler
def test_flagship_line_breaks(flagship: tuple[bytes, list[str]]) -> None:
    """Regression: a paragraph started with "Le" alone on its line (WeasyPrint measured the
    trailing space of a text run followed by <em>). Table words are not cut mid-word."""
    text = _text(flagship[0])
    assert "Le projet n'est donc pas" in text
    assert "Conformit\né" not in text and "Démonstr\nation" not in text


@needs_weasyprint
def test_flagship_fonts_are_sans(flagship: tuple[bytes, list[str]]) -> None:
    """The running header and footer used to fall back to a serif font."""
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts not found: install poppler-utils")
    done = subprocess.run(["pdffonts", "-"], input=flagship[0], capture_output=True, check=True)
    fonts = done.stdout.decode()
    assert "DejaVu-Sans" in fonts or "DejaVuSans" in fonts
    assert "Serif" not in fonts


# -- the line-breaking workaround ----------------------------------------------------------
def _first_lines(document: Any) -> list[str]:
    lines: list[str] = []

    def text_of(box: Any) -> str:
        return str(getattr(box, "text", "")) + "".join(
            text_of(child) for child in getattr(box, "children", ())
        )

    def walk(box: Any) -> None:
        if type(box).__name__ == "LineBox":
            lines.append(text_of(box).strip())
            return
        for child in getattr(box, "children", ()):
            walk(child)

    walk(document.pages[0]._page_box)
    return lines


@needs_weasyprint
def test_hanging_space_fix() -> None:
    """WeasyPrint 70 keeps only the first word of a run that fits its line once its trailing
    space hangs, when an inline element follows. The fix keeps the whole run on the line."""
    import weasyprint
    from weasyprint.layout import inline

    paragraph = (
        "<p>Le projet n'est donc pas un simple renouvellement technique. Il porte la promesse "
        "faite aux clients dans <em>Cap Clients 2030</em> : une réponse au premier contact.</p>"
    )
    html = (
        '<html lang="fr"><style>@page { size: A4; margin: 24mm 17mm }'
        ' html { font-size: 9.5pt } body { margin: 0; font-family: "DejaVu Sans";'
        " line-height: 1.45 }</style><body>" + paragraph + "</body></html>"
    )
    plain = _first_lines(weasyprint.HTML(string=html).render())
    if plain[0] != "Le":
        pytest.skip("WeasyPrint or font metrics differ: the bug does not show here")
    with pdf_writer._hanging_space_fix(inline):
        fixed = _first_lines(weasyprint.HTML(string=html).render())
    assert fixed[0].startswith("Le projet n'est donc pas") and fixed[0].endswith("dans")
    assert fixed[1].startswith("Cap Clients 2030")
    assert inline.split_first_line is not None
    assert _first_lines(weasyprint.HTML(string=html).render())[0] == "Le"  # restored


def test_hanging_space_fix_without_the_internal_is_a_no_op() -> None:
    class Empty:
        pass

    with pdf_writer._hanging_space_fix(Empty()):
        pass


@needs_weasyprint
def test_print_css_has_no_unknown_property() -> None:
    """Every property WeasyPrint ignores would be a warning on each render."""
    import weasyprint

    from cdc.rendering.writers.html import stylesheet

    with pdf_writer._captured_logs() as messages:
        weasyprint.CSS(string=stylesheet("style.css") + stylesheet("print.css"))
    assert messages == []


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_runs_rarely_during_layout_and_is_restored(enabled: bool) -> None:
    """WeasyPrint's layout runs with a high young threshold; the caller's settings come back."""
    import gc

    before = gc.get_threshold()
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pdf_writer._gc_relaxed():
            assert gc.isenabled()
            assert gc.get_threshold() == (pdf_writer._YOUNG_THRESHOLD, *before[1:])
        assert gc.get_threshold() == before
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@needs_weasyprint
@needs_harfbuzz_subset
def test_a_tree_is_freed_before_its_last_pdf_and_kept_for_later_formats(tmp_path: Any) -> None:
    """PDF first: the tree stays for the Markdown after it; PDF last: it is dropped."""
    from cdc.rendering import api
    from cdc.rendering.api import RenderResult

    project = load_project(MINIMAL).project
    assert project is not None
    builder = DocumentBuilder(project, project_root=MINIMAL.parent)
    trees: dict[str, Document] = {}
    result = RenderResult()
    pdf = api._produce(builder, trees, "spec", "pdf", None, result, keep=True)
    assert pdf.startswith(b"%PDF") and "spec" in trees
    markdown = api._produce(builder, trees, "spec", "md", None, result, keep=True)
    assert api._produce(builder, trees, "spec", "pdf", None, result, keep=False) == pdf
    assert "spec" not in trees
    out = tmp_path / "out"
    done = api.render_project(
        project,
        project_root=MINIMAL.parent,
        output_dir=out,
        documents=["spec"],
        formats=["pdf", "md"],
    )
    assert not done.errors and len(done.written) == 2
    assert next(out.glob("*.md")).read_bytes() == markdown
