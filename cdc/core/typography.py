"""French typography for generated documents: elision and no-break spaces.

A French reader expects "d'Ondéa", not "de Ondéa", and a number or a colon that never starts a
line on its own ("900 000", "340 000 €", "Objet :"). Templates put user names after "de", "le",
"que"… that only the name decides about (:func:`elide`), and user prose arrives with ordinary
spaces that a line break may cut (:func:`french_spacing`). Both are pure functions on strings:
the documents apply them to the tree's text, so every writer (Markdown, HTML, DOCX, PDF) carries
the same characters, and code spans, identifiers in ``code`` and the project file stay as typed.
"""

from __future__ import annotations

import re
import unicodedata

NNBSP = "\u202f"
"""Narrow no-break space: thousands separator; before ``;``, ``!``, ``?``, ``%``, ``€``; inside
guillemets."""
NBSP = "\u00a0"
"""No-break space: before ``:``."""

#: Words that lose their vowel before a vowel sound, and their elided form.
_ELIDED = {
    "de": "d",
    "le": "l",
    "la": "l",
    "que": "qu",
    "lorsque": "lorsqu",
    "puisque": "puisqu",
    "jusque": "jusqu",
    "je": "j",
    "me": "m",
    "te": "t",
    "se": "s",
    "ne": "n",
}

#: Words starting with a vowel letter that are said with a consonant sound (no elision).
_VOWEL_EXCEPTIONS = ("onze", "onzième", "oui", "ouistiti", "uhlan", "yacht", "yaourt", "yoga")

#: Beginnings of words with a mute h (elision: "l'hôpital", "d'Habitat"). An h is aspirated
#: ("de Hachette", "le Havre") unless the word is one of these: eliding before an aspirated h
#: is a worse error than not eliding before a rare mute one.
_MUTE_H = (
    "habil",
    "habit",
    "haleine",
    "hallucin",
    "haltère",
    "harmoni",
    "hébdo",
    "hebdo",
    "héberg",
    "hectare",
    "hélic",
    "hémi",
    "hépat",
    "herb",
    "hérit",
    "hermès",
    "héroïne",
    "hésit",
    "hétéro",
    "heure",
    "heureu",
    "hexagon",
    "hippo",
    "hirondelle",
    "histoi",
    "histor",
    "hiver",
    "holding",
    "homm",
    "homo",
    "honnête",
    "honneur",
    "honor",
    "hôpita",
    "horaire",
    "horizon",
    "horlog",
    "horreur",
    "horticul",
    "hospi",
    "hostil",
    "hôte",
    "hôtel",
    "huile",
    "huissier",
    "huître",
    "humain",
    "humani",
    "humble",
    "humeur",
    "humid",
    "humili",
    "humour",
    "hydr",
    "hygi",
    "hymne",
    "hyper",
    "hypo",
)

_VOWELS = frozenset("aeiou")


def _base(char: str) -> str:
    """The letter without its accent, lower case: ``É`` → ``e``."""
    return unicodedata.normalize("NFD", char)[0].lower()


def starts_with_vowel_sound(word: str) -> bool:
    """Whether a French word or name begins with a vowel sound (so "de" becomes "d'").

    Vowels with or without accents; "y" before a consonant (Yves, Yvelines); "h" only at the
    start of a word known to have a mute h (hôpital, Habitat). Anything else — a digit, a quote,
    an aspirated h, "onze", "oui" — does not elide.
    """
    if not word or not word[0].isalpha():
        return False
    first = _base(word[0])
    lowered = word.lower()
    if lowered.startswith(_VOWEL_EXCEPTIONS):
        return False
    if first in _VOWELS:
        return True
    if first == "y":
        return len(word) > 1 and word[1].isalpha() and _base(word[1]) not in _VOWELS | {"y"}
    if first == "h":
        return lowered.startswith(_MUTE_H)
    return False


def article_for(word: str, article: str, apostrophe: str = "'") -> str:
    """The article to print before ``word``: ``d'`` before "Ondéa", ``de `` before "Boréal".

    For a template that sets the word apart (in bold, say) from its article.
    """
    short = _ELIDED.get(article.lower())
    if short is None or not starts_with_vowel_sound(word.strip()):
        return f"{article} "
    if article[:1].isupper():
        short = short[0].upper() + short[1:]
    return f"{short}{apostrophe}"


def elide(word: str, article: str, apostrophe: str = "'") -> str:
    """``article`` followed by ``word``, elided when French requires it.

    ``elide("Ondéa Énergies", "de")`` → ``d'Ondéa Énergies``; ``elide("Ville de Lyon", "de")``
    → ``de Ville de Lyon``; the article keeps its capital (``De`` → ``D'``). An article that
    never elides ("du", "à") or an empty word gives the two joined by a space.
    """
    word = word.strip()
    if not word:
        return article
    return article_for(word, article, apostrophe) + word


_SPACES = "[ \u00a0\u202f]"
#: Groups of three digits after a first group of one to three, separated by a space:
#: "900 000", "1 234 567" (not "2027 300", not "01 23 45").
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:" + _SPACES + r"\d{3})+)(?![\d])")
_BEFORE_TALL = re.compile(_SPACES + r"(?=[;!?])")
_BEFORE_COLON = re.compile(_SPACES + r"(?=:)")
_BEFORE_UNIT = re.compile(r"(?<=\d)" + _SPACES + r"(?=(?:k|M|Md)?€|%|‰)")
_AFTER_OPENING_QUOTE = re.compile("(?<=«)" + _SPACES)
_BEFORE_CLOSING_QUOTE = re.compile(_SPACES + "(?=»)")


def _group(match: re.Match[str]) -> str:
    return match.group(1) + re.sub(_SPACES, NNBSP, match.group(2))


def french_spacing(text: str) -> str:
    """``text`` with the no-break spaces French typography puts where a space already is.

    Thousands ("900 000") and the space before ``;`` ``!`` ``?`` ``%`` ``€`` and inside
    guillemets become narrow no-break spaces (U+202F); the space before ``:`` a no-break space
    (U+00A0). Only spaces change, one for one: letters and digits are never touched, no space is
    added where there was none, and applying it twice gives the same text.
    """
    if not text or not any(c in text for c in " \u00a0\u202f"):
        return text
    text = _THOUSANDS.sub(_group, text)
    text = _BEFORE_UNIT.sub(NNBSP, text)
    text = _BEFORE_TALL.sub(NNBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _AFTER_OPENING_QUOTE.sub(NNBSP, text)
    return _BEFORE_CLOSING_QUOTE.sub(NNBSP, text)
