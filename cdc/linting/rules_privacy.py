"""Rules on the buyer's own side of personal data (category ``gdpr``): call recording, customers.

The art. 28 rules (``rules_gdpr``) check what the vendor does for the buyer. These check what
the buyer owes as controller and must settle in its specification: the CNIL's terms for
recording calls at work (REC…), and its duties towards customers — legal basis and consent,
data-subject rights made product functions, retention, art. 25 and 30(1), need-to-know access,
telephone canvassing (CUS…). Each explanation names its source; sources not yet confirmed
against the text are marked "to be checked by counsel", as in the clause catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdc.contract.customer import (
    EVALUATION_MAX_MONTHS,
    RECORDING_MAX_MONTHS,
    RECORDING_NOTICES,
    RECORDING_PERIODS,
    controller_applies,
    recording_gaps,
    unstated,
)
from cdc.core.findings import Severity
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model.contract import PersonalData
from cdc.model.privacy import CustomerDuty
from cdc.reading.yamlsrc import Path_

D = CustomerDuty
RIGHTS = (D.access, D.rectification, D.erasure, D.portability, D.objection)
CONSENT = (D.legal_basis, D.consent_proof, D.channel_preferences)
ACCOUNTABILITY = (D.controller_record, D.privacy_by_design, D.need_to_know)


def _recorded(ctx: LintContext) -> PersonalData | None:
    pd = ctx.project.personal_data
    return pd if pd is not None and pd.call_recording else None


def _where(pd: PersonalData) -> Path_:
    """Point at the duties when the project has some, else at the processing flag."""
    if pd.customer is not None:
        return ("personal_data", "customer")
    return ("personal_data", "processed_by_vendor")


def _recording_where(pd: PersonalData) -> Path_:
    """Point at the recording terms when the project has some, else at the recording flag."""
    if pd.recording is not None:
        return ("personal_data", "recording")
    return ("personal_data", "call_recording")


def _duties_hit(
    pd: PersonalData, duties: tuple[CustomerDuty, ...], what: str, source: str
) -> Iterator[Hit]:
    """One finding per group of duties: what is missing, where and how to write it, the source."""
    missing = unstated(pd, duties)
    if missing:
        names = ", ".join(d.value for d in missing)
        yield Hit(
            _where(pd),
            f"{what} not stated ({source}): under personal_data.customer.duties, give "
            f"{names} the requirements that meet each one ({{requirements: [ID]}}), or how it "
            "is met otherwise or why it does not apply ({how: ...})",
            "customer",
        )


@rule(
    "REC001",
    "recording-periods-unstated",
    Severity.warning,
    "gdpr",
    "Calls are recorded but how long recordings and evaluation grids are kept is not stated.",
)
def recording_periods_unstated(ctx: LintContext) -> Iterator[Hit]:
    """CNIL guidance on recording calls at work ("L'écoute et l'enregistrement des appels sur le
    lieu de travail", to be checked by counsel): recordings are kept six months at most and the
    analysis documents (evaluation grids) one year at most; GDPR art. 5(1)(e). The project says
    so in personal_data.recording.retention_months and evaluation_retention_months."""
    pd = _recorded(ctx)
    if pd is None:
        return
    missing = recording_gaps(pd.recording, RECORDING_PERIODS)
    if missing:
        yield Hit(
            _recording_where(pd),
            f"calls are recorded but personal_data.recording does not state {', '.join(missing)} "
            f"(CNIL guidance, to be checked by counsel: {RECORDING_MAX_MONTHS} months at most for "
            f"recordings, {EVALUATION_MAX_MONTHS} for evaluation grids)",
            "recording",
        )


@rule(
    "REC002",
    "recordings-kept-too-long",
    Severity.warning,
    "gdpr",
    "Recordings are kept over 6 months, or evaluation grids over 12 months.",
)
def recordings_kept_too_long(ctx: LintContext) -> Iterator[Hit]:
    """CNIL guidance on recording calls at work (to be checked by counsel): six months at most
    for the recordings, one year at most for the analysis documents built from them."""
    pd = _recorded(ctx)
    if pd is None or pd.recording is None:
        return
    for name, ceiling in zip(
        RECORDING_PERIODS, (RECORDING_MAX_MONTHS, EVALUATION_MAX_MONTHS), strict=True
    ):
        months = getattr(pd.recording, name)
        if months is not None and months > ceiling:
            yield Hit(
                ("personal_data", "recording", name),
                f"{name} is {months} months: the CNIL recommends {ceiling} at most",
                "recording",
            )


@rule(
    "REC003",
    "systematic-recording-without-law",
    Severity.warning,
    "gdpr",
    "Every call is recorded but no law requiring it is named.",
)
def systematic_recording_without_law(ctx: LintContext) -> Iterator[Hit]:
    """CNIL guidance on recording calls at work (to be checked by counsel): a permanent or
    systematic recording is not proportionate unless a law requires it (GDPR art. 5(1)(c),
    minimisation). Name that law in personal_data.recording.legal_basis, or record occasionally."""
    pd = _recorded(ctx)
    if pd is None or pd.recording is None:
        return
    if pd.recording.systematic and not (pd.recording.legal_basis or "").strip():
        yield Hit(
            ("personal_data", "recording", "systematic"),
            "systematic recording of every call without a law that requires it: name the law "
            "in personal_data.recording.legal_basis, or set systematic: false (CNIL guidance on "
            "recording calls at work, to be checked by counsel)",
            "recording",
        )


@rule(
    "REC004",
    "recording-notices-unstated",
    Severity.warning,
    "gdpr",
    "Calls are recorded but private calls, staff information or caller information is not stated.",
)
def recording_notices_unstated(ctx: LintContext) -> Iterator[Hit]:
    """CNIL guidance on recording calls at work (to be checked by counsel): agents must be able
    to make private calls that are not recorded (a dedicated line or a switch); staff are told
    beforehand and their representatives informed and consulted (French Labour Code L1222-4,
    L2312-38); callers are told at the start of the call and may object (GDPR art. 13, 21)."""
    pd = _recorded(ctx)
    if pd is None:
        return
    missing = recording_gaps(pd.recording, RECORDING_NOTICES)
    if missing:
        yield Hit(
            _recording_where(pd),
            f"calls are recorded but personal_data.recording does not state {', '.join(missing)} "
            "(CNIL guidance on recording calls at work, to be checked by counsel)",
            "recording",
        )


@rule(
    "CUS001",
    "data-subject-rights-unstated",
    Severity.warning,
    "gdpr",
    "Personal data is processed but the data-subject rights are not made product functions.",
)
def data_subject_rights_unstated(ctx: LintContext) -> Iterator[Hit]:
    """GDPR art. 15 (access), 16 (rectification), 17 (erasure), 20 (portability) and 21
    (objection), answered within one month (art. 12(3)): the solution must offer the functions
    that let the buyer answer, so they belong among the requirements."""
    pd = controller_applies(ctx.project)
    if pd is not None:
        yield from _duties_hit(pd, RIGHTS, "data-subject rights", "GDPR art. 15-17, 20, 21")


@rule(
    "CUS002",
    "consent-unstated",
    Severity.warning,
    "gdpr",
    "Personal data is processed but the legal basis, proof of consent or contact preferences are not stated.",
)
def consent_unstated(ctx: LintContext) -> Iterator[Hit]:
    """GDPR art. 6(1) (a legal basis for each purpose), 7(1) (the controller can demonstrate
    consent), 21(2)–(3) (objection to direct marketing); opt-in for marketing e-mails and texts to
    individuals (French Post and Electronic Communications Code L34-5, to be checked by counsel):
    preferences are kept by channel."""
    pd = controller_applies(ctx.project)
    if pd is not None:
        yield from _duties_hit(pd, CONSENT, "legal basis and consent", "GDPR art. 6, 7, 21")


@rule(
    "CUS003",
    "retention-purge-unstated",
    Severity.warning,
    "gdpr",
    "Personal data is processed but no automatic purge with its log is stated.",
)
def retention_purge_unstated(ctx: LintContext) -> Iterator[Hit]:
    """GDPR art. 5(1)(e) (storage limitation) and 5(2) (accountability): retention periods per
    data category, deletion or anonymisation when they end, and a log that proves it."""
    pd = controller_applies(ctx.project)
    if pd is not None:
        yield from _duties_hit(pd, (D.retention_purge,), "retention lifecycle", "GDPR art. 5(1)(e)")


@rule(
    "CUS004",
    "controller-accountability-unstated",
    Severity.warning,
    "gdpr",
    "Personal data is processed but the record, privacy by design or need-to-know access is not stated.",
)
def controller_accountability_unstated(ctx: LintContext) -> Iterator[Hit]:
    """GDPR art. 30(1) (the controller's own record of processing), art. 25 (data protection by
    design and by default, a duty of the buyer that belongs in the specification) and art. 5(1)(f)
    and 32 (access on a need-to-know basis)."""
    pd = controller_applies(ctx.project)
    if pd is not None:
        yield from _duties_hit(
            pd, ACCOUNTABILITY, "controller duties", "GDPR art. 5(1)(f), 25, 30(1)"
        )


@rule(
    "CUS005",
    "canvassing-unscreened",
    Severity.warning,
    "gdpr",
    "The buyer canvasses consumers by telephone but the canvassing rules are not stated.",
)
def canvassing_unscreened(ctx: LintContext) -> Iterator[Hit]:
    """French Consumer Code L223-1 and following (to be checked by counsel): since 11 August 2026
    (act no. 2025-594 of 30 June 2025, to be checked by counsel) telephone canvassing of
    consumers needs their prior consent; before, consumers registered on the opposition list
    (Bloctel) could not be canvassed."""
    pd = controller_applies(ctx.project)
    if pd is None or pd.customer is None or not pd.customer.canvassing:
        return
    if unstated(pd, (D.canvassing,)):
        yield Hit(
            ("personal_data", "customer", "canvassing"),
            "telephone canvassing of consumers without its rules (prior consent, opposition "
            "list): say how they are met in personal_data.customer.duties.canvassing (French "
            "Consumer Code L223-1 and following, to be checked by counsel)",
            "customer",
        )


@rule(
    "CUS006",
    "unknown-duty-requirement",
    Severity.error,
    "gdpr",
    "A customer duty names a requirement that does not exist.",
)
def unknown_duty_requirement(ctx: LintContext) -> Iterator[Hit]:
    """A duty met "by requirement X" is only met if X is in the specification."""
    pd = ctx.project.personal_data
    if pd is None or pd.customer is None:
        return
    known = {r.id for r in ctx.project.requirements}
    for duty, statement in pd.customer.duties.items():
        for index, ref in enumerate(statement.requirements):
            if ref not in known:
                yield Hit(
                    ("personal_data", "customer", "duties", duty.value, "requirements", index),
                    f"{duty.value}: no requirement {ref}",
                    ref,
                )
