"""What scoring reads: vendors' responses and evaluators' notes, as validated models.

A response comes from the XLSX grid a vendor filled (:mod:`cdc.reading.responses.xlsx_reader`) or from a
YAML file following ``schemas/response.schema.json``; both end up as a :class:`Response`.
"""

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from cdc.model._base import (
    Date,
    Id,
    Label,
    Markdown,
    Model,
    Money,
    Number,
    Quantity,
    RequirementId,
    bounded,
)


class PriceKind(StrEnum):
    """One-off costs are paid once; recurring ones every year of the evaluation period."""

    one_off = "one_off"
    recurring = "recurring"


class PriceLine(Model):
    """One line of the vendor's price sheet."""

    label: Label = Field(description="What is priced (licences, implementation, support…).")
    kind: PriceKind = Field(description="one_off or recurring (yearly).")
    unit_price: Money = Field(description="Unit price, in the project currency.")
    quantity: Quantity = Field(default=Decimal(1), description="Quantity (seats, days, units).")
    notes: Markdown | None = Field(default=None, description="Conditions of this price.")


class Answer(Model):
    """The vendor's answer to one requirement."""

    id: RequirementId = Field(description="Requirement id, as in the specification.")
    compliance: Label | None = Field(
        default=None,
        description="Compliance level id or label from the project's scale (or yes/no).",
    )
    value: Number | None = Field(default=None, description="Answer to a 'number' requirement.")
    comment: Markdown | None = Field(default=None, description="Explanation of the answer.")
    proof: Markdown | None = Field(default=None, description="Where the answer is proven.")
    extra_cost: Money | None = Field(default=None, description="Extra cost, if any.")
    roadmap_date: Date | None = Field(
        default=None, description="For a roadmap answer: when the function will be available."
    )


class QuestionAnswer(Model):
    """The vendor's answer to an open question."""

    id: Id = Field(description="Question id, as in the specification.")
    answer: Markdown = Field(description="The answer.")


class AnsweredVersion(Model):
    """Which version of the specification the response answers (from the grid's hidden sheet)."""

    id: Id = Field(description="Project id.")
    version: Label = Field(description="Project version.")
    hash: str | None = Field(default=None, description="Content hash of what was answered.")
    requirements: dict[RequirementId, str] = Field(
        default_factory=dict,
        description="Short hash of each requirement as answered (tells which ones changed since).",
    )
    method_hash: str | None = Field(
        default=None,
        max_length=64,
        description="Hash of the evaluation method the response was made under (a claim from the "
        "file: it only triggers a warning when the method changed since, never a score change).",
    )
    method: str | None = Field(
        default=None,
        max_length=32_767,
        description="That method's canonical JSON, as cdc wrote it (names what changed since).",
    )


class Response(Model):
    """A vendor's complete response."""

    vendor: Label = Field(description="Vendor name, as it appears in the ranking.")
    project: AnsweredVersion | None = Field(
        default=None, description="The specification version answered."
    )
    answers: list[Answer] = Field(default_factory=list, description="Answers, one per requirement.")
    prices: list[PriceLine] = Field(default_factory=list, description="Price sheet.")
    questions: list[QuestionAnswer] = Field(
        default_factory=list, description="Answers to the open questions."
    )


class Note(Model):
    """One evaluator's note of one vendor on one judgement criterion."""

    vendor: Label = Field(description="Vendor name (as in its response).")
    criterion: Id = Field(description="Judgement criterion id.")
    note: Annotated[Decimal, bounded(100, "a note")] | None = Field(
        default=None,
        json_schema_extra={"minimum": 0, "maximum": 100},
        description="Note from 0 to evaluation.judgement_scale_max.",
    )
    comment: Markdown | None = Field(default=None, description="Why this note.")


class EvaluatorNotes(Model):
    """The notes of one evaluator (one file or one sheet of the evaluation grid)."""

    evaluator: Id = Field(description="Evaluator id, from evaluation.evaluators.")
    notes: list[Note] = Field(
        default_factory=list, description="Notes, one per vendor × criterion."
    )


#: The words read as a yes or a no in a yes/no answer (French and English, case-folded).
YES = frozenset({"yes", "oui", "y", "o", "true", "vrai", "1"})
NO = frozenset({"no", "non", "n", "false", "faux", "0"})


def price_total(response: Response, years: int) -> Decimal | None:
    """Total cost over the evaluation period: one-off lines once, recurring lines × years."""
    if not response.prices:
        return None
    total = Decimal(0)
    for line in response.prices:
        amount = line.unit_price * line.quantity
        total += amount * years if line.kind is PriceKind.recurring else amount
    return total
