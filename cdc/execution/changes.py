"""Changes to the contract: their cumulated price impact against the initial amount.

In French public procurement a modification is allowed without a new procedure, among other
cases, when its amount stays under the European thresholds and under 10 % of the initial amount
for services and supplies (15 % for works) — Code de la commande publique, art. R. 2194-8. Past
10 %, a modification needs another legal basis (R. 2194-2 to R. 2194-7). cdc warns and says it
is to be checked: the law cumulates successive modifications and has other conditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cdc.contract.penalties import to_cent
from cdc.execution.terms import ExecutionTerms
from cdc.model import Project
from cdc.model.execution import ChangeStatus, ExecutionLog

#: Share of the initial amount past which a modification needs a legal basis (services).
THRESHOLD_PERCENT = Decimal(10)
RULE = (
    "Public procurement: modifications past 10 % of the initial amount of a services contract "
    "need a legal basis other than art. R. 2194-8 of the Code de la commande publique "
    "(to be checked)."
)


@dataclass(frozen=True)
class ChangeSummary:
    """Cumulated price impact of the contract's changes."""

    initial: Decimal | None
    #: Sum of the accepted changes' price impacts (signed).
    accepted: Decimal
    #: Sum of the proposed ones (not yet decided).
    pending: Decimal
    #: accepted / initial × 100, to the hundredth (None without an initial amount).
    percent: Decimal | None
    #: (accepted + pending) / initial × 100: where the proposed changes would take it.
    percent_if_accepted: Decimal | None
    threshold_percent: Decimal
    applies: bool
    over_threshold: bool
    rule: str


def change_summary(terms: ExecutionTerms, project: Project, log: ExecutionLog) -> ChangeSummary:
    """Cumulated impact of accepted and pending changes, and whether it passes 10 %."""
    initial = project.contract.estimated_total if project.contract else None
    accepted = sum(
        (c.price_impact for c in log.changes if c.status is ChangeStatus.accepted), Decimal(0)
    )
    pending = sum(
        (c.price_impact for c in log.changes if c.status is ChangeStatus.proposed), Decimal(0)
    )
    percent = percent_if = None
    if initial:
        percent = to_cent(accepted * 100 / initial)
        percent_if = to_cent((accepted + pending) * 100 / initial)
    # Compared exactly, not on the rounded percentage: 10.001 % is past 10 %.
    over = bool(initial and terms.public and abs(accepted) * 100 > THRESHOLD_PERCENT * initial)
    return ChangeSummary(
        initial, accepted, pending, percent, percent_if, THRESHOLD_PERCENT, terms.public, over, RULE
    )
