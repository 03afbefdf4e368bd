"""The execution log's checks (EXE001–EXE012, registered in :mod:`cdc.linting.rules_execution`).

Apart from the registration on purpose: ``cdc lint`` registers every rule but never reads a
log, so it must not pay for importing the follow-up computations (:mod:`cdc.execution`); only
``cdc follow`` imports this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cdc.contract.catalogue import builtin_catalogue, load_catalogue
from cdc.core.errors import CdcError
from cdc.core.findings import Finding, sort_findings
from cdc.execution import (
    DeadlineKind,
    DeadlineStatus,
    EvidenceState,
    change_summary,
    check_evidence,
    deadlines,
    execution_terms,
)
from cdc.linting.rules_execution import EXECUTION_RULES
from cdc.model import Project
from cdc.model.execution import ExecutionLog, StepKind
from cdc.reading.execution import LoadedLog
from cdc.reading.yamlsrc import Path_

Hit = tuple[str, Path_, str]


def lint_log(
    project: Project, project_folder: Path, loaded: LoadedLog, as_of: dt.date
) -> list[Finding]:
    """Every finding about the log: reading problems, then the EXE rules on a valid log."""
    out = list(loaded.findings)
    if loaded.log is not None:
        for rule, path, message in _hits(project, project_folder, loaded.log, as_of):
            severity = EXECUTION_RULES[rule][1]
            out.append(Finding(loaded.locate(path), severity, rule, message))
    return sort_findings(out)


def _hits(project: Project, folder: Path, log: ExecutionLog, as_of: dt.date) -> Iterator[Hit]:
    yield from _references(project, folder, log)
    yield from _duplicates(log)
    yield from _dates(log)
    yield from _evidence(log, folder)
    yield from _grievances(project, log)
    yield from _deadlines(project, log, as_of)


def _clause_ids(project: Project, folder: Path) -> set[str]:
    try:
        library = load_catalogue(folder)
    except (CdcError, OSError):
        library = builtin_catalogue()
    own = {c.id for c in project.contract.clauses} if project.contract else set()
    return set(library.clauses) | own


def _references(project: Project, folder: Path, log: ExecutionLog) -> Iterator[Hit]:
    """EXE001: every id the log names must exist in the project or in the log itself, so a
    typo in a milestone, a role or a piece of evidence is caught before it skews a penalty.
    Walked section by section, in the log's own order."""
    ids = _KnownIds.of(project, folder, log)
    yield from _delivery_references(ids, log)
    yield from _service_level_references(ids, log)
    yield from _grievance_references(ids, log)
    yield from _meeting_references(ids, log)
    for i, change in enumerate(log.changes):
        yield from ids.pieces(change.evidence, ("changes", i))


@dataclass
class _KnownIds:
    """The ids a log may refer to, by kind, with where each kind is declared (for the message).

    The clause library is read only when a grievance cites a clause: most logs never do, and
    reading it means loading the organisation's catalogue.
    """

    project: Project
    folder: Path
    known: dict[str, tuple[set[str], str]]
    clauses: set[str] | None = None

    @classmethod
    def of(cls, project: Project, folder: Path, log: ExecutionLog) -> _KnownIds:
        """The ids declared by ``project`` (milestones, service levels, requirements, roles)
        and by ``log`` itself (deliveries, evidence)."""
        planning = project.planning
        governance = project.governance
        known = {
            "milestone": (
                {m.id for m in planning.milestones if m.id} if planning else set(),
                "planning.milestones",
            ),
            "service_level": (
                {s.id for s in execution_terms(project).service_levels if s.id},
                "contract.penalties.service_credits",
            ),
            "requirement": ({r.id for r in project.requirements}, "requirements"),
            "role": (
                {r.id for r in governance.roles} if governance else set(),
                "governance.roles",
            ),
            "delivery": ({d.id for d in log.deliveries}, "the log's deliveries"),
            "evidence": ({e.id for e in log.evidence}, "the log's evidence"),
        }
        return cls(project, folder, known)

    def check(self, kind: str, value: str, path: Path_) -> Iterator[Hit]:
        """EXE001 when ``value`` is not a known id of ``kind``."""
        ids, where = self.known[kind]
        if value not in ids:
            yield "EXE001", path, f"unknown {kind.replace('_', ' ')} '{value}' (not in {where})"

    def pieces(self, ids: list[str], path: Path_) -> Iterator[Hit]:
        """EXE001 for each piece of evidence in ``ids`` the log does not list."""
        for n, piece in enumerate(ids):
            yield from self.check("evidence", piece, (*path, "evidence", n))

    def clause(self, target: str, path: Path_) -> Iterator[Hit]:
        """EXE001 when ``target`` is neither in the clause library nor the project's clauses."""
        if self.clauses is None:
            self.clauses = _clause_ids(self.project, self.folder)
        if target not in self.clauses:
            yield "EXE001", path, f"unknown clause '{target}' (not in the clause library)"


def _delivery_references(ids: _KnownIds, log: ExecutionLog) -> Iterator[Hit]:
    """Deliveries name a milestone and evidence; verifications name a delivery and evidence."""
    for i, d in enumerate(log.deliveries):
        yield from ids.check("milestone", d.milestone, ("deliveries", i, "milestone"))
        yield from ids.pieces(d.evidence, ("deliveries", i))
        for x, excuse in enumerate(d.excusable):
            yield from ids.pieces(excuse.evidence, ("deliveries", i, "excusable", x))
    for i, v in enumerate(log.verifications):
        yield from ids.check("delivery", v.delivery, ("verifications", i, "delivery"))
        yield from ids.pieces(v.evidence, ("verifications", i))


def _service_level_references(ids: _KnownIds, log: ExecutionLog) -> Iterator[Hit]:
    """Each month's measures name a service level of the contract, and their evidence."""
    for i, period in enumerate(log.service_levels):
        yield from ids.pieces(period.evidence, ("service_levels", i))
        for m, measure in enumerate(period.measures):
            path: Path_ = ("service_levels", i, "measures", m)
            yield from ids.check("service_level", measure.service_level, (*path, "service_level"))
            yield from ids.pieces(measure.evidence, path)


def _grievance_references(ids: _KnownIds, log: ExecutionLog) -> Iterator[Hit]:
    """A grievance names a delivery, evidence (its own and its steps') and what it relies on:
    a clause (from the library) or a milestone, service level, requirement…"""
    for i, g in enumerate(log.grievances):
        if g.delivery is not None:
            yield from ids.check("delivery", g.delivery, ("grievances", i, "delivery"))
        yield from ids.pieces(g.evidence, ("grievances", i))
        for s, step in enumerate(g.steps):
            yield from ids.pieces(step.evidence, ("grievances", i, "steps", s))
        for r, ref in enumerate(g.references):
            path: Path_ = ("grievances", i, "references", r, ref.kind)
            if ref.kind == "clause":
                yield from ids.clause(ref.target, path)
            else:
                yield from ids.check(ref.kind, ref.target, path)


def _meeting_references(ids: _KnownIds, log: ExecutionLog) -> Iterator[Hit]:
    """A meeting's attendees and its actions' owners are roles of the governance."""
    for i, meeting in enumerate(log.meetings):
        yield from ids.pieces(meeting.evidence, ("meetings", i))
        for a, role in enumerate(meeting.attendees):
            yield from ids.check("role", role, ("meetings", i, "attendees", a))
        for a, action in enumerate(meeting.actions):
            yield from ids.check("role", action.owner, ("meetings", i, "actions", a, "owner"))


def _duplicates(log: ExecutionLog) -> Iterator[Hit]:
    lists: dict[str, list[str]] = {
        "deliveries": [d.id for d in log.deliveries],
        "verifications": [v.id for v in log.verifications],
        "service_levels": [p.month for p in log.service_levels],
        "grievances": [g.id for g in log.grievances],
        "evidence": [e.id for e in log.evidence],
        "meetings": [m.id for m in log.meetings],
        "changes": [c.id for c in log.changes],
    }
    for part, ids in lists.items():
        seen: set[str] = set()
        for i, item in enumerate(ids):
            key = "month" if part == "service_levels" else "id"
            if item in seen:
                yield "EXE002", (part, i, key), f"{part}: '{item}' appears twice"
            seen.add(item)
    for i, v in enumerate(log.verifications):
        names = [r.id for r in v.reserves]
        for r, name in enumerate(names):
            if name in names[:r]:
                yield (
                    "EXE002",
                    ("verifications", i, "reserves", r, "id"),
                    f"reserve '{name}' appears twice",
                )
    for i, m in enumerate(log.meetings):
        names = [a.id for a in m.actions]
        for a, name in enumerate(names):
            if name in names[:a]:
                yield (
                    "EXE002",
                    ("meetings", i, "actions", a, "id"),
                    f"action '{name}' appears twice",
                )


def _before(
    later: dt.date | None, earlier: dt.date | None, path: Path_, what: str, than: str
) -> Iterator[Hit]:
    if later is not None and earlier is not None and later < earlier:
        yield "EXE003", path, f"{what} ({later}) is before {than} ({earlier})"


def _dates(log: ExecutionLog) -> Iterator[Hit]:
    if log.contract is not None:
        c = log.contract
        yield from _before(c.start, c.signed, ("contract", "start"), "the start", "the signature")
    for i, d in enumerate(log.deliveries):
        path: Path_ = ("deliveries", i, "installation_report")
        yield from _before(
            d.installation_report, d.actual, path, "the installation report", "the delivery"
        )
    for i, v in enumerate(log.verifications):
        path = ("verifications", i, "end")
        yield from _before(v.end, v.start, path, "the end of the check", "its start")
        path = ("verifications", i, "decision_date")
        yield from _before(v.decision_date, v.start, path, "the decision", "the check's start")
        for r, reserve in enumerate(v.reserves):
            path = ("verifications", i, "reserves", r, "lifted")
            yield from _before(
                reserve.lifted, v.start, path, f"reserve {reserve.id} lifted", "the check's start"
            )
    for i, g in enumerate(log.grievances):
        previous, than = g.observed, "the observation"
        for s, step in enumerate(g.steps):
            path = ("grievances", i, "steps", s, "date")
            what = f"step {s + 1} ({step.kind.value})"
            yield from _before(step.date, previous, path, what, than)
            if step.date >= previous:
                previous, than = step.date, f"step {s + 1}"
            path = ("grievances", i, "steps", s, "due")
            yield from _before(step.due, step.date, path, "the due date", "the step")
    for i, m in enumerate(log.meetings):
        for a, action in enumerate(m.actions):
            path = ("meetings", i, "actions", a)
            yield from _before(action.due, m.date, (*path, "due"), "the due date", "the meeting")
            yield from _before(action.done, m.date, (*path, "done"), "the date done", "the meeting")
    for i, e in enumerate(log.evidence):
        path = ("evidence", i, "registered")
        yield from _before(e.registered, e.date, path, "the registration", "the piece's date")


def _evidence(log: ExecutionLog, folder: Path) -> Iterator[Hit]:
    for check in check_evidence(log, folder):
        i = check.number - 1
        piece = check.piece
        if check.state is EvidenceState.missing:
            yield (
                "EXE004",
                ("evidence", i, "file"),
                f"piece {piece.id}: file '{piece.file}' is missing",
            )
        elif check.state is EvidenceState.outside:
            yield (
                "EXE004",
                ("evidence", i, "file"),
                f"piece {piece.id}: '{piece.file}' is outside the project folder",
            )
        elif check.state is EvidenceState.altered:
            yield (
                "EXE005",
                ("evidence", i, "sha256"),
                f"piece {piece.id}: '{piece.file}' changed since it was registered "
                f"(SHA-256 now {check.actual_sha256})",
            )


def _grievances(project: Project, log: ExecutionLog) -> Iterator[Hit]:
    terms = execution_terms(project)
    deliveries = {d.id: d for d in log.deliveries}
    for i, g in enumerate(log.grievances):
        cited = g.evidence or [p for s in g.steps for p in s.evidence]
        if not cited:
            yield "EXE006", ("grievances", i, "id"), f"grievance {g.id} cites no evidence"
        if not g.references:
            yield (
                "EXE007",
                ("grievances", i, "id"),
                f"grievance {g.id} cites no contractual reference",
            )
        if not terms.formal_notice_required:
            continue
        delivery = deliveries.get(g.delivery) if g.delivery else None
        notices = [
            s.date
            for other in log.grievances
            if other is g
            or (
                delivery is not None
                and (
                    other.delivery == delivery.id
                    or any(r.milestone == delivery.milestone for r in other.references)
                )
            )
            for s in other.steps
            if s.kind is StepKind.formal_notice
        ]
        for s, step in enumerate(g.steps):
            if (
                step.kind is StepKind.claim
                and step.basis is not None
                and step.basis.value == "delay_penalty"
            ) and not any(n <= step.date for n in notices):
                yield (
                    "EXE010",
                    ("grievances", i, "steps", s),
                    f"grievance {g.id}: a delay penalty is claimed with no formal notice "
                    "before it; under this contract penalties run only from a formal notice",
                )


def _deadlines(project: Project, log: ExecutionLog, as_of: dt.date) -> Iterator[Hit]:
    terms = execution_terms(project)
    for d in deadlines(terms, project, log, as_of):
        path = d.where or ("contract",)
        if d.kind in (DeadlineKind.decision, DeadlineKind.renewal_notice):
            if d.status is DeadlineStatus.soon:
                yield "EXE008", path, f"{d.label}: {d.date} ({_in_days(d.days_left)})"
            elif d.status is DeadlineStatus.overdue and d.kind is DeadlineKind.decision:
                effect = ": the silence kept counts as admission" if d.critical else ""
                yield "EXE009", path, f"{d.label}: was due {d.date}, no decision logged{effect}"
        elif d.kind is DeadlineKind.action and d.status is DeadlineStatus.overdue:
            yield "EXE011", path, f"action {d.subject} overdue since {d.date}: {d.label}"
    summary = change_summary(terms, project, log)
    if summary.over_threshold:
        last = max(
            (i for i, c in enumerate(log.changes) if c.status.value == "accepted"), default=0
        )
        yield (
            "EXE012",
            ("changes", last, "price_impact"),
            f"accepted changes add up to {summary.percent} % of the initial amount "
            f"(over {summary.threshold_percent} %). {summary.rule}",
        )


def _in_days(days: int) -> str:
    return "today" if days == 0 else f"in {days} day{'s' if days > 1 else ''}"


__all__ = ["lint_log"]
