"""French typography: elision before a vowel sound, no-break spaces, checked by their characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdc.core.typography import (
    NBSP,
    NNBSP,
    article_for,
    elide,
    french_spacing,
    starts_with_vowel_sound,
)

SPACES = {" ", NBSP, NNBSP}


@pytest.mark.parametrize(
    ("article", "word", "expected"),
    [
        ("de", "Ondéa Énergies", "d'Ondéa Énergies"),
        ("de", "EDF", "d'EDF"),
        ("de", "Yvelines Habitat", "d'Yvelines Habitat"),
        ("de", "hôpital Foch", "d'hôpital Foch"),
        ("la", "Habitation moderne", "l'Habitation moderne"),
        ("le", "Écho", "l'Écho"),
        ("que", "Ondéa", "qu'Ondéa"),
        ("De", "Ondéa", "D'Ondéa"),
        ("de", "Ville de Lyon", "de Ville de Lyon"),
        ("de", "Hachette Livre", "de Hachette Livre"),  # aspirated h
        ("le", "Havre", "le Havre"),
        ("de", "yaourt", "de yaourt"),  # y before a vowel
        ("de", "onze sites", "de onze sites"),
        ("de", "8 sites", "de 8 sites"),
        ("de", "« Ondéa »", "de « Ondéa »"),
        ("du", "Ondéa", "du Ondéa"),  # never elided
        ("de", "  Ondéa ", "d'Ondéa"),
        ("de", "", "de"),
    ],
)
def test_elision(article: str, word: str, expected: str) -> None:
    assert elide(word, article) == expected


def test_the_article_alone_for_a_word_set_apart() -> None:
    """À l'attention d'<strong>Alizé Contact</strong>: the article outside the bold."""
    assert article_for("Alizé Contact", "de") == "d'"
    assert article_for("Boréal CX", "de") == "de "
    assert article_for("Ondéa", "Que") == "Qu'"


def test_elision_with_a_typographic_apostrophe() -> None:
    assert elide("Ondéa", "de", "\u2019") == "d\u2019Ondéa"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("environ 900 000 contacts", f"environ 900{NNBSP}000 contacts"),
        ("340 000 € HT", f"340{NNBSP}000{NNBSP}€ HT"),
        ("1 234 567,5 minutes", f"1{NNBSP}234{NNBSP}567,5 minutes"),
        ("dont 70 % d'appels", f"dont 70{NNBSP}% d'appels"),
        ("Objet : le marché", f"Objet{NBSP}: le marché"),
        ("Pourquoi ? Parce que ; enfin !", f"Pourquoi{NNBSP}? Parce que{NNBSP}; enfin{NNBSP}!"),
        ("« Standard »", f"«{NNBSP}Standard{NNBSP}»"),
        ("12 k€", f"12{NNBSP}k€"),
        # Left alone: a year before a count, phone pairs, no space where none was typed.
        ("en 2027 300 agents", "en 2027 300 agents"),
        ("01 23 45 67 89", "01 23 45 67 89"),
        ("10:30, https://x.fr/?a=1;b", "10:30, https://x.fr/?a=1;b"),
        ("REQ-001: texte", "REQ-001: texte"),
    ],
)
def test_french_spacing(text: str, expected: str) -> None:
    assert french_spacing(text) == expected


def test_vowel_sound() -> None:
    assert starts_with_vowel_sound("Alizé")
    assert starts_with_vowel_sound("Ypres")
    assert not starts_with_vowel_sound("Boréal")
    assert not starts_with_vowel_sound("")
    assert not starts_with_vowel_sound("hausse")


_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789 ,.:;!?%€«»aéHk-\u00a0\u202f'")), max_size=60
)


@given(_TEXT)
def test_spacing_is_idempotent(text: str) -> None:
    once = french_spacing(text)
    assert french_spacing(once) == once


@given(_TEXT)
def test_spacing_only_turns_spaces_into_spaces(text: str) -> None:
    """Digits, letters and punctuation stay where they are: one space for one space."""
    out = french_spacing(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        assert before == after or (before in SPACES and after in SPACES)


@given(st.text(max_size=30), st.sampled_from(["de", "le", "la", "que", "De", "du"]))
def test_elision_keeps_the_word(word: str, article: str) -> None:
    out = elide(word, article)
    assert out.endswith(word.strip())
    assert out[:1].lower() == article[:1].lower()
