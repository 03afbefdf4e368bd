"""Every file cdc reads, from bytes to validated models with located findings.

- :mod:`cdc.reading.yamlsrc` — safe YAML with the line and column of every value, and limits
  (size, depth, aliases) that hostile input cannot pass;
- :mod:`cdc.reading.project` — ``cdc.yaml`` and its includes → :class:`cdc.model.Project`
  (or None) and the findings of loading and validation, each at its place in its file;
- :mod:`cdc.reading.responses` — vendors' grids and responses, evaluators' notes →
  :mod:`cdc.model.responses` models, checked against the project they answer.

Nothing here judges a project (that is :mod:`cdc.linting`) or a bid (:mod:`cdc.scoring`).
"""
