"""The score report's tables fitted to an A4 page: criteria × vendors, and ranking column widths.

Split from :mod:`cdc.rendering.score.context` because it is page geometry (how many vendors fit,
how wide a header word is in bold type), not the wording or rounding of results.
"""

from __future__ import annotations

from decimal import Decimal

from cdc.analysis.figures import WeightedCriterion
from cdc.rendering.score.charts import text_width
from cdc.rendering.score.context_types import CriteriaTable, CriterionLine, ScoreCell, VendorLine
from cdc.scoring.report import ScoreReport
from cdc.scoring.results import Scoring, VendorResult, leaves_under

#: Vendors per criteria table: more would not fit the width of an A4 page.
VENDORS_PER_TABLE = 4

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE_DECIMAL = Decimal("0.1")


def share(points: Decimal, maximum: Decimal) -> Decimal | None:
    """``points`` as % of ``maximum`` (1 decimal); None where there is no maximum to divide by."""
    if maximum <= 0:
        return None
    return (points / maximum * HUNDRED).quantize(ONE_DECIMAL)


#: Width of the text of an A4 page and size of table headers in the PDF (mm, points).
_PAGE_MM = 176.0
_HEADER_PT = 8.84
_PT_MM = 0.3528


def ranking_widths(titles: list[str], vendors: list[str]) -> str:
    """Column widths of the ranking table (mm), so that no header word has to be cut.

    Rank, total, technical score and price get fixed widths; each section column is at least as
    wide as the longest word of its title in bold header type, the vendor column as its longest
    name (within limits); what is left of the page is shared between them.
    """
    fixed = {"rank": 14.0, "total": 15.0, "technical": 21.0, "price": 24.0}
    pad = 3.5

    def longest_word(text: str) -> float:
        words = text.split() or [""]
        return max(text_width(w, _HEADER_PT, bold=True) for w in words) * _PT_MM + pad

    sections = [max(15.0, longest_word(t)) for t in titles]
    names = [text_width(v, _HEADER_PT) * _PT_MM + pad for v in vendors]
    vendor = min(45.0, max([28.0, *names]))
    left = _PAGE_MM - sum(fixed.values()) - sum(sections) - vendor
    if left > 0:
        extra = left / (len(sections) + 1)
        sections = [w + extra for w in sections]
        vendor += extra
    columns = [fixed["rank"], vendor, fixed["total"], *sections, fixed["technical"], fixed["price"]]
    return ",".join(str(round(c)) for c in columns)


def criteria_tables(report: ScoreReport, vendors: list[VendorLine]) -> list[CriteriaTable]:
    """Criteria × vendors, split so that a table keeps to the width of a page."""
    s = report.scoring
    results = {v.vendor: v for v in report.vendors}
    chunks = [vendors[i : i + VENDORS_PER_TABLE] for i in range(0, len(vendors), VENDORS_PER_TABLE)]
    tables = []
    for part, chunk in enumerate(chunks, start=1):
        rows = [
            CriterionLine(
                id=c.criterion.id,
                title=c.criterion.title,
                depth=c.depth,
                leaf=c.is_leaf,
                kind=c.kind.value if c.kind else None,
                weight=(c.absolute * HUNDRED).quantize(Decimal("0.01")),
                cells=[_cell(s, c, results[v.vendor]) for v in chunk],
            )
            for c in s.criteria
        ]
        vendor_w = 14 if len(chunk) > 2 else 19
        head = "34,10" if len(chunk) > 2 else "50,12"
        widths = ",".join([head, *([str(vendor_w)] * len(chunk))])
        tables.append(CriteriaTable(chunk, rows, part, len(chunks), widths))
    return tables


def _cell(s: Scoring, c: WeightedCriterion, result: VendorResult) -> ScoreCell:
    """One vendor on one criterion: a leaf prints its own note; a section, which has no note of
    its own, the share of its maximum that its leaves' points make."""
    if c.is_leaf:
        score = result.criteria.get(c.criterion.id)
        note = (
            None
            if score is None or score.note is None
            else (score.note * HUNDRED).quantize(ONE_DECIMAL)
        )
        points = score.points if score is not None else ZERO
    else:
        points = sum(
            (
                result.criteria[leaf.criterion.id].points
                for leaf in leaves_under(s, c.criterion.id)
                if leaf.criterion.id in result.criteria
            ),
            ZERO,
        )
        note = share(points, c.absolute * HUNDRED)
    return ScoreCell(note, s.round(points))


__all__ = [
    "HUNDRED",
    "ONE_DECIMAL",
    "VENDORS_PER_TABLE",
    "ZERO",
    "criteria_tables",
    "ranking_widths",
    "share",
]
