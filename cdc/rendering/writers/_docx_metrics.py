"""How wide a text prints in the DOCX body font, to give table columns the room they need.

Word and LibreOffice do not fit a fixed-layout table to its content: a column narrower than
its longest word cuts that word ("Volum e annue l"), a number wraps ("630 / 000"). The DOCX
writer therefore sizes columns itself, from the advance widths of DejaVu Sans, the font the
PDF prints in and the DOCX now uses too (:data:`BODY_FONT`). The widths are those of the font
files (fonts-dejavu-core), in thousandths of an em, for printable ASCII; other letters are
measured as their unaccented base letter (é as e), anything else as a wide glyph, so a
measure errs on the wide side.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

#: The sans-serif the PDF (print.css, the Typst preamble) and the DOCX print in.
BODY_FONT = "DejaVu Sans"

# Advance widths of U+0020…U+007E, regular and bold (DejaVu Sans 2.37, per 1,000 em).
_REGULAR = (
    "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 "
    "636 636 636 636 337 337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 "
    "557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 500 613 "
    "635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 "
    "592 592 525 636 337 636 838"
)
_BOLD = (
    "348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 "
    "696 696 696 696 400 400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 "
    "637 995 837 850 733 850 770 720 682 812 774 1103 771 724 725 457 365 457 838 500 500 675 "
    "716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 "
    "645 652 582 712 365 712 838"
)
_WIDTHS = {
    False: dict(zip(map(chr, range(32, 127)), map(int, _REGULAR.split()), strict=True)),
    True: dict(zip(map(chr, range(32, 127)), map(int, _BOLD.split()), strict=True)),
}
_SPECIAL = {"\u202f": 200, "\u00a0": 330, "\u2009": 200, "—": 1000, "–": 500, "’": 380, "€": 700}
_WIDE = 1000

#: Spaces a line may break at. The no-break spaces (U+00A0, U+202F, U+2007) keep "630 000"
#: and "7 min" in one piece, so they are part of a word here.
_BREAKS = re.compile(r"[ \t\n\r\u2009\u200b]+")


@lru_cache(maxsize=4096)
def _char(ch: str, bold: bool) -> int:
    table = _WIDTHS[bold]
    if ch in table:
        return table[ch]
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFKD", ch)[:1]
    return table.get(base, _WIDE)


def text_width(text: str, *, bold: bool = False, size: float = 9.5) -> int:
    """Width of ``text`` on one line, in twips, at ``size`` points."""
    return math.ceil(sum(_char(ch, bold) for ch in text) * size * 20 / 1000)


def words(text: str) -> list[str]:
    """The pieces a line may not break inside (split at breakable spaces only)."""
    return [w for w in _BREAKS.split(text) if w]


def longest_word(text: str, *, bold: bool = False, size: float = 9.5) -> int:
    """Width of the widest unbreakable piece of ``text``, in twips (0 when empty)."""
    return max((text_width(w, bold=bold, size=size) for w in words(text)), default=0)
