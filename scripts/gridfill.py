"""Fill a response grid produced by ``cdc render --doc grid``, as a vendor would in Excel.

Shared by the flagship example's script (``scripts/fill_grid.py``) and the benchmark generator
(``benchmarks/generate.py``). The filler finds its way with the grid's hidden ``cdc`` sheet, as
a vendor's tool could; the reader never does (it rebuilds the layout from the project, see
:mod:`cdc.grid.layout`), so a filler that trusted a wrong record would be caught.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from cdc.model import Project
from cdc.model.enums import ResponseType
from cdc.rendering.context import build_context
from cdc.rendering.templating import load_labels
from cdc.rendering.xlsx import workbook_bytes
from cdc.rendering.xlsx_grid import grid_xlsx


def blank_grid(project: Project) -> bytes:
    """The grid cdc would render for ``project``."""
    labels = load_labels(project.project.language.value)
    return grid_xlsx(build_context(project, labels, "grid"))


def fill_grid(
    project: Project,
    vendor: str,
    answers: dict[str, str],
    prices: list[dict[str, Any]],
    *,
    blank: bytes | None = None,
    cells: dict[str, dict[str, Any]] | None = None,
    question_answer: str | None = None,
) -> bytes:
    """A filled grid.

    ``answers`` maps requirement ids to scale level ids (or ``yes``/``no``); ``cells`` adds, per
    requirement id, values for the other answer columns (``comment``, ``proof``,
    ``extra_cost``, ``roadmap_date``); ``question_answer`` answers every open question.
    """
    cells = cells or {}
    wb = openpyxl.load_workbook(io.BytesIO(blank or blank_grid(project)))
    records: dict[tuple[str, str], tuple[Any, Any]] = {}
    for row in wb["cdc"].iter_rows(min_row=2, values_only=True):
        records[(str(row[0]), str(row[1]))] = (row[2], row[3])

    def of(record: str) -> dict[str, str]:
        return {key: str(v) for (rec, key), (v, _) in records.items() if rec == record}

    name_sheet, name_cell = records[("input", "vendor_name")]
    wb[str(name_sheet)][str(name_cell)] = vendor
    sheet = wb[of("sheet")["requirements"]]
    column, shown, yes_no = of("column"), of("scale"), of("yes_no")
    requirements = {r.id: r for r in project.requirements}
    for row in range(2, sheet.max_row + 1):
        rid = sheet[f"{column['id']}{row}"].value
        if rid not in requirements:
            continue
        if rid in answers:
            level = answers[rid]
            is_yes_no = requirements[rid].response is ResponseType.yes_no
            text = yes_no.get(level) if is_yes_no else shown.get(level)
            sheet[f"{column['answer']}{row}"] = text or level
        for key, value in cells.get(rid, {}).items():
            sheet[f"{column[key]}{row}"] = value
    price = wb[of("sheet")["price"]]
    first = int(str(records[("price", "first_row")][1]))
    last = int(str(records[("price", "last_row")][1]))
    kinds = of("price_type")
    for row in range(first, last + 1):
        for col in "ABCDH":
            price[f"{col}{row}"] = None
    for offset, line in enumerate(prices):
        row = first + offset
        price[f"A{row}"] = line["label"]
        price[f"B{row}"] = kinds[line["kind"]]
        price[f"C{row}"] = line["unit_price"]
        price[f"D{row}"] = line.get("quantity", 1)
    if question_answer:
        questions = wb[of("sheet")["questions"]]
        for (rec, _), (_, row) in records.items():
            if rec == "question" and isinstance(row, int):
                questions[f"C{row}"] = question_answer
    lang = project.project.language.value
    return workbook_bytes(wb, project.project.date, title=vendor, author=vendor, lang=lang)
