"""The consultation while it is open: what changed between two versions, and its guard rails.

Enters: validated projects (:class:`~cdc.model.Project`), the older version first. Leaves: typed
changes (:func:`compare_projects`), the guard rails they trip (:func:`guard_rails`), and their
text and JSON forms (:func:`diff_text`, :func:`diff_data`). Pure: nothing here reads a file, a
git revision or a clock — :mod:`cdc.reading.git` and :mod:`cdc.cli` do that.
"""

from __future__ import annotations

from cdc.consultation.changes import (
    METHOD,
    SUBSTANTIAL,
    Change,
    ChangeKind,
    changed_requirement_ids,
    compare_projects,
    content_changes,
)
from cdc.consultation.guards import GUARDS, GuardWarning, guard_rails, is_published
from cdc.consultation.report import DIFF_FORMAT, change_english, diff_data, diff_json, diff_text
from cdc.consultation.versions import previous_entry, version_ids
from cdc.consultation.words import word_changes

__all__ = [
    "DIFF_FORMAT",
    "GUARDS",
    "METHOD",
    "SUBSTANTIAL",
    "Change",
    "ChangeKind",
    "GuardWarning",
    "change_english",
    "changed_requirement_ids",
    "compare_projects",
    "content_changes",
    "diff_data",
    "diff_json",
    "diff_text",
    "guard_rails",
    "is_published",
    "previous_entry",
    "version_ids",
    "word_changes",
]
