"""The risk register by phase: the legal risks of design, deployment and operation, worded.

A customer-relationship project carries different legal risks at each phase (the vendors'
competence and the ownership of studies when the solution is chosen, liability and prior
formalities when it is deployed, customer protection and confidentiality when it runs). The
lines are data (``phase_risks`` of the clause catalogue); this module keeps those that apply to
the project and words them for the contract checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdc.contract._words import label
from cdc.contract.catalogue import ClauseLibrary, ProjectPhase
from cdc.contract.evaluate import project_facts
from cdc.model import Project


@dataclass(frozen=True)
class RiskLine:
    """One risk of the register, in the project's language."""

    id: str
    phase: ProjectPhase
    phase_label: str
    title: str
    guidance: str
    reference: str


def phase_risks(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> tuple[RiskLine, ...]:
    """The risks that apply, phase by phase (a line with triggers needs one of its facts)."""
    lang = project.project.language.value
    facts = project_facts(project)
    order = list(ProjectPhase)
    kept = [r for r in library.phase_risks if not r.triggers or facts.intersection(r.triggers)]
    kept.sort(key=lambda r: order.index(r.phase))  # stable: catalogue order within a phase
    return tuple(
        RiskLine(
            id=r.id,
            phase=r.phase,
            phase_label=label(labels, "project_phase", r.phase.value),
            title=r.title.get(lang),
            guidance=r.guidance.get(lang),
            reference=r.reference.get(lang),
        )
        for r in kept
    )
