"""Which clauses of the library apply to a project, why, and where each one stands.

Pure functions of the validated project and the clause library, shared by the lint rules and
the checklist documents, so that what lint reports and what the checklist prints cannot
disagree. Nothing here is worded for a reader: reasons are structured (contract types, facts)
and the templates turn them into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cdc.contract.catalogue import Clause, ClauseLibrary, Fact, Level
from cdc.model import Project
from cdc.model.contract import ClauseState
from cdc.model.enums import (
    ClauseStatus,
    ContractFrame,
    ContractMethod,
    ContractType,
    Procurement,
)

#: The European Economic Area: the 27 EU member states, Iceland, Liechtenstein and Norway.
EEA = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    }
)


class Need(StrEnum):
    """How much a clause is needed in this project."""

    required = "required"
    optional = "optional"


@dataclass(frozen=True)
class Applicable:
    """A clause that applies to the project, with the reasons and its recorded state."""

    clause: Clause
    need: Need
    #: Contract types of the project for which the clause is core.
    core_for: tuple[ContractType, ...]
    #: Contract types of the project for which the clause is optional.
    optional_for: tuple[ContractType, ...]
    #: Project facts that require the clause.
    facts: tuple[Fact, ...]
    #: Whether the organisation or project catalogue requires it in every project.
    policy: bool
    status: ClauseStatus
    #: The entry of contract.clauses, if the project records one (its index in that list too).
    state: ClauseState | None
    state_index: int | None
    #: Dotted paths of the project file that describe the clause's terms.
    stated_in: tuple[str, ...]


def project_facts(project: Project) -> set[Fact]:
    """The facts of :class:`Fact` that hold for this project."""
    facts: set[Fact] = set()
    pd = project.personal_data
    if pd is not None and pd.processed_by_vendor:
        facts.add(Fact.personal_data)
        if pd.call_recording:
            facts.add(Fact.call_recording)
        if pd.special_categories:
            facts.add(Fact.special_categories)
    if outside_eea_countries(project) or (pd is not None and pd.transfers):
        facts.add(Fact.outside_eea)
    if project.project.procurement is Procurement.public:
        facts.add(Fact.public_procurement)
    contract = project.contract
    if contract is not None:
        if contract.frame is ContractFrame.ccag_tic_2021:
            facts.add(Fact.ccag_tic)
        if contract.escrow is not None and contract.escrow.required:
            facts.add(Fact.escrow_requested)
        if contract.method is ContractMethod.agile:
            facts.add(Fact.agile_method)
    return facts


def outside_eea_countries(project: Project) -> list[str]:
    """Hosting countries (technical.hosting.countries) that are outside the EEA."""
    technical = project.technical
    if technical is None or technical.hosting is None:
        return []
    return [c for c in technical.hosting.countries if c not in EEA]


def is_stated(project: Project, path: str) -> bool:
    """Whether the project file gives a value at dotted ``path`` (None and empty lists do not)."""
    node: object = project
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return False
    return not (isinstance(node, list | dict | str) and not node)


def contract_types(project: Project) -> tuple[ContractType, ...]:
    """The project's contract types, without duplicates, in the order written."""
    if project.contract is None:
        return ()
    return tuple(dict.fromkeys(project.contract.types))


def clause_states(project: Project) -> dict[str, tuple[int, ClauseState]]:
    """The first entry of contract.clauses for each clause id, with its index."""
    out: dict[str, tuple[int, ClauseState]] = {}
    if project.contract is not None:
        for i, state in enumerate(project.contract.clauses):
            out.setdefault(state.id, (i, state))
    return out


def applicable_clauses(project: Project, library: ClauseLibrary) -> list[Applicable]:
    """Every clause that applies to the project: required ones first, each in catalogue order.

    A clause is required when it is core for one of the project's contract types, when a
    project fact requires it, or when a user catalogue requires it everywhere; optional when it
    is optional for one of the types. A clause the project gives a status for is always listed
    (as optional if nothing else makes it apply), so no recorded decision disappears.
    """
    types = contract_types(project)
    facts = project_facts(project)
    states = clause_states(project)
    required: list[Applicable] = []
    optional: list[Applicable] = []
    for clause in library.clauses.values():
        core_for = tuple(t for t in types if clause.types.get(t) is Level.core)
        optional_for = tuple(t for t in types if clause.types.get(t) is Level.optional)
        hits = tuple(f for f in clause.triggers if f in facts)
        recorded = states.get(clause.id)
        if clause.required or core_for or hits:
            need = Need.required
        elif optional_for or recorded is not None:
            need = Need.optional
        else:
            continue
        index, state = recorded if recorded is not None else (None, None)
        item = Applicable(
            clause=clause,
            need=need,
            core_for=core_for,
            optional_for=optional_for,
            facts=hits,
            policy=clause.required,
            status=state.status if state is not None else ClauseStatus.todo,
            state=state,
            state_index=index,
            stated_in=tuple(p for p in clause.stated_by if is_stated(project, p)),
        )
        (required if need is Need.required else optional).append(item)
    return required + optional
