"""``cdc follow --doc``: write the follow-up's documents (dashboard, register, evidence index,
letter) with :func:`cdc.api.follow_documents`.

Kept apart from :mod:`cdc.cli._execution` (the table, JSON and calendar outputs): this part only
parses the lists, calls the library and says which files it wrote, the way ``cdc render`` does.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cdc.core.errors import EXIT_INVALID, EXIT_OK
from cdc.core.safetext import printable

if TYPE_CHECKING:
    from cdc.execution import FollowUp
    from cdc.model import Project
    from cdc.model.execution import ExecutionLog


def write_documents(
    project: Project,
    log: ExecutionLog,
    follow: FollowUp,
    folder: Path,
    *,
    documents: str,
    formats: str | None,
    grievance: str | None,
    output_dir: Path | None,
    force: bool,
    pdf_engine: str = "auto",
) -> int:
    """Write the asked documents into ``output_dir`` (default ``out/`` beside the project);
    0 when all were written, 1 when a format could not be produced (e.g. PDF without Pango).
    Each PDF's line says which engine laid it out, as ``cdc render`` does."""
    from cdc.api import follow_documents, pdf_engine_name

    result = follow_documents(
        project,
        log,
        follow,
        project_root=folder,
        output_dir=output_dir if output_dir is not None else folder / "out",
        documents=documents,
        formats=formats,
        grievance=grievance,
        force=force,
        pdf_engine=pdf_engine,
    )
    engine = pdf_engine_name(result.pdf_engine)
    for verb, paths in (("wrote", result.written), ("unchanged", result.unchanged)):
        for path in paths:
            by = f" ({engine})" if engine and path.suffix == ".pdf" else ""
            sys.stderr.write(f"{verb} {printable(str(path))}{by}\n")
    for line in (*result.warnings, *result.errors):
        sys.stderr.write(f"warning: {printable(line)}\n")
    return EXIT_INVALID if result.errors else EXIT_OK


__all__ = ["write_documents"]
