"""Planning, governance (roles, RACI, quality plan) and glossary."""

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from cdc.model._base import (
    Count,
    Date,
    Days,
    Flag,
    Id,
    Label,
    Markdown,
    Model,
)
from cdc.model.enums import MilestoneKind, Organisation

#: A RACI cell: one or more of the letters R, A, S, C, I, V (RASCI and RACI-VS variants).
RaciLetters = Annotated[
    str,
    StringConstraints(pattern=r"^[RASCIV]{1,6}$"),
    Field(description="RACI letters held by the role: R, A, C, I (S and V for RASCI/RACI-VS)."),
]


class Milestone(Model):
    """A dated step of the consultation or the project."""

    id: Id | None = Field(
        default=None,
        description=(
            "Identifier the execution log links a delivery to (e.g. pilot); the milestone's "
            "date is then the contractual delivery date."
        ),
    )
    kind: MilestoneKind = Field(description="Which milestone (publication, answers_due…).")
    date: Date = Field(description="Date of the milestone (its first day if it lasts).")
    end_date: Date | None = Field(
        default=None, description="Last day, for a milestone that lasts (e.g. demonstrations)."
    )
    label: Label | None = Field(default=None, description="Label, when the kind is not enough.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Milestone":
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


class Planning(Model):
    """Consultation planning."""

    milestones: list[Milestone] = Field(default_factory=list, description="Milestones, any order.")
    min_answer_days: Count = Field(
        default=30, description="Minimum days between publication and the answer deadline."
    )
    answers_lead_days: Days = Field(
        default=6,
        description=(
            "Answers to candidates' questions are published at the latest this many days before "
            "the answer deadline (French public procurement code, formalised procedures: six "
            "days — to be checked; a private buyer may set its own)."
        ),
    )
    change_notice_days: Count = Field(
        default=10,
        description="Days before the answer deadline from which a substantial change to the "
        "specification needs the deadline moved (cdc diff warns otherwise).",
    )
    notes: Markdown | None = Field(default=None, description="Comments on the planning.")


class Role(Model):
    """A role in the project (referenced by the RACI)."""

    id: Id = Field(description="Role identifier, used in the RACI matrix.")
    name: Label = Field(description="Role name.")
    organisation: Organisation = Field(
        default=Organisation.buyer, description="Buyer, vendor, third."
    )
    person: Label | None = Field(default=None, description="Who holds it, if known.")


class RaciRow(Model):
    """One activity of the RACI matrix."""

    activity: Label = Field(description="The activity.")
    assignments: dict[Id, RaciLetters] = Field(
        description="Role id → letters (exactly one A and at least one R per activity)."
    )


class SteeringCommittee(Model):
    """The steering committee."""

    members: list[Id] = Field(default_factory=list, description="Role ids of its members.")
    frequency: Label | None = Field(default=None, description="How often it meets.")


class QualityPlan(Model):
    """Quality assurance plan (PAQ / PQP) expected of the vendor."""

    required: Flag = Field(default=True, description="Whether the vendor must provide one.")
    description: Markdown | None = Field(default=None, description="What it must cover.")


class Governance(Model):
    """Project organisation after signature."""

    roles: list[Role] = Field(default_factory=list, description="Roles.")
    project_manager: Id | None = Field(default=None, description="Role id of the project manager.")
    steering_committee: SteeringCommittee | None = Field(default=None, description="Steering.")
    raci: list[RaciRow] = Field(
        default_factory=list, description="RACI matrix, one row an activity."
    )
    quality_plan: QualityPlan | None = Field(default=None, description="Quality plan (PAQ/PQP).")
    deployment: Markdown | None = Field(
        default=None, description="Deployment approach (pilot, waves)."
    )


class GlossaryTerm(Model):
    """A term of the glossary."""

    term: Label = Field(description="The term or acronym, as used in the text.")
    definition: Markdown = Field(description="What it means in this project.")
    expansion: Label | None = Field(default=None, description="For an acronym: what it stands for.")
    synonyms: list[Label] = Field(default_factory=list, description="Other ways of saying it.")
