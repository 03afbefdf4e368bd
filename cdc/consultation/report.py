"""``cdc diff`` output: English text for people, JSON for tools (a stable contract).

JSON (``DIFF_FORMAT`` 1)::

    {"format": 1,
     "old": {"source", "id", "version", "date"}, "new": {…},
     "changes": [{"kind", "target", "field", "before", "after",
                  "words": [{"before", "after"}], "priority",
                  "relative_before", "relative_after", "absolute_before", "absolute_after",
                  "substantial"}],
     "warnings": [{"rule", "name", "severity": "warning", "targets", "message", "reason"}],
     "summary": {"changes", "substantial", "warnings"}}

``kind`` is a :class:`~cdc.consultation.changes.ChangeKind` value; weights are percents (numbers,
two decimals at most); absent values are null. New keys may be added; none is renamed or removed
without bumping ``format``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from cdc.consultation.changes import Change, ChangeKind
from cdc.consultation.guards import GuardWarning
from cdc.model import Project

DIFF_FORMAT = 1


def _q(text: str | None) -> str:
    return f"“{text}”" if text else "(nothing)"


def _words(change: Change) -> str:
    parts = []
    for before, after in change.words:
        if before and after:
            parts.append(f"{_q(before)} → {_q(after)}")
        elif before:
            parts.append(f"removed {_q(before)}")
        else:
            parts.append(f"added {_q(after)}")
    return "; ".join(parts)


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{value.normalize():f} %"


def change_english(change: Change) -> str:
    """One change as an English line (the text output)."""
    k, t = change.kind, change.target
    if k is ChangeKind.version:
        return f"version {change.before} → {change.after}"
    if k is ChangeKind.date:
        return f"date {change.before} → {change.after}"
    if k is ChangeKind.requirement_added:
        return f"{t} added ({change.priority}): {change.after}"
    if k is ChangeKind.requirement_removed:
        return f"{t} removed: {change.before}"
    if k is ChangeKind.requirement_reworded:
        return f"{t} reworded ({change.field}): {_words(change)}"
    if k in (
        ChangeKind.requirement_priority,
        ChangeKind.requirement_criterion,
        ChangeKind.requirement_section,
        ChangeKind.requirement_response,
    ):
        return f"{t} {change.field}: {change.before} → {change.after}"
    if k is ChangeKind.criterion_added:
        return (
            f"criterion {t} added: weight {change.after} ({_pct(change.relative_after)} of its "
            f"level, {_pct(change.absolute_after)} of the score)"
        )
    if k is ChangeKind.criterion_removed:
        return f"criterion {t} removed (it weighed {_pct(change.absolute_before)} of the score)"
    if k is ChangeKind.criterion_weight:
        return (
            f"criterion {t} weight {change.before} → {change.after}: "
            f"{_pct(change.relative_before)} → {_pct(change.relative_after)} of its level, "
            f"{_pct(change.absolute_before)} → {_pct(change.absolute_after)} of the score"
        )
    if k is ChangeKind.criterion_moved:
        return f"criterion {t} moved from under {change.before} to under {change.after}"
    if k in (ChangeKind.milestone_added, ChangeKind.milestone_removed, ChangeKind.milestone_moved):
        verb = k.value.removeprefix("milestone_")
        return f"milestone {t} {verb}: {change.before or '-'} → {change.after or '-'}"
    if k is ChangeKind.glossary_changed:
        return f"glossary term {t} changed: {_words(change)}"
    if k in (ChangeKind.glossary_added, ChangeKind.glossary_removed):
        return f"glossary term {t} {k.value.removeprefix('glossary_')}"
    if k is ChangeKind.part_changed and change.field is None:
        return f"{t} changed"
    if k in (ChangeKind.clause_added, ChangeKind.clause_removed, ChangeKind.clause_status):
        return f"clause {t} {k.value.removeprefix('clause_')}: {change.before or '-'} → {change.after or '-'}"
    label = f"{t}.{change.field}" if change.field and change.field != t else t
    if change.before is None and change.after is None:
        return f"{k.value.replace('_', ' ')} {label} changed"
    return f"{k.value.replace('_', ' ')} {label}: {change.before or '-'} → {change.after or '-'}"


def _side(project: Project, source: str) -> dict[str, Any]:
    info = project.project
    return {
        "source": source,
        "id": info.id,
        "version": info.version,
        "date": info.date.isoformat(),
    }


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _change_data(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "target": change.target,
        "field": change.field,
        "before": change.before,
        "after": change.after,
        "words": [{"before": b, "after": a} for b, a in change.words],
        "priority": change.priority,
        "relative_before": _num(change.relative_before),
        "relative_after": _num(change.relative_after),
        "absolute_before": _num(change.absolute_before),
        "absolute_after": _num(change.absolute_after),
        "substantial": change.substantial,
    }


def diff_data(
    old: Project,
    new: Project,
    changes: list[Change],
    warnings: list[GuardWarning],
    *,
    old_source: str,
    new_source: str,
) -> dict[str, Any]:
    """The JSON document of ``cdc diff`` (see the module docstring for the contract)."""
    return {
        "format": DIFF_FORMAT,
        "old": _side(old, old_source),
        "new": _side(new, new_source),
        "changes": [_change_data(c) for c in changes],
        "warnings": [
            {
                "rule": w.rule,
                "name": w.name,
                "severity": "warning",
                "targets": list(w.targets),
                "message": w.message,
                "reason": w.reason,
            }
            for w in warnings
        ],
        "summary": {
            "changes": len(changes),
            "substantial": sum(1 for c in changes if c.substantial),
            "warnings": len(warnings),
        },
    }


def diff_json(data: dict[str, Any]) -> str:
    """The JSON text, sorted keys and two-space indent: same input, same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def diff_text(
    old: Project,
    new: Project,
    changes: list[Change],
    warnings: list[GuardWarning],
    *,
    old_source: str,
    new_source: str,
) -> str:
    """The report for people: a heading, one line per change, then the guard rails."""
    a, b = old.project, new.project
    substantial = sum(1 for c in changes if c.substantial)
    lines = [
        f"{old_source} (version {a.version}, {a.date.isoformat()}) → {new_source} "
        f"(version {b.version}, {b.date.isoformat()})",
    ]
    if not changes:
        lines.append("no change")
    else:
        lines.append(f"{len(changes)} change(s), {substantial} substantial:")
        for change in changes:
            mark = "*" if change.substantial else "-"
            lines.append(f"  {mark} {change_english(change)}")
    for w in warnings:
        lines.append(f"{new_source}: warning {w.rule} {w.message}")
        lines.append(f"    why: {w.reason}")
    if changes:
        lines.append("(* substantial: changes what candidates must offer or how they are judged)")
    return "\n".join(lines) + "\n"
