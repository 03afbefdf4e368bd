"""Spreadsheet column addresses (``A`` … ``Z``, ``AA`` …), in plain Python.

The grid layout names its columns with them and the grid reader parses the cells it reads with
them: one definition, so a column written as ``AB`` is the column read back as ``AB``. Standard
library only, so the reader's fast XML path imports nothing heavy.
"""

from __future__ import annotations


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AA → 27."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


__all__ = ["column_index", "column_letter"]
