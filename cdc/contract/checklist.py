"""The contract checklist's content: applicable clauses worded, penalties worked out, GDPR.

:func:`contract_checklist` is what the render context exposes as ``contract``: the checklist
document, the GDPR document and the spec's contract annex all print from it. Figures (cap in
money, days to reach the cap, daily rate) are computed here so templates only print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cdc.contract._words import join, label, words
from cdc.contract.catalogue import ClauseLibrary
from cdc.contract.customer import ControllerChecklist, controller_checklist
from cdc.contract.derogations import DerogationList, derogation_list
from cdc.contract.evaluate import Applicable, Need, applicable_clauses, contract_types
from cdc.contract.gdpr import GdprChecklist, gdpr_checklist
from cdc.contract.penalties import SENSIBLE_CAP_PERCENT, PenaltyTerms, days_to_cap, effective_terms
from cdc.contract.risks import RiskLine, phase_risks
from cdc.model import Project
from cdc.model.enums import ClauseStatus, ContractType, LiabilityRegime


@dataclass(frozen=True)
class ClauseLine:
    """One clause of the checklist, worded in the project's language."""

    id: str
    title: str
    guidance: str
    reference: str
    need: Need
    need_label: str
    #: Why the clause is needed here, as a sentence.
    why: str
    status: ClauseStatus
    status_label: str
    #: The project's comment and, for a waived clause, the written reason (Markdown).
    comment: str | None
    reason: str | None
    #: Where the project file describes the clause's terms (dotted paths).
    stated_in: tuple[str, ...]
    #: "cdc" for a built-in clause; "user" when a user catalogue added or changed it.
    origin: str


@dataclass(frozen=True)
class DelayPenaltySummary:
    """Penalties for delay as they apply, with the figures a reader would work out by hand."""

    terms: PenaltyTerms
    #: Share of the late value due per day of delay, in percent (100 / divisor).
    daily_rate_percent: Decimal
    cap_amount: Decimal | None
    #: Days of delay on the whole contract value after which the cap is reached.
    days_to_cap: int | None
    #: Whether CCAG-TIC 2021 defaults fill settings the project leaves out.
    uses_defaults: bool
    uncapped: bool
    cap_too_high: bool
    sensible_cap_percent: Decimal


@dataclass(frozen=True)
class CreditLine:
    """A service level with its credit and cap."""

    indicator: str
    target: str
    credit: Decimal | None
    cap: Decimal | None
    uncapped: bool


@dataclass(frozen=True)
class ContractChecklist:
    """Everything the checklist and GDPR documents print, computed once."""

    catalogue_version: str
    types: tuple[ContractType, ...]
    required: tuple[ClauseLine, ...]
    optional: tuple[ClauseLine, ...]
    #: Count of required clauses per status value (todo, included, negotiated, waived).
    status_counts: dict[str, int]
    todo_required: int
    #: Reference of every clause of the library, by id (for the thematic sections).
    references: dict[str, str]
    delay: DelayPenaltySummary | None
    credits: tuple[CreditLine, ...]
    credits_uncapped: bool
    liability_excluded: bool
    gdpr: GdprChecklist
    #: The buyer's own lines: duties towards customers and call-recording terms.
    controller: ControllerChecklist
    #: The risk register by phase (design, deployment, operation).
    risks: tuple[RiskLine, ...]
    #: Under the CCAG-TIC 2021: every departure from its defaults (the CCAP's last article).
    derogations: DerogationList | None = None


def _why(item: Applicable, labels: dict[str, Any], lang: str) -> str:
    parts = []
    if item.core_for:
        names = [label(labels, "contract_type", t.value) for t in item.core_for]
        parts.append(words(labels, "checklist", "core_for", types=join(names, lang)))
    if item.facts:
        names = [label(labels, "clause_fact", f.value) for f in item.facts]
        parts.append(words(labels, "checklist", "required_by", facts=join(names, lang)))
    if item.policy:
        parts.append(label(labels, "checklist", "policy"))
    if item.optional_for and not parts:
        names = [label(labels, "contract_type", t.value) for t in item.optional_for]
        parts.append(words(labels, "checklist", "optional_for", types=join(names, lang)))
    if not parts:
        parts.append(label(labels, "checklist", "recorded_only"))
    sentence = "; ".join(parts) if lang == "en" else " ; ".join(parts)
    return sentence[:1].upper() + sentence[1:] + "."


def clause_lines(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> list[ClauseLine]:
    """The applicable clauses, worded (required first)."""
    lang = project.project.language.value
    out = []
    for item in applicable_clauses(project, library):
        clause = item.clause
        out.append(
            ClauseLine(
                id=clause.id,
                title=clause.title.get(lang),
                guidance=clause.guidance.get(lang),
                reference=clause.reference.get(lang),
                need=item.need,
                need_label=label(labels, "clause_need", item.need.value),
                why=_why(item, labels, lang),
                status=item.status,
                status_label=label(labels, "clause_status", item.status.value),
                comment=item.state.comment if item.state else None,
                reason=item.state.reason if item.state else None,
                stated_in=item.stated_in,
                origin="cdc" if library.origins.get(clause.id, "cdc") == "cdc" else "user",
            )
        )
    return out


def delay_summary(project: Project) -> DelayPenaltySummary | None:
    """The delay penalties in force (project settings, CCAG-TIC defaults under the CCAG-TIC)."""
    terms = effective_terms(project)
    if terms is None:
        return None
    cap = terms.cap_percent
    return DelayPenaltySummary(
        terms=terms,
        daily_rate_percent=Decimal(100) / terms.divisor,
        cap_amount=terms.cap_amount,
        days_to_cap=days_to_cap(terms),
        uses_defaults=terms.source != "project",
        uncapped=cap is None,
        cap_too_high=cap is not None and cap > SENSIBLE_CAP_PERCENT,
        sensible_cap_percent=SENSIBLE_CAP_PERCENT,
    )


def contract_checklist(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> ContractChecklist:
    """Compute the checklist of a project with a clause library, in the labels' language."""
    lang = project.project.language.value
    lines = clause_lines(project, library, labels)
    required = tuple(line for line in lines if line.need is Need.required)
    counts = {s.value: sum(1 for line in required if line.status is s) for s in ClauseStatus}
    contract = project.contract
    penalties = contract.penalties if contract else None
    credits = tuple(
        CreditLine(c.indicator, c.target, c.credit, c.cap, c.credit is not None and c.cap is None)
        for c in (penalties.service_credits if penalties else [])
    )
    liability = contract.liability if contract else None
    return ContractChecklist(
        catalogue_version=library.version,
        types=contract_types(project),
        required=required,
        optional=tuple(line for line in lines if line.need is Need.optional),
        status_counts=counts,
        todo_required=counts[ClauseStatus.todo.value],
        references={cid: c.reference.get(lang) for cid, c in library.clauses.items()},
        delay=delay_summary(project),
        credits=credits,
        credits_uncapped=any(c.uncapped for c in credits),
        liability_excluded=liability is not None and liability.regime is LiabilityRegime.excluded,
        gdpr=gdpr_checklist(project, library, labels),
        controller=controller_checklist(project, library, labels),
        risks=phase_risks(project, library, labels),
        derogations=derogation_list(project, labels),
    )
