"""``cdc follow``: the follow-up of a signed contract from its execution log, as of a date.

Reads the project and its log (``execution.yaml`` or ``execution/`` beside it, or ``--log``),
checks the log (EXE rules, evidence digests) and prints the deadlines, the money and the state
of the evidence file as a table, JSON (a stable contract) or an iCalendar file. Findings go to
standard error (standard output with ``--check``, which prints nothing else); the exit code is
1 when one is an error, so a CI job or a morning cron fails on an altered piece of evidence or a
missed decision deadline.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.core.errors import EXIT_INVALID, EXIT_OK, OutputError, UsageError
from cdc.core.safetext import clip, printable, safe_lines

if TYPE_CHECKING:
    from cdc.api import CheckedLog
    from cdc.core.findings import Finding
    from cdc.execution import FollowUp

FORMATS = ("table", "json", "ics")


def parse_as_of(text: str | None) -> dt.date:
    """``YYYY-MM-DD`` → date (default today); anything else is a usage error."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else _bad(text)
    except ValueError:
        return _bad(text)


def _bad(text: str) -> dt.date:
    raise UsageError(f"--as-of '{clip(text)}': expected a date YYYY-MM-DD (e.g. 2027-11-19)")


def run_follow(
    file: Path,
    *,
    log: Path | None,
    as_of: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
    check: bool,
    documents: tuple[str, str | None, str | None, Path | None] | None = None,
    pdf_engine: str = "auto",
) -> int:
    """Check the log, compute the follow-up and print or write it; return the exit code.

    ``documents`` (``--doc``, ``--doc-format``, ``--grievance``, ``--output-dir``): write the
    follow-up's documents instead (:mod:`cdc.cli._execution_docs`), their PDFs laid out by
    ``pdf_engine``."""
    from cdc import api

    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{clip(fmt)}'; choose among {', '.join(FORMATS)}")
    date = parse_as_of(as_of)
    api.check_pdf_engine(pdf_engine)
    if documents is not None:
        api.check_follow_documents(documents[0], documents[1])
    elif output is not None and output.exists() and not force and not check:
        raise OutputError(f"{output}: already exists (use --force to overwrite)")  # before work
    try:
        checked = api.follow_check(file, log=log, as_of=date)
    except api.ProjectInvalid as exc:
        _write_findings(exc.findings)
        sys.stderr.write(f"{file}: the project file is invalid: nothing followed\n")
        return EXIT_INVALID
    if check:
        return _check_only(checked.findings, checked.failed)
    _write_findings(checked.findings)
    try:
        result = api.follow(checked)
    except api.LogInvalid as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_INVALID
    if documents is not None:
        code = _documents(checked, result, documents, force, pdf_engine)
        return EXIT_INVALID if checked.failed else code
    payload = as_table(result).encode() if fmt == "table" else _serialised(checked, result, fmt)
    _emit(payload, output, force, inputs=checked.inputs)
    return EXIT_INVALID if checked.failed else EXIT_OK


def _check_only(findings: list[Finding], failed: bool) -> int:
    """``--check``: the findings on stdout (what a CI job reads), the counts on stderr, and
    the exit code like ``cdc lint``; nothing is computed."""
    sys.stdout.write(safe_lines("".join(f.text() + "\n" for f in findings)))
    sys.stderr.write(_summary(findings) + "\n")
    return EXIT_INVALID if failed else EXIT_OK


def _serialised(checked: CheckedLog, result: FollowUp, fmt: str) -> bytes:
    """JSON or iCalendar; the calendar is named after the project's title."""
    from cdc import api

    return api.follow_output(result, fmt, title=checked.project.project.title)


def _documents(
    checked: CheckedLog,
    result: FollowUp,
    documents: tuple[str, str | None, str | None, Path | None],
    force: bool,
    pdf_engine: str,
) -> int:
    """``--doc``: the follow-up's documents, written beside the project (or --output-dir)."""
    from cdc.cli._execution_docs import write_documents

    names, formats, grievance, out_dir = documents
    return write_documents(
        checked.project, checked.valid(), result, checked.path.parent, documents=names,
        formats=formats, grievance=grievance, output_dir=out_dir, force=force,
        pdf_engine=pdf_engine,
    )  # fmt: skip


def _write_findings(findings: list[Finding]) -> None:
    for finding in findings:
        sys.stderr.write(finding.text() + "\n")


def _summary(findings: list[Finding]) -> str:
    from cdc.core.findings import count_by_severity

    counts = count_by_severity(findings)
    return ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items())


def _emit(payload: bytes, output: Path | None, force: bool, *, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(payload.decode("utf-8"))
        sys.stdout.flush()
        return
    from cdc.core.fsutil import write_atomic

    if any(output.resolve() == p.resolve() for p in inputs):
        raise UsageError(f"{output}: is one of the input files; choose another --output")
    write_atomic(output, payload, force=force)
    sys.stderr.write(f"wrote {output}\n")


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [fmt(header), fmt(tuple("-" * w for w in widths)), *(fmt(r) for r in rows)]


def as_table(f: FollowUp) -> str:
    """The follow-up as plain text (stable: no terminal-width dependence), one section per
    step below, in the order a contract manager reads them: what is due, what it costs, what
    can be claimed, what changed, what proves it."""
    lines = [
        f"Contract follow-up — {f.project_id} — as of {f.as_of.isoformat()} "
        f"({f.currency}, excl. VAT)"
    ]
    lines += _deadline_lines(f)
    lines += _penalty_lines(f)
    lines += _credit_lines(f)
    lines += _claim_lines(f)
    lines += _change_lines(f)
    lines += _evidence_lines(f)
    return safe_lines("\n".join(lines) + "\n")


def _deadline_lines(f: FollowUp) -> list[str]:
    """The open deadlines only (overdue, soon, upcoming): the done and past ones are history."""
    pending = [d for d in f.deadlines if d.status.value in ("overdue", "soon", "upcoming")]
    lines = ["", f"Deadlines ({len(pending)} open)"]
    if pending:
        rows: list[tuple[str, ...]] = [
            (
                d.date.isoformat(),
                d.status.value + (" !" if d.critical else ""),
                f"{d.days_left:+d}",
                printable(d.label)[:80],
            )
            for d in pending
        ]
        lines += _table(("Date", "Status", "Days", "What"), rows, {2})
    return lines


def _penalty_lines(f: FollowUp) -> list[str]:
    """Each late delivery with its days (gross, excused, counted), the excuses, then the total
    with the cap and whether it was reached or the total exempted."""
    p = f.penalties
    lines = ["", "Delay penalties"]
    if p.lines:
        rows = [
            (
                printable(x.delivery.label or x.delivery.id)[:40],
                x.planned.isoformat() if x.planned else "—",
                x.actual.isoformat() if x.actual else "not yet",
                str(x.gross_days),
                str(x.excused_days),
                str(x.days),
                _money(x.penalty),
                printable(x.note or ("running" if x.running else "")),
            )
            for x in p.lines
        ]
        lines += _table(
            ("Delivery", "Planned", "Actual", "Late", "Excused", "Counted", "Penalty", "Note"),
            rows,
            {3, 4, 5, 6},
        )
        for x in p.lines:
            for e in x.excused:
                lines.append(f"  excused {e.days} d ({x.delivery.id}): {printable(e.reason)}")
    cap = _money(p.terms.cap_amount) if p.terms else "—"
    status = []
    if p.result is not None and p.result.capped:
        status.append("capped")
    if p.result is not None and p.result.exempt:
        status.append("exempt (total at or below the threshold)")
    lines.append(
        f"Total due: {_money(p.total)} {f.currency}; cap {cap}"
        + (f" [{'; '.join(status)}]" if status else "")
    )
    return lines


def _credit_lines(f: FollowUp) -> list[str]:
    """Service credits month by month (each level measured, the month's cap), then the
    price reductions decided at verifications."""
    lines = ["", "Service credits"]
    for period in f.credits.periods:
        rows = [
            (
                printable(c.indicator)[:44],
                printable(c.target)[:20],
                "—" if c.value is None else str(c.value),
                "met" if c.met else f"missed ×{c.breaches}",
                _money(c.amount) + (" *" if c.capped else ""),
            )
            for c in period.lines
        ]
        lines.append(f"{period.month} (fee {_money(period.fee)})")
        lines += _table(("Level", "Target", "Measured", "", "Credit"), rows, {2, 4})
        month_cap = f"; cap {_money(period.cap_amount)}" if period.cap_amount is not None else ""
        lines.append(
            f"Month total: {_money(period.total)}{month_cap}"
            + (" [capped]" if period.capped else "")
        )
    lines.append(f"Credits in all: {_money(f.credits.total)} {f.currency}")
    for r in f.reductions:
        lines.append(
            f"Réfaction {r.verification.id} ({r.verification.delivery}): {_money(r.value)} → "
            f"{_money(r.reduced_price)}, {_money(r.reduction)} off"
        )
    return lines


def _claim_lines(f: FollowUp) -> list[str]:
    """What may be claimed on each basis, against what was claimed and settled."""
    rows = [
        (c.basis.value, _money(c.due), _money(c.claimed), _money(c.settled), _money(c.now), c.note)
        for c in f.claims
    ]
    header = ("Basis", "Due", "Claimed", "Settled", "Claimable now", "When")
    return ["", "Claims", *_table(header, rows, {1, 2, 3, 4})]


def _change_lines(f: FollowUp) -> list[str]:
    """Changes against the initial amount, and the legal threshold's warning when it applies."""
    ch = f.changes
    lines = [
        "",
        f"Changes: accepted {_money(ch.accepted)} ({ch.percent if ch.percent is not None else '—'} % "
        f"of {_money(ch.initial)}); proposed {_money(ch.pending)} "
        f"(→ {ch.percent_if_accepted if ch.percent_if_accepted is not None else '—'} %)",
    ]
    if ch.applies:
        lines.append(("WARNING: " if ch.over_threshold else "") + ch.rule)
    return lines


def _evidence_lines(f: FollowUp) -> list[str]:
    """The evidence file by state (an altered or missing piece shows here), the open
    grievances and the overdue actions."""
    states: dict[str, int] = {}
    for piece in f.evidence:
        states[piece.state.value] = states.get(piece.state.value, 0) + 1
    shown = ", ".join(f"{n} {s}" for s, n in sorted(states.items())) or "none"
    return [
        "",
        f"Evidence: {len(f.evidence)} pieces ({shown})",
        "Open grievances: "
        + (", ".join(f"{g.id} {printable(g.title)}" for g in f.open_grievances) or "none"),
        "Overdue actions: " + (", ".join(d.subject for d in f.overdue_actions) or "none"),
    ]
