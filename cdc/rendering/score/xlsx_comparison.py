"""The score workbook's comparison sheet: all bids side by side, the way buyers build it by hand.

One sheet. At the top, what separated the bids: above each other bid's columns, the items where
the winner gained the most points over it (:func:`~cdc.scoring.comparison.decisive_differences`,
as the documents list them). Below, one row per requirement (and one per judgement or price
criterion), in tree order: section, criterion, reference, title, priority, then for each bid its
level, points, points possible, comment and proof, then the winner's gain over each other bid.
The table has filters and frozen panes (headers and titles stay in view); levels are coloured by
conditional formatting on the scale's labels, so a level the committee corrects by hand takes
its colour. Vendor text goes through :func:`cdc.rendering.xlsx.safe_text`: never a formula.
Points are rounded as published: a filtered column's subtotal of gains gives the gap.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cdc.rendering import xlsx as x
from cdc.rendering.fmt import Formatter
from cdc.rendering.score.comparison import TOP_ADVANTAGES
from cdc.rendering.score.context_types import ScoreContext
from cdc.scoring.comparison import Comparison, CriterionRow, RequirementRow, differences
from cdc.scoring.report import ScoreReport

#: Columns before the bids' columns, and columns per bid.
FIXED = 5
PER_BID = 5
#: Advantages shown above each other bid's columns (the frozen rows stay short).
TOP = min(5, TOP_ADVANTAGES)
HEADING_ROW = 4
TABLE_HEADING = HEADING_ROW + TOP + 4
GREEN = PatternFill("solid", fgColor="C6EFCE")
PALE_GREEN = PatternFill("solid", fgColor="E2EFDA")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
RED = PatternFill("solid", fgColor="FFC7CE")
WRAP = Alignment(wrap_text=True, vertical="top")


def _fill(points: Decimal) -> PatternFill:
    """A level's colour by its points: full, half or more, some, none."""
    if points >= 100:
        return GREEN
    if points >= 50:
        return PALE_GREEN
    return YELLOW if points > 0 else RED


def _text(ws: Any, row: int, col: int, value: str | None, font: Any = None) -> Any:
    cell = ws.cell(row=row, column=col)
    x.safe_text(cell, value)
    cell.alignment = WRAP
    if font is not None:
        cell.font = font
    return cell


def _number(ws: Any, row: int, col: int, value: Decimal | None, number_format: str) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = None if value is None else float(value)
    cell.number_format = number_format
    cell.alignment = Alignment(vertical="top")
    return cell


class ComparisonSheet:
    """Writes the comparison sheet of one report into ``ws``."""

    def __init__(
        self, ws: Any, report: ScoreReport, context: ScoreContext, labels: dict[str, Any]
    ) -> None:
        self.ws = ws
        self.report = report
        self.s = report.scoring
        self.c = context
        self.w: dict[str, str] = labels["score"]["xlsx"]["comparison"]
        self.labels = labels
        info = self.s.project.project
        self.fmt = Formatter(info.language.value)
        self.money = x.money_format(info.language.value, info.currency)
        self.points = "0." + "0" * context.decimals if context.decimals > 0 else "0"

    def write(self, comparison: Comparison) -> None:
        """The advantages at the top, then the table with filters and frozen panes."""
        ws = self.ws
        winner = comparison.winner
        others = [b.vendor for b in comparison.bids if b.vendor != winner] if winner else []
        if winner is None:
            _text(ws, HEADING_ROW, 1, self.w["none"], font=x.ITALIC)
        else:
            self.advantages(comparison, winner)
        last = self.table(comparison, winner, others)
        widths = [24, 24, 11, 40, 12, *[16, 10, 11, 36, 24] * len(comparison.bids)]
        x.set_widths(ws, [*widths, *[14] * len(others)])
        ws.freeze_panes = ws.cell(row=TABLE_HEADING + 2, column=FIXED)
        x.print_setup(ws, f"{TABLE_HEADING + 1}:{TABLE_HEADING + 1}")
        columns = FIXED + PER_BID * len(comparison.bids) + len(others)
        ws.auto_filter.ref = (
            f"A{TABLE_HEADING + 1}:{get_column_letter(columns)}{max(last, TABLE_HEADING + 2)}"
        )

    # -- what separated the bids ----------------------------------------------------------------
    def advantages(self, comparison: Comparison, winner: str) -> None:
        """Above each other bid's columns: Ref., gain, item, both answers; largest gain first."""
        ws, w = self.ws, self.w
        heading = _text(ws, HEADING_ROW, 1, x.words(w["advantages"], winner=winner))
        heading.font, heading.alignment = x.HEADING_FONT, x.TOP  # a title runs over, unwrapped
        col = self.labels["score"]["xlsx"]["column"]
        index = {b.vendor: i for i, b in enumerate(comparison.bids)}
        for a in self.c.advantages:
            first = FIXED + 1 + PER_BID * index[a.other]
            head = x.words(w["against"], winner=winner, vendor=a.other)
            _text(ws, HEADING_ROW + 1, first, head)
            ws.merge_cells(
                start_row=HEADING_ROW + 1,
                start_column=first,
                end_row=HEADING_ROW + 1,
                end_column=first + PER_BID - 1,
            )
            titles = [w["id"], col["points"], None, w["item"], f"{winner} / {a.other}"]
            for k, title in enumerate(titles):
                _text(ws, HEADING_ROW + 2, first + k, title)
            for r, line in enumerate(a.lines[:TOP], start=HEADING_ROW + 3):
                _text(ws, r, first, line.id if line.kind == "requirement" else None)
                _number(ws, r, first + 1, line.gain, self.points).fill = GREEN
                _text(ws, r, first + 3, line.title)
                answers = f"{line.winner or '—'} / {line.other or '—'}"
                _text(ws, r, first + 4, answers)
                texts = [(line.title, 36.0), (answers, 24.0)]
                height = max(x.fit_height(texts), ws.row_dimensions[r].height or 0)
                ws.row_dimensions[r].height = height
            for r in range(HEADING_ROW + 1, HEADING_ROW + 3):
                for k in range(PER_BID):
                    cell = ws.cell(row=r, column=first + k)
                    cell.font = x.HEADER_FONT
                    cell.fill = x.HEADER_FILL

    # -- the table ------------------------------------------------------------------------------
    def table(self, comparison: Comparison, winner: str | None, others: list[str]) -> int:
        """One row per item, in tree order; returns the last row written."""
        ws, w = self.ws, self.w
        heading = _text(ws, TABLE_HEADING, 1, w["table"])
        heading.font, heading.alignment = x.HEADING_FONT, x.TOP
        head = TABLE_HEADING + 1
        titles = [w["section"], w["criterion"], w["id"], w["item"], w["priority"]]
        for b in comparison.bids:
            titles += [
                x.words(w[k], vendor=b.vendor)
                for k in ("level", "points", "max_points", "comment", "proof")
            ]
        titles += [x.words(w["gain"], winner=winner or "", vendor=o) for o in others]
        for k, title in enumerate(titles, start=1):
            _text(ws, head, k, title)
        x.style_header(ws, head, len(titles), 62)
        gains = self.gains(comparison, winner, others)
        parents = {c.id: c.parent for c in comparison.criteria}
        titles_by_id = {c.id: c.title for c in comparison.criteria}
        row = head
        for c in comparison.criteria:
            if c.kind is None:
                continue
            top = c.id
            while parents.get(top) is not None:
                top = str(parents[top])
            where = (titles_by_id[top], c.title)
            if c.kind == "requirements":
                for r in c.requirements:
                    row += 1
                    self.requirement(row, where, r, [gains[o].get(r.id) for o in others])
            else:
                row += 1
                self.criterion(row, where, comparison, c, [gains[o].get(c.id) for o in others])
        for r in comparison.unscored:
            row += 1
            self.requirement(row, ("", w["unscored"]), r, [None] * len(others))
        self.colours(comparison, head + 1, row, len(others))
        self.heights(comparison, head + 1, row)
        return row

    def heights(self, comparison: Comparison, first: int, last: int) -> None:
        """Rows tall enough for their wrapped texts (applications do not re-fit them)."""
        widths = {4: 40.0}
        for i in range(len(comparison.bids)):
            start = FIXED + 1 + PER_BID * i
            widths |= {start: 16.0, start + 3: 36.0, start + 4: 24.0}
        for r in range(first, last + 1):
            texts = [(str(self.ws.cell(row=r, column=k).value or ""), w) for k, w in widths.items()]
            self.ws.row_dimensions[r].height = x.fit_height(texts)

    def gains(
        self, comparison: Comparison, winner: str | None, others: list[str]
    ) -> dict[str, dict[str, Decimal]]:
        """The winner's gain over each other bid, item by item (rounded as published)."""
        if winner is None:
            return {}
        return {
            o: {d.id: self.s.round(d.gain) for d in differences(comparison, winner, o)}
            for o in others
        }

    def _fixed(self, row: int, where: tuple[str, str], ref: str, title: str, kind: str) -> None:
        for k, value in enumerate((*where, ref, title, kind), start=1):
            _text(self.ws, row, k, value)

    def _gains(self, row: int, first: int, gains: list[Decimal | None]) -> None:
        for k, gain in enumerate(gains):
            _number(self.ws, row, first + k, gain, self.points)

    def requirement(
        self, row: int, where: tuple[str, str], r: RequirementRow, gains: list[Decimal | None]
    ) -> None:
        """A requirement: each bid's level, points, points possible, comment and proof."""
        priority = str(self.labels["priority"].get(r.priority, r.priority))
        self._fixed(row, where, r.id, r.title, priority)
        scored = r.criterion is not None and any(a.max_points > 0 or a.excluded for a in r.bids)
        for i, a in enumerate(r.bids):
            first = FIXED + 1 + PER_BID * i
            level = a.level_label or a.answer
            if level is None and scored:
                level = self.w["no_answer"]
            _text(self.ws, row, first, level)
            if scored:
                _number(self.ws, row, first + 1, self.s.round(a.points), self.points)
                _number(self.ws, row, first + 2, self.s.round(a.max_points), self.points)
            _text(self.ws, row, first + 3, a.comment)
            _text(self.ws, row, first + 4, a.proof)
        self._gains(row, FIXED + 1 + PER_BID * len(r.bids), gains)

    def criterion(
        self,
        row: int,
        where: tuple[str, str],
        comparison: Comparison,
        c: CriterionRow,
        gains: list[Decimal | None],
    ) -> None:
        """A judgement criterion (note, evaluators' notes and reasons) or the price (total)."""
        w = self.w
        self._fixed(row, where, c.id, c.title, w["price" if c.kind == "price" else "judgement"])
        judged = {j.vendor: j for j in c.judgements}
        for i, b in enumerate(c.bids):
            first = FIXED + 1 + PER_BID * i
            if c.kind == "price":
                _number(self.ws, row, first, comparison.price_totals.get(b.vendor), self.money)
            else:
                note = None if b.note is None else b.note
                _number(self.ws, row, first, note, "0.0%")
                j = judged.get(b.vendor)
                if j is not None:
                    _text(self.ws, row, first + 3, self.notes(j.notes))
            _number(self.ws, row, first + 1, self.s.round(b.points), self.points)
            _number(self.ws, row, first + 2, self.s.round(c.max_points), self.points)
        self._gains(row, FIXED + 1 + PER_BID * len(c.bids), gains)

    def notes(self, notes: Any) -> str:
        """The evaluators' notes and their reasons, one per line."""
        names = {e.id: e.name for e in self.s.evaluation.evaluators}
        lines = []
        for n in notes:
            decimals = len(f"{n.note.normalize():f}".partition(".")[2])
            values = {
                "evaluator": names.get(n.evaluator, n.evaluator),
                "note": self.fmt.number(n.note, decimals),
                "comment": n.comment or (self.w[n.flag] if n.flag else ""),
            }
            said = n.comment or n.flag
            lines.append(x.words(self.w["note_comment" if said else "note"], **values))
        return "\n".join(lines)

    def colours(self, comparison: Comparison, first: int, last: int, others: int) -> None:
        """Levels coloured by their points, gains green or red: conditional formats."""
        if last < first:
            return
        ws = self.ws
        for i in range(len(comparison.bids)):
            letter = get_column_letter(FIXED + 1 + PER_BID * i)
            cells = f"{letter}{first}:{letter}{last}"
            for level in self.s.evaluation.scale:
                label = '"' + level.label.replace('"', '""') + '"'
                rule = CellIsRule(operator="equal", formula=[label], fill=_fill(level.points))
                ws.conditional_formatting.add(cells, rule)
        for k in range(others):
            letter = get_column_letter(FIXED + 1 + PER_BID * len(comparison.bids) + k)
            cells = f"{letter}{first}:{letter}{last}"
            ws.conditional_formatting.add(
                cells, CellIsRule(operator="greaterThan", formula=["0"], fill=GREEN)
            )
            ws.conditional_formatting.add(
                cells,
                CellIsRule(operator="lessThan", formula=["0"], fill=RED, font=Font(color="9C0006")),
            )
        for r in range(first, last + 1):
            for k in range(1, FIXED + PER_BID * len(comparison.bids) + others + 1):
                ws.cell(row=r, column=k).border = x.BORDER


def comparison_sheet(
    ws: Any, report: ScoreReport, context: ScoreContext, labels: dict[str, Any]
) -> None:
    """Fill ``ws`` with the bids side by side (nothing but a note when nothing was compared)."""
    if report.comparison is None:
        return
    ComparisonSheet(ws, report, context, labels).write(report.comparison)


__all__ = ["ComparisonSheet", "comparison_sheet"]
