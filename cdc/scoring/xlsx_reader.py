"""Read response grids (and evaluation grids) filled in Excel or LibreOffice Calc.

The layout is never assumed: the grid's hidden ``cdc`` sheet lists the sheets, columns, answer
values, each requirement's hash and the price rows (see :mod:`cdc.render.xlsx_grid`). Answers
are matched by the id written in each row, not by row position, so a vendor who sorted or
filtered the sheet is read correctly; values are read as values (formulas are never
evaluated), and a grid re-saved by LibreOffice or Excel reads the same. Every problem is
reported with file, sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cdc.errors import InputError
from cdc.model import Project
from cdc.scoring import _xlsx_values
from cdc.scoring.inputs import (
    Answer,
    AnsweredVersion,
    EvaluatorNotes,
    Note,
    PriceKind,
    PriceLine,
    QuestionAnswer,
    Response,
)

HIDDEN = "cdc"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted (password-protected) Office files


@dataclass
class _Records:
    """The hidden sheet, as record → key → (value, extra)."""

    rows: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)

    def get(self, record: str, key: str) -> Any:
        return self.rows.get(record, {}).get(key, (None, None))[0]

    def extra(self, record: str, key: str) -> Any:
        return self.rows.get(record, {}).get(key, (None, None))[1]

    def items(self, record: str) -> list[tuple[str, tuple[Any, Any]]]:
        return list(self.rows.get(record, {}).items())


class _Problems:
    """Collects located problems; raises one InputError listing them all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, sheet: str, cell: str, message: str) -> None:
        self.lines.append(f"{self.path}: sheet '{sheet}', cell {cell}: {message}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise InputError("\n".join(self.lines))


def _open(path: Path) -> Any:
    """Open a workbook by values; refuse what is not a readable XLSX with a clear reason."""
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if head == OLE_MAGIC:
        raise InputError(
            f"{path}: the workbook is password-protected (encrypted) or in the old .xls format; "
            "save it as an unprotected .xlsx"
        )
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an XLSX workbook (it is not a zip package)")
    try:
        return _xlsx_values.load(path)
    except (_xlsx_values.XlsxFormatError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the workbook ({exc})") from exc


def _records(wb: Any, path: Path, kind: str) -> _Records:
    if HIDDEN not in wb.sheetnames:
        raise InputError(
            f"{path}: no hidden '{HIDDEN}' sheet: not a grid produced by 'cdc render --doc {kind}'"
        )
    records = _Records()
    for row in _read_sheet(wb, path, HIDDEN).rows(min_row=2):
        if not row or row[0] is None:
            continue
        record, key = str(row[0]), "" if row[1] is None else str(row[1])
        value = row[2] if len(row) > 2 else None
        extra = row[3] if len(row) > 3 else None
        records.rows.setdefault(record, {})[key] = (value, extra)
    found = records.get("meta", "kind")
    if found != kind:
        raise InputError(f"{path}: this workbook is a cdc '{found}' grid, not a '{kind}' grid")
    return records


def _sheet(wb: Any, path: Path, name: Any) -> Any:
    if not isinstance(name, str) or name not in wb.sheetnames:
        raise InputError(f"{path}: sheet '{name}' is missing (was it renamed or deleted?)")
    return _read_sheet(wb, path, name)


def _read_sheet(wb: _xlsx_values.Workbook, path: Path, name: str) -> _xlsx_values.Sheet:
    """A sheet's values; a broken sheet part is the user's file problem, not a crash."""
    try:
        return wb[name]
    except (_xlsx_values.XlsxFormatError, ValueError) as exc:
        raise InputError(f"{path}: sheet '{name}' cannot be read ({exc})") from exc


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(value: Any) -> Decimal | None:
    """A cell read as a number; text that is not a number raises ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("a number is expected")
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"a number is expected, not '{value}'") from None


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"a date is expected (YYYY-MM-DD), not '{value}'") from None


def _reverse(records: _Records, record: str) -> dict[str, str]:
    """Displayed text (case-insensitive) → id, for one of the drop-down lists."""
    out: dict[str, str] = {}
    for key, (value, _) in records.items(record):
        out[key.casefold()] = key
        if value is not None:
            out[str(value).strip().casefold()] = key
    return out


def read_grid(path: Path, project: Project) -> Response:
    """A vendor's filled response grid as a :class:`Response`."""
    wb = _open(path)
    records = _records(wb, path, "grid")
    problems = _Problems(path)
    answers = _answers(wb, path, records, project, problems)
    prices = _prices(wb, path, records, problems)
    questions = _questions(wb, path, records)
    problems.raise_if_any()
    vendor = None
    sheet_name, coordinate = (
        records.get("input", "vendor_name"),
        records.extra("input", "vendor_name"),
    )
    if isinstance(sheet_name, str) and sheet_name in wb.sheetnames and coordinate:
        vendor = _text(_read_sheet(wb, path, sheet_name)[str(coordinate)].value)
    version = AnsweredVersion(
        id=str(records.get("meta", "project_id") or "?"),
        version=str(records.get("meta", "project_version") or "?"),
        hash=_text(records.get("meta", "content_hash")),
        requirements={k: str(v) for k, (v, _) in records.items("requirement") if v is not None},
    )
    return Response(
        vendor=vendor or path.stem,
        project=version,
        answers=answers,
        prices=prices,
        questions=questions,
    )


def _answers(
    wb: Any, path: Path, records: _Records, project: Project, problems: _Problems
) -> list[Answer]:
    ws = _sheet(wb, path, records.get("sheet", "requirements"))
    columns = {key: str(value) for key, (value, _) in records.items("column")}
    id_col = columns.get("id", "A")
    header = _text(ws[f"{id_col}1"].value)
    if header is None:
        raise InputError(
            f"{path}: sheet '{ws.title}', cell {id_col}1: the id column header is missing"
        )
    scale = _reverse(records, "scale")
    yes_no = _reverse(records, "yes_no")
    requirements = {r.id: r for r in project.requirements}
    seen: dict[str, int] = {}
    out: list[Answer] = []
    for row in range(2, ws.max_row + 1):
        rid = _text(ws[f"{id_col}{row}"].value)
        if rid is None:
            continue
        if rid not in requirements:
            if rid in {k for k, _ in records.items("requirement")}:
                continue  # a requirement removed from the project since: ignored
            problems.add(ws.title, f"{id_col}{row}", f"unknown requirement id '{rid}'")
            continue
        if rid in seen:
            problems.add(
                ws.title,
                f"{id_col}{row}",
                f"requirement {rid} appears twice (also row {seen[rid]})",
            )
            continue
        seen[rid] = row
        req = requirements[rid]

        def cell(key: str, row: int = row) -> tuple[str, Any]:
            coordinate = f"{columns.get(key, '')}{row}"
            return coordinate, ws[coordinate].value if columns.get(key) else None

        answer_cell, raw = cell("answer")
        compliance: str | None = None
        value: Decimal | None = None
        text = _text(raw)
        if text is not None:
            kind = req.response.value
            if kind == "compliance":
                compliance = scale.get(text.casefold())
                if compliance is None:
                    allowed = ", ".join(str(v) for _, (v, _) in records.items("scale"))
                    problems.add(
                        ws.title,
                        answer_cell,
                        f"{rid}: unknown compliance value '{text}' (expected one of {allowed})",
                    )
            elif kind == "yes_no":
                compliance = yes_no.get(text.casefold())
                if compliance is None:
                    problems.add(ws.title, answer_cell, f"{rid}: expects yes or no, not '{text}'")
            elif kind in ("number", "price"):
                try:
                    value = _number(raw)
                except ValueError as exc:
                    problems.add(ws.title, answer_cell, f"{rid}: {exc}")
        extra_cell, extra_raw = cell("extra_cost")
        date_cell, date_raw = cell("roadmap_date")
        try:
            extra = _number(extra_raw)
            if extra is not None and extra < 0:
                raise ValueError("an extra cost cannot be negative")
        except ValueError as exc:
            problems.add(ws.title, extra_cell, f"{rid}: {exc}")
            extra = None
        try:
            roadmap = _date(date_raw)
        except ValueError as exc:
            problems.add(ws.title, date_cell, f"{rid}: {exc}")
            roadmap = None
        comment = _text(cell("comment")[1])
        proof = _text(cell("proof")[1])
        if text is None and comment is None and proof is None and extra is None and roadmap is None:
            continue
        out.append(
            Answer(
                id=rid,
                compliance=compliance if req.response.value in ("compliance", "yes_no") else None,
                value=value,
                comment=comment if req.response.value != "text" else (comment or text),
                proof=proof,
                extra_cost=extra,
                roadmap_date=roadmap,
            )
        )
    return out


def _prices(wb: Any, path: Path, records: _Records, problems: _Problems) -> list[PriceLine]:
    ws = _sheet(wb, path, records.get("sheet", "price"))
    first, last = records.extra("price", "first_row"), records.extra("price", "last_row")
    if not isinstance(first, int | float) or not isinstance(last, int | float):
        raise InputError(f"{path}: the hidden sheet does not locate the price lines")
    kinds = _reverse(records, "price_type")
    out: list[PriceLine] = []
    for row in range(int(first), int(last) + 1):
        label = _text(ws[f"A{row}"].value)
        try:
            unit = _number(ws[f"C{row}"].value)
        except ValueError as exc:
            problems.add(ws.title, f"C{row}", str(exc))
            continue
        if unit is None:
            continue
        try:
            quantity = _number(ws[f"D{row}"].value)
        except ValueError as exc:
            problems.add(ws.title, f"D{row}", str(exc))
            continue
        kind_text = _text(ws[f"B{row}"].value)
        kind = kinds.get(kind_text.casefold()) if kind_text else None
        if kind is None:
            problems.add(
                ws.title, f"B{row}", f"choose one-off or recurring for '{label or 'this line'}'"
            )
            continue
        if unit < 0 or (quantity is not None and quantity < 0):
            problems.add(ws.title, f"C{row}", "prices and quantities cannot be negative")
            continue
        out.append(
            PriceLine(
                label=label or f"line {row}",
                kind=PriceKind(kind),
                unit_price=unit,
                quantity=Decimal(1) if quantity is None else quantity,
                notes=_text(ws[f"H{row}"].value),
            )
        )
    return out


def _questions(wb: Any, path: Path, records: _Records) -> list[QuestionAnswer]:
    name = records.get("sheet", "questions")
    if not isinstance(name, str) or name not in wb.sheetnames:
        return []
    ws = _read_sheet(wb, path, name)
    out = []
    for qid, (_, row) in records.items("question"):
        if isinstance(row, int | float):
            answer = _text(ws[f"C{int(row)}"].value)
            if answer:
                out.append(QuestionAnswer(id=qid, answer=answer))
    return out


def read_evaluation_grid(path: Path, project: Project) -> list[EvaluatorNotes]:
    """Every evaluator sheet of a filled evaluation grid."""
    wb = _open(path)
    records = _records(wb, path, "evaluation")
    problems = _Problems(path)
    header = records.extra("layout", "header_row")
    first_col = str(records.get("layout", "first_vendor_column") or "E")
    count = records.extra("layout", "vendor_columns")
    comment_col = str(records.get("layout", "comment_column") or "K")
    scale_max = records.extra("meta", "judgement_scale_max")
    if not isinstance(header, int | float) or not isinstance(count, int | float):
        raise InputError(f"{path}: the hidden sheet does not describe the layout")
    start = _xlsx_values.column_index(first_col)
    criteria = {
        cid: int(row)
        for cid, (_, row) in records.items("criterion")
        if isinstance(row, int | float)
    }
    out = []
    for evaluator, (sheet_name, _) in records.items("evaluator"):
        ws = _sheet(wb, path, sheet_name)
        notes: list[Note] = []
        for n in range(int(count)):
            letter = _xlsx_values.column_letter(start + n)
            vendor = _text(ws[f"{letter}{int(header)}"].value)
            if vendor is None:
                continue
            for cid, row in criteria.items():
                try:
                    value = _number(ws[f"{letter}{row}"].value)
                except ValueError as exc:
                    problems.add(ws.title, f"{letter}{row}", str(exc))
                    continue
                if value is not None and (
                    value < 0 or (isinstance(scale_max, int | float) and value > scale_max)
                ):
                    problems.add(ws.title, f"{letter}{row}", f"a note goes from 0 to {scale_max}")
                    continue
                notes.append(
                    Note(
                        vendor=vendor,
                        criterion=cid,
                        note=value,
                        comment=_text(ws[f"{comment_col}{row}"].value),
                    )
                )
        out.append(EvaluatorNotes(evaluator=evaluator, notes=notes))
    problems.raise_if_any()
    return out
