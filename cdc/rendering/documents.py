"""Build a document tree from a project: context (Python) → template (words) → tree."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from cdc.contract.catalogue import load_catalogue
from cdc.linting.text import todo_markers
from cdc.model import Project
from cdc.rendering.context import build_context
from cdc.rendering.fmt import Formatter
from cdc.rendering.markup import parse_markup
from cdc.rendering.templating import load_labels, make_environment, render_template
from cdc.rendering.tree import (
    Block,
    Cover,
    Document,
    Figure,
    Meta,
    Note,
    Paragraph,
    Strong,
    Text,
    number_headings,
)
from cdc.rendering.typeset import typeset
from cdc.rendering.vocabulary import PROJECT_DOCUMENTS

#: Documents built from the project file, in the order they are listed to users.
DOCUMENTS = PROJECT_DOCUMENTS

#: Documents whose sections are numbered, and down to which heading level: the long documents
#: a reader cites ("§ 4.2"). The one-table documents (grid, evaluation, glossary, RACI), the
#: letters, and documents whose headings carry their own ids (questions Q12, grievances G-003,
#: the addendum's requirement ids) stay unnumbered.
NUMBERED: dict[str, int] = {
    "spec": 3,
    "checklist": 2,
    "gdpr": 1,
    "score": 2,
    "execution_dashboard": 3,
}


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
        #: The clause library: built-in, then CDC_CLAUSES, then clauses.yaml beside cdc.yaml.
        self.clauses = load_catalogue(project_root)

    def build(
        self,
        kind: str,
        *,
        extra: dict[str, Any] | None = None,
        figures: dict[str, Figure] | None = None,
    ) -> Document:
        """The tree of document ``kind`` (one of :data:`DOCUMENTS`, or another template).

        ``extra`` reaches the template as ``extra`` (typed data computed by the caller, e.g. a
        scoring report); ``figures`` are the charts its ``<chart ref="…"/>`` elements place. A
        document that is not one of :data:`DOCUMENTS` takes its title from ``labels[kind].doc``.
        """
        labels = self.labels
        own = labels.get(kind)
        if kind not in labels["doc"] and isinstance(own, dict) and "doc" in own:
            labels = {**labels, "doc": {**labels["doc"], kind: own["doc"]}}
        context = build_context(
            self.project, labels, kind, clauses=self.clauses, todo_markers=self.todo_markers
        )
        if extra:
            context = replace(context, extra=dict(extra))
        name = f"{kind}.xml.j2"
        markup = render_template(self.env, name, context.as_template_context())
        blocks, warnings = parse_markup(markup, source=name, figures=figures)
        blocks = number_headings(blocks, NUMBERED.get(kind, 0))
        draft = self.labels.get("draft") if context.todo_markers else None
        if isinstance(draft, dict):
            blocks = _with_banner(blocks, str(draft["title"]), str(draft["banner"]))
        blocks = typeset(blocks, self.lang)
        info = self.project.project
        doc = context.doc
        meta = Meta(
            title=f"{doc.title} — {info.title}",
            lang=self.lang,
            project_id=info.id,
            version=info.version,
            date=Formatter(self.lang).date(info.date),
            date_iso=info.date.isoformat(),
            confidentiality=doc.confidentiality,
            author=info.buyer.name,
            header=f"{draft['mark']} — {doc.header}" if isinstance(draft, dict) else doc.header,
            footer=doc.footer,
        )
        return Document(meta, blocks, warnings)

    @cached_property
    def todo_markers(self) -> int:
        """How many texts of the project hold a TODO marker (the ones ``cdc lint`` reports as
        STR006): while any does, every document is marked as a draft."""
        return todo_markers(self.project.model_dump(exclude_none=True))


def _with_banner(blocks: tuple[Block, ...], title: str, text: str) -> tuple[Block, ...]:
    """The blocks with a draft warning first on the cover (or first in the document)."""
    banner = Note("warning", (Paragraph((Strong((Text(title),)), Text(" — " + text))),))
    for n, block in enumerate(blocks):
        if isinstance(block, Cover):
            cover = replace(block, notice=(banner, *block.notice))
            return (*blocks[:n], cover, *blocks[n + 1 :])
    return (banner, *blocks)
