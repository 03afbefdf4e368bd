"""Build a document tree from a project: context (Python) → template (words) → tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdc.model import Project
from cdc.render.context import build_context
from cdc.render.fmt import Formatter
from cdc.render.markup import parse_markup
from cdc.render.templating import load_labels, make_environment, render_template
from cdc.render.tree import Document, Meta

#: Documents built from the project file, in the order they are listed to users.
DOCUMENTS = ("spec", "grid", "evaluation", "glossary", "raci")


class DocumentBuilder:
    """Builds the trees of one project's documents, sharing one template environment."""

    def __init__(
        self, project: Project, *, templates: Path | None = None, project_root: Path | None = None
    ) -> None:
        self.project = project
        self.lang = project.project.language.value
        self.env = make_environment(self.lang, user=templates, project_root=project_root)
        self.labels: dict[str, Any] = load_labels(
            self.lang, user=templates, project_root=project_root
        )

    def build(self, kind: str) -> Document:
        """The tree of document ``kind`` (one of :data:`DOCUMENTS`)."""
        context = build_context(self.project, self.labels, kind)
        name = f"{kind}.xml.j2"
        markup = render_template(self.env, name, context.as_template_context())
        blocks, warnings = parse_markup(markup, source=name)
        info = self.project.project
        doc = context.doc
        meta = Meta(
            title=f"{doc.title} — {info.title}",
            lang=self.lang,
            project_id=info.id,
            version=info.version,
            date=Formatter(self.lang).date(info.date),
            confidentiality=doc.confidentiality,
            author=info.buyer.name,
            header=doc.header,
            footer=doc.footer,
        )
        return Document(meta, blocks, warnings)
