"""Charts of a scoring run as SVG, drawn in pure Python: deterministic, escaped, accessible.

Three charts a committee reads faster than a table:

* :func:`totals_chart` — each vendor's total as a horizontal bar split by top-level section
  (stacked, one colour per section), competing vendors first; eliminated and not-ranked bids are
  drawn in grey below a rule, with their status;
* :func:`profile_chart` — each section's score as a share of its maximum, vendors side by side
  (grouped bars): where each bid is strong or weak;
* :func:`tipping_chart` — for each criterion, its current weight and the weight at which the
  winner changes, joined by a bar (a dumbbell), with the name of the new winner.

Every chart is a :class:`~cdc.render.tree.Figure` carrying the SVG and a fallback
:class:`~cdc.render.tree.Table` with the same numbers (for Markdown and DOCX). Values arrive
computed and rounded; this module only lays them out. The SVG uses nothing but ``rect``,
``line``, ``circle`` and ``text`` (what every browser and WeasyPrint draw the same way), sizes
its texts with DejaVu Sans metrics, escapes every text (vendor names are vendors' input) and
carries ``role="img"``, ``aria-label``, ``<title>`` and ``<desc>``. Coordinates are printed with
one decimal, so the same data always gives the same bytes.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from cdc.render.fmt import Formatter
from cdc.render.tree import Cell, Figure, Paragraph, Table, Text

#: Width of every chart, in CSS pixels: the text width of an A4 page (176 mm) and of the
#: HTML column, so charts print at their natural size and fonts keep their declared size.
WIDTH = 660
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 11.0
SMALL = 10.0

INK = "#1d2430"
MUTED = "#5b6472"
GRID = "#dde3ea"
AXIS = "#9aa4b1"
GREY = ("#aab2bd", "#c5ccd4", "#dde2e7", "#8d96a3")
HIGHLIGHT = "#c2410c"
#: One colour per top-level section (dark enough for white text, told apart by colour-blind
#: readers: blue, vermilion, teal, purple, ochre, slate…).
SECTION_COLOURS = (
    "#1f4e79",
    "#d1603d",
    "#2a9d8f",
    "#7b5ea7",
    "#c9a227",
    "#5b6472",
    "#3a86c8",
    "#9c6644",
)
#: One colour per vendor in the profile chart (another family than the sections').
VENDOR_COLOURS = (
    "#264653",
    "#e76f51",
    "#2a9d8f",
    "#8e6c8a",
    "#e9c46a",
    "#577590",
    "#bc4749",
    "#6a994e",
    "#f4a261",
    "#43aa8b",
)

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


# -- inputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """A top-level section of the evaluation: its title and the points it is worth."""

    title: str
    max_points: Decimal


@dataclass(frozen=True)
class VendorBar:
    """One vendor's row: section points (rounded, in section order), total, status."""

    vendor: str
    rank: int | None
    status: str  # "ranked", "eliminated" or "not_ranked"
    values: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True)
class ProfileBar:
    """One vendor's section scores as shares (0–100) of each section's maximum."""

    vendor: str
    competing: bool
    shares: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class TippingBar:
    """One criterion: current weight and tipping weight, in percent (0–100)."""

    title: str
    top_level: bool
    weight: Decimal
    tipping: Decimal | None
    new_winner: str | None


@dataclass(frozen=True)
class ChartWords:
    """Every word the charts print, from the ``score.chart`` section of labels.yaml."""

    vendor: str
    total: str
    status: str
    statuses: dict[str, str]
    out_of_ranking: str
    points_axis: str
    totals_title: str
    totals_caption: str
    section: str
    share_axis: str
    max_points: str
    profile_title: str
    profile_caption: str
    criterion: str
    weight: str
    tipping_weight: str
    new_winner: str
    current: str
    tipping: str
    no_tipping: str
    weight_axis: str
    tipping_title: str
    tipping_caption: str

    @classmethod
    def from_labels(cls, chart: dict[str, object]) -> ChartWords:
        """Read the words from ``labels["score"]["chart"]`` (a missing key fails loudly)."""
        values = {name: chart[name] for name in cls.__dataclass_fields__}
        statuses = values.pop("statuses")
        assert isinstance(statuses, dict)
        return cls(
            statuses={str(k): str(v) for k, v in statuses.items()},
            **{k: str(v) for k, v in values.items()},
        )


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


def _ink_on(colour: str) -> str:
    """White or dark text, whichever reads better on ``colour`` (``#rrggbb``)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if luminance < 0.55 else INK


class _Svg:
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


def _legend(
    svg: _Svg, items: Sequence[tuple[str, str, bool]], x0: float, y0: float, right: float
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


def _legend_width(items: Sequence[tuple[str, str, bool]]) -> float:
    """Width of a legend set on one line."""
    return sum(14 + 4 + text_width(label) + 16 for label, _, _ in items) - 16


def _cell(text: str, *, header: bool = False, right: bool = False) -> Cell:
    return Cell((Paragraph((Text(text),)),) if text else (), header, "right" if right else None)


def _table(header: Sequence[str], rows: Sequence[Sequence[tuple[str, bool]]]) -> Table:
    """A fallback table: header texts, then rows of (text, right-aligned) pairs."""
    return Table(
        tuple(_cell(h, header=True) for h in header),
        tuple(tuple(_cell(text, right=right) for text, right in row) for row in rows),
    )


def _ticks(maximum: float, step: float) -> list[float]:
    count = round(maximum / step)
    return [step * i for i in range(count + 1)]


# -- (a) totals -------------------------------------------------------------------------------
def totals_chart(
    sections: Sequence[Section],
    vendors: Sequence[VendorBar],
    words: ChartWords,
    fmt: Formatter,
    decimals: int,
) -> Figure:
    """Totals as horizontal bars stacked by section; bids out of competition greyed, below."""

    def num(value: Decimal) -> str:
        return fmt.number(value, decimals)

    def label(v: VendorBar) -> str:
        return f"{v.rank}. {v.vendor}" if v.rank is not None else v.vendor

    def status(v: VendorBar) -> str:
        return words.statuses.get(v.status, v.status) if v.status != "ranked" else ""

    desc = "; ".join(
        f"{label(v)}: {num(v.total)}" + (f" ({status(v)})" if status(v) else "") for v in vendors
    )
    svg = _Svg("cdc-chart-totals", words.totals_title, desc)
    left = 14.0
    label_width = min(190.0, max([text_width(label(v), bold=True) for v in vendors] + [60.0]) + 4)
    plot_x = left + label_width + 8
    status_room = max([text_width(status(v), SMALL) for v in vendors] + [0.0])
    plot_w = WIDTH - plot_x - 52 - (status_room + 8 if status_room else 0)
    items = [
        (
            f"{s.title} ({fmt.number(s.max_points, 0)})",
            SECTION_COLOURS[i % len(SECTION_COLOURS)],
            False,
        )
        for i, s in enumerate(sections)
    ]
    # the legend lines up with the bars when it fits there on one line, else uses the full width
    start = plot_x if _legend_width(items) <= WIDTH - 10 - plot_x else left
    y = _legend(svg, items, start, 16, WIDTH - 10) + 8
    bar_h, gap = 22.0, 11.0
    competing = [v for v in vendors if v.status == "ranked"]
    others = [v for v in vendors if v.status != "ranked"]
    rows_h = len(vendors) * (bar_h + gap) + (22 if competing and others else 0)
    top, bottom = y, y + rows_h
    scale = plot_w / 100
    for tick in _ticks(100, 10):
        x = plot_x + tick * scale
        svg.line(x, top - 4, x, bottom, GRID if tick else AXIS)
        svg.text(x, bottom + 14, fmt.number(tick), size=SMALL, anchor="middle", fill=MUTED)
    svg.text(
        plot_x + plot_w / 2, bottom + 30, words.points_axis, size=SMALL, anchor="middle", fill=MUTED
    )

    def row(v: VendorBar, y: float, greyed: bool, first: bool) -> None:
        mid = y + bar_h / 2 + 4
        name = fit(label(v), label_width, bold=first)
        svg.text(
            plot_x - 8,
            mid,
            name,
            anchor="end",
            bold=first,
            fill=MUTED if greyed else INK,
            tip=v.vendor,
        )
        x = plot_x
        for i, (section, value) in enumerate(zip(sections, v.values, strict=True)):
            w = float(value) * scale
            colour = GREY[i % len(GREY)] if greyed else SECTION_COLOURS[i % len(SECTION_COLOURS)]
            tip = (
                f"{v.vendor} — {section.title}: {num(value)} / {fmt.number(section.max_points, 0)}"
            )
            svg.rect(x, y, w, bar_h, colour, tip=tip)
            shown = fmt.number(value, 1)
            if w >= text_width(shown, SMALL) + 8:
                svg.text(
                    x + w / 2, mid - 0.5, shown, size=SMALL, anchor="middle", fill=_ink_on(colour)
                )
            x += w
        end = plot_x + float(v.total) * scale
        svg.text(end + 5, mid, num(v.total), bold=not greyed, fill=MUTED if greyed else INK)
        if greyed:
            svg.text(
                end + 10 + text_width(num(v.total)),
                mid,
                status(v),
                size=SMALL,
                fill=HIGHLIGHT,
                italic=True,
            )

    y = top
    for index, v in enumerate(competing):
        row(v, y, greyed=False, first=index == 0)
        y += bar_h + gap
    if competing and others:
        svg.line(left, y + 2, WIDTH - 10, y + 2, AXIS, 1, ' stroke-dasharray="4 3"')
        svg.text(left, y + 15, words.out_of_ranking, size=SMALL, fill=MUTED, italic=True)
        y += 22
    for v in others:
        row(v, y, greyed=True, first=False)
        y += bar_h + gap

    header = [words.vendor, *(f"{s.title} ({fmt.number(s.max_points, 0)})" for s in sections)]
    header += [words.total, words.status]
    rows = [
        [
            (label(v), False),
            *((num(x), True) for x in v.values),
            (num(v.total), True),
            (words.statuses.get(v.status, v.status), False),
        ]
        for v in vendors
    ]
    return Figure(svg.done(bottom + 40), (Text(words.totals_caption),), _table(header, rows))


# -- (b) profile ------------------------------------------------------------------------------
def profile_chart(
    sections: Sequence[Section], vendors: Sequence[ProfileBar], words: ChartWords, fmt: Formatter
) -> Figure:
    """Section scores as % of each section's maximum, one group per section, one bar per vendor."""

    def share(value: Decimal | None) -> str:
        return "—" if value is None else fmt.pct(value)

    def name(v: ProfileBar) -> str:
        return v.vendor if v.competing else f"{v.vendor} ({words.statuses['out']})"

    desc = "; ".join(
        f"{s.title}: " + ", ".join(f"{name(v)} {share(v.shares[i])}" for v in vendors)
        for i, s in enumerate(sections)
    )
    svg = _Svg("cdc-chart-profile", words.profile_title, desc)
    colours = [VENDOR_COLOURS[i % len(VENDOR_COLOURS)] for i in range(len(vendors))]
    plot_x, right = 48.0, WIDTH - 12
    items = [(name(v), colours[i], not v.competing) for i, v in enumerate(vendors)]
    top = _legend(svg, items, plot_x, 16, right) + 22
    plot_h = 210.0
    bottom = top + plot_h
    plot_w = right - plot_x
    for tick in _ticks(100, 20):
        y = bottom - tick / 100 * plot_h
        svg.line(plot_x, y, right, y, GRID if tick else AXIS)
        svg.text(plot_x - 6, y + 4, fmt.number(tick), size=SMALL, anchor="end", fill=MUTED)
    svg.text(
        14, top + plot_h / 2, words.share_axis, size=SMALL, anchor="middle", fill=MUTED, rotate=True
    )
    group_w = plot_w / max(len(sections), 1)
    count = max(len(vendors), 1)
    bar_w = min(42.0, group_w * 0.78 / count)
    label_lines = 1
    for i, section in enumerate(sections):
        gx = plot_x + i * group_w
        start = gx + (group_w - bar_w * count) / 2
        for j, v in enumerate(vendors):
            value = v.shares[i]
            if value is None:
                continue
            h = float(value) / 100 * plot_h
            x = start + j * bar_w
            extra = ' fill-opacity="0.35"' if not v.competing else ""
            if not v.competing:
                extra += f' stroke="{colours[j]}" stroke-width="1"'
            tip = f"{v.vendor} — {section.title}: {share(value)}"
            svg.rect(x + 1, bottom - h, bar_w - 2, h, colours[j], extra=extra, tip=tip)
            shown = fmt.number(value, 0)
            if bar_w - 2 >= text_width(shown, 9):
                svg.text(x + bar_w / 2, bottom - h - 4, shown, size=9, anchor="middle", fill=MUTED)
        lines = wrap(section.title, group_w - 8, FONT_SIZE, 2)
        label_lines = max(label_lines, len(lines))
        for k, line in enumerate(lines):
            svg.text(
                gx + group_w / 2,
                bottom + 16 + k * 13,
                line,
                anchor="middle",
                bold=True,
                tip=section.title,
            )
        cap = words.max_points.format(points=fmt.number(section.max_points, 0))
        svg.text(
            gx + group_w / 2,
            bottom + 16 + len(lines) * 13,
            cap,
            size=SMALL,
            anchor="middle",
            fill=MUTED,
        )
    height = bottom + 16 + label_lines * 13 + 12

    header = [words.vendor, *(s.title for s in sections)]
    rows = [[(name(v), False), *((share(x), True) for x in v.shares)] for v in vendors]
    return Figure(svg.done(height), (Text(words.profile_caption),), _table(header, rows))


# -- (c) tipping points -----------------------------------------------------------------------
def tipping_chart(bars: Sequence[TippingBar], words: ChartWords, fmt: Formatter) -> Figure:
    """Each criterion's current weight and the weight that changes the winner (dumbbells)."""

    def pct(value: Decimal | None) -> str:
        return "—" if value is None else fmt.pct(value)

    def outcome(b: TippingBar) -> str:
        if b.tipping is None or b.new_winner is None:
            return words.no_tipping
        return f"→ {b.new_winner} ({pct(b.tipping)})"

    desc = "; ".join(f"{b.title}: {pct(b.weight)}, {outcome(b)}" for b in bars)
    svg = _Svg("cdc-chart-tipping", words.tipping_title, desc)
    left = 14.0
    label_w = min(210.0, max([text_width(b.title, bold=b.top_level) for b in bars] + [80.0]))
    plot_x, right = left + label_w + 12, WIDTH - 16
    plot_w = right - plot_x
    # legend: a filled dot (current weight) and a ringed dot (tipping weight)
    y = 18.0
    svg.circle(plot_x + 5, y - 4, 5, INK)
    svg.text(plot_x + 15, y, words.current)
    x2 = plot_x + 15 + text_width(words.current) + 22
    svg.circle(x2 + 5, y - 4, 5, "#ffffff", HIGHLIGHT, 2.2)
    svg.text(x2 + 15, y, words.tipping)
    top = y + 18
    row_h = 25.0
    bottom = top + len(bars) * row_h
    # the axis stops at the next ten above every weight shown: small weights stay readable
    highest = max([float(b.weight) for b in bars] + [float(b.tipping or 0) for b in bars] + [10.0])
    axis_max = min(100.0, math.ceil(highest / 10) * 10)
    scale = plot_w / axis_max
    for tick in _ticks(axis_max, 10):
        x = plot_x + tick * scale
        svg.line(x, top - 2, x, bottom, GRID if tick else AXIS)
        svg.text(x, bottom + 14, fmt.number(tick), size=SMALL, anchor="middle", fill=MUTED)
    svg.text(
        plot_x + plot_w / 2, bottom + 30, words.weight_axis, size=SMALL, anchor="middle", fill=MUTED
    )
    for index, b in enumerate(bars):
        cy = top + index * row_h + row_h / 2
        if index % 2 == 0:
            svg.rect(
                left, cy - row_h / 2, right - left, row_h, "#f4f6f9", extra=' fill-opacity="0.7"'
            )
        svg.text(
            plot_x - 10, cy + 4, fit(b.title, label_w, bold=b.top_level), anchor="end",
            bold=b.top_level, tip=b.title,
        )  # fmt: skip
        cx = plot_x + float(b.weight) * scale
        text = outcome(b)
        if b.tipping is not None and b.new_winner is not None:
            tx = plot_x + float(b.tipping) * scale
            svg.line(cx, cy, tx, cy, HIGHLIGHT, 3.2, ' stroke-opacity="0.45"')
            svg.circle(cx, cy, 5, INK)
            svg.circle(tx, cy, 5, "#ffffff", HIGHLIGHT, 2.2)
            far = max(cx, tx)
            near = min(cx, tx)
            room_right = right - far - 10
            width = text_width(text, SMALL)
            if width <= room_right:
                svg.text(far + 10, cy + 4, text, size=SMALL, fill=HIGHLIGHT, tip=text)
            elif width <= near - plot_x - 10:
                svg.text(
                    near - 10, cy + 4, text, size=SMALL, anchor="end", fill=HIGHLIGHT, tip=text
                )
            elif width <= far - near - 20:  # along the bar, just above it
                svg.text(
                    far - 10, cy - 4.5, text, size=SMALL, anchor="end", fill=HIGHLIGHT, tip=text
                )
            else:
                shown = fit(text, max(room_right, near - plot_x - 10), SMALL)
                if room_right >= near - plot_x - 10:
                    svg.text(far + 10, cy + 4, shown, size=SMALL, fill=HIGHLIGHT, tip=text)
                else:
                    svg.text(
                        near - 10, cy + 4, shown, size=SMALL, anchor="end", fill=HIGHLIGHT, tip=text
                    )
        else:
            svg.circle(cx, cy, 5, INK)
            svg.text(
                cx + 11,
                cy + 4,
                fit(text, right - cx - 12, SMALL),
                size=SMALL,
                fill=MUTED,
                italic=True,
            )
    height = bottom + 40

    header = [words.criterion, words.weight, words.tipping_weight, words.new_winner]
    rows = [
        [
            (b.title, False),
            (pct(b.weight), True),
            (pct(b.tipping), True),
            (b.new_winner or words.no_tipping, False),
        ]
        for b in bars
    ]
    return Figure(svg.done(height), (Text(words.tipping_caption),), _table(header, rows))


__all__ = [
    "ChartWords",
    "ProfileBar",
    "Section",
    "TippingBar",
    "VendorBar",
    "profile_chart",
    "text_width",
    "tipping_chart",
    "totals_chart",
]
