"""``cdc penalties``: parse the delays, compute with :mod:`cdc.contract.penalties`, print a table or JSON.

Amounts are printed with two decimals and, in JSON, as strings: a JSON number would go through
a float in most readers, and these are exact Decimal amounts.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from cdc.core.errors import EXIT_INVALID, EXIT_OK, UsageError
from cdc.core.safetext import clip, printable, safe_lines

FORMATS = ("table", "json")
_SOURCES = {
    "project": "set by the project file",
    "ccag_tic_2021": "CCAG-TIC 2021 defaults (the project sets none)",
    "project+ccag_tic_2021": "project file, completed by the CCAG-TIC 2021 defaults",
}


def parse_amount(text: str, what: str) -> Decimal:
    """A non-negative finite amount written with digits (``12000`` or ``12000.50``), at most
    :func:`cdc.api.money_limit`, the bound every amount of a project obeys."""
    from cdc.api import money_limit

    shown = clip(text)
    cleaned = text.strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UsageError(f"{what} '{shown}': not a number") from None
    if not value.is_finite():
        raise UsageError(f"{what} '{shown}': not a number")
    if value < 0:
        raise UsageError(f"{what} '{shown}': cannot be negative")
    if value > money_limit():
        raise UsageError(f"{what} '{shown}': an amount is at most {money_limit():,f}")
    return value + 0  # -0 → 0


def parse_late(text: str) -> tuple[Decimal, int]:
    """``VALUE:DAYS`` → (value excl. VAT, days of delay); anything else is a usage error."""
    from cdc.api import days_limit

    shown = clip(text)
    value_text, sep, days_text = text.rpartition(":")
    if not sep or not value_text.strip() or not days_text.strip():
        raise UsageError(
            f"--late '{shown}': expected VALUE:DAYS (value excl. VAT of the late part, "
            "days of delay), e.g. --late 120000:15"
        )
    value = parse_amount(value_text, "--late value")
    days_text = days_text.strip()
    if days_text.startswith("-"):
        raise UsageError(f"--late '{shown}': days of delay cannot be negative")
    if not days_text.isascii() or not days_text.isdigit():
        raise UsageError(f"--late '{shown}': days must be a whole number")
    days = (
        int(days_text) if len(days_text) <= 9 else days_limit() + 1
    )  # int() refuses 4,300+ digits
    if days > days_limit():
        raise UsageError(f"--late '{shown}': days of delay are at most {days_limit()}")
    return value, days


def run_penalties(
    file: Path,
    *,
    late: list[str],
    contract_total: str | None,
    events: Path | None,
    fmt: str,
) -> int:
    """Compute the penalties of the given delays with the project's settings and print them."""
    from cdc import api

    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; choose among {', '.join(FORMATS)}")
    parsed = [parse_late(item) for item in late]
    total = parse_amount(contract_total, "--contract-total") if contract_total else None
    if not parsed and events is None:
        raise UsageError("nothing to compute: give --late VALUE:DAYS (repeatable) or --events FILE")
    delays = api.delays(parsed, events)
    loaded = api.load(file)
    if loaded.project is None:
        for finding in loaded.findings:
            sys.stderr.write(finding.text() + "\n")
        sys.stderr.write(f"{file}: the project file is invalid: nothing computed\n")
        return EXIT_INVALID
    project = loaded.project
    result = api.penalties(project, delays, total)
    currency = project.project.currency
    if fmt == "json":
        sys.stdout.write(json.dumps(as_json(result, project.project.id, currency), indent=2) + "\n")
    else:
        amount = partial(api.amount_text, project=project)
        sys.stdout.write(as_table(result, project.project.id, currency, amount))
    return EXIT_OK


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def as_json(result: Any, project_id: str, currency: str) -> dict[str, Any]:
    """The result as a JSON document (amounts as strings with two decimals)."""
    from cdc.api import rounding_rule

    terms = result.terms
    return {
        "project": project_id,
        "currency": currency,
        "terms": {
            "divisor": str(terms.divisor),
            "cap_percent": None if terms.cap_percent is None else str(terms.cap_percent),
            "contract_total": _amount(terms.contract_total),
            "cap_amount": _amount(terms.cap_amount),
            "exemption_threshold": _amount(terms.exemption_threshold),
            "source": terms.source,
            "rounding": rounding_rule(),
            "exemption_basis": "total before the cap, over the whole contract",
        },
        "events": [
            {
                "label": e.delay.label,
                "value": _amount(e.delay.value),
                "days": e.delay.days,
                "planned": e.delay.planned.isoformat() if e.delay.planned else None,
                "actual": e.delay.actual.isoformat() if e.delay.actual else None,
                "penalty": _amount(e.penalty),
                "applied": _amount(e.applied),
                "cumulative": _amount(e.cumulative),
                "cumulative_applied": _amount(e.cumulative_applied),
                "capped": e.capped,
            }
            for e in result.events
        ],
        "gross_total": _amount(result.gross_total),
        "total": _amount(result.total),
        "capped": result.capped,
        "exempt": result.exempt,
    }


def plain_amount(value: Decimal) -> str:
    """``1,250,000.00``: an amount without currency (the table's header names it)."""
    return f"{value:,.2f}"


def as_table(
    result: Any, project_id: str, currency: str, money: Callable[[Decimal], str] = plain_amount
) -> str:
    """The result as a plain-text table (stable output: no terminal-width dependence).

    ``money`` prints an amount: the command passes the project's format (``114 300,00 €``
    for a French project, :func:`cdc.api.amount_text`); the words stay English."""
    from cdc.api import rounding_rule

    terms = result.terms
    lines = [f"Penalties for delay — {project_id} ({currency}, excl. VAT)"]
    cap = "no cap"
    if terms.cap_percent is not None:
        base, amount = money(terms.contract_total), money(terms.cap_amount)
        cap = f"cap {terms.cap_percent} % of {base} = {amount}"
    exemption = "no exemption threshold"
    if terms.exemption_threshold is not None:
        exemption = f"none due if the total is ≤ {money(terms.exemption_threshold)}"
    lines.append(f"P = V × R / {terms.divisor}; {cap}; {exemption}")
    lines.append(
        f"Settings: {_SOURCES.get(terms.source, terms.source)}. Rounding: {rounding_rule()}."
    )
    header = ("#", "Event", "Value", "Days", "Penalty", "Applied", "Cumulative")
    rows = [
        (
            str(n),
            printable(e.delay.label or "")[:40],
            money(e.delay.value),
            str(e.delay.days),
            money(e.penalty),
            money(e.applied) + (" *" if e.capped else ""),
            money(e.cumulative_applied),
        )
        for n, e in enumerate(result.events, start=1)
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    left = {0, 1}

    def fmt(row: tuple[str, ...]) -> str:
        cells = [
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    lines += ["", fmt(header), fmt(tuple("-" * w for w in widths)), *(fmt(r) for r in rows), ""]
    lines.append(f"Total before the cap: {money(result.gross_total)}")
    status = []
    if result.capped:
        status.append("capped (* = event cut by the cap)")
    if result.exempt:
        status.append("exempt: the total does not exceed the threshold")
    suffix = f"  [{'; '.join(status)}]" if status else ""
    total = money(result.total) + (f" {currency}" if money is plain_amount else "")
    lines.append(f"Total due: {total}{suffix}")
    return safe_lines("\n".join(lines) + "\n")
