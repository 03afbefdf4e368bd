"""The response grid's first sheet: what a vendor reads before the first answer.

Who asks what by when (with the cell where the vendor writes its name, which the grid reader
reads back), how to fill the grid (naming the real sheets and columns), and what the answer
types, the scale levels and the priorities mean. Split from :mod:`cdc.rendering.xlsx_grid`,
which writes the sheets that are read back; this one only informs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cdc.grid.layout import GridLayout
from cdc.model.enums import MilestoneKind, ResponseType
from cdc.rendering import xlsx as x
from cdc.rendering.context import SpecContext
from cdc.rendering.fmt import Formatter


def _deadline(context: SpecContext) -> dt.date | None:
    """The answers-due milestone, else the deadline stated in the vendor expectations."""
    for milestone in context.milestones:
        if milestone.kind is MilestoneKind.answers_due:
            return milestone.date
    expectations = context.project.vendor_expectations
    return expectations.answer_deadline if expectations else None


def instructions_sheet(
    ws: Any, context: SpecContext, names: dict[str, str], layout: GridLayout
) -> None:
    """The first sheet: who asks what by when, how to fill the grid, and what the answer types,
    the scale and the priorities mean — what a vendor reads before the first answer."""
    fmt = Formatter(context.doc.lang)
    out = x.Cursor(ws)
    _identity(out, ws, context, layout, fmt)
    _how_to(out, ws, context, names, layout)
    _meanings(out, context, layout, fmt)
    x.protect(ws)
    x.print_setup(ws, None)
    ws.page_setup.orientation = "portrait"


def _identity(
    out: x.Cursor, ws: Any, context: SpecContext, layout: GridLayout, fmt: Formatter
) -> None:
    """The consultation's identity, the cell where the vendor names itself, the contact and the
    deadlines."""
    info = context.project.project
    g = context.labels["grid"]
    out.line(x.words(g["title"], title=info.title), font=x.TITLE_FONT)
    if info.subtitle:
        out.line(info.subtitle, font=x.ITALIC)
    field = g["field"]
    # The vendor names itself here: the scoring code reads it (``input vendor_name`` record).
    out.line(field["vendor"], "", gap=1)
    vendor = ws.cell(row=out.row - 1, column=2)
    x.unlock(vendor)
    vendor.border = x.BORDER
    vendor.font = x.BOLD
    if vendor.coordinate != layout.vendor_cell:  # pragma: no cover - a layout bug, not input
        raise AssertionError(f"vendor cell {vendor.coordinate} != {layout.vendor_cell}")
    out.line(field["consultation"], info.title, gap=1)
    out.line(field["buyer"], info.buyer.name)
    out.line(field["version"], info.version)
    out.line(field["date"], fmt.date(info.date))
    contact = info.contact
    details = [contact.name, contact.role, contact.email, contact.phone]
    out.line(field["contact"], " — ".join(d for d in details if d))
    out.line(None, str(g["contact_note"]))
    deadline = _deadline(context)
    if deadline is not None:
        out.line(field["deadline"], fmt.date(deadline))
    expectations = context.project.vendor_expectations
    if expectations and expectations.validity_days is not None:
        out.line(
            field["validity"], x.words(field["validity_days"], days=expectations.validity_days)
        )
    if expectations and expectations.response_format:
        out.line(field["response_format"], x.plain_text(expectations.response_format))


def _how_to(
    out: x.Cursor, ws: Any, context: SpecContext, names: dict[str, str], layout: GridLayout
) -> None:
    """How to fill the grid, naming the real sheets and columns; ends on the warning (bold)
    that the grid's structure must not change, since the scoring reads it by position."""
    g = context.labels["grid"]
    vat_words = str(context.labels["vat"][layout.vat.value])
    column = g["column"]
    how = g["how"]
    out.line(str(g["how_title"]), font=x.HEADING_FONT, gap=1)
    out.line(None, x.words(how["intro"], sheet=names["requirements"]))
    out.line(None, x.words(how["answer"], column=column["answer"], response=column["response"]))
    money = {"currency": context.currency, "vat": vat_words}
    for key in ("comment", "proof", "extra_cost", "roadmap_date"):
        out.line(None, x.words(how[key], column=column[key], sheet=names["price"], **money))
    out.line(
        None,
        x.words(
            how["price"],
            sheet=names["price"],
            years=layout.years,
            duration=x.counted(context.labels, "years", layout.years),
            vat=vat_words,
        ),
    )
    out.line(
        None,
        x.words(
            how["questions"], sheet=names["questions"], column=g["questions"]["column"]["answer"]
        ),
    )
    out.line(None, str(how["warning"]), font=x.BOLD)
    ws.cell(row=out.row - 1, column=2).font = x.BOLD


def _meanings(out: x.Cursor, context: SpecContext, layout: GridLayout, fmt: Formatter) -> None:
    """What each answer type asks, what each scale level is worth, what each priority means:
    only those the project uses, so the page stays short."""
    labels = context.labels
    g = labels["grid"]
    money = {"currency": context.currency, "vat": str(labels["vat"][layout.vat.value])}
    out.line(str(g["response_title"]), font=x.HEADING_FONT, gap=1)
    used = {r.response for s in context.sections for r in s.requirements}
    for response in ResponseType:
        if response in used:
            help_text = x.words(
                g["response_help"][response.value], yes=labels["yes"], no=labels["no"], **money
            )
            out.line(labels["response"][response.value], help_text)
    evaluation = context.project.evaluation
    if evaluation and evaluation.scale:
        out.line(str(g["scale_title"]), font=x.HEADING_FONT, gap=1)
        for level in evaluation.scale:
            share = x.words(g["scale_points"], points=fmt.pct(level.points))
            meaning = x.plain_text(level.description)
            out.line(level.label, f"{share}. {meaning}" if meaning else share)
    out.line(str(g["priority_title"]), font=x.HEADING_FONT, gap=1)
    for priority, count in context.priority_counts.items():
        if count:
            out.line(labels["priority"][priority], str(labels["priority_help"][priority]))


__all__ = ["instructions_sheet"]
