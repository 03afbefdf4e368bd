"""SVG primitives and text metrics for the scoring charts (:mod:`cdc.rendering.score.charts`).

Texts are sized with DejaVu Sans advance widths (the first font the charts ask for), so labels
can be cut or wrapped before they overflow; every text is escaped; coordinates are printed with
one decimal at most, so the same data always gives the same bytes. :class:`Svg`
wraps the elements in an accessible root (``role="img"``, ``aria-label``, ``<title>``,
``<desc>``); :func:`fallback_table` builds the table Markdown and DOCX show instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from html import escape

from cdc.rendering.tree import Cell, Paragraph, Table, Text

#: Width of every chart, in CSS pixels: the text width of an A4 page (176 mm) and of the
#: HTML column, so charts print at their natural size and fonts keep their declared size.
WIDTH = 660
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 11.0
SMALL = 10.0
INK = "#1d2430"

# DejaVu Sans advance widths (per 1000 units of the em) for ASCII 32–126, regular and bold.
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
    770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
    684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734,
    830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812,
    774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
    712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652,
    582, 712, 365, 712, 838,
)  # fmt: skip
_SPECIAL = {"…": 1000, "\u202f": 200, "\u00a0": 318, "€": 636, "→": 838, "—": 1000, "–": 500}


# -- text metrics -----------------------------------------------------------------------------
def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """Width of ``text`` set in DejaVu Sans at ``size`` pixels (accents count as their base)."""
    table = _BOLD if bold else _REGULAR
    units = 0
    for ch in text:
        code = ord(ch)
        if 32 <= code < 127:
            units += table[code - 32]
        elif ch in _SPECIAL:
            units += _SPECIAL[ch]
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            if 32 <= ord(base) < 127:
                units += table[ord(base) - 32]
            elif unicodedata.east_asian_width(ch) in ("W", "F"):
                units += 1000
            else:
                units += 640
    return units * size / 1000


def fit(text: str, width: float, size: float = FONT_SIZE, *, bold: bool = False) -> str:
    """``text`` cut with "…" so that it fits in ``width`` pixels (whole when it fits)."""
    if text_width(text, size, bold=bold) <= width:
        return text
    cut = text
    while cut and text_width(cut.rstrip() + "…", size, bold=bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + "…" if cut else "…"


def wrap(text: str, width: float, size: float = FONT_SIZE, lines: int = 2) -> list[str]:
    """``text`` broken on spaces into at most ``lines`` lines of ``width`` pixels (last cut)."""
    out: list[str] = []
    current = ""
    words = text.split()
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        out.append(current)
    return [fit(line, width, size) for line in out[:lines]]


# -- SVG writing ------------------------------------------------------------------------------
def _n(value: float) -> str:
    """A coordinate with one decimal at most (``12``, ``12.5``), never ``-0``."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _esc(text: str) -> str:
    return escape(text, quote=True)


def ink_on(colour: str) -> str:
    """White or dark text, whichever reads better on ``colour`` (``#rrggbb``)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if luminance < 0.55 else INK


class Svg:
    """Accumulates SVG elements; :meth:`done` wraps them in an accessible root element."""

    def __init__(self, ident: str, title: str, desc: str) -> None:
        self.ident = ident
        self.title = title
        self.desc = desc
        self.parts: list[str] = []

    def rect(
        self, x: float, y: float, w: float, h: float, fill: str, *, extra: str = "", tip: str = ""
    ) -> None:
        body = f"<title>{_esc(tip)}</title>" if tip else ""
        attrs = f'x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" fill="{fill}"'
        if body:
            self.parts.append(f"<rect {attrs}{extra}>{body}</rect>")
        else:
            self.parts.append(f"<rect {attrs}{extra}/>")

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        stroke: str,
        width: float = 1,
        extra: str = "",
    ) -> None:
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"{extra}/>'
        )

    def circle(
        self, x: float, y: float, r: float, fill: str, stroke: str = "none", width: float = 0
    ) -> None:
        stroke_attrs = f' stroke="{stroke}" stroke-width="{_n(width)}"' if stroke != "none" else ""
        self.parts.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}"{stroke_attrs}/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = FONT_SIZE,
        anchor: str = "start",
        fill: str = INK,
        bold: bool = False,
        italic: bool = False,
        tip: str = "",
        rotate: bool = False,
    ) -> None:
        attrs = f'x="{_n(x)}" y="{_n(y)}"'
        if rotate:  # a quarter turn left, about the anchor point: reads bottom-up
            attrs += f' transform="rotate(-90 {_n(x)} {_n(y)})"'
        if size != FONT_SIZE:
            attrs += f' font-size="{_n(size)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if fill != INK:
            attrs += f' fill="{fill}"'
        if bold:
            attrs += ' font-weight="bold"'
        if italic:
            attrs += ' font-style="italic"'
        title = f"<title>{_esc(tip)}</title>" if tip and tip != text else ""
        self.parts.append(f"<text {attrs}>{title}{_esc(text)}</text>")

    def done(self, height: float) -> str:
        i = _esc(self.ident)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" '
            f'height="{_n(height)}" viewBox="0 0 {WIDTH} {_n(height)}" role="img" '
            f'aria-label="{_esc(self.title)}" aria-labelledby="{i}-title" aria-describedby="{i}-desc" '
            f'font-family="{FONT}" font-size="{_n(FONT_SIZE)}" fill="{INK}">'
            f'<title id="{i}-title">{_esc(self.title)}</title>'
            f'<desc id="{i}-desc">{_esc(self.desc)}</desc>' + "".join(self.parts) + "</svg>"
        )


def legend(
    svg: Svg, items: Sequence[tuple[str, str, bool]], x0: float, y0: float, right: float
) -> float:
    """Colour swatches and labels, flowing into lines; returns the y below the legend."""
    x, y = x0, y0
    for label, colour, faded in items:
        shown = fit(label, right - x0 - 18)
        width = 14 + 4 + text_width(shown) + 16
        if x > x0 and x + width > right:
            x, y = x0, y + 18
        opacity = ' fill-opacity="0.35"' if faded else ""
        stroke = f' stroke="{colour}" stroke-width="1"' if faded else ""
        svg.rect(x, y - 10, 14, 12, colour, extra=opacity + stroke)
        svg.text(x + 18, y, shown, tip=label)
        x += width
    return y + 14


def legend_width(items: Sequence[tuple[str, str, bool]]) -> float:
    """Width of a legend set on one line."""
    return sum(14 + 4 + text_width(label) + 16 for label, _, _ in items) - 16


def _cell(text: str, *, header: bool = False, right: bool = False) -> Cell:
    return Cell((Paragraph((Text(text),)),) if text else (), header, "right" if right else None)


def fallback_table(header: Sequence[str], rows: Sequence[Sequence[tuple[str, bool]]]) -> Table:
    """A fallback table: header texts, then rows of (text, right-aligned) pairs."""
    return Table(
        tuple(_cell(h, header=True) for h in header),
        tuple(tuple(_cell(text, right=right) for text, right in row) for row in rows),
    )


def ticks(maximum: float, step: float) -> list[float]:
    count = round(maximum / step)
    return [step * i for i in range(count + 1)]


__all__ = [
    "FONT",
    "FONT_SIZE",
    "INK",
    "SMALL",
    "WIDTH",
    "Svg",
    "fallback_table",
    "fit",
    "ink_on",
    "legend",
    "legend_width",
    "text_width",
    "ticks",
    "wrap",
]
