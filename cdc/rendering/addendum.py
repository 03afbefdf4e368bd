"""The addendum: what changed since the previous version, worded for the candidates.

The previous version is the entry before the current one in ``project.versions``; its
``source`` (a file beside cdc.yaml or ``REV:path``) is read and compared with
:func:`cdc.consultation.compare_projects`. The template never compares anything: it receives an
:class:`AddendumView` — the changes grouped as a candidate reads them (requirements with their
old and new wording, evaluation method, planning, other terms), the new answer deadline when it
moved, the rows the new response grid marks, and what to do with responses already sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cdc.consultation import (
    Change,
    ChangeKind,
    changed_requirement_ids,
    compare_projects,
    previous_entry,
)
from cdc.core.errors import InputError, UsageError
from cdc.model import Project
from cdc.model.enums import MilestoneKind
from cdc.rendering.documents import DocumentBuilder
from cdc.rendering.tree import Document

#: Kinds shown in the requirements part (one block per requirement).
_REQUIREMENT_KINDS = frozenset(
    {
        ChangeKind.requirement_added,
        ChangeKind.requirement_removed,
        ChangeKind.requirement_reworded,
        ChangeKind.requirement_priority,
        ChangeKind.requirement_criterion,
        ChangeKind.requirement_section,
        ChangeKind.requirement_response,
    }
)
_EVALUATION_KINDS = frozenset(
    {
        ChangeKind.criterion_added,
        ChangeKind.criterion_removed,
        ChangeKind.criterion_weight,
        ChangeKind.criterion_moved,
        ChangeKind.price_method,
        ChangeKind.price_setting,
        ChangeKind.scale,
        ChangeKind.evaluation_setting,
    }
)
_PLANNING_KINDS = frozenset(
    {ChangeKind.milestone_added, ChangeKind.milestone_moved, ChangeKind.milestone_removed}
)


@dataclass(frozen=True)
class RequirementChange:
    """Everything that changed in one requirement, with both wordings."""

    id: str
    title: str
    section_title: str
    #: ``added``, ``removed`` or ``modified``.
    status: str
    priority: str | None
    text_before: str | None
    text_after: str | None
    title_before: str | None
    #: The runs of words that changed in the text (before, after).
    words: tuple[tuple[str, str], ...]
    #: Other attributes that moved: (field, before, after), e.g. ("priority", "should", "must").
    moves: tuple[tuple[str, str | None, str | None], ...]


@dataclass(frozen=True)
class MilestoneChange:
    """One date of the planning that moved, appeared or went away."""

    kind: str
    label: str | None
    field: str
    before: dt.date | None
    after: dt.date | None


@dataclass(frozen=True)
class AddendumView:
    """Everything the addendum template prints, computed in Python."""

    number: int
    version: str
    date: dt.date
    previous_version: str
    previous_date: dt.date
    summary: str | None
    instruction: str | None
    deadline_before: dt.date | None
    deadline_after: dt.date | None
    requirements: list[RequirementChange]
    evaluation: list[Change]
    planning: list[MilestoneChange]
    others: list[Change]
    #: Requirement ids whose row the new response grid marks as changed.
    changed_rows: list[str]
    #: Criterion id → title (new version, else old), to name criteria in the evaluation part.
    criterion_titles: dict[str, str]

    @property
    def deadline_moved(self) -> bool:
        """True when the answer deadline is not the one of the previous version."""
        return self.deadline_before != self.deadline_after


def _deadline(project: Project) -> dt.date | None:
    dates = [
        m.date
        for m in (project.planning.milestones if project.planning else [])
        if m.kind is MilestoneKind.answers_due
    ]
    return min(dates) if dates else None


def _requirement_changes(
    old: Project, new: Project, changes: list[Change]
) -> list[RequirementChange]:
    sections = {s.id: s.title for s in [*old.requirement_sections, *new.requirement_sections]}
    before = {r.id: r for r in old.requirements}
    after = {r.id: r for r in new.requirements}
    order: dict[str, list[Change]] = {}
    for change in changes:
        if change.kind in _REQUIREMENT_KINDS:
            order.setdefault(change.target, []).append(change)
    out = []
    for rid, items in order.items():
        old_req, new_req = before.get(rid), after.get(rid)
        req = new_req or old_req
        assert req is not None
        kinds = {c.kind for c in items}
        status = (
            "added"
            if ChangeKind.requirement_added in kinds
            else "removed"
            if ChangeKind.requirement_removed in kinds
            else "modified"
        )
        text = next(
            (c for c in items if c.kind is ChangeKind.requirement_reworded and c.field == "text"),
            None,
        )
        title = next(
            (c for c in items if c.kind is ChangeKind.requirement_reworded and c.field == "title"),
            None,
        )
        out.append(
            RequirementChange(
                id=rid,
                title=req.title,
                section_title=sections.get(req.section, req.section),
                status=status,
                priority=req.priority.value,
                text_before=old_req.text.strip() if old_req else None,
                text_after=new_req.text.strip() if new_req else None,
                title_before=title.before if title else None,
                words=text.words if text else (),
                moves=tuple(
                    (str(c.field), c.before, c.after)
                    for c in items
                    if c.kind
                    not in (
                        ChangeKind.requirement_added,
                        ChangeKind.requirement_removed,
                        ChangeKind.requirement_reworded,
                    )
                ),
            )
        )
    return out


def _milestones(old: Project, new: Project, changes: list[Change]) -> list[MilestoneChange]:
    out = []
    for change in changes:
        if change.kind not in _PLANNING_KINDS:
            continue
        kind, _, label = change.target.partition(": ")
        out.append(
            MilestoneChange(
                kind=kind,
                label=label or None,
                field=change.field or "date",
                before=dt.date.fromisoformat(change.before) if change.before else None,
                after=dt.date.fromisoformat(change.after) if change.after else None,
            )
        )
    return out


def addendum_view(old: Project, new: Project) -> AddendumView:
    """The addendum from ``old`` (the previous version) to ``new`` (the current one)."""
    changes = compare_projects(old, new)
    history = new.project.versions
    names = [v.version for v in history]
    here = names.index(new.project.version) if new.project.version in names else len(history)
    entry = history[here] if here < len(history) else None
    titles: dict[str, str] = {}
    for project in (old, new):
        stack = list(project.evaluation.criteria if project.evaluation else [])
        while stack:
            node = stack.pop()
            titles[node.id] = node.title
            stack.extend(node.children)
    return AddendumView(
        number=max(here, 1),
        version=new.project.version,
        date=new.project.date,
        previous_version=old.project.version,
        previous_date=old.project.date,
        summary=entry.summary if entry else None,
        instruction=entry.responses_instruction if entry else None,
        deadline_before=_deadline(old),
        deadline_after=_deadline(new),
        requirements=_requirement_changes(old, new, changes),
        evaluation=[c for c in changes if c.kind in _EVALUATION_KINDS],
        planning=_milestones(old, new, changes),
        others=[
            c
            for c in changes
            if c.kind not in (_REQUIREMENT_KINDS | _EVALUATION_KINDS | _PLANNING_KINDS)
            and c.kind not in (ChangeKind.version, ChangeKind.date)
        ],
        changed_rows=changed_requirement_ids(changes),
        criterion_titles=titles,
    )


def previous_version(project: Project, project_root: Path) -> Project:
    """The previous version named by ``project.versions`` (its ``source``), validated."""
    from cdc.reading.git import load_source

    entry = previous_entry(project)
    if entry is None or entry.source is None:
        raise UsageError(
            "addendum: project.versions names no previous version with a source (a file beside "
            "cdc.yaml or REV:path) to compare the current version with"
        )
    loaded = load_source(entry.source, base=project_root)
    if loaded.project is None:
        shown = "\n".join(f.text() for f in loaded.findings[:20])
        raise InputError(f"{loaded.display}: version {entry.version} does not validate:\n{shown}")
    return loaded.project


def has_addendum(project: Project) -> bool:
    """Whether the project declares a previous version to write an addendum against."""
    entry = previous_entry(project)
    return entry is not None and entry.source is not None


def build_addendum(builder: DocumentBuilder, project_root: Path) -> Document:
    """The tree of the addendum document (previous version read from its declared source)."""
    old = previous_version(builder.project, project_root)
    return builder.build("addendum", extra={"addendum": addendum_view(old, builder.project)})
