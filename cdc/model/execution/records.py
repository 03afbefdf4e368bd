"""Service levels measured, grievances, evidence, meetings and changes."""

from typing import Self

from pydantic import Field, model_validator

from cdc.model._base import Count, Date, Id, Label, Markdown, Model, Money, Number
from cdc.model.execution.common import (
    ChangeKind,
    ChangeStatus,
    ClaimBasis,
    ContractRef,
    EvidenceIds,
    EvidenceKind,
    GrievanceStatus,
    MeetingKind,
    Month,
    RelativeFile,
    Sha256,
    SignedDays,
    SignedMoney,
    StepKind,
)


class Measure(Model):
    """One service level measured over a period."""

    service_level: Id = Field(description="Service level id (contract.penalties.service_credits).")
    value: Number | None = Field(
        default=None, description="Measured level, in the service level's unit (e.g. 99.81)."
    )
    breaches: Count | None = Field(
        default=None,
        description="Breaches counted in the period (per-incident levels: incidents handled late).",
    )
    evidence: EvidenceIds = Field(default_factory=list)
    notes: Markdown | None = Field(default=None, description="Comments (exclusions, incidents).")

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.value is None and self.breaches is None:
            raise ValueError("give the measured value, or the breaches counted, or both")
        return self


class ServicePeriod(Model):
    """The service levels of one month."""

    month: Month
    fee: Money | None = Field(
        default=None, description="Fee of the month excl. VAT; default: contract's monthly_fee."
    )
    measures: list[Measure] = Field(default_factory=list, description="Levels measured.")
    evidence: EvidenceIds = Field(default_factory=list)


class GrievanceStep(Model):
    """One step of a grievance: a letter, a reply, a claim, a settlement."""

    kind: StepKind = Field(
        description=(
            "invitation_to_comment, vendor_comments, formal_notice, vendor_reply, reminder, "
            "claim, settlement or note."
        )
    )
    date: Date = Field(description="Date of the step (sent or received).")
    due: Date | None = Field(
        default=None,
        description=(
            "Deadline given to the other party; default for an invitation to comment: the "
            "contract's comment period (15 days under the CCAG-TIC)."
        ),
    )
    amount: Money | None = Field(
        default=None, description="Claim or settlement: the amount excl. VAT."
    )
    basis: ClaimBasis | None = Field(
        default=None,
        description="Claim: delay_penalty, service_credit, price_reduction, damages or other.",
    )
    evidence: EvidenceIds = Field(default_factory=list)
    notes: Markdown | None = Field(default=None, description="What was said or decided.")

    @model_validator(mode="after")
    def _claim(self) -> Self:
        if self.kind is StepKind.claim and (self.amount is None or self.basis is None):
            raise ValueError("a claim needs its amount and its basis")
        return self


class Grievance(Model):
    """An entry of the grievance register (registre des griefs)."""

    id: Id = Field(description="Identifier (e.g. G01).")
    title: Label = Field(description="The grievance in one line.")
    observed: Date = Field(description="Date the fact was observed.")
    facts: Markdown = Field(description="The facts, dated and precise, as counsel would need them.")
    references: list[ContractRef] = Field(
        default_factory=list, description="What it breaches (requirement, clause, level…)."
    )
    delivery: Id | None = Field(
        default=None, description="Delivery id it concerns (a late delivery's penalty)."
    )
    evidence: EvidenceIds = Field(default_factory=list)
    steps: list[GrievanceStep] = Field(default_factory=list, description="Steps, in order.")
    status: GrievanceStatus = Field(default=GrievanceStatus.open, description="Where it stands.")


class Evidence(Model):
    """A piece of the evidence file (dossier de preuve): a file inside the project folder."""

    id: Id = Field(description="Piece id; its rank in the list is its number in the index.")
    file: RelativeFile
    date: Date = Field(description="Date of the piece (the meeting, the e-mail, the report).")
    description: Label = Field(description="What it is, as listed in the index of pieces.")
    kind: EvidenceKind = Field(default=EvidenceKind.other, description="report, minutes, email…")
    sha256: Sha256 = Field(description="SHA-256 recorded when the piece was registered.")
    registered: Date | None = Field(default=None, description="Date it was registered.")


class Action(Model):
    """An action decided in a meeting."""

    id: Id = Field(description="Identifier (e.g. A-2027-10-1).")
    label: Label = Field(description="What is to be done.")
    owner: Id = Field(description="Role id (governance.roles) that owns it.")
    due: Date = Field(description="Due date.")
    done: Date | None = Field(default=None, description="Date done; absent while open.")


class Meeting(Model):
    """A committee meeting: who attended, what was decided, what is to be done."""

    id: Id = Field(description="Identifier (e.g. COPIL-2027-10).")
    kind: MeetingKind = Field(description="steering, project, run or other.")
    date: Date = Field(description="Date of the meeting.")
    attendees: list[Id] = Field(default_factory=list, description="Role ids present.")
    decisions: list[Markdown] = Field(default_factory=list, description="Decisions taken.")
    actions: list[Action] = Field(default_factory=list, description="Actions, with owner and due.")
    evidence: EvidenceIds = Field(default_factory=list)


class Change(Model):
    """A change request or an amendment, with its price and delay impact."""

    id: Id = Field(description="Identifier (e.g. DM-01, AV-1).")
    kind: ChangeKind = Field(description="change_request or amendment.")
    title: Label = Field(description="What changes.")
    date: Date = Field(description="Date requested or signed.")
    status: ChangeStatus = Field(default=ChangeStatus.proposed, description="Where it stands.")
    price_impact: SignedMoney = Field(
        description="Price impact excl. VAT, negative for a decrease."
    )
    delay_days: SignedDays = Field(default=0)
    evidence: EvidenceIds = Field(default_factory=list)
    notes: Markdown | None = Field(default=None, description="Legal basis, scope.")
