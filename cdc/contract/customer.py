"""The buyer's own side of personal data: its duties towards customers and the call-recording terms.

The art. 28 checklist (:mod:`cdc.contract.gdpr`) covers what the vendor does for the buyer. What
the buyer owes its customers as controller (legal basis, consent, data-subject rights made
product functions, retention, art. 25, art. 30(1), need-to-know access, telephone canvassing)
and the CNIL's terms for recording calls at work are read here, once, for both the GDPR
document (:func:`controller_checklist`) and the lint rules (``cdc.linting.rules_privacy``).
The lines' wording and references are data: ``customer_duties`` and ``recording_terms`` of the
clause catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdc.contract._words import join, words
from cdc.contract.catalogue import ClauseLibrary
from cdc.contract.gdpr import GdprLine, LineState, checklist_line
from cdc.model import Project
from cdc.model.contract import PersonalData
from cdc.model.privacy import CallRecording, CustomerDuty

#: CNIL guidance on recording calls at work (to be checked by counsel): recordings are kept six
#: months at most, the analysis documents (evaluation grids) one year at most.
RECORDING_MAX_MONTHS = 6
EVALUATION_MAX_MONTHS = 12

#: The terms of ``personal_data.recording`` that must be stated, besides the two periods.
RECORDING_NOTICES = ("private_calls", "staff_information", "caller_information")
RECORDING_PERIODS = ("retention_months", "evaluation_retention_months")


def controller_applies(project: Project) -> PersonalData | None:
    """The personal-data block when personal data is processed (the duties then apply)."""
    pd = project.personal_data
    return pd if pd is not None and pd.processed_by_vendor else None


def applicable_duties(pd: PersonalData) -> list[CustomerDuty]:
    """Every duty, canvassing only when the buyer says it calls consumers to sell."""
    canvassing = pd.customer is not None and pd.customer.canvassing
    return [d for d in CustomerDuty if d is not CustomerDuty.canvassing or canvassing]


def unstated(pd: PersonalData, duties: tuple[CustomerDuty, ...]) -> list[CustomerDuty]:
    """Those of ``duties`` that apply and that ``personal_data.customer.duties`` leaves out."""
    stated = pd.customer.duties if pd.customer is not None else {}
    return [d for d in duties if d in applicable_duties(pd) and d not in stated]


def recording_gaps(recording: CallRecording | None, names: tuple[str, ...]) -> list[str]:
    """The fields of ``names`` the recording terms leave empty (all of them without terms)."""
    if recording is None:
        return list(names)
    out = []
    for name in names:
        value = getattr(recording, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            out.append(name)
    return out


@dataclass(frozen=True)
class ControllerChecklist:
    """The controller's lines of the GDPR document: duties towards customers, recording terms."""

    applies: bool
    duties: tuple[GdprLine, ...]
    recording: tuple[GdprLine, ...]
    missing: int


def _duty(
    pd: PersonalData, duty: str, lang: str, labels: dict[str, Any]
) -> tuple[LineState, str, str | None]:
    if duty == CustomerDuty.canvassing and CustomerDuty.canvassing not in applicable_duties(pd):
        return LineState.stated, words(labels, "controller_says", "no_canvassing"), None
    stated = pd.customer.duties.get(CustomerDuty(duty)) if pd.customer is not None else None
    if stated is None:
        return LineState.missing, words(labels, "controller_says", "unstated", duty=duty), None
    says = (
        words(labels, "controller_says", "requirements", list=join(stated.requirements, lang))
        if stated.requirements
        else ""
    )
    return LineState.stated, says, stated.how


def _recording(
    rec: CallRecording | None, term: str, labels: dict[str, Any]
) -> tuple[LineState, str, str | None]:
    def say(key: str, **values: Any) -> str:
        return words(labels, "controller_says", key, **values)

    if rec is None:
        return LineState.missing, say("no_recording_terms"), None
    if term == "systematic":
        if not rec.systematic:
            return LineState.stated, say("occasional"), None
        if rec.legal_basis:
            return LineState.check, say("systematic_basis"), rec.legal_basis
        return LineState.missing, say("systematic_no_basis"), None
    if term in RECORDING_PERIODS:
        months: int | None = getattr(rec, term)
        ceiling = RECORDING_MAX_MONTHS if term == "retention_months" else EVALUATION_MAX_MONTHS
        if months is None:
            return LineState.missing, say("no_period"), None
        if months > ceiling:
            return LineState.check, say("period_too_long", months=months, ceiling=ceiling), None
        return LineState.stated, say("period", months=months), None
    text: str | None = getattr(rec, term)
    if text is None or not text.strip():
        return LineState.missing, say("not_said"), None
    return LineState.stated, "", text


def controller_checklist(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> ControllerChecklist:
    """The controller's lines for a project that processes personal data (empty otherwise)."""
    pd = controller_applies(project)
    if pd is None:
        return ControllerChecklist(False, (), (), 0)
    lang = project.project.language.value
    duties = tuple(
        checklist_line(item, lang, labels, *_duty(pd, item.id, lang, labels))
        for item in library.customer_duties
    )
    recording: tuple[GdprLine, ...] = ()
    if pd.call_recording:
        recording = tuple(
            checklist_line(item, lang, labels, *_recording(pd.recording, item.id, labels))
            for item in library.recording_terms
        )
    missing = sum(1 for line in (*duties, *recording) if line.state is LineState.missing)
    return ControllerChecklist(True, duties, recording, missing)
