"""What changed between two versions of a project, by meaning rather than by line.

Enters: two validated :class:`~cdc.model.Project` (the older one first). Leaves: a list of
:class:`Change` — typed, in a fixed order (identity, requirements in the new catalogue's order
then the removed ones, criteria depth first, price, scale, planning, contract and clauses,
glossary, other parts) — so the same two files always give the same list, the addendum can word
each change for vendors and the guard rails can judge them. Nothing here reads files or prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from cdc.analysis.figures import weighted_criteria
from cdc.consultation.words import word_changes
from cdc.model import Project
from cdc.model.needs import Requirement


class ChangeKind(StrEnum):
    """Every kind of change, as the JSON output names it (a stable contract)."""

    version = "version"
    date = "date"
    requirement_added = "requirement_added"
    requirement_removed = "requirement_removed"
    requirement_reworded = "requirement_reworded"
    requirement_priority = "requirement_priority"
    requirement_criterion = "requirement_criterion"
    requirement_section = "requirement_section"
    requirement_response = "requirement_response"
    criterion_added = "criterion_added"
    criterion_removed = "criterion_removed"
    criterion_weight = "criterion_weight"
    criterion_moved = "criterion_moved"
    price_method = "price_method"
    price_setting = "price_setting"
    scale = "scale"
    evaluation_setting = "evaluation_setting"
    milestone_moved = "milestone_moved"
    milestone_added = "milestone_added"
    milestone_removed = "milestone_removed"
    clause_added = "clause_added"
    clause_removed = "clause_removed"
    clause_status = "clause_status"
    contract_term = "contract_term"
    glossary_added = "glossary_added"
    glossary_removed = "glossary_removed"
    glossary_changed = "glossary_changed"
    part_changed = "part_changed"


#: Kinds that change what vendors must offer or how they are judged (the guard rails' "substantial").
SUBSTANTIAL = frozenset(
    {
        ChangeKind.requirement_added,
        ChangeKind.requirement_removed,
        ChangeKind.requirement_reworded,
        ChangeKind.requirement_priority,
        ChangeKind.requirement_criterion,
        ChangeKind.requirement_response,
        ChangeKind.criterion_added,
        ChangeKind.criterion_removed,
        ChangeKind.criterion_weight,
        ChangeKind.criterion_moved,
        ChangeKind.price_method,
        ChangeKind.price_setting,
        ChangeKind.scale,
        ChangeKind.evaluation_setting,
        ChangeKind.clause_added,
        ChangeKind.clause_removed,
        ChangeKind.clause_status,
        ChangeKind.contract_term,
    }
)

#: Kinds that change how answers are judged (weights and price: the first guard rail).
METHOD = frozenset(
    {
        ChangeKind.criterion_added,
        ChangeKind.criterion_removed,
        ChangeKind.criterion_weight,
        ChangeKind.criterion_moved,
        ChangeKind.price_method,
        ChangeKind.price_setting,
    }
)

#: Top-level parts compared as a whole (one ``part_changed`` each): they describe, they do not
#: list items that vendors answer one by one. ``vendor_expectations`` is substantial (how to
#: answer), the others inform.
WHOLE_PARTS = (
    "context",
    "existing",
    "needs",
    "requirement_sections",
    "scenario",
    "technical",
    "vendor_expectations",
    "governance",
    "personal_data",
)
SUBSTANTIAL_PARTS = frozenset({"vendor_expectations", "personal_data"})

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Change:
    """One change. ``target`` names the item (requirement, criterion, milestone, clause, term…).

    ``field`` says which attribute changed when the kind has several (``title`` or ``text`` for
    a reworded requirement, ``years`` for a price setting). ``before``/``after`` are the values
    as written (None when absent). ``words`` pairs the runs of words that changed (before, after;
    one side empty for an insertion or a deletion); ``priority`` is an added requirement's. Weights: ``relative_*`` are percents of the
    siblings, ``absolute_*`` percents of the whole score.
    """

    kind: ChangeKind
    target: str
    field: str | None = None
    before: str | None = None
    after: str | None = None
    words: tuple[tuple[str, str], ...] = ()
    relative_before: Decimal | None = None
    relative_after: Decimal | None = None
    absolute_before: Decimal | None = None
    absolute_after: Decimal | None = None
    #: The priority of an added requirement (must, should…): the guard rails look at it.
    priority: str | None = None

    @property
    def substantial(self) -> bool:
        """True when it alters what vendors must offer or how they are judged."""
        if self.kind is ChangeKind.part_changed:
            return self.target in SUBSTANTIAL_PARTS
        return self.kind in SUBSTANTIAL


def _plain(value: Any) -> str | None:
    """A model value as text: enums by value, Decimals without trailing zeros."""
    if value is None:
        return None
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _pct(value: Decimal) -> Decimal:
    return (value * HUNDRED).quantize(Decimal("0.01")).normalize()


def _dump(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value.model_dump(mode="json", exclude_defaults=False)


def _requirements(old: Project, new: Project) -> list[Change]:
    before = {r.id: r for r in old.requirements}
    after = {r.id: r for r in new.requirements}
    out: list[Change] = []
    for req in new.requirements:
        prev = before.get(req.id)
        if prev is None:
            out.append(
                Change(
                    ChangeKind.requirement_added,
                    req.id,
                    "title",
                    None,
                    req.title,
                    priority=req.priority.value,
                )
            )
            continue
        out.extend(_requirement_changes(prev, req))
    for req in old.requirements:
        if req.id not in after:
            out.append(Change(ChangeKind.requirement_removed, req.id, before=req.title))
    return out


def _requirement_changes(old: Requirement, new: Requirement) -> list[Change]:
    out: list[Change] = []
    for name in ("title", "text"):
        a, b = str(getattr(old, name)), str(getattr(new, name))
        words = word_changes(a, b)
        if words:
            out.append(
                Change(ChangeKind.requirement_reworded, new.id, name, a.strip(), b.strip(), words)
            )
    simple = (
        ("priority", ChangeKind.requirement_priority),
        ("criterion", ChangeKind.requirement_criterion),
        ("section", ChangeKind.requirement_section),
        ("response", ChangeKind.requirement_response),
    )
    for name, kind in simple:
        a_, b_ = _plain(getattr(old, name)), _plain(getattr(new, name))
        if a_ != b_:
            out.append(Change(kind, new.id, name, a_, b_))
    return out


def _criteria(old: Project, new: Project) -> list[Change]:
    a = {
        c.criterion.id: c
        for c in weighted_criteria(old.evaluation.criteria if old.evaluation else [])
    }
    b = {
        c.criterion.id: c
        for c in weighted_criteria(new.evaluation.criteria if new.evaluation else [])
    }
    out: list[Change] = []
    for cid, now in b.items():
        was = a.get(cid)
        if was is None:
            out.append(
                Change(
                    ChangeKind.criterion_added,
                    cid,
                    after=_plain(now.criterion.weight),
                    relative_after=_pct(now.relative),
                    absolute_after=_pct(now.absolute),
                )
            )
            continue
        if was.parent != now.parent:
            out.append(Change(ChangeKind.criterion_moved, cid, "parent", was.parent, now.parent))
        if was.criterion.weight != now.criterion.weight or _pct(was.absolute) != _pct(now.absolute):
            out.append(
                Change(
                    ChangeKind.criterion_weight,
                    cid,
                    "weight",
                    _plain(was.criterion.weight),
                    _plain(now.criterion.weight),
                    relative_before=_pct(was.relative),
                    relative_after=_pct(now.relative),
                    absolute_before=_pct(was.absolute),
                    absolute_after=_pct(now.absolute),
                )
            )
    for cid, was in a.items():
        if cid not in b:
            out.append(
                Change(
                    ChangeKind.criterion_removed,
                    cid,
                    before=_plain(was.criterion.weight),
                    relative_before=_pct(was.relative),
                    absolute_before=_pct(was.absolute),
                )
            )
    return out


def _evaluation(old: Project, new: Project) -> list[Change]:
    ea, eb = old.evaluation, new.evaluation
    out: list[Change] = []
    pa = ea.price if ea else None
    pb = eb.price if eb else None
    ma = _plain(pa.method) if pa else None
    mb = _plain(pb.method) if pb else None
    if ma != mb:
        out.append(Change(ChangeKind.price_method, "price", "method", ma, mb))
    for name in ("years", "vat", "best_price", "ceiling"):
        va = _plain(getattr(pa, name)) if pa else None
        vb = _plain(getattr(pb, name)) if pb else None
        if va != vb:
            out.append(Change(ChangeKind.price_setting, "price", name, va, vb))
    sa = {lv.id: lv for lv in (ea.scale if ea else [])}
    sb = {lv.id: lv for lv in (eb.scale if eb else [])}
    for lid in list(sb) + [k for k in sa if k not in sb]:
        la, lb = sa.get(lid), sb.get(lid)
        da = None if la is None else f"{la.label} = {_plain(la.points)}"
        db = None if lb is None else f"{lb.label} = {_plain(lb.points)}"
        if _dump(la) != _dump(lb):
            out.append(Change(ChangeKind.scale, lid, None, da, db))
    settings = (
        "priority_weights",
        "must_eliminates",
        "min_technical_score",
        "missing_answers",
        "missing_must",
        "tie_break",
        "aggregation",
        "judgement_scale_max",
        "rounding",
    )
    for name in settings:
        va_ = getattr(ea, name, None) if ea else None
        vb_ = getattr(eb, name, None) if eb else None
        if _setting_text(va_) != _setting_text(vb_):
            out.append(
                Change(
                    ChangeKind.evaluation_setting,
                    name,
                    name,
                    _setting_text(va_),
                    _setting_text(vb_),
                )
            )
    return out


def _setting_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return ", ".join(f"{_plain(k)}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(v) or "" for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _plain(value)


def _planning(old: Project, new: Project) -> list[Change]:
    def keyed(project: Project) -> dict[str, tuple[str, str | None]]:
        out: dict[str, tuple[str, str | None]] = {}
        for m in project.planning.milestones if project.planning else []:
            key = m.kind.value if m.label is None else f"{m.kind.value}: {m.label}"
            out[key] = (m.date.isoformat(), m.end_date.isoformat() if m.end_date else None)
        return out

    a, b = keyed(old), keyed(new)
    out: list[Change] = []
    for key, (date, end) in b.items():
        if key not in a:
            out.append(Change(ChangeKind.milestone_added, key, "date", None, date))
            continue
        was_date, was_end = a[key]
        if was_date != date:
            out.append(Change(ChangeKind.milestone_moved, key, "date", was_date, date))
        if was_end != end:
            out.append(Change(ChangeKind.milestone_moved, key, "end_date", was_end, end))
    for key, (date, _) in a.items():
        if key not in b:
            out.append(Change(ChangeKind.milestone_removed, key, "date", date, None))
    pa, pb = old.planning, new.planning
    for name in ("min_answer_days", "change_notice_days", "notes"):
        va = _plain(getattr(pa, name)) if pa else None
        vb = _plain(getattr(pb, name)) if pb else None
        if va != vb:
            out.append(Change(ChangeKind.part_changed, "planning", name, va, vb))
    return out


def _contract(old: Project, new: Project) -> list[Change]:
    ca, cb = old.contract, new.contract
    out: list[Change] = []
    sa = {c.id: c for c in (ca.clauses if ca else [])}
    sb = {c.id: c for c in (cb.clauses if cb else [])}
    for cid, clause in sb.items():
        was = sa.get(cid)
        if was is None:
            out.append(Change(ChangeKind.clause_added, cid, "status", None, clause.status.value))
        elif _dump(was) != _dump(clause):
            out.append(
                Change(
                    ChangeKind.clause_status, cid, "status", was.status.value, clause.status.value
                )
            )
    for cid, clause in sa.items():
        if cid not in sb:
            out.append(Change(ChangeKind.clause_removed, cid, "status", clause.status.value, None))
    either = cb or ca
    names = [n for n in type(either).model_fields if n != "clauses"] if either else []
    for name in names:
        va = getattr(ca, name) if ca else None
        vb = getattr(cb, name) if cb else None
        if _dump_any(va) != _dump_any(vb):
            out.append(Change(ChangeKind.contract_term, name, name, _short(va), _short(vb)))
    return out


def _dump_any(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_dump_any(v) for v in value]
    return _plain(value) if not isinstance(value, bool) else value


def _short(value: Any) -> str | None:
    """A value shown in a change: scalars as written, structures summarised by nothing."""
    if value is None or hasattr(value, "model_dump"):
        return None
    if isinstance(value, list):
        if any(hasattr(v, "model_dump") for v in value):
            return None
        return ", ".join(_plain(v) or "" for v in value)
    return _setting_text(value)


def _glossary(old: Project, new: Project) -> list[Change]:
    a = {t.term: t for t in old.glossary}
    b = {t.term: t for t in new.glossary}
    out: list[Change] = []
    for term, now in b.items():
        was = a.get(term)
        if was is None:
            out.append(
                Change(ChangeKind.glossary_added, term, "definition", None, now.definition.strip())
            )
        elif _dump(was) != _dump(now):
            words = word_changes(was.definition, now.definition)
            out.append(
                Change(
                    ChangeKind.glossary_changed,
                    term,
                    "definition",
                    was.definition.strip(),
                    now.definition.strip(),
                    words,
                )
            )
    for term, was in a.items():
        if term not in b:
            out.append(
                Change(
                    ChangeKind.glossary_removed, term, "definition", was.definition.strip(), None
                )
            )
    return out


def _parts(old: Project, new: Project) -> list[Change]:
    return [
        Change(ChangeKind.part_changed, name)
        for name in WHOLE_PARTS
        if _dump(getattr(old, name)) != _dump(getattr(new, name))
    ]


def compare_projects(old: Project, new: Project) -> list[Change]:
    """Every change from ``old`` to ``new``, in the documented order (empty: same content).

    The version history itself (``project.versions``) and the file's lint settings and waivers
    are not content vendors read, so they are not compared.
    """
    a, b = old.project, new.project
    out: list[Change] = []
    if a.version != b.version:
        out.append(Change(ChangeKind.version, "project", "version", a.version, b.version))
    if a.date != b.date:
        out.append(
            Change(ChangeKind.date, "project", "date", a.date.isoformat(), b.date.isoformat())
        )
    out.extend(_requirements(old, new))
    out.extend(_criteria(old, new))
    out.extend(_evaluation(old, new))
    out.extend(_planning(old, new))
    out.extend(_contract(old, new))
    out.extend(_glossary(old, new))
    out.extend(_parts(old, new))
    return out


def changed_requirement_ids(changes: list[Change]) -> list[str]:
    """Requirements whose vendor-visible text or terms changed (added ones included), in order."""
    kinds = {
        ChangeKind.requirement_added,
        ChangeKind.requirement_reworded,
        ChangeKind.requirement_priority,
        ChangeKind.requirement_section,
        ChangeKind.requirement_response,
    }
    seen: dict[str, None] = {}
    for change in changes:
        if change.kind in kinds:
            seen.setdefault(change.target, None)
    return list(seen)


def content_changes(changes: list[Change]) -> list[Change]:
    """The changes other than the version number and date themselves."""
    return [c for c in changes if c.kind not in (ChangeKind.version, ChangeKind.date)]
