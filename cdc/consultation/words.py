"""The words that changed between two texts: what an addendum quotes ("40 s" → "30 s")."""

from __future__ import annotations

from difflib import SequenceMatcher


def word_changes(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Runs of words replaced, removed or inserted, as (before, after) pairs in text order.

    White space is not content (a re-wrapped YAML block changes nothing): texts are compared as
    sequences of words, so an empty result means the same words in the same order.
    """
    a, b = before.split(), after.split()
    if a == b:
        return ()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return tuple(
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )
