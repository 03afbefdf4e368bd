"""Findings: what lint (and the loader) report, as data. Reporters format them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from cdc.core.safetext import printable, safe_line


class Severity(StrEnum):
    """Severity of a lint finding."""

    error = "error"
    warning = "warning"
    info = "info"


_SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


class Mark(NamedTuple):
    """A position in a source file; line and column are 1-based, as editors show them.

    A named tuple rather than a dataclass: the loader makes one per key and value of a large
    project, and tuples are the cheapest immutable record Python builds.
    """

    path: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a project, located in its file."""

    mark: Mark
    severity: Severity
    rule: str
    message: str
    subject: str | None = None
    waiver: str | None = None

    @property
    def waived(self) -> bool:
        """True when a waiver in the project file accepted this finding."""
        return self.waiver is not None

    @property
    def effective_severity(self) -> Severity:
        """Severity that counts for the exit code: a waived finding counts as info."""
        return Severity.info if self.waived else self.severity

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        """Order by file, line, column, then severity and rule, so reports are stable."""
        return (
            self.mark.path,
            self.mark.line,
            self.mark.col,
            _SEVERITY_ORDER[self.severity],
            self.rule,
            self.message,
        )

    def text(self) -> str:
        """The one-line form editors and CI parse: ``PATH:LINE:COL: severity RULE message``.

        User text in it (path, message, justification) is shown with control characters and
        line breaks escaped, so one finding is one line, no escape sequence reaches a terminal,
        and no line can start a GitHub Actions workflow command (a path that begins with ``::``
        is written ``./::…``).
        """
        m = self.mark
        path = printable(m.path)
        if path.lstrip().startswith("::"):
            path = "./" + path
        base = (
            f"{path}:{m.line}:{m.col}: {self.effective_severity.value} {self.rule} "
            f"{printable(self.message)}"
        )
        if self.waiver is not None:
            base += f" [waived: {printable(self.waiver)}]"
        return safe_line(base)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Findings sorted by file and position, duplicates removed."""
    unique = {(f.mark, f.severity, f.rule, f.message, f.subject): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    """How many findings of each effective severity."""
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.effective_severity] += 1
    return counts
