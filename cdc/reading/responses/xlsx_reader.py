"""Read response grids (and evaluation grids) filled in Excel or LibreOffice Calc.

A returned grid is the vendor's file: nothing in it decides how it is read or scored. The
layout — sheets, columns, which row shows which requirement and with which texts, the scale
and its points, the answer words — is rebuilt from the project (:mod:`cdc.grid.layout`,
the code the writer uses); the hidden ``cdc`` sheet only says which version was answered.

* When the grid claims the project's current content hash, its hidden-sheet records must be
  exactly those cdc writes for this project (words of labels.yaml aside, which a buyer may
  have overridden and which are never used to read): an edited scale, price range, row or
  requirement hash is an error naming the hidden sheet's cell.
  The method record too: today's method exactly, or an older one whose payload still matches
  its hash (the method warning names the change).
* When it claims another version, the records cannot be checked (the project at that version
  is gone): they are not used either, the answers are read with today's scale, and the
  version warning names the requirements that changed since. Claiming today's version number
  with another content is refused: that content is not the version it says.
* Either way, every row's id must still show that requirement's section, title and text as
  cdc wrote them (an id moved to another row is named), every requirement the vendor received
  must still have its row, and price lines are found wherever they are on the price sheet.

Answers are matched by the id written in each row, not by row position, so a vendor who sorted
or filtered the sheet is read correctly; values are read as values, and a formula in a cell
the vendor fills is refused (its cached result could say anything; only cdc's own price totals
are formulas). A grid re-saved by LibreOffice or Excel reads the same. Every problem is
reported with file, sheet and cell.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cdc.core.errors import InputError
from cdc.core.safetext import describe, refused_in
from cdc.grid.layout import (
    COL,
    LABEL_RECORDS,
    SHEET_KEYS,
    RequirementRow,
)
from cdc.model import Project
from cdc.model._base import MAX_MONEY, MAX_NUMBER, Label
from cdc.model.responses import (
    Answer,
    AnsweredVersion,
    QuestionAnswer,
    Response,
)
from cdc.reading.responses._grid_cells import (
    HIDDEN,
    Problems,
    Records,
    date,
    folded,
    number,
    open_workbook,
    read_sheet,
    records_of,
    refuse_controls,
    refuse_formulas,
    text,
)
from cdc.reading.responses._grid_prices import read_prices
from cdc.reading.responses.evaluation_xlsx import read_evaluation_grid
from cdc.reading.responses.grid_expected import (
    Expected,
    check_method,
    compare_records,
    expected,
    grid_words,
    same,
    shown_texts,
)

__all__ = ["HIDDEN", "expected", "read_evaluation_grid", "read_grid"]

_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")
_LABEL: TypeAdapter[str] = TypeAdapter(Label)
#: Columns compared with what cdc wrote, and what they are called in messages.
_SHOWN = (("section", "section"), ("title", "title"), ("text", "requirement text"))


def read_grid(path: Path, project: Project) -> Response:
    """A vendor's filled response grid as a :class:`Response`."""
    wb = open_workbook(path)
    records = records_of(wb, path, "grid")
    want = expected(project)
    problems = Problems(path)
    current = text(records.get("meta", "content_hash")) == want.records[("meta", "content_hash")][0]
    refuse_formulas(read_sheet(wb, path, HIDDEN), "", problems)
    if current:
        compare_records(records, want, problems)
        check_method(records, want, problems)
    else:
        _same_version_edited(records, project, problems)
    names = _sheet_names(wb, records, want)
    yes_no = grid_words(want.yes_no, records, "yes_no", problems)
    kinds = grid_words(want.kinds, records, "price_type", problems)
    answers = _answers(wb, path, names, records, want, current, yes_no, problems)
    prices = read_prices(_sheet(wb, path, names, "price", want), want, kinds, problems)
    questions = _questions(wb, path, names, project, problems)
    problems.raise_if_any()
    vendor = _vendor(wb, path, names, records, want, current)
    try:
        version = AnsweredVersion(
            id=str(records.get("meta", "project_id") or "?"),
            version=str(records.get("meta", "project_version") or "?"),
            hash=text(records.get("meta", "content_hash")),
            # a claim from the file (only ever warned about): kept when of a sane length
            method_hash=_bounded(records.get("meta", "method_hash"), 64),
            method=_bounded(records.extra("meta", "method_hash"), 32_767),
            requirements={k: str(v) for k, (v, _, _) in records.items("requirement") if v},
        )
    except ValidationError as exc:
        raise InputError(
            f"{path}: sheet '{HIDDEN}': the version records cannot be read "
            f"({exc.errors()[0]['msg']}): the hidden sheet was edited"
        ) from None
    try:
        return Response(
            vendor=vendor or path.stem,
            project=version,
            answers=answers,
            prices=prices,
            questions=questions,
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise InputError(f"{path}: {where}: {error['msg']}") from None


def _same_version_edited(records: Records, project: Project, problems: Problems) -> None:
    """A grid claiming today's version number with another content hash was edited: the
    version number is bumped whenever what vendors answer changes (lint says so), so the
    content of version X is version X's; only an older version may differ."""
    claimed = text(records.get("meta", "project_version"))
    if claimed is None or claimed != project.project.version:
        return
    if text(records.get("meta", "project_id")) != project.project.id:
        return  # another project's grid: refused as such
    row = records.rows.get("meta", {}).get("content_hash", (None, None, 0))[2]
    problems.add(
        HIDDEN,
        f"C{row}" if row else None,
        f"the file says it answers version {claimed}, but its content is not version "
        f"{claimed}'s: either the hidden sheet was edited, or the project changed without a new "
        "version number (bump project.version and send the new grid)",
    )


def _bounded(value: Any, limit: int) -> str | None:
    """A hidden-sheet text kept only when no longer than ``limit`` (the models' bound)."""
    found = text(value)
    return found if found is not None and len(found) <= limit else None


def _sheet_names(wb: Any, records: Records, want: Expected) -> dict[str, str | None]:
    """Each visible sheet: by the name cdc gives it, else by the hidden sheet's record (a grid
    rendered with the buyer's own labels); None when neither is in the workbook."""
    out: dict[str, str | None] = {}
    for key in SHEET_KEYS:
        name = want.layout.sheets[key]
        claimed = records.get("sheet", key)
        if name in wb.sheetnames:
            out[key] = name
        elif isinstance(claimed, str) and claimed in wb.sheetnames and claimed != HIDDEN:
            out[key] = claimed
        else:
            out[key] = None
    return out


def _sheet(wb: Any, path: Path, names: dict[str, str | None], key: str, want: Expected) -> Any:
    name = names[key]
    if name is None:
        raise InputError(
            f"{path}: sheet '{want.layout.sheets[key]}' is missing (was it renamed or deleted?)"
        )
    return read_sheet(wb, path, name)


def _answers(
    wb: Any,
    path: Path,
    names: dict[str, str | None],
    records: Records,
    want: Expected,
    current: bool,
    yes_no: dict[str, str],
    problems: Problems,
) -> list[Answer]:
    """The answers of the requirements sheet, row by row wherever the vendor left them.

    A row is read only when it is the requirement cdc wrote (same texts, and the same words if
    the grid was worded with the built-in labels); unknown, duplicated and deleted rows are
    reported at their cell, never skipped silently.
    """
    ws = _sheet(wb, path, names, "requirements", want)
    refuse_controls(ws, "".join(COL.values()), problems)
    refuse_formulas(ws, "", problems)
    sheet = ws.title
    id_col = COL["id"]
    if text(ws[f"{id_col}1"].value) is None:
        raise InputError(
            f"{path}: sheet '{sheet}', cell {id_col}1: the id column header is missing"
        )
    answered_hashes = {k: str(v) for k, (v, _, _) in records.items("requirement")}
    # A grid worded with the built-in labels (its hidden sheet says so) must also still show
    # each row's priority and expected answer as cdc wrote them; one worded with the buyer's
    # own labels cannot be checked for those words (they are never used to score).
    builtin = all(
        same(records.get(rec, key), value)
        for (rec, key), (value, _) in want.records.items()
        if rec in LABEL_RECORDS
    )
    seen: dict[str, int] = {}
    out: list[Answer] = []
    for row in range(2, ws.max_row + 1):
        rid = text(ws[f"{id_col}{row}"].value)
        if rid is None:
            if any(text(ws[f"{COL[k]}{row}"].value) for k in ("answer", "extra_cost")):
                problems.add(sheet, f"{id_col}{row}", "an answer on a row without requirement id")
            continue
        line = want.rows.get(rid)
        if line is None:
            if not current and rid in answered_hashes:
                continue  # a requirement removed from the project since: ignored
            problems.add(sheet, f"{id_col}{row}", f"unknown requirement id '{rid[:60]}'")
            continue
        if rid in seen:
            problems.add(
                sheet, f"{id_col}{row}", f"requirement {rid} appears twice (also row {seen[rid]})"
            )
            continue
        seen[rid] = row
        # A requirement changed since the version the grid answers shows its old words there.
        changed_since = not current and answered_hashes.get(rid) != want.hashes.get(rid)
        if not _row_belongs(ws, row, line, want, current, changed_since, problems):
            continue
        if builtin and not changed_since and not _words_belong(ws, row, line, want, problems):
            continue
        answer = _answer(ws, row, line, want, yes_no, problems)
        if answer is not None:
            out.append(answer)
    _missing_rows(sheet, want, seen, current, answered_hashes, problems)
    return out


def _missing_rows(
    sheet: str,
    want: Expected,
    seen: dict[str, int],
    current: bool,
    answered_hashes: dict[str, str],
    problems: Problems,
) -> None:
    """Report every requirement whose row is gone (deleted, or its id cleared), at the cell
    where cdc wrote it, rather than taking it for a blank answer. A grid answering an older
    version is held only to the requirements that version had."""
    id_col = COL["id"]
    for line in want.layout.requirements:
        rid = line.requirement.id
        if rid not in seen and (current or rid in answered_hashes):
            problems.add(
                sheet,
                f"{id_col}{line.row}",
                f"requirement {rid} ({line.requirement.priority.value}) is missing: its row was "
                f"deleted or its id cleared (cdc wrote it on row {line.row})",
            )


def _row_belongs(
    ws: Any,
    row: int,
    line: RequirementRow,
    want: Expected,
    current: bool,
    changed_since: bool,
    problems: Problems,
) -> bool:
    """The row of id ``rid`` must show that requirement's section, title and text.

    A row showing another requirement's texts means ids were moved (answers would be scored
    against the wrong requirement). A row whose texts differ from today's is accepted only for
    a requirement changed since the version answered (the version warning names it).
    """
    rid = line.requirement.id
    shown = tuple(folded(ws[f"{COL[key]}{row}"].value) for key, _ in _SHOWN)
    if shown == shown_texts(line):
        return True
    owner = want.owners.get(shown)
    if owner is not None and owner != rid:
        problems.add(
            ws.title,
            f"{COL['id']}{row}",
            f"id {rid} is on the row of requirement {owner} (its section, title and text): "
            "ids were moved, the answers would be scored against the wrong requirements"
            + (
                ""
                if current
                else " (or requirements were renumbered since the version this "
                "grid answers: ask for the current grid)"
            ),
        )
        return False
    if changed_since:
        return True
    for (key, what), found, wrote in zip(_SHOWN, shown, shown_texts(line), strict=True):
        if found != wrote:
            problems.add(
                ws.title,
                f"{COL[key]}{row}",
                f"{rid}: the {what} is not what cdc wrote for this requirement "
                f"('{found[:60]}' instead of '{wrote[:60]}')",
            )
            break
    return False


def _words_belong(
    ws: Any, row: int, line: RequirementRow, want: Expected, problems: Problems
) -> bool:
    """The priority and expected-answer words of a row are those of its requirement."""
    rid = line.requirement.id
    for key, wrote in zip(("priority", "response"), want.words[rid], strict=True):
        found = folded(ws[f"{COL[key]}{row}"].value)
        if found != wrote:
            problems.add(
                ws.title,
                f"{COL[key]}{row}",
                f"{rid}: the {key} reads '{found[:40]}', cdc wrote '{wrote}'",
            )
            return False
    return True


def _answer(
    ws: Any,
    row: int,
    line: RequirementRow,
    want: Expected,
    yes_no: dict[str, str],
    problems: Problems,
) -> Answer | None:
    """One row's answer, read with the project's scale and words (never the file's)."""
    req = line.requirement
    rid = req.id
    kind = req.response.value
    lang = want.language

    def cell(key: str) -> tuple[str, Any]:
        coordinate = f"{COL[key]}{row}"
        return coordinate, ws[coordinate].value

    answer_cell, raw = cell("answer")
    compliance: str | None = None
    value: Decimal | None = None
    shown = text(raw)
    if shown is not None:
        if kind == "compliance":
            compliance = want.scale.get(folded(shown).casefold())
            if compliance is None:
                problems.add(
                    ws.title,
                    answer_cell,
                    f"{rid}: unknown compliance value '{shown[:60]}' "
                    f"(expected one of {', '.join(want.offered)})",
                )
        elif kind == "yes_no":
            compliance = yes_no.get(folded(shown).casefold())
            if compliance is None:
                problems.add(ws.title, answer_cell, f"{rid}: expects yes or no, not '{shown[:60]}'")
        elif kind in ("number", "price"):
            try:
                if kind == "price":
                    value = number(raw, "an amount", high=MAX_MONEY, lang=lang)
                else:
                    value = number(raw, "a number", high=MAX_NUMBER, low=-MAX_NUMBER, lang=lang)
            except ValueError as exc:
                problems.add(ws.title, answer_cell, f"{rid}: {exc}")
    extra_cell, extra_raw = cell("extra_cost")
    try:
        extra = number(extra_raw, "an extra cost", high=MAX_MONEY, lang=lang)
    except ValueError as exc:
        problems.add(ws.title, extra_cell, f"{rid}: {exc}")
        extra = None
    date_cell, date_raw = cell("roadmap_date")
    try:
        roadmap = date(date_raw)
    except ValueError as exc:
        problems.add(ws.title, date_cell, f"{rid}: {exc}")
        roadmap = None
    comment = text(cell("comment")[1])
    proof = text(cell("proof")[1])
    if shown is None and comment is None and proof is None and extra is None and roadmap is None:
        return None
    try:
        return Answer(
            id=rid,
            compliance=compliance if kind in ("compliance", "yes_no") else None,
            value=value,
            comment=comment if kind != "text" else (comment or shown),
            proof=proof,
            extra_cost=extra,
            roadmap_date=roadmap,
        )
    except ValidationError as exc:
        problems.add(ws.title, answer_cell, f"{rid}: {exc.errors()[0]['msg']}")
        return None


def _questions(
    wb: Any, path: Path, names: dict[str, str | None], project: Project, problems: Problems
) -> list[QuestionAnswer]:
    """Answers to the open questions, found by the id in column A (answer in column C)."""
    name = names["questions"]
    expectations = project.vendor_expectations
    known = {q.id for q in expectations.questions} if expectations else set()
    if name is None or not known:
        return []
    ws = read_sheet(wb, path, name)
    refuse_controls(ws, "ABC", problems)
    refuse_formulas(ws, "", problems)
    out: dict[str, QuestionAnswer] = {}
    for row in range(2, ws.max_row + 1):
        qid = text(ws[f"A{row}"].value)
        answer = text(ws[f"C{row}"].value)
        if qid in known and answer and qid not in out:
            out[qid] = QuestionAnswer(id=qid, answer=answer)
    return list(out.values())


def _vendor(
    wb: Any,
    path: Path,
    names: dict[str, str | None],
    records: Records,
    want: Expected,
    current: bool,
) -> str | None:
    """The vendor's name, from the cell cdc prepared for it (the claimed one for an older
    version, whose instructions may have had another height)."""
    name = names["instructions"]
    coordinate = want.layout.vendor_cell
    claimed = text(records.extra("input", "vendor_name"))
    if not current and claimed and _CELL.fullmatch(claimed):
        coordinate = claimed
    if name is None:
        return None
    sheet = read_sheet(wb, path, name)
    if coordinate.upper() in sheet.formulas:
        raise InputError(
            f"{path}: sheet '{name}', cell {coordinate}: a formula is not an answer: type the "
            "vendor name"
        )
    vendor = text(sheet[coordinate].value)
    if vendor is None:
        return None
    match = refused_in(vendor)
    if match is not None:
        raise InputError(
            f"{path}: sheet '{name}', cell {coordinate}: the vendor name holds the invisible "
            f"character {describe(match.group())}: remove it"
        )
    try:
        return str(_LABEL.validate_python(vendor))
    except ValidationError as exc:
        message = exc.errors()[0]["msg"]
        raise InputError(
            f"{path}: sheet '{name}', cell {coordinate}: vendor name: {message}"
        ) from None
