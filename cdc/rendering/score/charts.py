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
from dataclasses import dataclass
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
from cdc.rendering.tree import Figure, Text

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
    svg = Svg("cdc-chart-totals", words.totals_title, desc)
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
    start = plot_x if legend_width(items) <= WIDTH - 10 - plot_x else left
    y = legend(svg, items, start, 16, WIDTH - 10) + 8
    bar_h, gap = 22.0, 11.0
    competing = [v for v in vendors if v.status == "ranked"]
    others = [v for v in vendors if v.status != "ranked"]
    rows_h = len(vendors) * (bar_h + gap) + (22 if competing and others else 0)
    top, bottom = y, y + rows_h
    scale = plot_w / 100
    for tick in ticks(100, 10):
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
                    x + w / 2, mid - 0.5, shown, size=SMALL, anchor="middle", fill=ink_on(colour)
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
    return Figure(
        svg.done(bottom + 40), (Text(words.totals_caption),), fallback_table(header, rows)
    )


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
    for tick in ticks(axis_max, 10):
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
    return Figure(svg.done(height), (Text(words.tipping_caption),), fallback_table(header, rows))


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
