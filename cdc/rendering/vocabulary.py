"""What ``cdc render`` can produce: its documents, its formats, and which formats each document
exists in.

Kept apart from :mod:`cdc.rendering.api` and :mod:`cdc.rendering.documents` (which import the
models, Jinja and the writers) and free of imports, so that the command line can build its
``--doc`` and ``--format`` help from the real vocabulary, and refuse an unknown one, without
loading the rendering stage.
"""

from __future__ import annotations

#: Documents built from the project file, in the order they are listed to users.
PROJECT_DOCUMENTS = ("spec", "grid", "evaluation", "glossary", "raci", "checklist", "gdpr")

#: Every document ``cdc render --doc`` knows: those built from the project file, then those
#: that also read a file beside it (``qna``: the questions register, questions.yaml).
DOCUMENTS = (*PROJECT_DOCUMENTS, "qna", "addendum")

#: The formats ``cdc render`` writes, in their canonical order.
FORMATS = ("md", "html", "pdf", "docx", "xlsx")

#: Formats each document exists in.
DOCUMENT_FORMATS: dict[str, tuple[str, ...]] = {
    "spec": ("md", "html", "pdf", "docx"),
    "grid": ("xlsx", "md", "html", "pdf"),
    "evaluation": ("xlsx", "md", "html", "pdf", "docx"),
    "glossary": ("md", "html", "pdf", "docx"),
    "raci": ("md", "html", "pdf", "docx"),
    "checklist": ("md", "html", "pdf", "docx"),
    "gdpr": ("md", "html", "pdf", "docx"),
    "qna": ("md", "html", "pdf", "docx"),
    "addendum": ("md", "html", "pdf", "docx"),
}

__all__ = ["DOCUMENTS", "DOCUMENT_FORMATS", "FORMATS", "PROJECT_DOCUMENTS"]
