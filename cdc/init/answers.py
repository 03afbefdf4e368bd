"""The answers of the ``cdc init`` wizard, as one typed model.

The same model serves the three ways of answering: the prompts, ``--defaults`` and an answers
file (``--answers FILE``). Field types are the project file's own constrained types, so an answer
that would make an invalid project (a 400-character name, a bad e-mail, ``price_weight: "30"``) is
refused where it is given, not later in a generated file.

:data:`PartialAnswers` is the shape of an answers file: every key optional (missing ones take
their defaults, see :mod:`cdc.init.questions`), unknown keys refused, as in ``cdc.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, cast

from pydantic import BaseModel, Field, StringConstraints, ValidationError, create_model
from pydantic.fields import FieldInfo

from cdc.core.errors import InputError
from cdc.core.findings import Finding, Mark, Severity, sort_findings
from cdc.init.catalog import Lang, TemplateName
from cdc.model._base import Count, Date, Email, Flag, Id, Label, Model, Money, StrictInt
from cdc.model.enums import Channel, ContractType, Deployment, ProcedureKind, Procurement, Sourcing
from cdc.reading.yamlsrc import SourceMap

#: Free text that must say something.
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000, strip_whitespace=True)]


class Answers(Model):
    """Every answer the generated file depends on, complete and valid one by one.

    Cross-answer rules (dates in order, a budget range whose minimum is below its maximum…)
    live with the questions, which know what was asked before (:mod:`cdc.init.questions`).
    """

    template: TemplateName = Field(description="Template the file starts from.")
    language: Lang = Field(description="Language of the file and of the documents.")
    date: Date = Field(
        description="Date of this first version; the default planning starts from it."
    )
    buyer_name: Label = Field(description="Name of the buying organisation.")
    buyer_sector: Label = Field(description="Its business sector.")
    title: Label = Field(description="Title of the consultation.")
    project_id: Id = Field(description="Short identifier, used in output file names.")
    contact_name: Label = Field(description="Single point of contact for vendors.")
    contact_email: Email = Field(description="Their e-mail address.")
    challenge: Text = Field(description="The challenge, in a sentence or two: why this project.")
    channels: list[Channel] = Field(min_length=1, description="Channels the service answers on.")
    volumes: dict[Channel, Count] = Field(
        description="Rough yearly volume of contacts per channel."
    )
    agents: Count = Field(description="Size of the customer-service team (agents, FTE).")
    sourcing: Sourcing = Field(description="In-house, outsourced or mixed.")
    current_annual_cost: Money = Field(description="What the current tools cost per year.")
    deployment: Deployment = Field(description="SaaS, on-premise or hybrid.")
    personal_data: Flag = Field(description="Whether the vendor will process personal data.")
    call_recording: Flag = Field(description="Whether calls are recorded.")
    contract_types: list[ContractType] = Field(min_length=1, description="Contracts to sign.")
    procurement: Procurement = Field(description="Public (CCAG-TIC 2021 defaults) or private.")
    procedure: ProcedureKind = Field(description="Award procedure.")
    budget_min: Money = Field(description="Low end of the budget envelope, excl. VAT.")
    budget_max: Money = Field(description="High end of the budget envelope, excl. VAT.")
    duration_years: StrictInt = Field(ge=1, le=15, description="Term of the contract, in years.")
    price_weight: StrictInt = Field(ge=1, le=99, description="Weight of the price, in percent.")
    publication: Date = Field(description="Publication of the consultation.")
    answers_due: Date = Field(description="Deadline for the vendors' answers.")
    decision: Date = Field(description="Award decision.")
    go_live: Date = Field(description="Go-live of the new solution.")


def _partial_model() -> type[BaseModel]:
    """:class:`Answers` with every key optional: the shape of an answers file."""
    fields: dict[str, Any] = {
        name: (cast(Any, info.annotation) | None, FieldInfo.merge_field_infos(info, default=None))
        for name, info in Answers.model_fields.items()
    }
    return create_model("PartialAnswers", __base__=Model, **fields)


#: The shape of an answers file (every key optional, unknown keys refused).
PartialAnswers: type[BaseModel] = _partial_model()

#: Keys an answers file may hold, in the order the wizard asks them.
ANSWER_KEYS: tuple[str, ...] = tuple(Answers.model_fields)


class AnswersError(InputError):
    """An answers file that cannot be used; its located findings are in ``findings``."""

    def __init__(self, display: str, findings: list[Finding]) -> None:
        self.findings = sort_findings(findings)
        errors = sum(1 for f in self.findings if f.severity is Severity.error)
        self.summary = f"{display}: {errors} error(s) in the answers: nothing written"
        super().__init__("\n".join([*(f.text() for f in self.findings), self.summary]))


@dataclass(frozen=True)
class AnswersFile:
    """An answers file read and checked key by key, with the positions of its keys."""

    display: str
    given: dict[str, Any]
    source: SourceMap


def read_answers(path: Path) -> AnswersFile:
    """Read ``--answers FILE`` with cdc's safe YAML reader and check each key against the model.

    A missing file is a usage error (exit 2); unknown keys and bad values are located findings
    (``FILE:LINE:COL: error SCH003 …``, exit 1), as for ``cdc.yaml``.
    """
    from cdc.reading.project import check_input_file, read_document, validation_findings

    check_input_file(path)
    display = str(path)
    doc = read_document(path, display)
    if doc.data is None:
        raise AnswersError(display, [_for_answers(f) for f in doc.findings])
    try:
        validated = PartialAnswers.model_validate(doc.data)
    except ValidationError as exc:
        found = validation_findings(exc, doc.data, doc.source, PartialAnswers)
        raise AnswersError(display, [*doc.findings, *found]) from None
    if doc.findings:
        raise AnswersError(display, doc.findings)
    given = {k: getattr(validated, k) for k in ANSWER_KEYS if k in doc.data}
    return AnswersFile(display=display, given=given, source=doc.source)


def _for_answers(finding: Finding) -> Finding:
    """Reword "a project file must be…" findings: this file is not a project file."""
    if finding.rule != "SCH009":
        return finding
    return replace(
        finding,
        message="an answers file is one YAML mapping of answers (buyer_name: …, channels: […]); "
        "see 'cdc init --help'",
    )


def located_error(answers: AnswersFile | None, key: str, message: str) -> Finding:
    """A finding for a rule broken by ``key``: at that key in the file, or at its top."""
    if answers is None:
        mark = Mark("<answers>", 1, 1)
    else:
        mark = answers.source.locate((key,) if key in answers.given else (), key=True)
        if mark.path == "<unknown>":
            mark = Mark(answers.display, 1, 1)
    return Finding(mark=mark, severity=Severity.error, rule="SCH004", message=f"{key}: {message}")


__all__ = [
    "ANSWER_KEYS",
    "Answers",
    "AnswersError",
    "AnswersFile",
    "PartialAnswers",
    "read_answers",
]
