"""Walking the free text of a project (for vague words, acronyms, glossary use, TODO markers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cdc.yamlsrc import Path_

#: Keys whose values are identifiers, addresses or codes, never prose.
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
        "rule",
        "target",
        "role",
        "members",
        "project_manager",
        "controller",
        "requirements",
        "assignments",
        "version",
        "revision",
        "date",
        "known_acronyms",
        "extra_vague_words",
    }
)


def walk_text(data: Any, path: Path_ = (), *, skip: frozenset[str] = NON_PROSE_KEYS) -> Iterator[
    tuple[Path_, str]
]:
    """Every prose string in ``data`` with its path, depth first, in file order."""
    stack: list[tuple[Path_, Any]] = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, dict):
            items = [(k, v) for k, v in node.items() if k not in skip]
            for key, value in reversed(items):
                stack.append(((*where, key), value))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                stack.append(((*where, index), node[index]))


def word_pattern(words: list[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``words`` as whole words."""
    parts = sorted({re.escape(w) for w in words if w}, key=len, reverse=True)
    return re.compile(r"(?<![\w/-])(?:" + "|".join(parts) + r")(?![\w/-])", re.IGNORECASE)
