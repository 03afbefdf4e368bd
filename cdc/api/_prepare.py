"""The API's preparation and award steps: load, check, lint, render, read, score, penalties,
schemas — each the stages put together, served from :mod:`cdc.cache` while nothing changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdc import cache
from cdc.core.errors import CdcError

if TYPE_CHECKING:
    from decimal import Decimal

    from cdc.contract.penalties import Delay, PenaltyResult
    from cdc.core.findings import Finding
    from cdc.linting import LintResult, Rule
    from cdc.model import Project
    from cdc.reading.project import LoadedProject
    from cdc.reading.responses.read import Inputs, Outcome
    from cdc.rendering.api import RenderResult
    from cdc.scoring.report import ScoreReport

#: A file path as the functions take it.
PathLike = str | os.PathLike[str]


class ProjectInvalid(CdcError):
    """The project has lint errors (listed in ``findings``): it is neither rendered nor scored."""

    def __init__(self, display: str, findings: list[Finding]) -> None:
        super().__init__(f"{display}: {len(findings)} lint error(s)")
        self.findings = findings


@dataclass(frozen=True)
class CheckedProject:
    """A project file read, validated and linted; ``project`` is None when it is not valid."""

    path: Path
    display: str
    project: Project | None
    findings: list[Finding]

    @property
    def root(self) -> Path:
        """The project folder: outputs go beside it, nothing outside it is read."""
        return self.path.parent

    @property
    def errors(self) -> list[Finding]:
        """The findings that count as errors (waived ones do not)."""
        from cdc.core.findings import Severity

        return [f for f in self.findings if f.effective_severity is Severity.error]

    def valid(self) -> Project:
        """The project, or :class:`ProjectInvalid` when it has lint errors."""
        errors = self.errors
        if errors or self.project is None:
            raise ProjectInvalid(self.display, errors)
        return self.project


@dataclass(frozen=True)
class LintReport:
    """A lint run's output as ``cdc lint`` prints it: the report, its summary line, counts."""

    stdout: str
    summary: str
    errors: int
    warnings: int

    def exit_code(self, strict: bool) -> int:
        """1 on errors (or warnings with ``strict``), else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0


def clauses_env() -> str:
    """``CDC_CLAUSES`` as the file it names (``~`` and relative paths resolved): part of what a
    lint depends on, hence of the cache keys."""
    value = os.environ.get("CDC_CLAUSES", "").strip()
    return str(Path(value).expanduser().resolve()) if value else ""


def check_key(path: Path) -> dict[str, str]:
    """What a checked project depends on beyond the files it read: the path as typed (findings
    show it) and the organisation's clause catalogue. The cache key is built from it."""
    return {"path": str(path), "clauses": clauses_env()}


def lint_key(paths: list[Path], fmt: str) -> dict[str, object]:
    """What a lint report depends on beyond the files it read (see :func:`check_key`)."""
    return {"paths": [str(p) for p in paths], "format": fmt, "clauses": clauses_env()}


# -- load, check, lint ---------------------------------------------------------------------
def load(path: PathLike) -> LoadedProject:
    """Read and validate a project file (no lint rules); never cached.

    Raises :class:`cdc.core.errors.UsageError` for a missing, unreadable or folder path.
    """
    from cdc.reading.project import load_project

    return load_project(Path(path))


def check(path: PathLike) -> CheckedProject:
    """Load and lint one project file, or serve the remembered result when nothing it read
    changed (project, includes, include matches, clause catalogues, questions register)."""
    path = Path(path)
    parts = check_key(path)
    hit = cache.get("project", parts)
    if isinstance(hit, CheckedProject):
        return hit
    from cdc.linting import lint_loaded
    from cdc.linting.engine import inputs_of
    from cdc.reading.project import load_project

    deps = cache.Dependencies()  # before reading: see Dependencies.racy
    loaded = load_project(path)
    checked = CheckedProject(loaded.path, loaded.display, loaded.project, lint_loaded(loaded))
    deps.add(*inputs_of(loaded))
    cache.put("project", parts, checked, deps)
    return checked


def lint(paths: PathLike | Sequence[PathLike] = "cdc.yaml") -> LintResult:
    """Lint one or several project files: every finding, sorted (never cached)."""
    from cdc.linting import lint_paths

    return lint_paths(_paths(paths))


def lint_report(paths: Sequence[PathLike], fmt: str = "text") -> LintReport:
    """What ``cdc lint`` prints for ``paths`` in format ``fmt``, remembered while nothing the
    report depends on changes; a hit imports neither Pydantic nor the rules."""
    files = _paths(paths)
    parts = lint_key(files, fmt)
    remembered = remembered_lint_report(files, fmt)
    if remembered is not None:
        return remembered
    deps = cache.Dependencies()
    result = lint(files)
    printed = _printed(result, fmt)
    deps.add(result.inputs, result.patterns)
    cache.put("lint", parts, printed.__dict__, deps)  # plain values: a hit imports nothing
    return printed


def remembered_lint_report(paths: Sequence[PathLike], fmt: str = "text") -> LintReport | None:
    """The report :func:`lint_report` remembered for ``paths`` and ``fmt``, if nothing it
    depends on has changed; None otherwise. Imports nothing heavy (the command line asks it
    before Typer converts any option)."""
    hit = cache.get("lint", lint_key(_paths(paths), fmt))
    if isinstance(hit, dict):
        try:
            return LintReport(**hit)
        except TypeError:
            return None
    return None


def report(checked: Sequence[CheckedProject], fmt: str = "text") -> LintReport:
    """The lint report of projects already checked (what ``cdc lint`` would print for them)."""
    from cdc.core.findings import sort_findings
    from cdc.linting import LintResult

    findings = sort_findings([f for c in checked for f in c.findings])
    return _printed(LintResult(files=[c.display for c in checked], findings=findings), fmt)


def _printed(result: LintResult, fmt: str) -> LintReport:
    from cdc.core.findings import Severity
    from cdc.linting.report import REPORTERS, summary_line

    return LintReport(
        REPORTERS[fmt](result),
        summary_line(result),
        result.count(Severity.error),
        result.count(Severity.warning),
    )


def lint_formats() -> tuple[str, ...]:
    """The report formats of :func:`lint_report`."""
    from cdc.linting.report import REPORTERS

    return tuple(REPORTERS)


def rules(fmt: str = "text") -> str:
    """Every lint rule, as text or JSON (``cdc lint --list-rules``)."""
    from cdc.linting.report import rules_as_json, rules_as_text

    return rules_as_json() if fmt == "json" else rules_as_text()


def rule_list() -> list[Rule]:
    """Every registered lint rule."""
    from cdc.linting import RULES

    return list(RULES.values())


def _paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    return [Path(p) for p in paths] or [Path("cdc.yaml")]


def _project(project: CheckedProject | PathLike) -> CheckedProject:
    return project if isinstance(project, CheckedProject) else check(project)


# -- render --------------------------------------------------------------------------------
def render(
    project: CheckedProject | PathLike,
    *,
    output_dir: PathLike | None = None,
    documents: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    templates: PathLike | None = None,
    reference_docx: PathLike | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    grid_password: str | None = None,
    pdf_engine: str = "auto",
) -> RenderResult:
    """Build a project's documents (default: every document it has content for, in every
    format) into ``output_dir`` (default: ``out/`` beside the project file).

    Raises :class:`ProjectInvalid` when the project has lint errors.
    """
    from cdc.rendering.api import FORMATS, applicable_documents, render_project

    checked = _project(project)
    valid = checked.valid()
    _compiled_templates()
    return render_project(
        valid,
        project_root=checked.root,
        output_dir=Path(output_dir) if output_dir is not None else checked.root / "out",
        documents=(
            list(documents) if documents is not None else applicable_documents(valid, checked.root)
        ),
        formats=list(formats) if formats is not None else list(FORMATS),
        templates=Path(templates) if templates is not None else None,
        reference_docx=Path(reference_docx) if reference_docx is not None else None,
        force=force,
        progress=progress,
        grid_password=grid_password,
        pdf_engine=pdf_engine,
    )


def _compiled_templates() -> None:
    """Let Jinja keep compiled templates in the cache (its own bytecode cache)."""
    from cdc.rendering.templating import use_bytecode_folder

    use_bytecode_folder(cache.bytecode_folder())


# -- read the inputs, score ----------------------------------------------------------------
def read_responses(files: Sequence[PathLike], project: Project) -> list[Outcome]:
    """Every response file's outcome, in order: remembered when the file and the project are
    unchanged, otherwise read (on several cores when worth it)."""
    import hashlib

    from cdc.reading.responses import read as reading

    paths = [Path(f) for f in files]
    started = cache.Dependencies().started
    # JSON, not pickle: a pickle holds sets (fields set), ordered differently by each
    # process's string hashing, so it would never give the same digest twice.
    digest = hashlib.sha256(project.model_dump_json().encode()).hexdigest()
    parts = [{"project": digest, "path": str(p)} for p in paths]
    outcomes: list[Any] = [cache.get("responses", part) for part in parts]
    missing = [i for i, outcome in enumerate(outcomes) if not _is_outcome(outcome)]
    fresh = reading.read_files([paths[i] for i in missing], project)
    for i, outcome in zip(missing, fresh, strict=True):
        deps = cache.Dependencies({str(paths[i])}, set(), started)
        cache.put("responses", parts[i], outcome, deps)
        outcomes[i] = outcome
    return outcomes


def _is_outcome(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 3


def read_inputs(
    project: Project, responses: Sequence[PathLike], evaluations: Sequence[PathLike] = ()
) -> Inputs:
    """Every response and evaluation file read and checked against ``project`` (unchanged
    response files served from the cache); every problem is collected before failing."""
    from cdc.reading.responses.read import read_inputs as read_all

    return read_all(
        project, [Path(p) for p in responses], [Path(p) for p in evaluations], read=read_responses
    )


def score(
    project: CheckedProject | PathLike,
    responses: Sequence[PathLike],
    evaluations: Sequence[PathLike] = (),
    *,
    monte_carlo: int = 0,
    seed: int = 0,
) -> ScoreReport:
    """Rank the vendors' responses and explain the ranking.

    Raises :class:`ProjectInvalid` when the project has lint errors, and
    :class:`cdc.core.errors.InputError` when it has no evaluation criteria or an input is bad.
    """
    from cdc.core.errors import InputError
    from cdc.scoring import score_project

    checked = _project(project)
    valid = checked.valid()
    if valid.evaluation is None or not valid.evaluation.criteria:
        raise InputError(f"{checked.display}: the project has no evaluation criteria to score with")
    inputs = read_inputs(valid, responses, evaluations)
    return score_project(
        valid,
        inputs.responses,
        inputs.notes,
        warnings=inputs.warnings,
        monte_carlo_runs=monte_carlo,
        seed=seed,
    )


def score_output(report: ScoreReport, fmt: str, pdf_engine: str = "auto") -> str | bytes:
    """A score report as json, csv, xlsx, html, md or pdf."""
    from cdc.scoring.report import to_csv, to_json

    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    from cdc.rendering.score.documents import score_output as document

    _compiled_templates()
    return document(report, fmt, pdf_engine=pdf_engine)


# -- penalties -----------------------------------------------------------------------------
def delays(late: Sequence[tuple[Decimal, int]] = (), events: PathLike | None = None) -> list[Delay]:
    """The late deliveries of an ``events`` file (a follow-up log), then each ``(value, days)``
    of ``late``. A missing file is a usage error, bad content an input error."""
    from cdc.contract.events import read_events
    from cdc.contract.penalties import Delay

    found: list[Delay] = read_events(Path(events)) if events is not None else []
    return found + [Delay(value, days, f"--late {value}:{days}") for value, days in late]


def penalties(
    project: Project, delays: Sequence[Delay], contract_total: Decimal | None = None
) -> PenaltyResult:
    """Penalties for ``delays`` with the project's settings: each one, cumulated, capped,
    exempted. Raises :class:`cdc.core.errors.InputError` when the project lacks what the
    formula needs (the contract total, a rate)."""
    from cdc.contract.penalties import compute, project_terms

    return compute(project_terms(project, contract_total), list(delays))


# -- compare versions of a project (the consultation) --------------------------------------
def write_schemas(folder: PathLike = "schemas") -> list[Path]:
    """Write the JSON Schemas generated from the models into ``folder``; the files written."""
    from cdc.model.schema import write_schemas as write

    return list(write(Path(folder)))


def stale_schemas(folder: PathLike = "schemas") -> list[str]:
    """The schema files of ``folder`` that are missing or differ from the models."""
    from cdc.model.schema import stale_schemas as stale

    return list(stale(Path(folder)))
