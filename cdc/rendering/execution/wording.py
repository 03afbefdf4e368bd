"""Words of the execution documents that depend on data, in the document's language.

The follow-up (:mod:`cdc.execution`) labels its deadlines and notes in English for the terminal
and the JSON; documents word them again from their kind and the log's facts with the
``execution`` section of ``labels.yaml``, so a French dashboard reads French. Anything this
module does not know is printed as the follow-up gave it, never dropped.
"""

from __future__ import annotations

from typing import Any

from cdc.execution.deadlines import Deadline, DeadlineKind
from cdc.model import Project
from cdc.model.execution import ExecutionLog

#: The follow-up's English notes (cdc.execution.money) → label keys under ``execution.note``.
_NOTES = {
    "no formal notice yet": "no_formal_notice",
    "the contract sets no delay penalties": "no_terms",
    "no value given": "no_value",
    "penalty waived": "waived",
    "unknown milestone": "unknown_milestone",
    "no monthly fee known": "no_fee",
    "the contract sets no credit": "no_credit",
}


def note_text(note: str | None, words: dict[str, Any]) -> str | None:
    """A follow-up note in the document's language (as given when it is not a known one)."""
    if note is None:
        return None
    for start, key in _NOTES.items():
        if note.startswith(start):
            return str(words["note"][key])
    return note


def days_text(days: int, words: dict[str, Any]) -> str:
    """``12 jours`` / ``1 day``."""
    unit = words["delivery"]["day" if abs(days) == 1 else "days"]
    return f"{days}\u00a0{unit}"


def deadline_label(d: Deadline, project: Project, log: ExecutionLog, labels: dict[str, Any]) -> str:
    """What a deadline is, worded from its kind and the log item it comes from."""
    words = labels["execution"]["deadline"]
    where = d.where
    try:
        if d.kind in (DeadlineKind.delivery, DeadlineKind.installation_report):
            delivery = log.deliveries[int(where[1])]
            return str(words[d.kind.value]).format(name=delivery.label or delivery.id)
        if d.kind in (DeadlineKind.verification_end, DeadlineKind.decision):
            v = log.verifications[int(where[1])]
            phase = lower_first(str(labels["acceptance_phase"][v.kind.value]))
            key = (
                "decision_tacit" if d.kind is DeadlineKind.decision and d.critical else d.kind.value
            )
            return str(words[key]).format(phase=phase, delivery=v.delivery)
        if d.kind is DeadlineKind.reserve:
            reserve = log.verifications[int(where[1])].reserves[int(where[3])]
            return str(words["reserve"]).format(
                id=reserve.id,
                anomaly=labels["anomaly"][reserve.anomaly.value],
                description=reserve.description,
            )
        if d.kind is DeadlineKind.warranty_end:
            return str(words["warranty_end"]).format(delivery=d.subject)
        if d.kind in (DeadlineKind.comment_window, DeadlineKind.answer_due):
            grievance = log.grievances[int(where[1])]
            step = grievance.steps[int(where[3])]
            name = str(labels["execution"]["step"][step.kind.value]).lower()
            return str(words[d.kind.value]).format(step=name, title=grievance.title)
        if d.kind is DeadlineKind.action:
            action = log.meetings[int(where[1])].actions[int(where[3])]
            return str(words["action"]).format(
                label=action.label, owner=role_name(project, action.owner)
            )
        if d.kind in (DeadlineKind.contract_end, DeadlineKind.renewal_notice):
            return str(words[d.kind.value])
        if d.kind is DeadlineKind.obligation and project.contract is not None:
            ident = d.subject.rsplit(".", 1)[0]
            for ob in project.contract.obligations:
                if ob.id == ident:
                    party = str(labels["organisation"][ob.party.value]).lower()
                    return str(words["obligation"]).format(label=ob.label, party=party)
    except (IndexError, ValueError, KeyError):
        pass
    return d.label


def lower_first(text: str) -> str:
    """``Vérification d'aptitude (VA)`` → ``vérification d'aptitude (VA)`` (mid-sentence)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def role_name(project: Project, role_id: str) -> str:
    """A governance role's name (the id when the project does not define it)."""
    governance = project.governance
    for role in governance.roles if governance is not None else []:
        if role.id == role_id:
            return role.name
    return role_id


__all__ = ["days_text", "deadline_label", "lower_first", "note_text", "role_name"]
