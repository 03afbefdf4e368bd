"""``cdc init``: from a few answers to a commented project file that lints clean.

The library side of the wizard, usable without a terminal:

- :mod:`cdc.init.catalog` — the templates (light: the CLI imports it at start-up);
- :mod:`cdc.init.answers` — the typed answers and the answers-file reader;
- :mod:`cdc.init.questions` — the ordered questions, their defaults and cross-answer rules;
- :mod:`cdc.init.generate` — answers → YAML text through commented templates;
- :mod:`cdc.init.prompting` — the interactive prompts (the only module that needs a terminal).

Nothing is imported here, so importing the catalog stays cheap for every other command.
"""

from __future__ import annotations

__all__ = ["answers", "catalog", "generate", "output", "prompting", "questions"]
