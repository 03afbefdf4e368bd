"""What cdc wrote in a project's response grid, to check a returned grid against it.

Built once per project from :func:`cdc.grid.layout.grid_layout` (the writer's own
description) and the built-in labels of the project's language, then reused for every grid
of a scoring run: the hidden-sheet records, each row's texts, the scale and the words an answer
may use. Nothing here comes from a vendor's file.
"""

from __future__ import annotations

from typing import Any

from cdc.grid.fingerprint import text_hash
from cdc.grid.layout import (
    LABEL_RECORDS,
    UNCOMPARED_RECORDS,
    GridLayout,
    RequirementRow,
    grid_layout,
)
from cdc.model import Project
from cdc.model.responses import NO, YES, PriceKind
from cdc.reading.labels import builtin_labels
from cdc.reading.responses._grid_cells import HIDDEN, Problems, Records, folded, text


class Expected:
    """What cdc wrote for one project, computed once per project and reused for every grid."""

    def __init__(self, project: Project) -> None:
        self.language = project.project.language.value
        self.labels = builtin_labels(self.language)
        self.layout: GridLayout = grid_layout(project, self.labels)
        self.records = {
            (rec, key): (value, extra) for rec, key, value, extra in self.layout.records
        }
        self.rows = {line.requirement.id: line for line in self.layout.requirements}
        self.owners: dict[tuple[str, ...], str] = {}
        for line in self.layout.requirements:
            self.owners.setdefault(shown_texts(line), line.requirement.id)
        self.hashes = {
            key: str(value)
            for (rec, key), (value, _) in self.records.items()
            if rec == "requirement"
        }
        evaluation = project.evaluation
        levels = evaluation.scale if evaluation else []
        self.scale: dict[str, str] = {}
        if self.layout.use_labels:
            self.scale.update({folded(lv.label).casefold(): lv.id for lv in levels})
        self.scale.update({folded(lv.id).casefold(): lv.id for lv in levels})  # ids win
        self.offered = [lv.label if self.layout.use_labels else lv.id for lv in levels]
        self.yes_no = dict.fromkeys(YES, "yes") | dict.fromkeys(NO, "no")
        self.yes_no[folded(self.labels["yes"]).casefold()] = "yes"
        self.yes_no[folded(self.labels["no"]).casefold()] = "no"
        price = self.labels["grid"]["price"]
        self.kinds = {kind.value: kind.value for kind in PriceKind}
        self.kinds |= {folded(price[kind.value]).casefold(): kind.value for kind in PriceKind}
        self.unit_header = folded(price["column"]["unit_price"]).casefold()
        #: Priority and response words of each row, in the built-in labels.
        self.words = {
            line.requirement.id: (
                folded(self.labels["priority"][line.requirement.priority.value]),
                folded(self.labels["response"][line.requirement.response.value]),
            )
            for line in self.layout.requirements
        }


_CACHE: list[tuple[Project, Expected]] = []


def expected(project: Project) -> Expected:
    """The layout of ``project``'s grid (kept for the last project asked: one per scoring)."""
    if _CACHE and _CACHE[0][0] is project:
        return _CACHE[0][1]
    found = Expected(project)
    _CACHE[:] = [(project, found)]
    return found


def shown_texts(line: RequirementRow) -> tuple[str, ...]:
    return (folded(line.section), folded(line.title), folded(line.text))


def same(found: Any, wrote: Any) -> bool:
    return (text(found) or None) == (text(wrote) or None)


def compare_records(records: Records, want: Expected, problems: Problems) -> None:
    """The hidden sheet of a grid claiming this version must hold what cdc wrote, exactly."""
    edited = "the hidden sheet was edited"
    for (rec, key), (value, extra) in want.records.items():
        if (rec, key) in UNCOMPARED_RECORDS:
            continue
        found = records.rows.get(rec, {}).get(key)
        if found is None:
            problems.add(HIDDEN, None, f"record {rec} '{key}' is missing: {edited}")
            continue
        if rec in LABEL_RECORDS:
            continue  # labels.yaml words: a buyer's own labels may differ; never used to read
        if (rec, key) != ("input", "vendor_name") and not same(found[0], value):  # a sheet name
            problems.add(
                HIDDEN,
                f"C{found[2]}",
                f"{rec} '{key}' reads '{text(found[0])}', cdc wrote '{value}': {edited}",
            )
        if not same(found[1], extra):
            problems.add(
                HIDDEN,
                f"D{found[2]}",
                f"{rec} '{key}' reads '{text(found[1])}', cdc wrote '{extra}': {edited}",
            )
    for rec, keyed in records.rows.items():
        for key, (_, _, row) in keyed.items():
            if (rec, key) not in want.records:
                problems.add(HIDDEN, f"A{row}", f"record {rec} '{key}' is not cdc's: {edited}")
    for rec, key, row in records.repeated:
        problems.add(HIDDEN, f"A{row}", f"record {rec} '{key}' appears twice: {edited}")


def check_method(records: Records, want: Expected, problems: Problems) -> None:
    """The method record of a grid claiming this version is what cdc wrote, or an honest
    older method: the evaluation method may change after the bids (the method warning names
    the change), but a record whose payload is not the one its hash stands for was edited."""
    found = records.rows.get("meta", {}).get("method_hash")
    if found is None:
        return  # reported as a missing record by compare_records
    value, extra, row = found
    wrote, wrote_extra = want.records[("meta", "method_hash")]
    claimed, payload = text(value), text(extra)
    edited = "the hidden sheet was edited"
    if claimed == wrote:
        if not same(extra, wrote_extra):
            problems.add(
                HIDDEN,
                f"D{row}",
                f"the method record is not the one cdc wrote for method hash {wrote[:12]}: "
                + edited,
            )
    elif payload is not None and (claimed is None or text_hash(payload) != claimed):
        problems.add(
            HIDDEN,
            f"D{row}",
            f"the method record does not match its hash in C{row}: {edited}",
        )


def grid_words(
    base: dict[str, str], records: Records, record: str, problems: Problems
) -> dict[str, str]:
    """``base`` (word → id) plus the grid's own word for each id: a grid rendered with the
    buyer's labels offers words cdc cannot know at scoring time. A grid's word that is already
    the word of another id (``Non`` claimed for yes, ``Récurrent`` for one-off) is never taken:
    it is an edited hidden sheet, reported."""
    out = dict(base)
    ids = set(base.values())
    for key, (value, _, row) in records.items(record):
        word = folded(value).casefold() if value is not None else ""
        if not word or key not in ids:
            continue
        owner = out.get(word)
        if owner is None:
            out[word] = key
        elif owner != key:
            problems.add(
                HIDDEN,
                f"C{row}",
                f"{record} '{key}' reads '{text(value)}', the word of '{owner}': "
                "the hidden sheet was edited",
            )
    return out
