"""The JSON Schema is generated from the models, committed, complete and in step."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cdc.model import Project
from cdc.model.schema import generated_schemas, stale_schemas
from cdc.reading.yamlsrc import read_yaml_bytes
from tests.conftest import CASES, EXAMPLES, ROOT

SCHEMAS = ROOT / "schemas"


def test_committed_schemas_are_up_to_date() -> None:
    assert stale_schemas(SCHEMAS) == [], "run: cdc schema"


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in schema.get("$defs", {}).items():
        for prop, body in definition.get("properties", {}).items():
            yield f"{name}.{prop}", body
    for prop, body in schema.get("properties", {}).items():
        yield prop, body


@pytest.mark.parametrize("name", sorted(generated_schemas()))
def test_every_field_has_a_description(name: str) -> None:
    schema = json.loads(generated_schemas()[name])
    missing = [prop for prop, body in _properties(schema) if not body.get("description")]
    assert missing == []


def test_every_model_forbids_unknown_keys() -> None:
    schema = json.loads(generated_schemas()["project.schema.json"])
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition:
            assert definition.get("additionalProperties") is False, name
    assert schema["additionalProperties"] is False


def _instance(path: Path) -> Any:
    """The data as cdc reads it (YAML 1.2 core), made JSON-like for jsonschema."""
    doc = read_yaml_bytes(path.read_bytes(), str(path))
    return json.loads(json.dumps(doc.data, default=str))


@pytest.mark.parametrize(
    "path",
    [*EXAMPLES, *sorted(CASES.glob("positive/*/cdc.yaml"))],
    ids=lambda p: p.parent.name,
)
def test_valid_projects_validate_against_the_json_schema(path: Path) -> None:
    schema = json.loads((SCHEMAS / "project.schema.json").read_text(encoding="utf-8"))
    data = _instance(path)
    data.pop("include", None)
    jsonschema.validate(data, schema)
    Project.model_validate(data)


def test_the_schema_rejects_an_unknown_key() -> None:
    schema = json.loads((SCHEMAS / "project.schema.json").read_text(encoding="utf-8"))
    data = _instance(EXAMPLES[0])
    data["bogus"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
