"""Rules on the contract (category ``contract``): clause library, penalties, SaaS and integration.

The clause rules share :func:`cdc.contract.evaluate.applicable_clauses` with the checklist
document, so lint and the checklist always agree on which clauses a project needs. The clause
library includes the user's catalogues (``CDC_CLAUSES`` and ``clauses.yaml`` next to the
project file); when one cannot be read, CON001 says why and the other rules use the built-in
library.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from cdc.contract.catalogue import (
    ORG_CATALOGUE_ENV,
    ClauseLibrary,
    builtin_catalogue,
    load_catalogue,
    user_catalogue_paths,
)
from cdc.contract.derogations import (
    CCAG_DEFAULTS,
    Value,
    derogations,
    stale_declarations,
    under_ccag,
)
from cdc.contract.evaluate import Need, applicable_clauses, contract_types
from cdc.contract.penalties import SENSIBLE_CAP_PERCENT, effective_terms
from cdc.core.errors import CdcError
from cdc.core.findings import Severity
from cdc.core.suggest import did_you_mean
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model.enums import AcceptancePhaseKind, ClauseStatus, ContractType, LiabilityRegime
from cdc.reading.yamlsrc import Path_

#: Words that name an availability commitment in a service-credit indicator.
_AVAILABILITY = re.compile(r"availab|disponib|uptime", re.IGNORECASE)


def _project_root(ctx: LintContext) -> Path | None:
    """The project folder, to find its ``clauses.yaml``.

    The lint context carries the source map, whose root entry is the project file as the user
    named it (relative to the working directory, which lint never changes).
    """
    root = getattr(ctx, "root", None)
    if isinstance(root, Path):
        return root
    mark = ctx.source.values.get(())
    return Path(mark.path).parent if mark is not None else None


@lru_cache(maxsize=8)
def _cached(root: Path | None, org: str, stamps: tuple[tuple[str, int], ...]) -> ClauseLibrary:
    return load_catalogue(root)


def _library(ctx: LintContext) -> tuple[ClauseLibrary, str | None]:
    """The clause library in use, and the reason it fell back to the built-in one."""
    root = _project_root(ctx)
    try:
        paths = user_catalogue_paths(root)
        stamps = tuple((str(p), p.stat().st_mtime_ns) for p in paths)
        return _cached(root, os.environ.get(ORG_CATALOGUE_ENV, ""), stamps), None
    except (CdcError, OSError) as exc:
        return builtin_catalogue(), str(exc)


# -- clause library ---------------------------------------------------------------------------
@rule(
    "CON001",
    "clause-catalogue",
    Severity.error,
    "contract",
    "A user clause catalogue (CDC_CLAUSES or clauses.yaml) cannot be read or is invalid.",
)
def clause_catalogue(ctx: LintContext) -> Iterator[Hit]:
    """The organisation's and the project's clause catalogues extend the built-in one; a broken
    one would silently drop the clauses the legal department added, so it is an error."""
    try:
        if not user_catalogue_paths(_project_root(ctx)):
            return  # the built-in catalogue alone is checked by the test suite
    except CdcError as exc:
        yield Hit(("contract",), f"clause catalogue: {exc}", key=True)
        return
    _, problem = _library(ctx)
    if problem is not None:
        yield Hit(("contract",), f"clause catalogue: {problem}", key=True)


@rule(
    "CON002",
    "unknown-clause",
    Severity.error,
    "contract",
    "A clause status names a clause that is not in the clause library.",
)
def unknown_clause(ctx: LintContext) -> Iterator[Hit]:
    """contract.clauses records statuses of library clauses by id; an unknown id is a typo or
    a clause missing from the user catalogue."""
    contract = ctx.project.contract
    if contract is None or not contract.clauses:
        return
    library, _ = _library(ctx)
    for i, state in enumerate(contract.clauses):
        if state.id not in library.clauses:
            yield Hit(
                ("contract", "clauses", i, "id"),
                f"clause '{state.id}' is not in the clause library"
                + (
                    f"{hint} (or add it to clauses.yaml next to the project file)"
                    if (hint := did_you_mean(state.id, library.clauses))
                    else " (add it to clauses.yaml next to the project file, or fix the id)"
                ),
                state.id,
            )


@rule(
    "CON003",
    "duplicate-clause-status",
    Severity.error,
    "contract",
    "A clause has two status entries in contract.clauses.",
)
def duplicate_clause_status(ctx: LintContext) -> Iterator[Hit]:
    """One clause, one status: two entries could disagree and the checklist shows only one."""
    contract = ctx.project.contract
    if contract is None:
        return
    seen: set[str] = set()
    for i, state in enumerate(contract.clauses):
        if state.id in seen:
            yield Hit(
                ("contract", "clauses", i, "id"),
                f"clause '{state.id}' already has a status",
                state.id,
            )
        seen.add(state.id)


@rule(
    "CON004",
    "waived-without-reason",
    Severity.error,
    "contract",
    "A clause is waived without a written reason.",
)
def waived_without_reason(ctx: LintContext) -> Iterator[Hit]:
    """Leaving a clause out is a decision the legal department must be able to justify later:
    a waived clause carries its reason."""
    contract = ctx.project.contract
    if contract is None:
        return
    for i, state in enumerate(contract.clauses):
        if state.status is ClauseStatus.waived and not (state.reason or "").strip():
            yield Hit(
                ("contract", "clauses", i, "status"),
                f"clause '{state.id}' is waived without a reason: write it under 'reason'",
                state.id,
            )


@rule(
    "CON005",
    "required-clause-todo",
    Severity.warning,
    "contract",
    "A required clause (core for a chosen contract type, or called for by a project fact) is still to do.",
)
def required_clause_todo(ctx: LintContext) -> Iterator[Hit]:
    """Before the consultation is published, every clause the contract types and the project's
    facts call for is included, negotiated, or waived with a reason (domain §3)."""
    contract = ctx.project.contract
    if contract is None:
        return
    library, _ = _library(ctx)
    for item in applicable_clauses(ctx.project, library):
        if item.need is not Need.required or item.status is not ClauseStatus.todo:
            continue
        if item.core_for:
            why = "core for " + ", ".join(t.value for t in item.core_for)
        elif item.facts:
            why = "called for by " + ", ".join(f.value for f in item.facts)
        else:
            why = "required by the clause catalogue"
        if item.state_index is not None:
            path: Path_ = ("contract", "clauses", item.state_index, "status")
        else:
            path = ("contract", "clauses") if contract.clauses else ("contract", "types")
        yield Hit(
            path,
            f"clause '{item.clause.id}' ({why}) is still to do: include, negotiate or waive it",
            item.clause.id,
            key=item.state_index is None,
        )


# -- SaaS and integration basics --------------------------------------------------------------
def _has(ctx: LintContext, kind: ContractType) -> bool:
    return kind in contract_types(ctx.project)


@rule(
    "CON006",
    "saas-without-reversibility",
    Severity.warning,
    "contract",
    "A SaaS contract has no reversibility plan.",
)
def saas_without_reversibility(ctx: LintContext) -> Iterator[Hit]:
    """With SaaS the data and the service live at the vendor's: without an exit plan, leaving
    is negotiated at the worst moment."""
    contract = ctx.project.contract
    if contract is None or not _has(ctx, ContractType.saas):
        return
    if contract.reversibility is None or not contract.reversibility.required:
        yield Hit(
            ("contract", "reversibility") if contract.reversibility else ("contract", "types"),
            "SaaS contract without a reversibility plan (contract.reversibility)",
            "reversibility",
            key=True,
        )


@rule(
    "CON007",
    "saas-without-data-location",
    Severity.warning,
    "contract",
    "A SaaS contract does not say where the data is located.",
)
def saas_without_data_location(ctx: LintContext) -> Iterator[Hit]:
    """Where data is hosted decides which law reaches it and whether a transfer tool is
    needed: state it (personal_data.locations or technical.hosting)."""
    if ctx.project.contract is None or not _has(ctx, ContractType.saas):
        return
    pd = ctx.project.personal_data
    hosting = ctx.project.technical.hosting if ctx.project.technical else None
    located = bool(pd and pd.locations) or bool(hosting and (hosting.location or hosting.countries))
    if not located:
        yield Hit(
            ("contract", "types"),
            "SaaS contract without a data location "
            "(personal_data.locations or technical.hosting.location/countries)",
            "data_location",
            key=True,
        )


@rule(
    "CON008",
    "saas-without-availability",
    Severity.warning,
    "contract",
    "A SaaS contract has no availability service level.",
)
def saas_without_availability(ctx: LintContext) -> Iterator[Hit]:
    """Availability is the first thing a hosted service owes: a committed level
    (technical.availability, or a service credit on availability) makes it enforceable."""
    contract = ctx.project.contract
    if contract is None or not _has(ctx, ContractType.saas):
        return
    technical = ctx.project.technical
    credits = contract.penalties.service_credits if contract.penalties else []
    if (technical is not None and technical.availability) or any(
        _AVAILABILITY.search(c.indicator) for c in credits
    ):
        return
    yield Hit(
        ("contract", "types"),
        "SaaS contract without an availability level "
        "(technical.availability, or a service credit on availability)",
        "sla",
        key=True,
    )


@rule(
    "CON009",
    "integration-without-acceptance",
    Severity.warning,
    "contract",
    "An integration contract has no acceptance plan with a functional check (VA or VABF) and a VSR.",
)
def integration_without_acceptance(ctx: LintContext) -> Iterator[Hit]:
    """An integration is paid for what works: without a functional check (VA/VABF) and a
    regular-service check (VSR), admission has no agreed test (CCAG-TIC art. 29–34)."""
    contract = ctx.project.contract
    if contract is None or not _has(ctx, ContractType.integration):
        return
    kinds = {p.kind for p in contract.acceptance.phases} if contract.acceptance else set()
    missing = []
    if not kinds & {AcceptancePhaseKind.va, AcceptancePhaseKind.vabf}:
        missing.append("a VA or VABF")
    if AcceptancePhaseKind.vsr not in kinds:
        missing.append("a VSR")
    if missing:
        yield Hit(
            ("contract", "acceptance") if contract.acceptance else ("contract", "types"),
            f"integration contract whose acceptance plan lacks {' and '.join(missing)}",
            "acceptance",
            key=True,
        )


# -- penalties, credits, liability --------------------------------------------------------------
@rule(
    "CON010", "uncapped-penalties", Severity.warning, "contract", "Penalties for delay have no cap."
)
def uncapped_penalties(ctx: LintContext) -> Iterator[Hit]:
    """Uncapped penalties are priced into every offer and are fragile in court; the CCAG-TIC
    caps them at 10 % of the contract amount (art. 14.1.2)."""
    terms = effective_terms(ctx.project)
    if terms is not None and terms.cap_percent is None:
        yield Hit(
            ("contract", "penalties", "delay"),
            "penalties for delay without a cap: set contract.penalties.delay.cap "
            "(a percentage of the contract amount)",
            "delay",
            key=True,
        )


@rule(
    "CON011",
    "penalty-cap-too-high",
    Severity.warning,
    "contract",
    "The cap of penalties for delay exceeds 20 % of the contract amount.",
)
def penalty_cap_too_high(ctx: LintContext) -> Iterator[Hit]:
    """Beyond a fifth of the contract amount a cap no longer limits much: vendors price the
    risk in, and a court may moderate the penalty anyway."""
    terms = effective_terms(ctx.project)
    cap = terms.cap_percent if terms is not None else None
    if cap is not None and cap > SENSIBLE_CAP_PERCENT:
        yield Hit(
            ("contract", "penalties", "delay", "cap"),
            f"penalty cap of {cap} % exceeds {SENSIBLE_CAP_PERCENT} % of the contract amount",
            "delay",
        )


@rule(
    "CON012",
    "uncapped-service-credit",
    Severity.warning,
    "contract",
    "A service credit has no cap.",
)
def uncapped_service_credit(ctx: LintContext) -> Iterator[Hit]:
    """Service credits without a cap are an unlimited commitment the vendor will price in."""
    contract = ctx.project.contract
    if contract is None or contract.penalties is None:
        return
    for i, credit in enumerate(contract.penalties.service_credits):
        if credit.credit is not None and credit.cap is None:
            yield Hit(
                ("contract", "penalties", "service_credits", i, "credit"),
                f"service credit on '{credit.indicator}' has no cap",
                credit.indicator,
            )


@rule(
    "CON013",
    "liability-excluded",
    Severity.warning,
    "contract",
    "The vendor's liability is excluded rather than capped.",
)
def liability_excluded(ctx: LintContext) -> Iterator[Hit]:
    """A partial liability of the software vendor is preferable to an exclusion, which may
    also empty the essential obligation (C. civ. art. 1170)."""
    contract = ctx.project.contract
    liability = contract.liability if contract is not None else None
    if liability is not None and liability.regime is LiabilityRegime.excluded:
        yield Hit(
            ("contract", "liability", "regime"),
            "the vendor's liability is excluded: prefer a capped liability",
            "liability",
        )


# -- CCAG-TIC derogations -----------------------------------------------------------------------
@rule(
    "CON014",
    "undeclared-ccag-derogation",
    Severity.warning,
    "contract",
    "A setting departs from the CCAG-TIC 2021 but contract.derogations does not list it.",
)
def undeclared_ccag_derogation(ctx: LintContext) -> Iterator[Hit]:
    """A contract that refers to the CCAG-TIC 2021 lists its derogations in the last article of
    the CCAP (CCAG-TIC 2021, arrêté of 30 March 2021). cdc computes them from the project's
    settings (cdc/contract/derogations.py: penalties art. 14, acceptance art. 29–33, warranty
    art. 36); one the buyer did not list as intended may be an oversight."""
    for d in derogations(ctx.project):
        if d.declared:
            continue
        default = CCAG_DEFAULTS[d.setting]
        caveat = "" if d.checked else ", to be checked by counsel"
        yield Hit(
            d.path,
            f"{d.setting.value} departs from the CCAG-TIC 2021 ({d.article}: "
            f"{_shown(d.default, default.unit)}, here {_shown(d.value, default.unit)}{caveat}) "
            "but contract.derogations does not list it: if intended, add "
            f"{{setting: {d.setting.value}, reason: ...}} to contract.derogations, else write the "
            "CCAG value",
            d.setting.value,
        )


@rule(
    "CON015",
    "listed-derogation-not-found",
    Severity.warning,
    "contract",
    "contract.derogations lists a setting that does not depart from the CCAG-TIC 2021.",
)
def listed_derogation_not_found(ctx: LintContext) -> Iterator[Hit]:
    """The CCAP's last article must list the real derogations, no more: a listed one that the
    project no longer makes (or a contract that does not refer to the CCAG-TIC) is stale."""
    ccag = under_ccag(ctx.project)
    for i, setting in stale_declarations(ctx.project):
        why = (
            "the project keeps the CCAG default"
            if ccag
            else "the contract does not refer to the CCAG-TIC 2021"
        )
        yield Hit(
            ("contract", "derogations", i, "setting"),
            f"derogation '{setting.value}' is listed but {why}",
            setting.value,
        )


def _shown(value: Value, unit: str) -> str:
    """A setting's value in lint messages (English, unlike the documents)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    units = {"percent": "{} %", "money": "{} €", "days": "{} days", "months": "{} months"}
    return units.get(unit, "{}").format(text)
