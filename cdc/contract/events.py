"""The execution follow-up log read by ``cdc penalties --events``: deliveries, planned and actual.

A YAML file kept during the contract (part of the evidence file)::

    events:
      - label: Pilot go-live
        value: 150000          # excl. VAT, the value of the late part
        planned: 2027-09-01
        actual: 2027-09-16     # 15 days late
      - label: Reporting module
        value: 20000
        days: 4                # or the days of delay directly

Read with cdc's safe YAML reader and validated by a model that forbids unknown keys, so a typo
in a log that decides money is an error with its line, never a silent zero.

Superseded by the execution log (:mod:`cdc.model.execution`, read by ``cdc follow``), which takes
the dates from the planning milestones, deducts excusable delays and counts a private contract's
penalty from the formal notice; this list stays readable so that existing scripts keep working.
"""

from pathlib import Path
from typing import Self

from pydantic import Field, ValidationError, model_validator

from cdc.contract.penalties import Delay
from cdc.core.errors import InputError, UsageError
from cdc.model._base import Date, Days, Label, Model, Money
from cdc.reading.yamlsrc import read_yaml_bytes

MAX_LOG_BYTES = 5 * 1024 * 1024


class DeliveryEvent(Model):
    """One delivery of the log."""

    label: Label | None = Field(default=None, description="What was delivered.")
    value: Money = Field(description="Value excl. VAT of the late part (V).")
    planned: Date | None = Field(default=None, description="Contractual delivery date.")
    actual: Date | None = Field(default=None, description="Actual delivery date.")
    days: Days | None = Field(default=None, description="Days of delay, if not from the dates.")
    notes: str | None = Field(default=None, description="Comment (formal notice, reply…).")

    @model_validator(mode="after")
    def _days_or_dates(self) -> Self:
        if self.days is None and (self.planned is None or self.actual is None):
            raise ValueError("give the days of delay, or both the planned and actual dates")
        dated = self.planned is not None and self.actual is not None
        if self.days is not None and dated and self.days != self.delay_from_dates():
            raise ValueError(
                f"days ({self.days}) disagree with the dates ({self.delay_from_dates()} days)"
            )
        return self

    def delay_from_dates(self) -> int:
        """Calendar days between planned and actual delivery (0 if delivered on time)."""
        assert self.planned is not None and self.actual is not None
        return max(0, (self.actual - self.planned).days)

    def to_delay(self) -> Delay:
        """The event as a delay to compute a penalty on."""
        days = self.days if self.days is not None else self.delay_from_dates()
        return Delay(self.value, days, self.label, self.planned, self.actual)


class EventLog(Model):
    """The follow-up file."""

    events: list[DeliveryEvent] = Field(description="Deliveries, in the order they happened.")


def read_events(path: Path) -> list[Delay]:
    """The delays of a follow-up file; a missing file is a usage error, bad content an input one."""
    if not path.is_file():
        raise UsageError(f"--events {path}: no such file")
    raw = path.read_bytes()
    if len(raw) > MAX_LOG_BYTES:
        raise InputError(f"{path}: the events file is larger than 5 MB")
    doc = read_yaml_bytes(raw, str(path))
    if doc.data is None or doc.findings:
        raise InputError(doc.findings[0].text() if doc.findings else f"{path}: empty events file")
    try:
        log = EventLog.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if isinstance(p, str | int))
        mark = doc.source.locate(loc)
        where = ".".join(str(p) for p in loc) or "(top)"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{mark.path}:{mark.line}:{mark.col}: {where}: {message}") from exc
    return [event.to_delay() for event in log.events]


__all__ = ["DeliveryEvent", "EventLog", "read_events"]
