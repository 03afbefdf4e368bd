"""Rules on the evaluation method: weights, criteria and requirements, scale, price."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cdc.core.findings import Severity
from cdc.core.suggest import did_you_mean
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model.enums import (
    CriterionKind,
    MissingAnswerPolicy,
    MissingMustPolicy,
    PriceMethod,
    Priority,
    ResponseType,
)
from cdc.model.evaluation import Criterion
from cdc.reading.yamlsrc import Path_


def criteria_with_paths(ctx: LintContext) -> Iterator[tuple[Path_, Criterion]]:
    """Every criterion with its data path, depth first."""
    evaluation = ctx.project.evaluation
    if evaluation is None:
        return
    top: list[tuple[Path_, Criterion]] = [
        (("evaluation", "criteria", i), c) for i, c in enumerate(evaluation.criteria)
    ]
    stack = top[::-1]
    while stack:
        path, node = stack.pop()
        yield path, node
        stack.extend(
            [((*path, "children", j), child) for j, child in enumerate(node.children)][::-1]
        )


def leaf_kind(node: Criterion) -> CriterionKind:
    """A leaf criterion's kind: requirements unless stated."""
    return node.kind or CriterionKind.requirements


@rule(
    "EVA001",
    "weights-not-100",
    Severity.error,
    "evaluation",
    "Sibling criteria weights do not sum to 100.",
)
def weights_sum(ctx: LintContext) -> Iterator[Hit]:
    """Weights are published to vendors: siblings must visibly add up to 100 so nobody has to
    guess how they are normalised."""
    evaluation = ctx.project.evaluation
    if evaluation is None or not evaluation.criteria:
        return
    groups: list[tuple[Path_, str, str | None, list[Criterion]]] = [
        (("evaluation", "criteria"), "top-level criteria", None, evaluation.criteria)
    ]
    for path, node in criteria_with_paths(ctx):
        if node.children:
            groups.append(
                ((*path, "children"), f"sub-criteria of '{node.id}'", node.id, node.children)
            )
    for path, label, parent, siblings in groups:
        total = sum((c.weight for c in siblings), Decimal(0))
        if total != 100:
            yield Hit(
                path,
                f"weights of the {label} sum to {total.normalize():f}, not 100",
                parent,
                key=True,
            )


@rule(
    "EVA002",
    "unfed-criterion",
    Severity.warning,
    "evaluation",
    "A criterion scored from requirements has no requirement feeding it.",
)
def unfed_criterion(ctx: LintContext) -> Iterator[Hit]:
    """A leaf criterion scored from requirements' answers but named by no requirement would
    always score zero (or be dropped), silently shifting the published weights."""
    fed = {r.criterion for r in ctx.project.requirements if r.criterion}
    for path, node in criteria_with_paths(ctx):
        if (
            not node.children
            and leaf_kind(node) is CriterionKind.requirements
            and node.id not in fed
        ):
            yield Hit((*path, "id"), f"criterion '{node.id}' is fed by no requirement", node.id)


@rule(
    "EVA003",
    "unknown-criterion",
    Severity.error,
    "evaluation",
    "A requirement names a criterion that does not exist.",
)
def unknown_criterion(ctx: LintContext) -> Iterator[Hit]:
    """A requirement's criterion is how its answer counts; a dangling id means it counts for
    nothing."""
    known: dict[str, Criterion] = {}
    for _, criterion in criteria_with_paths(ctx):
        known.setdefault(criterion.id, criterion)
    for i, req in enumerate(ctx.project.requirements):
        if req.criterion is None:
            continue
        node = known.get(req.criterion)
        if node is None:
            yield Hit(
                ("requirements", i, "criterion"),
                f"requirement {req.id} names unknown criterion '{req.criterion}'"
                + did_you_mean(req.criterion, known),
                req.id,
            )
        elif node.children or leaf_kind(node) is not CriterionKind.requirements:
            what = (
                "has sub-criteria" if node.children else f"is a {leaf_kind(node).value} criterion"
            )
            yield Hit(
                ("requirements", i, "criterion"),
                f"requirement {req.id} feeds criterion '{req.criterion}', which {what}; "
                "name a leaf criterion scored from requirements",
                req.id,
            )


@rule(
    "EVA004",
    "eliminatory-without-compliance",
    Severity.error,
    "evaluation",
    "An eliminatory (must) requirement expects an answer that cannot say 'not compliant'.",
)
def eliminatory_without_compliance(ctx: LintContext) -> Iterator[Hit]:
    """Elimination needs an answer that can be 'not compliant': a must-have requirement must
    expect a compliance or yes/no answer, not a number, a text or a price."""
    for i, req in enumerate(ctx.project.requirements):
        if req.priority is Priority.must and req.response not in (
            ResponseType.compliance,
            ResponseType.yes_no,
        ):
            yield Hit(
                ("requirements", i, "response"),
                f"must-have requirement {req.id} expects a '{req.response.value}' answer; "
                "eliminatory requirements need a compliance or yes/no answer",
                req.id,
            )


@rule(
    "EVA005",
    "no-price-criterion",
    Severity.warning,
    "evaluation",
    "The evaluation has no price criterion.",
)
def no_price_criterion(ctx: LintContext) -> Iterator[Hit]:
    """Almost every consultation weighs the price; if it truly does not, waive this rule with
    the reason."""
    evaluation = ctx.project.evaluation
    if evaluation is None or not evaluation.criteria:
        return
    if not any(
        not n.children and n.kind is CriterionKind.price for _, n in criteria_with_paths(ctx)
    ):
        yield Hit(("evaluation", "criteria"), "no criterion of kind 'price'", None, key=True)


@rule(
    "EVA006",
    "no-price-method",
    Severity.error,
    "evaluation",
    "A price criterion exists but no price method is declared (or it is incomplete).",
)
def no_price_method(ctx: LintContext) -> Iterator[Hit]:
    """The price formula must be fixed and published before bids are opened; an absolute band
    needs its best price and ceiling, the best below the ceiling."""
    evaluation = ctx.project.evaluation
    if evaluation is None:
        return
    has_price = any(
        not n.children and n.kind is CriterionKind.price for _, n in criteria_with_paths(ctx)
    )
    price = evaluation.price
    if has_price and price is None:
        yield Hit(
            ("evaluation",),
            "a price criterion exists but 'evaluation.price' is missing",
            None,
            key=True,
        )
        return
    if price is not None and price.method is PriceMethod.absolute_band:
        if price.best_price is None or price.ceiling is None:
            yield Hit(
                ("evaluation", "price", "method"),
                "the absolute_band method needs both 'best_price' and 'ceiling'",
            )
        elif price.best_price >= price.ceiling:
            yield Hit(
                ("evaluation", "price", "best_price"),
                "best_price must be lower than ceiling",
            )


@rule(
    "EVA007",
    "duplicate-criterion-id",
    Severity.error,
    "evaluation",
    "Two criteria share an id.",
)
def duplicate_criteria(ctx: LintContext) -> Iterator[Hit]:
    """Criterion ids are referenced by requirements and evaluation grids: each must be unique."""
    seen: set[str] = set()
    for path, node in criteria_with_paths(ctx):
        if node.id in seen:
            yield Hit((*path, "id"), f"criterion id '{node.id}' is used twice", node.id)
        seen.add(node.id)


@rule(
    "EVA008",
    "compliance-scale",
    Severity.error,
    "evaluation",
    "The compliance scale is missing, has duplicate levels, or no 'not compliant' level.",
)
def compliance_scale(ctx: LintContext) -> Iterator[Hit]:
    """Vendors answer with the scale's ids and the score comes from its points: it must exist
    when requirements expect a compliance answer, list each level once, and mark the level that
    means 'not compliant' (it eliminates on a must-have)."""
    needs_scale = any(r.response is ResponseType.compliance for r in ctx.project.requirements)
    evaluation = ctx.project.evaluation
    scale = evaluation.scale if evaluation is not None else []
    if needs_scale and not scale:
        where: Path_ = ("evaluation",) if evaluation is not None else ()
        yield Hit(
            where,
            "requirements expect a compliance answer but 'evaluation.scale' is empty",
            key=True,
        )
        return
    seen: set[str] = set()
    for i, level in enumerate(scale):
        if level.id in seen:
            yield Hit(("evaluation", "scale", i, "id"), f"scale level '{level.id}' is listed twice")
        seen.add(level.id)
    if scale and not any(level.not_compliant for level in scale):
        yield Hit(
            ("evaluation", "scale"),
            "no scale level is marked 'not_compliant: true'; must-haves cannot eliminate",
            key=True,
        )


@rule(
    "EVA009",
    "criterion-kind-on-branch",
    Severity.warning,
    "evaluation",
    "A criterion with sub-criteria also declares a kind, which is ignored.",
)
def kind_on_branch(ctx: LintContext) -> Iterator[Hit]:
    """Only leaves are scored; a kind on a branch suggests a misplaced sub-criterion."""
    for path, node in criteria_with_paths(ctx):
        if node.children and node.kind is not None:
            yield Hit(
                (*path, "kind"),
                f"criterion '{node.id}' has sub-criteria: its kind '{node.kind.value}' is ignored",
                node.id,
            )


@rule(
    "EVA010",
    "blank-beats-not-compliant",
    Severity.warning,
    "evaluation",
    "A blank answer can do better than an honest 'not compliant' (missing_must or missing_answers).",
)
def blank_beats_not_compliant(ctx: LintContext) -> Iterator[Hit]:
    """A vendor must never gain by leaving a row blank: with ``missing_must: zero`` while a
    'not compliant' must-have eliminates, a blank keeps the bid in competition; with
    ``missing_answers: exclude``, a blank requirement leaves the weights and lifts the note above
    what an honest 'not compliant' would earn. Both are declared choices: waive with the reason."""
    evaluation = ctx.project.evaluation
    if evaluation is None:
        return
    if evaluation.must_eliminates and evaluation.missing_must is MissingMustPolicy.zero:
        yield Hit(
            ("evaluation", "missing_must"),
            "a must-have left unanswered scores zero but stays in competition, while a 'not "
            "compliant' answer eliminates: a blank does better than an honest answer "
            "(missing_must: eliminate avoids it)",
        )
    if evaluation.missing_answers is MissingAnswerPolicy.exclude:
        yield Hit(
            ("evaluation", "missing_answers"),
            "unanswered requirements are excluded and the weights re-normalised: a blank can "
            "score better than an honest 'not compliant' (missing_answers: zero avoids it)",
        )
