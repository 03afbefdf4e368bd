"""Rules on the move from today's tools to the new solution (category ``planning``).

Seed material on customer-relationship projects (a contract-management view of digitalising
customer relations) insists that existing contracts be ended in a time compatible with the
project: a tool to be replaced whose contract runs past go-live is paid twice, or renews
tacitly, unless its end is planned.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdc.core.findings import Severity
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model.enums import MilestoneKind


@rule(
    "PLA004",
    "existing-contract-outlasts-go-live",
    Severity.warning,
    "planning",
    "A tool to be replaced has a contract that ends after go-live and no termination plan.",
)
def existing_contract_outlasts_go_live(ctx: LintContext) -> Iterator[Hit]:
    """A tool that does not stay (existing.tools[].kept is not true) and whose contract ends
    after the first go-live milestone must say how that contract is ended in time (notice,
    non-renewal) or why the overlap is wanted (existing.tools[].termination): otherwise it may
    renew tacitly or be paid alongside the new solution (French Civil Code art. 1212–1215 on
    term and renewal, to be checked by counsel)."""
    existing, planning = ctx.project.existing, ctx.project.planning
    if existing is None or planning is None:
        return
    go_lives = [m.date for m in planning.milestones if m.kind is MilestoneKind.go_live]
    if not go_lives:
        return
    go_live = min(go_lives)
    for i, tool in enumerate(existing.tools):
        if tool.kept or tool.contract_end is None or tool.contract_end <= go_live:
            continue
        if tool.termination and tool.termination.strip():
            continue
        yield Hit(
            ("existing", "tools", i, "contract_end"),
            f"the contract of '{tool.name}' ends on {tool.contract_end}, after go-live "
            f"({go_live}), and the tool is not kept: say how it is ended in time "
            "(existing.tools[].termination)",
            tool.name,
        )
