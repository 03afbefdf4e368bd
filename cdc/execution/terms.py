"""The contract's terms a follow-up needs, with the CCAG-TIC 2021 defaults when it refers to it.

Defaults are applied only when the contract refers to the CCAG-TIC (``contract.frame``), as
:mod:`cdc.contract.penalties` does: a private contract's missing term is reported, never
guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cdc.contract.penalties import PenaltyTerms, effective_terms
from cdc.model import Project
from cdc.model.contract import AcceptancePhase, ServiceCredit
from cdc.model.enums import AcceptancePhaseKind, ContractFrame, Procurement

#: CCAG-TIC 2021 art. 14: the vendor is invited to comment within 15 days.
CCAG_TIC_COMMENT_DAYS = 15
#: CCAG-TIC 2021 defaults of the verification steps (art. 29–33): (duration, decision, tacit).
CCAG_TIC_PHASES: dict[AcceptancePhaseKind, AcceptancePhase] = {
    AcceptancePhaseKind.installation: AcceptancePhase(
        kind=AcceptancePhaseKind.installation, duration_days=30
    ),
    AcceptancePhaseKind.va: AcceptancePhase(
        kind=AcceptancePhaseKind.va, duration_days=30, decision_days=30, tacit=False
    ),
    AcceptancePhaseKind.vsr: AcceptancePhase(
        kind=AcceptancePhaseKind.vsr, duration_days=30, decision_days=7, tacit=True
    ),
}


@dataclass(frozen=True)
class ExecutionTerms:
    """What the computations read from ``cdc.yaml``'s contract section."""

    public: bool
    ccag: bool
    penalty_terms: PenaltyTerms | None
    #: Penalties run only from a formal notice (private contract: clause pénale).
    formal_notice_required: bool
    grace_days: int
    #: Days the vendor has to comment before a penalty is applied (CCAG-TIC: 15).
    comment_days: int | None
    phases: tuple[AcceptancePhase, ...]
    warranty_months: int | None
    duration_months: int | None
    notice_months: int | None
    monthly_fee: Decimal | None
    credits_cap: Decimal | None
    service_levels: tuple[ServiceCredit, ...]

    def phase(self, kind: AcceptancePhaseKind) -> AcceptancePhase | None:
        """The contract's step of this kind (VABF reads as VA), or the CCAG-TIC default."""
        for phase in self.phases:
            if phase.kind is kind:
                return phase
        if kind is AcceptancePhaseKind.vabf:
            return self.phase(AcceptancePhaseKind.va)
        return None

    def service_level(self, level_id: str) -> ServiceCredit | None:
        """The service level with this id, if the contract sets it."""
        return next((s for s in self.service_levels if s.id == level_id), None)


def execution_terms(project: Project) -> ExecutionTerms:
    """The terms in force for the follow-up of ``project``'s contract."""
    contract = project.contract
    ccag = contract is not None and contract.frame is ContractFrame.ccag_tic_2021
    public = project.project.procurement is Procurement.public
    delay = contract.penalties.delay if contract and contract.penalties else None
    notice = delay.formal_notice if delay is not None else None
    if notice is None:
        notice = not ccag and not public
    comment = delay.comment_days if delay is not None else None
    if comment is None and ccag:
        comment = CCAG_TIC_COMMENT_DAYS
    phases = tuple(contract.acceptance.phases) if contract and contract.acceptance else ()
    if ccag:
        given = {p.kind for p in phases}
        phases += tuple(p for k, p in CCAG_TIC_PHASES.items() if k not in given)
    penalties = contract.penalties if contract else None
    return ExecutionTerms(
        public=public,
        ccag=ccag,
        penalty_terms=effective_terms(project),
        formal_notice_required=notice,
        grace_days=(delay.grace_days or 0) if delay is not None else 0,
        comment_days=comment,
        phases=phases,
        warranty_months=contract.warranty_months if contract else None,
        duration_months=contract.duration_months if contract else None,
        notice_months=contract.notice_months if contract else None,
        monthly_fee=penalties.monthly_fee if penalties else None,
        credits_cap=penalties.credits_cap if penalties else None,
        service_levels=tuple(penalties.service_credits) if penalties else (),
    )
