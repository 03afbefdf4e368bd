"""cdc — cahier des charges as code.

One YAML file describes a procurement project; cdc checks it, builds the consultation's
documents from it, and scores the vendors' answers. The library API (:mod:`cdc.api`)::

    import cdc

    checked = cdc.check("cdc.yaml")          # load + lint, remembered while nothing changes
    result = cdc.lint(["cdc.yaml"])          # findings of one or several project files
    rendered = cdc.render(checked, formats=["md", "html"])
    report = cdc.score(checked, ["responses/"], ["evaluations/"])

The command line (:mod:`cdc.cli`) is a thin layer over these functions. ``import cdc`` stays
light: each name is imported from :mod:`cdc.api` on first use (PEP 562).
"""

from __future__ import annotations

from cdc.core.version import __version__

TYPE_CHECKING = False  # typing's own costs 10 ms to import; mypy reads this name the same

__all__ = [
    "CheckedLog",
    "CheckedProject",
    "DecisionsInvalid",
    "LintReport",
    "LogInvalid",
    "ProjectInvalid",
    "__version__",
    "award",
    "award_documents",
    "check",
    "delays",
    "diff",
    "follow",
    "follow_check",
    "follow_output",
    "lint",
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
    "rules",
    "score",
    "score_output",
    "stale_schemas",
    "write_schemas",
]

if TYPE_CHECKING:
    from typing import Any

    from cdc.api import (
        CheckedLog,
        CheckedProject,
        DecisionsInvalid,
        LintReport,
        LogInvalid,
        ProjectInvalid,
        award,
        award_documents,
        check,
        delays,
        diff,
        follow,
        follow_check,
        follow_output,
        lint,
        lint_report,
        load,
        load_version,
        penalties,
        previous_source,
        read_inputs,
        read_responses,
        remembered_lint_report,
        render,
        report,
        rules,
        score,
        score_output,
        stale_schemas,
        write_schemas,
    )


def __getattr__(name: str) -> Any:
    """The API's names, imported from :mod:`cdc.api` when first asked for."""
    if name in __all__:
        from cdc import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cdc' has no attribute {name!r}")
