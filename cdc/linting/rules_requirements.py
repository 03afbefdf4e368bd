"""Rules on the requirements catalogue: ids, text quality, sections, cross-references."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cdc.core.findings import Severity
from cdc.core.suggest import did_you_mean
from cdc.linting.registry import Hit, LintContext, rule
from cdc.linting.text import word_pattern
from cdc.model.enums import Priority

#: Words that make a requirement unverifiable (INCOSE; domain facts §6), French and English.
VAGUE_WORDS = {
    "fr": [
        "convivial",
        "conviviale",
        "conviviaux",
        "conviviales",
        "intuitif",
        "intuitive",
        "intuitifs",
        "intuitives",
        "rapide",
        "rapides",
        "rapidement",
        "performant",
        "performante",
        "performants",
        "performantes",
        "simple",
        "simples",
        "si possible",
        "le cas échéant",
        "etc.",
        "et/ou",
        "à définir",
        "à déterminer",
        "au mieux",
    ],
    "en": [
        "user-friendly",
        "user friendly",
        "easy",
        "easily",
        "fast",
        "quick",
        "quickly",
        "flexible",
        "as appropriate",
        "if possible",
        "etc.",
        "and/or",
        "TBD",
        "TBC",
        "adequate",
        "as soon as possible",
        "state-of-the-art",
        "seamless",
        "seamlessly",
    ],
}
_MODALS = re.compile(
    r"\b(?:doit|doivent|devra|devront|devrait|devraient|shall|must)\b", re.IGNORECASE
)
_ID_CONVENTION = re.compile(r"^[A-Z]{2,6}-\d{3,4}$")


@rule(
    "REQ001",
    "duplicate-requirement-id",
    Severity.error,
    "requirements",
    "Two requirements share an id.",
)
def duplicate_ids(ctx: LintContext) -> Iterator[Hit]:
    """Requirement ids are the key vendors answer by and scoring matches on: each must be unique."""
    seen: dict[str, int] = {}
    for i, req in enumerate(ctx.project.requirements):
        if req.id in seen:
            first = ctx.source.locate(("requirements", seen[req.id], "id"))
            yield Hit(
                ("requirements", i, "id"),
                f"requirement id '{req.id}' is already used (line {first.line} of {first.path})",
                req.id,
            )
        else:
            seen[req.id] = i


@rule(
    "REQ002",
    "requirement-id-format",
    Severity.warning,
    "requirements",
    "A requirement id does not follow the PREFIX-NNN convention.",
)
def id_format(ctx: LintContext) -> Iterator[Hit]:
    """Ids like ``FCT-001`` sort well, tell the section at a glance and survive spreadsheets."""
    for i, req in enumerate(ctx.project.requirements):
        if not _ID_CONVENTION.match(req.id):
            yield Hit(
                ("requirements", i, "id"),
                f"requirement id '{req.id}' does not follow PREFIX-NNN (e.g. FCT-001)",
                req.id,
            )


@rule(
    "REQ003",
    "empty-requirement",
    Severity.error,
    "requirements",
    "A requirement has no text.",
)
def empty_text(ctx: LintContext) -> Iterator[Hit]:
    """A requirement with an empty text cannot be answered or verified."""
    for i, req in enumerate(ctx.project.requirements):
        if not req.text.strip():
            yield Hit(("requirements", i, "text"), f"requirement {req.id} has no text", req.id)


@rule(
    "REQ004",
    "vague-word",
    Severity.warning,
    "requirements",
    "A requirement uses a word that makes it unverifiable (fast, user-friendly, etc.).",
)
def vague_words(ctx: LintContext) -> Iterator[Hit]:
    """Words such as "intuitif", "rapide", "user-friendly" or "etc." cannot be tested at
    acceptance; state a measurable level instead (INCOSE guide for writing requirements)."""
    words = VAGUE_WORDS["fr"] + VAGUE_WORDS["en"]
    if ctx.project.lint is not None:
        words += ctx.project.lint.extra_vague_words
    pattern = word_pattern(words)
    for i, req in enumerate(ctx.project.requirements):
        for field in ("title", "text"):
            matches = list(pattern.finditer(getattr(req, field)))
            if matches:
                found = sorted({m.group(0).lower() for m in matches})
                shown = ", ".join(f"'{w}'" for w in found)
                yield Hit(
                    ("requirements", i, field),
                    f"requirement {req.id} uses vague wording {shown}: state a measurable level",
                    req.id,
                    offset=matches[0].start(),
                )


@rule(
    "REQ005",
    "several-needs",
    Severity.warning,
    "requirements",
    "A requirement states several needs (several modal verbs).",
)
def several_needs(ctx: LintContext) -> Iterator[Hit]:
    """One requirement, one need: a text with several "doit"/"shall" bundles needs that a vendor
    may meet only in part, which the compliance scale cannot express."""
    for i, req in enumerate(ctx.project.requirements):
        count = len(_MODALS.findall(req.text))
        if count >= 2:
            yield Hit(
                ("requirements", i, "text"),
                f"requirement {req.id} states {count} needs ({count} modal verbs): split it",
                req.id,
            )


@rule(
    "REQ006",
    "must-without-acceptance",
    Severity.warning,
    "requirements",
    "A must-have requirement has no acceptance method.",
)
def must_without_acceptance(ctx: LintContext) -> Iterator[Hit]:
    """A must-have requirement is eliminatory: say how it will be checked at acceptance
    (demonstration, test, inspection…) so the vendor knows what it commits to."""
    for i, req in enumerate(ctx.project.requirements):
        if req.priority is Priority.must and req.acceptance is None:
            yield Hit(
                ("requirements", i, "priority"),
                f"must-have requirement {req.id} has no acceptance method",
                req.id,
            )


@rule(
    "REQ007",
    "unknown-section",
    Severity.error,
    "requirements",
    "A requirement names a section that is not declared.",
)
def unknown_section(ctx: LintContext) -> Iterator[Hit]:
    """Sections give the catalogue its order and titles; a requirement in an undeclared section
    would be lost from the documents."""
    declared = {s.id for s in ctx.project.requirement_sections}
    for i, req in enumerate(ctx.project.requirements):
        if req.section not in declared:
            hint = did_you_mean(req.section, declared)
            if not hint and declared:
                hint = f" (declared: {', '.join(sorted(declared))})"
            yield Hit(
                ("requirements", i, "section"),
                f"requirement {req.id} names unknown section '{req.section}'{hint}",
                req.id,
            )


@rule(
    "REQ008",
    "unknown-requirement-reference",
    Severity.error,
    "requirements",
    "A scenario step names a requirement that does not exist.",
)
def unknown_requirement_reference(ctx: LintContext) -> Iterator[Hit]:
    """Scenario steps point at the requirements they illustrate; a dangling id is a typo or a
    requirement that was removed."""
    ids = {r.id for r in ctx.project.requirements}
    scenario = ctx.project.scenario
    if scenario is None:
        return
    for s, step in enumerate(scenario.steps):
        for r, ref in enumerate(step.requirements):
            if ref not in ids:
                yield Hit(
                    ("scenario", "steps", s, "requirements", r),
                    f"scenario step '{step.title}' names unknown requirement '{ref}'",
                    ref,
                )


@rule(
    "REQ009",
    "duplicate-section-id",
    Severity.error,
    "requirements",
    "Two requirement sections share an id.",
)
def duplicate_sections(ctx: LintContext) -> Iterator[Hit]:
    """Section ids are referenced by requirements: each must be unique."""
    seen: set[str] = set()
    for i, section in enumerate(ctx.project.requirement_sections):
        if section.id in seen:
            yield Hit(
                ("requirement_sections", i, "id"),
                f"section id '{section.id}' is declared twice",
                section.id,
            )
        seen.add(section.id)
