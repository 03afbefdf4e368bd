"""The buyer's award decisions: what ``cdc award`` cannot compute and the committee decides.

Scoring ranks the bids; it cannot know who sat on the committee, when it met, how the buyer
answered each warning the scoring raised, whether a standstill period applies, how the letters
go out or who signs them. Those facts live in an optional file (``attribution.yaml`` by
convention, ``schemas/award.schema.json``) read by :mod:`cdc.reading.award`. Without it the award
report is still produced, with every missing decision shown as a visible gap to complete.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from cdc.model._base import Date, Email, Flag, Label, Model

#: The file's conventional name, beside ``cdc.yaml``.
AWARD_FILE = "attribution.yaml"

#: Longest free text (an answer to a warning, the committee's observations), in characters.
MAX_TEXT = 20_000

#: Free text in Markdown, not empty, bounded.
AwardText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT, strip_whitespace=True),
    Field(description="Free text in Markdown (at most 20,000 characters)."),
]

#: A scoring warning's code (as in the JSON report's ``warning_details``).
WarningCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z_]+$", min_length=1, max_length=64),
    Field(description="A scoring warning's code, as the award report and the JSON report show it."),
]


class Notification(StrEnum):
    """How the decision is notified to the bidders (it sets the standstill period)."""

    electronic = "electronic"
    postal = "postal"


class Person(Model):
    """Someone named in the report or the letters."""

    name: Label = Field(description="Full name.")
    role: Label | None = Field(
        default=None, description="Function or quality (e.g. Directrice des achats)."
    )


class CommitteeMember(Person):
    """A member of the evaluation committee who signs the award report."""

    voting: Flag = Field(
        default=True,
        description="Whether the member takes part in the decision (false: attends as adviser).",
    )


class WarningAnswer(Model):
    """How the buyer answered one warning of the scoring (what it checked, what it decided).

    A warning is found by its code and, when several share a code, by the vendor or criterion
    it names; the award report shows each warning's code to make this easy to write.
    """

    code: WarningCode = Field(
        description="The warning's code (e.g. effective_price, divergence, other_version)."
    )
    vendor: Label | None = Field(
        default=None,
        description="The vendor the warning names, when several warnings share the code.",
    )
    criterion: Label | None = Field(
        default=None,
        description="The criterion id the warning names (evaluators' divergence), if needed.",
    )
    answer: AwardText = Field(description="What the buyer checked or decided about the warning.")


class Bidder(Model):
    """Where a bidder's letter goes (the letters leave a blank without it)."""

    vendor: Label = Field(description="The vendor's name, exactly as in its response.")
    address: Label | None = Field(default=None, description="Postal address, on one line.")
    contact: Label | None = Field(default=None, description="Person the letter is addressed to.")
    email: Email | None = Field(default=None, description="Address the notification is sent to.")


class AwardDecisions(Model):
    """The award decisions of a consultation (``attribution.yaml``): committee, dates, answers
    to the scoring's warnings, notification and signatory. Every field is optional: what is
    missing is printed as a gap to complete in the award report and the letters."""

    reference: Label | None = Field(
        default=None,
        description="Reference of the consultation or contract printed on the letters "
        "(e.g. Consultation n° 2027-04).",
    )
    committee: list[CommitteeMember] = Field(
        default_factory=list,
        max_length=100,
        description="Members of the evaluation committee, who sign the award report.",
    )
    meeting: Date | None = Field(
        default=None, description="Day the committee examined the bids and this report."
    )
    decision: Date | None = Field(
        default=None, description="Day the award decision was taken."
    )
    notification: Notification = Field(
        default=Notification.electronic,
        description="How the decision is notified to the bidders: electronic (standstill "
        "11 days under French public procurement) or postal (16 days).",
    )
    notified: Date | None = Field(
        default=None,
        description="Day the letters are sent; the standstill period runs from it.",
    )
    standstill: Flag | None = Field(
        default=None,
        description="Whether a standstill period applies before the contract is signed "
        "(default: yes for public procurement other than an adapted procedure, no otherwise).",
    )
    signatory: Person | None = Field(
        default=None, description="Who signs the letters on behalf of the buyer."
    )
    warnings: list[WarningAnswer] = Field(
        default_factory=list,
        max_length=1000,
        description="The buyer's answer to each warning of the scoring.",
    )
    observations: AwardText | None = Field(
        default=None, description="The committee's observations, printed in the report."
    )
    bidders: list[Bidder] = Field(
        default_factory=list,
        max_length=1000,
        description="Addresses of the bidders, for the letters' headings.",
    )


__all__ = [
    "AWARD_FILE",
    "AwardDecisions",
    "Bidder",
    "CommitteeMember",
    "Notification",
    "Person",
    "WarningAnswer",
]
