"""The GDPR art. 28 checklist and the DPIA pre-screen, computed from the project file.

Each line of the art. 28 checklist (the catalogue's ``gdpr`` list) says what the project file
states about it and in which state it is: ``stated`` (the file gives it), ``check`` (given, but
worth a second look, e.g. a breach notice longer than 72 h), ``missing`` (the file should give
it and does not) or ``contract`` (nothing in the file describes it: it is written in the
processing agreement). Art. 28(3)(c) and art. 32 are ``stated`` only when the project gives the
annex of technical and organisational measures: a named framework such as ISO/IEC 27001 does not
describe the measures (EDPB guidelines 07/2020), so it is ``check``.

The DPIA pre-screen takes three sources in order of strength: a case of art. 35(3) (a DPIA is
mandatory), a type of the CNIL list (délibération 2018-327: a DPIA is required), then the nine
criteria of the WP248 guidelines of the Article 29 Working Party, endorsed by the EDPB (two or
more: a DPIA is in principle required). For each it shows what the project declares and what
its facts suggest.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cdc.contract._words import join, label, words
from cdc.contract.catalogue import ClauseLibrary, CnilType, DutyItem, Fact, GdprFact, GdprItem
from cdc.contract.evaluate import clause_states, project_facts
from cdc.model import Project
from cdc.model.contract import PersonalData
from cdc.model.enums import Art35Case, ClauseStatus, DpiaCriterion

#: Hours the controller has to notify the authority (art. 33(1)); a processor's delay beyond
#: it leaves the controller no time at all.
CONTROLLER_BREACH_HOURS = 72
#: Parts of the processing description art. 28(3) requires, as fields of PersonalData.
DESCRIPTION_PARTS = (
    "subject_matter",
    "duration",
    "nature",
    "purposes",
    "data_categories",
    "data_subjects",
)
#: DPIA criteria that project facts suggest (employees are vulnerable subjects for WP248).
SUGGESTED_CRITERIA: dict[Fact, tuple[DpiaCriterion, ...]] = {
    Fact.call_recording: (DpiaCriterion.systematic_monitoring, DpiaCriterion.vulnerable_subjects),
    Fact.special_categories: (DpiaCriterion.sensitive_data,),
}


class LineState(StrEnum):
    """Where the project stands on one checklist line."""

    stated = "stated"
    check = "check"
    missing = "missing"
    contract = "contract"


@dataclass(frozen=True)
class GdprLine:
    """One line of the art. 28 checklist, worded in the project's language."""

    id: str
    reference: str
    title: str
    guidance: str
    state: LineState
    state_label: str
    #: What the project file says, as a sentence.
    says: str
    #: User text to print under it (Markdown), e.g. the audit terms.
    detail: str | None = None


@dataclass(frozen=True)
class CriterionLine:
    """One of the nine WP248 criteria."""

    criterion: DpiaCriterion
    label: str
    declared: bool
    suggested: bool


@dataclass(frozen=True)
class Art35Line:
    """One of the three cases of art. 35(3) where a DPIA is always required."""

    case: Art35Case
    label: str
    declared: bool
    suggested: bool


@dataclass(frozen=True)
class DpiaScreen:
    """The DPIA pre-screen (art. 35(3); CNIL délibération 2018-327; WP248 criteria)."""

    art35: tuple[Art35Line, ...]
    criteria: tuple[CriterionLine, ...]
    met: int
    cnil_declared: tuple[str, ...]
    cnil_suggested: tuple[str, ...]
    #: "required", "document" (one criterion: record why no DPIA) or "not_indicated".
    conclusion: str
    #: Why it is required: "art35" (mandatory), "cnil" (required), "criteria" (in principle).
    basis: str | None
    conclusion_text: str
    planned: bool
    planned_text: str
    #: Criteria the facts suggest but the project does not declare.
    to_check: tuple[str, ...]
    notes: str | None


@dataclass(frozen=True)
class GdprChecklist:
    """Everything the GDPR document prints."""

    applies: bool
    lines: tuple[GdprLine, ...]
    missing: int
    dpia: DpiaScreen | None


def _frameworks(project: Project, labels: dict[str, Any]) -> list[str]:
    technical = project.technical
    found = []
    if technical is not None:
        if technical.security is not None:
            found.extend(technical.security.frameworks)
        if technical.hosting is not None:
            found.extend(technical.hosting.certifications)
    return [label(labels, "security_framework", f.value) for f in dict.fromkeys(found)]


class _Reader:
    """Reads one GdprFact off the project and words it."""

    def __init__(self, project: Project, pd: PersonalData, labels: dict[str, Any]) -> None:
        self.project = project
        self.pd = pd
        self.labels = labels
        self.lang = project.project.language.value

    def say(self, key: str, **values: Any) -> str:
        return words(self.labels, "gdpr_says", key, **values)

    def read(self, fact: GdprFact) -> tuple[LineState, str, str | None]:
        method = getattr(self, f"_{fact.value}")
        result: tuple[LineState, str, str | None] = method()
        return result

    def _guarantees(self) -> tuple[LineState, str, str | None]:
        frameworks = _frameworks(self.project, self.labels)
        if not frameworks:
            return LineState.contract, self.say("no_frameworks"), None
        return LineState.stated, self.say("frameworks", list=join(frameworks, self.lang)), None

    def _authorisation(self) -> tuple[LineState, str, str | None]:
        sub = self.pd.sub_processors
        if sub is None:
            return LineState.missing, self.say("no_regime"), None
        if sub.authorisation.value == "specific":
            return LineState.stated, self.say("specific"), None
        if not sub.notice_days:
            return LineState.missing, self.say("general_no_notice"), None
        return LineState.stated, self.say("general", days=sub.notice_days), None

    def _written_contract(self) -> tuple[LineState, str, str | None]:
        entry = clause_states(self.project).get("gdpr_dpa")
        status = entry[1].status if entry else ClauseStatus.todo
        text = self.say("dpa_status", status=label(self.labels, "clause_status", status.value))
        state = {
            ClauseStatus.included: LineState.stated,
            ClauseStatus.negotiated: LineState.stated,
            ClauseStatus.waived: LineState.check,
        }.get(status, LineState.contract)
        return state, text, None

    def _description(self) -> tuple[LineState, str, str | None]:
        given = [p for p in DESCRIPTION_PARTS if getattr(self.pd, p)]
        absent = [p for p in DESCRIPTION_PARTS if p not in given]
        names = [label(self.labels, "gdpr_part", p) for p in absent]
        if absent:
            return (
                LineState.missing,
                self.say("description_missing", parts=join(names, self.lang)),
                None,
            )
        if not self.pd.controller_rights:
            return LineState.check, self.say("description_no_controller"), None
        return (
            LineState.stated,
            self.say("description_complete"),
            f"{self.say('controller_rights')}\n\n{self.pd.controller_rights}",
        )

    def _special_categories(self) -> tuple[LineState, str, str | None]:
        special = self.pd.special_categories
        if not special:
            return LineState.stated, self.say("no_special"), None
        listed = join(list(special), self.lang)
        if not self.pd.special_categories_basis:
            return LineState.missing, self.say("special_no_basis", list=listed), None
        return (
            LineState.stated,
            self.say("special_basis", list=listed),
            self.pd.special_categories_basis,
        )

    def _instructions(self) -> tuple[LineState, str, str | None]:
        count = len(self.pd.transfers)
        text = (
            self.say("instructions_transfers", count=count) if count else self.say("instructions")
        )
        return LineState.contract, text, None

    def _staff_confidentiality(self) -> tuple[LineState, str, str | None]:
        contract = self.project.contract
        if contract is None or contract.confidentiality is None:
            return LineState.contract, self.say("contract_only"), None
        years = contract.confidentiality.years
        if years is None:
            return LineState.stated, self.say("confidentiality"), None
        return LineState.stated, self.say("confidentiality_years", years=years), None

    def _security(self) -> tuple[LineState, str, str | None]:
        """Done only with the annex of measures: a framework's name is no measure."""
        annex = self.pd.security_measures
        if annex is not None:
            listed = "\n".join(f"- {m}" for m in annex.measures)
            return LineState.stated, self.say("measures_annex", annex=annex.annex), listed
        frameworks = _frameworks(self.project, self.labels)
        security = self.project.technical.security if self.project.technical else None
        parts = []
        if frameworks:
            parts.append(self.say("frameworks", list=join(frameworks, self.lang)))
        if security is not None and security.assurance_plan:
            parts.append(self.say("assurance_plan"))
        if not parts:
            return LineState.contract, self.say("security_annex"), None
        named = " ; ".join(parts) if self.lang == "fr" else "; ".join(parts)
        return LineState.check, self.say("frameworks_only", list=named), None

    def _assistance(self) -> tuple[LineState, str, str | None]:
        parts = []
        if self.pd.breach_notice_hours is not None:
            parts.append(self.say("breach_hours", hours=self.pd.breach_notice_hours))
        if self.pd.dpia is not None and self.pd.dpia.planned:
            parts.append(self.say("dpia_help"))
        if not parts:
            return LineState.contract, self.say("contract_only"), None
        return LineState.stated, (" ; " if self.lang == "fr" else "; ").join(parts), None

    def _end_of_contract(self) -> tuple[LineState, str, str | None]:
        end = self.pd.end_of_contract
        if end is None:
            return LineState.missing, self.say("no_end_of_contract"), None
        return LineState.stated, label(self.labels, "end_of_contract", end.value), None

    def _audits(self) -> tuple[LineState, str, str | None]:
        if not self.pd.audits:
            return LineState.missing, self.say("no_audits"), None
        return LineState.stated, self.say("audits"), self.pd.audits

    def _flow_down(self) -> tuple[LineState, str, str | None]:
        sub = self.pd.sub_processors
        if sub is None or not sub.known:
            return LineState.contract, self.say("no_known_sub_processors"), None
        return (
            LineState.contract,
            self.say("known_sub_processors", list=join(sub.known, self.lang)),
            None,
        )

    def _breach_notice(self) -> tuple[LineState, str, str | None]:
        hours = self.pd.breach_notice_hours
        if hours is None:
            return LineState.missing, self.say("no_breach_delay"), None
        if hours > CONTROLLER_BREACH_HOURS:
            return LineState.check, self.say("breach_too_long", hours=hours), None
        return LineState.stated, self.say("breach_hours", hours=hours), None

    def _transfers(self) -> tuple[LineState, str, str | None]:
        transfers = self.pd.transfers
        if not transfers:
            where = join(list(self.pd.locations), self.lang)
            if where:
                return LineState.stated, self.say("no_transfer_located", locations=where), None
            return LineState.stated, self.say("no_transfer"), None
        parts = []
        state = LineState.stated
        for t in transfers:
            if t.mechanism is None:
                state = LineState.missing
                tool = self.say("no_mechanism")
            else:
                tool = label(self.labels, "transfer", t.mechanism.value)
            who = f" ({t.recipient})" if t.recipient else ""
            parts.append(
                f"{t.country}{who} : {tool}" if self.lang == "fr" else f"{t.country}{who}: {tool}"
            )
        return state, (" ; " if self.lang == "fr" else "; ").join(parts), None

    def _contract_only(self) -> tuple[LineState, str, str | None]:
        return LineState.contract, self.say("contract_only"), None


def gdpr_lines(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> tuple[GdprLine, ...]:
    """The art. 28 checklist lines for a project whose vendor processes personal data."""
    pd = project.personal_data
    if pd is None or not pd.processed_by_vendor:
        return ()
    reader = _Reader(project, pd, labels)
    lang = reader.lang
    out = []
    for item in library.gdpr:
        state, says, detail = reader.read(item.fact)
        out.append(checklist_line(item, lang, labels, state, says, detail))
    return tuple(out)


def checklist_line(
    item: GdprItem | DutyItem,
    lang: str,
    labels: dict[str, Any],
    state: LineState,
    says: str,
    detail: str | None,
) -> GdprLine:
    """One checklist line in ``lang``: the catalogue's words for ``item`` with what the project
    says; shared by the art. 28 lines and the controller's own duties (:mod:`.customer`)."""
    return GdprLine(
        id=item.id,
        reference=item.reference.get(lang),
        title=item.title.get(lang),
        guidance=item.guidance.get(lang),
        state=state,
        state_label=label(labels, "gdpr_state", state.value),
        says=says,
        detail=detail,
    )


def _art35_suggested(declared: set[DpiaCriterion], facts: set[Fact]) -> set[Art35Case]:
    """Art. 35(3) cases the declared criteria and facts point to (cdc suggests, never decides)."""
    out = set()
    if {DpiaCriterion.evaluation_scoring, DpiaCriterion.automated_decision} <= declared:
        out.add(Art35Case.systematic_evaluation)
    if Fact.special_categories in facts and DpiaCriterion.large_scale in declared:
        out.add(Art35Case.large_scale_special)
    return out


def dpia_screen(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> DpiaScreen | None:
    """The DPIA pre-screen, or None when the project says nothing about personal data."""
    pd = project.personal_data
    if pd is None:
        return None
    lang = project.project.language.value
    facts = project_facts(project)
    if pd.call_recording:
        facts.add(Fact.call_recording)  # even when the buyer records calls itself
    if pd.special_categories:
        facts.add(Fact.special_categories)
    dpia = pd.dpia
    declared = set(dpia.criteria) if dpia else set()
    suggested = {c for f in facts for c in SUGGESTED_CRITERIA.get(f, ())}
    lines = tuple(
        CriterionLine(c, label(labels, "dpia_criterion", c.value), c in declared, c in suggested)
        for c in DpiaCriterion
    )
    cases = set(dpia.art35_cases) if dpia else set()
    cases_suggested = _art35_suggested(declared, facts)
    art35 = tuple(
        Art35Line(c, label(labels, "art35_case", c.value), c in cases, c in cases_suggested)
        for c in Art35Case
    )
    types = {t.id: t for t in library.cnil_types}
    declared_types = list(dict.fromkeys(dpia.cnil_types)) if dpia else []
    def cnil(t: CnilType) -> str:
        return words(labels, "dpia_basis", "cnil_type", label=t.label.get(lang), number=t.number)

    cnil_declared = tuple(cnil(types[t]) if t in types else t.value for t in declared_types)
    cnil_suggested = tuple(
        cnil(t)
        for t in library.cnil_types
        if t.hint is not None and t.hint in facts and t.id not in declared_types
    )
    met = len(declared)
    basis: str | None = None
    if cases:
        basis = "art35"
    elif cnil_declared:
        basis = "cnil"
    elif met >= 2:
        basis = "criteria"
    if basis is not None:
        conclusion = "required"
    elif met == 1:
        conclusion = "document"
    else:
        conclusion = "not_indicated"
    if basis == "art35":
        refs = [c.value for c in Art35Case if c in cases]
        text = words(labels, "dpia_basis", "art35", cases=join(_art35_refs(refs), lang))
    elif basis == "cnil":
        text = words(labels, "dpia_basis", "cnil", count=len(cnil_declared))
    else:
        text = words(labels, "dpia_conclusion", conclusion, count=met)
    planned = bool(dpia and dpia.planned)
    if conclusion == "required":
        planned_key = "planned" if planned else "not_planned"
    else:
        planned_key = "planned_anyway" if planned else "none"
    return DpiaScreen(
        art35=art35,
        criteria=lines,
        met=met,
        cnil_declared=cnil_declared,
        cnil_suggested=cnil_suggested,
        conclusion=conclusion,
        basis=basis,
        conclusion_text=text,
        planned=planned,
        planned_text=label(labels, "dpia_planned", planned_key),
        to_check=tuple(line.label for line in lines if line.suggested and not line.declared),
        notes=dpia.notes if dpia else None,
    )


def _art35_refs(cases: list[str]) -> list[str]:
    """The short references of art. 35(3) cases, e.g. ``35(3)(a)``."""
    letters = {c.value: "abc"[i] for i, c in enumerate(Art35Case)}
    return [f"35(3)({letters[c]})" for c in cases]


def gdpr_checklist(
    project: Project, library: ClauseLibrary, labels: dict[str, Any]
) -> GdprChecklist:
    """The GDPR document's content."""
    lines = gdpr_lines(project, library, labels)
    return GdprChecklist(
        applies=bool(lines),
        lines=lines,
        missing=sum(1 for line in lines if line.state is LineState.missing),
        dpia=dpia_screen(project, library, labels),
    )
