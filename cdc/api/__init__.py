"""cdc as a library, and the commands' orchestration: the stages put together, cached.

Each function here runs one step of the pipeline end to end (load, check, lint, render, read
the inputs, score; compare versions; follow a signed contract) by calling the stages
(:mod:`cdc.reading`, :mod:`cdc.linting`, :mod:`cdc.rendering`, :mod:`cdc.scoring`,
:mod:`cdc.consultation`, :mod:`cdc.execution`), which know nothing of each other's callers nor
of caching. This is the one package that uses :mod:`cdc.cache`: a checked project, a lint
report and each response file's reading are served from it while nothing they were computed
from has changed. The command line (:mod:`cdc.cli`) calls these functions, and ``import cdc``
offers them (``cdc.check``, ``cdc.lint``, ``cdc.render``, ``cdc.score``, ``cdc.diff``,
``cdc.follow``…).

Light to import, on purpose: a cached ``cdc lint`` goes through here without loading Pydantic,
the models or the rules; every stage is imported inside the function that needs it.
"""

from typing import TYPE_CHECKING

from cdc.api._commands import (
    AnswersInvalid,
    check_pdf_engine,
    choices,
    days_limit,
    distance_text,
    documents_for,
    files_to_write,
    follow_documents,
    init_answers,
    init_target,
    init_text,
    init_wizard,
    message_text,
    money_limit,
    outcome_text,
    pdf_engine_for,
    pdf_engine_name,
    render_documents,
    render_formats,
    rounding_rule,
    rules_text,
)
from cdc.api._phases import (
    CheckedLog,
    LogInvalid,
    diff,
    follow,
    follow_check,
    follow_output,
    load_version,
    previous_source,
)
from cdc.api._prepare import (
    CheckedProject,
    LintReport,
    PathLike,
    ProjectInvalid,
    check,
    check_key,
    clauses_env,
    delays,
    lint,
    lint_formats,
    lint_key,
    lint_report,
    load,
    penalties,
    read_inputs,
    read_responses,
    remembered_lint_report,
    render,
    report,
    rule_list,
    rules,
    score,
    score_output,
    stale_schemas,
    write_schemas,
)

if TYPE_CHECKING:  # the result types, for annotations (importing them is not light)
    from cdc.rendering.api import RenderResult as RenderResult
    from cdc.scoring.report import ScoreReport as ScoreReport

__all__ = [
    "AnswersInvalid",
    "CheckedLog",
    "CheckedProject",
    "LintReport",
    "LogInvalid",
    "PathLike",
    "ProjectInvalid",
    "check",
    "check_key",
    "check_pdf_engine",
    "choices",
    "clauses_env",
    "days_limit",
    "delays",
    "diff",
    "distance_text",
    "documents_for",
    "files_to_write",
    "follow",
    "follow_check",
    "follow_documents",
    "follow_output",
    "init_answers",
    "init_target",
    "init_text",
    "init_wizard",
    "lint",
    "lint_formats",
    "lint_key",
    "lint_report",
    "load",
    "load_version",
    "message_text",
    "money_limit",
    "outcome_text",
    "pdf_engine_for",
    "pdf_engine_name",
    "penalties",
    "previous_source",
    "read_inputs",
    "read_responses",
    "remembered_lint_report",
    "render",
    "render_documents",
    "render_formats",
    "report",
    "rounding_rule",
    "rule_list",
    "rules",
    "rules_text",
    "score",
    "score_output",
    "stale_schemas",
    "write_schemas",
]
