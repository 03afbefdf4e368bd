"""Rules on the words of the file: glossary coverage, and the structure of the seed guide."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cdc.core.findings import Severity
from cdc.linting.registry import Hit, LintContext, rule
from cdc.linting.text import NON_PROSE_KEYS, TODO_MARKER
from cdc.model import Project
from cdc.reading.yamlsrc import Path_

_ACRONYM = re.compile(
    r"(?<![\w/.@-])([A-Z][A-Z0-9]{1,9}(?:-[A-Z][A-Z0-9]{1,9})*)(s?)(?![\w@]|-\d|\.\w)"
)
_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
_CODE_OR_LINK = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+")
#: Acronyms so common in documents that nobody defines them.
BUILTIN_ACRONYMS = frozenset(
    {
        "PDF",
        "CSV",
        "XLSX",
        "DOCX",
        "HTML",
        "JSON",
        "XML",
        "URL",
        "HTTP",
        "HTTPS",
        "EUR",
        "USD",
        "OK",
        # Markers reported by their own rules (STR006, REQ004), not as acronyms.
        "TODO",
        "FIXME",
        "XXX",
        "TBD",
        "TBC",
    }
)
_TODO = TODO_MARKER
#: Proper names (companies, products, people) may hold capitals that are no acronyms ("SA").
_NAME_KEYS = frozenset(
    {"name", "vendor", "tool", "person", "provider", "agent", "recipient", "source_tool", "address"}
)
_GLOSSARY_NAME_KEYS = NON_PROSE_KEYS | _NAME_KEYS | {"term", "expansion", "synonyms"}


def _acronyms(text: str) -> Iterator[tuple[str, int]]:
    """Acronym-like tokens of ``text`` with their offsets (code spans and links skipped)."""
    cleaned = _CODE_OR_LINK.sub(lambda m: " " * len(m.group(0)), text)
    for match in _ACRONYM.finditer(cleaned):
        token = match.group(1)
        if sum(c.isalpha() for c in token) >= 2 and not _ROMAN.match(token):
            yield token, match.start(1)


def _is_word_char(c: str) -> bool:
    """Letters and digits continue a word; "-" and "/" separate ("CCAG-TIC" uses CCAG)."""
    return c.isalnum() or c == "_"


def _contains_word(corpus: str, word: str) -> bool:
    """Whether ``word`` (or its plural) occurs in ``corpus`` as a whole word.

    ``str.find`` and a look at the neighbouring characters: much faster than a case-insensitive
    regular expression over a large specification.
    """
    start = corpus.find(word)
    while start >= 0:
        end = start + len(word)
        for suffix in ("", "s", "x", "es"):
            if corpus.startswith(suffix, end):
                after = end + len(suffix)
                before_ok = start == 0 or not _is_word_char(corpus[start - 1])
                if before_ok and (after == len(corpus) or not _is_word_char(corpus[after])):
                    return True
        start = corpus.find(word, start + 1)
    return False


def _in_name_list(path: Path_) -> bool:
    """``glossary[3].synonyms[0]``: an item of a list of names."""
    return len(path) >= 2 and isinstance(path[-1], int) and path[-2] in _GLOSSARY_NAME_KEYS


def _is_defined(token: str, defined: set[str]) -> bool:
    """A compound such as ``CCAG-TIC`` is defined as a whole or part by part."""
    return token in defined or all(part in defined for part in token.split("-"))


@rule(
    "GLO001",
    "undefined-acronym",
    Severity.warning,
    "glossary",
    "An acronym is used in the text but not defined in the glossary.",
)
def undefined_acronym(ctx: LintContext) -> Iterator[Hit]:
    """Readers outside the project (vendors, lawyers, a judge) do not know the house acronyms:
    every acronym used must be a glossary term or synonym (or listed in lint.known_acronyms)."""
    defined = set(BUILTIN_ACRONYMS)
    for term in ctx.project.glossary:
        for name in (term.term, *term.synonyms):
            defined.add(name)
            defined.update(t for t, _ in _acronyms(name))  # "PCI DSS" defines PCI and DSS
    if ctx.project.lint is not None:
        defined.update(ctx.project.lint.known_acronyms)
    first: dict[str, tuple[Path_, int]] = {}
    counts: dict[str, int] = {}
    for path, text in ctx.texts:
        if (path[-1:] and path[-1] in _GLOSSARY_NAME_KEYS) or _in_name_list(path):
            continue
        for token, offset in _acronyms(text):
            if _is_defined(token, defined):
                continue
            counts[token] = counts.get(token, 0) + 1
            first.setdefault(token, (path, offset))
    for token, (path, offset) in first.items():
        times = counts[token]
        used = "once" if times == 1 else f"{times} times"
        yield Hit(
            path,
            f"acronym '{token}' is used ({used}) but not defined in the glossary",
            token,
            offset=offset,
        )


@rule(
    "GLO002",
    "unused-term",
    Severity.warning,
    "glossary",
    "A glossary term is never used in the text.",
)
def unused_term(ctx: LintContext) -> Iterator[Hit]:
    """A glossary that defines words the document never uses is noise; remove the term or use
    it."""
    glossary = ctx.project.glossary
    if not glossary:
        return
    corpus = "\n".join(text for path, text in ctx.texts if path[:1] != ("glossary",))
    folded = corpus.casefold()
    used: set[int] = set()
    for i, term in enumerate(glossary):
        names = [n for n in (term.term, *term.synonyms, term.expansion or "") if n]
        if any(_contains_word(folded, n.casefold()) for n in names):
            used.add(i)
    for i, term in enumerate(glossary):
        if i not in used:
            yield Hit(
                ("glossary", i, "term"),
                f"glossary term '{term.term}' is never used in the document",
                term.term,
            )


@rule(
    "GLO003",
    "duplicate-term",
    Severity.error,
    "glossary",
    "A glossary term is defined twice.",
)
def duplicate_term(ctx: LintContext) -> Iterator[Hit]:
    """Two definitions of one term contradict each other sooner or later."""
    seen: dict[str, int] = {}
    for i, term in enumerate(ctx.project.glossary):
        key = term.term.casefold()
        if key in seen:
            first = ctx.source.locate(("glossary", seen[key], "term"))
            yield Hit(
                ("glossary", i, "term"),
                f"glossary term '{term.term}' is already defined at line {first.line}",
                term.term,
            )
        else:
            seen[key] = i


def _missing(ctx: LintContext, parent: Path_, what: str, subject: str) -> Hit:
    """A hit for a missing part, located at the nearest existing parent key."""
    anchor: Path_ = ()
    for depth in range(len(parent), 0, -1):
        if parent[:depth] in ctx.source.keys:
            anchor = parent[:depth]
            break
    return Hit(anchor, what, subject, key=True)


@rule(
    "STR001",
    "no-challenge",
    Severity.warning,
    "structure",
    "The challenge (context.challenge) is missing.",
)
def no_challenge(ctx: LintContext) -> Iterator[Hit]:
    """Vendors answer better when they know why the project exists: state the challenge."""
    context = ctx.project.context
    if context is None or not (context.challenge or "").strip():
        yield _missing(
            ctx,
            ("context", "challenge"),
            "the challenge (context.challenge) is missing",
            "challenge",
        )


@rule(
    "STR002",
    "no-existing-situation",
    Severity.warning,
    "structure",
    "The existing situation (existing.channels) is missing.",
)
def no_existing(ctx: LintContext) -> Iterator[Hit]:
    """Without today's channels, volumes and handling times, vendors cannot size their offer."""
    existing = ctx.project.existing
    if existing is None or not existing.channels:
        yield _missing(
            ctx,
            ("existing", "channels"),
            "the existing situation (existing.channels) is missing",
            "existing",
        )


@rule(
    "STR003",
    "no-critical-review",
    Severity.warning,
    "structure",
    "The critical review (existing.review strengths and weaknesses) is missing.",
)
def no_review(ctx: LintContext) -> Iterator[Hit]:
    """What works today must be kept and what fails must be fixed: say both."""
    existing = ctx.project.existing
    review = existing.review if existing is not None else None
    if review is None or not review.strengths or not review.weaknesses:
        yield _missing(
            ctx,
            ("existing", "review"),
            "the critical review (existing.review: strengths and weaknesses) is missing or incomplete",
            "review",
        )


@rule("STR004", "no-scenario", Severity.warning, "structure", "The end-to-end scenario is missing.")
def no_scenario(ctx: LintContext) -> Iterator[Hit]:
    """The scenario is what vendors demonstrate; it ties requirements to a customer journey."""
    scenario = ctx.project.scenario
    if scenario is None or not scenario.steps:
        yield _missing(
            ctx,
            ("scenario", "steps"),
            "the end-to-end scenario (scenario.steps) is missing",
            "scenario",
        )


@rule(
    "STR005",
    "no-budget",
    Severity.warning,
    "structure",
    "The current budget (existing.budget.lines) is missing.",
)
def no_budget(ctx: LintContext) -> Iterator[Hit]:
    """Today's cost lines are the baseline any return on investment is measured against."""
    existing = ctx.project.existing
    if existing is None or existing.budget is None or not existing.budget.lines:
        yield _missing(
            ctx,
            ("existing", "budget", "lines"),
            "the current budget (existing.budget.lines) is missing",
            "budget",
        )


@rule(
    "STR006",
    "todo-marker",
    Severity.warning,
    "structure",
    "A TODO marker is left in the text.",
)
def todo_marker(ctx: LintContext) -> Iterator[Hit]:
    """TODO, FIXME or "à compléter" left in the file would be published to vendors."""
    for path, text in ctx.texts:
        match = _TODO.search(text)
        if match:
            yield Hit(
                path,
                f"'{match.group(0)}' marker left in the text",
                match.group(0),
                offset=match.start(),
            )


@rule(
    "STR007", "no-requirements", Severity.warning, "structure", "The project has no requirements."
)
def no_requirements(ctx: LintContext) -> Iterator[Hit]:
    """A specification without requirements gives vendors nothing to answer line by line."""
    if not ctx.project.requirements:
        yield _missing(ctx, ("requirements",), "the project has no requirements", "requirements")


_PENALTY_FORMULA = re.compile(r"\bP\s*=\s*V\s*[×x*·]\s*R\b", re.IGNORECASE)
_QUALITY_DEADLINE = re.compile(r"\b(?:mois|month)\b.*\bnotifi", re.IGNORECASE | re.DOTALL)
_ELIMINATES = re.compile(r"[ée]limin", re.IGNORECASE)
_TECHNICAL_SCORE = re.compile(r"note technique|technical score", re.IGNORECASE)


def _percent_pattern(value: object) -> re.Pattern[str]:
    """``55`` → "55 %", "55%", "55 pour cent"; ``62.5`` → also "62,5 %"."""
    text = f"{value}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    number = re.escape(text).replace(r"\.", "[.,]")
    return re.compile(rf"(?<![\d,.]){number}\s*(?:%|pour ?cent|per ?cent)", re.IGNORECASE)


def _penalty_formula(project: Project, text: str) -> re.Match[str] | None:
    """The formula "P = V × R", or a product divided by the contract's divisor ("× days / 1000")."""
    found = _PENALTY_FORMULA.search(text)
    contract = project.contract
    delay = contract.penalties.delay if contract and contract.penalties else None
    if found is None and delay is not None:
        digits = r"[\s\u00a0\u202f.,]?".join(re.escape(d) for d in str(delay.divisor))
        found = re.search(rf"[×*]\s*[^./]{{0,80}}/\s*{digits}(?!\d)", text)
    return found


def _restatements(ctx: LintContext) -> Iterator[tuple[Path_, str, re.Match[str]]]:
    """(path, what the documents already say, where the text says it again)."""
    project = ctx.project
    ev = project.evaluation
    score = (
        _percent_pattern(ev.min_technical_score)
        if ev is not None and ev.min_technical_score is not None
        else None
    )
    eliminating = (
        {i for i, level in enumerate(ev.scale) if level.not_compliant and ev.must_eliminates}
        if ev is not None
        else set()
    )
    for path, text in ctx.texts:
        tail = tuple(path[-3:])
        if score is not None and _TECHNICAL_SCORE.search(text) and (found := score.search(text)):
            yield path, "the minimum technical score (evaluation.min_technical_score)", found
        if (
            path[:2] == ("evaluation", "scale")
            and path[-1] == "description"
            and path[2] in eliminating
            and (found := _ELIMINATES.search(text))
        ):
            yield path, "that a 'not compliant' answer to a must-have eliminates the offer", found
        if tail[-2:] == ("quality_plan", "description") and (
            found := _QUALITY_DEADLINE.search(text)
        ):
            yield path, "when the quality plan is due (quality_plan.required)", found
        if tail == ("penalties", "delay", "notes") and (found := _penalty_formula(project, text)):
            yield path, "the delay penalty formula (penalties.delay.divisor, cap, threshold)", found


@rule(
    "STR008",
    "restates-generated-text",
    Severity.warning,
    "structure",
    "A free text restates a sentence the documents already write from a setting.",
)
def restates_generated_text(ctx: LintContext) -> Iterator[Hit]:
    """The templates word the settings (minimum technical score, elimination on a must-have,
    quality plan deadline, penalty formula): the same sentence typed again in a note prints
    twice, and the two drift apart the day one of them is edited. Keep in the note only what the
    setting does not say."""
    for path, what, found in _restatements(ctx):
        yield Hit(
            path,
            f"this text restates {what}, which the documents already state from the setting: "
            "keep only what the setting does not say",
            found.group(0),
            offset=found.start(),
        )
