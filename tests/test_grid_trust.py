"""A vendor's grid cannot change how it is read or scored (issue 13, sections 2 and 3).

Every manipulated grid here is built as a hostile or careless vendor would: the flagship's
blank grid filled with :func:`scripts.gridfill.fill_grid`, then edited with openpyxl (or at the
XML level, for what Excel would never write). Each is refused with the sheet and cell named
(exit 1), or read exactly as the honest grid is read; none crashes (exit 3).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdc.core.errors import InputError
from cdc.model import Project
from cdc.reading.project import load_project
from cdc.reading.responses.xlsx_reader import read_grid
from tests.conftest import ROOT, CliCall

sys.path.insert(0, str(ROOT / "scripts"))

from gridfill import fill_grid
from make_example_responses import PRICES

EXAMPLE = ROOT / "examples" / "contact-center"
PROJECT_FILE = EXAMPLE / "cdc.yaml"
VENDOR = "Alizé Contact"


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(PROJECT_FILE)
    assert loaded.project is not None
    return loaded.project


def _answers(project: Project, level: str) -> dict[str, str]:
    out = {}
    for r in project.requirements:
        if r.response.value == "compliance":
            out[r.id] = level
        elif r.response.value == "yes_no":
            out[r.id] = "yes"
    return out


@pytest.fixture(scope="module")
def honest(project: Project) -> bytes:
    """Every requirement answered "standard", Alizé's prices."""
    return fill_grid(project, VENDOR, _answers(project, "standard"), PRICES[VENDOR])


@pytest.fixture(scope="module")
def non_compliant(project: Project) -> bytes:
    """Every compliance requirement answered "Non conforme" (must-haves included)."""
    return fill_grid(project, VENDOR, _answers(project, "non-conforme"), PRICES[VENDOR])


def _edit(data: bytes, tmp_path: Path, change: Callable[[Any], None], name: str = "g") -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    path = tmp_path / f"{name}.xlsx"
    wb.save(path)
    return path


def _hidden_row(wb: Any, record: str, key: str) -> int:
    for row in range(2, wb["cdc"].max_row + 1):
        if wb["cdc"][f"A{row}"].value == record and wb["cdc"][f"B{row}"].value == key:
            return row
    raise KeyError((record, key))


def _row_of(wb: Any, rid: str) -> int:
    ws = wb["Exigences"]
    return next(r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value == rid)


def _refused(path: Path, project: Project) -> str:
    with pytest.raises(InputError) as info:
        read_grid(path, project)
    return str(info.value)


def _score(cli: CliCall, *paths: Path) -> Any:
    return cli("score", str(PROJECT_FILE), *(str(p) for p in paths), "--format", "json")


# -- the hidden sheet only identifies the version ------------------------------------------------


def test_a_swapped_compliance_scale_is_refused(
    project: Project, non_compliant: bytes, tmp_path: Path, cli: CliCall
) -> None:
    """Labels swapped in the hidden sheet: "Non conforme" would read as "standard" (100 %)."""
    rows: list[int] = []

    def swap(wb: Any) -> None:
        ws = wb["cdc"]
        a, b = _hidden_row(wb, "scale", "standard"), _hidden_row(wb, "scale", "non-conforme")
        ws[f"C{a}"].value, ws[f"C{b}"].value = ws[f"C{b}"].value, ws[f"C{a}"].value
        rows.extend([a, b])

    path = _edit(non_compliant, tmp_path, swap)
    message = _refused(path, project)
    assert f"sheet 'cdc', cell C{rows[0]}: scale 'standard' reads 'Non conforme'" in message
    run = _score(cli, path)
    assert run.code == 1 and "Traceback" not in run.err
    assert f"cell C{rows[1]}" in run.err


def test_changed_points_and_an_extra_scale_level_are_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        ws = wb["cdc"]
        ws[f"D{_hidden_row(wb, 'scale', 'non-conforme')}"] = "86"
        ws.append(["scale", "partiel", "Partiellement", "100"])

    path = _edit(honest, tmp_path, change)
    message = _refused(path, project)
    assert "scale 'non-conforme' reads '86', cdc wrote '0'" in message
    assert "record scale 'partiel' is not cdc's" in message


def test_a_shortened_price_range_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    found: list[int] = []

    def shorten(wb: Any) -> None:
        row = _hidden_row(wb, "price", "last_row")
        wb["cdc"][f"D{row}"] = 8
        found.append(row)

    message = _refused(_edit(honest, tmp_path, shorten), project)
    assert f"sheet 'cdc', cell D{found[0]}: price 'last_row' reads '8'" in message


def test_a_grid_claiming_another_version_is_read_with_the_projects_layout(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    """Another version's records cannot be checked, so they are not used: the shortened range
    and swapped scale change nothing; the response still says which version it claims."""

    def change(wb: Any) -> None:
        ws = wb["cdc"]
        ws[f"C{_hidden_row(wb, 'meta', 'content_hash')}"] = "0" * 64
        ws[f"C{_hidden_row(wb, 'meta', 'project_version')}"] = "0.9"
        ws[f"D{_hidden_row(wb, 'price', 'last_row')}"] = 8
        a, b = _hidden_row(wb, "scale", "standard"), _hidden_row(wb, "scale", "non-conforme")
        ws[f"C{a}"].value, ws[f"C{b}"].value = ws[f"C{b}"].value, ws[f"C{a}"].value

    base = tmp_path / "honest.xlsx"
    base.write_bytes(honest)
    read = read_grid(_edit(honest, tmp_path, change), project)
    expected = read_grid(base, project)
    assert read.answers == expected.answers
    assert read.prices == expected.prices
    assert len(read.prices) == len(PRICES[VENDOR])
    assert read.project is not None and read.project.hash == "0" * 64


def test_price_lines_pushed_down_by_inserted_rows_are_all_read(
    project: Project, honest: bytes, tmp_path: Path, cli: CliCall
) -> None:
    def insert(wb: Any) -> None:
        wb["Prix"].insert_rows(9, 15)

    path = _edit(honest, tmp_path, insert)
    base = tmp_path / "honest.xlsx"
    base.write_bytes(honest)
    assert read_grid(path, project).prices == read_grid(base, project).prices
    assert len(read_grid(path, project).prices) == len(PRICES[VENDOR])
    a, b = _score(cli, path), _score(cli, base)
    assert a.code == b.code == 0, a.err
    assert a.out == b.out.replace(str(base), str(path))


def test_a_line_added_below_the_total_is_read_not_dropped(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def add(wb: Any) -> None:
        ws = wb["Prix"]
        row = ws.max_row + 3
        ws[f"A{row}"], ws[f"B{row}"], ws[f"C{row}"], ws[f"D{row}"] = (
            "Option",
            "Ponctuel",
            1000,
            2,
        )

    read = read_grid(_edit(honest, tmp_path, add), project)
    assert read.prices[-1].label == "Option"
    assert read.prices[-1].unit_price * read.prices[-1].quantity == 2000


def test_a_line_total_typed_without_unit_price_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def overwrite(wb: Any) -> None:
        ws = wb["Prix"]
        ws["C8"], ws["E8"] = None, 10

    assert "sheet 'Prix', cell E8: a total without a unit price in C8" in _refused(
        _edit(honest, tmp_path, overwrite), project
    )


# -- every row still shows its requirement ---------------------------------------------------------


def test_swapped_requirement_ids_are_refused(
    project: Project, non_compliant: bytes, tmp_path: Path, cli: CliCall
) -> None:
    """SEC-004 (must, "Non conforme") and OMN-006 (could) swap ids, texts left in place."""
    rows: dict[str, int] = {}

    def swap(wb: Any) -> None:
        ws = wb["Exigences"]
        a, b = _row_of(wb, "SEC-004"), _row_of(wb, "OMN-006")
        ws[f"G{b}"] = "Standard"  # the could-have row answered well, to be moved onto SEC-004
        ws[f"A{a}"], ws[f"A{b}"] = "OMN-006", "SEC-004"
        rows.update({"SEC-004": a, "OMN-006": b})

    path = _edit(non_compliant, tmp_path, swap)
    message = _refused(path, project)
    assert (
        f"sheet 'Exigences', cell A{rows['OMN-006']}: id SEC-004 is on the row of requirement "
        "OMN-006"
    ) in message
    assert f"cell A{rows['SEC-004']}: id OMN-006 is on the row of requirement SEC-004" in message
    assert _score(cli, path).code == 1


def test_a_rewritten_requirement_text_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    found: list[int] = []

    def rewrite(wb: Any) -> None:
        row = _row_of(wb, "SEC-004")
        wb["Exigences"][f"D{row}"] = "Une exigence bien plus facile à satisfaire."
        found.append(row)

    message = _refused(_edit(honest, tmp_path, rewrite), project)
    assert f"sheet 'Exigences', cell D{found[0]}: SEC-004: the requirement text is not" in message


def test_a_deleted_must_have_row_is_reported(
    project: Project, non_compliant: bytes, tmp_path: Path, cli: CliCall
) -> None:
    found: list[int] = []

    def delete(wb: Any) -> None:
        row = _row_of(wb, "SEC-004")
        wb["Exigences"].delete_rows(row)
        found.append(row)

    path = _edit(non_compliant, tmp_path, delete)
    message = _refused(path, project)
    assert (
        f"sheet 'Exigences', cell A{found[0]}: requirement SEC-004 (must) is missing: its row "
        "was deleted or its id cleared"
    ) in message
    run = _score(cli, path)
    assert run.code == 1 and "SEC-004" in run.err


def test_an_answer_on_a_row_without_id_is_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def clear(wb: Any) -> None:
        wb["Exigences"]["A5"] = None

    message = _refused(_edit(honest, tmp_path, clear), project)
    assert "cell A5: an answer on a row without requirement id" in message
    assert "cell A5: requirement" in message and "is missing" in message


# -- careless vendors: read as meant -------------------------------------------------------------


def test_answers_in_another_case_with_spaces_read_as_the_level(
    project: Project, non_compliant: bytes, tmp_path: Path
) -> None:
    def sloppy(wb: Any) -> None:
        ws = wb["Exigences"]
        for row in range(2, ws.max_row + 1):
            value = ws[f"G{row}"].value
            if value == "Non conforme":
                ws[f"G{row}"] = "  non   CONFORME \u00a0"
            elif value == "Oui":
                ws[f"G{row}"] = " oui "

    base = tmp_path / "base.xlsx"
    base.write_bytes(non_compliant)
    assert read_grid(_edit(non_compliant, tmp_path, sloppy), project).answers == (
        read_grid(base, project).answers
    )


def test_hidden_and_inserted_rows_merged_cells_and_reordered_sheets_read_the_same(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def shuffle(wb: Any) -> None:
        ws = wb["Exigences"]
        ws.row_dimensions[3].hidden = True
        ws.merge_cells("H4:I4")
        ws.insert_rows(6, 4)  # blank rows between requirements
        wb.move_sheet("Prix", offset=-2)

    base = tmp_path / "base.xlsx"
    base.write_bytes(honest)
    got, want = read_grid(_edit(honest, tmp_path, shuffle), project), read_grid(base, project)
    assert got.answers == want.answers and got.prices == want.prices


def test_an_edited_priority_is_refused(project: Project, honest: bytes, tmp_path: Path) -> None:
    found: list[int] = []

    def demote(wb: Any) -> None:
        row = _row_of(wb, "SEC-004")
        wb["Exigences"][f"E{row}"] = "Souhaitable"
        found.append(row)

    message = _refused(_edit(honest, tmp_path, demote), project)
    assert (
        f"cell E{found[0]}: SEC-004: the priority reads 'Souhaitable', cdc wrote 'Impératif'"
        in (message)
    )


@pytest.mark.parametrize(
    ("sheet", "cell", "value"),
    [
        ("Instructions", "B4", "Alizé\u0085Contact"),
        ("Exigences", "H3", "Voir \x1b[31mannexe"),
        ("Prix", "A7", "Licences \u202eetouq"),
    ],
)
def test_invisible_characters_are_located(
    project: Project, honest: bytes, tmp_path: Path, sheet: str, cell: str, value: str
) -> None:
    if "\x1b" in value:  # openpyxl refuses to write ESC; Excel stores it escaped
        marker = _edit(honest, tmp_path, lambda wb: wb[sheet].__setitem__(cell, "MARKER"), "m")
        path = tmp_path / "escaped.xlsx"
        with zipfile.ZipFile(marker) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info).replace(b"MARKER", b"Voir _x001B_[31m"))
    else:
        path = _edit(honest, tmp_path, lambda wb: wb[sheet].__setitem__(cell, value))
    message = _refused(path, project)
    assert f"sheet '{sheet}', cell {cell}: " in message and "invisible character U+" in message


def test_windows_line_breaks_in_a_comment_are_line_breaks(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    path = _edit(honest, tmp_path, lambda wb: wb["Exigences"].__setitem__("H3", "a\r\nb\rc"))
    comments = {a.comment for a in read_grid(path, project).answers}
    assert "a\nb\nc" in comments


def test_a_renamed_sheet_is_named(project: Project, honest: bytes, tmp_path: Path) -> None:
    def rename(wb: Any) -> None:
        wb["Exigences"].title = "Mes réponses"

    assert "sheet 'Exigences' is missing" in _refused(_edit(honest, tmp_path, rename), project)


# -- hostile numbers -----------------------------------------------------------------------------

HOSTILE = ["NaN", "Infinity", "-inf", "1e400", "1e30", "sNaN"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("sheet", "cell"), [("Prix", "C8"), ("Prix", "D8"), ("Exigences", "J5")])
def test_hostile_numbers_typed_as_text_are_located(
    project: Project, honest: bytes, tmp_path: Path, cli: CliCall, value: str, sheet: str, cell: str
) -> None:
    def put(wb: Any) -> None:
        wb[sheet][cell] = value

    path = _edit(honest, tmp_path, put)
    run = _score(cli, path)
    assert run.code == 1, run.err
    assert f"sheet '{sheet}', cell {cell}: " in run.err
    assert "Traceback" not in run.err


def _stored_number(data: bytes, tmp_path: Path, sheet: str, cell: str, raw: str) -> Path:
    """The grid with ``raw`` as the stored number of ``cell`` (``<v>raw</v>``), which openpyxl
    cannot write: set a marker number, then replace it in the sheet's XML."""
    marker = "987654.125"
    path = _edit(data, tmp_path, lambda wb: wb[sheet].__setitem__(cell, float(marker)), "m")
    out = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(f"<v>{marker}</v>".encode(), f"<v>{raw}</v>".encode())
            dst.writestr(info, content)
    return out


@pytest.mark.parametrize("raw", ["NaN", "INF", "-Infinity", "1e400", "1E30", "nan"])
@pytest.mark.parametrize(("sheet", "cell"), [("Prix", "C8"), ("Exigences", "J5")])
def test_hostile_numbers_stored_as_numbers_are_located(
    project: Project, honest: bytes, tmp_path: Path, cli: CliCall, raw: str, sheet: str, cell: str
) -> None:
    path = _stored_number(honest, tmp_path, sheet, cell, raw)
    run = _score(cli, path)
    assert run.code == 1, run.err
    assert f"sheet '{sheet}', cell {cell}: " in run.err
    assert "Traceback" not in run.err


def test_two_bids_with_a_huge_price_do_not_crash(
    project: Project, honest: bytes, tmp_path: Path, cli: CliCall
) -> None:
    huge = _edit(honest, tmp_path, lambda wb: wb["Prix"].__setitem__("C8", 1e30), "huge")
    run = cli("score", str(PROJECT_FILE), str(huge), str(EXAMPLE / "responses" / "boreal-cx.yaml"))
    assert run.code == 1 and "sheet 'Prix', cell C8: " in run.err


# -- packages beyond sane limits -----------------------------------------------------------------


def _rezip(data: bytes, out: Path, replace: dict[str, Callable[[Any], None]]) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in replace:
                entry = zipfile.ZipInfo(info.filename)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(entry, "w", force_zip64=True) as stream:
                    replace[info.filename](stream)
            else:
                dst.writestr(info, src.read(info), zipfile.ZIP_DEFLATED)


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    honest: bytes, tmp_path: Path, cli: CliCall
) -> None:
    """A sheet of 160 MiB of blanks (a 160 kB file): refused from its declared size."""

    def bomb(stream: Any) -> None:
        stream.write(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        )
        block = b" " * 2**20
        for _ in range(160):
            stream.write(block)
        stream.write(b"<sheetData/></worksheet>")

    path = tmp_path / "bomb.xlsx"
    _rezip(honest, path, {"xl/worksheets/sheet2.xml": bomb})
    assert path.stat().st_size < 2**20
    run = _score(cli, path)
    assert run.code == 1
    assert "refused: part 'xl/worksheets/sheet2.xml' inflates to 160." in run.err


def test_a_highly_compressed_part_is_refused(honest: bytes, tmp_path: Path, cli: CliCall) -> None:
    """4 MiB of blanks in a sheet: within the size limits, but no XML compresses like that."""

    def dense(stream: Any) -> None:
        stream.write(b"<worksheet>" + b"\x20" * (4 * 2**20) + b"</worksheet>")

    path = tmp_path / "dense.xlsx"
    _rezip(honest, path, {"xl/worksheets/sheet4.xml": dense})
    run = _score(cli, path)
    assert run.code == 1
    assert re.search(r"is compressed [\d,]+ to 1, more than the 100 to 1 allowed", run.err)


def test_a_part_larger_than_it_declares_is_refused(
    honest: bytes, tmp_path: Path, cli: CliCall
) -> None:
    """The central directory says 100 bytes; the data inflates to 2 MiB."""
    path = tmp_path / "liar.xlsx"

    def big(stream: Any) -> None:
        stream.write(b"<x>" + bytes(range(256)) * 8192 + b"</x>")

    _rezip(honest, path, {"xl/worksheets/sheet2.xml": big})
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet2.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # its central directory entry
    size = int.from_bytes(data[at + 24 : at + 28], "little")
    assert size > 2**20 or size == 0xFFFFFFFF
    if size != 0xFFFFFFFF:
        data[at + 24 : at + 28] = (100).to_bytes(4, "little")
    else:  # zip64: the real size is in the extra field
        extra = data.find(b"\x01\x00", at + 46 + len(name))
        data[extra + 4 : extra + 12] = (100).to_bytes(8, "little")
    path.write_bytes(bytes(data))
    run = _score(cli, path)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    assert str(path) in run.err


def test_too_many_entries_are_refused(honest: bytes, tmp_path: Path, cli: CliCall) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(io.BytesIO(honest)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for n in range(1_200):
            dst.writestr(f"xl/media/{n}.bin", b"")
    run = _score(cli, path)
    assert run.code == 1
    with zipfile.ZipFile(io.BytesIO(honest)) as src:
        entries = len(src.infolist()) + 1_200  # the flagship grid marks its changed rows (notes)
    assert f"lists {entries:,} entries, more than the 1,000 allowed" in run.err


def test_a_cell_beyond_the_last_row_is_refused(honest: bytes, tmp_path: Path) -> None:
    """A row number past a spreadsheet's 1,048,576 rows would make readers loop for hours."""
    path = tmp_path / "far.xlsx"
    marker = _edit(honest, tmp_path, lambda wb: wb["Prix"].__setitem__("H500", "far"), "far0")
    with zipfile.ZipFile(marker) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            content = content.replace(b'r="500"', b'r="99999999999"')
            content = content.replace(b'r="H500"', b'r="H99999999999"')
            dst.writestr(info, content)
    loaded = load_project(PROJECT_FILE).project
    assert loaded is not None
    message = _refused(path, loaded)
    assert "sheet 'Prix' cannot be read" in message and "beyond" in message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_grid_resaved_by_libreoffice_reads_the_same_and_is_still_checked(
    project: Project, non_compliant: bytes, tmp_path: Path
) -> None:
    """Calc keeps the sheet passwords but drops the structure lock and makes the ``cdc`` sheet
    merely hidden: the honest grid reads the same, a swapped scale is still refused."""
    source = tmp_path / "grid.xlsx"
    source.write_bytes(non_compliant)
    out = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    resaved = out / "grid.xlsx"
    assert read_grid(resaved, project) == read_grid(source, project)
    wb = openpyxl.load_workbook(resaved)
    assert wb["cdc"].sheet_state == "hidden" and wb["Exigences"].protection.sheet

    def swap(book: Any) -> None:
        ws = book["cdc"]
        a, b = _hidden_row(book, "scale", "standard"), _hidden_row(book, "scale", "non-conforme")
        ws[f"C{a}"].value, ws[f"C{b}"].value = ws[f"C{b}"].value, ws[f"C{a}"].value

    assert "scale 'standard' reads 'Non conforme'" in _refused(
        _edit(resaved.read_bytes(), tmp_path, swap), project
    )


def test_an_honest_grid_still_reads(project: Project, honest: bytes, tmp_path: Path) -> None:
    path = tmp_path / "honest.xlsx"
    path.write_bytes(honest)
    response = read_grid(path, project)
    assert response.vendor == VENDOR
    assert {a.compliance for a in response.answers} == {"standard", "yes"}
    total = sum((p.unit_price * p.quantity for p in response.prices), Decimal(0))
    assert total == sum(
        (Decimal(str(p["unit_price"])) * p.get("quantity", 1) for p in PRICES[VENDOR]), Decimal(0)
    )


# -- invariant: how a careless vendor arranges the rows never changes the reading --------------


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_reordered_rows_and_sloppy_answers_read_the_same(
    project: Project, non_compliant: bytes, tmp_path_factory: pytest.TempPathFactory, data: Any
) -> None:
    base = tmp_path_factory.mktemp("base") / "base.xlsx"
    base.write_bytes(non_compliant)
    expected = {a.id: a for a in read_grid(base, project).answers}
    wb = openpyxl.load_workbook(io.BytesIO(non_compliant))
    ws = wb["Exigences"]
    rows = list(range(2, ws.max_row + 1))
    order = data.draw(st.permutations(rows))
    snapshot = {r: [ws.cell(row=r, column=c).value for c in range(1, 12)] for r in rows}
    for target, source in zip(rows, order, strict=True):
        values = list(snapshot[source])
        answer = values[6]
        if isinstance(answer, str):
            upper = data.draw(st.booleans())
            pad = data.draw(st.sampled_from(["", " ", "  ", "\u00a0"]))
            values[6] = pad + (answer.upper() if upper else answer.lower()) + pad
        for c, value in enumerate(values, start=1):
            ws.cell(row=target, column=c).value = value
    path = tmp_path_factory.mktemp("mangled") / "mangled.xlsx"
    wb.save(path)
    assert {a.id: a for a in read_grid(path, project).answers} == expected


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_readers_labels_are_the_renderers(lang: str) -> None:
    """The reader parses the built-in labels without the template engine (YAML 1.2 booleans:
    ``yes:``/``no:`` stay words); it must get exactly what rendering gets."""
    from cdc.reading.labels import builtin_labels
    from cdc.rendering.templating import load_labels

    assert builtin_labels(lang) == load_labels(lang)


def test_swapped_yes_no_and_price_words_are_refused(
    project: Project, honest: bytes, tmp_path: Path
) -> None:
    def swap(wb: Any) -> None:
        ws = wb["cdc"]
        for record, a, b in (("yes_no", "yes", "no"), ("price_type", "one_off", "recurring")):
            x, y = _hidden_row(wb, record, a), _hidden_row(wb, record, b)
            ws[f"C{x}"].value, ws[f"C{y}"].value = ws[f"C{y}"].value, ws[f"C{x}"].value

    message = _refused(_edit(honest, tmp_path, swap), project)
    assert "yes_no 'yes' reads 'Non', the word of 'no'" in message
    assert "price_type 'recurring' reads 'Ponctuel', the word of 'one_off'" in message


def test_a_grid_worded_with_the_buyers_labels_reads(tmp_path: Path, cli: CliCall) -> None:
    """Labels overridden next to the project (sheet names, price kinds, priorities): the words
    cannot be known when scoring, yet an honest grid reads, inserted price rows included."""
    folder = tmp_path / "p"
    (folder / "templates" / "fr").mkdir(parents=True)
    (folder / "cdc.yaml").write_text(PROJECT_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "templates" / "fr" / "labels.yaml").write_text(
        "grid:\n  sheet:\n    requirements: Mes exigences\n    price: Bordereau\n"
        "  price:\n    recurring: Annuel\n    column:\n      unit_price: PU HT\n"
        "priority:\n  must: Obligatoire\n",
        encoding="utf-8",
    )
    run = cli(
        "render", str(folder / "cdc.yaml"), "--doc", "grid", "-f", "xlsx", "-o", "out", cwd=folder
    )
    assert run.code == 0, run.err
    (blank,) = (folder / "out").glob("*.xlsx")
    wb = openpyxl.load_workbook(blank)
    ws, price = wb["Mes exigences"], wb["Bordereau"]
    for row in range(2, ws.max_row + 1):
        ws[f"G{row}"] = "Oui" if ws[f"F{row}"].value == "Oui / non" else "Standard"
    price.insert_rows(7, 2)
    price["A9"], price["B9"], price["C9"], price["D9"] = "Licences", "Annuel", 100, 3
    filled = folder / "filled.xlsx"
    wb.save(filled)
    loaded = load_project(folder / "cdc.yaml").project
    assert loaded is not None
    response = read_grid(filled, loaded)
    assert [(p.label, p.kind.value, p.unit_price) for p in response.prices] == [
        ("Licences", "recurring", Decimal(100))
    ]
    assert {a.compliance for a in response.answers} >= {"standard", "yes"}
