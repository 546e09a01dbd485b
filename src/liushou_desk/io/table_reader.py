"""读取表格: the rows of a spreadsheet the school sent — .xlsx, legacy .xls or .csv — as text,
with limits checked before anything is parsed (size, rows, compression) and a clear Chinese
message for a file that is damaged, protected, unsafe or not a spreadsheet.

A file is recognised by its first bytes, not its name (a legacy workbook renamed .xlsx is read as
one). The first worksheet that holds anything is read. Merged cells (合并单元格) are filled
downwards, so a village merged over ten pupils reaches all ten. A run of ``MAX_BLANK_RUN`` empty
rows ends the table: a sheet formatted down to row 1,048,576 is read as fast as a short one.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

MAX_BYTES = 20 * 2**20
# 10,000 children: the rows under the header — the header, titles and notes never count
# (``roster_import`` counts them once the header is found)
MAX_ROWS = 10_000
# the rows a sheet may hold in all, read before its header is known: a county sheet of
# 10,000 children with its titles, header rows, notes and signatures
MAX_SHEET_ROWS = MAX_ROWS + 2_000
MAX_COLUMNS = 200
MAX_BLANK_RUN = 1_000  # this many empty rows one after another end the table
MAX_UNPACKED = 200 * 2**20  # an .xlsx that unpacks to more is a zip bomb, not a roster
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream names (UTF-16 in the OLE directory) of an Office file encrypted with a password.
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")


class TableError(ValueError):
    """The file cannot be read as a table; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    number: float | None = None  # the cell held a number (an ID typed as a number loses digits)


EMPTY = Cell("")


def _cell(value: object) -> Cell:
    if value is None:
        return EMPTY
    if type(value) is str:  # the common case first
        return Cell(value)
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


def read_table(
    path: Path,
    prefer: Callable[[list[list[Cell]]], bool] | None = None,
    also: dict[str, list[list[Cell]]] | None = None,
    sheet: str | None = None,
) -> list[list[Cell]]:
    """Every row of the first sheet that holds anything (or of the CSV), as cells; row ``i`` of
    the list is row ``i + 1`` of the sheet. With ``prefer``, the first .xlsx sheet it accepts is
    read instead (a workbook whose roster is not its first sheet, such as the app's own export).
    ``also`` names further .xlsx sheets to read: each one found is filled in with its rows.
    ``sheet`` names the worksheet to read (a workbook with several classes)."""
    if not path.is_file():
        raise TableError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise TableError(f"“{path.name}”是空文件。")
    if size > MAX_BYTES:
        raise TableError(f"“{path.name}”太大（{size // 2**20} MB），名册文件一般不超过 20 MB。")
    try:
        with path.open("rb") as f:
            head = f.read(512)
        rows = _read(path, head, prefer, also, sheet)
    except PermissionError as exc:
        raise TableError(f"“{path.name}”无法读取，可能正被其他程序（如 Excel/WPS）占用。") from exc
    if not any(c.text.strip() for row in rows for c in row):
        raise TableError(f"“{path.name}”里没有任何内容。")
    return rows


def _read(
    path: Path,
    head: bytes,
    prefer: Callable[[list[list[Cell]]], bool] | None = None,
    also: dict[str, list[list[Cell]]] | None = None,
    sheet: str | None = None,
) -> list[list[Cell]]:
    suffix = path.suffix.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _xlsx(path, prefer, also, sheet)
    if head.startswith(OLE_MAGIC):
        return _ole(path, suffix, sheet)
    if suffix == ".csv":
        return _csv(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        raise TableError(
            f"“{path.name}”其实是网页格式（常见于从网站系统导出的表格），"
            "请用 Excel/WPS 打开后“另存为”Excel 工作簿（.xlsx）再导入。"
        )
    if suffix == ".xls" and _looks_like_text(head):
        return _csv(path)  # tab-separated text saved as .xls by some school systems
    raise TableError(f"“{path.name}”不是 Excel 或 CSV 表格文件。")


def _looks_like_text(head: bytes) -> bool:
    """Whether the first bytes are text (UTF-16 with its mark, UTF-8 or GBK) with no control
    characters but tabs and line ends."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end
                continue
            text = head[: exc.start].decode(encoding)
        return not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text)
    return False


def too_many_rows(name: str, rows: int | None = None) -> TableError:
    """The file holds more than ``MAX_ROWS`` children (``rows``: how many, when counted)."""
    counted = f"有 {rows} 行学生，" if rows else ""
    return TableError(
        f"“{name}”{counted}超过了 {MAX_ROWS} 行的上限（表头不算；名册一般只有几十到几百行），"
        "请只保留名册部分再导入。"
    )


def _ole(path: Path, suffix: str, sheet: str | None = None) -> list[list[Cell]]:
    """A compound file: a legacy .xls, or an Office file encrypted with a password."""
    if any(stream in path.read_bytes() for stream in ENCRYPTED_STREAMS):
        raise TableError(f"“{path.name}”设置了打开密码，请先在 Excel/WPS 中取消密码再导入。")
    try:
        return _xls(path, sheet)
    except TableError:
        if suffix != ".xlsx":
            raise
        raise TableError(
            f"“{path.name}”不是普通的 Excel 工作簿：可能设置了打开密码，或已损坏。"
            "请在 Excel/WPS 中打开，取消密码后另存为 .xlsx 再导入。"
        ) from None


def _xlsx(
    path: Path,
    prefer: Callable[[list[list[Cell]]], bool] | None = None,
    also: dict[str, list[list[Cell]]] | None = None,
    wanted: str | None = None,
) -> list[list[Cell]]:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED or len(infos) > 10_000:
                raise TableError(f"“{path.name}”解压后异常庞大，可能已损坏或被篡改，未读取。")
            if "xl/workbook.xml" not in z.namelist():
                raise TableError(f"“{path.name}”不是 Excel 工作簿（.xlsx）。")
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        if isinstance(exc, TableError):
            raise
        raise TableError(f"“{path.name}”已损坏（可能没有下载或复制完整），无法打开。") from exc
    from defusedxml import DefusedXmlException
    from openpyxl import DEFUSEDXML, load_workbook

    if not DEFUSEDXML:  # openpyxl parses with defusedxml when it is installed (XML attacks)
        raise TableError("缺少安全读取 Excel 所需的组件（defusedxml），未读取。")
    unsafe = (
        f"“{path.name}”含有不安全的 XML 内容（实体定义），已拒绝读取。"
        "请在 Excel/WPS 中打开后另存为新的 .xlsx 再导入。"
    )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        if _unsafe(exc, DefusedXmlException):
            raise TableError(unsafe) from exc
        raise TableError(f"“{path.name}”已损坏，无法打开（{type(exc).__name__}）。") from exc
    try:
        if not book.worksheets:
            raise TableError(f"“{path.name}”里没有工作表。")
        if wanted is not None:
            named = [ws for ws in book.worksheets if ws.title == wanted.strip()]
            if not named:
                raise _no_such_sheet(path.name, wanted, [ws.title for ws in book.worksheets])
            rows = _sheet_rows(named[0], path.name)
            _fill_merges(path, getattr(named[0], "_worksheet_path", ""), rows)
            return rows
        first: list[list[Cell]] = []
        chosen: list[list[Cell]] | None = None
        for sheet in book.worksheets:
            if also is not None and sheet.title in also:
                also[sheet.title] = _sheet_rows(sheet, path.name)
            if chosen is not None:
                continue
            rows = _sheet_rows(sheet, path.name)
            if rows:
                _fill_merges(path, getattr(sheet, "_worksheet_path", ""), rows)
                if prefer is None or prefer(rows):
                    chosen = rows
                    if also is None:
                        break
                first = first or rows
        return first if chosen is None else chosen
    except TableError:
        raise
    except Exception as exc:  # the sheet is parsed lazily: damage shows up while reading rows
        if _unsafe(exc, DefusedXmlException):
            raise TableError(unsafe) from exc
        raise TableError(
            f"“{path.name}”读取时出错，文件可能已损坏（{type(exc).__name__}）。"
        ) from exc
    finally:
        book.close()


def _unsafe(exc: BaseException | None, kind: type[Exception]) -> bool:
    """Whether defusedxml refused the XML (openpyxl wraps its error in a ValueError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, kind):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _row(values: tuple[Any, ...] | list[Any]) -> list[Cell]:
    end = len(values)
    while end and (values[end - 1] is None or not str(values[end - 1]).strip()):
        end -= 1
    return [EMPTY if v is None else _cell(v) for v in values[:end]]


def _sheet_rows(sheet: Any, name: str) -> list[list[Cell]]:
    """The rows down to the last one holding anything, at most ``MAX_COLUMNS`` wide."""
    sheet.reset_dimensions()  # the stored size may be wrong, or claim a million rows
    rows: list[list[Cell]] = []
    blank = 0
    for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        cells = _row(values)
        if not cells:
            blank += 1
            if blank > MAX_BLANK_RUN:
                break
            continue
        rows.extend([] for _ in range(blank))
        blank = 0
        rows.append(cells)
        if len(rows) > MAX_SHEET_ROWS:
            raise too_many_rows(name)
    return rows


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _fill_merges(path: Path, member: str, rows: list[list[Cell]]) -> None:
    """合并单元格: give each row of a merged range the value of its first row (same column)."""
    if not member:
        return
    with zipfile.ZipFile(path) as z, z.open(member.lstrip("/")) as src:
        tail = b""
        found: set[tuple[int, int, int, int]] = set()
        while chunk := src.read(2**20):
            text = tail + chunk
            for m in _MERGE.finditer(text):
                found.add(
                    (
                        _column_number(m[1]) - 1,
                        int(m[2]) - 1,
                        _column_number(m[3]) - 1,
                        int(m[4]) - 1,
                    )
                )
            tail = text[-200:]
    for col, top, _last_col, bottom in sorted(found):
        if col >= MAX_COLUMNS or top >= len(rows) or col >= len(rows[top]):
            continue
        value = rows[top][col]
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= col:
                row.extend([EMPTY] * (col + 1 - len(row)))
            if not row[col].text.strip():
                row[col] = value


def _no_such_sheet(name: str, wanted: str, titles: list[str]) -> TableError:
    return TableError(f"“{name}”里没有名为“{wanted}”的工作表（有：{'、'.join(titles)}）。")


def _xls(path: Path, wanted: str | None = None) -> list[list[Cell]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=True)
        if wanted is not None:
            if wanted.strip() not in book.sheet_names():
                raise _no_such_sheet(path.name, wanted, book.sheet_names())
            sheet = book.sheet_by_name(wanted.strip())
        else:
            sheet = book.sheet_by_index(0)
        if sheet.nrows > MAX_SHEET_ROWS:
            raise too_many_rows(path.name)
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
        for top, bottom, left, right in sheet.merged_cells:  # filled down, like the .xlsx
            for c in range(left, min(right, MAX_COLUMNS)):
                if top < len(rows) and c < len(rows[top]):
                    for r in range(top + 1, min(bottom, len(rows))):
                        if c < len(rows[r]) and not rows[r][c].text:
                            rows[r][c] = rows[top][c]
        return _trim(rows)
    except TableError:
        raise
    except Exception as exc:
        if "encrypted" in str(exc).lower():
            raise TableError(
                f"“{path.name}”设置了打开密码，请先在 Excel/WPS 中取消密码再导入。"
            ) from exc
        raise TableError(
            f"“{path.name}”不是可读取的 Excel 97-2003 文件，可能已损坏（{type(exc).__name__}）。"
        ) from exc


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)  # Excel's “Unicode 文本”
    else:
        encodings = ("utf-8-sig", "gb18030")  # WPS and Excel in China save CSV as GBK
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(f"“{name}”的文字编码无法识别，请在 Excel/WPS 中另存为 .xlsx 再导入。")


def _csv(path: Path) -> list[list[Cell]]:
    text = _decode(path.read_bytes(), path.name)
    if "\x00" in text:
        raise TableError(f"“{path.name}”不是文本表格。")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    unpaired = f"“{path.name}”第 {{}} 行有一个引号没有配对，后面的内容都连成了一格，无法读取。"
    start = 1  # the line the row begins on
    try:
        for row in reader:
            if any(v.count("\n") > 20 for v in row):  # no real cell has that many lines
                raise TableError(unpaired.format(start))
            rows.append([Cell(v) for v in row[:MAX_COLUMNS]])
            if len(rows) > MAX_SHEET_ROWS:
                raise too_many_rows(path.name)
            start = reader.line_num + 1
    except csv.Error as exc:  # a field past the size limit: a quote never closed
        raise TableError(unpaired.format(start)) from exc
    return _trim(rows)


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop the empty cells at the end of each row."""
    out = []
    for row in rows:
        end = len(row)
        while end and not row[end - 1].text.strip():
            end -= 1
        out.append(row[:end])
    return out
