"""Fill the flagship's generated response grid as the vendor "Alizé Contact" would, in Excel.

The grid comes from ``cdc render --doc grid`` (built here in memory); the answers are those of
``scripts/make_example_responses.py`` (same profile, same stable hash per requirement). The
result, ``examples/contact-center/responses/alize-contact.xlsx``, is what ``cdc score`` reads
back: it proves the round trip grid → vendor → score. Usage: ``python scripts/fill_grid.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_example_responses import EXAMPLE, PRICES, answer_for

from cdc.loader import load_project
from cdc.model.enums import ResponseType
from cdc.render._xlsx import workbook_bytes
from cdc.render.context import build_context
from cdc.render.templating import load_labels
from cdc.render.xlsx_grid import grid_xlsx

VENDOR = "Alizé Contact"


def main() -> None:
    """Build the grid, fill it, save it next to the other example responses."""
    project = load_project(EXAMPLE / "cdc.yaml").project
    assert project is not None
    labels = load_labels(project.project.language.value)
    blank = grid_xlsx(build_context(project, labels, "grid"))
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    records: dict[tuple[str, str], tuple[object, object]] = {}
    for row in wb["cdc"].iter_rows(min_row=2, values_only=True):
        records[(str(row[0]), str(row[1]))] = (row[2], row[3])

    def value(record: str, key: str) -> object:
        return records[(record, key)][0]

    def extra(record: str, key: str) -> object:
        return records[(record, key)][1]

    # The vendor's name on the instructions sheet.
    wb[str(value("input", "vendor_name"))][str(extra("input", "vendor_name"))] = VENDOR
    # Answers, by the id written in each row.
    sheet = wb[str(value("sheet", "requirements"))]
    column = {key: str(v) for (rec, key), (v, _) in records.items() if rec == "column"}
    shown = {key: str(v) for (rec, key), (v, _) in records.items() if rec == "scale"}
    yes = str(value("yes_no", "yes"))
    requirements = {r.id: r for r in project.requirements}
    for row in range(2, sheet.max_row + 1):
        rid = sheet[f"{column['id']}{row}"].value
        if rid not in requirements:
            continue
        req = requirements[rid]
        if req.response is ResponseType.yes_no:
            sheet[f"{column['answer']}{row}"] = yes
        elif req.response is ResponseType.compliance:
            level = answer_for(VENDOR, project, rid)
            sheet[f"{column['answer']}{row}"] = shown[level]
            if level == "roadmap":
                sheet[f"{column['roadmap_date']}{row}"] = "2028-03-31"
                sheet[f"{column['comment']}{row}"] = "Disponible dans la version de printemps 2028."
            elif level == "developpement":
                sheet[f"{column['comment']}{row}"] = (
                    "Développement spécifique : voir l'onglet Prix."
                )
                sheet[f"{column['extra_cost']}{row}"] = 4800
            else:
                sheet[f"{column['proof']}{row}"] = "Mémoire technique, section 3"
        else:
            sheet[f"{column['comment']}{row}"] = "Voir le mémoire technique, chapitre 4."
    # Price sheet: clear the pre-filled lines, then write Alizé's.
    price = wb[str(value("sheet", "price"))]
    first, last = int(str(extra("price", "first_row"))), int(str(extra("price", "last_row")))
    kinds = {key: str(v) for (rec, key), (v, _) in records.items() if rec == "price_type"}
    for row in range(first, last + 1):
        for col in "ABCDH":
            price[f"{col}{row}"] = None
    for offset, line in enumerate(PRICES[VENDOR]):
        row = first + offset
        price[f"A{row}"] = line["label"]
        price[f"B{row}"] = kinds[line["kind"]]
        price[f"C{row}"] = line["unit_price"]
        price[f"D{row}"] = line["quantity"]
    # Open questions.
    questions = wb[str(value("sheet", "questions"))]
    for (rec, _qid), (_, row) in records.items():
        if rec == "question" and isinstance(row, int):
            questions[f"C{row}"] = "Réponse détaillée dans le mémoire technique, chapitre 5."
    data = workbook_bytes(
        wb, project.project.date, title=f"Réponse {VENDOR}", author=VENDOR, lang="fr"
    )
    (EXAMPLE / "responses" / "alize-contact.xlsx").write_bytes(data)


if __name__ == "__main__":
    main()
