"""名册样本 (the roster corpus) itself: every file is written, opens with an ordinary reader and
holds the rows its expectations count — the title and header rows, one row per child (two for a
child listed one parent per row), the bad rows, and the rows under the table. What the app makes
of these files is asserted elsewhere (test_roster_import*)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import xlrd
from openpyxl import load_workbook

from liushou_desk.domain.idcard import check_digit

from .roster_corpus import FORMATS, Sample, big_roster

KINDS = {"父母均外出", "父亲外出", "母亲外出", "非留守", "待认定"}


def _rows(sample: Sample) -> list[list[str]]:
    """Every non-empty row of the file, as text."""
    path = sample.path
    if path.suffix == ".csv":
        raw = path.read_bytes()
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
        if sample.encoding == "utf-8-sig":
            assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(raw.decode(sample.encoding).splitlines()))
    elif path.suffix == ".xls":
        sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)
        rows = [[str(v) for v in sheet.row_values(i)] for i in range(sheet.nrows)]
    else:
        ws = load_workbook(path, read_only=True).active
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    return [r for r in rows if any(v.strip() for v in r)]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_is_written_and_readable(fmt: str, tmp_path: Path) -> None:
    sample = FORMATS[fmt](tmp_path)
    rows = _rows(sample)
    spans = sum(c.rows for c in sample.children) + sum(p.rows for p in sample.problems)
    assert sample.data_rows == spans
    assert len(rows) == sample.rows
    assert 15 <= len(sample.children) <= 60
    cells = {v for r in rows for v in r}
    for child in sample.children:
        assert child.name in cells  # exactly as written, rare characters included
        assert child.kind in KINDS
        if child.id_number:
            assert child.id_number in cells
            assert check_digit(child.id_number[:17]) == child.id_number[17]
            assert child.birth_date.replace("-", "") == child.id_number[6:14]
    for problem in sample.problems:
        assert problem.name is None or problem.name in cells
    numbers = [c.id_number for c in sample.children if c.id_number]
    assert len(numbers) == len(set(numbers))
    assert len({c.name for c in sample.children}) == len(sample.children)


def test_rare_names_are_in_every_format(tmp_path: Path) -> None:
    for make in FORMATS.values():
        names = {c.name for c in make(tmp_path).children}
        assert "吴𬌗" in names


def test_same_seed_same_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for make in FORMATS.values():
        first, second = make(tmp_path / "a"), make(tmp_path / "b")
        assert first.children == second.children
        assert first.problems == second.problems
        if first.path.suffix == ".csv":
            assert first.path.read_bytes() == second.path.read_bytes()


def test_big_roster(tmp_path: Path) -> None:
    sample = big_roster(tmp_path, 300)
    assert len(sample.children) == 300 and not sample.problems
    assert len(_rows(sample)) == sample.rows == 4 + 300 + 3
