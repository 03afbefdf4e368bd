"""The root of ``cdc.yaml``: one model per part of the project file."""

from typing import Annotated

from pydantic import Field, StringConstraints

from cdc.model._base import Id, Label, Model
from cdc.model.context import Context, Existing, ProjectInfo
from cdc.model.contract import Contract, PersonalData
from cdc.model.evaluation import Evaluation
from cdc.model.governance import GlossaryTerm, Governance, Planning
from cdc.model.needs import (
    Needs,
    Requirement,
    RequirementSection,
    Scenario,
    Technical,
    VendorExpectations,
)

#: Parts of the file that an included file may contribute to (their lists are appended).
INCLUDABLE_PARTS: tuple[str, ...] = ("requirement_sections", "requirements", "glossary")


class Waiver(Model):
    """Silences one lint rule, globally or for one item, with a written justification."""

    rule: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]+$")] = Field(
        description="Rule id (e.g. REQ004) or rule name (e.g. vague-word)."
    )
    target: Label | None = Field(
        default=None,
        description="Item the waiver is limited to (requirement id, criterion id, term…); all if absent.",
    )
    justification: Annotated[str, StringConstraints(min_length=10, strip_whitespace=True)] = Field(
        description="Why the finding is accepted (at least 10 characters); shown in every report."
    )


class LintSettings(Model):
    """Project-specific settings of the lint rules."""

    extra_vague_words: list[Label] = Field(
        default_factory=list, description="More words to flag as vague in requirements."
    )
    known_acronyms: list[Label] = Field(
        default_factory=list,
        description="Acronyms that need no glossary entry (e.g. well-known standards).",
    )


class Project(Model):
    """A procurement project: everything the consultation's documents and scoring are built from."""

    include: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=list,
        description=(
            "Files (relative to this one, glob patterns allowed) whose requirement_sections, "
            "requirements and glossary are appended to this file's."
        ),
    )
    project: ProjectInfo = Field(description="Identity of the consultation.")
    context: Context | None = Field(default=None, description="The challenge and the protagonists.")
    existing: Existing | None = Field(default=None, description="The existing situation.")
    needs: Needs | None = Field(default=None, description="People involved and objectives.")
    requirement_sections: list[RequirementSection] = Field(
        default_factory=list, description="Sections of the requirements catalogue, in order."
    )
    requirements: list[Requirement] = Field(
        default_factory=list, description="The requirements catalogue."
    )
    scenario: Scenario | None = Field(default=None, description="End-to-end scenario.")
    technical: Technical | None = Field(default=None, description="Technical description.")
    vendor_expectations: VendorExpectations | None = Field(
        default=None, description="What vendors must provide and how to answer."
    )
    evaluation: Evaluation | None = Field(default=None, description="Evaluation method.")
    planning: Planning | None = Field(default=None, description="Consultation planning.")
    governance: Governance | None = Field(default=None, description="Governance and RACI.")
    glossary: list[GlossaryTerm] = Field(default_factory=list, description="Glossary.")
    contract: Contract | None = Field(default=None, description="Contractual framework.")
    personal_data: PersonalData | None = Field(
        default=None, description="Personal data processed by the vendor (GDPR art. 28)."
    )
    lint: LintSettings | None = Field(default=None, description="Settings of the lint rules.")
    waivers: list[Waiver] = Field(default_factory=list, description="Accepted lint findings.")


def criterion_ids(project: Project) -> list[Id]:
    """Every criterion id of the evaluation tree, depth first."""
    out: list[Id] = []
    if project.evaluation is None:
        return out
    stack = list(reversed(project.evaluation.criteria))
    while stack:
        node = stack.pop()
        out.append(node.id)
        stack.extend(reversed(node.children))
    return out
