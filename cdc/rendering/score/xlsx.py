"""The scoring report as a workbook: ranking with a chart, criteria, sensitivity, warnings, method.

Imported only for ``cdc score --format xlsx`` (openpyxl is loaded then). Every value comes from
the :class:`~cdc.rendering.score.context_types.ScoreContext` the documents print, so the workbook and the
PDF never disagree. Numbers are written as numbers with a format (points with the declared
decimals, shares as percentages, prices in the project currency) so the committee can sort and
re-add them. Text is written by :func:`cdc.rendering.xlsx.safe_text`: a vendor named
``=HYPERLINK(…)`` stays a string cell, never a formula. The bytes are reproducible: document
properties carry the project date and the zip entries a fixed time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from cdc.rendering import xlsx as x
from cdc.rendering.fmt import Formatter
from cdc.rendering.score.charts import GREY, SECTION_COLOURS
from cdc.rendering.score.context_types import ScoreContext, VendorLine
from cdc.scoring.report import ScoreReport

PERCENT = "0.0%"
HEADER_ROW = 4


def _points_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals > 0 else "0"


def _number(cell: Any, value: Decimal | int | None, number_format: str) -> None:
    """A numeric cell (empty when there is no value)."""
    cell.value = None if value is None else float(value)
    cell.number_format = number_format


def _ratio(value: Decimal | None) -> Decimal | None:
    """A value in percent (0–100) as the fraction a percentage format shows."""
    return None if value is None else value / 100


def _text(ws: Any, row: int, col: int, value: str | None, *, font: Any = None) -> Any:
    cell = ws.cell(row=row, column=col)
    x.safe_text(cell, value)
    if font is not None:
        cell.font = font
    return cell


def _header(ws: Any, row: int, titles: list[str], height: float = 32.0) -> None:
    for col, title in enumerate(titles, start=1):
        _text(ws, row, col, title)
    x.style_header(ws, row, len(titles), height)


def _title(ws: Any, title: str, subtitle: str) -> None:
    _text(ws, 1, 1, title, font=x.TITLE_FONT)
    _text(ws, 2, 1, subtitle, font=x.ITALIC)


class _Book:
    """Writes the five sheets of one report."""

    def __init__(self, report: ScoreReport, context: ScoreContext, labels: dict[str, Any]) -> None:
        self.report = report
        self.c = context
        self.labels = labels
        self.w: dict[str, Any] = labels["score"]["xlsx"]
        self.col: dict[str, str] = self.w["column"]
        info = report.scoring.project.project
        self.lang = info.language.value
        self.currency = info.currency
        self.money = x.money_format(self.lang, self.currency)
        self.points = _points_format(context.decimals)
        self.title = x.words(self.w["title"], title=info.title)
        self.subtitle = x.words(
            self.w["subtitle"],
            buyer=info.buyer.name,
            version=info.version,
            date=Formatter(self.lang).date(info.date),
        )
        self.wb = Workbook()
        self.taken: set[str] = set()

    def sheet(self, key: str) -> Any:
        name = x.sheet_name(str(self.w["sheet"][key]), self.taken)
        if len(self.taken) == 1:
            ws = self.wb.active
            ws.title = name
        else:
            ws = self.wb.create_sheet(name)
        _title(ws, self.title, self.subtitle)
        ws.sheet_view.showGridLines = False
        return ws

    # -- ranking ------------------------------------------------------------------------------
    def ranking(self) -> None:
        c, col = self.c, self.col
        ws = self.sheet("ranking")
        sections = [
            x.words(col["section"], title=s.title, points=Formatter(self.lang).number(s.max_points))
            for s in c.sections
        ]
        titles = [
            col["rank"],
            col["vendor"],
            col["total"],
            *sections,
            col["technical"],
            col["price_total"],
            col["price_note"],
            col["status"],
            col["reasons"],
            col["missing"],
        ]
        _header(ws, HEADER_ROW, titles, 46)
        first_section = 4
        for row, v in enumerate(c.vendors, start=HEADER_ROW + 1):
            _number(ws.cell(row=row, column=1), v.rank, "0")
            _text(ws, row, 2, v.vendor, font=x.BOLD if v.rank == 1 else None)
            _number(ws.cell(row=row, column=3), v.total, self.points)
            ws.cell(row=row, column=3).font = x.BOLD
            for i, points in enumerate(v.sections):
                _number(ws.cell(row=row, column=first_section + i), points, self.points)
            n = first_section + len(v.sections)
            _number(ws.cell(row=row, column=n), _ratio(v.technical), "0.00%")
            _number(ws.cell(row=row, column=n + 1), v.price_total, self.money)
            _number(ws.cell(row=row, column=n + 2), _ratio(v.price_note), PERCENT)
            _text(ws, row, n + 3, v.status_label)
            _text(ws, row, n + 4, self.reason(v))
            _text(ws, row, n + 5, ", ".join(v.missing) or None)
            for k in range(1, len(titles) + 1):
                cell = ws.cell(row=row, column=k)
                cell.border = x.BORDER
                cell.alignment = x.WRAP if k in (2, n + 4, n + 5) else x.TOP
                if v.status != "ranked":
                    cell.font = x.ITALIC
        last = HEADER_ROW + len(c.vendors)
        widths = [8, 28, 12, *[16] * len(sections), 13, 16, 12, 14, 60, 30]
        x.set_widths(ws, widths)
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
        if c.vendors:
            ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(titles))}{last}"
        x.print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
        if c.vendors and c.sections:
            self.chart(ws, first_section, len(sections), last)

    def reason(self, v: VendorLine) -> str | None:
        reasons = list(v.reasons)
        if v.not_ranked_reason:
            reasons.append(v.not_ranked_reason)
        # how an equal total was decided: the tie-break that placed it, or the tie itself
        reasons.extend(text for text in (v.tie_rule, v.tie_text) if text)
        return "\n".join(reasons) or None

    def chart(self, ws: Any, first: int, count: int, last: int) -> None:
        """A native stacked bar chart of the totals by section, the first vendor on top."""
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.gapWidth = 60
        chart.title = str(self.w["chart_title"])
        data = Reference(
            ws, min_col=first, max_col=first + count - 1, min_row=HEADER_ROW, max_row=last
        )
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=HEADER_ROW + 1, max_row=last))
        out = [i for i, v in enumerate(self.c.vendors) if v.status != "ranked"]
        for i, series in enumerate(chart.series):
            colour = SECTION_COLOURS[i % len(SECTION_COLOURS)].lstrip("#").upper()
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
            for index in out:  # bids out of the ranking in grey, as in the documents
                grey = GREY[i % len(GREY)].lstrip("#").upper()
                point = DataPoint(idx=index)
                point.graphicalProperties.solidFill = grey
                point.graphicalProperties.line.solidFill = grey
                series.dPt.append(point)
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top, as in the table
        chart.y_axis.crosses = "max"  # …and the value axis below the bars
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.y_axis.majorUnit = 10
        chart.y_axis.number_format = "0"
        chart.legend.position = "t"
        chart.width = 24
        chart.height = 4 + 1.1 * (last - HEADER_ROW)
        ws.add_chart(chart, f"B{last + 3}")

    # -- criteria -----------------------------------------------------------------------------
    def criteria(self) -> None:
        c, col = self.c, self.col
        ws = self.sheet("criteria")
        row = HEADER_ROW
        fixed = [col["id"], col["criterion"], col["weight"]]
        for k, title in enumerate(fixed, start=1):
            _text(ws, row, k, title)
            ws.merge_cells(start_row=row, start_column=k, end_row=row + 1, end_column=k)
        vendors = [v for t in c.criteria_tables for v in t.vendors]
        for i, v in enumerate(vendors):
            k = len(fixed) + 1 + 2 * i
            _text(
                ws,
                row,
                k,
                v.vendor if v.status == "ranked" else f"{v.vendor} ({v.status_label.lower()})",
            )
            ws.merge_cells(start_row=row, start_column=k, end_row=row, end_column=k + 1)
            _text(ws, row + 1, k, col["note"])
            _text(ws, row + 1, k + 1, col["points"])
        total_cols = len(fixed) + 2 * len(vendors)
        x.style_header(ws, row, total_cols, 32)
        x.style_header(ws, row + 1, total_cols, 18)
        if not c.criteria_tables:
            return
        lines = c.criteria_tables[0].rows
        for index, line in enumerate(lines):
            r = row + 2 + index
            bold = not line.leaf or line.depth == 0
            _text(ws, r, 1, line.id)
            title = _text(ws, r, 2, line.title, font=x.BOLD if bold else None)
            title.alignment = Alignment(indent=line.depth, wrap_text=True, vertical="top")
            _number(ws.cell(row=r, column=3), _ratio(line.weight), "0.00%")
            cells = [
                t.rows[index].cells[j] for t in c.criteria_tables for j in range(len(t.vendors))
            ]
            for i, cell in enumerate(cells):
                k = len(fixed) + 1 + 2 * i
                _number(ws.cell(row=r, column=k), _ratio(cell.note), PERCENT)
                _number(ws.cell(row=r, column=k + 1), cell.points, self.points)
                if bold:
                    ws.cell(row=r, column=k + 1).font = x.BOLD
            for k in range(1, total_cols + 1):
                ws.cell(row=r, column=k).border = x.BORDER
        x.set_widths(ws, [26, 46, 11, *[11, 11] * len(vendors)])
        ws.freeze_panes = ws.cell(row=row + 2, column=4)
        x.print_setup(ws, f"{row}:{row + 1}")

    # -- sensitivity --------------------------------------------------------------------------
    def sensitivity(self) -> None:
        c, col, w = self.c, self.col, self.w
        ws = self.sheet("sensitivity")
        row = HEADER_ROW
        _text(ws, row, 1, w["tipping_title"], font=x.HEADING_FONT)
        row += 1
        _header(
            ws,
            row,
            [
                col["criterion"],
                col["current_weight"],
                col["tipping_weight"],
                col["change"],
                col["new_winner"],
            ],
        )
        for t in c.tipping:
            row += 1
            _text(ws, row, 1, t.title, font=x.BOLD if t.top_level else None)
            _number(ws.cell(row=row, column=2), _ratio(t.weight), PERCENT)
            _number(ws.cell(row=row, column=3), _ratio(t.tipping), PERCENT)
            if t.change == 0 and t.direction in ("down", "both"):
                # any move that way is enough: the sign says which way (both at a tie today)
                _text(ws, row, 4, "±0.0" if t.direction == "both" else "-0.0")
            else:
                _number(ws.cell(row=row, column=4), t.change, "+0.0;-0.0;+0.0")
            _text(ws, row, 5, t.new_winner or w["no_tipping"])
        row += 2
        _text(ws, row, 1, w["distance_title"], font=x.HEADING_FONT)
        row += 1
        _header(
            ws,
            row,
            [col["vendor"], col["points_behind"], col["price"], col["price_needed"], col["cut"]],
        )
        for d in c.distances:
            row += 1
            _text(ws, row, 1, d.vendor)
            _number(ws.cell(row=row, column=2), d.points_behind, self.points)
            _number(ws.cell(row=row, column=3), d.price, self.money)
            if d.tied:
                _text(ws, row, 4, w["tied"], font=x.ITALIC)
            elif d.price_needed is None and d.price is not None:
                _text(ws, row, 4, w["no_price"], font=x.ITALIC)
            else:
                _number(ws.cell(row=row, column=4), d.price_needed, self.money)
            _number(ws.cell(row=row, column=5), _ratio(d.cut), PERCENT)
        if c.monte_carlo is not None:
            m = c.monte_carlo
            row += 2
            title = x.words(
                w["monte_carlo_title"],
                runs=m.runs,
                spread=Formatter(self.lang).pct(m.spread),
                seed=m.seed,
            )
            _text(ws, row, 1, title, font=x.HEADING_FONT)
            row += 1
            _header(ws, row, [col["vendor"], col["wins"], col["share"]])
            for line in m.lines:
                row += 1
                _text(ws, row, 1, line.vendor)
                _number(ws.cell(row=row, column=2), line.wins, "0")
                _number(ws.cell(row=row, column=3), _ratio(line.share), PERCENT)
        if c.withdrawals:
            row += 2
            _text(ws, row, 1, w["withdrawal_title"], font=x.HEADING_FONT)
            for text in c.withdrawals:
                row += 1
                cell = _text(ws, row, 1, text)
                cell.alignment = x.WRAP
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
                ws.row_dimensions[row].height = x.fit_height([(text, 120)])
        x.set_widths(ws, [46, 16, 18, 22, 24])

    # -- warnings -----------------------------------------------------------------------------
    def warnings(self) -> None:
        c, col, w = self.c, self.col, self.w
        ws = self.sheet("warnings")
        _header(ws, HEADER_ROW, [col["kind"], col["warning"]], 22)
        row = HEADER_ROW
        for message in [*c.legal, *c.warnings]:
            row += 1
            _text(ws, row, 1, w["legal"] if message.kind == "legal" else w["warning"])
            cell = _text(ws, row, 2, message.text)
            cell.alignment = x.WRAP
            ws.cell(row=row, column=1).alignment = x.TOP
            ws.row_dimensions[row].height = x.fit_height([(message.text, 110)])
        if row == HEADER_ROW:
            _text(ws, row + 1, 1, w["none"], font=x.ITALIC)
        x.set_widths(ws, [22, 110])

    # -- method -------------------------------------------------------------------------------
    def method(self) -> None:
        """The method sheet: the declared rules, the price formula, the weights, scale and
        priorities as used, then what was scored with what (project, hash, tool, sources)."""
        c, m = self.c, self.w["method"]
        fmt = Formatter(self.lang)
        ws = self.sheet("method")
        cur = x.Cursor(ws, (34.0, 90.0))
        cur.row = HEADER_ROW
        self._method_rules(cur, fmt)
        self._method_price(cur, fmt)
        cur.line(m["weights"], font=x.HEADING_FONT, gap=1)
        cur.row = self._method_tables(ws, cur.row)
        info = self.report.scoring.project.project
        cur.line(m["project"], f"{info.id}, {info.version}", gap=0)
        cur.line(m["hash"], c.project_hash)
        cur.line(m["tool"], f"cdc {c.tool_version}")
        cur.line(m["sources"], "\n".join(f"{v.vendor}: {v.source}" for v in c.vendors))
        x.set_widths(ws, [34, 90, 14])

    def _method_rules(self, cur: x.Cursor, fmt: Formatter) -> None:
        """The evaluation rules as declared, worded: what a committee checks first."""
        m, L = self.w["method"], self.labels
        ev = self.report.scoring.evaluation
        cur.line(m["rules"], font=x.HEADING_FONT)
        cur.line(m["must"], m["must_eliminates"] if ev.must_eliminates else m["must_kept"])
        cur.line(
            m["min_technical"],
            fmt.pct(ev.min_technical_score) if ev.min_technical_score is not None else m["none"],
        )
        cur.line(m["missing_must"], str(L["missing_must"][ev.missing_must.value]))
        cur.line(m["missing"], str(L["missing_answers"][ev.missing_answers.value]))
        cur.line(
            m["judgement_scale"], x.words(m["judgement_scale_value"], max=ev.judgement_scale_max)
        )
        cur.line(m["aggregation"], str(L["aggregation"][ev.aggregation.value]))
        cur.line(m["divergence"], fmt.pct(ev.divergence_threshold))
        cur.line(
            m["rounding"],
            x.words(
                m["rounding_value"],
                decimals=ev.rounding,
                decimals_words=x.counted(L, "decimals", ev.rounding),
            ),
        )
        cur.line(
            m["tie_break"],
            "\n".join(f"{i}. {L['tie_break'][t.value]}" for i, t in enumerate(ev.tie_break, 1)),
        )

    def _method_price(self, cur: x.Cursor, fmt: Formatter) -> None:
        """The price method, its formula and basis (and band), when the project scores price."""
        m, L = self.w["method"], self.labels
        p = self.report.scoring.evaluation.price
        if p is None:
            return
        cur.line(m["price_method"], font=x.HEADING_FONT, gap=1)
        cur.line(m["price_method"], str(L["price_method"][p.method.value]))
        cur.line(m["price_formula"], str(L["price_formula"][p.method.value]))
        cur.line(
            m["price_basis"],
            x.words(
                m["price_basis_value"],
                years=p.years,
                duration=x.counted(L, "years", p.years),
                vat=L["vat"][p.vat.value],
            ),
        )
        if p.best_price is not None and p.ceiling is not None:
            cur.line(
                m["price_band"],
                x.words(
                    m["price_band_value"],
                    best=fmt.money(p.best_price, self.currency),
                    ceiling=fmt.money(p.ceiling, self.currency),
                ),
            )

    def _method_tables(self, ws: Any, row: int) -> int:
        """The weights, scale and priority coefficients as numbers (sortable, re-addable) from
        ``row``; returns the row after them."""
        col, m, L = self.col, self.w["method"], self.labels
        ev = self.report.scoring.evaluation
        _header(ws, row, [col["id"], col["criterion"], col["weight"]], 20)
        for wc in self.report.scoring.criteria:
            row += 1
            _text(ws, row, 1, wc.criterion.id)
            cell = _text(ws, row, 2, wc.criterion.title, font=x.BOLD if wc.depth == 0 else None)
            cell.alignment = Alignment(indent=wc.depth, wrap_text=True, vertical="top")
            _number(ws.cell(row=row, column=3), wc.absolute, "0.00%")
        row += 2
        _text(ws, row, 1, m["scale"], font=x.HEADING_FONT)
        row += 1
        _header(ws, row, [col["level"], col["points"], col["eliminatory"]], 20)
        for lv in ev.scale:
            row += 1
            _text(ws, row, 1, lv.label)
            _number(ws.cell(row=row, column=2), lv.points / 100, "0%")
            _text(
                ws,
                row,
                3,
                self.w["yes"] if lv.not_compliant and ev.must_eliminates else self.w["no"],
            )
        row += 2
        _text(ws, row, 1, m["priorities"], font=x.HEADING_FONT)
        row += 1
        _header(ws, row, [col["priority"], col["coefficient"]], 20)
        for priority, weight in ev.priority_weights.items():
            row += 1
            _text(ws, row, 1, str(L["priority"][priority.value]))
            _number(ws.cell(row=row, column=2), weight, "0.##")
        return row + 2

    # -- output -------------------------------------------------------------------------------
    def write(self) -> bytes:
        self.ranking()
        self.criteria()
        if self.report.comparison is not None:
            from cdc.rendering.score.xlsx_comparison import comparison_sheet

            comparison_sheet(self.sheet("comparison"), self.report, self.c, self.labels)
        self.sensitivity()
        self.warnings()
        self.method()
        self.wb.active = 0
        info = self.report.scoring.project.project
        # unlike the grids, a report is not protected: the committee may add sheets and notes
        return x.save_workbook(
            self.wb, info.date, title=self.title, author=info.buyer.name, lang=self.lang
        )


def score_xlsx(report: ScoreReport, context: ScoreContext, labels: dict[str, Any]) -> bytes:
    """The report as xlsx bytes (identical for identical input)."""
    return _Book(report, context, labels).write()


__all__ = ["score_xlsx"]
