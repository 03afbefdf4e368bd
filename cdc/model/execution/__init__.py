"""Pydantic models of the execution log (``execution.yaml`` or an ``execution/`` folder).

The log records what happens after signature — deliveries, acceptance, service levels,
grievances, evidence, meetings, changes — and refers to the project file by id (milestones,
service levels, requirements, clauses, roles). ``cdc schema`` writes its JSON Schema.
"""

from cdc.model.execution.common import (
    ChangeKind,
    ChangeStatus,
    ClaimBasis,
    ContractRef,
    Decision,
    EvidenceKind,
    GrievanceStatus,
    MeetingKind,
    StepKind,
)
from cdc.model.execution.delivery import Delivery, ExcusableDelay, Reserve, Verification
from cdc.model.execution.log import LOG_LISTS, ExecutionLog, LogSettings, SignedContract
from cdc.model.execution.records import (
    Action,
    Change,
    Evidence,
    Grievance,
    GrievanceStep,
    Measure,
    Meeting,
    ServicePeriod,
)

__all__ = [
    "LOG_LISTS",
    "Action",
    "Change",
    "ChangeKind",
    "ChangeStatus",
    "ClaimBasis",
    "ContractRef",
    "Decision",
    "Delivery",
    "Evidence",
    "EvidenceKind",
    "ExcusableDelay",
    "ExecutionLog",
    "Grievance",
    "GrievanceStatus",
    "GrievanceStep",
    "LogSettings",
    "Measure",
    "Meeting",
    "MeetingKind",
    "Reserve",
    "ServicePeriod",
    "SignedContract",
    "StepKind",
    "Verification",
]
