"""Typed template contexts: everything a template may print, computed in Python.

Templates loop and print; they never add, divide or decide. Weights in percent, absolute
weights, counts, channel shares, the RACI grid and sorted lists are all computed here. A test
(``tests/test_render_context.py``) checks that every built-in template only uses these names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cdc.analysis.figures import (
    ChannelSynthesis,
    ObjectiveGroup,
    RaciGrid,
    SectionRequirements,
    WeightedCriterion,
    budget_total,
    channel_synthesis,
    objective_groups,
    priority_counts,
    raci_grid,
    requirements_by_section,
    sorted_milestones,
    weighted_criteria,
)
from cdc.contract.catalogue import ClauseLibrary, builtin_catalogue
from cdc.contract.checklist import ContractChecklist, contract_checklist
from cdc.model import Project
from cdc.model.enums import CriterionKind, Priority
from cdc.model.governance import GlossaryTerm, Milestone


@dataclass(frozen=True)
class DocumentInfo:
    """What every document prints in its header, footer and cover."""

    kind: str
    title: str
    lang: str
    generated_on: dt.date
    confidentiality: str
    header: str
    footer: str


@dataclass(frozen=True)
class VersionRow:
    """One line of the specification's version history table."""

    version: str
    date: dt.date
    #: What changed (Markdown); None for a project that lists no versions yet (its one row is
    #: the current version, which the template words as the first one).
    summary: str | None


def version_history(project: Project) -> list[VersionRow]:
    """The published versions, oldest first; a project listing none has its current version."""
    info = project.project
    if not info.versions:
        return [VersionRow(info.version, info.date, None)]
    return [VersionRow(v.version, v.date, v.summary) for v in info.versions]


@dataclass(frozen=True)
class SpecContext:
    """Context of every document built from a project (spec, grid, evaluation, glossary, RACI).

    ``project`` is the validated model (read-only in the sandbox); the other fields are derived.
    """

    project: Project
    labels: dict[str, Any]
    doc: DocumentInfo
    criteria: list[WeightedCriterion]
    leaf_criteria: list[WeightedCriterion]
    judgement_criteria: list[WeightedCriterion]
    price_criteria: list[WeightedCriterion]
    price_weight: Decimal
    channels: ChannelSynthesis | None
    objectives: list[ObjectiveGroup]
    sections: list[SectionRequirements]
    requirement_count: int
    priority_counts: dict[str, int]
    must_count: int
    raci: RaciGrid | None
    milestones: list[Milestone]
    budget_total: Decimal | None
    glossary: list[GlossaryTerm]
    has_personal_data: bool
    currency: str
    #: Contract and GDPR checklists (cdc.contract): the checklist and gdpr documents and the
    #: spec's contract annex print from it.
    contract: ContractChecklist | None = None
    #: The version history table, oldest first (:func:`version_history`).
    history: list[VersionRow] = field(default_factory=list)
    #: How many texts of the project still hold a TODO marker: while any does, every document
    #: is a draft (a banner on its first page, a mention in its running header).
    todo_markers: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_template_context(self) -> dict[str, Any]:
        """The names templates see (top-level fields, not a deep copy of the model)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def field_names() -> list[str]:
    """Names a template may use at the top level (for the context-contract test)."""
    return list(SpecContext.__dataclass_fields__)


def build_context(
    project: Project,
    labels: dict[str, Any],
    kind: str,
    *,
    clauses: ClauseLibrary | None = None,
    todo_markers: int = 0,
) -> SpecContext:
    """Compute the context of document ``kind`` (spec, grid, evaluation, glossary, raci)."""
    info = project.project
    lang = info.language.value
    doc_title = str(labels["doc"][kind])
    confidentiality = str(labels["confidentiality"][info.confidentiality.value])
    evaluation = project.evaluation
    criteria = weighted_criteria(evaluation.criteria) if evaluation is not None else []
    leaves = [c for c in criteria if c.is_leaf]
    prices = [c for c in leaves if c.kind is CriterionKind.price]
    counts = priority_counts(project.requirements)
    existing = project.existing
    version_label = labels["doc"]["version"]
    return SpecContext(
        project=project,
        labels=labels,
        doc=DocumentInfo(
            kind=kind,
            title=doc_title,
            lang=lang,
            generated_on=info.date,
            confidentiality=confidentiality,
            header=f"{info.title} — {doc_title} — {version_label} {info.version}",
            footer=f"{info.buyer.name} — {confidentiality}",
        ),
        criteria=criteria,
        leaf_criteria=leaves,
        judgement_criteria=[c for c in leaves if c.kind is CriterionKind.judgement],
        price_criteria=prices,
        price_weight=sum((c.absolute for c in prices), Decimal(0)),
        channels=channel_synthesis(existing.channels) if existing and existing.channels else None,
        objectives=objective_groups(project.needs.objectives) if project.needs else [],
        sections=requirements_by_section(project),
        requirement_count=len(project.requirements),
        priority_counts={p.value: n for p, n in counts.items()},
        must_count=counts[Priority.must],
        raci=raci_grid(project),
        milestones=sorted_milestones(project.planning.milestones) if project.planning else [],
        budget_total=budget_total(project),
        glossary=sorted(project.glossary, key=lambda t: t.term.casefold()),
        has_personal_data=bool(project.personal_data and project.personal_data.processed_by_vendor),
        currency=info.currency,
        contract=contract_checklist(project, clauses or builtin_catalogue(), labels),
        history=version_history(project),
        todo_markers=todo_markers,
    )
