"""The rule registry: one small function per rule, with a stable id and a documented purpose.

A rule receives a :class:`LintContext` (the validated project and where each value came from)
and yields :class:`Hit` objects that point at a data path; the engine turns them into located
findings. Rules never print, never raise for bad data, and never import presentation code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cdc.core.findings import Severity
from cdc.linting.text import walk_text
from cdc.model import Project
from cdc.reading.consultation import LoadedRegister
from cdc.reading.yamlsrc import Path_, SourceMap

CATEGORIES = (
    "schema",
    "requirements",
    "evaluation",
    "raci",
    "glossary",
    "planning",
    "structure",
    "contract",
    "gdpr",
    "consultation",
    "execution",
    "waiver",
)


@dataclass(frozen=True)
class Hit:
    """What a rule found: a message about the value at ``path`` (the key itself if ``key``)."""

    path: Path_
    message: str
    subject: str | None = None
    key: bool = False
    #: Character offset inside the string at ``path`` (points at a word in a long text).
    offset: int | None = None
    #: Where ``path`` points when it is not in the project file: another file read beside it
    #: (the questions register); None for the project file.
    source: SourceMap | None = None


@dataclass
class LintContext:
    """Everything a rule may look at."""

    project: Project
    data: dict[str, Any]
    source: SourceMap
    #: The questions register beside the project (``cdc.reading.consultation``), when present
    #: and valid; rules that check it are silent otherwise.
    questions: LoadedRegister | None = None

    @cached_property
    def texts(self) -> list[tuple[Path_, str]]:
        """Every prose string of the file with its path (computed once, shared by rules)."""
        return list(walk_text(self.data))


Check = Callable[[LintContext], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: identity, default severity, and the check (None for loader-emitted rules)."""

    id: str
    name: str
    severity: Severity
    category: str
    summary: str
    check: Check | None = None

    @property
    def doc(self) -> str:
        """The longer explanation (the check's docstring), shown by ``--list-rules --format json``."""
        if self.check is not None and self.check.__doc__:
            return " ".join(self.check.__doc__.split())
        return self.summary


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; ids and names must be unique."""
    if rule.id in RULES:
        raise ValueError(f"duplicate rule id {rule.id}")
    if any(r.name == rule.name for r in RULES.values()):
        raise ValueError(f"duplicate rule name {rule.name}")
    if rule.category not in CATEGORIES:
        raise ValueError(f"unknown category {rule.category}")
    RULES[rule.id] = rule
    return rule


def rule(
    id: str, name: str, severity: Severity, category: str, summary: str
) -> Callable[[Check], Check]:
    """Decorator registering a check function as a rule."""

    def wrap(func: Check) -> Check:
        register(Rule(id, name, severity, category, summary, func))
        return func

    return wrap


def ordered_rules() -> list[Rule]:
    """Rules in documentation order: by category (as in CATEGORIES), then id."""
    return sorted(RULES.values(), key=lambda r: (CATEGORIES.index(r.category), r.id))


def find_rule(key: str) -> Rule | None:
    """A rule by id (``REQ004``) or name (``vague-word``), case-insensitive."""
    upper = key.upper()
    if upper in RULES:
        return RULES[upper]
    lower = key.lower()
    return next((r for r in RULES.values() if r.name == lower), None)
