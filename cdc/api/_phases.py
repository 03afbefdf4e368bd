"""The API's consultation and execution steps: versions compared (``cdc diff``) and the
follow-up of a signed contract (``cdc follow``), on top of :mod:`cdc.api._prepare`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.api._prepare import PathLike, ProjectInvalid
from cdc.core.errors import CdcError

if TYPE_CHECKING:
    import datetime as dt

    from cdc.consultation.comparison import Comparison
    from cdc.core.findings import Finding
    from cdc.execution import FollowUp
    from cdc.model import Project
    from cdc.model.execution import ExecutionLog
    from cdc.reading.execution import LoadedLog
    from cdc.reading.project import LoadedProject


def load_version(spec: str, base: PathLike | None = None) -> LoadedProject:
    """A project file or ``REV:path`` (git); ``project`` is None when it does not validate."""
    from cdc.reading.git import load_source

    return load_source(spec, base=Path(base) if base is not None else None)


def previous_source(project: Project) -> str | None:
    """Where the version before ``project``'s current one is kept (``project.versions``), or
    None when the history names none."""
    from cdc.consultation import previous_entry

    entry = previous_entry(project)
    return None if entry is None else entry.source


def diff(before: Project, after: Project, old_source: str, new_source: str) -> Comparison:
    """What changed from ``before`` to ``after``, and the guard rails (VER001…) it trips."""
    from cdc.consultation.comparison import compare

    return compare(before, after, old_source, new_source)


# -- follow the signed contract -----------------------------------------------------------
class LogInvalid(CdcError):
    """The execution log does not validate (its findings say why): nothing can be followed."""

    def __init__(self, display: str, findings: list[Finding]) -> None:
        super().__init__(f"{display}: the execution log is invalid: nothing followed")
        self.findings = findings


@dataclass(frozen=True)
class CheckedLog:
    """A valid project and its execution log checked as of a date (``log.log``: None if invalid)."""

    path: Path
    project: Project
    log: LoadedLog
    as_of: dt.date
    findings: list[Finding]

    @property
    def failed(self) -> bool:
        """Whether a finding is an error (the command's exit code is then 1)."""
        return any(f.effective_severity.value == "error" for f in self.findings)

    @property
    def inputs(self) -> list[Path]:
        """Every file read: an output must not overwrite one of them."""
        return [self.path, *self.log.files]

    def valid(self) -> ExecutionLog:
        """The log, or :class:`LogInvalid` when it does not validate."""
        if self.log.log is None:
            raise LogInvalid(self.log.display, self.findings)
        return self.log.log


def follow_check(
    project: PathLike, *, log: PathLike | None = None, as_of: dt.date | None = None
) -> CheckedLog:
    """Read a project and its execution log (default: beside it) and check the log as of
    ``as_of`` (default today).

    Raises :class:`ProjectInvalid` when the project file does not validate (its findings
    attached) and :class:`cdc.core.errors.UsageError` when there is no log to follow.
    """
    import datetime as dt

    from cdc.core.errors import UsageError
    from cdc.linting.execution_log import lint_log
    from cdc.reading.execution import default_log_path, load_log
    from cdc.reading.project import load_project

    file = Path(project)
    loaded = load_project(file)
    if loaded.project is None:
        raise ProjectInvalid(loaded.display, loaded.findings)
    folder = loaded.path.parent
    path = Path(log) if log is not None else default_log_path(folder)
    if path is None:
        raise UsageError(
            f"{file}: no execution log beside it (execution.yaml or an execution/ folder); "
            "give one with --log"
        )
    loaded_log = (
        load_log(path) if log is not None else load_log(path, (loaded.path, loaded.display))
    )
    date = as_of if as_of is not None else dt.date.today()
    findings = lint_log(loaded.project, folder, loaded_log, date)
    return CheckedLog(loaded.path, loaded.project, loaded_log, date, findings)


def follow(
    project: CheckedLog | PathLike, *, log: PathLike | None = None, as_of: dt.date | None = None
) -> FollowUp:
    """The contract's follow-up as of a date (deadlines, money, evidence), even when the log has
    EXE findings; :class:`LogInvalid` when the log does not validate."""
    from cdc.execution import follow_up

    checked = (
        project if isinstance(project, CheckedLog) else follow_check(project, log=log, as_of=as_of)
    )
    return follow_up(checked.project, checked.valid(), checked.path.parent, checked.as_of)


def follow_output(result: FollowUp, fmt: str, *, title: str | None = None) -> bytes:
    """A follow-up as ``json`` (a stable contract: amounts as strings) or ``ics`` (its
    deadlines as an iCalendar file whose calendar is named ``title``, default the project id)."""
    import json

    from cdc.execution import follow_up_json
    from cdc.execution.calendar import to_ical

    if fmt == "json":
        return (json.dumps(follow_up_json(result), indent=2, ensure_ascii=False) + "\n").encode()
    name = title if title is not None else result.project_id
    return to_ical(result.deadlines, project_id=result.project_id, title=name, as_of=result.as_of)
