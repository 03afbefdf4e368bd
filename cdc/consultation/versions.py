"""The version history a project declares (``project.versions``), read by name."""

from __future__ import annotations

from cdc.model import Project
from cdc.model.context import VersionEntry


def version_ids(project: Project) -> list[str]:
    """Every version the project names: its history, oldest first, then the current one."""
    ids = [v.version for v in project.project.versions]
    if project.project.version not in ids:
        ids.append(project.project.version)
    return ids


def previous_entry(project: Project) -> VersionEntry | None:
    """The history entry just before the current version (None for a first version).

    The current version is ``project.version``; the entry before it in the history is the one an
    addendum compares with (its ``source`` says where its text is kept).
    """
    history = project.project.versions
    names = [v.version for v in history]
    current = project.project.version
    index = names.index(current) if current in names else len(history)
    return history[index - 1] if index > 0 else None
