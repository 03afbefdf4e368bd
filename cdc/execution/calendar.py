"""The deadlines as an iCalendar file (RFC 5545) that Outlook, Google Calendar and Thunderbird import.

Written with the ``icalendar`` library rather than by hand: escaping, line folding and the
required properties are its business. Each deadline is an all-day event whose UID is the
deadline's stable ``uid`` (kind, subject, project), so importing a newer export updates the
events instead of duplicating them; DTSTAMP and LAST-MODIFIED are the as-of date (not the clock)
and SEQUENCE grows with it, so the same log and date give the same bytes and a later export is
newer. Critical deadlines (silence = admission, notice period) carry a
reminder a week before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Alarm, Calendar, Event

from cdc.execution.dates import shift
from cdc.execution.deadlines import Deadline

PRODID = "-//cdc//contract follow-up//EN"
_EPOCH = dt.date(2020, 1, 1)


def to_ical(items: Iterable[Deadline], *, project_id: str, title: str, as_of: dt.date) -> bytes:
    """The deadlines as the bytes of a ``.ics`` file (CRLF lines, UTF-8)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{title} — {project_id}")
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    # A later export must read as a newer version of the same event (RFC 5545 §3.8.7.4): the
    # sequence grows with the as-of date, so it needs no state and stays deterministic.
    sequence = max(0, as_of.toordinal() - _EPOCH.toordinal())
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", item.date)
        event.add("dtend", shift(item.date, 1))
        prefix = "[done] " if item.done else ("[!] " if item.critical else "")
        event.add("summary", prefix + item.label)
        event.add(
            "description",
            f"{item.kind.value} · {item.subject} · status on {as_of.isoformat()}: "
            f"{item.status.value}"
            + (" · critical: missing it has a legal effect" if item.critical else ""),
        )
        event.add("categories", [item.kind.value])
        event.add("transp", "TRANSPARENT")
        if item.critical and not item.done:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.label)
            alarm.add("trigger", dt.timedelta(days=-7))
            event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
