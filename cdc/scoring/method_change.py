"""What changed in the evaluation method since a response was made, named as precisely as possible.

The grid (and a YAML response's ``project`` block) records the method it was made under: its
hash (:func:`cdc.grid.fingerprint.method_hash`) and its canonical JSON (:func:`cdc.grid.fingerprint.method_text`).
Both come back from the vendor, who could have edited them, so they are only a claim: this
module compares, it never feeds scoring (which always reads the method from the project). A
recorded payload whose own hash does not match the recorded hash, or that is not the JSON cdc
writes, is reported as altered, without details.
"""

from __future__ import annotations

import json
from typing import Any

from cdc.grid.fingerprint import method_hash, method_payload, text_hash
from cdc.model import Project
from cdc.model.responses import Response
from cdc.scoring.messages import Message

#: One change: (kind, name, before, after), all text. Kinds: ``weight``, ``criterion_kind``,
#: ``criterion_parent`` (of criterion ``name``), ``added``, ``removed`` (criterion ``name``),
#: ``setting`` (a method setting, by its dotted path), ``altered`` (no details can be given).
Change = tuple[str, str, str, str]

#: A criterion's fields compared, and the kind of change each makes.
FIELDS = (("weight", "weight"), ("kind", "criterion_kind"), ("parent", "criterion_parent"))

#: Most changes named one by one; beyond, the rest are counted.
MAX_CHANGES = 12


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "none"
    return str(value)


def _flat(value: Any, path: str, out: dict[str, Any]) -> None:
    """Dotted paths → scalar (lists of records with an ``id`` are keyed by it)."""
    if isinstance(value, dict):
        for key in sorted(value):
            _flat(value[key], f"{path}.{key}" if path else str(key), out)
    elif (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value)
    ):
        for item in value:
            rest = {k: v for k, v in item.items() if k != "id"}
            _flat(rest, f"{path}.{item['id']}", out)
    else:
        out[path] = value


def method_changes(before: Any, after: dict[str, Any]) -> list[Change]:
    """The differences between a recorded method payload and the current one, in a stable order."""
    if not isinstance(before, dict) or before.get("format") != after.get("format"):
        return [("altered", "", "", "")]
    changes: list[Change] = []
    old_criteria = before.get("criteria")
    new_criteria = after.get("criteria") or []
    if not isinstance(old_criteria, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) for c in old_criteria
    ):
        return [("altered", "", "", "")]
    old = {c["id"]: c for c in old_criteria}
    new = {c["id"]: c for c in new_criteria}
    for cid, c in new.items():
        if cid not in old:
            changes.append(("added", cid, "", _shown(c.get("weight"))))
            continue
        for field, kind in FIELDS:
            if old[cid].get(field) != c.get(field):
                changes.append((kind, cid, _shown(old[cid].get(field)), _shown(c.get(field))))
    changes.extend(
        ("removed", cid, _shown(c.get("weight")), "") for cid, c in old.items() if cid not in new
    )
    flat_old: dict[str, Any] = {}
    flat_new: dict[str, Any] = {}
    _flat({k: v for k, v in before.items() if k not in ("criteria", "format")}, "", flat_old)
    _flat({k: v for k, v in after.items() if k not in ("criteria", "format")}, "", flat_new)
    for path in sorted(set(flat_old) | set(flat_new)):
        if flat_old.get(path) != flat_new.get(path):
            before_value, after_value = _shown(flat_old.get(path)), _shown(flat_new.get(path))
            changes.append(("setting", path, before_value, after_value))
    if len(changes) > MAX_CHANGES:
        rest = len(changes) - MAX_CHANGES + 1
        changes = [*changes[: MAX_CHANGES - 1], ("more", str(rest), "", "")]
    return changes


def method_warning(response: Response, source: str, project: Project) -> Message | None:
    """A warning when the method changed since the response was made (never changes a score).

    Nothing is said when the response does not record its method (grids made before cdc
    recorded it): :func:`cdc.reading.responses.read.version_warning` covers what the vendor answered.
    """
    answered = response.project
    if answered is None or answered.method_hash is None:
        return None
    if answered.method_hash == method_hash(project):
        return None
    changes: list[Change] = [("altered", "", "", "")]
    text = answered.method
    if text is not None and text_hash(text) == answered.method_hash:
        try:
            recorded = json.loads(text)
        except ValueError:
            recorded = None
        changes = method_changes(recorded, method_payload(project)) or changes
    return Message(
        "method_changed", {"source": source, "version": answered.version, "changes": changes}
    )


__all__ = ["Change", "method_changes", "method_warning"]
