"""Deliveries and their acceptance: what was due when, what came when, what the buyer decided."""

from typing import Self

from pydantic import Field, model_validator

from cdc.model._base import Date, Days, Flag, Id, Label, Markdown, Model, Money
from cdc.model.enums import AcceptancePhaseKind, AnomalyClass
from cdc.model.execution.common import Decision, EvidenceIds


class ExcusableDelay(Model):
    """Days of delay the vendor is not answerable for (buyer's fault, force majeure…)."""

    days: Days = Field(description="Calendar days deducted from the delay.")
    reason: Markdown = Field(
        min_length=3, description="Why they are excused (shown beside the penalty)."
    )
    evidence: EvidenceIds = Field(default_factory=list)


class Delivery(Model):
    """One delivery due under the contract, linked to a planning milestone."""

    id: Id = Field(description="Identifier of the delivery in the log.")
    milestone: Id = Field(
        description="Milestone id (planning.milestones) whose date is the contractual date."
    )
    label: Label | None = Field(default=None, description="What is delivered.")
    planned: Date | None = Field(
        default=None,
        description="Contractual date when it differs from the milestone's (e.g. after an amendment).",
    )
    actual: Date | None = Field(
        default=None, description="Date actually delivered; absent while not delivered."
    )
    value: Money | None = Field(
        default=None,
        description=(
            "Value excl. VAT of the late part (V of the penalty formula), or of the whole "
            "contract when the delay makes it unusable; no penalty is computed without it."
        ),
    )
    installation_report: Date | None = Field(
        default=None, description="Date of the installation report (mise en ordre de marche)."
    )
    excusable: list[ExcusableDelay] = Field(
        default_factory=list, description="Excusable delays, each with its reason."
    )
    penalty_waived: Flag = Field(
        default=False, description="Whether the buyer decided not to apply the penalty."
    )
    evidence: EvidenceIds = Field(default_factory=list)
    notes: Markdown | None = Field(default=None, description="Comments.")


class Reserve(Model):
    """A reserve stated at acceptance, with its anomaly class."""

    id: Id = Field(description="Identifier of the reserve (e.g. R1).")
    anomaly: AnomalyClass = Field(description="blocking, major or minor.")
    description: Label = Field(description="The anomaly, in one line.")
    due: Date | None = Field(default=None, description="Date by which it must be lifted.")
    lifted: Date | None = Field(default=None, description="Date it was lifted; absent if open.")


class Verification(Model):
    """One acceptance step (installation, VA/VABF, VSR…) of a delivery and its decision."""

    id: Id = Field(description="Identifier of the verification in the log.")
    delivery: Id = Field(description="Delivery id it verifies.")
    kind: AcceptancePhaseKind = Field(description="installation, va, vabf, vsr, vabe…")
    start: Date = Field(description="First day of the check period.")
    end: Date | None = Field(
        default=None,
        description="Last day of the check period; default: start plus the contract's duration.",
    )
    decision: Decision | None = Field(
        default=None,
        description="admission, postponement (ajournement), price_reduction (réfaction), rejection.",
    )
    decision_date: Date | None = Field(default=None, description="Date of the decision.")
    reduced_price: Money | None = Field(
        default=None, description="Réfaction: the price admitted, excl. VAT (below the value)."
    )
    reserves: list[Reserve] = Field(default_factory=list, description="Reserves stated.")
    evidence: EvidenceIds = Field(default_factory=list)
    notes: Markdown | None = Field(default=None, description="Comments.")

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.decision is not None and self.decision_date is None:
            raise ValueError("a decision needs its decision_date")
        if self.decision_date is not None and self.decision is None:
            raise ValueError("a decision_date needs the decision taken")
        if self.decision is Decision.price_reduction and self.reduced_price is None:
            raise ValueError("a price_reduction (réfaction) needs the reduced_price")
        if self.reduced_price is not None and self.decision is not Decision.price_reduction:
            raise ValueError("reduced_price is only for a price_reduction (réfaction) decision")
        return self
