"""JSON Schemas generated from the models: what editors use to complete and check files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cdc.core.fsutil import write_atomic
from cdc.model import Project

SCHEMA_BASE_URI = "https://cdc-project.github.io/cdc/schemas/"


def _schema(model: type[BaseModel], filename: str, title: str) -> dict[str, Any]:
    body = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE_URI + filename,
        "title": title,
        **{k: v for k, v in body.items() if k != "title"},
    }


def generated_schemas() -> dict[str, str]:
    """File name → JSON text of every schema cdc publishes (stable bytes)."""
    from cdc.model.award import AwardDecisions
    from cdc.model.consultation import QuestionRegister
    from cdc.model.execution import ExecutionLog
    from cdc.model.responses import EvaluatorNotes, Response

    schemas = {
        "project.schema.json": _schema(Project, "project.schema.json", "cdc project file"),
        "response.schema.json": _schema(Response, "response.schema.json", "cdc vendor response"),
        "notes.schema.json": _schema(EvaluatorNotes, "notes.schema.json", "cdc evaluator notes"),
        "questions.schema.json": _schema(
            QuestionRegister, "questions.schema.json", "cdc questions and answers register"
        ),
        "execution.schema.json": _schema(
            ExecutionLog, "execution.schema.json", "cdc contract execution log"
        ),
        "award.schema.json": _schema(
            AwardDecisions, "award.schema.json", "cdc award decisions"
        ),
    }
    return {
        name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n" for name, doc in schemas.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the paths written."""
    written = []
    for name, text in generated_schemas().items():
        target = folder / name
        write_atomic(target, text)
        written.append(target)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """Names of the schemas in ``folder`` that are missing or differ from the models."""
    stale = []
    for name, text in generated_schemas().items():
        target = folder / name
        try:
            current = target.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            stale.append(name)
    return stale
