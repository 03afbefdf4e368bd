"""Rules emitted by the loader (reading, decoding, parsing and validating the file).

They have no check function: :mod:`cdc.reading.project` and :mod:`cdc.reading.yamlsrc` produce their findings.
They are registered so that ``--list-rules``, SARIF metadata and waivers know them.
"""

from __future__ import annotations

from cdc.core.findings import Severity
from cdc.linting.registry import Rule, register

_E = Severity.error

for _rule in (
    Rule("SCH001", "yaml-syntax", _E, "schema", "The file is not valid YAML."),
    Rule("SCH002", "duplicate-key", _E, "schema", "A key appears twice in the same mapping."),
    Rule("SCH003", "unknown-key", _E, "schema", "A key the project model does not know (a typo?)."),
    Rule("SCH004", "invalid-value", _E, "schema", "A value has the wrong type or is out of range."),
    Rule("SCH005", "missing-key", _E, "schema", "A required key is missing."),
    Rule(
        "SCH006", "encoding", _E, "schema", "The file is not UTF-8 text (Latin-1, UTF-16, binary)."
    ),
    Rule("SCH007", "forbidden-tag", _E, "schema", "A YAML tag that would build an object."),
    Rule(
        "SCH008",
        "too-large",
        _E,
        "schema",
        "The file exceeds a safety limit (size, nesting depth, alias expansion).",
    ),
    Rule(
        "SCH009",
        "not-a-project",
        _E,
        "schema",
        "The file is empty, holds several documents, or is not a mapping.",
    ),
    Rule("SCH010", "include", _E, "schema", "An include is unsafe, missing, or holds other parts."),
    Rule(
        "SCH011",
        "control-character",
        _E,
        "schema",
        "A text holds an invisible control or bidi-override character (ESC, NUL, U+0085, U+202E…).",
    ),
):
    register(_rule)
