"""Charts of the execution dashboard as SVG: deliveries against plan, service levels, money.

Three charts a steering committee reads faster than a table:

* :func:`deliveries_chart` — each milestone on a calendar: the planned date (a ring), the actual
  delivery (a dot, vermilion when late) or, when not delivered yet, a dashed line to the as-of
  date; the delay in days printed at the end of the row;
* :func:`service_levels_chart` — indicators by period as a grid of coloured cells (met, breached,
  not measured) holding the measured value: units differ between indicators (percent, minutes,
  a day of the month), so a bar scale would compare what cannot be compared;
* :func:`caps_chart` — each running total (delay penalties, service credits per indicator)
  against its cap, as a filled share of a track.

Every figure carries the same numbers as a fallback table (Markdown, DOCX). Values and texts
arrive computed and worded by :mod:`cdc.rendering.execution.context`; this module only lays them
out, with the primitives of the score charts (:mod:`cdc.rendering.score._svg`: DejaVu metrics,
escaping, accessible root, one-decimal coordinates), so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cdc.rendering.score._svg import (
    INK,
    SMALL,
    WIDTH,
    Svg,
    fallback_table,
    fit,
    ink_on,
    text_width,
)
from cdc.rendering.score.charts import AXIS, GREY, GRID, HIGHLIGHT, MUTED, SECTION_COLOURS
from cdc.rendering.tree import Figure, Text

# The score charts' palette, so both families of charts read alike; only the track of the caps
# chart and the "met" green are the dashboard's own.
LATE = HIGHLIGHT
PLANNED = SECTION_COLOURS[0]
NEUTRAL = GREY[0]
TRACK = "#e6eaef"
OK = "#2a7d4f"
#: Cell colours of the service-level grid (light enough for dark text).
CELL = {"met": "#cfe8d7", "breached": "#f6c9b5", "missing": "#eceff3"}


# -- inputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeliveryBar:
    """One milestone: planned and actual dates, the delay as of the report date, its wording."""

    label: str
    planned: dt.date
    actual: dt.date | None
    late_days: int
    status: str
    planned_text: str
    actual_text: str


@dataclass(frozen=True)
class LevelCell:
    """One indicator in one period: ``met``, ``breached`` or ``missing``, and the value shown."""

    state: str
    shown: str


@dataclass(frozen=True)
class LevelRow:
    """One indicator: its name, its target as printed, one cell per period."""

    indicator: str
    target: str
    cells: tuple[LevelCell, ...]


@dataclass(frozen=True)
class CapBar:
    """A running total against its cap (``cap`` None: no cap; the bar is drawn in grey)."""

    label: str
    used: Decimal
    cap: Decimal | None
    used_text: str
    cap_text: str
    share_text: str


@dataclass(frozen=True)
class ChartWords:
    """Every word the charts print, from ``labels["execution"]["chart"]``."""

    months: tuple[str, ...]
    milestone: str
    planned: str
    actual: str
    as_of: str
    delay: str
    status: str
    deliveries_title: str
    deliveries_caption: str
    indicator: str
    target: str
    target_line: str
    states: dict[str, str]
    levels_title: str
    levels_caption: str
    item: str
    used: str
    cap: str
    share: str
    no_cap: str
    caps_title: str
    caps_caption: str

    @classmethod
    def from_labels(cls, chart: dict[str, object]) -> ChartWords:
        """Read the words from the labels (a missing key fails loudly)."""
        values = {name: chart[name] for name in cls.__dataclass_fields__}
        months, states = values.pop("months"), values.pop("states")
        assert isinstance(months, list) and isinstance(states, dict)
        return cls(
            months=tuple(str(m) for m in months),
            states={str(k): str(v) for k, v in states.items()},
            **{k: str(v) for k, v in values.items()},
        )


# -- (a) deliveries ---------------------------------------------------------------------------
def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    out: list[dt.date] = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def deliveries_chart(
    bars: Sequence[DeliveryBar], as_of: dt.date, words: ChartWords, as_of_text: str
) -> Figure:
    """Milestones on a calendar: planned (ring) to actual (dot) or to the as-of date (dashed)."""
    desc = "; ".join(f"{b.label}: {b.status}" for b in bars)
    svg = Svg("cdc-chart-deliveries", words.deliveries_title, desc)
    dates = [b.planned for b in bars] + [b.actual for b in bars if b.actual] + [as_of]
    first = min(dates) - dt.timedelta(days=10)
    last = max(dates) + dt.timedelta(days=10)
    span = max((last - first).days, 1)
    left = 14.0
    label_w = min(170.0, max([text_width(b.label, bold=True) for b in bars] + [80.0]))
    plot_x = left + label_w + 10
    status_w = min(max([text_width(b.status, SMALL) for b in bars] + [40.0]) + 2, 200.0)
    right = WIDTH - 8 - status_w - 10
    scale = (right - plot_x) / span

    def x(day: dt.date) -> float:
        return plot_x + (day - first).days * scale

    # legend: ring = planned, dot = actual, dashed = not delivered yet
    y = 16.0
    svg.circle(plot_x + 5, y - 4, 5, "#ffffff", PLANNED, 2)
    svg.text(plot_x + 15, y, words.planned)
    lx = plot_x + 15 + text_width(words.planned) + 20
    svg.circle(lx + 5, y - 4, 5, LATE)
    svg.text(lx + 15, y, words.actual)
    top = y + 20
    row_h = 26.0
    bottom = top + len(bars) * row_h
    for month in _month_starts(first, last):
        mx = x(month)
        svg.line(mx, top - 4, mx, bottom, GRID)
        name = f"{words.months[month.month - 1]} {month.year % 100:02d}"
        svg.text(mx, bottom + 14, name, size=SMALL, anchor="middle", fill=MUTED)
    ax = x(as_of)
    svg.line(ax, top - 8, ax, bottom + 2, INK, 1.2, ' stroke-dasharray="3 3"')
    svg.text(ax, bottom + 30, as_of_text, size=SMALL, anchor="middle", fill=INK, bold=True)
    for index, b in enumerate(bars):
        cy = top + index * row_h + row_h / 2
        if index % 2 == 0:
            svg.rect(left, cy - row_h / 2, WIDTH - 12 - left, row_h, "#f4f6f9")
        svg.text(plot_x - 10, cy + 4, fit(b.label, label_w, bold=True), anchor="end", bold=True,
                 tip=b.label)  # fmt: skip
        px = x(b.planned)
        late = b.late_days > 0
        colour = LATE if late else OK
        if b.actual is not None:
            axx = x(b.actual)
            if axx != px:
                svg.line(px, cy, axx, cy, colour, 3, ' stroke-opacity="0.45"')
            svg.circle(px, cy, 5, "#ffffff", PLANNED, 2)
            svg.circle(axx, cy, 5, colour)
        else:
            if late:
                svg.line(px, cy, ax, cy, LATE, 2, ' stroke-dasharray="4 3"')
            svg.circle(px, cy, 5, "#ffffff", PLANNED, 2)
        svg.text(right + 10, cy + 4, fit(b.status, status_w, SMALL), size=SMALL,
                 fill=LATE if late else MUTED, tip=b.status)  # fmt: skip
    header = [words.milestone, words.planned, words.actual, words.delay, words.status]
    rows = [
        [
            (b.label, False),
            (b.planned_text, False),
            (b.actual_text or "—", False),
            (str(b.late_days), True),
            (b.status, False),
        ]
        for b in bars
    ]
    return Figure(
        svg.done(bottom + 40), (Text(words.deliveries_caption),), fallback_table(header, rows)
    )


# -- (b) service levels -----------------------------------------------------------------------
def service_levels_chart(
    periods: Sequence[str], rows: Sequence[LevelRow], words: ChartWords
) -> Figure:
    """Indicators × periods as coloured cells holding the measured value."""
    desc = "; ".join(
        f"{r.indicator} ({r.target}): "
        + ", ".join(f"{p} {c.shown} {words.states[c.state]}" for p, c in zip(periods, r.cells, strict=True))
        for r in rows
    )  # fmt: skip
    svg = Svg("cdc-chart-levels", words.levels_title, desc)
    left = 14.0
    label_w = 250.0
    plot_x = left + label_w + 10
    # legend
    x0, y = plot_x, 16.0
    for state in ("met", "breached", "missing"):
        svg.rect(x0, y - 10, 14, 12, CELL[state], extra=f' stroke="{AXIS}" stroke-width="0.5"')
        svg.text(x0 + 18, y, words.states[state])
        x0 += 18 + text_width(words.states[state]) + 18
    top = y + 14
    col_w = min(110.0, (WIDTH - 12 - plot_x) / max(len(periods), 1))
    head_h = 20.0
    for j, period in enumerate(periods):
        cx = plot_x + j * col_w + col_w / 2
        svg.text(cx, top + 14, fit(period, col_w - 4, SMALL, bold=True), size=SMALL,
                 anchor="middle", bold=True, tip=period)  # fmt: skip
    row_h = 34.0
    y0 = top + head_h
    for i, r in enumerate(rows):
        ry = y0 + i * row_h
        svg.text(plot_x - 10, ry + 14, fit(r.indicator, label_w, bold=True), anchor="end",
                 bold=True, tip=r.indicator)  # fmt: skip
        svg.text(plot_x - 10, ry + 27, fit(words.target_line.format(target=r.target), label_w, SMALL),
                 anchor="end", size=SMALL, fill=MUTED)  # fmt: skip
        for j, cell in enumerate(r.cells):
            cx = plot_x + j * col_w
            fill = CELL.get(cell.state, CELL["missing"])
            svg.rect(cx + 2, ry + 2, col_w - 4, row_h - 4, fill,
                     extra=' stroke="#ffffff" stroke-width="1"',
                     tip=f"{r.indicator} — {periods[j]}: {cell.shown} ({words.states[cell.state]})")  # fmt: skip
            svg.text(cx + col_w / 2, ry + row_h / 2 + 4, fit(cell.shown, col_w - 10), anchor="middle",
                     fill=ink_on(fill), bold=cell.state == "breached")  # fmt: skip
    bottom = y0 + len(rows) * row_h
    header = [words.indicator, words.target, *periods]
    table_rows = [
        [
            (r.indicator, False),
            (r.target, False),
            *((f"{c.shown} ({words.states[c.state]})" if c.shown else words.states[c.state], False)
              for c in r.cells),
        ]
        for r in rows
    ]  # fmt: skip
    return Figure(
        svg.done(bottom + 12), (Text(words.levels_caption),), fallback_table(header, table_rows)
    )


# -- (c) money against caps -------------------------------------------------------------------
def caps_chart(bars: Sequence[CapBar], words: ChartWords) -> Figure:
    """Each running total as a filled share of its cap (grey when there is no cap)."""
    desc = "; ".join(f"{b.label}: {b.used_text} / {b.cap_text or words.no_cap}" for b in bars)
    svg = Svg("cdc-chart-caps", words.caps_title, desc)
    left = 14.0
    label_w = min(250.0, max([text_width(b.label, bold=True) for b in bars] + [80.0]))
    plot_x = left + label_w + 10
    text_room = min(
        max([text_width(f"{b.used_text} / {b.cap_text}", SMALL) for b in bars] + [60.0]) + 2, 200.0
    )
    right = WIDTH - 8 - text_room - 10
    bar_h, gap = 16.0, 12.0
    top = 8.0
    for i, b in enumerate(bars):
        y = top + i * (bar_h + gap)
        mid = y + bar_h / 2 + 4
        svg.text(plot_x - 10, mid, fit(b.label, label_w, bold=True), anchor="end", bold=True,
                 tip=b.label)  # fmt: skip
        width = right - plot_x
        if b.cap is not None and b.cap > 0:
            svg.rect(plot_x, y, width, bar_h, TRACK)
            share = min(float(b.used / b.cap), 1.0)
            colour = LATE if share >= 1.0 else PLANNED
            svg.rect(plot_x, y, width * share, bar_h, colour, tip=f"{b.label}: {b.share_text}")
            if b.share_text and width * share >= text_width(b.share_text, SMALL) + 8:
                svg.text(plot_x + width * share / 2, mid - 0.5, b.share_text, size=SMALL,
                         anchor="middle", fill=ink_on(colour))  # fmt: skip
            shown = f"{b.used_text} / {b.cap_text}"
        else:
            svg.rect(plot_x, y, width, bar_h, TRACK, extra=' fill-opacity="0.5"')
            svg.text(plot_x + 6, mid - 0.5, words.no_cap, size=SMALL, fill=MUTED, italic=True)
            shown = b.used_text
        svg.text(right + 10, mid, fit(shown, text_room, SMALL), size=SMALL,
                 tip=shown)  # fmt: skip
    bottom = top + len(bars) * (bar_h + gap)
    header = [words.item, words.used, words.cap, words.share]
    rows = [
        [(b.label, False), (b.used_text, True), (b.cap_text or words.no_cap, True),
         (b.share_text or "—", True)]
        for b in bars
    ]  # fmt: skip
    return Figure(svg.done(bottom + 4), (Text(words.caps_caption),), fallback_table(header, rows))


__all__ = [
    "CapBar",
    "ChartWords",
    "DeliveryBar",
    "LevelCell",
    "LevelRow",
    "caps_chart",
    "deliveries_chart",
    "service_levels_chart",
]
