"""The standard-library XLSX value reader agrees with openpyxl (``data_only=True``).

openpyxl is the oracle: every workbook here is read both ways and the values must match, cell
by cell — workbooks cdc writes, the LibreOffice re-saved grid, and random sheets written by
openpyxl (shared strings, numbers, booleans, dates in both date systems, formulas).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.reading.responses import _xlsx_values, _xlsx_zip
from cdc.rendering.xlsx_evaluation import evaluation_xlsx
from cdc.rendering.xlsx_grid import grid_xlsx
from tests.test_render_xlsx import FLAGSHIP, context_of, project_of

FIXTURES = Path(__file__).parent / "fixtures"


def _oracle(path: Path) -> dict[str, dict[str, Any]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    out: dict[str, dict[str, Any]] = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
    return out


def _ours(path: Path) -> dict[str, dict[str, Any]]:
    wb = _xlsx_values.load(path)
    return {
        name: {k: v for k, v in wb[name].values.items() if v is not None} for name in wb.sheetnames
    }


def test_the_libreoffice_resaved_grid_reads_like_openpyxl() -> None:
    path = FIXTURES / "alize-contact.libreoffice.xlsx"
    assert _ours(path) == _oracle(path)


@pytest.mark.parametrize("kind", ["grid", "evaluation"])
def test_the_grids_cdc_writes_read_like_openpyxl(tmp_path: Path, kind: str) -> None:
    project = project_of(FLAGSHIP)
    path = tmp_path / f"{kind}.xlsx"
    write = grid_xlsx if kind == "grid" else evaluation_xlsx
    path.write_bytes(write(context_of(project, kind)))
    ours, oracle = _ours(path), _oracle(path)
    assert ours == oracle
    assert sum(len(v) for v in ours.values()) > 100


cell_values = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
    ).filter(lambda s: not s.startswith("=")),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


@settings(max_examples=40, deadline=None)
@given(
    cells=st.dictionaries(
        st.tuples(st.integers(1, 30), st.integers(1, 8)), cell_values, min_size=1, max_size=40
    ),
    date1904=st.booleans(),
)
def test_random_sheets_read_like_openpyxl(
    tmp_path_factory: pytest.TempPathFactory,
    cells: dict[tuple[int, int], Any],
    date1904: bool,
) -> None:
    path = tmp_path_factory.mktemp("x") / "random.xlsx"
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904 if date1904 else wb.epoch
    ws = wb.active
    assert ws is not None
    ws.title = "Données"
    for (row, col), value in cells.items():
        ws.cell(row=row, column=col, value=value)
    ws.cell(row=31, column=1, value="=SUM(A1:A2)")  # a formula without a cached value
    wb.create_sheet("Second")["B2"] = "deux"
    wb.save(path)
    assert _ours(path) == _oracle(path)


def test_a_broken_sheet_part_is_a_format_error(tmp_path: Path) -> None:
    good = FIXTURES / "alize-contact.libreoffice.xlsx"
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet2"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    wb = _xlsx_values.load(bad)
    with pytest.raises(_xlsx_zip.XlsxFormatError):
        for name in wb.sheetnames:
            wb[name]


def test_column_letters_round_trip() -> None:
    for n in (1, 26, 27, 52, 702, 703, 16384):
        assert _xlsx_values.column_index(_xlsx_values.column_letter(n)) == n
    assert _xlsx_values.column_letter(28) == "AB"


def test_cells_and_rows_without_references_take_the_next_position(tmp_path: Path) -> None:
    """``r`` is optional on rows and cells (ECMA-376 §18.3.1.4): position follows order."""
    import re

    source = tmp_path / "with-refs.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B1"], ws["C1"] = "a1", "b1", 3
    ws["A2"], ws["C2"] = "a2", "c2"
    ws["A3"], ws["B3"] = "a3", "b3"
    wb.save(source)
    stripped = tmp_path / "without-refs.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                # row 1: no reference at all; row 2: keep the first cell's only; row 3: no row r
                text = data.decode()
                text = re.sub(r'<c r="[A-C]1"', "<c", text)
                text = text.replace('<c r="C2"', "<c")
                text = re.sub(r'<row r="3"', "<row", text)
                data = text.encode()
            dst.writestr(info, data)
    values = _ours(stripped)["Sheet"]
    assert values == {
        "A1": "a1",
        "B1": "b1",
        "C1": 3,
        "A2": "a2",
        "B2": "c2",
        "A3": "a3",
        "B3": "b3",
    }


def test_escaped_characters_and_stored_non_numbers(tmp_path: Path) -> None:
    """``_xHHHH_`` escapes (Excel's way of storing a carriage return or a control character,
    ECMA-376 part 1 §22.9.2.19) are decoded — openpyxl leaves them as they are, so a control
    character would pass unseen; ``NaN`` stored as a number reads as a float (the grid
    reader refuses it, located) instead of failing the whole sheet."""
    source = tmp_path / "source.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "MARKER"
    wb.active["B1"] = 424242.5
    wb.save(source)

    def crafted(name: str, text: bytes, number: bytes) -> Path:
        out = tmp_path / name
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                data = src.read(info).replace(b"MARKER", text)
                dst.writestr(info, data.replace(b"<v>424242.5</v>", number))
        return out

    escaped = crafted("escaped.xlsx", b"a_x000D_b_x005F_x0041_c", b"<v>1</v>")
    assert _ours(escaped)["Sheet"]["A1"] == "a\rb_x0041_c"
    hostile = _ours(crafted("hostile.xlsx", b"x_x001b_", b"<v>NaN</v>"))["Sheet"]
    assert hostile["A1"] == "x\x1b"
    assert hostile["B1"] != hostile["B1"]  # NaN


def test_package_limits_are_checked_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (_xlsx_zip.MAX_PART_BYTES + 1))
    with pytest.raises(_xlsx_zip.PackageTooLarge, match=r"inflates to 64\.0 MiB"):
        _xlsx_values.load(path)
