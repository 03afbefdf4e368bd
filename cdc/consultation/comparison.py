"""Two versions of a project compared in one value: the changes, the guard rails they trip,
and the report in either format, so the library API and ``cdc diff`` share one result."""

from __future__ import annotations

from dataclasses import dataclass

from cdc.consultation.changes import Change, compare_projects
from cdc.consultation.guards import GuardWarning, guard_rails
from cdc.consultation.report import diff_data, diff_json, diff_text
from cdc.model import Project


@dataclass(frozen=True)
class Comparison:
    """Two versions compared by meaning, with the guard rails the changes trip; the sources
    name the versions in the report (a file, or ``REV:path``)."""

    before: Project
    after: Project
    old_source: str
    new_source: str
    changes: list[Change]
    warnings: list[GuardWarning]

    def output(self, fmt: str) -> str:
        """The report as ``text`` or ``json``."""
        old, new = self.old_source, self.new_source
        if fmt == "json":
            data = diff_data(
                self.before, self.after, self.changes, self.warnings, old_source=old, new_source=new
            )
            return diff_json(data)
        return diff_text(
            self.before, self.after, self.changes, self.warnings, old_source=old, new_source=new
        )


def compare(before: Project, after: Project, old_source: str, new_source: str) -> Comparison:
    """What changed from ``before`` to ``after`` and the guard rails (VER001…) it trips."""
    changes = compare_projects(before, after)
    return Comparison(
        before, after, old_source, new_source, changes, guard_rails(before, after, changes)
    )
