"""Sentences from labels.yaml: the checklists are computed here but worded by the templates' labels.

Why: the words of a document belong to its language folder (and to the user's overrides), the
facts to Python. A label is a sentence with ``{placeholders}``; a user's labels.yaml may drop a
placeholder or a key, so missing ones stay visible instead of raising.
"""

from __future__ import annotations

from typing import Any


class _Keep(dict[str, Any]):
    """Leaves unknown ``{placeholders}`` as they are."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def label(labels: dict[str, Any], *keys: str) -> str:
    """The label at ``labels[k1][k2]…``, or the dotted key itself when it is missing."""
    node: Any = labels
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return ".".join(keys)
        node = node[key]
    return str(node)


def words(labels: dict[str, Any], *keys: str, **values: Any) -> str:
    """The label at ``keys`` with its ``{placeholders}`` filled from ``values``."""
    return label(labels, *keys).format_map(_Keep({k: str(v) for k, v in values.items()}))


def join(items: list[str], lang: str) -> str:
    """``a, b and c`` / ``a, b et c``."""
    if len(items) <= 1:
        return "".join(items)
    last = " et " if lang == "fr" else " and "
    return ", ".join(items[:-1]) + last + items[-1]
