"""Property-based robustness: whatever the bytes, the loader and lint answer with findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdc.core.findings import Severity
from cdc.linting import lint_loaded
from cdc.reading.project import load_project
from cdc.reading.yamlsrc import read_yaml_bytes
from tests.conftest import ROOT

MINIMAL = (ROOT / "tests/cases/positive/minimal/cdc.yaml").read_bytes()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=5),
    ),
    max_leaves=30,
)


def _check(path: Path) -> None:
    loaded = load_project(path)
    findings = lint_loaded(loaded)
    if loaded.project is None:
        assert any(f.severity is Severity.error for f in findings)
    for f in findings:
        assert f.mark.line >= 1 and f.mark.col >= 1
        assert f.rule and f.message


@given(st.binary(max_size=400))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_never_crash(tmp_path_factory: Any, raw: bytes) -> None:
    doc = read_yaml_bytes(raw, "x.yaml")
    if doc.data is None:
        assert doc.findings, "an unusable file must say why"
    path = tmp_path_factory.mktemp("b") / "cdc.yaml"
    path.write_bytes(raw)
    _check(path)


@given(trees)
def test_random_yaml_structures_never_crash(tmp_path_factory: Any, tree: Any) -> None:
    path = tmp_path_factory.mktemp("y") / "cdc.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    _check(path)


@given(st.data())
def test_mutated_valid_project_never_crashes(tmp_path_factory: Any, data: st.DataObject) -> None:
    raw = bytearray(MINIMAL)
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["delete", "insert", "flip"]))
        at = data.draw(st.integers(0, len(raw) - 1))
        if action == "delete":
            del raw[at : at + data.draw(st.integers(1, 40))]
        elif action == "insert":
            raw[at:at] = data.draw(
                st.sampled_from([b": ", b"- ", b"\n  ", b"[", b"&a ", b"*a", b"\t", b"!!x "])
            )
        else:
            raw[at] = data.draw(st.integers(0, 255))
        if not raw:
            break
    path = tmp_path_factory.mktemp("m") / "cdc.yaml"
    path.write_bytes(bytes(raw))
    _check(path)
