"""Figures derived from a project: weights down the tree, channel shares, groupings, the RACI grid.

Pure functions of the model, shared by the documents and the scoring, so that what vendors read
and how they are scored cannot disagree. Nothing here formats text for a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cdc.model import Project
from cdc.model.context import CurrentChannel
from cdc.model.enums import CriterionKind, MilestoneKind, ObjectiveList, Priority
from cdc.model.evaluation import Criterion
from cdc.model.governance import Milestone, Role
from cdc.model.needs import Objective, Requirement, RequirementSection

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class WeightedCriterion:
    """A criterion with its weight relative to its siblings and its absolute weight (0–1)."""

    criterion: Criterion
    depth: int
    parent: str | None
    relative: Decimal
    absolute: Decimal

    @property
    def is_leaf(self) -> bool:
        """Leaves are the criteria that receive notes."""
        return not self.criterion.children

    @property
    def kind(self) -> CriterionKind | None:
        """The leaf kind (requirements unless stated); None for a branch."""
        if self.criterion.children:
            return None
        return self.criterion.kind or CriterionKind.requirements


def weighted_criteria(criteria: list[Criterion]) -> list[WeightedCriterion]:
    """Depth-first list of criteria with relative (w / Σ siblings) and absolute weights.

    Siblings whose weights sum to zero get equal shares, so no division by zero ever happens
    (lint reports such weights as an error anyway).
    """
    out: list[WeightedCriterion] = []

    def visit(nodes: list[Criterion], depth: int, parent: str | None, base: Decimal) -> None:
        total = sum((n.weight for n in nodes), ZERO)
        for node in nodes:
            relative = node.weight / total if total > 0 else ONE / len(nodes)
            absolute = base * relative
            out.append(WeightedCriterion(node, depth, parent, relative, absolute))
            if node.children:
                visit(node.children, depth + 1, node.id, absolute)

    if criteria:
        visit(criteria, 0, None, ONE)
    return out


@dataclass(frozen=True)
class ChannelShare:
    """One current channel with its share of the yearly volume."""

    channel: CurrentChannel
    share: Decimal | None


@dataclass(frozen=True)
class ChannelSynthesis:
    """The synthetic table of current channels, with totals."""

    rows: list[ChannelShare]
    total_volume: int | None
    total_positions: int | None
    weighted_handling_minutes: Decimal | None


def channel_synthesis(channels: list[CurrentChannel]) -> ChannelSynthesis:
    """Shares of volume per channel, totals, and the volume-weighted average handling time."""
    volumes = [c.yearly_volume for c in channels if c.yearly_volume is not None]
    total = sum(volumes) if volumes else None
    rows = [
        ChannelShare(
            c,
            Decimal(c.yearly_volume) / Decimal(total)
            if total and c.yearly_volume is not None
            else None,
        )
        for c in channels
    ]
    positions = [c.positions for c in channels if c.positions is not None]
    timed = [
        (Decimal(c.yearly_volume), Decimal(str(c.handling_minutes)))
        for c in channels
        if c.yearly_volume and c.handling_minutes is not None
    ]
    timed_volume = sum((v for v, _ in timed), ZERO)
    weighted = sum((v * m for v, m in timed), ZERO) / timed_volume if timed_volume > 0 else None
    return ChannelSynthesis(rows, total, sum(positions) if positions else None, weighted)


@dataclass(frozen=True)
class ObjectiveGroup:
    """Objectives of one list, most important first.

    ``details_column``: whether the tables give the objectives' descriptions a column of their
    own — only when at least half of all objectives have one; otherwise the few there are go
    under their objective's title, not in a column of empty cells.
    """

    group: ObjectiveList
    objectives: list[Objective]
    details_column: bool = True


PRIORITY_ORDER = {Priority.must: 0, Priority.should: 1, Priority.could: 2, Priority.watch: 3}


def objective_groups(objectives: list[Objective]) -> list[ObjectiveGroup]:
    """Objectives grouped by list (in the enum's order), sorted by priority within a list."""
    described = sum(1 for o in objectives if o.description)
    column = described * 2 >= len(objectives)
    groups = []
    for group in ObjectiveList:
        items = [o for o in objectives if o.group is group]
        if items:
            items.sort(key=lambda o: PRIORITY_ORDER[o.priority])
            groups.append(ObjectiveGroup(group, items, column))
    return groups


@dataclass(frozen=True)
class SectionRequirements:
    """A section of the catalogue and its requirements, in file order."""

    section: RequirementSection
    requirements: list[Requirement]


def requirements_by_section(project: Project) -> list[SectionRequirements]:
    """The catalogue by declared section; requirements of undeclared sections come last."""
    declared = {s.id for s in project.requirement_sections}
    out = [
        SectionRequirements(s, [r for r in project.requirements if r.section == s.id])
        for s in project.requirement_sections
    ]
    orphans = [r for r in project.requirements if r.section not in declared]
    if orphans:
        out.append(SectionRequirements(RequirementSection(id="_", title="—"), orphans))
    return [s for s in out if s.requirements]


def priority_counts(requirements: list[Requirement]) -> dict[Priority, int]:
    """How many requirements of each priority."""
    counts = dict.fromkeys(Priority, 0)
    for r in requirements:
        counts[r.priority] += 1
    return counts


@dataclass(frozen=True)
class RaciLine:
    """One activity of the grid: letters per role (in the grid's role order) and problems."""

    activity: str
    letters: list[str]
    problems: list[str]


@dataclass(frozen=True)
class RaciGrid:
    """The RACI matrix as a grid: activities × roles, with per-activity problems."""

    roles: list[Role]
    rows: list[RaciLine]

    @property
    def letters_used(self) -> frozenset[str]:
        """Every letter that appears in the matrix (the legend lists only those)."""
        return frozenset(ch for row in self.rows for cell in row.letters for ch in cell)


def raci_grid(project: Project) -> RaciGrid | None:
    """Roles in declaration order (plus undeclared ones used), letters, and consistency notes."""
    governance = project.governance
    if governance is None or not governance.raci:
        return None
    roles = list(governance.roles)
    known = {r.id for r in roles}
    for row in governance.raci:
        for role_id in row.assignments:
            if role_id not in known:
                roles.append(Role(id=role_id, name=role_id))
                known.add(role_id)
    rows = []
    for row in governance.raci:
        letters = [row.assignments.get(r.id, "") for r in roles]
        problems = []
        accountable = sum(1 for v in row.assignments.values() if "A" in v)
        if accountable != 1:
            problems.append("accountable")
        if not any("R" in v for v in row.assignments.values()):
            problems.append("responsible")
        rows.append(RaciLine(row.activity, letters, problems))
    return RaciGrid(roles, rows)


MILESTONE_RANK = {k: n for n, k in enumerate(MilestoneKind)}


def sorted_milestones(milestones: list[Milestone]) -> list[Milestone]:
    """Milestones by date, then by their natural order."""
    return sorted(milestones, key=lambda m: (m.date, MILESTONE_RANK[m.kind]))


def budget_total(project: Project) -> Decimal | None:
    """Sum of the current annual cost lines."""
    existing = project.existing
    if existing is None or existing.budget is None or not existing.budget.lines:
        return None
    return sum((line.annual_amount for line in existing.budget.lines), ZERO)
