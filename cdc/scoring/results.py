"""What scoring computes, vendor by vendor: the results and the prepared method.

:class:`Scoring` is the project's evaluation prepared once (weights, lookups), reused by every
what-if analysis; :class:`VendorResult` is one vendor's outcome, filled step by step by
:mod:`cdc.scoring.engine` (eliminations and notes), :mod:`cdc.scoring.prices` (price notes and
totals) and :mod:`cdc.scoring.ranking` (ranks and tie-breaks). Kept apart so those steps share
the shapes without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cdc.analysis.figures import WeightedCriterion, weighted_criteria
from cdc.model import Project
from cdc.model.enums import CriterionKind
from cdc.model.evaluation import Evaluation, ScaleLevel
from cdc.model.needs import Requirement
from cdc.scoring.messages import Message

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass
class CriterionScore:
    """A vendor's note on one leaf criterion and what it contributes to the total."""

    id: str
    note: Decimal | None  # 0–1; None when nothing could be noted
    points: Decimal  # absolute weight × note × 100
    detail: str = ""


@dataclass
class VendorResult:
    """Everything computed for one vendor."""

    vendor: str
    source: str
    eliminated: bool = False
    elimination_reasons: list[Message] = field(default_factory=list)
    not_ranked_reason: Message | None = None
    criteria: dict[str, CriterionScore] = field(default_factory=dict)
    sections: dict[str, Decimal] = field(default_factory=dict)
    technical: Decimal = ZERO  # 0–100
    price_total: Decimal | None = None
    price_note: Decimal | None = None
    total: Decimal = ZERO  # exact, 0–100
    rank: int | None = None
    missing: list[str] = field(default_factory=list)
    divergences: list[Message] = field(default_factory=list)
    tie_note: Message | None = None  # shares its rank: no declared tie-break separates it
    tie_break: Message | None = None  # ranked after an equal total by a declared tie-break

    @property
    def competing(self) -> bool:
        """Still in competition: not eliminated and above the technical minimum."""
        return not self.eliminated and self.not_ranked_reason is None


@dataclass
class Scoring:
    """The method and the inputs, prepared once (reused by sensitivity analyses)."""

    project: Project
    evaluation: Evaluation
    criteria: list[WeightedCriterion]
    leaves: list[WeightedCriterion]
    requirements_by_criterion: dict[str, list[Requirement]]
    scale: dict[str, ScaleLevel]
    #: Leaves below every criterion (a leaf is below itself), computed once: sensitivity
    #: analyses recompute totals hundreds of times.
    leaves_below: dict[str, list[WeightedCriterion]] = field(default_factory=dict)
    kinds: dict[str, CriterionKind | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parents = {c.criterion.id: c.parent for c in self.criteria}
        for c in self.criteria:
            self.leaves_below.setdefault(c.criterion.id, [])
        for leaf in self.leaves:
            self.kinds[leaf.criterion.id] = leaf.kind
            node: str | None = leaf.criterion.id
            while node is not None:
                self.leaves_below.setdefault(node, []).append(leaf)
                node = parents.get(node)

    @classmethod
    def prepare(cls, project: Project) -> Scoring:
        """Derive the weights and lookup tables from the project."""
        evaluation = project.evaluation or Evaluation()
        criteria = weighted_criteria(evaluation.criteria)
        by_criterion: dict[str, list[Requirement]] = {}
        for req in project.requirements:
            if req.criterion:
                by_criterion.setdefault(req.criterion, []).append(req)
        scale: dict[str, ScaleLevel] = {}
        for level in evaluation.scale:
            scale.setdefault(level.id.casefold(), level)
            scale.setdefault(level.label.casefold(), level)
        return cls(
            project, evaluation, criteria, [c for c in criteria if c.is_leaf], by_criterion, scale
        )

    def round(self, value: Decimal) -> Decimal:
        """Round a published score as the project declares (half up)."""
        quantum = ONE.scaleb(-self.evaluation.rounding)
        return value.quantize(quantum, rounding=ROUND_HALF_UP)

    def level(self, answer: str | None) -> ScaleLevel | None:
        """The scale level an answer names (by id or label, case-insensitive)."""
        if answer is None:
            return None
        return self.scale.get(answer.strip().casefold())


def leaves_under(scoring: Scoring, criterion_id: str) -> list[WeightedCriterion]:
    """The leaves below a criterion, in tree order (a leaf is below itself)."""
    return scoring.leaves_below.get(criterion_id, [])


__all__ = [
    "HUNDRED",
    "ONE",
    "ZERO",
    "CriterionScore",
    "Scoring",
    "VendorResult",
    "leaves_under",
]
