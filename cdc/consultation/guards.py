"""Guard rails: the changes a buyer should not publish without thinking twice.

Enters: the two projects and their :func:`~cdc.consultation.changes.compare_projects` list.
Leaves: :class:`GuardWarning` values, each with the rule that fired, the items concerned and the
reason a buyer must weigh (equal treatment of candidates, time to answer). They are warnings: a
buyer may have to make such a change, and the addendum then says it plainly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdc.consultation.changes import (
    METHOD,
    Change,
    ChangeKind,
    changed_requirement_ids,
    content_changes,
)
from cdc.model import Project
from cdc.model.enums import MilestoneKind, Priority

#: Rule id → (name, reason): the reason is printed with every warning of that rule.
GUARDS: dict[str, tuple[str, str]] = {
    "VER001": (
        "method-after-publication",
        "candidates prepared their offers under the published weights and price method; changing "
        "how offers are judged after publication exposes the award to a challenge for breach of "
        "equal treatment and transparency",
    ),
    "VER002": (
        "must-after-publication",
        "an eliminatory requirement added or hardened after publication may exclude a candidate "
        "that prepared its offer in good faith; give every candidate the time to adapt",
    ),
    "VER003": (
        "late-change",
        "a change to what candidates must offer or how they are judged, this close to the answer "
        "deadline, leaves them too little time to adapt their offers; move the deadline",
    ),
    "VER004": (
        "version-not-bumped",
        "two different texts under one version number: responses cannot say which one they "
        "answered, and the addendum has nothing to name",
    ),
    "VER005": (
        "revision-not-set",
        "the response grid marks the rows whose requirement names the current version in "
        "'revision'; a changed row without it is not marked, and a vendor may miss it",
    ),
}


@dataclass(frozen=True)
class GuardWarning:
    """One guard rail that fired: its rule id, the items concerned and the facts behind it."""

    rule: str
    targets: tuple[str, ...]
    message: str

    @property
    def name(self) -> str:
        """The rule's readable name (e.g. ``late-change``)."""
        return GUARDS[self.rule][0]

    @property
    def reason(self) -> str:
        """Why the rule exists: what the buyer risks."""
        return GUARDS[self.rule][1]


def _milestone(project: Project, kind: MilestoneKind) -> dt.date | None:
    if project.planning is None:
        return None
    dates = [m.date for m in project.planning.milestones if m.kind is kind]
    return min(dates) if dates else None


def is_published(old: Project, new: Project) -> bool:
    """Whether ``old`` had reached candidates when ``new`` was dated.

    Its publication milestone decides (on or before the new version's date); without one, an
    older version listed in the new version's history was published.
    """
    published = _milestone(old, MilestoneKind.publication) or _milestone(
        new, MilestoneKind.publication
    )
    if published is not None:
        return published <= new.project.date
    return any(v.version == old.project.version for v in new.project.versions)


def guard_rails(old: Project, new: Project, changes: list[Change]) -> list[GuardWarning]:
    """The guard rails that fire for this change of version, in rule order."""
    out: list[GuardWarning] = []
    published = is_published(old, new)
    method = [c for c in changes if c.kind in METHOD]
    if published and method:
        targets = tuple(dict.fromkeys(c.target for c in method))
        out.append(
            GuardWarning(
                "VER001",
                targets,
                f"the evaluation method changed after publication: {', '.join(targets)}",
            )
        )
    musts = [
        c
        for c in changes
        if (c.kind is ChangeKind.requirement_added and c.priority == Priority.must.value)
        or (c.kind is ChangeKind.requirement_priority and c.after == Priority.must.value)
    ]
    if published and musts:
        targets = tuple(c.target for c in musts)
        out.append(
            GuardWarning(
                "VER002",
                targets,
                f"must-have requirement added or hardened after publication: {', '.join(targets)}",
            )
        )
    out.extend(_late(old, new, changes))
    content = content_changes(changes)
    if content and old.project.version == new.project.version:
        out.append(
            GuardWarning(
                "VER004",
                (new.project.version,),
                f"the content changed ({len(content)} change(s)) but the version is still "
                f"{new.project.version}",
            )
        )
    revisions = {r.id: r.revision for r in new.requirements}
    unmarked = tuple(
        rid for rid in changed_requirement_ids(changes) if revisions.get(rid) != new.project.version
    )
    if unmarked and old.project.version != new.project.version:
        out.append(
            GuardWarning(
                "VER005",
                unmarked,
                f"changed in version {new.project.version} but 'revision' does not say so: "
                f"{', '.join(unmarked)}",
            )
        )
    return out


def _late(old: Project, new: Project, changes: list[Change]) -> list[GuardWarning]:
    substantial = [c for c in changes if c.substantial]
    deadline = _milestone(old, MilestoneKind.answers_due)
    moved_to = _milestone(new, MilestoneKind.answers_due)
    if not substantial or deadline is None:
        return []
    notice = new.planning.change_notice_days if new.planning else 10
    left = (deadline - new.project.date).days
    if left >= notice or (moved_to is not None and moved_to > deadline):
        return []
    targets = tuple(dict.fromkeys(c.target for c in substantial))
    return [
        GuardWarning(
            "VER003",
            targets,
            f"{len(substantial)} substantial change(s) dated {new.project.date.isoformat()}, "
            f"{left} day(s) before the answer deadline {deadline.isoformat()} (fewer than "
            f"planning.change_notice_days = {notice}), and the deadline was not moved",
        )
    ]
