"""The root of the execution log: the contract's identity and the lists of what happened."""

from pydantic import Field

from cdc.model._base import Date, Days, Label, Model
from cdc.model.execution.delivery import Delivery, Verification
from cdc.model.execution.records import Change, Evidence, Grievance, Meeting, ServicePeriod

#: Parts of the log a file of a log folder may contribute to (their lists are appended).
LOG_LISTS: tuple[str, ...] = (
    "deliveries",
    "verifications",
    "service_levels",
    "grievances",
    "evidence",
    "meetings",
    "changes",
)


class SignedContract(Model):
    """The signed contract the log follows."""

    reference: Label | None = Field(default=None, description="Contract number (e.g. 2027-04).")
    vendor: Label | None = Field(default=None, description="The vendor (titulaire) signed with.")
    vendor_address: Label | None = Field(
        default=None, description="The vendor's address, for letters."
    )
    signed: Date | None = Field(default=None, description="Date of signature.")
    start: Date = Field(
        description="Date the contract took effect (notification for a public contract)."
    )


class LogSettings(Model):
    """How the follow-up warns."""

    warn_days: Days = Field(
        default=7, description="A deadline this many days away or fewer is flagged (EXE008)."
    )


class ExecutionLog(Model):
    """What happened after signature: the register, the evidence file and the measures."""

    contract: SignedContract | None = Field(
        default=None, description="The signed contract (in one file of a log folder only)."
    )
    settings: LogSettings | None = Field(default=None, description="Warning settings.")
    deliveries: list[Delivery] = Field(default_factory=list, description="Deliveries due.")
    verifications: list[Verification] = Field(
        default_factory=list, description="Acceptance steps and decisions."
    )
    service_levels: list[ServicePeriod] = Field(
        default_factory=list, description="Service levels measured, one entry a month."
    )
    grievances: list[Grievance] = Field(default_factory=list, description="Grievance register.")
    evidence: list[Evidence] = Field(default_factory=list, description="Evidence file.")
    meetings: list[Meeting] = Field(default_factory=list, description="Committee meetings.")
    changes: list[Change] = Field(
        default_factory=list, description="Change requests and amendments."
    )
