"""The price sheet of a returned grid: every price line, wherever the vendor put it.

Split from :mod:`cdc.reading.responses.xlsx_reader`. The price table is found by its header (the unit
price column's title, as cdc wrote it), then read to the sheet's last row, so lines the vendor
inserted or moved are read; what looks like a price outside the table (above the header, right
of it) is refused with its cell, never dropped, and formulas are accepted only in the columns
cdc computes.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import ValidationError

from cdc.grid.layout import PRICE_HEADER_ROW
from cdc.model._base import MAX_MONEY, MAX_QUANTITY
from cdc.model.responses import PriceKind, PriceLine
from cdc.reading.responses._grid_cells import (
    Problems,
    folded,
    number,
    refuse_controls,
    refuse_formulas,
    text,
)
from cdc.reading.responses._xlsx_values import Sheet
from cdc.reading.responses.grid_expected import Expected

_COLUMN = re.compile(r"([A-Z]+)([0-9]+)")
#: Price sheet columns cdc fills with formulas (line total, years counted, total over the period).
_COMPUTED = "EFG"


def read_prices(
    ws: Sheet, want: Expected, kinds: dict[str, str], problems: Problems
) -> list[PriceLine]:
    """Every priced line of the price sheet, wherever it is below the header row.

    The sheet is scanned to its last row rather than over the rows cdc prepared: lines the
    vendor inserted (or moved) are read, never dropped. A line is a row with a unit price;
    a line total typed without a unit price is refused rather than ignored.
    """
    refuse_controls(ws, "ABCDEFGH", problems)
    refuse_formulas(ws, _COMPUTED, problems)
    header = _header_row(ws, want)
    if header is None:
        problems.add(
            ws.title,
            f"C{PRICE_HEADER_ROW}",
            f"the price table's header ('{want.unit_header}' in column C) is not found: were "
            "columns moved? Keep the columns as cdc wrote them",
        )
        return []
    _outside_table(ws, header, kinds, problems)
    out: list[PriceLine] = []
    for row in range(header + 1, ws.max_row + 1):
        line = _price_line(ws, row, kinds, want.language, problems)
        if line is not None:
            out.append(line)
    return out


def _header_row(ws: Sheet, want: Expected) -> int | None:
    """The row of the price table's titles: found by the unit price column's title as cdc wrote
    it, else (a grid worded with the buyer's labels) the first row of titles in columns A–E."""
    header = next(
        (
            row
            for row in range(1, min(ws.max_row, 100) + 1)
            if folded(ws[f"C{row}"].value).casefold() == want.unit_header
        ),
        None,
    )
    if header is None:
        header = next(
            (
                row
                for row in range(1, min(ws.max_row, 100) + 1)
                if all(isinstance(ws[f"{c}{row}"].value, str) for c in "ABCDE")
            ),
            None,
        )
    return header


def _price_line(
    ws: Sheet, row: int, kinds: dict[str, str], lang: str, problems: Problems
) -> PriceLine | None:
    """One row of the table as a price line; None for a row without a unit price (blank, or a
    total typed alone, which is refused) or a row with a problem, recorded at its cell."""
    label = text(ws[f"A{row}"].value)
    try:
        unit = number(ws[f"C{row}"].value, "a unit price", high=MAX_MONEY, lang=lang)
    except ValueError as exc:
        problems.add(ws.title, f"C{row}", str(exc))
        return None
    if unit is None:
        try:
            total = number(ws[f"E{row}"].value, "a total", high=MAX_MONEY * MAX_QUANTITY, lang=lang)
        except ValueError:
            total = Decimal(1)
        if total:
            problems.add(
                ws.title,
                f"E{row}",
                f"a total without a unit price in C{row}: enter the unit "
                "price and the quantity (the total is computed)",
            )
        return None
    try:
        quantity = number(ws[f"D{row}"].value, "a quantity", high=MAX_QUANTITY, lang=lang)
    except ValueError as exc:
        problems.add(ws.title, f"D{row}", str(exc))
        return None
    kind_text = text(ws[f"B{row}"].value)
    kind = kinds.get(folded(kind_text).casefold()) if kind_text else None
    if kind is None:
        problems.add(
            ws.title,
            f"B{row}",
            f"choose one-off or recurring for '{(label or 'this line')[:60]}'",
        )
        return None
    try:
        return PriceLine(
            label=label or f"line {row}",
            kind=PriceKind(kind),
            unit_price=unit,
            quantity=Decimal(1) if quantity is None else quantity,
            notes=text(ws[f"H{row}"].value),
        )
    except ValidationError as exc:
        problems.add(ws.title, f"A{row}", exc.errors()[0]["msg"])
        return None


def _outside_table(ws: Sheet, header: int, kinds: dict[str, str], problems: Problems) -> None:
    """What looks like a price line outside the price table is refused, never dropped.

    Above the header cdc writes only the title, notes and the number of years (column B);
    a unit price, quantity or total there (columns C to G), a line type in column B, or a
    number right of the table (beyond column H) would be a price nobody reads.
    """
    reported: set[int] = set()  # one message per row
    cells = ((_COLUMN.fullmatch(coordinate), value) for coordinate, value in ws.values.items())
    located = sorted(
        (int(m.group(2)), len(m.group(1)), m.group(1), value) for m, value in cells if m
    )
    for row, _, column, value in located:
        coordinate = f"{column}{row}"
        if row in reported:
            continue
        kind_word = isinstance(value, str) and folded(value).casefold() in kinds
        if row < header and (column in "CDEFG" or (column == "B" and kind_word)):
            reported.add(row)
            problems.add(
                ws.title,
                coordinate,
                f"a price line above the price table's header (row {header}) is not read: "
                "move it into the table, below the header",
            )
        elif len(column) > 1 or column > "H":
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            if is_number or kind_word:
                reported.add(row)
                problems.add(
                    ws.title,
                    coordinate,
                    "a price outside the price table (columns A to H) is not read: move it "
                    "into the table",
                )
