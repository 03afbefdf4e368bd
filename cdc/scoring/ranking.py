"""Ranking: published totals in order, then the declared tie-breaks, every tie said.

:func:`rank` places the competing vendors and records, for each one placed after an equal
total, the rule that decided, and for those no rule separates, the tie; :func:`tie_break_key`
is what the rules compare, reused by the what-if analyses with another price.
"""

from __future__ import annotations

from decimal import Decimal

from cdc.model.enums import Priority, TieBreak
from cdc.scoring.messages import Message
from cdc.scoring.results import ONE, ZERO, Scoring, VendorResult


def _must_share(scoring: Scoring, result: VendorResult) -> Decimal:
    musts = [r.id for r in scoring.project.requirements if r.priority is Priority.must]
    if not musts:
        return ONE
    return Decimal(len([m for m in musts if m not in result.missing])) / len(musts)


def tie_break_key(
    scoring: Scoring, r: VendorResult, price: Decimal | None = None
) -> tuple[Decimal, ...]:
    """What the declared tie-breaks compare, in their order (smaller comes first).

    ``price`` replaces the vendor's total price (what-if analyses try other prices). The
    ``committee`` rule compares nothing: it says who decides when the others do not separate.
    """
    total_price = r.price_total if price is None else price
    parts: list[Decimal] = []
    for rule in scoring.evaluation.tie_break:
        if rule is TieBreak.price:
            parts.append(total_price if total_price is not None else Decimal("Infinity"))
        elif rule is TieBreak.technical:
            parts.append(-scoring.round(r.technical))
        elif rule is TieBreak.must_compliance:
            parts.append(-_must_share(scoring, r))
        else:  # committee: separates nobody, kept so that positions match the rules
            parts.append(ZERO)
    return tuple(parts)


def rank(scoring: Scoring, results: list[VendorResult]) -> None:
    """Order vendors by published total, then the declared tie-breaks; others come last.

    Equal published (rounded) totals share a rank unless a declared tie-break separates them.
    Every vendor placed after another on an equal total records the rule that decided
    (``tie_break``); vendors that no declared rule separates record the tie (``tie``), with
    whom they share the rank. The name order inside a tie is for display only.
    """
    rules = scoring.evaluation.tie_break
    committee = TieBreak.committee in rules

    def key(r: VendorResult) -> tuple[Decimal, ...]:
        return (-scoring.round(r.total), *tie_break_key(scoring, r))

    competing = sorted((r for r in results if r.competing), key=lambda r: (key(r), r.vendor))
    others = sorted((r for r in results if not r.competing), key=lambda r: r.vendor)
    groups: list[list[VendorResult]] = []
    for r in competing:
        r.tie_note = r.tie_break = None
        if groups and key(groups[-1][0]) == key(r):
            groups[-1].append(r)
        else:
            groups.append([r])
    position = 1
    previous: VendorResult | None = None
    for group in groups:
        for r in group:
            r.rank = position
            if len(group) > 1:
                names = [o.vendor for o in group if o is not r]
                r.tie_note = Message(
                    "tie",
                    {
                        "vendor": r.vendor,
                        "vendors": names,
                        "total": scoring.round(r.total),
                        "committee": committee,
                    },
                )
        head = group[0]
        if previous is not None and scoring.round(previous.total) == scoring.round(head.total):
            mine, theirs = key(head)[1:], key(previous)[1:]
            rule = next(rules[i] for i in range(len(rules)) if mine[i] != theirs[i])
            for r in group:
                r.tie_break = Message(
                    "tie_break",
                    {
                        "vendor": r.vendor,
                        "above": previous.vendor,
                        "rule": rule.value,
                        "total": scoring.round(r.total),
                    },
                )
        previous = group[-1]
        position += len(group)
    for r in others:
        r.rank = None
        r.tie_note = r.tie_break = None
    results[:] = competing + others


__all__ = ["rank", "tie_break_key"]
