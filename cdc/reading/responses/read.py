"""Read responses and evaluators' notes from files and folders, with located errors.

YAML files go through cdc's safe loader and the Pydantic models (errors carry file:line:col);
XLSX grids go through :mod:`cdc.reading.responses.xlsx_reader` (errors carry file, sheet and cell).
Whatever the source, a response that answers another version of the specification is flagged.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from cdc.analysis.figures import weighted_criteria
from cdc.core.errors import InputError, UsageError
from cdc.core.findings import Finding, Mark, Severity
from cdc.grid.fingerprint import grid_hash, requirement_hashes
from cdc.model import Project
from cdc.model._base import MAX_MONEY
from cdc.model.enums import CriterionKind, ResponseType
from cdc.model.responses import NO, YES, EvaluatorNotes, Response, price_total
from cdc.reading.project import control_findings, validation_findings
from cdc.reading.yamlsrc import SourceMap, read_yaml_bytes
from cdc.scoring.messages import Message
from cdc.scoring.method_change import method_warning

M = TypeVar("M", bound=BaseModel)
RESPONSE_SUFFIXES = (".yaml", ".yml", ".xlsx")


@dataclass
class Inputs:
    """Responses and notes read, with the warnings found on the way."""

    responses: list[tuple[Response, str]] = field(default_factory=list)
    notes: list[EvaluatorNotes] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)


class InputFindings(InputError):
    """Input files with errors; every finding is listed, located."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("\n".join(f.text() for f in findings))


def expand(paths: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files given, plus the matching files of folders given (sorted); missing paths → exit 2."""
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not p.name.startswith((".", "~$"))
            )
            out.extend(found)
        else:
            out.append(path)
    return out


def read_yaml_model(path: Path, model: type[M]) -> tuple[M, SourceMap]:
    """A YAML file validated against ``model``; problems raise :class:`InputFindings`."""
    doc = read_yaml_bytes(path.read_bytes(), str(path))
    if doc.data is None or doc.findings:
        raise InputFindings(doc.findings)
    refused = control_findings(doc.data, doc.source, "SCH011")
    try:
        validated = model.model_validate(doc.data)
    except ValidationError as exc:
        found = validation_findings(exc, doc.data, doc.source, model)
        raise InputFindings(refused + found) from exc
    if refused:
        raise InputFindings(refused)
    return validated, doc.source


def _error(mark: Mark, message: str) -> Finding:
    return Finding(mark, Severity.error, "SCO001", message)


def other_project(response: Response, project: Project) -> str | None:
    """Why a response is refused when it says it answers another project, else None.

    A response names the project it answers (``project.id``, from the grid's hidden sheet or
    the YAML file); scoring one meant for another consultation would rank a bid against
    requirements it never saw. A response that names no project keeps the "no version"
    warning; one that names this project at another version is flagged, not refused.
    """
    answered = response.project
    if answered is None or answered.id == project.project.id:
        return None
    return (
        f"this response answers project '{answered.id}', not this project "
        f"'{project.project.id}': refused"
    )


def check_response(response: Response, source: SourceMap, project: Project) -> list[Finding]:
    """The response must answer this project; answers must name known requirements, once,
    with values of the project's scale."""
    requirements = {r.id: r for r in project.requirements}
    evaluation = project.evaluation
    levels = [lv.id for lv in evaluation.scale] if evaluation else []
    accepted = {
        v.casefold() for lv in (evaluation.scale if evaluation else []) for v in (lv.id, lv.label)
    }
    out: list[Finding] = []
    other = other_project(response, project)
    if other is not None:
        out.append(_error(source.locate(("project", "id")), other))
    seen: set[str] = set()
    for i, answer in enumerate(response.answers):
        req = requirements.get(answer.id)
        if req is None:
            out.append(
                _error(source.locate(("answers", i, "id")), f"unknown requirement '{answer.id}'")
            )
            continue
        if answer.id in seen:
            out.append(
                _error(
                    source.locate(("answers", i, "id")),
                    f"requirement {answer.id} is answered twice",
                )
            )
        seen.add(answer.id)
        value = (answer.compliance or "").strip()
        if not value:
            continue
        if req.response is ResponseType.yes_no:
            if value.casefold() not in YES | NO:
                out.append(
                    _error(
                        source.locate(("answers", i, "compliance")),
                        f"{answer.id} expects yes or no, not '{value}'",
                    )
                )
        elif req.response is ResponseType.compliance and value.casefold() not in accepted:
            out.append(
                _error(
                    source.locate(("answers", i, "compliance")),
                    f"{answer.id}: unknown compliance value '{value}' (expected one of {', '.join(levels)})",
                )
            )
    return out


def check_notes(notes: EvaluatorNotes, source: SourceMap, project: Project) -> list[Finding]:
    """Notes must come from a declared evaluator, on a judgement criterion, within the scale."""
    evaluation = project.evaluation
    out: list[Finding] = []
    if evaluation is None:
        return [_error(source.locate(()), "the project has no evaluation section")]
    evaluators = {e.id for e in evaluation.evaluators}
    if evaluators and notes.evaluator not in evaluators:
        out.append(
            _error(
                source.locate(("evaluator",)),
                f"unknown evaluator '{notes.evaluator}' (declared: {', '.join(sorted(evaluators))})",
            )
        )
    judgement = {
        c.criterion.id
        for c in weighted_criteria(evaluation.criteria)
        if c.is_leaf and c.kind is CriterionKind.judgement
    }
    for i, note in enumerate(notes.notes):
        if note.criterion not in judgement:
            out.append(
                _error(
                    source.locate(("notes", i, "criterion")),
                    f"'{note.criterion}' is not a judgement criterion of the project",
                )
            )
        if note.note is not None and note.note > evaluation.judgement_scale_max:
            out.append(
                _error(
                    source.locate(("notes", i, "note")),
                    f"note {note.note} is above the scale maximum {evaluation.judgement_scale_max}",
                )
            )
    return out


def vendor_key(name: str) -> str:
    """What two vendor names must differ by to be two vendors: not case, not Unicode form
    (é composed or not, full-width letters), not spacing, not invisible characters — names that
    look the same in a ranking are the same vendor."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join("".join(c for c in folded if unicodedata.category(c) != "Cf").split())


def price_total_problem(response: Response, project: Project) -> str | None:
    """Why the price sheet's total over the evaluation period is beyond any sane contract.

    Each line is bounded (:data:`~cdc.model._base.MAX_MONEY`, :data:`~cdc.model._base.MAX_QUANTITY`)
    but many lines over many years could still add up past what exact cents can hold; the total
    obeys the same bound as any amount, so the scoring arithmetic never meets a number it
    cannot represent.
    """
    price = project.evaluation.price if project.evaluation else None
    years = price.years if price else 1
    total = price_total(response, years)  # the engine's own total, None without prices
    if total is None or total <= MAX_MONEY:
        return None
    return (
        f"the prices add up to {total:,.0f} over {years} year(s), beyond {MAX_MONEY:,f}: "
        "check the units (cents instead of euros?) and the quantities"
    )


def read_response(path: Path, project: Project) -> Response:
    """One response file, YAML or XLSX, checked against the project (the same project id
    check for both: :func:`other_project`)."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        response, source = read_yaml_model(path, Response)
        problems = check_response(response, source, project)
        too_much = price_total_problem(response, project)
        if too_much:
            problems.append(_error(source.locate(("prices",)), too_much))
        if problems:
            raise InputFindings(problems)
        return response
    if suffix == ".xlsx":
        from cdc.reading.responses.xlsx_reader import HIDDEN, read_grid

        response = read_grid(path, project)
        too_much = price_total_problem(response, project)
        if too_much:
            raise InputError(f"{path}: price sheet: {too_much}")
        other = other_project(response, project)
        if other is not None:
            raise InputError(f"{path}: sheet '{HIDDEN}', record meta/project_id: {other}")
        return response
    raise InputError(f"{path}: not a response (expected .xlsx, .yaml or .yml)")


# What reading one response gave: the response, or its located findings, or one error message.
# A plain tuple, not an exception, so that it crosses a process boundary intact.
Outcome = tuple[Response | None, list[Finding], str | None]


def read_outcome(path: Path, project: Project) -> Outcome:
    """:func:`read_response` with its expected failures as values."""
    try:
        return read_response(path, project), [], None
    except InputFindings as exc:
        return None, exc.findings, None
    except InputError as exc:
        return None, [], str(exc)


def jobs() -> int:
    """How many processes read responses: ``CDC_JOBS``, else the cores this process may use."""
    value = os.environ.get("CDC_JOBS", "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise UsageError(f"CDC_JOBS={value!r}: expected a number of processes") from None
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# The project the forked readers share (set just before the pool forks, read by the children).
_SHARED: list[Project] = []
# Below this many files a pool costs more than it saves (forking, sending results back).
PARALLEL_FROM = 4


def read_files(files: list[Path], project: Project) -> list[Outcome]:
    """Every file's outcome, in the order of ``files``, read on several cores when worth it.

    Reading is most of ``cdc score``'s time (20 grids of 1,000 answers: ~1 s on one core) and
    files are independent, so they are spread over forked processes, which inherit the loaded
    project instead of receiving it. The outcome is the same as reading one by one — order,
    messages and all — and with one core, ``CDC_JOBS=1``, few files or no ``fork`` (Windows,
    macOS' default), it is exactly that.
    """
    workers = min(jobs(), len(files))
    if workers < 2 or len(files) < PARALLEL_FROM or not _can_fork():
        return [read_outcome(path, project) for path in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # What every child would otherwise redo: build the response validator (models are built on
    # first use), import the workbook reader and build the project's grid layout.
    if any(p.suffix.lower() != ".xlsx" for p in files):
        Response.model_rebuild()
    if any(p.suffix.lower() == ".xlsx" for p in files):
        from cdc.reading.responses.xlsx_reader import expected

        expected(project)  # the grid layout every reader checks against, built once
    # Largest first, so that no big grid is left alone at the end while other cores idle.
    order = sorted(range(len(files)), key=lambda i: -_size(files[i]))
    _SHARED[:] = [project]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {i: pool.submit(_read_shared, files[i]) for i in order}
            return [futures[i].result() for i in range(len(files))]
    finally:
        _SHARED.clear()


def _read_shared(path: Path) -> Outcome:
    return read_outcome(path, _SHARED[0])


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def version_warning(response: Response, source: str, project: Project) -> Message | None:
    """A warning when the response answered another version of the specification."""
    answered = response.project
    if answered is None or answered.hash is None:
        return Message("no_version", {"source": source})
    current = grid_hash(project)
    if answered.hash == current:
        return None
    changed: list[str] = []
    if answered.requirements:
        now = requirement_hashes(project)
        changed = sorted(
            {rid for rid, h in now.items() if answered.requirements.get(rid) != h}
            | {rid for rid in answered.requirements if rid not in now}
        )
    return Message(
        "other_version",
        {
            "source": source,
            "version": answered.version,
            "project": answered.id,
            "current": project.project.version,
            "changed": changed,
        },
    )


#: What reads response files: ``(files, project)`` to each file's outcome, in order.
Reader = Callable[[list[Path], Project], list[Outcome]]


def read_inputs(
    project: Project,
    responses: list[Path],
    evaluations: list[Path],
    *,
    read: Reader | None = None,
) -> Inputs:
    """Every response and evaluation file; all errors are collected before failing.

    ``read`` reads the response files (default :func:`read_files`); the commands pass one that
    serves unchanged files from their cache.
    """
    inputs = Inputs()
    problems: list[Finding] = []
    errors: list[str] = []
    files = expand(responses, RESPONSE_SUFFIXES)
    if not files:
        raise UsageError("no response file found (.xlsx, .yaml or .yml)")
    seen: dict[str, str] = {}
    for path, (response, found, error) in zip(
        files, (read or read_files)(files, project), strict=True
    ):
        if found:
            problems.extend(found)
            continue
        if error is not None or response is None:
            errors.append(error or f"{path}: not read")
            continue
        same = vendor_key(response.vendor)
        if same in seen:
            errors.append(f"{path}: vendor '{response.vendor}' already answered in {seen[same]}")
            continue
        seen[same] = str(path)
        inputs.responses.append((response, str(path)))
        warning = version_warning(response, str(path), project)
        if warning:
            inputs.warnings.append(warning)
        changed = method_warning(response, str(path), project)
        if changed:
            inputs.warnings.append(changed)
    for path in expand(evaluations, (".yaml", ".yml", ".xlsx")):
        try:
            if path.suffix.lower() == ".xlsx":
                from cdc.reading.responses.xlsx_reader import read_evaluation_grid

                inputs.notes.extend(read_evaluation_grid(path, project))
            else:
                sheet, source = read_yaml_model(path, EvaluatorNotes)
                found = check_notes(sheet, source, project)
                if found:
                    raise InputFindings(found)
                inputs.notes.append(sheet)
        except InputFindings as exc:
            problems.extend(exc.findings)
        except InputError as exc:
            errors.append(str(exc))
    if problems or errors:
        raise InputError("\n".join([f.text() for f in problems] + errors))
    return inputs
