"""Rules on personal data (category ``gdpr``): the art. 28 processing agreement, transfers, DPIA.

Each rule checks one thing the processing agreement or the DPIA screening needs from the project
file (domain.md §1), with the article it comes from in its explanation.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdc.contract.evaluate import outside_eea_countries
from cdc.contract.gdpr import CONTROLLER_BREACH_HOURS, DESCRIPTION_PARTS
from cdc.core.findings import Severity
from cdc.linting.registry import Hit, LintContext, rule
from cdc.model.enums import SubProcessorAuthorisation


@rule(
    "GDP001",
    "incomplete-processing-description",
    Severity.warning,
    "gdpr",
    "The vendor processes personal data but the processing description is incomplete.",
)
def incomplete_processing_description(ctx: LintContext) -> Iterator[Hit]:
    """Art. 28(3) requires the contract to set out the subject-matter, duration, nature and
    purpose of the processing, the types of personal data and the categories of data subjects."""
    pd = ctx.project.personal_data
    if pd is None or not pd.processed_by_vendor:
        return
    missing = [p for p in DESCRIPTION_PARTS if not getattr(pd, p)]
    if missing:
        yield Hit(
            ("personal_data", "processed_by_vendor"),
            f"the processing description lacks {', '.join(missing)} (art. 28(3))",
            "description",
        )


@rule(
    "GDP002",
    "no-sub-processor-regime",
    Severity.warning,
    "gdpr",
    "The vendor processes personal data but no sub-processor regime is set.",
)
def no_sub_processor_regime(ctx: LintContext) -> Iterator[Hit]:
    """Art. 28(2): sub-processors need the controller's prior written authorisation, specific
    or general; the contract says which."""
    pd = ctx.project.personal_data
    if pd is not None and pd.processed_by_vendor and pd.sub_processors is None:
        yield Hit(
            ("personal_data", "processed_by_vendor"),
            "no sub-processor regime (personal_data.sub_processors: specific or general)",
            "sub_processors",
        )


@rule(
    "GDP003",
    "general-authorisation-without-notice",
    Severity.warning,
    "gdpr",
    "A general authorisation of sub-processors has no notice period.",
)
def general_authorisation_without_notice(ctx: LintContext) -> Iterator[Hit]:
    """Under a general authorisation the controller must be told of changes in time to object
    (art. 28(2)); the SCCs 2021/915 put a number of days there."""
    pd = ctx.project.personal_data
    if pd is None or not pd.processed_by_vendor or pd.sub_processors is None:
        return
    sub = pd.sub_processors
    if sub.authorisation is SubProcessorAuthorisation.general and not sub.notice_days:
        yield Hit(
            ("personal_data", "sub_processors", "authorisation"),
            "general authorisation of sub-processors without notice_days before a change",
            "sub_processors",
        )


@rule(
    "GDP004",
    "breach-notice-delay",
    Severity.warning,
    "gdpr",
    "The processor's breach-notice delay is missing or longer than 72 hours.",
)
def breach_notice_delay(ctx: LintContext) -> Iterator[Hit]:
    """The controller has 72 hours to notify the authority (art. 33(1)); the processor's own
    delay (art. 33(2)) must leave it time, so contracts fix 24 or 48 hours."""
    pd = ctx.project.personal_data
    if pd is None or not pd.processed_by_vendor:
        return
    hours = pd.breach_notice_hours
    if hours is None:
        yield Hit(
            ("personal_data", "processed_by_vendor"),
            "no breach-notice delay for the processor (personal_data.breach_notice_hours)",
            "breach_notice",
        )
    elif hours > CONTROLLER_BREACH_HOURS:
        yield Hit(
            ("personal_data", "breach_notice_hours"),
            f"breach notice within {hours} h leaves the controller no time for its own 72 h",
            "breach_notice",
        )


@rule(
    "GDP005",
    "transfer-without-mechanism",
    Severity.error,
    "gdpr",
    "A transfer outside the EEA has no Chapter V mechanism.",
)
def transfer_without_mechanism(ctx: LintContext) -> Iterator[Hit]:
    """Art. 44–49: a transfer outside the EEA is lawful only with an adequacy decision,
    appropriate safeguards (SCCs, BCR) or a derogation."""
    pd = ctx.project.personal_data
    if pd is None:
        return
    for i, transfer in enumerate(pd.transfers):
        if transfer.mechanism is None:
            yield Hit(
                ("personal_data", "transfers", i, "country"),
                f"transfer to {transfer.country} has no mechanism (adequacy, scc, bcr, derogation)",
                transfer.country,
            )


@rule(
    "GDP006",
    "hosting-outside-eea-undeclared",
    Severity.warning,
    "gdpr",
    "Data is hosted outside the EEA but no transfer is declared.",
)
def hosting_outside_eea_undeclared(ctx: LintContext) -> Iterator[Hit]:
    """Hosting in a country outside the EEA is a transfer: declare it with its mechanism."""
    pd = ctx.project.personal_data
    if pd is None or not pd.processed_by_vendor or pd.transfers:
        return
    countries = outside_eea_countries(ctx.project)
    if countries:
        yield Hit(
            ("technical", "hosting", "countries"),
            f"hosting in {', '.join(countries)} (outside the EEA) but personal_data.transfers "
            "declares no transfer",
            countries[0],
        )


@rule(
    "GDP007",
    "dpia-not-planned",
    Severity.error,
    "gdpr",
    "An art. 35(3) case, a CNIL list type or two DPIA criteria are met but no DPIA is planned.",
)
def dpia_not_planned(ctx: LintContext) -> Iterator[Hit]:
    """A DPIA is mandatory in the three cases of art. 35(3), required for the types of the CNIL
    list (délibération n° 2018-327, art. 35(4)), and in principle required when two or more of
    the nine criteria of the WP248 guidelines (Article 29 Working Party, endorsed by the EDPB)
    are met; it is made before the processing starts (art. 35(1))."""
    pd = ctx.project.personal_data
    if pd is None or pd.dpia is None or pd.dpia.planned:
        return
    met = len(set(pd.dpia.criteria))
    if pd.dpia.art35_cases or pd.dpia.cnil_types or met >= 2:
        if pd.dpia.art35_cases:
            reason = "an art. 35(3) case (DPIA mandatory)"
        elif pd.dpia.cnil_types:
            reason = "a CNIL list type (DPIA required)"
        else:
            reason = f"{met} DPIA criteria"
        yield Hit(
            ("personal_data", "dpia", "planned"),
            f"{reason} met but no DPIA planned (personal_data.dpia.planned)",
            "dpia",
        )


@rule(
    "GDP008",
    "special-categories-without-basis",
    Severity.error,
    "gdpr",
    "Special-category or criminal data is processed without a stated legal basis.",
)
def special_categories_without_basis(ctx: LintContext) -> Iterator[Hit]:
    """Processing special categories is forbidden unless an art. 9(2) exception applies;
    criminal data needs the authority of art. 10. The file states which."""
    pd = ctx.project.personal_data
    if pd is not None and pd.special_categories and not (pd.special_categories_basis or "").strip():
        yield Hit(
            ("personal_data", "special_categories"),
            "special-category data without a legal basis (personal_data.special_categories_basis)",
            "special_categories",
            key=True,
        )


@rule(
    "GDP009",
    "no-end-of-contract-data",
    Severity.warning,
    "gdpr",
    "The contract does not say whether personal data is returned or deleted at the end.",
)
def no_end_of_contract_data(ctx: LintContext) -> Iterator[Hit]:
    """Art. 28(3)(g): at the end, the processor deletes or returns all personal data at the
    controller's choice, and deletes the copies."""
    pd = ctx.project.personal_data
    if pd is not None and pd.processed_by_vendor and pd.end_of_contract is None:
        yield Hit(
            ("personal_data", "processed_by_vendor"),
            "no end-of-contract rule for the data (personal_data.end_of_contract, art. 28(3)(g))",
            "end_of_contract",
        )


@rule(
    "GDP010",
    "no-audit-rights",
    Severity.warning,
    "gdpr",
    "The contract sets no audit rights over the processor.",
)
def no_audit_rights(ctx: LintContext) -> Iterator[Hit]:
    """Art. 28(3)(h): the processor allows and contributes to audits; the contract says how
    often, with what notice and at whose cost."""
    pd = ctx.project.personal_data
    if pd is not None and pd.processed_by_vendor and not (pd.audits or "").strip():
        yield Hit(
            ("personal_data", "processed_by_vendor"),
            "no audit rights over the processor (personal_data.audits, art. 28(3)(h))",
            "audits",
        )


@rule(
    "GDP011",
    "no-dpia-screening",
    Severity.warning,
    "gdpr",
    "The vendor processes personal data but no DPIA screening is recorded.",
)
def no_dpia_screening(ctx: LintContext) -> Iterator[Hit]:
    """Whether a DPIA is needed is decided before the consultation, since the vendor's help is
    written into the contract (art. 28(3)(f)): record the screening in personal_data.dpia."""
    pd = ctx.project.personal_data
    if pd is not None and pd.processed_by_vendor and pd.dpia is None:
        yield Hit(
            ("personal_data", "processed_by_vendor"),
            "no DPIA screening (personal_data.dpia: criteria met, CNIL list types, planned)",
            "dpia",
        )


@rule(
    "GDP012",
    "security-framework-without-measures",
    Severity.warning,
    "gdpr",
    "A security framework is named but no annex of technical and organisational measures is given.",
)
def security_framework_without_measures(ctx: LintContext) -> Iterator[Hit]:
    """Art. 28(3)(c) and art. 32: the processor takes the security measures, and the contract
    describes them; naming ISO/IEC 27001 or a security plan is not the measures (EDPB guidelines
    07/2020 on controller and processor). State the annex in personal_data.security_measures."""
    pd = ctx.project.personal_data
    if pd is None or not pd.processed_by_vendor or pd.security_measures is not None:
        return
    technical = ctx.project.technical
    security = technical.security if technical is not None else None
    hosting = technical.hosting if technical is not None else None
    where: tuple[str, ...] | None = None
    if security is not None and security.frameworks:
        where = ("technical", "security", "frameworks")
    elif security is not None and security.assurance_plan:
        where = ("technical", "security", "assurance_plan")
    elif hosting is not None and hosting.certifications:
        where = ("technical", "hosting", "certifications")
    if where is not None:
        yield Hit(
            where,
            "a security framework is named but the measures are not annexed "
            "(personal_data.security_measures: annex and measures, art. 28(3)(c) and 32)",
            "security_measures",
        )
