"""Lint of the execution log: references, dates, evidence, grievances, deadlines, actions.

The log is checked against the project it follows (milestones, service levels, requirements,
clauses, roles) and against the disk (evidence files and their SHA-256). Some rules depend on
the as-of date (a deadline near or passed, an action overdue), so they run in ``cdc follow``
with its ``--as-of``, not in ``cdc lint``; the rules are registered in :data:`RULES` with no
project check so that ``cdc lint --list-rules``, the README table and the negative cases cover
them like every other rule.
"""

from __future__ import annotations

from cdc.core.findings import Severity
from cdc.linting.registry import Rule, register

EXECUTION_RULES = {
    "EXE001": ("unknown-reference", Severity.error, "The log refers to an id that does not exist."),
    "EXE002": ("duplicate-log-id", Severity.error, "Two items of the log share an id."),
    "EXE003": (
        "dates-out-of-order",
        Severity.error,
        "A date of the log comes before the one it follows.",
    ),
    "EXE004": (
        "evidence-missing",
        Severity.error,
        "An evidence file is missing or outside the project folder.",
    ),
    "EXE005": (
        "evidence-altered",
        Severity.error,
        "An evidence file changed since it was registered (SHA-256).",
    ),
    "EXE006": ("grievance-without-evidence", Severity.warning, "A grievance cites no evidence."),
    "EXE007": (
        "grievance-without-reference",
        Severity.warning,
        "A grievance cites no contractual reference.",
    ),
    "EXE008": (
        "decision-deadline-near",
        Severity.warning,
        "A decision deadline is within the warning days.",
    ),
    "EXE009": (
        "decision-deadline-passed",
        Severity.error,
        "A decision deadline passed with no decision.",
    ),
    "EXE010": (
        "penalty-without-formal-notice",
        Severity.error,
        "A delay penalty is claimed without the formal notice the contract needs.",
    ),
    "EXE011": (
        "action-overdue",
        Severity.warning,
        "A committee action is past its due date and not done.",
    ),
    "EXE012": (
        "changes-past-threshold",
        Severity.warning,
        "Accepted changes exceed 10 % of the initial amount (public contract).",
    ),
}

for _id, (_name, _severity, _summary) in EXECUTION_RULES.items():
    register(Rule(_id, _name, _severity, "execution", _summary))
