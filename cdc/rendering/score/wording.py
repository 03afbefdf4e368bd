"""Scoring messages worded in a document's language, from ``labels.yaml`` (``score.phrase``).

Each :class:`~cdc.scoring.messages.Message` is printed from the phrase of its code, with its
params formatted for the language by their kind (:data:`~cdc.scoring.messages.KINDS`):
percentages and scores through :class:`~cdc.rendering.fmt.Formatter`, criteria and answers by their
titles and labels, evaluators by their names, vendor names as given. Nothing is parsed back from
English: a new message needs its code in :mod:`cdc.scoring.messages` and a phrase in both
``labels.yaml`` files (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cdc.rendering.fmt import Formatter
from cdc.scoring.messages import KINDS, SAME_VERSION, SUFFIXES, Message, change_english, english
from cdc.scoring.results import Scoring


class _Keep(dict[str, str]):
    """Format values; a placeholder a customised phrase names but no param gives stays as is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class Wording:
    """Words scoring messages in the document's language."""

    labels: dict[str, Any]
    fmt: Formatter
    scoring: Scoring

    def phrase(self, message: Message) -> str:
        """The message worded from ``score.phrase`` (English when the labels lack its phrase)."""
        phrases = self.labels["score"]["phrase"]
        if message.code not in phrases:
            return english(message)
        values = _Keep(self.params(message))
        key = message.code
        if (
            key == "other_version"
            and message.params["version"] == message.params["current"]
            and SAME_VERSION in phrases
        ):
            key = SAME_VERSION
        sentence = str(phrases[key]).format_map(values)
        suffix = SUFFIXES.get(message.code)
        if suffix is not None and message.params[suffix[1]] and suffix[0] in phrases:
            sentence += str(phrases[suffix[0]]).format_map(values)
        return sentence

    def params(self, message: Message) -> dict[str, str]:
        """The message's params as the document prints them."""
        return {name: self.value(KINDS[name], value) for name, value in message.params.items()}

    def value(self, kind: str, value: Any) -> str:
        """One param, formatted by its kind."""
        if kind in ("percent", "score"):
            return self.fmt.pct(value)
        if kind == "points":
            return self.fmt.number(value, self.scoring.evaluation.rounding)
        if kind in ("names", "ids"):
            return ", ".join(value)
        if kind == "ranking":
            return " > ".join(value)
        if kind == "answer":
            level = self.scoring.level(value)
            return level.label if level is not None else str(value)
        if kind == "criterion":
            return self.criterion_title(value)
        if kind == "price_method":
            return str(self.labels["price_method"].get(value, value)).lower()
        if kind == "notes":
            return self.notes(value)
        if kind == "tie_break":
            return str(self.labels["tie_break"].get(value, value)).lower()
        if kind == "changes":
            return self.changes(value)
        return str(value)

    def changes(self, changes: list[tuple[str, str, str, str]]) -> str:
        """Method changes (:mod:`cdc.scoring.method_change`) in the document's language."""
        phrases = self.labels["score"].get("method_change", {})
        out = []
        for kind, name, before, after in changes:
            if kind not in phrases:
                out.append(change_english((kind, name, before, after)))
                continue
            shown = self.criterion_title(name) if kind not in ("setting", "more") else name
            values = _Keep(name=shown, before=before, after=after)
            out.append(str(phrases[kind]).format_map(values))
        return str(self.labels["score"]["list_separator"]).join(out)

    def criterion_title(self, criterion_id: str) -> str:
        """A criterion's title (its id when the tree does not have it)."""
        for c in self.scoring.criteria:
            if c.criterion.id == criterion_id:
                return c.criterion.title
        return criterion_id

    def notes(self, notes: list[tuple[str, Decimal]]) -> str:
        """``[("eval-si", 3.5), …]`` → ``Architecte SI : 3,5 ; …`` (names, local decimals)."""
        names = {e.id: e.name for e in self.scoring.evaluation.evaluators}
        words = self.labels["score"]
        out = []
        for who, note in notes:
            decimals = len(f"{note.normalize():f}".partition(".")[2])
            shown = self.fmt.number(note, decimals)
            out.append(
                str(words["evaluator_note"]).format_map(_Keep(name=names.get(who, who), note=shown))
            )
        return str(words["list_separator"]).join(out)


__all__ = ["Wording"]
