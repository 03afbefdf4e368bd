"""'Did you mean …?': the one helper every message about an unknown name uses.

An unknown key (SCH003), criterion (EVA003), section (REQ007), role (RAC003) or clause (CON002)
is most often a typo of a name that exists; naming the closest one saves the reader a search.
Ids are compared without regard to case (``c-tech`` finds ``C-TECH``), the answer is spelled as
declared, and ties are broken by the name itself, so the same input always gives the same hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike two names must be (:class:`difflib.SequenceMatcher` ratio) to be suggested.
CUTOFF = 0.6


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The declared name most like ``word`` (None when none is alike enough, or ``word`` is
    one of them)."""
    names = set(choices)
    if word in names:
        return None
    by_folded: dict[str, str] = {}
    for choice in sorted(names):
        by_folded.setdefault(choice.casefold(), choice)
    folded = word.casefold()
    if folded in by_folded:
        return by_folded[folded]
    match = difflib.get_close_matches(folded, by_folded, n=1, cutoff=CUTOFF)
    return by_folded[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` to append to a message, or an empty string."""
    found = closest(word, choices)
    return f"; did you mean '{found}'?" if found is not None else ""


__all__ = ["CUTOFF", "closest", "did_you_mean"]
