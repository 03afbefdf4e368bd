"""Shared base class and constrained types for the project-file models.

Every model forbids unknown keys: a typo in ``cdc.yaml`` must be an error, never a silently
ignored setting. Constrained types are defined once here so that an id, a weight or an amount
means the same thing in every part of the file (and in the generated JSON Schema).
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints


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

#: A one-line label (titles, names).
Label = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300, strip_whitespace=True),
    Field(description="A short one-line label."),
]

#: Free text, written in Markdown (paragraphs, lists, emphasis, links, simple tables).
Markdown = Annotated[str, Field(description="Free text in Markdown.")]

#: A relative weight of a node among its siblings (by convention siblings sum to 100).
Weight = Annotated[
    Decimal,
    NumberInput,
    Field(
        ge=0, le=1000, description="Relative weight among siblings (siblings should sum to 100)."
    ),
]

#: A share expressed in percent (0–100).
Percent = Annotated[
    Decimal, NumberInput, Field(ge=0, le=100, description="A percentage between 0 and 100.")
]

#: An amount of money in the project's currency, excluding VAT unless stated otherwise.
Money = Annotated[
    Decimal, NumberInput, Field(ge=0, description="An amount of money (project currency).")
]

#: A non-negative quantity that may have decimals (minutes, ratios).
Quantity = Annotated[Decimal, NumberInput, Field(ge=0, description="A non-negative number.")]

#: A non-negative count (volumes, headcounts, seats).
Count = Annotated[int, Strict(), Field(ge=0, description="A non-negative whole number.")]

#: A duration in calendar days.
Days = Annotated[int, Strict(), Field(ge=0, le=3650, description="A duration in calendar days.")]

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
