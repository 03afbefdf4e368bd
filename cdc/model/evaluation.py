"""How answers are evaluated: criteria tree, scale, price method and policies.

The tree is data only; relative and absolute weights are derived in :mod:`cdc.analysis.figures`.
"""

from decimal import Decimal

from pydantic import Field

from cdc.model._base import (
    Flag,
    Id,
    Label,
    Markdown,
    Model,
    Money,
    Percent,
    StrictInt,
    Weight,
)
from cdc.model.enums import (
    Aggregation,
    CriterionKind,
    MissingAnswerPolicy,
    MissingMustPolicy,
    PriceMethod,
    Priority,
    TieBreak,
    VatBasis,
)


class ScaleLevel(Model):
    """One level of the compliance scale vendors answer with."""

    id: Id = Field(description="Value written in the response grid (e.g. standard, partial).")
    label: Label = Field(description="Label shown to vendors and evaluators.")
    points: Percent = Field(
        description="Share of the requirement's points this level earns (0–100)."
    )
    not_compliant: Flag = Field(
        default=False,
        description="Whether this level means 'not compliant' (eliminates on a must requirement).",
    )
    description: Markdown | None = Field(default=None, description="What this level means.")


class Criterion(Model):
    """A node of the evaluation tree; leaves are fed by requirements, evaluators or the price."""

    id: Id = Field(description="Criterion identifier, referenced by requirements.")
    title: Label = Field(description="Criterion title, as published to vendors.")
    weight: Weight = Field(description="Weight among its siblings (siblings should sum to 100).")
    kind: CriterionKind | None = Field(
        default=None,
        description="For a leaf: fed by requirements' answers, by evaluators' judgement, or the price.",
    )
    description: Markdown | None = Field(default=None, description="What is assessed, and how.")
    children: "list[Criterion]" = Field(default_factory=list, description="Sub-criteria.")


class PriceScoring(Model):
    """How the price is turned into a note (frozen before bids are opened)."""

    method: PriceMethod = Field(description="Price formula.")
    years: StrictInt = Field(
        default=3, ge=1, le=15, description="Period the total cost of ownership is computed over."
    )
    vat: VatBasis = Field(
        default=VatBasis.excl_vat, description="Prices compared excl. or incl. VAT."
    )
    best_price: Money | None = Field(
        default=None, description="absolute_band: price at or below which the note is full."
    )
    ceiling: Money | None = Field(
        default=None, description="absolute_band: price at or above which the note is zero."
    )
    abnormally_low_percent: Percent = Field(
        default=Decimal(20),
        description=(
            "Screen for abnormally low offers: a bid priced more than this percentage below the "
            "mean of the other competing bids is flagged, so the buyer asks the vendor to justify "
            "its price before any rejection (French Public Procurement Code L2152-5 and "
            "following; a screen, not a legal threshold); 0 turns the screen off."
        ),
    )


class Evaluator(Model):
    """A member of the evaluation committee."""

    id: Id = Field(description="Evaluator identifier (used in the evaluation grids).")
    name: Label = Field(description="Name or function.")
    role: Id | None = Field(default=None, description="Governance role id, if any.")


class Evaluation(Model):
    """Evaluation method, published to vendors in substance."""

    scale: list[ScaleLevel] = Field(
        default_factory=list, description="Compliance scale, best level first."
    )
    criteria: list[Criterion] = Field(default_factory=list, description="Top-level criteria.")
    price: PriceScoring | None = Field(default=None, description="Price-scoring method.")
    must_eliminates: Flag = Field(
        default=True,
        description="Whether a must requirement answered 'not compliant' eliminates the vendor.",
    )
    min_technical_score: Percent | None = Field(
        default=None, description="Minimum technical score (percent) before price is considered."
    )
    missing_answers: MissingAnswerPolicy = Field(
        default=MissingAnswerPolicy.zero,
        description="An unanswered requirement scores zero, or is excluded and weights re-normalised.",
    )
    missing_must: MissingMustPolicy = Field(
        default=MissingMustPolicy.eliminate,
        description="A must requirement left without a valid answer (blank, row deleted, value "
        "outside the scale) eliminates the vendor, or scores zero (never excluded, whatever "
        "missing_answers says). Independent of must_eliminates, which is about 'not compliant' "
        "answers.",
    )
    tie_break: list[TieBreak] = Field(
        default_factory=lambda: [TieBreak.price],
        description="Tie-break rules, applied in order.",
    )
    evaluators: list[Evaluator] = Field(default_factory=list, description="Evaluation committee.")
    aggregation: Aggregation = Field(
        default=Aggregation.mean, description="How evaluators' notes are combined."
    )
    divergence_threshold: Percent = Field(
        default=Decimal(30),
        description="Flag a criterion when evaluators' notes spread wider than this share of the scale.",
    )
    judgement_scale_max: StrictInt = Field(
        default=5,
        ge=1,
        le=100,
        description="Evaluators note judgement criteria from 0 to this value.",
    )
    rounding: StrictInt = Field(
        default=2, ge=0, le=6, description="Decimals kept in published scores."
    )
    priority_weights: dict[Priority, Weight] = Field(
        default_factory=lambda: {
            Priority.must: Decimal(3),
            Priority.should: Decimal(2),
            Priority.could: Decimal(1),
            Priority.watch: Decimal(0),
        },
        description="Weight of a requirement inside its criterion, by priority "
        "(watch 0: for information only).",
    )
    notes: Markdown | None = Field(default=None, description="Anything else vendors should know.")
