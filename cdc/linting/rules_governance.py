"""Rules on the RACI matrix and the consultation planning."""

from __future__ import annotations

from collections.abc import Iterator

from cdc.core.findings import Severity
from cdc.core.suggest import did_you_mean
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model.enums import MilestoneKind

#: The natural order of milestones; ``other`` may stand anywhere.
MILESTONE_ORDER = [k for k in MilestoneKind if k is not MilestoneKind.other]


@rule("RAC001", "raci-accountable", Severity.error, "raci", "An activity has not exactly one A.")
def exactly_one_a(ctx: LintContext) -> Iterator[Hit]:
    """Accountability cannot be shared or missing: each activity has exactly one A."""
    governance = ctx.project.governance
    if governance is None:
        return
    for i, row in enumerate(governance.raci):
        holders = [role for role, letters in row.assignments.items() if "A" in letters]
        if len(holders) != 1:
            detail = "no role" if not holders else f"{len(holders)} roles ({', '.join(holders)})"
            yield Hit(
                ("governance", "raci", i, "assignments"),
                f"activity '{row.activity}' has {detail} accountable (A); it needs exactly one",
                row.activity,
                key=True,
            )


@rule("RAC002", "raci-responsible", Severity.error, "raci", "An activity has no R.")
def at_least_one_r(ctx: LintContext) -> Iterator[Hit]:
    """Someone must do the work: each activity has at least one R."""
    governance = ctx.project.governance
    if governance is None:
        return
    for i, row in enumerate(governance.raci):
        if not any("R" in letters for letters in row.assignments.values()):
            yield Hit(
                ("governance", "raci", i, "assignments"),
                f"activity '{row.activity}' has no responsible role (R)",
                row.activity,
                key=True,
            )


@rule(
    "RAC003",
    "unknown-role",
    Severity.error,
    "raci",
    "A RACI cell, the project manager or a committee member names an undeclared role.",
)
def unknown_role(ctx: LintContext) -> Iterator[Hit]:
    """Roles are declared once in governance.roles and referenced by id everywhere else."""
    governance = ctx.project.governance
    if governance is None:
        return
    declared = {r.id for r in governance.roles}
    for i, row in enumerate(governance.raci):
        for role in row.assignments:
            if role not in declared:
                yield Hit(
                    ("governance", "raci", i, "assignments", role),
                    f"activity '{row.activity}' names unknown role '{role}'"
                    + did_you_mean(role, declared),
                    role,
                    key=True,
                )
    if governance.project_manager and governance.project_manager not in declared:
        yield Hit(
            ("governance", "project_manager"),
            f"project manager names unknown role '{governance.project_manager}'"
            + did_you_mean(governance.project_manager, declared),
            governance.project_manager,
        )
    if governance.steering_committee is not None:
        for j, member in enumerate(governance.steering_committee.members):
            if member not in declared:
                yield Hit(
                    ("governance", "steering_committee", "members", j),
                    f"steering committee names unknown role '{member}'"
                    + did_you_mean(member, declared),
                    member,
                )


@rule("RAC004", "idle-role", Severity.warning, "raci", "A declared role appears in no RACI row.")
def idle_role(ctx: LintContext) -> Iterator[Hit]:
    """A role with nothing to do is either missing from the matrix or not needed."""
    governance = ctx.project.governance
    if governance is None or not governance.raci:
        return
    used = {role for row in governance.raci for role in row.assignments}
    for i, role in enumerate(governance.roles):
        if role.id not in used:
            yield Hit(
                ("governance", "roles", i, "id"),
                f"role '{role.id}' has nothing to do in the RACI matrix",
                role.id,
            )


@rule(
    "RAC005",
    "raci-single-role",
    Severity.warning,
    "raci",
    "One role holds every letter of an activity (or a letter is repeated in a cell).",
)
def single_role(ctx: LintContext) -> Iterator[Hit]:
    """An activity held by a single role consults and informs nobody: a matrix that says
    nothing about coordination. A repeated letter in a cell is a typo."""
    governance = ctx.project.governance
    if governance is None:
        return
    for i, row in enumerate(governance.raci):
        for role, letters in row.assignments.items():
            if len(set(letters)) != len(letters):
                yield Hit(
                    ("governance", "raci", i, "assignments", role),
                    f"activity '{row.activity}': letters '{letters}' repeat a letter",
                    row.activity,
                )
        if len(row.assignments) == 1:
            (role,) = row.assignments
            yield Hit(
                ("governance", "raci", i, "assignments"),
                f"activity '{row.activity}' involves only role '{role}'",
                row.activity,
                key=True,
            )


@rule(
    "PLA001",
    "milestones-order",
    Severity.error,
    "planning",
    "Milestones are dated out of their natural order.",
)
def milestones_order(ctx: LintContext) -> Iterator[Hit]:
    """Answers cannot be due before publication, nor a decision precede the demonstrations:
    dates must follow the natural order of the consultation."""
    planning = ctx.project.planning
    if planning is None:
        return
    rank: dict[MilestoneKind, int] = {k: n for n, k in enumerate(MILESTONE_ORDER)}
    ranked = [
        (i, m) for i, m in enumerate(planning.milestones) if m.kind is not MilestoneKind.other
    ]
    for i, m in ranked:
        for _j, other in ranked:
            if rank[other.kind] < rank[m.kind] and other.date > m.date:
                yield Hit(
                    ("planning", "milestones", i, "date"),
                    f"milestone '{m.kind.value}' ({m.date}) comes before "
                    f"'{other.kind.value}' ({other.date})",
                    m.kind.value,
                )
                break


@rule(
    "PLA002",
    "short-answer-window",
    Severity.warning,
    "planning",
    "Vendors get fewer days to answer than planning.min_answer_days.",
)
def short_answer_window(ctx: LintContext) -> Iterator[Hit]:
    """A rushed consultation gets rushed answers (and, in public procurement, may break the
    minimum time limits): keep at least the configured number of days to answer."""
    planning = ctx.project.planning
    if planning is None:
        return
    dates = {m.kind: (i, m.date) for i, m in enumerate(planning.milestones)}
    if MilestoneKind.publication in dates and MilestoneKind.answers_due in dates:
        _, published = dates[MilestoneKind.publication]
        i, due = dates[MilestoneKind.answers_due]
        days = (due - published).days
        if 0 <= days < planning.min_answer_days:
            yield Hit(
                ("planning", "milestones", i, "date"),
                f"vendors get {days} days to answer; the minimum set is {planning.min_answer_days}",
                "answers_due",
            )


@rule(
    "PLA003",
    "missing-milestone",
    Severity.warning,
    "planning",
    "The planning has no publication or no answer deadline.",
)
def missing_milestone(ctx: LintContext) -> Iterator[Hit]:
    """Vendors need to know when the consultation opens and when answers are due."""
    planning = ctx.project.planning
    if planning is None:
        return
    kinds = {m.kind for m in planning.milestones}
    for needed in (MilestoneKind.publication, MilestoneKind.answers_due):
        if needed not in kinds:
            yield Hit(
                ("planning", "milestones"),
                f"the planning has no '{needed.value}' milestone",
                needed.value,
                key=True,
            )
