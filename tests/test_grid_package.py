"""A grid shows cdc what it shows Excel (issue 13, review 1: defects 1, 2, 3, 4, 5, 7, 8).

Each file here is crafted as the hostile review did: the flagship's honest grid, rewritten at
the package or XML level where Excel would never write it (a decoy workbook, two sheets of one
name, a DTD, a formula answer with a cached lie), or edited with openpyxl where a vendor could.
Each is refused (exit 1, sheet and cell named when there is one) or read as Excel shows it.
"""

from __future__ import annotations

import io
import random
import re
import string
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cdc.core.errors import InputError
from cdc.grid.layout import COL
from cdc.model import Project
from cdc.reading.project import load_project
from cdc.reading.responses._grid_cells import number
from cdc.reading.responses.xlsx_reader import read_grid
from tests.conftest import ROOT, CliCall

sys.path.insert(0, str(ROOT / "scripts"))

from gridfill import fill_grid
from make_example_responses import PRICES

EXAMPLE = ROOT / "examples" / "contact-center"
PROJECT_FILE = EXAMPLE / "cdc.yaml"
VENDOR = "Alizé Contact"
MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(PROJECT_FILE)
    assert loaded.project is not None
    return loaded.project


@pytest.fixture(scope="module")
def honest(project: Project) -> bytes:
    """CON-001 (a must-have) answered "Feuille de route", everything else "standard"."""
    answers = {
        r.id: ("yes" if r.response.value == "yes_no" else "standard")
        for r in project.requirements
        if r.response.value in ("compliance", "yes_no")
    }
    answers["CON-001"] = "roadmap"
    return fill_grid(project, VENDOR, answers, PRICES[VENDOR])


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _write(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet_part(parts: dict[str, bytes], name: str) -> str:
    """The part of sheet ``name`` in a grid openpyxl wrote (sheets in workbook order)."""
    names = re.findall(rb'<sheet [^>]*name="([^"]+)"', parts["xl/workbook.xml"])
    return f"xl/worksheets/sheet{[n.decode() for n in names].index(name) + 1}.xml"


def _set_cell(xml: bytes, ref: str, cell: bytes) -> bytes:
    """Replace cell ``ref`` (which must exist) with the raw ``cell`` element."""
    found = re.search(rb'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref.encode(), xml, re.S)
    assert found, ref
    return xml[: found.start()] + cell + xml[found.end() :]


def _row_of(data: bytes, rid: str) -> int:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Exigences"]
    return next(r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value == rid)


def _refused(path: Path, project: Project) -> str:
    with pytest.raises(InputError) as info:
        read_grid(path, project)
    return str(info.value)


def _edit(data: bytes, tmp_path: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def _hidden_row(wb: Any, record: str, key: str) -> int:
    ws = wb["cdc"]
    return next(
        r
        for r in range(2, ws.max_row + 1)
        if ws[f"A{r}"].value == record and ws[f"B{r}"].value == key
    )


def _con001(path: Path, project: Project) -> str | None:
    answer = next(a for a in read_grid(path, project).answers if a.id == "CON-001")
    return answer.compliance


# -- 1a: the package is opened the way Excel opens it --------------------------------------------


def test_a_decoy_workbook_is_not_read(project: Project, honest: bytes, tmp_path: Path) -> None:
    """The real workbook moved to xl/real.xml (as _rels/.rels says); xl/workbook.xml left as a
    decoy whose "Exigences" is a doctored copy. Excel shows the real one: so must cdc."""
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    row = _row_of(honest, "CON-001")
    doctored = _set_cell(
        parts[exigences],
        f"{COL['answer']}{row}",
        f'<c r="{COL["answer"]}{row}" t="inlineStr"><is><t>Standard</t></is></c>'.encode(),
    )
    parts["xl/decoy.xml"] = doctored
    parts["xl/real.xml"] = parts["xl/workbook.xml"]
    parts["xl/_rels/real.xml.rels"] = parts["xl/_rels/workbook.xml.rels"]
    decoy_rels = parts["xl/_rels/workbook.xml.rels"].replace(
        f"/{exigences}".encode(), b"/xl/decoy.xml"
    )
    assert decoy_rels != parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = decoy_rels
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"xl/real.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/real.xml" ContentType="' + MAIN.encode() + b'"/>'
        b'<Override PartName="/xl/decoy.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    )
    path = _write(parts, tmp_path / "decoy.xlsx")
    assert _con001(path, project) == "roadmap"


def test_a_workbook_part_declared_as_something_else_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    parts = _parts(honest)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        MAIN.encode(), b"application/xml"
    )
    message = _refused(_write(parts, tmp_path / "ct.xlsx"), project)
    assert "part '/xl/workbook.xml' is used as the workbook but declared as 'application/xml'" in (
        message
    )


def test_a_sheet_pointing_to_a_missing_part_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    parts = _parts(honest)
    del parts[_sheet_part(parts, "Prix")]
    message = _refused(_write(parts, tmp_path / "missing.xlsx"), project)
    assert "the sheet 'Prix' part '/xl/worksheets/sheet3.xml' is missing from the package" in (
        message
    )


def test_shared_strings_are_found_by_relationship_type_not_name(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    """A grid LibreOffice re-saved reads; its strings moved to a part with another name (as
    the format allows) still read, and an extra file named sharedStrings.xml is ignored."""
    fixture = ROOT / "tests" / "fixtures" / "alize-contact.libreoffice.xlsx"
    parts = _parts(fixture.read_bytes())
    expected = read_grid(fixture, project)
    parts["xl/strings/text.xml"] = parts.pop("xl/sharedStrings.xml")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Target="sharedStrings.xml"', b'Target="strings/text.xml"'
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b'PartName="/xl/sharedStrings.xml"', b'PartName="/xl/strings/text.xml"'
    )
    parts["xl/other/sharedStrings.xml"] = b"<sst/>"  # not related: never read
    moved = read_grid(_write(parts, tmp_path / "moved.xlsx"), project)
    assert moved.answers == expected.answers and moved.prices == expected.prices


# -- 1b: two sheets of one name ------------------------------------------------------------------


@pytest.mark.parametrize("second", ["Exigences", "EXIGENCES"])
def test_two_sheets_with_one_name_are_refused(
    project: Project, honest: bytes, tmp_path: Path, second: str
) -> None:
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    parts["xl/worksheets/copy.xml"] = parts[exigences]
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>",
        f'<sheet xmlns:r="{REL}" name="{second}" sheetId="99" state="veryHidden" r:id="rIdCopy"/>'
        "</sheets>".encode(),
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="/xl/worksheets/copy.xml" Id="rIdCopy"/>'
        b"</Relationships>",
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/worksheets/copy.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    )
    message = _refused(_write(parts, tmp_path / "twice.xlsx"), project)
    assert f"two sheets are named 'Exigences' and '{second}'" in message


# -- 1c and 2: no DTD, no entity -----------------------------------------------------------------


def test_an_internal_entity_is_refused(project: Project, honest: bytes, tmp_path: Path) -> None:
    """``&a;`` defined as "Standard": Excel and LibreOffice show an empty cell."""
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    row = _row_of(honest, "CON-001")
    xml = _set_cell(
        parts[exigences],
        f"{COL['answer']}{row}",
        f'<c r="{COL["answer"]}{row}" t="inlineStr"><is><t>&a;</t></is></c>'.encode(),
    )
    start = xml.index(b"<worksheet")
    parts[exigences] = xml[:start] + b'<!DOCTYPE worksheet [<!ENTITY a "Standard">]>' + xml[start:]
    message = _refused(_write(parts, tmp_path / "entity.xlsx"), project)
    assert "DOCTYPE or ENTITY declaration" in message


def test_an_entity_expansion_bomb_exits_1(honest: bytes, tmp_path: Path, cli: CliCall) -> None:
    """One 256 KiB entity referenced 40 times in an answer: under the parser's own
    amplification limit (so it expanded, 10 MiB here, 0.8 GB in the review's file) and under
    the zip limits (random letters do not compress). Refused before parsing."""
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    row = _row_of(honest, "CON-001")
    cell = f"{COL['answer']}{row}"
    letters = "".join(random.Random(13).choices(string.ascii_letters, k=256 * 1024))
    xml = _set_cell(
        parts[exigences],
        cell,
        f'<c r="{cell}" t="inlineStr"><is><t>{"&big;" * 40}</t></is></c>'.encode(),
    )
    start = xml.index(b"<worksheet")
    declaration = f'<!DOCTYPE worksheet [<!ENTITY big "{letters}">]>'.encode()
    parts[exigences] = xml[:start] + declaration + xml[start:]
    path = _write(parts, tmp_path / "amplified.xlsx")
    run = cli("score", str(PROJECT_FILE), str(path), "--format", "json")
    assert run.code == 1 and "Traceback" not in run.err
    assert "DOCTYPE or ENTITY declaration" in run.err


def test_a_part_in_another_encoding_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    """UTF-16 could spell ``<!DOCTYPE`` in bytes no search for it would find."""
    parts = _parts(honest)
    parts["xl/styles.xml"] = (
        parts["xl/styles.xml"].decode("utf-8").replace("UTF-8", "UTF-16").encode("utf-16")
    )
    assert "not in UTF-8" in _refused(_write(parts, tmp_path / "utf16.xlsx"), project)


# -- 7: formulas in cells the vendor fills -------------------------------------------------------


def test_a_formula_answer_is_refused_whatever_it_cached(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    row = _row_of(honest, "CON-001")
    cell = f"{COL['answer']}{row}"
    parts[exigences] = _set_cell(
        parts[exigences],
        cell,
        f'<c r="{cell}" t="str"><f>"Feuille de route"</f><v>Standard</v></c>'.encode(),
    )
    message = _refused(_write(parts, tmp_path / "formula.xlsx"), project)
    assert f"sheet 'Exigences', cell {cell}: a formula is not an answer: type the value" in message


@pytest.mark.parametrize(("sheet", "cell"), [("Prix", "C7"), ("Prix", "D8"), ("Instructions", "")])
def test_formulas_in_prices_and_the_vendor_name_are_refused(
    project: Project, honest: bytes, tmp_path: Path, sheet: str, cell: str
) -> None:
    def change(wb: Any) -> None:
        if sheet == "Instructions":
            ws = wb[sheet]
            target = next(f"B{r}" for r in range(1, 10) if ws[f"B{r}"].value == VENDOR)
            ws[target] = '="Alizé"&" Contact"'
            found.append(target)
        else:
            wb[sheet][cell] = "=1000/2"
            found.append(cell)

    found: list[str] = []
    message = _refused(_edit(honest, tmp_path, change), project)
    assert f"sheet '{sheet}', cell {found[0]}: a formula is not an answer" in message


def test_cdcs_own_formulas_still_read(project: Project, honest: bytes, tmp_path: Path) -> None:
    """The price sheet's totals are cdc's formulas (columns E to G): never refused."""
    path = tmp_path / "honest.xlsx"
    path.write_bytes(honest)
    assert _con001(path, project) == "roadmap"
    assert read_grid(path, project).prices


# -- 4: price lines outside the table ------------------------------------------------------------


def test_a_price_line_above_the_header_is_refused(
    project: Project, honest: bytes, tmp_path: Path, cli: CliCall
) -> None:
    def change(wb: Any) -> None:
        ws = wb["Prix"]
        ws["A5"], ws["B5"], ws["C5"], ws["D5"] = "Frais de service", "Ponctuel", 500000, 1

    path = _edit(honest, tmp_path, change)
    assert "sheet 'Prix', cell B5: a price line above the price table's header (row 6)" in (
        _refused(path, project)
    )
    run = cli("score", str(PROJECT_FILE), str(path), "--format", "json")
    assert run.code == 1 and "Traceback" not in run.err


def test_a_price_right_of_the_table_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        wb["Prix"]["K9"] = 250000

    message = _refused(_edit(honest, tmp_path, change), project)
    assert "sheet 'Prix', cell K9: a price outside the price table" in message


# -- 5: numbers typed as text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "typed", "read"),
    [
        ("fr", "61 000", "61000"),
        ("fr", "61\u202f000,50", "61000.50"),
        ("fr", "1.000.000", "1000000"),
        ("fr", "1.234,5", "1234.5"),
        ("fr", "61,5", "61.5"),
        ("en", "61,000.50", "61000.50"),
        ("en", "1,000,000", "1000000"),
        ("en", "61.5", "61.5"),
        ("en", "61 000", "61000"),
    ],
)
def test_numbers_typed_as_text_read_with_the_languages_separators(
    lang: str, typed: str, read: str
) -> None:
    assert number(typed, "an amount", high=10**9, lang=lang) == Decimal(read)


@pytest.mark.parametrize(
    ("lang", "typed", "says"),
    [
        ("fr", "1.140", "is ambiguous ('.' may separate thousands or decimals): type 61000"),
        ("fr", "1,140", "is ambiguous"),
        ("fr", "61,000.00", "the decimal separator of this project's language (fr) is ','"),
        ("fr", "1,000,000", "is not a number as written"),
        ("en", "61,000", "is ambiguous (',' may separate thousands or decimals)"),
        ("en", "61.000", "is ambiguous"),
        ("en", "61.000,00", "the decimal separator of this project's language (en) is '.'"),
        ("en", "1,00,000", "is not a number as written"),
    ],
)
def test_ambiguous_text_numbers_are_refused(lang: str, typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        number(typed, "an amount", high=10**9, lang=lang)


def test_numbers_stored_as_numbers_are_unaffected() -> None:
    assert number(61000, "an amount", high=10**9, lang="fr") == 61000
    assert number(1.14, "an amount", high=10**9, lang="en") == Decimal("1.14")


def test_an_ambiguous_price_in_the_grid_names_its_cell(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    """Text "1.140" in a French grid was read as 1.14 and flipped the ranking."""

    def change(wb: Any) -> None:
        wb["Prix"]["C7"] = "1.140"

    message = _refused(_edit(honest, tmp_path, change), project)
    assert "sheet 'Prix', cell C7: '1.140' is ambiguous" in message


# -- 3 and 8: the version and method records -----------------------------------------------------


def test_the_current_version_number_with_another_content_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    """A forged "older version" claim that keeps the version number: ids and texts could then
    be moved with only a warning. The version number says the content is today's."""
    row: list[int] = []

    def change(wb: Any) -> None:
        row.append(_hidden_row(wb, "meta", "content_hash"))
        wb["cdc"][f"C{row[0]}"] = "1" * 64
        ws = wb["Exigences"]
        a = next(r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value == "CON-001")
        ws[f"{COL['answer']}{a}"] = "Standard"

    message = _refused(_edit(honest, tmp_path, change), project)
    assert (
        f"sheet 'cdc', cell C{row[0]}: the file says it answers version "
        f"{project.project.version}, but its content is not version {project.project.version}'s"
    ) in message


def test_an_edited_method_record_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    row: list[int] = []

    def change(wb: Any) -> None:
        row.append(_hidden_row(wb, "meta", "method_hash"))
        cell = wb["cdc"][f"D{row[0]}"]
        assert '"weight":"60"' in cell.value
        cell.value = cell.value.replace('"weight":"60"', '"weight":"95"', 1)

    message = _refused(_edit(honest, tmp_path, change), project)
    assert f"sheet 'cdc', cell D{row[0]}: the method record is not the one cdc wrote" in message


def test_a_method_record_not_matching_its_own_hash_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    row: list[int] = []

    def change(wb: Any) -> None:
        row.append(_hidden_row(wb, "meta", "method_hash"))
        wb["cdc"][f"C{row[0]}"] = "2" * 64

    message = _refused(_edit(honest, tmp_path, change), project)
    assert f"cell D{row[0]}: the method record does not match its hash in C{row[0]}" in message


# -- cells Excel would call corrupt --------------------------------------------------------------


@pytest.mark.parametrize("first", [True, False])
def test_a_cell_written_twice_is_refused(
    project: Project, honest: bytes, tmp_path: Path, first: bool
) -> None:
    """Two G23 cells: one shows in one program, the other in another."""
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    cell = f"{COL['answer']}{_row_of(honest, 'CON-001')}"
    xml = parts[exigences]
    found = re.search(rb'<c r="%s"[^>]*?>.*?</c>' % cell.encode(), xml, re.S)
    assert found
    twin = f'<c r="{cell}" t="inlineStr"><is><t>Standard</t></is></c>'.encode()
    at = found.start() if first else found.end()
    parts[exigences] = xml[:at] + twin + xml[at:]
    message = _refused(_write(parts, tmp_path / "twice.xlsx"), project)
    assert f"cell {cell} appears twice" in message


def test_a_second_table_of_cells_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    cell = f"{COL['answer']}{_row_of(honest, 'CON-001')}"
    parts[exigences] = parts[exigences].replace(
        b"</sheetData>",
        f'</sheetData><sheetData><row><c r="{cell}" t="inlineStr"><is><t>Standard</t></is>'
        "</c></row></sheetData>".encode(),
        1,
    )
    message = _refused(_write(parts, tmp_path / "second.xlsx"), project)
    assert "two tables of cells" in message


def test_a_cell_reference_with_a_leading_zero_is_the_same_cell(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    """``G023`` is G23 for a spreadsheet: it neither hides nor duplicates the answer."""
    parts = _parts(honest)
    exigences = _sheet_part(parts, "Exigences")
    row = _row_of(honest, "CON-001")
    cell = f"{COL['answer']}{row}"
    parts[exigences] = parts[exigences].replace(
        f'<c r="{cell}"'.encode(), f'<c r="{COL["answer"]}0{row}"'.encode(), 1
    )
    assert _con001(_write(parts, tmp_path / "zero.xlsx"), project) == "roadmap"
