"""Types shared by the execution log's models: enums, signed amounts, references, hashes.

The log records what happens once the contract is signed; its money decides claims, so every
amount is a bounded :class:`~decimal.Decimal` and every date a real calendar date, exactly as in
the project file (:mod:`cdc.model._base`).
"""

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from cdc.model._base import (
    MAX_DAYS,
    MAX_MONEY,
    Id,
    Label,
    Model,
    RequirementId,
    bounded,
)

#: An amount of money that may be negative (a change that lowers the price).
SignedMoney = Annotated[
    Decimal,
    bounded(MAX_MONEY, "an amount", low=-MAX_MONEY),
    Field(
        description="An amount of money excl. VAT, negative for a decrease.",
        json_schema_extra={"minimum": -int(MAX_MONEY), "maximum": int(MAX_MONEY)},
    ),
]

#: Days that may be negative (a change that brings a date forward).
SignedDays = Annotated[
    int,
    Field(
        ge=-MAX_DAYS, le=MAX_DAYS, strict=True, description="Calendar days, negative to advance."
    ),
]

#: A SHA-256 digest, lower-case hexadecimal.
Sha256 = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{64}$"),
    Field(description="SHA-256 of the file's bytes, 64 lower-case hexadecimal digits."),
]

#: A path relative to the project folder, written with '/'.
RelativeFile = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f]+$"),
    Field(
        description="Path of the file, relative to the project folder (e.g. evidence/pv-va.txt)."
    ),
]

#: A month, ``YYYY-MM``.
Month = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"),
    Field(description="A month, written YYYY-MM (e.g. 2027-10)."),
]


class Decision(StrEnum):
    """Decisions after a verification (CCAG-TIC 2021 art. 34)."""

    admission = "admission"
    postponement = "postponement"  # ajournement
    price_reduction = "price_reduction"  # réfaction
    rejection = "rejection"  # rejet


class StepKind(StrEnum):
    """Steps of a grievance, in their usual order."""

    invitation_to_comment = "invitation_to_comment"
    vendor_comments = "vendor_comments"
    formal_notice = "formal_notice"
    vendor_reply = "vendor_reply"
    reminder = "reminder"
    claim = "claim"
    settlement = "settlement"
    note = "note"


class ClaimBasis(StrEnum):
    """What a claimed amount is."""

    delay_penalty = "delay_penalty"
    service_credit = "service_credit"
    price_reduction = "price_reduction"
    damages = "damages"
    other = "other"


class GrievanceStatus(StrEnum):
    """Where a grievance stands."""

    open = "open"
    settled = "settled"
    withdrawn = "withdrawn"
    closed = "closed"


class MeetingKind(StrEnum):
    """Committees of the contract's governance."""

    steering = "steering"
    project = "project"
    run = "run"
    other = "other"


class ChangeKind(StrEnum):
    """A change request (avenant to come) or a signed amendment."""

    change_request = "change_request"
    amendment = "amendment"


class ChangeStatus(StrEnum):
    """Where a change stands."""

    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"


class EvidenceKind(StrEnum):
    """Kinds of evidence pieces."""

    report = "report"
    minutes = "minutes"
    email = "email"
    letter = "letter"
    ticket = "ticket"
    measurement = "measurement"
    screenshot = "screenshot"
    other = "other"


class ContractRef(Model):
    """What a grievance says is breached: exactly one reference into the contract or project."""

    requirement: RequirementId | None = Field(
        default=None, description="A requirement id of the project (e.g. FCT-012)."
    )
    clause: Id | None = Field(
        default=None, description="A clause id of the clause library (contract.clauses)."
    )
    service_level: Id | None = Field(
        default=None, description="A service level id (contract.penalties.service_credits)."
    )
    milestone: Id | None = Field(default=None, description="A milestone id (planning.milestones).")
    article: Label | None = Field(
        default=None,
        description="The article as printed in the contract (e.g. CCAP art. 7.2), shown in letters.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [
            k for k in ("requirement", "clause", "service_level", "milestone") if getattr(self, k)
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of requirement, clause, service_level or milestone "
                "(article may be added to any)"
            )
        return self

    @property
    def kind(self) -> str:
        """requirement, clause, service_level or milestone."""
        for key in ("requirement", "clause", "service_level", "milestone"):
            if getattr(self, key):
                return key
        raise AssertionError("validated: one reference is set")  # pragma: no cover

    @property
    def target(self) -> str:
        """The id referred to."""
        value = getattr(self, self.kind)
        assert isinstance(value, str)
        return value


EvidenceIds = Annotated[
    list[Id],
    Field(description="Ids of evidence pieces (the log's evidence list) that prove it."),
]
