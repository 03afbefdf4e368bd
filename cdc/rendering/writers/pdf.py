"""PDF writer: the paged HTML (:func:`cdc.rendering.writers.html.to_html` with ``paged=True``)
laid out by WeasyPrint.

Why these choices:

* **Nothing is fetched.** Project text is untrusted; an image or stylesheet URL in it must not
  make a PDF render read ``file:///etc/passwd`` or call a server. WeasyPrint gets a URL fetcher
  that refuses every URL and no ``base_url``, so even relative URLs resolve to nothing.
* **No noise on the terminal.** WeasyPrint (and fontTools, which subsets the fonts) report
  through :mod:`logging`; with no logging configured Python prints those records on stderr.
  They are captured for the duration of the render and handed back as plain strings for the
  caller to show the way it shows every other warning.
* **Lazy import.** WeasyPrint takes a good fraction of a second to import and needs Pango; only
  PDF output pays for it. Missing system libraries become one actionable :class:`PdfUnavailable`
  line instead of a cffi traceback.
* **Reproducible files.** The PDF metadata (title, author, language, dates) comes from the
  document, never from the clock, so rendering the same project twice gives the same bytes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from cdc.core.version import __version__
from cdc.rendering.tree import Document, Meta
from cdc.rendering.writers._pdf_engines import (
    DEFAULT_PDF_ENGINE,
    PDF_ENGINES,
    PdfUnavailable,
    check_pdf_engine,
    resolve_pdf_engine,
)
from cdc.rendering.writers.html import to_html

#: Loggers whose records are captured during a render (fontTools logs while subsetting fonts).
_CAPTURED_LOGGERS = ("weasyprint", "fontTools")

#: Young-generation threshold of the cyclic collector while WeasyPrint runs (default 700).
_YOUNG_THRESHOLD = 50_000

_PANGO_HINT = (
    "PDF output needs the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "(macOS: brew install pango; or see WeasyPrint's installation guide)"
)


_HARFBUZZ_HINT = (
    "fonts are subset with fontTools, slower than HarfBuzz: "
    "apt-get install libharfbuzz-subset0 (or brew install harfbuzz)"
)


class FetchRefused(ValueError):
    """Raised for every URL WeasyPrint asks for: cdc documents embed everything they need.

    A plain :class:`ValueError` subclass on purpose: WeasyPrint catches ordinary exceptions
    from its fetcher, logs "failed to load …" and goes on without the resource.
    """


def refuse_url(url: str) -> NoReturn:
    """The whole fetching policy: every URL (``http:``, ``file:``, ``data:``…) is refused.

    The HTML writer inlines its stylesheets and emits no image, so a fetch can only come from
    something that should not be there; refusing ``data:`` too keeps the rule trivially true.
    """
    raise FetchRefused(f"cdc does not fetch external resources: {url[:200]}")


def to_pdf(
    document: Document, *, warnings: list[str] | None = None, engine: str = "weasyprint"
) -> bytes:
    """Render ``document`` as an A4 PDF with ``engine`` (one of :data:`PDF_ENGINES`).

    The engine's messages (WeasyPrint: a refused URL, an unsupported CSS property…) are
    appended to ``warnings`` when a list is given, and dropped otherwise; they never reach the
    terminal. Raises :class:`PdfUnavailable` when the engine cannot be imported.
    """
    if check_pdf_engine(engine) == "auto":
        raise ValueError(
            "to_pdf needs a concrete engine: resolve 'auto' first (resolve_pdf_engine)"
        )
    if engine == "typst":
        from cdc.rendering.writers.typst import to_pdf as typst_pdf

        return typst_pdf(document, warnings=warnings)
    return html_to_pdf(to_html(document, paged=True), document.meta, warnings=warnings)


def html_to_pdf(html: str, meta: Meta, *, warnings: list[str] | None = None) -> bytes:
    """:func:`to_pdf` from the document's print HTML, so a caller can free the tree first."""
    weasyprint, inline_layout, urls = _import_weasyprint()
    with _captured_logs() as messages, _hanging_space_fix(inline_layout), _gc_relaxed():
        rendered = weasyprint.HTML(
            string=html, base_url=None, url_fetcher=_make_fetcher(urls), media_type="print"
        ).render()
        _set_metadata(rendered.metadata, meta)
        pdf: bytes = rendered.write_pdf()
    if warnings is not None:
        warnings.extend(messages)
    return pdf


@contextlib.contextmanager
def _gc_relaxed() -> Iterator[None]:
    """Collect cyclic garbage rarely, not never, while WeasyPrint lays out and paints.

    WeasyPrint allocates millions of short-lived objects; at the default threshold (700) each
    young collection walks them again and again, about 12 % of the render time on the flagship.
    Turning the collector off recovers that time but lets the cycles WeasyPrint's boxes do form
    pile up until the end: about 12 MB more at 1,000 requirements. A young threshold of 50,000
    gives both: as fast as no collection (faster than the default), the memory of the default.
    The previous thresholds and state are restored afterwards.
    """
    was_enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    gc.set_threshold(_YOUNG_THRESHOLD, *thresholds[1:])
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not was_enabled:
            gc.disable()


def _import_weasyprint() -> tuple[Any, Any, Any]:
    """WeasyPrint and the two submodules used here, or one actionable :class:`PdfUnavailable`.

    Importing WeasyPrint loads Pango through cffi: a missing shared library surfaces as
    ``OSError`` ("cannot load library 'libpango-1.0-0'"), which says nothing about the fix.
    """
    try:
        import weasyprint
        from weasyprint import urls
        from weasyprint.layout import inline
    except OSError as exc:
        raise PdfUnavailable(_PANGO_HINT) from exc
    except ImportError as exc:
        raise PdfUnavailable(
            f"PDF output needs WeasyPrint: pip install weasyprint ({exc})"
        ) from exc
    return weasyprint, inline, urls


def _make_fetcher(urls: Any) -> Callable[[str], NoReturn]:
    """A WeasyPrint URL fetcher that refuses everything.

    Recent WeasyPrint versions expect an instance of :class:`weasyprint.urls.URLFetcher` (they
    read private attributes of it when a fetch fails); older ones call a plain function. The
    subclass overrides the one method that opens URLs, so no opener is ever used.
    """
    base = getattr(urls, "URLFetcher", None)
    if base is None:
        return refuse_url

    class _RefusingFetcher(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()

        def fetch(self, url: str, headers: object = None) -> NoReturn:
            refuse_url(url)

    fetcher: Callable[[str], NoReturn] = _RefusingFetcher()
    return fetcher


class _ListHandler(logging.Handler):
    """Collects formatted log records, each once, in the order they came."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage().strip()
        except Exception:  # a malformed record must not break the render
            text = str(record.msg)
        first_line = text.splitlines()[0] if text else record.name
        if "HarfBuzz-Subset" in first_line:
            # Said once per font by WeasyPrint; one line with the fix is enough.
            first_line = _HARFBUZZ_HINT
        message = f"{record.name.split('.')[0]}: {first_line}"
        if message not in self.messages:
            self.messages.append(message)


@contextlib.contextmanager
def _captured_logs() -> Iterator[list[str]]:
    """Route WeasyPrint's and fontTools' warnings into a list instead of stderr.

    ``propagate`` is switched off so the root logger (or Python's last-resort handler, which
    prints to stderr) never sees them; the loggers are restored afterwards.
    """
    handler = _ListHandler()
    saved: list[tuple[logging.Logger, bool, int]] = []
    for name in _CAPTURED_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(handler)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield handler.messages
    finally:
        for logger, propagate, level in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)


@contextlib.contextmanager
def _hanging_space_fix(inline_layout: Any) -> Iterator[None]:
    """Work around a WeasyPrint line-breaking bug (seen in 70.0) for the duration of a render.

    When a text run ends with a space and another inline element follows (``dans <em>…``),
    WeasyPrint measures the run *with* its trailing space. If the run fits the line only
    without that space, WeasyPrint decides the run "cannot be split earlier" and keeps just its
    first word: the paragraph starts with a line holding "Le" alone. Browsers let the trailing
    space hang in the margin. The wrapper does the same: when the run without its trailing
    spaces fits on the line, the whole run is kept on it (the space is trimmed at the line end
    as usual). Runs that really need splitting are untouched. The original function is put back
    afterwards; if WeasyPrint's internals change, nothing is patched.
    """
    original = getattr(inline_layout, "split_first_line", None)
    if original is None:
        yield
        return

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        result = original(text, style, context, max_width, justification_spacing, *args, **kwargs)
        if (
            result[2] is not None
            and text.endswith(" ")
            and max_width is not None
            and max_width != math.inf
            and not kwargs.get("minimum", False)
            and style["white_space"] in ("normal", "pre-line")
        ):
            stripped = text.rstrip(" ")
            if stripped:
                trimmed = original(
                    stripped, style, context, max_width, justification_spacing, *args, **kwargs
                )
                if trimmed[2] is None and trimmed[3] <= max_width:
                    return original(
                        text, style, context, math.inf, justification_spacing, *args, **kwargs
                    )
        return result

    inline_layout.split_first_line = split_first_line
    try:
        yield
    finally:
        inline_layout.split_first_line = original


def _set_metadata(metadata: Any, meta: Meta) -> None:
    """Title, author, language, producer and dates from the document, never from the clock.

    Without explicit dates WeasyPrint writes none; setting them from the document date keeps
    the file reproducible while giving document managers a meaningful creation date.
    """
    metadata.title = meta.title
    metadata.authors = [meta.author] if meta.author else []
    metadata.lang = meta.lang
    metadata.generator = f"cdc {__version__}"
    metadata.keywords = [meta.project_id] if meta.project_id else []
    metadata.created = meta.date_iso or None
    metadata.modified = meta.date_iso or None


__all__ = [
    "DEFAULT_PDF_ENGINE",
    "PDF_ENGINES",
    "FetchRefused",
    "PdfUnavailable",
    "check_pdf_engine",
    "refuse_url",
    "resolve_pdf_engine",
    "to_pdf",
]
