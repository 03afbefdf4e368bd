"""The buyer's own side of personal data: how calls are recorded, and its duties as controller.

``personal_data`` (:mod:`cdc.model.contract`) describes what the vendor does on the buyer's
behalf (GDPR art. 28). These two blocks describe what the buyer itself must settle, and where the
specification settles it:

* ``personal_data.recording`` — the terms of call recording at work (CNIL guidance "L'écoute et
  l'enregistrement des appels sur le lieu de travail"; to be checked by counsel);
* ``personal_data.customer`` — each controller duty towards customers (legal basis, consent,
  data-subject rights as product functions, retention, art. 25, art. 30(1), need-to-know access,
  telephone canvassing), met by named requirements or by a stated procedure.
"""

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from cdc.model._base import Flag, Markdown, Model, Months, RequirementId


class CallRecording(Model):
    """How calls are recorded (CNIL guidance on recording calls at work, to be checked by counsel)."""

    systematic: Flag = Field(
        default=False,
        description=(
            "Whether every call is recorded (permanent or systematic recording), which the CNIL "
            "admits only where a law requires it."
        ),
    )
    legal_basis: Markdown | None = Field(
        default=None, description="The law that requires systematic recording, if any."
    )
    retention_months: Months | None = Field(
        default=None, description="How long recordings are kept, in months (CNIL: 6 at most)."
    )
    evaluation_retention_months: Months | None = Field(
        default=None,
        description=(
            "How long evaluation grids and other analysis documents are kept, in months "
            "(CNIL: 12 at most)."
        ),
    )
    private_calls: Markdown | None = Field(
        default=None,
        description="How agents make private calls that are not recorded (dedicated line, switch).",
    )
    staff_information: Markdown | None = Field(
        default=None,
        description="How staff and their representatives are informed (and consulted) beforehand.",
    )
    caller_information: Markdown | None = Field(
        default=None,
        description="How callers are told at the start of the call, and how they can object.",
    )


class CustomerDuty(StrEnum):
    """A duty of the buyer, as controller, towards its customers (GDPR and French consumer law)."""

    legal_basis = "legal_basis"
    consent_proof = "consent_proof"
    channel_preferences = "channel_preferences"
    access = "access"
    rectification = "rectification"
    erasure = "erasure"
    portability = "portability"
    objection = "objection"
    retention_purge = "retention_purge"
    controller_record = "controller_record"
    privacy_by_design = "privacy_by_design"
    need_to_know = "need_to_know"
    canvassing = "canvassing"


class DutyStatement(Model):
    """Where the project meets one duty: requirements of the specification, or a procedure."""

    requirements: list[RequirementId] = Field(
        default_factory=list, description="Requirements that make the duty a product function."
    )
    how: Markdown | None = Field(
        default=None,
        description="How the duty is met otherwise (procedure, another system) or why it does not apply.",
    )

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.requirements and not (self.how or "").strip():
            raise ValueError("name the requirements that meet the duty, or say how in 'how'")
        return self


class CustomerData(Model):
    """The buyer's duties as controller towards its customers, and where each one is met."""

    canvassing: Flag = Field(
        default=False,
        description=(
            "Whether the buyer calls consumers to sell (outbound telephone canvassing: prior "
            "consent since 11 August 2026, the opposition list before; French Consumer Code "
            "L223-1 and following, to be checked by counsel)."
        ),
    )
    duties: dict[CustomerDuty, DutyStatement] = Field(
        default_factory=dict,
        description="Each duty, with the requirements or procedure meeting it.",
    )
