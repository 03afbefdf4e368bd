"""The options several commands share, declared once so their name, help and default agree.

``cdc render``, ``score``, ``award``, ``ci`` and ``follow`` all lay out PDFs, read evaluators'
notes or take a template folder; each declares its parameter with one of these types.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PdfEngine = Annotated[
    str,
    typer.Option(
        "--pdf-engine",
        metavar="auto|weasyprint|typst",
        help="What lays out the PDFs: typst (from the document tree, five to ten times "
        "faster), weasyprint (from the print HTML), or auto: typst where installed.",
    ),
]

Evaluations = Annotated[
    list[Path] | None,
    typer.Option(
        "--evaluations",
        "-e",
        help="Evaluators' notes (YAML or evaluation-grid XLSX), files or folders.",
    ),
]

Templates = Annotated[
    Path | None,
    typer.Option("--templates", help="Folder of templates overriding the built-in ones."),
]

ReferenceDocx = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        help="A .docx whose styles, page set-up, headers and footers the DOCX output takes.",
    ),
]
