"""Find the data shipped with cdc (templates, schemas) in any kind of install.

A wheel carries them inside the package (``cdc/_data/...``, mapped by pyproject.toml); a source
checkout or an editable install keeps them at the top of the repository. One resolver hides
the difference.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from cdc.core.errors import CdcError

DATA_DIRS = ("templates", "schemas")


def data_dir(name: str) -> Path:
    """Folder of the shipped ``templates`` or ``schemas``."""
    if name not in DATA_DIRS:
        raise ValueError(f"unknown data folder {name!r}")
    packaged = Path(str(files("cdc"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(str(files("cdc"))).parent / name
    if checkout.is_dir():
        return checkout
    raise CdcError(f"cdc is installed without its {name} folder; reinstall it")
