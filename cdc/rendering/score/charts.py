"""Charts of a scoring run as SVG, drawn in pure Python: deterministic, escaped, accessible.

Three charts a committee reads faster than a table:

* :func:`totals_chart` — each vendor's total as a horizontal bar split by top-level section
  (stacked, one colour per section), competing vendors first; eliminated and not-ranked bids are
  drawn in grey below a rule, with their status;
* :func:`profile_chart` — each section's score as a share of its maximum, vendors side by side
  (grouped bars): where each bid is strong or weak;
* :func:`tipping_chart` — for each criterion, its current weight and the weight at which the
  winner changes, joined by a bar (a dumbbell), with the name of the new winner.

Every chart is a :class:`~cdc.rendering.tree.Figure` carrying the SVG and a fallback
:class:`~cdc.rendering.tree.Table` with the same numbers (for Markdown and DOCX). Values arrive
computed and rounded; this module only lays them out. The SVG uses nothing but ``rect``,
``line``, ``circle`` and ``text`` (what every browser and WeasyPrint draw the same way); the
primitives (:mod:`cdc.rendering.score._svg`) size texts with DejaVu Sans metrics, escape every text
(vendor names are vendors' input), carry ``role="img"``, ``aria-label``, ``<title>`` and
``<desc>``, and print coordinates with one decimal, so the same data always gives the same
bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from cdc.rendering.fmt import Formatter
from cdc.rendering.score._svg import (
    FONT_SIZE,
    INK,
    SMALL,
    WIDTH,
    Svg,
    fallback_table,
    fit,
    ink_on,
    legend,
    legend_width,
    text_width,
    ticks,
    wrap,
)
from cdc.rendering.score.chart_inputs import ChartWords, ProfileBar, Section, TippingBar, VendorBar
from cdc.rendering.tree import Figure, Table, Text

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


# -- (a) totals -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Totals:
    """What every step of the totals chart shares: its words, number format and bar geometry."""

    sections: Sequence[Section]
    words: ChartWords
    fmt: Formatter
    decimals: int
    plot_x: float = 0.0
    label_width: float = 0.0
    scale: float = 0.0
    bar_h: float = 22.0
    gap: float = 11.0

    def num(self, value: Decimal) -> str:
        """A published value, with the project's decimals."""
        return self.fmt.number(value, self.decimals)

    def label(self, v: VendorBar) -> str:
        """The vendor's name, its rank in front when it has one."""
        return f"{v.rank}. {v.vendor}" if v.rank is not None else v.vendor

    def status(self, v: VendorBar) -> str:
        """The status printed after a bid out of competition (nothing for a ranked one)."""
        return self.words.statuses.get(v.status, v.status) if v.status != "ranked" else ""

    def section_title(self, s: Section) -> str:
        """A section's name with the points it is worth, as the legend and the table head it."""
        return f"{s.title} ({self.fmt.number(s.max_points, 0)})"


def totals_chart(
    sections: Sequence[Section],
    vendors: Sequence[VendorBar],
    words: ChartWords,
    fmt: Formatter,
    decimals: int,
) -> Figure:
    """Totals as horizontal bars stacked by section; bids out of competition greyed, below."""
    t = _Totals(sections, words, fmt, decimals)
    desc = "; ".join(
        f"{t.label(v)}: {t.num(v.total)}" + (f" ({t.status(v)})" if t.status(v) else "")
        for v in vendors
    )
    svg = Svg("cdc-chart-totals", words.totals_title, desc)
    left = 14.0
    label_width = min(190.0, max([text_width(t.label(v), bold=True) for v in vendors] + [60.0]) + 4)
    plot_x = left + label_width + 8
    status_room = max([text_width(t.status(v), SMALL) for v in vendors] + [0.0])
    plot_w = WIDTH - plot_x - 52 - (status_room + 8 if status_room else 0)
    t = replace(t, plot_x=plot_x, label_width=label_width, scale=plot_w / 100)
    items = [
        (t.section_title(s), SECTION_COLOURS[i % len(SECTION_COLOURS)], False)
        for i, s in enumerate(sections)
    ]
    # the legend lines up with the bars when it fits there on one line, else uses the full width
    start = plot_x if legend_width(items) <= WIDTH - 10 - plot_x else left
    top = legend(svg, items, start, 16, WIDTH - 10) + 8
    competing = [v for v in vendors if v.status == "ranked"]
    others = [v for v in vendors if v.status != "ranked"]
    bottom = top + len(vendors) * (t.bar_h + t.gap) + (22 if competing and others else 0)
    _x_axis(svg, fmt, plot_x, plot_w, top - 4, bottom, 100, words.points_axis)
    y = top
    for index, v in enumerate(competing):
        _totals_row(svg, t, v, y, greyed=False, first=index == 0)
        y += t.bar_h + t.gap
    if competing and others:
        svg.line(left, y + 2, WIDTH - 10, y + 2, AXIS, 1, ' stroke-dasharray="4 3"')
        svg.text(left, y + 15, words.out_of_ranking, size=SMALL, fill=MUTED, italic=True)
        y += 22
    for v in others:
        _totals_row(svg, t, v, y, greyed=True, first=False)
        y += t.bar_h + t.gap
    return Figure(svg.done(bottom + 40), (Text(words.totals_caption),), _totals_table(t, vendors))


def _x_axis(
    svg: Svg,
    fmt: Formatter,
    plot_x: float,
    plot_w: float,
    top: float,
    bottom: float,
    axis_max: float,
    name: str,
) -> None:
    """A horizontal axis graduated every ten from 0 to ``axis_max``, grid lines rising to
    ``top``, and its name centred below: the totals and the tipping chart read the same way."""
    scale = plot_w / axis_max
    for tick in ticks(axis_max, 10):
        x = plot_x + tick * scale
        svg.line(x, top, x, bottom, GRID if tick else AXIS)
        svg.text(x, bottom + 14, fmt.number(tick), size=SMALL, anchor="middle", fill=MUTED)
    svg.text(plot_x + plot_w / 2, bottom + 30, name, size=SMALL, anchor="middle", fill=MUTED)


def _totals_row(svg: Svg, t: _Totals, v: VendorBar, y: float, greyed: bool, first: bool) -> None:
    """One vendor's bar: its name, one segment per section (value inside where it fits), the
    total after it, and for a bid out of competition its status; greyed bids lose the colours
    so the eye goes to the competing ones."""
    mid = y + t.bar_h / 2 + 4
    name = fit(t.label(v), t.label_width, bold=first)
    svg.text(
        t.plot_x - 8,
        mid,
        name,
        anchor="end",
        bold=first,
        fill=MUTED if greyed else INK,
        tip=v.vendor,
    )
    x = t.plot_x
    for i, (section, value) in enumerate(zip(t.sections, v.values, strict=True)):
        w = float(value) * t.scale
        colour = GREY[i % len(GREY)] if greyed else SECTION_COLOURS[i % len(SECTION_COLOURS)]
        tip = (
            f"{v.vendor} — {section.title}: {t.num(value)} / {t.fmt.number(section.max_points, 0)}"
        )
        svg.rect(x, y, w, t.bar_h, colour, tip=tip)
        shown = t.fmt.number(value, 1)
        if w >= text_width(shown, SMALL) + 8:
            svg.text(x + w / 2, mid - 0.5, shown, size=SMALL, anchor="middle", fill=ink_on(colour))
        x += w
    end = t.plot_x + float(v.total) * t.scale
    svg.text(end + 5, mid, t.num(v.total), bold=not greyed, fill=MUTED if greyed else INK)
    if greyed:
        svg.text(
            end + 10 + text_width(t.num(v.total)),
            mid,
            t.status(v),
            size=SMALL,
            fill=HIGHLIGHT,
            italic=True,
        )


def _totals_table(t: _Totals, vendors: Sequence[VendorBar]) -> Table:
    """The same numbers as a table, for the formats that show no SVG (Markdown, DOCX)."""
    header = [t.words.vendor, *(t.section_title(s) for s in t.sections)]
    header += [t.words.total, t.words.status]
    rows = [
        [
            (t.label(v), False),
            *((t.num(x), True) for x in v.values),
            (t.num(v.total), True),
            (t.words.statuses.get(v.status, v.status), False),
        ]
        for v in vendors
    ]
    return fallback_table(header, rows)


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
    svg = Svg("cdc-chart-profile", words.profile_title, desc)
    colours = [VENDOR_COLOURS[i % len(VENDOR_COLOURS)] for i in range(len(vendors))]
    plot_x, right = 48.0, WIDTH - 12
    items = [(name(v), colours[i], not v.competing) for i, v in enumerate(vendors)]
    top = legend(svg, items, plot_x, 16, right) + 22
    plot_h = 210.0
    bottom = top + plot_h
    plot_w = right - plot_x
    for tick in ticks(100, 20):
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
    return Figure(svg.done(height), (Text(words.profile_caption),), fallback_table(header, rows))


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
    svg = Svg("cdc-chart-tipping", words.tipping_title, desc)
    left = 14.0
    label_w = min(210.0, max([text_width(b.title, bold=b.top_level) for b in bars] + [80.0]))
    plot_x, right = left + label_w + 12, WIDTH - 16
    plot_w = right - plot_x
    top = _tipping_legend(svg, words, plot_x) + 18
    row_h = 25.0
    bottom = top + len(bars) * row_h
    # the axis stops at the next ten above every weight shown: small weights stay readable
    highest = max([float(b.weight) for b in bars] + [float(b.tipping or 0) for b in bars] + [10.0])
    axis_max = min(100.0, math.ceil(highest / 10) * 10)
    scale = plot_w / axis_max
    _x_axis(svg, fmt, plot_x, plot_w, top - 2, bottom, axis_max, words.weight_axis)
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
            _place_outcome(svg, text, min(cx, tx), max(cx, tx), cy, plot_x, right)
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
    return Figure(
        svg.done(bottom + 40), (Text(words.tipping_caption),), fallback_table(header, rows)
    )


def _tipping_legend(svg: Svg, words: ChartWords, plot_x: float) -> float:
    """The legend above the plot — a filled dot (current weight), a ringed dot (tipping weight) —
    drawn as the dots themselves so the reader matches them at a glance; returns its baseline."""
    y = 18.0
    svg.circle(plot_x + 5, y - 4, 5, INK)
    svg.text(plot_x + 15, y, words.current)
    x2 = plot_x + 15 + text_width(words.current) + 22
    svg.circle(x2 + 5, y - 4, 5, "#ffffff", HIGHLIGHT, 2.2)
    svg.text(x2 + 15, y, words.tipping)
    return y


def _place_outcome(
    svg: Svg, text: str, near: float, far: float, cy: float, plot_x: float, right: float
) -> None:
    """Write the outcome (→ new winner) where it fits whole: right of the dumbbell, else left of
    it, else along the bar; cut to the roomier side only when it fits nowhere."""
    room_right = right - far - 10
    room_left = near - plot_x - 10
    width = text_width(text, SMALL)
    if width <= room_right:
        svg.text(far + 10, cy + 4, text, size=SMALL, fill=HIGHLIGHT, tip=text)
    elif width <= room_left:
        svg.text(near - 10, cy + 4, text, size=SMALL, anchor="end", fill=HIGHLIGHT, tip=text)
    elif width <= far - near - 20:  # along the bar, just above it
        svg.text(far - 10, cy - 4.5, text, size=SMALL, anchor="end", fill=HIGHLIGHT, tip=text)
    else:
        shown = fit(text, max(room_right, room_left), SMALL)
        if room_right >= room_left:
            svg.text(far + 10, cy + 4, shown, size=SMALL, fill=HIGHLIGHT, tip=text)
        else:
            svg.text(near - 10, cy + 4, shown, size=SMALL, anchor="end", fill=HIGHLIGHT, tip=text)


__all__ = [
    "ChartWords",
    "ProfileBar",
    "Section",
    "TippingBar",
    "VendorBar",
    "fit",
    "profile_chart",
    "text_width",
    "tipping_chart",
    "totals_chart",
]
