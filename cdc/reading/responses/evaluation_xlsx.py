"""Read the evaluation grid the committee filled: one sheet per evaluator, notes per vendor.

The buyer's own file, less exposed than a vendor's grid, but read with the same care: notes
are numbers within the project's judgement scale (never the file's), every problem is located.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from cdc.core.errors import InputError
from cdc.model import Project
from cdc.model.responses import EvaluatorNotes, Note
from cdc.reading.responses import _xlsx_values
from cdc.reading.responses._grid_cells import (
    Problems,
    number,
    open_workbook,
    read_sheet,
    records_of,
    text,
)


def read_evaluation_grid(path: Path, project: Project) -> list[EvaluatorNotes]:
    """Every evaluator sheet of a filled evaluation grid (notes within the project's scale)."""
    wb = open_workbook(path)
    records = records_of(wb, path, "evaluation")
    problems = Problems(path)
    header = records.extra("layout", "header_row")
    first_col = str(records.get("layout", "first_vendor_column") or "E")
    count = records.extra("layout", "vendor_columns")
    comment_col = str(records.get("layout", "comment_column") or "K")
    evaluation = project.evaluation
    scale_max = evaluation.judgement_scale_max if evaluation else 0
    if (
        not isinstance(header, int | float)
        or not isinstance(count, int | float)
        or not 0 < header < 1000
        or not 0 < count < 1000
        or not re.fullmatch(r"[A-Z]{1,2}", first_col)
        or not re.fullmatch(r"[A-Z]{1,2}", comment_col)
    ):
        raise InputError(f"{path}: the hidden sheet does not describe the layout")
    start = _xlsx_values.column_index(first_col)
    criteria = {
        cid: int(row)
        for cid, (_, row, _) in records.items("criterion")
        if isinstance(row, int | float) and 0 < row < 1_000_000
    }
    out = []
    for evaluator, (sheet_name, _, _) in records.items("evaluator"):
        ws = read_sheet(wb, path, str(sheet_name)) if sheet_name in wb.sheetnames else None
        if ws is None:
            raise InputError(
                f"{path}: sheet '{sheet_name}' is missing (was it renamed or deleted?)"
            )
        notes: list[Note] = []
        for n in range(int(count)):
            letter = _xlsx_values.column_letter(start + n)
            vendor = text(ws[f"{letter}{int(header)}"].value)
            if vendor is None:
                continue
            for cid, row in criteria.items():
                try:
                    value = number(ws[f"{letter}{row}"].value, "a note", high=scale_max)
                except ValueError as exc:
                    problems.add(ws.title, f"{letter}{row}", str(exc))
                    continue
                try:
                    notes.append(
                        Note(
                            vendor=vendor,
                            criterion=cid,
                            note=value,
                            comment=text(ws[f"{comment_col}{row}"].value),
                        )
                    )
                except ValidationError as exc:
                    problems.add(ws.title, f"{letter}{row}", exc.errors()[0]["msg"])
        try:
            out.append(EvaluatorNotes(evaluator=evaluator, notes=notes))
        except ValidationError as exc:
            problems.add(ws.title, None, exc.errors()[0]["msg"])
    problems.raise_if_any()
    return out
