"""Departures from the CCAG-TIC 2021, computed from the project file.

Why computed: a contract that refers to the CCAG-TIC must list, in the last article of its
CCAP, every clause that departs from it. A buyer who sets a divisor of 3,000 or a six-month
warranty may not notice that it is a derogation; cdc compares each setting the CCAG-TIC gives a
default for with the project's value and lists the differences, with the article departed from.

A setting the project leaves out is not a derogation: under the CCAG-TIC the default applies
(see :func:`cdc.contract.penalties.effective_terms`). The acceptance flag ``tacit`` is the
exception: a listed phase always has one (false unless written) and the documents print it, so
a VSR phase without ``tacit: true`` does depart from the CCAG (silence is admission there).

The table :data:`CCAG_DEFAULTS` is the reference. ``checked`` says whether the default and the
article come from cdc's reference notes on the CCAG-TIC; the others print "to be checked by
counsel" until verified against the text of the arrêté of 30 March 2021.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cdc.contract._words import label, words
from cdc.core.typography import NNBSP
from cdc.model import Project
from cdc.model.contract import AcceptancePhase
from cdc.model.enums import AcceptancePhaseKind, CcagSetting, ContractFrame

#: A setting's value: a number (days, months, percent, euros, divisor) or a yes/no flag.
Value = Decimal | int | bool
#: Where a setting lives in the project file (for lint locations).
DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class CcagDefault:
    """What the CCAG-TIC 2021 provides for one setting."""

    setting: CcagSetting
    default: Value
    #: The article departed from, as printed.
    article: str
    #: Unit used to word the values: divisor, percent, money, days, months, flag.
    unit: str
    #: Whether the default and the article come from cdc's reference notes (domain.md §2).
    checked: bool


#: The CCAG-TIC 2021 defaults cdc checks (domain.md §2, "French public IT procurement defaults").
CCAG_DEFAULTS: dict[CcagSetting, CcagDefault] = {
    d.setting: d
    for d in (
        CcagDefault(CcagSetting.penalty_divisor, Decimal(1000), "art. 14", "divisor", True),
        CcagDefault(CcagSetting.penalty_cap, Decimal(10), "art. 14.1.2", "percent", True),
        CcagDefault(CcagSetting.penalty_exemption, Decimal(1000), "art. 14.1.3", "money", True),
        CcagDefault(CcagSetting.penalty_comment_days, 15, "art. 14", "days", True),
        CcagDefault(CcagSetting.penalty_formal_notice, False, "art. 14", "flag", True),
        CcagDefault(CcagSetting.installation_days, 30, "art. 29", "days", True),
        CcagDefault(CcagSetting.va_decision_days, 30, "art. 32–33", "days", True),
        CcagDefault(CcagSetting.va_tacit, False, "art. 32–33", "flag", True),
        CcagDefault(CcagSetting.vsr_duration_days, 30, "art. 33", "days", False),
        CcagDefault(CcagSetting.vsr_decision_days, 7, "art. 33", "days", False),
        CcagDefault(CcagSetting.vsr_tacit, True, "art. 33", "flag", False),
        CcagDefault(CcagSetting.vsr_max_unavailability, Decimal(2), "art. 33", "percent", False),
        CcagDefault(CcagSetting.warranty_months, 12, "art. 36", "months", True),
    )
}


@dataclass(frozen=True)
class Derogation:
    """One setting that differs from the CCAG-TIC default."""

    setting: CcagSetting
    default: Value
    value: Value
    article: str
    checked: bool
    path: DataPath
    #: Whether contract.derogations lists it as intended, and the reason given there.
    declared: bool
    reason: str | None


def _phase(project: Project, kind: AcceptancePhaseKind) -> tuple[int, AcceptancePhase] | None:
    contract = project.contract
    if contract is None or contract.acceptance is None:
        return None
    for i, phase in enumerate(contract.acceptance.phases):
        if phase.kind is kind:
            return i, phase
    return None


def project_settings(project: Project) -> list[tuple[CcagSetting, Value, DataPath]]:
    """The settings the project file gives a value for, with where each is written."""
    contract = project.contract
    if contract is None:
        return []
    out: list[tuple[CcagSetting, Value, DataPath]] = []
    delay = contract.penalties.delay if contract.penalties else None
    if delay is not None:
        base: DataPath = ("contract", "penalties", "delay")
        given = delay.model_fields_set
        if "divisor" in given:
            out.append((CcagSetting.penalty_divisor, delay.divisor, (*base, "divisor")))
        for setting, name in (
            (CcagSetting.penalty_cap, "cap"),
            (CcagSetting.penalty_exemption, "exemption_threshold"),
            (CcagSetting.penalty_comment_days, "comment_days"),
            (CcagSetting.penalty_formal_notice, "formal_notice"),
        ):
            value = getattr(delay, name)
            if value is not None:
                out.append((setting, value, (*base, name)))
    phase_settings = (
        (AcceptancePhaseKind.installation, CcagSetting.installation_days, "duration_days"),
        (AcceptancePhaseKind.va, CcagSetting.va_decision_days, "decision_days"),
        (AcceptancePhaseKind.va, CcagSetting.va_tacit, "tacit"),
        (AcceptancePhaseKind.vsr, CcagSetting.vsr_duration_days, "duration_days"),
        (AcceptancePhaseKind.vsr, CcagSetting.vsr_decision_days, "decision_days"),
        (AcceptancePhaseKind.vsr, CcagSetting.vsr_tacit, "tacit"),
        (AcceptancePhaseKind.vsr, CcagSetting.vsr_max_unavailability, "max_unavailability"),
    )
    for kind, setting, name in phase_settings:
        found = _phase(project, kind)
        if found is None:
            continue
        value = getattr(found[1], name)
        if value is not None:
            out.append((setting, value, ("contract", "acceptance", "phases", found[0], name)))
    if contract.warranty_months is not None:
        warranty: DataPath = ("contract", "warranty_months")
        out.append((CcagSetting.warranty_months, contract.warranty_months, warranty))
    return out


def under_ccag(project: Project) -> bool:
    """Whether the contract refers to the CCAG-TIC 2021."""
    return project.contract is not None and project.contract.frame is ContractFrame.ccag_tic_2021


def derogations(project: Project) -> tuple[Derogation, ...]:
    """Every setting that departs from the CCAG-TIC 2021, in the table's order; none when the
    contract does not refer to the CCAG-TIC."""
    if not under_ccag(project) or project.contract is None:
        return ()
    intended = {d.setting: d for d in project.contract.derogations}
    values = {setting: (value, path) for setting, value, path in project_settings(project)}
    out = []
    for setting, ref in CCAG_DEFAULTS.items():
        if setting not in values:
            continue
        value, path = values[setting]
        if value == ref.default:
            continue
        declared = intended.get(setting)
        out.append(
            Derogation(
                setting=setting,
                default=ref.default,
                value=value,
                article=ref.article,
                checked=ref.checked,
                path=path,
                declared=declared is not None,
                reason=declared.reason if declared is not None else None,
            )
        )
    return tuple(out)


def stale_declarations(project: Project) -> list[tuple[int, CcagSetting]]:
    """Entries of contract.derogations that are no derogation: the project keeps the CCAG
    default (or does not refer to the CCAG-TIC at all), as (index, setting)."""
    contract = project.contract
    if contract is None:
        return []
    actual = {d.setting for d in derogations(project)}
    return [(i, d.setting) for i, d in enumerate(contract.derogations) if d.setting not in actual]


# -- wording ------------------------------------------------------------------------------------
def _number(value: Decimal | int, lang: str) -> str:
    """``3 000`` / ``0,5`` in French, ``3,000`` / ``0.5`` in English (as the documents print)."""
    text = format(Decimal(value).normalize(), "f")
    whole, _, frac = text.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    groups: list[str] = []
    while len(digits) > 3:
        digits, groups = digits[:-3], [digits[-3:], *groups]
    grouped = (NNBSP if lang == "fr" else ",").join([digits, *groups])
    return sign + grouped + (("," if lang == "fr" else ".") + frac if frac else "")


def word_value(value: Value, unit: str, labels: dict[str, Any], lang: str) -> str:
    """A setting's value as printed (``10 %``, ``30 jours``, ``oui``…)."""
    if isinstance(value, bool):
        return label(labels, "yes" if value else "no")
    return words(labels, "ccag_unit", unit, n=_number(value, lang))


@dataclass(frozen=True)
class DerogationLine:
    """A derogation worded for the documents."""

    setting: str
    name: str
    article: str
    default: str
    value: str
    declared: bool
    reason: str | None
    #: "to be checked by counsel" when the article or default is not yet verified, else "".
    caveat: str


@dataclass(frozen=True)
class DerogationList:
    """The CCAP's last article: every departure from the CCAG-TIC 2021."""

    lines: tuple[DerogationLine, ...]
    undeclared: int
    #: Settings contract.derogations lists although the project keeps the CCAG default.
    stale: tuple[str, ...]


def derogation_list(project: Project, labels: dict[str, Any]) -> DerogationList | None:
    """The derogations worded in the project's language; None outside the CCAG-TIC."""
    if not under_ccag(project):
        return None
    lang = project.project.language.value
    lines = []
    for d in derogations(project):
        unit = CCAG_DEFAULTS[d.setting].unit
        lines.append(
            DerogationLine(
                setting=d.setting.value,
                name=label(labels, "ccag_setting", d.setting.value),
                article=d.article,
                default=word_value(d.default, unit, labels, lang),
                value=word_value(d.value, unit, labels, lang),
                declared=d.declared,
                reason=d.reason,
                caveat="" if d.checked else label(labels, "ccag_unit", "to_check"),
            )
        )
    return DerogationList(
        lines=tuple(lines),
        undeclared=sum(1 for line in lines if not line.declared),
        stale=tuple(
            label(labels, "ccag_setting", s.value) for _, s in stale_declarations(project)
        ),
    )
