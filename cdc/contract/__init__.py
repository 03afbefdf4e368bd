"""Contract management: the clause library, which clauses a project needs, and its checklists.

- :mod:`cdc.contract.catalogue` — the versioned clause catalogue (YAML, validated by its own
  model), merged with the organisation's and the project's catalogues;
- :mod:`cdc.contract.evaluate` — which clauses apply to a project and why (lint and documents);
- :mod:`cdc.contract.checklist` and :mod:`cdc.contract.gdpr` — the checklists' content;
- :mod:`cdc.contract.penalties` — delay penalties under the contract's terms (CCAG-TIC 2021
  or private: formula, cap, exemption threshold), to the cent;
- :mod:`cdc.contract.events` — the execution follow-up log read by ``cdc penalties``.

Pure library code: no CLI, no document writer. The package itself imports nothing, so the
lint rules load only the modules they use (lint start-up time matters in editors and hooks).
"""
