"""The new need: people, objectives, requirements, scenario, technical frame, vendor expectations."""

from pydantic import Field

from cdc.model._base import (
    Count,
    CountryCode,
    Date,
    Flag,
    Id,
    Label,
    Markdown,
    Model,
    RequirementId,
)
from cdc.model.enums import (
    AcceptanceMethod,
    Deployment,
    Integrator,
    ObjectiveList,
    Priority,
    RequirementKind,
    ResponseType,
    ScenarioStepKind,
    SecurityFramework,
)


class Person(Model):
    """Someone involved in the project on the buyer's side."""

    function: Label = Field(description="Job title or function.")
    department: Label | None = Field(default=None, description="Department.")
    role: Markdown = Field(description="Role in the project (sponsor, key user, expert…).")
    why: Markdown | None = Field(default=None, description="Why this person is involved.")


class Objective(Model):
    """An objective of the project, in one of the objective lists."""

    group: ObjectiveList = Field(
        description="The objective list it belongs to (deadlines, ROI, features, reporting…)."
    )
    title: Label = Field(description="The objective, in one line.")
    description: Markdown | None = Field(
        default=None, description="Details, measurable if possible."
    )
    priority: Priority = Field(description="must, should, could or watch.")


class Needs(Model):
    """The new need, as the buyer's people express it."""

    summary: Markdown | None = Field(default=None, description="The need in a few sentences.")
    people: list[Person] = Field(default_factory=list, description="People involved.")
    objectives: list[Objective] = Field(default_factory=list, description="Objectives by list.")
    functional_description: Markdown | None = Field(
        default=None, description="Functional description of the target solution."
    )


class RequirementSection(Model):
    """A section of the requirements catalogue (its order is the catalogue's order)."""

    id: Id = Field(description="Section identifier, referenced by requirements.")
    title: Label = Field(description="Section title.")
    description: Markdown | None = Field(default=None, description="Introduction to the section.")


class Requirement(Model):
    """One requirement of the catalogue: what the vendor answers, line by line."""

    id: RequirementId = Field(description="Stable identifier (e.g. FCT-001); never reuse one.")
    section: Id = Field(description="Section id (from requirement_sections).")
    title: Label = Field(description="Short title.")
    text: Markdown = Field(description="The requirement itself: one verifiable need.")
    kind: RequirementKind = Field(
        default=RequirementKind.functional, description="Functional, technical, security…"
    )
    priority: Priority = Field(description="must (eliminatory), should, could or watch.")
    criterion: Id | None = Field(
        default=None, description="Evaluation criterion this requirement feeds (criterion id)."
    )
    response: ResponseType = Field(
        default=ResponseType.compliance, description="Expected answer: compliance, yes/no, number…"
    )
    acceptance: AcceptanceMethod | None = Field(
        default=None, description="How it is checked at acceptance (demonstration, test…)."
    )
    rationale: Markdown | None = Field(default=None, description="Why the buyer needs it.")
    revision: Label | None = Field(
        default=None, description="Version of the specification that last changed it."
    )
    tags: list[Label] = Field(default_factory=list, description="Free tags for filtering.")


class ScenarioStep(Model):
    """One step of the end-to-end customer-request scenario."""

    id: Id | None = Field(default=None, description="Optional step identifier.")
    kind: ScenarioStepKind = Field(description="Stage of the journey this step covers.")
    title: Label = Field(description="Step title.")
    description: Markdown = Field(description="What happens, from the customer's and agent's view.")
    requirements: list[RequirementId] = Field(
        default_factory=list, description="Requirements this step illustrates (ids)."
    )


class Scenario(Model):
    """The end-to-end customer-request scenario vendors must demonstrate."""

    introduction: Markdown | None = Field(default=None, description="Set-up of the scenario.")
    steps: list[ScenarioStep] = Field(default_factory=list, description="Steps, in order.")


class Hosting(Model):
    """Where and how the solution is hosted."""

    location: Label | None = Field(default=None, description="Region (e.g. France, EU).")
    countries: list[CountryCode] = Field(
        default_factory=list, description="ISO country codes of the data centres."
    )
    provider: Label | None = Field(default=None, description="Hosting provider, if imposed.")
    certifications: list[SecurityFramework] = Field(
        default_factory=list, description="Certifications required of the host."
    )


class MigrationData(Model):
    """A data set to migrate."""

    name: Label = Field(description="What (customers, tickets, history, knowledge base…).")
    volume: Label | None = Field(default=None, description="Volume, as printed.")
    format: Label | None = Field(default=None, description="Export format available.")


class Migration(Model):
    """Data migration from the current tools."""

    source_tool: Label | None = Field(default=None, description="Tool the data comes from.")
    data: list[MigrationData] = Field(default_factory=list, description="Data sets to migrate.")
    history_years: Count | None = Field(default=None, description="Years of history to migrate.")
    notes: Markdown | None = Field(default=None, description="Constraints, cut-over, test runs.")


class Integration(Model):
    """A system the new solution must be integrated with."""

    system: Label = Field(description="System to integrate (CRM, ERP, telephony…).")
    purpose: Markdown | None = Field(default=None, description="What flows and why.")
    api_available: Flag | None = Field(
        default=None, description="Whether the system exposes an API."
    )
    integrator: Integrator = Field(default=Integrator.vendor, description="Who builds it.")
    protocol: Label | None = Field(default=None, description="REST, SOAP, SFTP, CTI…")


class Security(Model):
    """Security frame the vendor must comply with."""

    frameworks: list[SecurityFramework] = Field(
        default_factory=list, description="References (ISO 27001/27002, ANSSI, CNIL…)."
    )
    assurance_plan: Flag = Field(
        default=False, description="Whether a security assurance plan (PAS) is required."
    )
    authentication: Markdown | None = Field(default=None, description="SSO, MFA, directories.")
    notes: Markdown | None = Field(default=None, description="Other security expectations.")


class Technical(Model):
    """Technical description of the target."""

    deployment: Deployment | None = Field(default=None, description="SaaS, on-premise or hybrid.")
    hosting: Hosting | None = Field(default=None, description="Hosting location and provider.")
    migration: Migration | None = Field(default=None, description="Data migration.")
    integrations: list[Integration] = Field(default_factory=list, description="Integrations.")
    security: Security | None = Field(default=None, description="Security frame.")
    browsers: list[Label] = Field(default_factory=list, description="Browsers to support.")
    availability: Markdown | None = Field(default=None, description="Availability expectations.")
    notes: Markdown | None = Field(default=None, description="Other technical constraints.")


class Support(Model):
    """Support and hotline expected of the vendor."""

    hours: Label | None = Field(default=None, description="Support hours.")
    languages: list[Label] = Field(default_factory=list, description="Languages of support.")
    channels: list[Label] = Field(default_factory=list, description="How to reach support.")
    notes: Markdown | None = Field(default=None, description="Levels, escalation, named contact.")


class Deliverable(Model):
    """Something the vendor must submit with the answer."""

    title: Label = Field(description="What to submit.")
    description: Markdown | None = Field(default=None, description="Details, format, length.")
    mandatory: Flag = Field(default=True, description="Whether an answer without it is incomplete.")


class OpenQuestion(Model):
    """An open question vendors answer in free text."""

    id: Id = Field(description="Question identifier.")
    text: Markdown = Field(description="The question.")


class VendorExpectations(Model):
    """What is expected of vendors, and how they answer."""

    roadmap: Markdown | None = Field(default=None, description="Product roadmap expectations.")
    planning: Markdown | None = Field(default=None, description="Implementation planning expected.")
    support: Support | None = Field(default=None, description="Support and hotline.")
    releases: Markdown | None = Field(default=None, description="Release policy expectations.")
    hosting_partners: Markdown | None = Field(default=None, description="Hosting partners to name.")
    telecom_operators: Markdown | None = Field(
        default=None, description="Telecom operators to name (voice, SMS)."
    )
    references: Markdown | None = Field(default=None, description="Customer references expected.")
    deliverables: list[Deliverable] = Field(default_factory=list, description="What to submit.")
    response_format: Markdown | None = Field(default=None, description="How to answer.")
    questions: list[OpenQuestion] = Field(default_factory=list, description="Open questions.")
    validity_days: Count | None = Field(default=None, description="Offer validity, in days.")
    answer_deadline: Date | None = Field(
        default=None, description="Deadline for answers (also a planning milestone)."
    )
