"""The pins development and CI install (constraints.txt) against the ranges users get
(pyproject.toml): every dependency and test tool is pinned to one exact version, inside its
range, and the scripts that install use the pins."""

from __future__ import annotations

import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"constraints.txt: {line!r} is not an exact pin (name==version)"
        key = canonicalize_name(name)
        assert key not in pins, f"constraints.txt pins {name} twice"
        pins[key] = Version(version)
    return pins


def _requirements() -> list[Requirement]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    listed = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    listed += meta["build-system"]["requires"]
    return [Requirement(text) for text in listed]


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_every_requirement_is_pinned_within_its_range(requirement: Requirement) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, (
        f"{requirement.name} is not in constraints.txt: ./scripts/refresh-constraints"
    )
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"constraints.txt pins {requirement.name} {pins[name]}, outside {requirement}"
    )


def test_pyproject_keeps_ranges_for_users() -> None:
    pinned = [str(r) for r in _requirements() if any(s.operator == "==" for s in r.specifier)]
    assert pinned == [], "pyproject.toml gives users ranges; exact pins go to constraints.txt"


def test_the_install_scripts_use_the_pins() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "-c constraints.txt --build-constraint constraints.txt -e '.[test]'" in setup
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c constraints.txt dist/cdc-" in ci
