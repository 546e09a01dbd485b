"""读取表格: the rows of a spreadsheet the school sent — .xlsx, legacy .xls or .csv — as text,
with limits checked before anything is parsed (size, rows, compression) and a clear Chinese
message for a file that is damaged, protected or not a spreadsheet."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

MAX_BYTES = 20 * 2**20
MAX_ROWS = 10_000
MAX_COLUMNS = 200
MAX_UNPACKED = 200 * 2**20  # an .xlsx that unpacks to more is a zip bomb, not a roster
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TableError(ValueError):
    """The file cannot be read as a table; the message says why, in Chinese."""


@dataclass(frozen=True)
class Cell:
    text: str
    number: float | None = None  # the cell held a number (an ID typed as a number loses digits)


def _cell(value: object) -> Cell:
    if value is None:
        return Cell("")
    if isinstance(value, datetime):
        return Cell(value.date().isoformat())
    if isinstance(value, date):
        return Cell(value.isoformat())
    if isinstance(value, bool):
        return Cell("是" if value else "否")
    if isinstance(value, (int, float)):
        text = str(int(value)) if float(value).is_integer() else str(value)
        return Cell(text, float(value))
    return Cell(str(value))


def read_table(path: Path) -> list[list[Cell]]:
    """Every row of the first sheet (or the CSV), as cells."""
    if not path.is_file():
        raise TableError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise TableError(f"“{path.name}”是空文件。")
    if size > MAX_BYTES:
        raise TableError(f"“{path.name}”太大（{size // 2**20} MB），名册文件一般不超过 20 MB。")
    head = path.read_bytes()[:8]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(path)
    if head.startswith(b"PK"):
        return _xlsx(path)
    if head == OLE_MAGIC:
        if suffix == ".xlsx":
            raise TableError(f"“{path.name}”设置了打开密码，请先在 Excel/WPS 中取消密码再导入。")
        return _xls(path)
    raise TableError(f"“{path.name}”不是 Excel 或 CSV 表格文件。")


def _limit(rows: list[list[Cell]], name: str) -> list[list[Cell]]:
    if len(rows) > MAX_ROWS:
        raise TableError(f"“{name}”有 {len(rows)} 行，超过了 {MAX_ROWS} 行的上限。")
    return rows


def _xlsx(path: Path) -> list[list[Cell]]:
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            if unpacked > MAX_UNPACKED or len(z.infolist()) > 10_000:
                raise TableError(f"“{path.name}”解压后异常庞大，可能已损坏或被篡改，未读取。")
            if "xl/workbook.xml" not in z.namelist():
                raise TableError(f"“{path.name}”不是 Excel 工作簿（.xlsx）。")
    except zipfile.BadZipFile as exc:
        raise TableError(f"“{path.name}”已损坏，无法打开。") from exc
    import defusedxml  # noqa: F401 - openpyxl uses it when installed (XML attacks)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise TableError(f"“{path.name}”已损坏，无法打开（{type(exc).__name__}）。") from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[Cell]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS:
                break
        return _limit(_trim(rows), path.name)
    finally:
        book.close()


def _xls(path: Path) -> list[list[Cell]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
        sheet = book.sheet_by_index(0)
        if sheet.nrows > MAX_ROWS:
            raise TableError(f"“{path.name}”有 {sheet.nrows} 行，超过了 {MAX_ROWS} 行的上限。")
        rows = []
        for r in range(sheet.nrows):
            cells = []
            for c in range(min(sheet.ncols, MAX_COLUMNS)):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(_cell(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                else:
                    cells.append(_cell(cell.value if cell.value != "" else None))
            rows.append(cells)
        return _trim(rows)
    except TableError:
        raise
    except Exception as exc:
        raise TableError(
            f"“{path.name}”不是可读取的 Excel 97-2003 文件（{type(exc).__name__}）。"
        ) from exc


def _csv(path: Path) -> list[list[Cell]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(f"“{path.name}”的文字编码无法识别。")
    if "\x00" in text:
        raise TableError(f"“{path.name}”不是文本表格。")
    rows = [[Cell(v) for v in row] for row in csv.reader(io.StringIO(text))]
    return _limit(_trim(rows), path.name)


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop the empty cells at the end of each row."""
    out = []
    for row in rows:
        while row and not row[-1].text.strip():
            row = row[:-1]
        out.append(row)
    return out
