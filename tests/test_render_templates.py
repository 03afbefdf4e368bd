"""Built-in templates: every document of every example builds, in its own language.

Also checks the template contract (templates only use the names of ``SpecContext``), user
overrides through ``{% extends "default:…" %}``, error messages of broken user templates, and
that text from the project file can never become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from cdc.core.resources import data_dir
from cdc.model import Project
from cdc.model.enums import CriterionKind
from cdc.model.evaluation import Criterion
from cdc.reading.project import load_project
from cdc.rendering.context import field_names
from cdc.rendering.documents import DOCUMENTS, DocumentBuilder
from cdc.rendering.templating import TemplateProblem, make_environment
from cdc.rendering.tree import (
    Block,
    Cover,
    Document,
    Heading,
    ListBlock,
    Note,
    Paragraph,
    Table,
    plain_text,
)
from cdc.rendering.writers.markdown import to_markdown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "fr": ROOT / "examples" / "contact-center" / "cdc.yaml",
    "en": ROOT / "examples" / "saas-crm-en" / "cdc.yaml",
}
LANGS = sorted(EXAMPLES)
TEMPLATES = data_dir("templates")

#: Headings each document must have, per language.
EXPECTED_HEADINGS: dict[str, dict[str, list[str]]] = {
    "en": {
        "spec": [
            "Purpose of the consultation",
            "Requirements catalogue",
            "Evaluation criteria",
            "Contractual framework",
            "Annexes",
        ],
        "grid": ["How to complete the response grid", "Requirements", "Price schedule"],
        "evaluation": ["Criteria and weightings", "Evaluation rules", "Score sheets"],
        "glossary": ["Terms and definitions"],
        "raci": ["Roles", "RACI matrix", "Legend"],
        "checklist": [
            "Purpose of this checklist",
            "Clauses by contract type",
            "Penalties and service credits",
            "Acceptance and warranty",
            "Follow-up of the contract",
        ],
        "gdpr": ["Processing agreement: article 28", "Impact assessment: pre-screen"],
    },
    "fr": {
        "spec": [
            "Objet de la consultation et enjeux",
            "Catalogue des exigences",
            "Critères d'évaluation",
            "Cadre contractuel",
            "Annexes",
        ],
        "grid": ["Instructions de la grille de réponse", "Exigences", "Grille de prix"],
        "evaluation": ["Critères et pondérations", "Règles d'évaluation", "Fiches de notation"],
        "glossary": ["Termes et définitions"],
        "raci": ["Rôles", "Matrice RACI", "Légende"],
        "checklist": [
            "Objet de la check-list",
            "Clauses par type de contrat",
            "Pénalités et crédits de service",
            "Opérations de vérification et garantie",
            "Suivi de l'exécution",
        ],
        # French typography: a no-break space before the colon.
        "gdpr": [
            "Accord de sous-traitance\u00a0: article 28",
            "Analyse d'impact\u00a0: pré-examen",
        ],
    },
}

#: Small words that give away a heading written in the other language.
OTHER_LANGUAGE_WORDS = {
    "en": re.compile(r"\b(?:des|du|de|la|le|les|et|aux|pour|sur)\b|[éèàùçê]", re.IGNORECASE),
    "fr": re.compile(r"\b(?:the|and|of|to|with|for|how|what)\b", re.IGNORECASE),
}


@cache
def example(lang: str) -> Project:
    loaded = load_project(EXAMPLES[lang])
    assert loaded.project is not None, [f.text() for f in loaded.findings]
    return loaded.project


@cache
def built(lang: str, kind: str) -> Document:
    return DocumentBuilder(example(lang)).build(kind)


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block of a tree, depth first (inside lists, tables, notes and the cover too)."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from walk(cell.blocks)
        elif isinstance(block, Note):
            yield from walk(block.blocks)
        elif isinstance(block, Cover):
            yield from walk(block.notice)


def all_text(document: Document) -> str:
    """The document's words, unescaped, one paragraph, heading or caption per line."""
    out: list[str] = []
    for block in walk(document.blocks):
        if isinstance(block, Heading | Paragraph):
            out.append(plain_text(block.children))
        elif isinstance(block, Table):
            out.append(plain_text(block.caption))
        elif isinstance(block, Cover):
            out.extend([block.title, block.kind or "", block.subtitle or ""])
            out.extend(plain_text(f.value) for f in block.fields)
    return "\n".join(out)


def heading_texts(document: Document) -> list[str]:
    return [plain_text(b.children) for b in walk(document.blocks) if isinstance(b, Heading)]


def builtin_templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.j2"))


# -- every document of every example --------------------------------------------------------
@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("lang", LANGS)
def test_document_builds_in_its_language(lang: str, kind: str) -> None:
    document = built(lang, kind)
    assert document.meta.lang == lang
    markdown = to_markdown(document)
    assert markdown.strip()
    assert not document.warnings

    covers = [b for b in document.blocks if isinstance(b, Cover)]
    assert len(covers) == 1
    assert covers[0].kind == DocumentBuilder(example(lang)).labels["doc"][kind]

    headings = heading_texts(document)
    for wanted in EXPECTED_HEADINGS[lang][kind]:
        assert wanted in headings, f"{lang}/{kind}: no heading {wanted!r}"
    other = "fr" if lang == "en" else "en"
    mine = {h for texts in EXPECTED_HEADINGS[lang].values() for h in texts}
    foreign = {h for texts in EXPECTED_HEADINGS[other].values() for h in texts} - mine
    assert not foreign & set(headings), f"{lang}/{kind}: headings in the wrong language"
    stray = [h for h in headings if OTHER_LANGUAGE_WORDS[lang].search(h)]
    assert not stray, f"{lang}/{kind}: headings that look {other}: {stray}"


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_english_and_french_templates_have_the_same_blocks(kind: str) -> None:
    def blocks(lang: str) -> list[str]:
        path = TEMPLATES / lang / f"{kind}.xml.j2"
        ast = make_environment(lang).parse(path.read_text(encoding="utf-8"))
        return [b.name for b in ast.find_all(nodes.Block)]

    assert blocks("en") == blocks("fr")


@pytest.mark.parametrize("kind", ["spec", "grid"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_requirement_is_listed(lang: str, kind: str) -> None:
    markdown = to_markdown(built(lang, kind))
    missing = [r.id for r in example(lang).requirements if r.id not in markdown]
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_raci_document_shows_every_activity_and_role(lang: str) -> None:
    governance = example(lang).governance
    assert governance is not None and governance.raci
    document = built(lang, "raci")
    cells = [plain_text(b.children) for b in walk(document.blocks) if isinstance(b, Paragraph)]
    for row in governance.raci:
        assert row.activity in cells
    for role in governance.roles:
        assert role.name in cells


@pytest.mark.parametrize("lang", LANGS)
def test_raci_legend_explains_s_and_v_only_when_used(lang: str) -> None:
    project = example(lang)
    governance = project.governance
    assert governance is not None

    def legend(document: Document) -> str:
        return "\n".join(
            plain_text(b.children) for b in walk(document.blocks) if isinstance(b, Paragraph)
        )

    plain = legend(built(lang, "raci"))
    assert "R —" in plain and "I —" in plain
    assert "S —" not in plain and "V —" not in plain

    first = governance.raci[0]
    role = next(iter(first.assignments))
    row = first.model_copy(update={"assignments": {**first.assignments, role: "RSV"}})
    changed = governance.model_copy(update={"raci": [row, *governance.raci[1:]]})
    variant = project.model_copy(update={"governance": changed})
    text = legend(DocumentBuilder(variant).build("raci"))
    assert "S —" in text and "V —" in text


@pytest.mark.parametrize("lang", LANGS)
def test_evaluation_has_a_score_sheet_per_judgement_criterion(lang: str) -> None:
    evaluation = example(lang).evaluation
    assert evaluation is not None
    headings = heading_texts(built(lang, "evaluation"))
    text = all_text(built(lang, "evaluation"))

    def judgement(criteria: list[Criterion]) -> Iterator[str]:
        for c in criteria:
            if c.children:
                yield from judgement(c.children)
            elif c.kind is CriterionKind.judgement:
                yield c.title

    titles = list(judgement(evaluation.criteria))
    assert titles
    for title in titles:
        assert title in headings
    for evaluator in evaluation.evaluators:
        assert evaluator.name in text


@pytest.mark.parametrize("lang", LANGS)
def test_minimal_project_builds_every_document(lang: str, tmp_path: Path) -> None:
    path = tmp_path / "cdc.yaml"
    path.write_text(
        "project:\n"
        "  id: p\n"
        "  title: Minimal\n"
        '  version: "1"\n'
        "  date: 2027-01-01\n"
        f"  language: {lang}\n"
        "  buyer: {name: Buyer}\n"
        "  contact: {name: Contact}\n",
        encoding="utf-8",
    )
    loaded = load_project(path)
    assert loaded.project is not None, [f.text() for f in loaded.findings]
    builder = DocumentBuilder(loaded.project)
    for kind in DOCUMENTS:
        assert to_markdown(builder.build(kind)).strip()


# -- the template contract -------------------------------------------------------------------
def assigned_names(ast: nodes.Template) -> set[str]:
    """Names the template gives a value itself: ``{% set %}``, ``{% import … as m %}``, loops.

    ``find_undeclared_variables`` also reports them when a block uses a name set at the top
    level, or a name set inside an ``{% if %}``: Jinja then looks it up in the context too.
    """
    names = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names |= {n.target for n in ast.find_all(nodes.Import)}
    for imported in ast.find_all(nodes.FromImport):
        names |= {n if isinstance(n, str) else n[1] for n in imported.names}
    names |= {n.name for n in ast.find_all(nodes.Macro)}
    return names


@pytest.mark.parametrize("path", builtin_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_builtin_templates_only_use_context_names(path: Path) -> None:
    lang = path.parent.name if path.parent.name in ("fr", "en") else "en"
    env = make_environment(lang)
    ast = env.parse(path.read_text(encoding="utf-8"), name=path.name, filename=str(path))
    unknown = meta.find_undeclared_variables(ast) - set(field_names()) - assigned_names(ast)
    assert not unknown, f"{path.name} uses names outside SpecContext: {sorted(unknown)}"


def test_every_language_has_every_document() -> None:
    for lang in LANGS:
        for kind in DOCUMENTS:
            assert (TEMPLATES / lang / f"{kind}.xml.j2").is_file(), (lang, kind)


# -- user templates --------------------------------------------------------------------------
def test_user_override_extends_the_default_spec(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "fr"
    folder.mkdir(parents=True)
    (folder / "spec.xml.j2").write_text(
        '{% extends "default:spec.xml.j2" %}\n'
        "{% block purpose %}\n"
        '<h1 id="objet">Objet, version maison</h1>\n'
        "<p>Texte propre à cet acheteur pour {{ project.project.buyer.name }}.</p>\n"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    project = example("fr")
    document = DocumentBuilder(project, project_root=tmp_path).build("spec")
    headings = heading_texts(document)
    assert "Objet, version maison" in headings
    assert "Objet de la consultation et enjeux" not in headings
    assert "Catalogue des exigences" in headings
    assert "Cadre contractuel" in headings
    text = all_text(document)
    assert f"Texte propre à cet acheteur pour {project.project.buyer.name}." in text
    markdown = to_markdown(document)
    assert all(r.id in markdown for r in project.requirements)


def test_undefined_name_in_user_template_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "en"
    folder.mkdir(parents=True)
    (folder / "glossary.xml.j2").write_text(
        "<doc>\n<h1>Glossary</h1>\n<p>{{ no_such_name }}</p>\n</doc>\n", encoding="utf-8"
    )
    builder = DocumentBuilder(example("en"), project_root=tmp_path)
    with pytest.raises(TemplateProblem) as caught:
        builder.build("glossary")
    message = str(caught.value)
    assert "glossary.xml.j2:3" in message
    assert "no_such_name" in message


def test_syntax_error_in_user_template_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "en"
    folder.mkdir(parents=True)
    (folder / "raci.xml.j2").write_text("<doc>\n{% if %}\n</doc>\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"raci\.xml\.j2:2"):
        DocumentBuilder(example("en"), project_root=tmp_path).build("raci")


# -- text from the project never becomes markup ----------------------------------------------
@pytest.mark.parametrize("kind", ["spec", "grid"])
def test_script_in_requirement_text_stays_text(kind: str) -> None:
    project = example("en")
    payload = '<script>alert("x")</script> & <b>bold</b>'
    first = project.requirements[0]
    changed = first.model_copy(update={"text": payload, "title": "Title <i>not italic</i>"})
    hostile = project.model_copy(update={"requirements": [changed, *project.requirements[1:]]})
    document = DocumentBuilder(hostile).build(kind)
    text = all_text(document)
    assert payload in text
    assert "Title <i>not italic</i>" in text
    markdown = to_markdown(document)
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
