"""Shared base class and constrained types for the project-file models.

Every model forbids unknown keys: a typo in ``cdc.yaml`` must be an error, never a silently
ignored setting. Constrained types are defined once here so that an id, a weight or an amount
means the same thing in every part of the file (and in the generated JSON Schema).
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)


class Model(BaseModel):
    """Base of every project-file model: unknown keys are errors.

    Pydantic's lax mode would turn ``true`` into 1, ``"70"`` into 70 and ``0`` into 1970-01-01;
    the constrained types below refuse such values. The one coercion kept is number → text
    (``version: 1.10`` is the text "1.10", as written).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        populate_by_name=False,
        use_enum_values=False,
        validate_default=False,
        defer_build=True,
        coerce_numbers_to_str=True,
    )


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept a ``YYYY-MM-DD`` text or a date; refuse numbers (epoch seconds) and datetimes."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value.strip()} is not a valid date") from None
    raise ValueError("a date is written YYYY-MM-DD (e.g. 2027-03-15)")


def _number(value: Any) -> Any:
    """Accept a number; refuse text and booleans, which lax mode would convert silently."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("a number is expected")
    return value


#: A number (int or decimal) written as a number in the file.
NumberInput = BeforeValidator(_number)

# Declared ranges. Every amount, quantity and count a project, a response, an evaluation or a
# command line gives is refused beyond these bounds (a located error, exit 1), so that no
# computation downstream meets NaN, an infinity or a number too large for exact cents: with
# money ≤ 1e12 and quantities ≤ 1e9 a price line is ≤ 1e21, and a response's total over the
# evaluation period is itself held to MAX_MONEY (cdc.reading.responses.read), far within the 28
# significant digits of Python's default decimal context. Readers that build numbers
# themselves (the XLSX grid reader, ``cdc penalties``) use these constants and range_error(),
# so that a grid, a YAML file and a command line obey one range with one message.

#: Largest amount of money (1,000 billion in the project currency).
MAX_MONEY = Decimal("1e12")
#: Largest quantity (seats, days, units, minutes): one billion.
MAX_QUANTITY = Decimal("1e9")
#: Largest whole count (volumes, headcounts, records): 10^12.
MAX_COUNT = 10**12
#: Largest magnitude of a free number (the answer to a "number" requirement).
MAX_NUMBER = Decimal("1e15")
#: Longest duration in days (ten years).
MAX_DAYS = 3650
#: Largest divisor of the delay-penalty formula (CCAG divisors are 1,000 to 3,000).
MAX_DIVISOR = Decimal("1e6")


def as_decimal(value: Any) -> Decimal:
    """The exact decimal a number stands for: a YAML float's source text, never its binary
    rounding (``1e400`` is 10^400, not infinity); NaN and infinities stay non-finite."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:  # decimal.InvalidOperation: a text that is no number
        return Decimal(repr(float(value))) if isinstance(value, float) else Decimal("NaN")


def _shown(bound: Decimal) -> str:
    return f"{bound:,f}"


def range_error(
    value: Any, *, low: Decimal | int = 0, high: Decimal | int, what: str
) -> str | None:
    """Why ``value`` is outside ``[low, high]`` (or not finite), or None when it is inside.

    Shared by the models and by readers that build numbers themselves (the XLSX grid reader,
    ``cdc penalties``), so that the same bound gives the same message everywhere.
    """
    number = as_decimal(value)
    if not number.is_finite():
        return f"{what} must be a finite number"
    if number < low or number > high:
        return f"{what} must be between {_shown(Decimal(low))} and {_shown(Decimal(high))}"
    return None


def bounded(high: Decimal | int, what: str, *, low: Decimal | int = 0) -> BeforeValidator:
    """A number check with a declared finite range; negative zero becomes zero."""

    def check(value: Any) -> Any:
        _number(value)
        problem = range_error(value, low=low, high=high, what=what)
        if problem:
            raise ValueError(problem)
        if isinstance(value, float | Decimal) and value == 0:
            return Decimal(0) if isinstance(value, Decimal) else abs(value)
        return value

    return BeforeValidator(check)


#: A whole number written as one (no text, no boolean, no decimal).
StrictInt = Annotated[int, Strict()]

#: true or false, nothing else (no "yes", no 1).
Flag = Annotated[bool, Strict()]

#: An identifier referenced from elsewhere in the file (criterion, role, section, step…).
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", min_length=1, max_length=64),
    Field(
        description="Identifier: letters, digits, '.', '_' or '-', starting with a letter or digit."
    ),
]

#: A requirement identifier; the lint rule REQ002 checks the ``PREFIX-NNN`` convention.
RequirementId = Annotated[
    str,
    StringConstraints(pattern=r"^\S+$", min_length=1, max_length=64),
    Field(description="Stable requirement identifier, by convention PREFIX-NNN (e.g. FCT-001)."),
]

_LINE_BREAK = re.compile("[ \t]*[\n\u2028\u2029][ \t\n\u2028\u2029]*")


def _one_line(value: str) -> str:
    """A label is one line: a line break inside (a block scalar, a spreadsheet cell typed with
    Alt+Enter) becomes a space, so a name or a title never spills onto a line of its own in a
    table or a text report. (Other control characters are refused: SCH011.)"""
    return (
        _LINE_BREAK.sub(" ", value)
        if "\n" in value or "\u2028" in value or "\u2029" in value
        else value
    )


#: A one-line label (titles, names).
Label = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300, strip_whitespace=True),
    AfterValidator(_one_line),
    Field(description="A short one-line label."),
]

#: Free text, written in Markdown (paragraphs, lists, emphasis, links, simple tables).
Markdown = Annotated[str, Field(description="Free text in Markdown.")]


def _range(low: Decimal | int, high: Decimal | int) -> dict[str, Any]:
    """JSON Schema bounds of a decimal type (its validator checks them, with its own message)."""
    return {"json_schema_extra": {"minimum": int(low), "maximum": int(high)}}


#: A relative weight of a node among its siblings (by convention siblings sum to 100).
Weight = Annotated[
    Decimal,
    bounded(1000, "a weight"),
    Field(
        description="Relative weight among siblings (siblings should sum to 100).",
        **_range(0, 1000),
    ),
]

#: A share expressed in percent (0–100).
Percent = Annotated[
    Decimal,
    bounded(100, "a percentage"),
    Field(description="A percentage between 0 and 100.", **_range(0, 100)),
]

#: An amount of money in the project's currency, excluding VAT unless stated otherwise.
Money = Annotated[
    Decimal,
    bounded(MAX_MONEY, "an amount"),
    Field(
        description="An amount of money (project currency), from 0 to 1,000 billion.",
        **_range(0, MAX_MONEY),
    ),
]

#: A non-negative quantity that may have decimals (minutes, ratios).
Quantity = Annotated[
    Decimal,
    bounded(MAX_QUANTITY, "a quantity"),
    Field(description="A non-negative number, at most one billion.", **_range(0, MAX_QUANTITY)),
]

#: A number of either sign (the answer to a "number" requirement).
Number = Annotated[
    Decimal,
    bounded(MAX_NUMBER, "a number", low=-MAX_NUMBER),
    Field(description="A finite number, at most 10^15 in size.", **_range(-MAX_NUMBER, MAX_NUMBER)),
]

#: A non-negative count (volumes, headcounts, seats).
Count = Annotated[
    int, Strict(), Field(ge=0, le=MAX_COUNT, description="A non-negative whole number.")
]

#: A duration in calendar days.
Days = Annotated[
    int, Strict(), Field(ge=0, le=MAX_DAYS, description="A duration in calendar days.")
]

#: A duration in hours.
Hours = Annotated[int, Strict(), Field(ge=0, le=8760, description="A duration in hours.")]

#: A duration in months.
Months = Annotated[int, Strict(), Field(ge=0, le=600, description="A duration in months.")]

#: A calendar date (ISO 8601, ``YYYY-MM-DD``).
Date = Annotated[
    dt.date, BeforeValidator(_iso_date), Field(description="A calendar date, written YYYY-MM-DD.")
]

#: An e-mail address (kept simple on purpose: no network look-up, no normalisation).
Email = Annotated[
    str,
    StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254),
    Field(description="An e-mail address."),
]

#: An ISO 3166-1 alpha-2 country code.
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 country code (e.g. FR, DE, US)."),
]

#: A currency code (ISO 4217).
Currency = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    Field(description="ISO 4217 currency code (e.g. EUR)."),
]
