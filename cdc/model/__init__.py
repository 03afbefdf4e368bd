"""Pydantic models of the project file: the single source of truth for ``cdc.yaml``.

The JSON Schema in ``schemas/`` is generated from these classes (``cdc schema``).
"""

from cdc.model.project import INCLUDABLE_PARTS, Project, Waiver

__all__ = ["INCLUDABLE_PARTS", "Project", "Waiver"]
