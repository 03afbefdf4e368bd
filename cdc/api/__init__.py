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

__all__ = [
    "CheckedLog",
    "CheckedProject",
    "LintReport",
    "LogInvalid",
    "PathLike",
    "ProjectInvalid",
    "check",
    "check_key",
    "clauses_env",
    "delays",
    "diff",
    "follow",
    "follow_check",
    "follow_output",
    "lint",
    "lint_formats",
    "lint_key",
    "lint_report",
    "load",
    "load_version",
    "penalties",
    "previous_source",
    "read_inputs",
    "read_responses",
    "remembered_lint_report",
    "render",
    "report",
    "rule_list",
    "rules",
    "score",
    "score_output",
    "stale_schemas",
    "write_schemas",
]
