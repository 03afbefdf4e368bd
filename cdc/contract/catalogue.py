"""The clause library: a versioned catalogue of contract clauses, as data, with its own model.

Why data and not code: lawyers and buyers must be able to read, review and extend it without
touching Python. The built-in catalogue (``templates/clauses/catalogue.yaml``, shipped in the
wheel with the templates) is merged with up to two user catalogues, later ones winning:

1. an organisation catalogue, the file named by the ``CDC_CLAUSES`` environment variable;
2. a project catalogue, ``clauses.yaml`` next to ``cdc.yaml``.

A user entry whose id exists overrides only the fields it gives (a French guidance alone keeps
the English one); a new id adds a clause. Files are read with cdc's safe YAML reader, so bad
input becomes an :class:`~cdc.core.errors.InputError` naming the file and line, never a traceback.
"""

import os
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Self, TypeVar

from pydantic import Field, ValidationError, model_validator

from cdc.core.errors import InputError
from cdc.model._base import Id, Label, Model
from cdc.model.enums import CnilDpiaType, ContractType
from cdc.reading.yamlsrc import SourceMap, read_yaml_bytes

#: Environment variable naming the organisation's clause catalogue (a YAML file).
ORG_CATALOGUE_ENV = "CDC_CLAUSES"
#: File name of a project's own clause catalogue, next to ``cdc.yaml``.
PROJECT_CATALOGUE = "clauses.yaml"
#: Upper bound on a user catalogue, far above any real one (it is read whole).
MAX_CATALOGUE_BYTES = 2 * 1024 * 1024


class Level(StrEnum):
    """How much a clause is expected under a contract type (domain.md §3: ● core, ○ optional)."""

    core = "core"
    optional = "optional"


class Fact(StrEnum):
    """Project facts that make a clause required whatever the contract types."""

    personal_data = "personal_data"
    outside_eea = "outside_eea"
    public_procurement = "public_procurement"
    ccag_tic = "ccag_tic"
    call_recording = "call_recording"
    special_categories = "special_categories"
    escrow_requested = "escrow_requested"
    agile_method = "agile_method"


class GdprFact(StrEnum):
    """What cdc reads in the project to say where it stands on one GDPR checklist line."""

    guarantees = "guarantees"
    authorisation = "authorisation"
    written_contract = "written_contract"
    description = "description"
    special_categories = "special_categories"
    instructions = "instructions"
    staff_confidentiality = "staff_confidentiality"
    security = "security"
    assistance = "assistance"
    end_of_contract = "end_of_contract"
    audits = "audits"
    flow_down = "flow_down"
    breach_notice = "breach_notice"
    transfers = "transfers"
    contract_only = "contract_only"


class Text(Model):
    """A text in French and English; one language may be missing in a user catalogue."""

    fr: str | None = Field(default=None, min_length=1, description="French text.")
    en: str | None = Field(default=None, min_length=1, description="English text.")

    @model_validator(mode="after")
    def _one_language(self) -> Self:
        if self.fr is None and self.en is None:
            raise ValueError("give the text in fr, en or both")
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, else in the other language (a user clause may have only one)."""
        wanted = self.en if lang == "en" else self.fr
        return " ".join((wanted or self.fr or self.en or "").split())

    def merged(self, other: "Text | None") -> "Text":
        """This text with the languages ``other`` gives replaced."""
        if other is None:
            return self
        return Text(fr=other.fr or self.fr, en=other.en or self.en)


def _as_text(value: Any) -> Any:
    """A plain string stands for the same text in both languages (e.g. ``art. 28(1)``)."""
    return {"fr": value, "en": value} if isinstance(value, str) else value


class _WithReference(Model):
    """A catalogue entry whose ``reference`` may be written once for both languages."""

    @model_validator(mode="before")
    @classmethod
    def _plain_reference(cls, data: Any) -> Any:
        if isinstance(data, dict) and "reference" in data:
            data = {**data, "reference": _as_text(data["reference"])}
        return data


class Clause(_WithReference):
    """One clause of the library."""

    id: Id = Field(description="Stable id, used in contract.clauses of the project file.")
    title: Text = Field(description="Clause title.")
    guidance: Text = Field(description="What the clause must settle, in a few sentences.")
    reference: Text = Field(description="Legal reference (a plain string for both languages).")
    types: dict[ContractType, Level] = Field(
        default_factory=dict, description="Level per contract type; absent: not expected."
    )
    triggers: list[Fact] = Field(
        default_factory=list, description="Project facts that make the clause required."
    )
    required: bool = Field(
        default=False, description="Required in every project (an organisation's own policy)."
    )
    stated_by: list[str] = Field(
        default_factory=list,
        description="Dotted paths of the project file that state the clause's terms.",
    )


class ClauseOverride(_WithReference):
    """A user catalogue entry: a new clause (title required) or changes to an existing one."""

    id: Id = Field(description="Id of the clause to add or to change.")
    title: Text | None = None
    guidance: Text | None = None
    reference: Text | None = None
    types: dict[ContractType, Level] | None = None
    triggers: list[Fact] | None = None
    required: bool | None = None
    stated_by: list[str] | None = None

    def apply(self, base: Clause | None) -> Clause:
        """The clause after this entry: ``base`` changed, or a new clause."""
        if base is None:
            if self.title is None:
                raise ValueError(f"new clause '{self.id}' needs a title")
            return Clause(
                id=self.id,
                title=self.title,
                guidance=self.guidance or self.title,
                reference=self.reference or Text(fr="—", en="—"),
                types=self.types or {},
                triggers=self.triggers or [],
                required=bool(self.required),
                stated_by=self.stated_by or [],
            )
        return base.model_copy(
            update={
                "title": base.title.merged(self.title),
                "guidance": base.guidance.merged(self.guidance),
                "reference": base.reference.merged(self.reference),
                "types": base.types if self.types is None else self.types,
                "triggers": base.triggers if self.triggers is None else self.triggers,
                "required": base.required if self.required is None else self.required,
                "stated_by": base.stated_by if self.stated_by is None else self.stated_by,
            }
        )


class GdprItem(_WithReference):
    """One line of the GDPR art. 28 checklist."""

    id: Id
    reference: Text
    fact: GdprFact
    title: Text
    guidance: Text


class DutyItem(_WithReference):
    """One line of the controller's checklist: a duty towards customers, or a call-recording term.

    ``id`` is the duty (:class:`cdc.model.privacy.CustomerDuty`) or the field of
    ``personal_data.recording`` the line reads.
    """

    id: Id
    reference: Text
    title: Text
    guidance: Text


class ProjectPhase(StrEnum):
    """The three phases of a customer-relationship project, each with its legal risks."""

    design = "design"
    deployment = "deployment"
    operation = "operation"


class PhaseRisk(_WithReference):
    """One line of the risk register by phase: a legal risk and how the contract covers it."""

    id: Id
    phase: ProjectPhase
    reference: Text
    title: Text
    guidance: Text
    triggers: list[Fact] = Field(
        default_factory=list, description="Shown only when one of these facts holds (any)."
    )


class CnilType(Model):
    """A type of the CNIL list of processing that requires a DPIA (délibération 2018-327)."""

    id: CnilDpiaType = Field(description="The type's id, as projects give it in dpia.cnil_types.")
    number: int = Field(ge=1, le=14, description="Its number in the CNIL list (1 to 14).")
    label: Text
    hint: Fact | None = Field(default=None, description="Project fact that suggests this type.")


class Catalogue(Model):
    """The built-in catalogue file."""

    version: Label = Field(description="Catalogue version, printed on every checklist.")
    clauses: list[Clause]
    gdpr: list[GdprItem] = Field(default_factory=list)
    cnil_types: list[CnilType] = Field(default_factory=list)
    customer_duties: list[DutyItem] = Field(default_factory=list)
    recording_terms: list[DutyItem] = Field(default_factory=list)
    phase_risks: list[PhaseRisk] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        seen: set[str] = set()
        for clause in self.clauses:
            if clause.id in seen:
                raise ValueError(f"clause '{clause.id}' is defined twice")
            seen.add(clause.id)
        return self


class UserCatalogue(Model):
    """A user catalogue file: clauses to add or to change."""

    version: Label | None = Field(default=None, description="Version of this user catalogue.")
    clauses: list[ClauseOverride] = Field(default_factory=list)


def _read(path: Path) -> tuple[dict[str, Any], SourceMap]:
    """Read one catalogue file safely; problems become an InputError with file and line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read the clause catalogue: {exc.strerror or exc}"
        ) from exc
    if len(raw) > MAX_CATALOGUE_BYTES:
        raise InputError(f"{path}: the clause catalogue is larger than 2 MB")
    doc = read_yaml_bytes(raw, str(path))
    if doc.data is None or doc.findings:
        problem = doc.findings[0].text() if doc.findings else f"{path}: empty clause catalogue"
        raise InputError(problem)
    return doc.data, doc.source


_M = TypeVar("_M", bound=Model)


def _validate(kind: type[_M], path: Path) -> _M:
    data, source = _read(path)
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if isinstance(p, str | int))
        mark = source.locate(loc)
        where = ".".join(str(p) for p in loc) or "(top)"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{mark.path}:{mark.line}:{mark.col}: {where}: {message}") from exc


@dataclass(frozen=True)
class ClauseLibrary:
    """The catalogue in use: built-in clauses merged with the user's, and where each came from."""

    version: str
    clauses: dict[str, Clause]
    gdpr: tuple[GdprItem, ...]
    cnil_types: tuple[CnilType, ...]
    #: Origin of each clause: "cdc" for the built-in ones, else the user file's path.
    origins: dict[str, str] = field(default_factory=dict)
    #: The buyer's duties as controller towards customers, and the call-recording terms.
    customer_duties: tuple[DutyItem, ...] = ()
    recording_terms: tuple[DutyItem, ...] = ()
    phase_risks: tuple[PhaseRisk, ...] = ()

    def merge(self, extra: UserCatalogue, origin: str) -> "ClauseLibrary":
        """This library with the clauses of ``extra`` added or changed (later entries win)."""
        clauses = dict(self.clauses)
        origins = dict(self.origins)
        for entry in extra.clauses:
            try:
                clauses[entry.id] = entry.apply(clauses.get(entry.id))
            except (ValueError, ValidationError) as exc:
                raise InputError(f"{origin}: {exc}") from exc
            origins[entry.id] = origin
        version = self.version if extra.version is None else f"{self.version} + {extra.version}"
        return ClauseLibrary(
            version,
            clauses,
            self.gdpr,
            self.cnil_types,
            origins,
            self.customer_duties,
            self.recording_terms,
            self.phase_risks,
        )


@lru_cache(maxsize=4)
def _builtin(path: Path, mtime_ns: int) -> ClauseLibrary:
    catalogue = _validate(Catalogue, path)
    return ClauseLibrary(
        version=catalogue.version,
        clauses={c.id: c for c in catalogue.clauses},
        gdpr=tuple(catalogue.gdpr),
        cnil_types=tuple(catalogue.cnil_types),
        origins={c.id: "cdc" for c in catalogue.clauses},
        customer_duties=tuple(catalogue.customer_duties),
        recording_terms=tuple(catalogue.recording_terms),
        phase_risks=tuple(catalogue.phase_risks),
    )


def builtin_catalogue() -> ClauseLibrary:
    """The catalogue shipped with cdc (read once per process, again if the file changes)."""
    from cdc.core.resources import data_dir  # importlib.resources costs ~20 ms: only when needed

    path = data_dir("templates") / "clauses" / "catalogue.yaml"
    return _builtin(path, path.stat().st_mtime_ns)


def user_catalogue_paths(project_root: Path | None) -> list[Path]:
    """The user catalogues that apply, lowest priority first (organisation, then project)."""
    paths: list[Path] = []
    org = os.environ.get(ORG_CATALOGUE_ENV, "").strip()
    if org:
        org_path = Path(org).expanduser()
        if not org_path.is_file():
            raise InputError(f"{ORG_CATALOGUE_ENV}={org}: no such clause catalogue file")
        paths.append(org_path)
    if project_root is not None and (project_root / PROJECT_CATALOGUE).is_file():
        paths.append(project_root / PROJECT_CATALOGUE)
    return paths


def catalogue_files(project_root: Path | None) -> list[Path]:
    """Every file whose content, or absence, decides the clause library: the built-in catalogue,
    the ``CDC_CLAUSES`` file and the project's ``clauses.yaml``, whether they exist or not
    (what a cached lint report depends on: :func:`cdc.linting.engine.inputs_of`)."""
    from cdc.core.resources import data_dir

    files = [data_dir("templates") / "clauses" / "catalogue.yaml"]
    org = os.environ.get(ORG_CATALOGUE_ENV, "").strip()
    if org:
        files.append(Path(org).expanduser().resolve())
    if project_root is not None:
        files.append(project_root / PROJECT_CATALOGUE)
    return files


def load_catalogue(project_root: Path | None = None) -> ClauseLibrary:
    """The built-in catalogue merged with the organisation's and the project's, if any."""
    library = builtin_catalogue()
    for path in user_catalogue_paths(project_root):
        library = library.merge(_validate(UserCatalogue, path), str(path))
    return library
