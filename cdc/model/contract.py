"""The contractual frame (``contract``) and the GDPR art. 28 facts (``personal_data``)."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from cdc.model._base import (
    MAX_DIVISOR,
    Count,
    Date,
    Days,
    Email,
    Flag,
    Hours,
    Id,
    Label,
    Markdown,
    Model,
    Money,
    Months,
    Number,
    Percent,
    Quantity,
    bounded,
)
from cdc.model.enums import (
    AcceptancePhaseKind,
    AnomalyClass,
    Art35Case,
    CcagSetting,
    ClauseStatus,
    CnilDpiaType,
    ContractForm,
    ContractFrame,
    ContractMethod,
    ContractType,
    DpiaCriterion,
    EndOfContractData,
    IpOwnership,
    LiabilityRegime,
    Organisation,
    ServiceLevelDirection,
    SubProcessorAuthorisation,
    TransferMechanism,
)
from cdc.model.privacy import CallRecording, CustomerData


class DelayPenalties(Model):
    """Penalties for delay: P = V × R / divisor (CCAG-TIC 2021 art. 14: divisor 1000)."""

    divisor: Annotated[Decimal, bounded(MAX_DIVISOR, "the divisor", low=1)] = Field(
        default=Decimal(1000),
        json_schema_extra={"minimum": 1, "maximum": int(MAX_DIVISOR)},
        description="Divisor of the formula P = V × R / divisor (1 to 1,000,000).",
    )
    cap: Percent | None = Field(
        default=None, description="Cap, as a percentage of the total contract amount excl. VAT."
    )
    exemption_threshold: Money | None = Field(
        default=None,
        description="No penalty when the total for the whole contract is at or below this amount.",
    )
    comment_days: Days | None = Field(
        default=None,
        description=(
            "Days the vendor is given to comment before a penalty is applied (CCAG-TIC 2021 "
            "art. 14: 15, the default when the contract refers to it)."
        ),
    )
    formal_notice: Flag | None = Field(
        default=None,
        description=(
            "Whether penalties run only from a formal notice (mise en demeure). Default: yes for "
            "a private contract (clause pénale), no under the CCAG-TIC (penalties run without "
            "formal notice)."
        ),
    )
    grace_days: Days | None = Field(
        default=None,
        description=(
            "When penalties need a formal notice: days after its date before they run "
            "(e.g. 10 days after the formal notice)."
        ),
    )
    notes: Markdown | None = Field(default=None, description="Formal notice, comments period…")


class ServiceCredit(Model):
    """A service level with its credit when missed."""

    id: Id | None = Field(
        default=None,
        description="Identifier the execution log's measures and grievances refer to (e.g. availability).",
    )
    indicator: Label = Field(description="Service level (availability, response time, RPO/RTO…).")
    target: Label = Field(description="Committed level, as printed (e.g. 99.9 % monthly).")
    credit: Percent | None = Field(
        default=None, description="Credit per breach, in percent of the monthly fee."
    )
    cap: Percent | None = Field(
        default=None, description="Cap of credits, in percent of the monthly fee."
    )
    threshold: Number | None = Field(
        default=None,
        description=(
            "The target as a number in `unit` (e.g. 99.95), so that measured values can be "
            "compared with it; without it, only counted breaches give credits."
        ),
    )
    unit: Label | None = Field(default=None, description="Unit of the threshold (%, minutes…).")
    direction: ServiceLevelDirection = Field(
        default=ServiceLevelDirection.at_least,
        description=(
            "at_least: a measure below the threshold misses it (availability); at_most: a "
            "measure above it misses it (response or resolution time)."
        ),
    )
    step: Quantity | None = Field(
        default=None,
        description=(
            "When set, the credit is due once per started step of shortfall (e.g. 0.1 point "
            "below the threshold); otherwise once per period missed, or per counted breach."
        ),
    )
    notes: Markdown | None = Field(
        default=None, description="How the credit is computed (e.g. per 0.1 point below target)."
    )


class Penalties(Model):
    """Penalties and service credits."""

    delay: DelayPenalties | None = Field(default=None, description="Penalties for delay.")
    service_credits: list[ServiceCredit] = Field(default_factory=list, description="SLA credits.")
    credits_exclusive: Flag | None = Field(
        default=None, description="Whether credits are the sole remedy (exclusive of damages)."
    )
    monthly_fee: Money | None = Field(
        default=None,
        description=(
            "Monthly fee excl. VAT that service credits are a percentage of (a period of the "
            "execution log may give its own)."
        ),
    )
    credits_cap: Percent | None = Field(
        default=None,
        description="Cap of all service credits of one month, in percent of that month's fee.",
    )


class AcceptancePhase(Model):
    """One acceptance step."""

    kind: AcceptancePhaseKind = Field(description="installation, va, vabf, vsr…")
    label: Label | None = Field(default=None, description="Name of the step, if not the usual one.")
    duration_days: Days | None = Field(
        default=None,
        description="Length of the check period (for installation: days allowed after delivery).",
    )
    decision_days: Days | None = Field(default=None, description="Days the buyer has to decide.")
    tacit: Flag = Field(
        default=False, description="Whether silence after the decision delay means admission."
    )
    max_unavailability: Percent | None = Field(
        default=None, description="VSR: maximum unavailability over the period, in percent."
    )
    notes: Markdown | None = Field(default=None, description="What is checked, and how.")


class Acceptance(Model):
    """Acceptance (opérations de vérification / recette)."""

    phases: list[AcceptancePhase] = Field(default_factory=list, description="Steps, in order.")
    anomaly_classes: list[AnomalyClass] = Field(
        default_factory=list, description="Anomaly classes used in acceptance reports."
    )
    reserves_allowed: Flag = Field(
        default=True, description="Whether admission with reserves is possible."
    )
    notes: Markdown | None = Field(default=None, description="Test plan, data, environments.")


class Reversibility(Model):
    """Exit plan: how the buyer gets its data and service back."""

    required: Flag = Field(default=True, description="Whether a reversibility plan is required.")
    formats: list[Label] = Field(default_factory=list, description="Export formats (CSV, JSON…).")
    assistance_days: Days | None = Field(default=None, description="Vendor assistance, in days.")
    transition_months: Months | None = Field(default=None, description="Transition period.")
    notes: Markdown | None = Field(default=None, description="Costs, tests, data deletion.")


class Liability(Model):
    """Liability clause."""

    regime: LiabilityRegime = Field(description="capped, uncapped or excluded.")
    cap: Label | None = Field(default=None, description="Cap, as printed (e.g. 12 months of fees).")
    exclusions: list[Label] = Field(default_factory=list, description="Excluded damages.")
    notes: Markdown | None = Field(
        default=None, description="Carve-outs from the cap (gross negligence, data breaches…)."
    )


class IntellectualProperty(Model):
    """Ownership of what is produced for the buyer."""

    deliverables: IpOwnership = Field(description="Specific developments and deliverables.")
    studies: IpOwnership | None = Field(default=None, description="Studies done for the buyer.")
    notes: Markdown | None = Field(default=None, description="Licence scope, open source.")


class ConfidentialityClause(Model):
    """Confidentiality obligations (professional secrecy, trade secrets)."""

    years: Count | None = Field(default=None, description="Years it lasts beyond the term.")
    notes: Markdown | None = Field(default=None, description="Scope, secrecy, staff undertakings.")


class Escrow(Model):
    """Source-code escrow (in France: APP deposit)."""

    required: Flag = Field(description="Whether the source code must be deposited.")
    agent: Label | None = Field(default=None, description="Escrow agent.")
    release_conditions: Markdown | None = Field(default=None, description="When it is released.")


class RunFollowUp(Model):
    """Run-phase follow-up: the evidence that the contract is (or is not) honoured."""

    grievance_register: Flag = Field(
        default=False, description="Whether a grievance register is kept (dated facts, exchanges)."
    )
    evidence_file: Flag = Field(
        default=False, description="Whether an evidence file is kept (reports, minutes, tickets)."
    )
    committees: Markdown | None = Field(default=None, description="Operational committees.")
    reporting: Markdown | None = Field(default=None, description="Periodic reporting expected.")


class RecurringObligation(Model):
    """An obligation the contract sets at a regular interval (insurance certificate, audit…)."""

    id: Id = Field(description="Identifier (used in calendar entries and the log).")
    label: Label = Field(description="What is due (e.g. Attestation d'assurance à jour).")
    every_months: Annotated[int, Field(ge=1, le=120, strict=True)] = Field(
        default=12, description="Interval in months (12: yearly)."
    )
    first_due: Date | None = Field(
        default=None,
        description="First due date; default: contract start plus the interval.",
    )
    party: Organisation = Field(
        default=Organisation.vendor, description="Who owes it: vendor or buyer."
    )
    notes: Markdown | None = Field(default=None, description="What is expected, reference.")


class ClauseState(Model):
    """Where one clause of the clause library stands for this project."""

    id: Id = Field(description="Clause id from the clause library.")
    status: ClauseStatus = Field(description="todo, included, negotiated or waived.")
    comment: Markdown | None = Field(default=None, description="Comment shown in the checklist.")
    reason: Markdown | None = Field(default=None, description="Written reason (required to waive).")


class CcagDerogation(Model):
    """A departure from the CCAG-TIC 2021 the buyer intends (listed in the CCAP's last article)."""

    setting: CcagSetting = Field(
        description="The setting that departs from the CCAG-TIC default (e.g. penalty_divisor)."
    )
    reason: Markdown | None = Field(
        default=None, description="Why the contract departs from the CCAG-TIC on this point."
    )


class Contract(Model):
    """The contractual framework."""

    types: list[ContractType] = Field(
        default_factory=list, description="Contract types (licence, maintenance, saas…)."
    )
    form: ContractForm = Field(
        default=ContractForm.single,
        description="Single contract, framework, purchase orders or lots.",
    )
    method: ContractMethod = Field(default=ContractMethod.classic, description="Classic or agile.")
    frame: ContractFrame = Field(
        default=ContractFrame.none,
        description="General conditions referred to (e.g. CCAG-TIC 2021).",
    )
    duration_months: Months | None = Field(default=None, description="Initial term, in months.")
    renewal: Markdown | None = Field(default=None, description="Renewal terms.")
    notice_months: Months | None = Field(
        default=None,
        description=(
            "Notice to give before the end of a term to stop its renewal (or to end the "
            "contract), in months; the follow-up shows the last day to give it."
        ),
    )
    estimated_total: Money | None = Field(
        default=None, description="Estimated total contract amount excl. VAT (penalty cap base)."
    )
    minimum_amount: Money | None = Field(
        default=None, description="Framework or purchase-order contract: minimum amount excl. VAT."
    )
    maximum_amount: Money | None = Field(
        default=None, description="Framework or purchase-order contract: maximum amount excl. VAT."
    )
    penalties: Penalties | None = Field(default=None, description="Penalties and service credits.")
    acceptance: Acceptance | None = Field(default=None, description="Acceptance steps.")
    warranty_months: Months | None = Field(default=None, description="Warranty after admission.")
    reversibility: Reversibility | None = Field(default=None, description="Reversibility plan.")
    liability: Liability | None = Field(default=None, description="Liability.")
    ip: IntellectualProperty | None = Field(default=None, description="Intellectual property.")
    confidentiality: ConfidentialityClause | None = Field(
        default=None, description="Confidentiality obligations."
    )
    insurance: Markdown | None = Field(default=None, description="Insurance required.")
    subcontracting: Markdown | None = Field(default=None, description="Subcontracting rules.")
    escrow: Escrow | None = Field(default=None, description="Source-code escrow.")
    kpis: list[Label] = Field(default_factory=list, description="Contract KPIs followed in run.")
    obligations: list[RecurringObligation] = Field(
        default_factory=list,
        description="Recurring obligations (insurance certificate, audit, reversibility test).",
    )
    run: RunFollowUp | None = Field(default=None, description="Run-phase follow-up.")
    clauses: list[ClauseState] = Field(
        default_factory=list, description="Status of clauses from the clause library."
    )
    derogations: list[CcagDerogation] = Field(
        default_factory=list,
        description=(
            "Under the CCAG-TIC 2021: the departures from its defaults the buyer intends; cdc "
            "computes the actual ones and warns on any not listed here (CON014)."
        ),
    )


class Transfer(Model):
    """A transfer of personal data outside the EEA."""

    country: Label = Field(description="Destination country.")
    recipient: Label | None = Field(default=None, description="Who receives the data.")
    mechanism: TransferMechanism | None = Field(
        default=None, description="Chapter V tool (adequacy, SCCs, BCR, derogation)."
    )


class SubProcessors(Model):
    """Sub-processor regime (art. 28(2) and 28(4))."""

    authorisation: SubProcessorAuthorisation = Field(description="specific or general.")
    notice_days: Days | None = Field(
        default=None, description="Under a general authorisation: notice before a change, in days."
    )
    known: list[Label] = Field(default_factory=list, description="Sub-processors known today.")


class Dpia(Model):
    """DPIA screening (art. 35)."""

    criteria: list[DpiaCriterion] = Field(
        default_factory=list,
        description="Criteria of the WP248 guidelines (endorsed by the EDPB) the processing meets.",
    )
    cnil_types: list[CnilDpiaType] = Field(
        default_factory=list,
        description=(
            "Ids of the types of the CNIL list (délibération n° 2018-327) the processing falls "
            "under: any one makes a DPIA required."
        ),
    )
    art35_cases: list[Art35Case] = Field(
        default_factory=list,
        description=(
            "Cases of art. 35(3) the processing falls under (systematic_evaluation, "
            "large_scale_special, public_monitoring): any one makes a DPIA required."
        ),
    )
    planned: Flag = Field(default=False, description="Whether a DPIA is planned.")
    notes: Markdown | None = Field(default=None, description="Conclusion and owner.")


class SecurityMeasures(Model):
    """The annex of technical and organisational measures (art. 28(3)(c), art. 32).

    Naming a framework (ISO/IEC 27001) is not enough: the contract describes the measures
    themselves (EDPB guidelines 07/2020), so the checklist marks art. 28(3)(c) and art. 32
    done only when this annex is given.
    """

    annex: Label = Field(
        description="The annex that describes the measures, as the contract names it."
    )
    measures: Annotated[list[Label], Field(min_length=1)] = Field(
        description="The measures, one line each (encryption, access control, backups, tests…)."
    )


class Dpo(Model):
    """Data protection officer."""

    name: Label = Field(description="Name or function.")
    email: Email | None = Field(default=None, description="Contact address.")


class PersonalData(Model):
    """Personal data the vendor processes on the buyer's behalf (GDPR art. 28)."""

    processed_by_vendor: Flag = Field(
        description="Whether the vendor processes personal data on the buyer's behalf."
    )
    subject_matter: Markdown | None = Field(default=None, description="Subject-matter.")
    duration: Markdown | None = Field(default=None, description="Duration of the processing.")
    nature: Markdown | None = Field(default=None, description="Nature of the operations.")
    purposes: list[Label] = Field(default_factory=list, description="Purposes.")
    data_categories: list[Label] = Field(
        default_factory=list, description="Types of personal data."
    )
    special_categories: list[Label] = Field(
        default_factory=list, description="Special categories (art. 9) or criminal data (art. 10)."
    )
    special_categories_basis: Markdown | None = Field(
        default=None, description="Legal basis (art. 9(2)) for special categories."
    )
    data_subjects: list[Label] = Field(default_factory=list, description="Categories of subjects.")
    controller_rights: Markdown | None = Field(
        default=None,
        description=(
            "Obligations and rights of the controller (art. 28(3), first subparagraph): the "
            "instructions it gives, what it provides, the checks and audits it may make."
        ),
    )
    retention: Markdown | None = Field(default=None, description="Retention periods.")
    locations: list[Label] = Field(default_factory=list, description="Where data is processed.")
    transfers: list[Transfer] = Field(
        default_factory=list, description="Transfers outside the EEA."
    )
    sub_processors: SubProcessors | None = Field(default=None, description="Sub-processor regime.")
    security_measures: SecurityMeasures | None = Field(
        default=None,
        description="Annex of technical and organisational measures (art. 28(3)(c), art. 32).",
    )
    breach_notice_hours: Hours | None = Field(
        default=None, description="Hours the processor has to notify a breach (art. 33(2))."
    )
    audits: Markdown | None = Field(
        default=None, description="Audit rights and frequency (28(3)(h))."
    )
    end_of_contract: EndOfContractData | None = Field(
        default=None, description="Return or deletion of data at the end (28(3)(g))."
    )
    call_recording: Flag = Field(default=False, description="Whether calls are recorded.")
    recording: CallRecording | None = Field(
        default=None, description="Terms of call recording (CNIL guidance on recording at work)."
    )
    customer: CustomerData | None = Field(
        default=None,
        description="The buyer's duties as controller towards its customers, and where each is met.",
    )
    dpia: Dpia | None = Field(default=None, description="DPIA screening.")
    dpo: Dpo | None = Field(default=None, description="Data protection officer.")
    controller: Id | None = Field(default=None, description="Role id of the controller contact.")
