"""What scoring says, as data: a code and raw params, worded only when printed.

The engine never writes sentences for readers: it records a :class:`Message` — a code (one of
:data:`CODES`) and the values behind it (Decimals, vendor names, requirement ids…). Each output
words it for its reader:

* the terminal table, the CSV and the JSON ``warnings`` / ``elimination_reasons`` print
  :func:`english` (the wording other tools have always read);
* the JSON adds every message as ``{"code": …, "params": {…}}`` (``warning_details``,
  ``elimination_details``);
* the documents word it in their language from ``labels.yaml`` (``score.phrase.<code>``), the
  params formatted for that language.

A code's params are fixed (:data:`CODES`), and a param name means the same thing under every
code (:data:`KINDS`), so a phrase in ``labels.yaml`` can use any param of its code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: The params of every code. ``other_version`` has a second phrase, ``changed_since``, added when
#: its ``changed`` param is not empty (see :data:`SUFFIXES`).
CODES: dict[str, tuple[str, ...]] = {
    "eliminated": ("id", "title", "answer"),
    "no_answer": ("id", "title"),
    "blank_excluded": ("vendor", "blanks"),
    "not_ranked": ("score", "minimum"),
    "divergence": ("vendor", "criterion", "spread", "notes"),
    "no_notes": ("criterion", "vendors"),
    "tie": ("vendor", "vendors", "total", "committee"),
    "tie_break": ("vendor", "above", "rule", "total"),
    "withdrawal": ("vendor", "before", "after"),
    "no_withdrawal_effect": (),
    "relative_price": ("method",),
    "abnormally_low": ("vendor", "gap", "threshold"),
    "two_bids_min_max": ("vendor",),
    "flat_price": ("prices", "price_notes"),
    "effective_price": ("nominal", "effective"),
    "zero_price": ("vendors",),
    "no_price": ("vendors",),
    "other_version": ("source", "version", "project", "current", "changed"),
    "no_version": ("source",),
    "method_changed": ("source", "version", "changes"),
    "changed_rows": ("source", "vendor", "changed"),
    "changed_rows_decisive": ("source", "vendor", "changed"),
}

#: A second phrase of ``other_version``, used when the version answered has the current version's
#: number (the project changed without its version being bumped): "answered version 1.0, not the
#: current version 1.0" would make no sense.
SAME_VERSION = "same_version"

#: Phrases added to a code's phrase when one of its params is not empty: code → (phrase, param).
SUFFIXES: dict[str, tuple[str, str]] = {
    "other_version": ("changed_since", "changed"),
    "tie": ("committee_decides", "committee"),
}

#: What each param holds (one meaning per name, whatever the code):
#:
#: * ``text`` — a string printed as it is (requirement id and title, file, version);
#: * ``name`` — a vendor's name; ``names`` — a list of them; ``ranking`` — vendors in order;
#: * ``ids`` — a list of requirement ids;
#: * ``score`` — a published score out of 100, rounded as the project declares (Decimal);
#: * ``points`` — a published total in points out of 100, rounded as declared (Decimal);
#: * ``tie_break`` — a :class:`TieBreak` value; ``flag`` — a yes/no (picks a suffix phrase);
#: * ``changes`` — method changes: (kind, name, before, after) text tuples;
#: * ``percent`` — a percentage, 0–100 (Decimal);
#: * ``answer`` — a vendor's answer as given (a scale level's id or label, yes/no);
#: * ``criterion`` — a criterion id; ``price_method`` — a :class:`PriceMethod` value;
#: * ``notes`` — evaluators' notes: a list of (evaluator id, note) pairs (Decimal notes).
KINDS: dict[str, str] = {
    "id": "text",
    "title": "text",
    "answer": "answer",
    "score": "score",
    "minimum": "score",
    "vendor": "name",
    "criterion": "criterion",
    "spread": "percent",
    "notes": "notes",
    "before": "ranking",
    "after": "ranking",
    "method": "price_method",
    "prices": "percent",
    "gap": "percent",
    "threshold": "percent",
    "price_notes": "percent",
    "nominal": "percent",
    "effective": "percent",
    "vendors": "names",
    "source": "text",
    "version": "text",
    "project": "text",
    "current": "text",
    "changed": "ids",
    "blanks": "ids",
    "above": "name",
    "total": "points",
    "rule": "tie_break",
    "committee": "flag",
    "changes": "changes",
}

#: Codes whose message concerns one vendor, named in its ``vendor`` param: shown under that
#: vendor, the English sentence leaves the name out (see :func:`english`).
VENDOR_SCOPED = frozenset({"divergence", "tie", "tie_break", "blank_excluded"})


@dataclass(frozen=True)
class Message:
    """One reason or warning: a code of :data:`CODES` and exactly that code's params."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        expected = CODES.get(self.code)
        if expected is None:
            raise ValueError(f"unknown scoring message code {self.code!r}")
        if set(self.params) != set(expected):
            raise ValueError(
                f"scoring message {self.code!r} takes {', '.join(expected) or 'no params'}, "
                f"not {', '.join(sorted(self.params)) or 'none'}"
            )
        object.__setattr__(self, "params", dict(self.params))

    def __str__(self) -> str:
        return english(self)


def _num(value: Decimal | str) -> str:
    """A Decimal without trailing zeros nor exponent (``80``, ``4.5``); a number already
    written for its reader (the terminal's ``4,5`` for a French project) as it is."""
    return value if isinstance(value, str) else f"{value.normalize():f}"


def _join(values: Sequence[str], separator: str = ", ") -> str:
    return separator.join(values)


def change_english(change: Sequence[str]) -> str:
    """One change as an English phrase."""
    kind, name, before, after = change
    if kind == "weight":
        return f"weight of criterion {name} changed from {before} to {after}"
    if kind == "criterion_kind":
        return f"kind of criterion {name} changed from {before} to {after}"
    if kind == "criterion_parent":
        return f"criterion {name} moved from under {before} to under {after}"
    if kind == "added":
        return f"criterion {name} added (weight {after})"
    if kind == "removed":
        return f"criterion {name} removed (it weighed {before})"
    if kind == "setting":
        return f"{name} changed from {before} to {after}"
    if kind == "more":
        return f"{name} more changes"
    return "the recorded method does not match the one cdc wrote (edited in the file?)"


def english(message: Message, *, scoped: bool = False) -> str:
    """The English sentence of ``message`` (terminal table, CSV, JSON).

    ``scoped``: the sentence is shown under the vendor it concerns, so a vendor-scoped message
    (:data:`VENDOR_SCOPED`) leaves the name out.
    """
    p = message.params
    code = message.code
    text = _outcome_english(code, p) or _price_english(code, p) or _source_english(code, p)
    if code in VENDOR_SCOPED and not scoped:
        return f"{p['vendor']}: {text}"
    return text


def _outcome_english(code: str, p: Mapping[str, Any]) -> str | None:
    """A vendor's own outcome: eliminations, blanks, ranking, ties, divergent notes."""
    text: str | None = None
    if code == "eliminated":
        text = f"{p['id']} ({p['title']}) answered '{p['answer']}' on a must-have requirement"
    elif code == "no_answer":
        text = f"{p['id']} ({p['title']}): no answer to a must-have requirement"
    elif code == "blank_excluded":
        text = (
            f"left {_join(p['blanks'])} unanswered: excluded from its notes and the weights "
            "re-normalised (missing_answers: exclude), so a blank may score better than an "
            "honest 'not compliant'"
        )
    elif code == "not_ranked":
        text = f"technical score {p['score']} is below the minimum {_num(p['minimum'])}"
    elif code == "divergence":
        notes = _join([f"{who} {_num(note)}" for who, note in p["notes"]])
        text = (
            f"{p['criterion']}: evaluators' notes spread over {_num(p['spread'])} % of the scale "
            f"({notes})"
        )
    elif code == "no_notes":
        text = (
            f"{p['criterion']}: no evaluator note for {_join(p['vendors'])}; this judgement "
            "criterion counts 0 for them"
        )
    elif code == "tie":
        text = (
            f"ties with {_join(p['vendors'])} at {p['total']} points: no declared tie-break separates "
            "them"
        )
        if p["committee"]:
            text += "; the committee decides"
    elif code == "tie_break":
        text = (
            f"ranked after {p['above']} on an equal total ({p['total']} points) by tie-break: "
            f"{p['rule']}"
        )
    return text


def _price_english(code: str, p: Mapping[str, Any]) -> str | None:
    """The price guard rails and what withdrawing a bid would change."""
    text: str | None = None
    if code == "withdrawal":
        text = (
            f"withdrawing {p['vendor']}'s bid would change the ranking: "
            f"{_join(p['before'], ' > ')} becomes {_join(p['after'], ' > ')}"
        )
    elif code == "no_withdrawal_effect":
        text = "withdrawing any one losing bid does not change the ranking"
    elif code == "relative_price":
        text = (
            f"the price method ({p['method']}) is relative: each bid's price note depends on the "
            "other bids, so withdrawing a bid can reorder the others"
        )
    elif code == "abnormally_low":
        text = (
            f"{p['vendor']}'s price is {p['gap']} % below the mean of the other bids (screen: "
            f"{p['threshold']} %): it may be abnormally low; ask the vendor to justify it in "
            "writing before any rejection (Public Procurement Code L2152-5 and following)"
        )
    elif code == "two_bids_min_max":
        text = (
            f"with only two bids the linear min-max formula gives the dearer one ({p['vendor']}) "
            "0 price points whatever the gap"
        )
    elif code == "flat_price":
        text = (
            f"the price formula barely separates the bids: the lowest price is {p['prices']} % "
            f"below the highest, but price notes differ by only {p['price_notes']} % of the price "
            "points"
        )
    elif code == "effective_price":
        text = (
            f"price weighs {p['nominal']} % on paper but accounts for {p['effective']} % of the "
            "spread between the bids"
        )
    elif code == "zero_price":
        text = f"zero or negative total price for {_join(p['vendors'])}: no price note given"
    elif code == "no_price":
        text = f"no price sheet for {_join(p['vendors'])}: price note 0"
    return text


def _source_english(code: str, p: Mapping[str, Any]) -> str:
    """Where an answer came from: the version and method it answered (the last family: a
    code no other family words is ``no_version``)."""
    if code == "other_version":
        text = (
            f"{p['source']}: answered a different text of version {p['version']} of "
            f"{p['project']} (the version number was not bumped)"
            if p["version"] == p["current"]
            else f"{p['source']}: answered version {p['version']} of {p['project']}, not the "
            f"current version {p['current']}"
        )
        if p["changed"]:
            text += f"; changed since: {_join(p['changed'])}"
    elif code in ("changed_rows", "changed_rows_decisive"):
        text = (
            f"{p['source']}: {p['vendor']} did not answer the current text of "
            f"{_join(p['changed'])}; "
        )
        text += (
            "the ranking depends on these rows (their best or worst answer changes it): ask the "
            "vendor to confirm its answers to the current text"
            if code == "changed_rows_decisive"
            else "the ranking does not depend on these rows (their best or worst answer leaves "
            "it unchanged)"
        )
    elif code == "method_changed":
        text = (
            f"{p['source']}: the evaluation method changed since version {p['version']} was "
            f"answered: {_join([change_english(c) for c in p['changes']], '; ')}"
        )
    else:  # no_version (__post_init__ refuses unknown codes)
        text = (
            f"{p['source']}: the response does not say which version of the specification it "
            "answers"
        )
    return text


__all__ = ["CODES", "KINDS", "SUFFIXES", "VENDOR_SCOPED", "Message", "change_english", "english"]
