"""Walking the free text of a project (for vague words, acronyms, glossary use, TODO markers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cdc.reading.yamlsrc import Path_

#: Keys whose values are identifiers, addresses or codes wherever they appear, never prose.
NON_PROSE_KEYS = frozenset(
    {
        "id",
        "section",
        "criterion",
        "email",
        "phone",
        "website",
        "countries",
        "currency",
        "include",
        "members",
        "project_manager",
        "controller",
        "assignments",
        "version",
        "revision",
        "date",
        "status",  # contract.clauses[].status: the enum value "todo" is no TODO marker
    }
)
#: Top-level parts that hold settings, not document text.
NON_PROSE_PARTS = frozenset({"include", "lint", "waivers"})
#: A marker of unfinished text: lint reports it (STR006), rendering marks the documents drafts.
TODO_MARKER = re.compile(r"\b(?:TODO|FIXME|XXX)\b|à compléter|to be completed", re.IGNORECASE)


def todo_markers(data: Any) -> int:
    """How many prose strings of ``data`` (a project as plain data) hold a TODO marker."""
    return sum(1 for _, text in walk_text(data) if TODO_MARKER.search(text))


def is_prose(where: Path_, key: str, skip: frozenset[str]) -> bool:
    """Whether the value under ``key`` at ``where`` is document text.

    Some keys are ids only in one place: a scenario step's ``requirements`` lists requirement
    ids (the top-level ``requirements`` is the catalogue), an evaluator's ``role`` is a role id
    (a person's ``role`` is prose).
    """
    if key in skip:
        return False
    if not where:
        return key not in NON_PROSE_PARTS
    if key == "requirements" and where[0] == "scenario":
        return False
    return not (key == "role" and where[0] == "evaluation")


def walk_text(
    data: Any, path: Path_ = (), *, skip: frozenset[str] = NON_PROSE_KEYS
) -> Iterator[tuple[Path_, str]]:
    """Every prose string in ``data`` with its path, depth first, in file order."""
    stack: list[tuple[Path_, Any]] = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, dict):
            items = [(k, v) for k, v in node.items() if is_prose(where, k, skip)]
            for key, value in reversed(items):
                stack.append(((*where, key), value))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                stack.append(((*where, index), node[index]))


def word_pattern(words: list[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``words`` as whole words."""
    parts = sorted({re.escape(w) for w in words if w}, key=len, reverse=True)
    return re.compile(r"(?<![\w/-])(?:" + "|".join(parts) + r")(?![\w/-])", re.IGNORECASE)
