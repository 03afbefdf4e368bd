"""Language-aware formatting of numbers, amounts, percentages and dates (Jinja filters).

Formatting is presentation, not computation: values arrive computed; these only print them the
way a French or an English reader expects (``1 234 567`` / ``1,234,567``; ``12,5 %`` / ``12.5%``).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

NNBSP = "\u202f"  # narrow no-break space: French thousands separator and before % / €
NBSP = "\u00a0"

_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_CURRENCY = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


class Formatter:
    """Formats values for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in _MONTHS else "en"

    def _group(self, digits: str) -> str:
        sep = NNBSP if self.lang == "fr" else ","
        out: list[str] = []
        while len(digits) > 3:
            out.insert(0, digits[-3:])
            digits = digits[:-3]
        out.insert(0, digits)
        return sep.join(out)

    def number(self, value: int | float | Decimal | None, decimals: int = 0) -> str:
        """``1 234,5`` in French, ``1,234.5`` in English; empty for None."""
        if value is None:
            return ""
        quantum = Decimal(1).scaleb(-decimals)
        d = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
        sign = "-" if d < 0 else ""
        text = f"{abs(d):f}"
        whole, _, frac = text.partition(".")
        out = self._group(whole)
        if frac:
            out += ("," if self.lang == "fr" else ".") + frac
        return sign + out

    def percent(self, ratio: Decimal | float | None, decimals: int = 1) -> str:
        """A ratio (0–1) as a percentage: ``12,5 %`` / ``12.5%``; trailing zeros dropped."""
        if ratio is None:
            return ""
        text = self.number(Decimal(str(ratio)) * 100, decimals)
        sep = "," if self.lang == "fr" else "."
        if sep in text:
            text = text.rstrip("0").rstrip(sep)
        return f"{text}{NNBSP}%" if self.lang == "fr" else f"{text}%"

    def pct(self, value: Decimal | float | int | None) -> str:
        """A value already in percent (0–100): ``10 %`` / ``10%``."""
        if value is None:
            return ""
        return self.percent(Decimal(str(value)) / 100, 2)

    def money(
        self, value: Decimal | float | int | None, currency: str = "EUR", decimals: int | None = None
    ) -> str:
        """``48 000 €`` / ``€48,000``; cents only when there are some, unless ``decimals`` is
        given (a column of amounts computed to the cent: ``769 600,00 €``)."""
        if value is None:
            return ""
        d = Decimal(str(value))
        if decimals is None:
            decimals = 0 if d == d.to_integral_value() else 2
        symbol = _CURRENCY.get(currency, currency)
        text = self.number(d, decimals)
        if self.lang == "fr" or len(symbol) > 1:
            return f"{text}{NNBSP}{symbol}"
        return f"{symbol}{text}"

    def date(self, value: dt.date | None) -> str:
        """``15 janvier 2027`` / ``15 January 2027``."""
        if value is None:
            return ""
        month = _MONTHS[self.lang][value.month - 1]
        day = "1er" if self.lang == "fr" and value.day == 1 else str(value.day)
        return f"{day} {month} {value.year}"

    def minutes(self, value: float | Decimal | None) -> str:
        """An average handling time: ``5,5 min``."""
        if value is None:
            return ""
        return f"{self.number(Decimal(str(value)), 1).rstrip('0').rstrip(',.')}{NBSP}min"
