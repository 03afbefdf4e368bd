"""Turn answers into the text of ``cdc.yaml``: a commented template, filled and checked.

The templates (``templates/init/<lang>/<template>.yaml.jinja`` and their ``_*.yaml.jinja``
parts) hold the wording and the comments; this module computes everything they show (weights,
milestones, DPIA criteria, which clauses apply) into a :class:`View`, so templates only place
values. Every ``{{ … }}`` goes through :func:`cdc.init.yamltext.scalar`, so no answer can break
the YAML. (The extension is not ``.j2``: these are not document templates of ``cdc render``.)

The glossary is chosen last: the file is rendered, its text read back, and only the terms it
uses are kept — no acronym left undefined (GLO001), no term defined for nothing (GLO002).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdc.init.answers import Answers
from cdc.init.catalog import Lang
from cdc.init.texts import label
from cdc.init.yamltext import Raw, block, flow, fold, inline, number, scalar
from cdc.model.enums import (
    Channel,
    Deployment,
    DpiaCriterion,
    MilestoneKind,
    Procurement,
    Sourcing,
)

if TYPE_CHECKING:
    import jinja2

#: Above this many contacts a year, the DPIA screening ticks "large scale" (to be confirmed).
LARGE_SCALE_CONTACTS = 100_000


@dataclass(frozen=True)
class Team:
    """A team of the customer service as the file describes it."""

    key: str
    headcount: int
    sourcing: Sourcing


@dataclass(frozen=True)
class View:
    """Everything a template shows beyond the raw answers, computed once, here."""

    schema_url: Raw
    governance: bool
    value_weight: int
    milestones: list[tuple[MilestoneKind, dt.date]]
    saas_like: bool
    on_site: bool
    public: bool
    types: frozenset[str]
    voice: bool
    recording: bool
    outsourced: bool
    teams: list[Team]
    volumes: list[tuple[Channel, int]]
    channels_text: Raw
    budget_text: Raw
    duration_months: int
    dpia_criteria: list[DpiaCriterion]

    @property
    def dpia_planned(self) -> bool:
        """Two EDPB criteria or more: a DPIA is in principle required (WP248)."""
        return len(self.dpia_criteria) >= 2


def _milestones(a: Answers, *, demonstrations: bool) -> list[tuple[MilestoneKind, dt.date]]:
    """Milestones in their natural order; the derived ones only where they fit."""
    week = dt.timedelta(days=7)
    out = [
        (MilestoneKind.publication, a.publication),
        (MilestoneKind.questions_deadline, a.answers_due - dt.timedelta(days=10)),
        (MilestoneKind.answers_due, a.answers_due),
    ]
    demos = a.answers_due + 3 * week
    if demonstrations and demos < a.decision:
        out.append((MilestoneKind.demonstrations, demos))
    out.append((MilestoneKind.decision, a.decision))
    signature = a.decision + 3 * week
    if signature < a.go_live:
        out.append((MilestoneKind.contract_signature, signature))
        if signature + week < a.go_live:
            out.append((MilestoneKind.kickoff, signature + week))
    out.append((MilestoneKind.go_live, a.go_live))
    return out


def _teams(a: Answers) -> list[Team]:
    if a.sourcing is Sourcing.mixed:
        outsourced = a.agents // 3
        return [
            Team("in_house", a.agents - outsourced, Sourcing.in_house),
            Team("outsourced", outsourced, Sourcing.outsourced),
        ]
    return [Team(a.sourcing.value, a.agents, a.sourcing)]


def _amount(value: Decimal, lang: Lang) -> str:
    """``300 000`` in French, ``300,000`` in English."""
    whole = f"{int(value):,}"
    return whole.replace(",", "\u202f") if lang is Lang.fr else whole


def _budget_text(a: Answers) -> Raw:
    low, high = _amount(a.budget_min, a.language), _amount(a.budget_max, a.language)
    if a.language is Lang.fr:
        span = f"{low} €" if low == high else f"{low} € à {high} €"
        years = "1 an" if a.duration_years == 1 else f"{a.duration_years} ans"
        return inline(f"{span} hors taxes sur {years}")
    span = f"EUR {low}" if low == high else f"EUR {low} to {high}"
    years = "1 year" if a.duration_years == 1 else f"{a.duration_years} years"
    return inline(f"{span} excluding VAT over {years}")


def _dpia(a: Answers, total_volume: int) -> list[DpiaCriterion]:
    """EDPB screening criteria the answers point at (a starting point for the DPO)."""
    if not a.personal_data:
        return []
    criteria = []
    if a.call_recording:
        # Recording and listening to calls monitors agents (CNIL list: constant monitoring of
        # employees), who are vulnerable data subjects towards their employer.
        criteria += [DpiaCriterion.systematic_monitoring, DpiaCriterion.vulnerable_subjects]
    if total_volume >= LARGE_SCALE_CONTACTS:
        criteria.append(DpiaCriterion.large_scale)
    return criteria


def build_view(a: Answers, template: str) -> View:
    """Compute the :class:`View` of ``a`` for ``template``."""
    from cdc.model.schema import SCHEMA_BASE_URI

    volumes = [(c, a.volumes.get(c, 0)) for c in a.channels]
    total = sum(v for _, v in volumes)
    names = [label(a.language, "channels", c.value) for c in a.channels]
    if a.language is Lang.fr:
        names = [n if n.isupper() else n[:1].lower() + n[1:] for n in names]
    return View(
        schema_url=Raw(SCHEMA_BASE_URI + "project.schema.json"),
        governance=template != "minimal",
        value_weight=100 - a.price_weight,
        milestones=_milestones(a, demonstrations=template != "minimal"),
        saas_like=a.deployment is not Deployment.on_premise,
        on_site=a.deployment is not Deployment.saas,
        public=a.procurement is Procurement.public,
        types=frozenset(t.value for t in a.contract_types),
        voice=Channel.voice in a.channels,
        recording=a.call_recording,
        outsourced=a.sourcing is not Sourcing.in_house,
        teams=_teams(a),
        volumes=volumes,
        channels_text=inline(", ".join(names)),
        budget_text=_budget_text(a),
        duration_months=12 * a.duration_years,
        dpia_criteria=_dpia(a, total),
    )


def _environment(root: Path) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        finalize=scalar,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        block=block,
        fold=fold,
        flow=flow,
        inline=inline,
        number=lambda v: Raw(number(v)),
    )
    return env


def templates_root() -> Path:
    """Folder of the init templates, in a checkout or inside an installed wheel."""
    from cdc.core.resources import data_dir

    return data_dir("templates") / "init"


_WORD_CHARS = re.compile(r"[\w/-]")


def _used(corpus: str, word: str) -> bool:
    """Whether ``word`` (or a plural) occurs as a whole word, as lint's glossary rule sees it."""
    needle = word.casefold()
    start = corpus.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = start == 0 or not _WORD_CHARS.match(corpus[start - 1])
        for suffix in ("", "s", "x", "es"):
            if before_ok and corpus.startswith(suffix, end):
                after = end + len(suffix)
                if after == len(corpus) or not _WORD_CHARS.match(corpus[after]):
                    return True
        start = corpus.find(needle, start + 1)
    return False


def _glossary(body: str, lang: Lang, root: Path) -> list[dict[str, Any]]:
    """The glossary entries of ``lang`` whose term, synonym or expansion the body uses."""
    from cdc.linting.text import walk_text
    from cdc.reading.yamlsrc import read_yaml_bytes

    doc = read_yaml_bytes(body.encode("utf-8"), "<generated>")
    corpus = "\n".join(text for _, text in walk_text(doc.data)).casefold()
    candidates = read_yaml_bytes((root / lang.value / "glossary.yaml").read_bytes(), "glossary")
    pending: list[dict[str, Any]] = [
        {"expansion": None, "synonyms": [], **entry} for entry in candidates.data["glossary"]
    ]
    chosen = [
        entry
        for entry in pending
        if any(
            n and _used(corpus, n) for n in (entry["term"], *entry["synonyms"], entry["expansion"])
        )
    ]
    return sorted(chosen, key=lambda e: str(e["term"]).casefold())


@dataclass(frozen=True)
class ClauseLine:
    """A required clause of the library, listed in the file with the status ``todo``."""

    entry: Raw
    title: str


def _clauses(body: str, lang: Lang) -> list[ClauseLine]:
    """The clauses the contract types and the answers make required, as the lint rules see them.

    Listing them (status ``todo``) turns the clause library into a checklist inside the file:
    the legal department sets each to included, negotiated or waived. Until then lint warns
    (CON005), as it does for a TODO marker: these are decisions only the buyer can make.
    """
    from cdc.contract.catalogue import builtin_catalogue
    from cdc.contract.evaluate import Need, applicable_clauses
    from cdc.model import Project
    from cdc.reading.yamlsrc import read_yaml_bytes

    project = Project.model_validate(read_yaml_bytes(body.encode("utf-8"), "<generated>").data)
    required = [
        item
        for item in applicable_clauses(project, builtin_catalogue())
        if item.need is Need.required
    ]
    width = max((len(item.clause.id) for item in required), default=0) + 24
    return [
        ClauseLine(
            entry=Raw(f"{{id: {scalar(item.clause.id)}, status: todo}}".ljust(width)),
            title=item.clause.title.get(lang.value),
        )
        for item in required
    ]


def generate(answers: Answers) -> str:
    """The text of ``cdc.yaml`` for ``answers``; it is checked to load as a valid project."""
    root = templates_root()
    env = _environment(root)
    view = build_view(answers, answers.template.value)
    template = env.get_template(f"{answers.language.value}/{answers.template.value}.yaml.jinja")
    body: str = template.render(a=answers, v=view, clauses=[])
    clauses = _clauses(body, answers.language)
    if clauses:
        body = template.render(a=answers, v=view, clauses=clauses)
    glossary = _glossary(body, answers.language, root)
    part = f"{answers.language.value}/_glossary.yaml.jinja"
    text: str = body + env.get_template(part).render(entries=glossary)
    _self_check(text)
    return text


def _self_check(text: str) -> None:
    """A generated file that is not a valid project is a bug in cdc, never the user's fault."""
    from cdc.model import Project
    from cdc.reading.yamlsrc import read_yaml_bytes

    doc = read_yaml_bytes(text.encode("utf-8"), "cdc.yaml")
    if doc.findings or doc.data is None:
        raise RuntimeError(f"generated YAML is invalid: {doc.findings[0].text()}")
    Project.model_validate(doc.data)
