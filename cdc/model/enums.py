"""Closed vocabularies of the project file.

Values are short English identifiers (stable in files and JSON); the documents translate them.
"""

from enum import StrEnum


class Language(StrEnum):
    """Language of the generated documents."""

    fr = "fr"
    en = "en"


class Confidentiality(StrEnum):
    """Confidentiality level printed on every page of the documents."""

    public = "public"
    internal = "internal"
    confidential = "confidential"
    restricted = "restricted"


class Procurement(StrEnum):
    """Legal frame of the consultation."""

    public = "public"
    private = "private"


class ProcedureKind(StrEnum):
    """Award procedure of the consultation."""

    open_tender = "open_tender"
    restricted_tender = "restricted_tender"
    negotiated = "negotiated"
    competitive_dialogue = "competitive_dialogue"
    adapted = "adapted"
    private_consultation = "private_consultation"


class Market(StrEnum):
    """Who the company sells to."""

    b2b = "b2b"
    b2c = "b2c"
    b2b2c = "b2b2c"
    public_service = "public_service"


class Sourcing(StrEnum):
    """Who runs a team or service."""

    in_house = "in_house"
    outsourced = "outsourced"
    mixed = "mixed"


class Channel(StrEnum):
    """Customer-interaction channels."""

    voice = "voice"
    email = "email"
    chat = "chat"
    messaging = "messaging"
    social = "social"
    sms = "sms"
    callback = "callback"
    web_form = "web_form"
    mail = "mail"
    video = "video"
    self_service = "self_service"
    face_to_face = "face_to_face"


class Priority(StrEnum):
    """MoSCoW-style priority; ``must`` on a requirement is eliminatory."""

    must = "must"
    should = "should"
    could = "could"
    watch = "watch"


class ObjectiveList(StrEnum):
    """The lists objectives are grouped in."""

    deadlines = "deadlines"
    roi = "roi"
    features = "features"
    reporting = "reporting"
    technical = "technical"
    other = "other"


class RequirementKind(StrEnum):
    """Nature of a requirement."""

    functional = "functional"
    technical = "technical"
    security = "security"
    legal = "legal"
    service = "service"
    integration = "integration"
    data = "data"
    reporting = "reporting"
    performance = "performance"
    other = "other"


class ResponseType(StrEnum):
    """What the vendor is expected to answer for a requirement."""

    compliance = "compliance"
    yes_no = "yes_no"
    number = "number"
    text = "text"
    price = "price"


class AcceptanceMethod(StrEnum):
    """How a requirement is checked at acceptance."""

    demonstration = "demonstration"
    test = "test"
    inspection = "inspection"
    analysis = "analysis"
    document = "document"
    audit = "audit"


class ScenarioStepKind(StrEnum):
    """Stages of the end-to-end customer-request scenario."""

    user_experience = "user_experience"
    customer_journey = "customer_journey"
    routing = "routing"
    identification = "identification"
    agent_assistance = "agent_assistance"
    channel_switch = "channel_switch"
    qualification = "qualification"
    closing = "closing"
    dashboards = "dashboards"
    reporting = "reporting"
    other = "other"


class Deployment(StrEnum):
    """Deployment model of the solution."""

    saas = "saas"
    on_premise = "on_premise"
    hybrid = "hybrid"


class Integrator(StrEnum):
    """Who builds an integration."""

    vendor = "vendor"
    buyer = "buyer"
    third_party = "third_party"


class SecurityFramework(StrEnum):
    """Security references the vendor is measured against."""

    iso27001 = "iso27001"
    iso27002 = "iso27002"
    iso27017 = "iso27017"
    iso27018 = "iso27018"
    anssi = "anssi"
    cnil = "cnil"
    secnumcloud = "secnumcloud"
    hds = "hds"
    soc2 = "soc2"
    pci_dss = "pci_dss"
    #: IT governance rather than security (seed 000 names COBIT for the method): optional.
    cobit2019 = "cobit2019"


class CriterionKind(StrEnum):
    """Where a leaf criterion's note comes from."""

    requirements = "requirements"
    judgement = "judgement"
    price = "price"


class PriceMethod(StrEnum):
    """Price-scoring formula (see domain facts: legal guard rails)."""

    proportional = "proportional"
    linear_min_max = "linear_min_max"
    linear_gap = "linear_gap"
    absolute_band = "absolute_band"


class VatBasis(StrEnum):
    """Whether prices are compared with or without VAT."""

    excl_vat = "excl_vat"
    incl_vat = "incl_vat"


class MissingAnswerPolicy(StrEnum):
    """What an unanswered requirement is worth."""

    exclude = "exclude"
    zero = "zero"


class MissingMustPolicy(StrEnum):
    """What a must-have requirement left without a valid answer (blank, row deleted, value
    outside the scale) does to the bid.

    ``eliminate``: the bid is ruled out, as for a 'not compliant' answer, so that a blank can
    never do better than an honest 'not compliant'. ``zero``: the requirement earns no points
    and the bid stays in competition (the behaviour of cdc before this policy existed, with
    ``missing_answers: zero``); a must-have is never excluded from the weights, whatever
    ``missing_answers`` says.
    """

    eliminate = "eliminate"
    zero = "zero"


class Aggregation(StrEnum):
    """How several evaluators' notes are combined."""

    mean = "mean"
    median = "median"


class TieBreak(StrEnum):
    """How two vendors with the same total are separated."""

    price = "price"
    technical = "technical"
    must_compliance = "must_compliance"
    committee = "committee"


class MilestoneKind(StrEnum):
    """Consultation milestones, in their natural order."""

    publication = "publication"
    site_visit = "site_visit"
    questions_deadline = "questions_deadline"
    answers_to_questions = "answers_to_questions"
    answers_due = "answers_due"
    shortlist = "shortlist"
    demonstrations = "demonstrations"
    final_offers = "final_offers"
    decision = "decision"
    contract_signature = "contract_signature"
    kickoff = "kickoff"
    pilot = "pilot"
    go_live = "go_live"
    other = "other"


class Organisation(StrEnum):
    """Which side a role belongs to."""

    buyer = "buyer"
    vendor = "vendor"
    third_party = "third_party"


class ContractType(StrEnum):
    """Contract types (each brings its own expected clauses)."""

    licence = "licence"
    maintenance = "maintenance"
    saas = "saas"
    integration = "integration"
    tma = "tma"


class ContractForm(StrEnum):
    """Form of the contract."""

    single = "single"
    framework = "framework"
    purchase_orders = "purchase_orders"
    lots = "lots"


class ContractMethod(StrEnum):
    """Project method written into the contract."""

    classic = "classic"
    agile = "agile"


class ContractFrame(StrEnum):
    """General conditions the contract refers to."""

    ccag_tic_2021 = "ccag_tic_2021"
    none = "none"


class CcagSetting(StrEnum):
    """Project settings for which the CCAG-TIC 2021 has a default (cdc/contract/derogations.py).

    A project under the CCAG-TIC that sets one of them to another value departs from the CCAG,
    and the departure must be listed in the last article of the CCAP.
    """

    penalty_divisor = "penalty_divisor"
    penalty_cap = "penalty_cap"
    penalty_exemption = "penalty_exemption"
    penalty_comment_days = "penalty_comment_days"
    penalty_formal_notice = "penalty_formal_notice"
    installation_days = "installation_days"
    va_decision_days = "va_decision_days"
    va_tacit = "va_tacit"
    vsr_duration_days = "vsr_duration_days"
    vsr_decision_days = "vsr_decision_days"
    vsr_tacit = "vsr_tacit"
    vsr_max_unavailability = "vsr_max_unavailability"
    warranty_months = "warranty_months"


class AcceptancePhaseKind(StrEnum):
    """Acceptance steps (CCAG-TIC art. 29–34 and private-contract practice)."""

    installation = "installation"
    quantitative = "quantitative"
    va = "va"
    vabf = "vabf"
    vsr = "vsr"
    vabe = "vabe"


class ServiceLevelDirection(StrEnum):
    """Which side of its threshold a service level is met on."""

    at_least = "at_least"
    at_most = "at_most"


class AnomalyClass(StrEnum):
    """Severity classes of anomalies found at acceptance."""

    blocking = "blocking"
    major = "major"
    minor = "minor"


class IpOwnership(StrEnum):
    """Who owns deliverables or studies."""

    buyer = "buyer"
    vendor_with_licence = "vendor_with_licence"
    shared = "shared"


class LiabilityRegime(StrEnum):
    """Shape of the liability clause."""

    capped = "capped"
    uncapped = "uncapped"
    excluded = "excluded"


class ClauseStatus(StrEnum):
    """Where a contract clause stands."""

    todo = "todo"
    included = "included"
    negotiated = "negotiated"
    waived = "waived"


class SubProcessorAuthorisation(StrEnum):
    """GDPR art. 28(2) regime for sub-processors."""

    specific = "specific"
    general = "general"


class TransferMechanism(StrEnum):
    """GDPR chapter V tool for a transfer outside the EEA."""

    adequacy = "adequacy"
    scc = "scc"
    bcr = "bcr"
    derogation = "derogation"


class DpiaCriterion(StrEnum):
    """The nine DPIA screening criteria of the Article 29 Working Party guidelines WP248 rev.01
    (endorsed by the EDPB on 25 May 2018)."""

    evaluation_scoring = "evaluation_scoring"
    automated_decision = "automated_decision"
    systematic_monitoring = "systematic_monitoring"
    sensitive_data = "sensitive_data"
    large_scale = "large_scale"
    matching_datasets = "matching_datasets"
    vulnerable_subjects = "vulnerable_subjects"
    innovative_technology = "innovative_technology"
    prevents_right = "prevents_right"


class CnilDpiaType(StrEnum):
    """The 14 types of the CNIL list of processing that require a DPIA (délibération
    n° 2018-327 of 11 October 2018), in the list's order; labels are in the clause catalogue."""

    health_care = "health_care"
    genetic_vulnerable = "genetic_vulnerable"
    hr_profiling = "hr_profiling"
    employee_monitoring = "employee_monitoring"
    social_alerts = "social_alerts"
    professional_alerts = "professional_alerts"
    health_warehouse = "health_warehouse"
    contract_exclusion_profiling = "contract_exclusion_profiling"
    shared_breaches = "shared_breaches"
    external_profiling = "external_profiling"
    biometrics_vulnerable = "biometrics_vulnerable"
    social_housing = "social_housing"
    social_support = "social_support"
    location_large_scale = "location_large_scale"


class Art35Case(StrEnum):
    """The three cases of art. 35(3) GDPR where a DPIA is always required."""

    systematic_evaluation = "systematic_evaluation"
    large_scale_special = "large_scale_special"
    public_monitoring = "public_monitoring"


class EndOfContractData(StrEnum):
    """What happens to personal data at the end of the contract (art. 28(3)(g))."""

    return_then_delete = "return_then_delete"
    delete = "delete"
    controller_choice = "controller_choice"
