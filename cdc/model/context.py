"""Who buys, why, and the situation today: ``project``, ``context`` and ``existing``."""

from pydantic import Field

from cdc.model._base import (
    Count,
    Currency,
    Date,
    Email,
    Flag,
    Id,
    Label,
    Markdown,
    Model,
    Money,
    Percent,
    Quantity,
)
from cdc.model.enums import (
    Channel,
    Confidentiality,
    Deployment,
    Language,
    Market,
    ProcedureKind,
    Procurement,
    Sourcing,
)


class Contact(Model):
    """A person vendors may write to."""

    name: Label = Field(description="Full name.")
    role: Label | None = Field(default=None, description="Function or title.")
    email: Email | None = Field(default=None, description="E-mail address.")
    phone: str | None = Field(default=None, description="Phone number, as it should be printed.")


class Buyer(Model):
    """The organisation that runs the consultation."""

    name: Label = Field(description="Legal or trading name of the buyer.")
    sector: Label | None = Field(default=None, description="Business sector.")
    address: str | None = Field(default=None, description="Postal address printed on the cover.")
    website: str | None = Field(
        default=None, description="Public web site (printed, never fetched)."
    )


class VersionEntry(Model):
    """One published version of the specification: the version history table and the addenda.

    The history is what vendors were sent, oldest first; its last entry, when it has one, is the
    current version (``project.version``). An entry's ``source`` keeps that version's text
    readable, so ``cdc diff`` and the addendum can say what changed since.
    """

    version: Label = Field(description="Version number, spelled as in project.version (e.g. 1.1).")
    date: Date = Field(description="Date this version was published.")
    summary: Markdown = Field(
        description="What changed in this version, in a sentence or two (the history table)."
    )
    source: str | None = Field(
        default=None,
        description="Where this version's text is kept: a file relative to cdc.yaml "
        "(e.g. versions/cdc-v1.0.yaml) or REV:path read through git; the addendum of the next "
        "version compares with it.",
    )
    responses_instruction: Markdown | None = Field(
        default=None,
        description="What vendors who already sent a response must do (the addendum prints it; "
        "default: a sentence from the templates).",
    )


class ProjectInfo(Model):
    """Identity of the consultation: printed on the cover and on every page."""

    id: Id = Field(description="Short stable identifier, used in output file names.")
    title: Label = Field(description="Title of the consultation.")
    subtitle: Label | None = Field(default=None, description="Optional subtitle for the cover.")
    version: Label = Field(description="Version of this specification (e.g. 1.0 or 2026-11-a).")
    date: Date = Field(description="Date of this version; documents use it, never the clock.")
    language: Language = Field(default=Language.fr, description="Language of the documents.")
    buyer: Buyer = Field(description="The buying organisation.")
    confidentiality: Confidentiality = Field(
        default=Confidentiality.confidential, description="Confidentiality level of the documents."
    )
    procurement: Procurement = Field(
        default=Procurement.private,
        description="Public procurement (French public law, CCAG defaults apply) or private.",
    )
    procedure: ProcedureKind | None = Field(
        default=None,
        description="Award procedure: open or restricted tender, negotiated, competitive dialogue, "
        "adapted (MAPA) or a private consultation.",
    )
    contact: Contact = Field(
        description="Single point of contact: vendors must address every question to this person."
    )
    summary: Markdown | None = Field(
        default=None, description="One-paragraph summary for the cover."
    )
    currency: Currency = Field(default="EUR", description="Currency of every amount in the file.")
    versions: list[VersionEntry] = Field(
        default_factory=list,
        description="Published versions, oldest first (version history table, addenda); the "
        "last one is the current version.",
    )


class CompanySize(Model):
    """Orders of magnitude of the company."""

    employees: Count | None = Field(default=None, description="Number of employees.")
    revenue: Money | None = Field(default=None, description="Annual revenue.")
    customers: Count | None = Field(default=None, description="Number of active customers.")


class Company(Model):
    """The company whose customer service is being equipped."""

    name: Label = Field(description="Company name.")
    mission: Markdown | None = Field(
        default=None, description="What the company does and for whom."
    )
    market: Market | None = Field(default=None, description="B2B, B2C, B2B2C or public service.")
    size: CompanySize | None = Field(default=None, description="Orders of magnitude.")
    sites: list[Label] = Field(default_factory=list, description="Sites and locations.")
    values: list[Label] = Field(default_factory=list, description="Values the company stands for.")
    description: Markdown | None = Field(default=None, description="Anything else worth knowing.")


class CustomerSegment(Model):
    """A group of customers with its own expectations."""

    name: Label = Field(description="Segment name.")
    description: Markdown | None = Field(
        default=None, description="Who they are, what they expect."
    )
    share: Percent | None = Field(default=None, description="Share of contacts, in percent.")


class Customers(Model):
    """The company's customers, as the customer service sees them."""

    description: Markdown | None = Field(default=None, description="Who the customers are.")
    segments: list[CustomerSegment] = Field(default_factory=list, description="Customer segments.")


class Kpi(Model):
    """A key performance indicator with its target."""

    name: Label = Field(description="Indicator name (e.g. first-contact resolution).")
    current: str | None = Field(default=None, description="Value today, as printed.")
    target: str | None = Field(default=None, description="Value aimed at, as printed.")
    definition: Markdown | None = Field(default=None, description="How it is measured.")


class Team(Model):
    """A team of the customer service."""

    name: Label = Field(description="Team name.")
    headcount: Count | None = Field(default=None, description="Number of people (FTE).")
    site: Label | None = Field(default=None, description="Where the team works.")
    sourcing: Sourcing = Field(default=Sourcing.in_house, description="In-house or outsourced.")
    hours: Label | None = Field(
        default=None, description="Opening hours (e.g. Mon–Sat 8:00–20:00)."
    )
    skills: list[Label] = Field(default_factory=list, description="Skills or queues handled.")


class CustomerService(Model):
    """The customer service the new platform is for."""

    mission: Markdown | None = Field(default=None, description="Mission of the customer service.")
    kpis: list[Kpi] = Field(default_factory=list, description="Indicators it is steered by.")
    channels: list[Channel] = Field(default_factory=list, description="Channels it answers on.")
    teams: list[Team] = Field(default_factory=list, description="Teams and headcount.")
    organisation: Markdown | None = Field(default=None, description="How the work is organised.")
    sourcing: Sourcing = Field(
        default=Sourcing.in_house, description="In-house or outsourced overall."
    )


class Partner(Model):
    """A third party involved in the customer relationship."""

    name: Label = Field(description="Partner name.")
    role: Markdown = Field(description="What the partner does.")


class Context(Model):
    """The challenge and the protagonists."""

    challenge: Markdown | None = Field(
        default=None, description="Why this project, now: the challenge in the buyer's words."
    )
    strategic_plan: Markdown | None = Field(
        default=None, description="How the project serves the company's strategic plan."
    )
    company: Company | None = Field(default=None, description="The company.")
    customers: Customers | None = Field(default=None, description="Its customers.")
    customer_service: CustomerService | None = Field(
        default=None, description="Its customer service."
    )
    partners: list[Partner] = Field(default_factory=list, description="Partners and outsourcers.")


class CurrentChannel(Model):
    """One channel as it runs today (feeds the synthetic channel table)."""

    channel: Channel = Field(description="The channel.")
    tool: Label | None = Field(default=None, description="Tool used today.")
    vendor: Label | None = Field(default=None, description="Vendor of that tool.")
    yearly_volume: Count | None = Field(default=None, description="Contacts per year.")
    handling_minutes: Quantity | None = Field(
        default=None, description="Average handling time in minutes (DMT)."
    )
    positions: Count | None = Field(default=None, description="Agent positions (seats) on it.")
    contact_record_popup: Flag | None = Field(
        default=None, description="Whether the customer record pops up when a contact arrives."
    )
    reports: Markdown | None = Field(default=None, description="Reports available for it.")
    notes: Markdown | None = Field(default=None, description="Anything else.")


class Tool(Model):
    """A tool in place today."""

    name: Label = Field(description="Tool name.")
    vendor: Label | None = Field(default=None, description="Vendor.")
    purpose: Markdown | None = Field(default=None, description="What it is used for.")
    users: Count | None = Field(default=None, description="Number of users.")
    contract_end: Date | None = Field(default=None, description="End of its current contract.")
    kept: Flag | None = Field(default=None, description="Whether it stays after the project.")
    termination: Markdown | None = Field(
        default=None,
        description=(
            "How its contract is ended in time for the project (notice, non-renewal) and why any "
            "overlap with the new solution is wanted."
        ),
    )


class ContactData(Model):
    """Customer and contact data held today."""

    description: Markdown | None = Field(default=None, description="What is stored, and where.")
    records: Count | None = Field(default=None, description="Number of customer records.")
    retention: Markdown | None = Field(default=None, description="Retention policy applied today.")


class Report(Model):
    """A report produced today."""

    name: Label = Field(description="Report name.")
    periodicity: Label | None = Field(default=None, description="Daily, weekly, monthly…")
    users: Label | None = Field(default=None, description="Who reads it.")
    purpose: Markdown | None = Field(default=None, description="What decisions it supports.")


class BudgetLine(Model):
    """One annual cost line of the current set-up."""

    label: Label = Field(description="Cost line (licences, telephony, hosting, support…).")
    annual_amount: Money = Field(description="Annual amount, excluding VAT.")


class Budget(Model):
    """Annual budget of the current set-up, by cost line."""

    lines: list[BudgetLine] = Field(default_factory=list, description="Cost lines.")
    target: Markdown | None = Field(
        default=None, description="Budget envelope for the new solution."
    )


class Infrastructure(Model):
    """Technical infrastructure today."""

    deployment: Deployment | None = Field(default=None, description="SaaS, on-premise or hybrid.")
    telephony: Markdown | None = Field(
        default=None, description="Telephony (PBX, operator, trunks)."
    )
    ivr: Markdown | None = Field(default=None, description="Interactive voice response (SVI).")
    numbers: Markdown | None = Field(default=None, description="Phone numbers in use.")
    network: Markdown | None = Field(default=None, description="Network and workstations.")
    browsers: list[Label] = Field(default_factory=list, description="Browsers agents use.")


class CurrentIntegration(Model):
    """A third-party tool the current set-up is connected to."""

    system: Label = Field(description="The connected system.")
    purpose: Markdown | None = Field(default=None, description="What flows between them.")
    method: Label | None = Field(default=None, description="API, file transfer, manual…")


class Review(Model):
    """Critical review of the existing set-up."""

    strengths: list[Markdown] = Field(default_factory=list, description="What works and must stay.")
    weaknesses: list[Markdown] = Field(default_factory=list, description="What must be fixed.")


class Existing(Model):
    """The existing situation."""

    summary: Markdown | None = Field(default=None, description="Overview of the current set-up.")
    channels: list[CurrentChannel] = Field(default_factory=list, description="Channels today.")
    tools: list[Tool] = Field(default_factory=list, description="Tools in place.")
    contact_data: ContactData | None = Field(
        default=None, description="Contact data and retention."
    )
    reports: list[Report] = Field(default_factory=list, description="Reports produced.")
    agent_experience: Markdown | None = Field(
        default=None, description="What agents say of their tools (the agent experience)."
    )
    voice_of_customer: Markdown | None = Field(
        default=None, description="What customers say (surveys, complaints, NPS verbatims)."
    )
    budget: Budget | None = Field(default=None, description="Annual budget by cost line.")
    infrastructure: Infrastructure | None = Field(default=None, description="Infrastructure today.")
    integrations: list[CurrentIntegration] = Field(
        default_factory=list, description="Third-party tools and integrations today."
    )
    review: Review | None = Field(
        default=None, description="Critical review: strengths, weaknesses."
    )
