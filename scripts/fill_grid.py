"""Fill the flagship's generated response grid as the vendor "Alizé Contact" would, in Excel.

The grid comes from ``cdc render --doc grid`` (built here in memory); the answers are those of
``scripts/make_example_responses.py`` (same profile, same stable hash per requirement). The
result, ``examples/contact-center/responses/alize-contact.xlsx``, is what ``cdc score`` reads
back: it proves the round trip grid → vendor → score. Usage: ``python scripts/fill_grid.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gridfill import fill_grid
from make_example_responses import EXAMPLE, PRICES, answer_for

from cdc.model.enums import ResponseType
from cdc.reading.project import load_project

VENDOR = "Alizé Contact"


def main() -> None:
    """Build the grid, fill it with Alizé's answers and prices, save it with the responses."""
    project = load_project(EXAMPLE / "cdc.yaml").project
    assert project is not None
    answers: dict[str, str] = {}
    cells: dict[str, dict[str, Any]] = {}
    for req in project.requirements:
        if req.response is ResponseType.yes_no:
            answers[req.id] = "yes"
        elif req.response is ResponseType.compliance:
            level = answers[req.id] = answer_for(VENDOR, project, req.id)
            if level == "roadmap":
                cells[req.id] = {
                    "roadmap_date": "2028-03-31",
                    "comment": "Disponible dans la version de printemps 2028.",
                }
            elif level == "developpement":
                cells[req.id] = {
                    "comment": "Développement spécifique : voir l'onglet Prix.",
                    "extra_cost": 4800,
                }
            else:
                cells[req.id] = {"proof": "Mémoire technique, section 3"}
        else:
            cells[req.id] = {"comment": "Voir le mémoire technique, chapitre 4."}
    data = fill_grid(
        project,
        VENDOR,
        answers,
        PRICES[VENDOR],
        cells=cells,
        question_answer="Réponse détaillée dans le mémoire technique, chapitre 5.",
    )
    (EXAMPLE / "responses" / "alize-contact.xlsx").write_bytes(data)


if __name__ == "__main__":
    main()
