"""Plumbing every stage shares, and nothing else: it imports no other part of cdc.

- :mod:`cdc.core.errors` — the exceptions that carry an exit code (usage, input, output);
- :mod:`cdc.core.findings` — a located finding (``PATH:LINE:COL: severity RULE-ID message``)
  and its severity, as data;
- :mod:`cdc.core.safetext` — what may reach a terminal, a log or a CI annotation from a user's
  or a vendor's text;
- :mod:`cdc.core.fsutil` — atomic writes (a reader sees the old file or the new one);
- :mod:`cdc.core.resources` — where the shipped templates and schemas are, in any install;
- :mod:`cdc.core.version` — cdc's version (the build reads it there).
"""
