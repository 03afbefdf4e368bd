"""The data resolver finds templates and schemas in a checkout and in an installed wheel."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import cdc
from cdc.core import resources
from cdc.core.errors import CdcError


def test_checkout_layout_is_found() -> None:
    schemas = resources.data_dir("schemas")
    assert (schemas / "project.schema.json").is_file()
    assert resources.data_dir("templates").is_dir()


def test_packaged_layout_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a wheel the data lives in ``cdc/_data``: simulate that package layout."""
    package = tmp_path / "site-packages" / "cdc"
    (package / "_data" / "schemas").mkdir(parents=True)
    monkeypatch.setattr(resources, "files", lambda name: package)
    assert resources.data_dir("schemas") == package / "_data" / "schemas"


def test_missing_data_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "files", lambda name: tmp_path / "cdc")
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "cdc" / "resources.py"))
    with pytest.raises(CdcError, match="reinstall"):
        resources.data_dir("templates")


def test_unknown_folder_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        resources.data_dir("fonts")


def test_pyproject_maps_data_into_the_wheel() -> None:
    """The wheel's force-include must put both folders where the resolver looks."""
    root = Path(cdc.__file__).resolve().parent.parent
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates" = "cdc/_data/templates"' in text
    assert '"schemas" = "cdc/_data/schemas"' in text


def test_built_wheel_carries_data(tmp_path: Path) -> None:
    """When a wheel has been built (``.ci/run`` builds one), check its content."""
    root = Path(cdc.__file__).resolve().parent.parent
    wheels = sorted((root / "dist").glob("cdc-*.whl")) if (root / "dist").is_dir() else []
    if not wheels:
        pytest.skip("no wheel built in dist/")
    names = zipfile.ZipFile(wheels[-1]).namelist()
    assert "cdc/_data/schemas/project.schema.json" in names
