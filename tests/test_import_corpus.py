"""坏文件 and odd files for 导入名册: every one generated here, each must end in a clear Chinese
message (or a correct import), never a crash, and a failed import writes nothing — the archive
file is byte-for-byte the same afterwards.

Covered: a truncated .xlsx, a damaged zip member, a non-zip named .xlsx, entity expansion
(“billion laughs”) in a sheet and in the shared strings (defusedxml refuses it), a password-
protected workbook (an OLE compound file), OLE garbage, garbage .xls, a web page saved as .xls,
an empty file, a workbook without sheets, an empty sheet, too many rows, a quote never closed;
and, read correctly: a dimension claiming a million rows, a sheet formatted down to row
1,048,576, merged cells everywhere (title, two-row header, village merged down, a section line),
CSV in GBK, in UTF-8 with BOM and in UTF-16 (Excel's “Unicode 文本”), tab-separated text saved as
.xls, a blank first sheet."""

from __future__ import annotations

import hashlib
import random
import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.io.roster_import import ImportError_
from liushou_desk.io.table_reader import MAX_ROWS, MAX_SHEET_ROWS, TableError, read_table
from liushou_desk.ops import importing
from liushou_desk.services import profile, roster

from .conftest import TODAY

SHEET = "xl/worksheets/sheet1.xml"


def _laughs(root: str) -> bytes:
    """A DOCTYPE whose entity ``lol9`` expands to 10⁹ “lol”s (the “billion laughs”)."""
    entities = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        inner = ("&lol;" if i == 1 else f"&lol{i - 1};") * 10
        entities.append(f'<!ENTITY lol{i} "{inner}">')
    return f"<!DOCTYPE {root} [{''.join(entities)}]>".encode()


# --- the files ---------------------------------------------------------------------------------


def roster_xlsx(path: Path, rows: int = 3) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["姓名", "性别", "出生日期"])
    for i in range(rows):
        ws.append([f"学生{i + 1}", "女", "2015-03-08"])
    book.save(path)
    return path


def patched(src: Path, dst: Path, changes: dict, added: dict | None = None) -> Path:  # type: ignore[type-arg]
    """A copy of the workbook ``src`` with some members' bytes changed and some added."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            change = changes.get(info.filename)
            out.writestr(info.filename, change(data) if change else data)
        for name, data in (added or {}).items():
            out.writestr(name, data)
    return dst


def with_laughs(data: bytes) -> bytes:
    """The XML with a billion-laughs DOCTYPE, its entity used in the first text (<t>)."""
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
    root = re.match(rb"<([\w:]+)", body)
    assert root is not None
    return _laughs(root[1].decode()) + body.replace(b"<t>", b"<t>&lol9;", 1)


def truncated(tmp: Path) -> Path:
    data = roster_xlsx(tmp / "full.xlsx").read_bytes()
    out = tmp / "名册.xlsx"
    out.write_bytes(data[: len(data) // 2])
    return out


def damaged_member(tmp: Path) -> Path:
    """The zip's directory is intact, but the sheet's compressed bytes are scrambled."""
    src = roster_xlsx(tmp / "full.xlsx", rows=200)
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 400) - 10):
        data[i] ^= 0x5A
    out = tmp / "名册.xlsx"
    out.write_bytes(bytes(data))
    return out


def not_a_zip(tmp: Path) -> Path:
    out = tmp / "名册.xlsx"
    out.write_text("这其实是一段文字，不是表格。\n" * 20, encoding="utf-8")
    return out


def laughs_in_sheet(tmp: Path) -> Path:
    src = roster_xlsx(tmp / "full.xlsx")
    return patched(src, tmp / "名册.xlsx", {SHEET: with_laughs})


def laughs_in_strings(tmp: Path) -> Path:
    """A shared-strings part (read when the workbook opens) with the entities in it."""
    src = roster_xlsx(tmp / "full.xlsx")
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        + b'uniqueCount="1"><si><t>x</t></si></sst>'
    )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'.encode()
    return patched(
        src,
        tmp / "名册.xlsx",
        {"[Content_Types].xml": lambda d: d.replace(b"</Types>", override + b"</Types>")},
        {"xl/sharedStrings.xml": with_laughs(strings)},
    )


def encrypted(tmp: Path) -> Path:
    """What Excel writes for a workbook with an open password: an OLE compound file holding
    the streams EncryptionInfo and EncryptedPackage (faked here: the signature and the names)."""
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    out = tmp / "名册.xlsx"
    out.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + directory + b"\x00" * 2048
    )
    return out


def ole_garbage(tmp: Path) -> Path:
    out = tmp / "名册.xlsx"
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(1).randbytes(4000))
    return out


def garbage_xls(tmp: Path) -> Path:
    out = tmp / "名册.xls"
    out.write_bytes(random.Random(2).randbytes(5000))
    return out


def ole_garbage_xls(tmp: Path) -> Path:
    out = tmp / "名册.xls"
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(4000))
    return out


def web_page_xls(tmp: Path) -> Path:
    out = tmp / "学籍名单.xls"
    out.write_text(
        "<html><body><table><tr><td>姓名</td></tr><tr><td>张冬月</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return out


def empty_file(tmp: Path) -> Path:
    out = tmp / "名册.xlsx"
    out.write_bytes(b"")
    return out


def no_sheets(tmp: Path) -> Path:
    src = roster_xlsx(tmp / "full.xlsx")
    return patched(
        src,
        tmp / "名册.xlsx",
        {"xl/workbook.xml": lambda d: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", d)},
    )


def empty_sheet(tmp: Path) -> Path:
    out = tmp / "名册.xlsx"
    Workbook().save(out)
    return out


def too_many_rows(tmp: Path) -> Path:
    """More rows than a sheet may hold at all: refused while reading, before any check."""
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(["姓名", "性别"])
    for i in range(MAX_SHEET_ROWS + 5):
        ws.append([f"学生{i}", "男"])
    out = tmp / "名册.xlsx"
    book.save(out)
    return out


def open_quote(tmp: Path) -> Path:
    out = tmp / "名册.csv"
    out.write_text('姓名,性别\n"张冬月,女\n' + "王喆,男\n" * 40_000, encoding="utf-8")
    return out


def open_quote_short(tmp: Path) -> Path:
    out = tmp / "名册.csv"
    out.write_text('姓名,性别\n张冬月,女\n"王喆,男\n' + "赵玥,女\n" * 30, encoding="utf-8")
    return out


BAD = {
    "truncated .xlsx": (truncated, "已损坏"),
    "damaged sheet inside the zip": (damaged_member, "损坏"),
    "text named .xlsx": (not_a_zip, "不是 Excel 或 CSV 表格文件"),
    "billion laughs in the sheet": (laughs_in_sheet, "不安全的 XML 内容"),
    "billion laughs in the shared strings": (laughs_in_strings, "不安全的 XML 内容"),
    "password-protected workbook": (encrypted, "设置了打开密码，请先在 Excel/WPS 中取消密码"),
    "OLE garbage named .xlsx": (ole_garbage, "可能设置了打开密码，或已损坏"),
    "garbage .xls": (garbage_xls, "不是 Excel 或 CSV 表格文件"),
    "OLE garbage .xls": (ole_garbage_xls, "不是可读取的 Excel 97-2003 文件"),
    "web page saved as .xls": (web_page_xls, "网页格式"),
    "empty file": (empty_file, "是空文件"),
    "workbook without sheets": (no_sheets, "没有工作表"),
    "empty sheet": (empty_sheet, "没有任何内容"),
    "too many rows": (too_many_rows, f"超过了 {MAX_ROWS} 行的上限"),
    "quote never closed": (open_quote, "第 2 行有一个引号没有配对"),
    "quote never closed, short": (open_quote_short, "第 3 行有一个引号没有配对"),
}


# --- the archive must not change ---------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An archive with one pupil in it, closed."""
    path = tmp_path / "class.sqlite"
    archive = open_archive(path)
    roster.add_pupil(archive, ProfileDraft(name="李小红", sex="女", birth_date="2015-06-01"), TODAY)
    archive.close()
    return path


def fingerprint(db: Path) -> tuple[str, int]:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    archive = open_archive(db)
    try:
        count = len(roster.list_roster(archive, TODAY))
    finally:
        archive.close()
    return digest, count


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_file_gets_a_clear_message_and_nothing_is_written(tmp_path, db, capsys, case):
    make, message = BAD[case]
    bad = make(tmp_path)
    before = fingerprint(db)
    with pytest.raises(TableError) as caught:
        read_table(bad)
    assert message in str(caught.value)
    assert bad.name in str(caught.value)  # the message names the file
    archive = open_archive(db)
    try:
        with pytest.raises((TableError, ImportError_)):
            importing.plan(archive, bad, TODAY)
    finally:
        archive.close()
    assert main(["import", str(bad), "--db", str(db)]) == 1
    assert message in capsys.readouterr().err
    assert fingerprint(db) == before
    assert before[1] == 1


def test_openpyxl_parses_with_defusedxml(tmp_path):
    """openpyxl picks defusedxml up when it is installed; the reader refuses to run without."""
    import defusedxml.ElementTree
    from defusedxml import DefusedXmlException
    from openpyxl import DEFUSEDXML
    from openpyxl.xml import functions

    assert DEFUSEDXML
    assert functions.iterparse is defusedxml.ElementTree.iterparse
    assert functions.fromstring is defusedxml.ElementTree.fromstring
    with pytest.raises(TableError) as caught:
        read_table(laughs_in_sheet(tmp_path))
    chain, exc = [], caught.value.__cause__
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, DefusedXmlException) for e in chain)  # defusedxml said no


def test_without_defusedxml_in_openpyxl_the_reader_refuses(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(TableError, match="defusedxml"):
        read_table(roster_xlsx(tmp_path / "名册.xlsx"))


def test_a_bad_file_from_the_window_is_reported(qtbot, tmp_path, db):
    from .ui_helpers import ScriptedPrompts, open_window

    bad = laughs_in_sheet(tmp_path)
    before = fingerprint(db)
    prompts = ScriptedPrompts()
    prompts.choose_roster_file = lambda parent: bad
    window, archive = open_window(qtbot, db, prompts)
    window.exec_dialog = lambda dialog: pytest.fail("no dialog for a bad file")
    window.files.import_roster()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=20000)
    assert prompts.errors == ["无法导入这个文件。"]
    assert len(roster.list_roster(archive, TODAY)) == before[1]


# --- odd files that read correctly -------------------------------------------------------------


def huge_dimension(tmp: Path, blank_rows: int) -> Path:
    """The sheet claims A1:Z1048576; ``blank_rows`` formatted empty rows follow the roster, and
    a stray value sits in the very last row of the sheet."""
    src = roster_xlsx(tmp / "full.xlsx", rows=3)

    def change(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:Z1048576"/>', data)
        row = '<row r="{0}" ht="15" customHeight="1"><c r="A{0}" s="0"/><c r="Z{0}" s="0"/></row>'
        blank = "".join(row.format(r) for r in range(5, 5 + blank_rows)).encode()
        stray = b'<row r="1048576"><c r="Z1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return data.replace(b"</sheetData>", blank + stray + b"</sheetData>")

    return patched(src, tmp / "名册.xlsx", {SHEET: change})


@pytest.mark.parametrize("blank_rows", [0, 300_000], ids=["dimension only", "300k blank rows"])
def test_a_sheet_claiming_a_million_rows_is_read_fast_and_small(tmp_path, blank_rows):
    source = huge_dimension(tmp_path, blank_rows)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        rows = read_table(source)
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r[0].text for r in rows] == ["姓名", "学生1", "学生2", "学生3"]
    assert took < 5
    assert peak < 30 * 2**20
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        plan = importing.plan(archive, source, TODAY)
    finally:
        archive.close()
    assert len(plan.added) == 3 and plan.problems == []


def merged_everywhere(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["青山镇中心小学五年级（2）班留守儿童花名册"])
    ws.merge_cells("A1:J1")
    ws.append(["填表日期：2026年9月1日"])
    ws.merge_cells("A2:J2")
    ws.append(["序号", "姓名", "性别", "出生日期", "父亲", None, "母亲", None, "村", "备注"])
    ws.append([None, None, None, None, "姓名", "电话", "姓名", "电话", None, None])
    for col in "ABCDIJ":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:F3")
    ws.merge_cells("G3:H3")
    ws.append([1, "张冬月", "女", "2015-03-08", "张大山", "13812348000", "李梅", "", "石桥村"])
    ws.append([2, "张冬阳", "男", "2016-05-01", "张大山", "13812348000", "李梅", "", None])
    ws.append([3, "王喆", "男", "2014-09-11", "王强", "", "赵芳", "13912345678", None])
    ws.merge_cells("I5:I7")  # the village, merged down over three pupils
    ws.merge_cells("E5:E6")  # the same father for two siblings
    ws.merge_cells("F5:F6")
    ws.append(["以下为转入学生"])
    ws.merge_cells("A8:J8")  # a section line across the width
    ws.append([4, "刘䶮", "男", "2015-01-01", None, None, None, None, "青山村", "转入"])
    ws.merge_cells("J9:J10")  # a note merged into the footer
    ws.append(["班主任：王丽华", None, None, None, None, "制表：教务处"])
    ws.merge_cells("A10:E10")
    ws.merge_cells("F10:I10")
    book.save(path)
    return path


def test_merged_cells_everywhere(tmp_path):
    source = merged_everywhere(tmp_path / "名册.xlsx")
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        plan = importing.plan(archive, source, TODAY)
        assert plan.header is not None and plan.header.sheet_row == 3
        assert plan.header.height == 2  # 父亲 / 母亲 over 姓名 | 电话
        assert plan.problems == []
        assert [i.row for i in plan.added] == [5, 6, 7, 9]
        drafts = {i.draft.name: i.draft for i in plan.added}
        assert {n: d.village for n, d in drafts.items()} == {
            "张冬月": "石桥村",
            "张冬阳": "石桥村",
            "王喆": "石桥村",
            "刘䶮": "青山村",
        }
        assert drafts["张冬阳"].father.name == "张大山"
        assert drafts["张冬阳"].father.phone == "13812348000"
        assert drafts["王喆"].mother.phone == "13912345678"
        assert importing.apply(archive, plan, TODAY).value.written == 4
        rows = {r.name: r.id for r in roster.list_roster(archive, TODAY)}
        assert profile.load_profile(archive, rows["王喆"], TODAY).draft.village == "石桥村"
    finally:
        archive.close()


CSV_TEXT = (
    "学生姓名,性别,出生日期,家庭住址\n张冬月,女,2015-03-08,青山镇石桥村3组\n王喆,男,2014-09-11,\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("名册.csv", CSV_TEXT.encode("gbk")),  # WPS / Excel in China
        ("名册.csv", CSV_TEXT.encode("utf-8-sig")),  # UTF-8 with BOM
        ("名册.csv", CSV_TEXT.replace(",", "\t").encode("utf-16")),  # Excel's “Unicode 文本”
        ("学籍名单.xls", CSV_TEXT.replace(",", "\t").encode("gbk")),  # text saved as .xls
    ],
    ids=["gbk", "utf-8 bom", "utf-16 tabs", "tabs as .xls"],
)
def test_text_tables_in_the_usual_encodings(tmp_path, name, data):
    source = tmp_path / name
    source.write_bytes(data)
    rows = read_table(source)
    assert rows[0][0].text == "学生姓名"  # no BOM left in the first header
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        plan = importing.plan(archive, source, TODAY)
    finally:
        archive.close()
    assert [i.draft.name for i in plan.added] == ["张冬月", "王喆"]
    assert plan.added[0].draft.address == "青山镇石桥村3组"
    assert plan.problems == [] and plan.unknown_columns == []


def test_a_blank_first_sheet_is_passed_over(tmp_path):
    book = Workbook()
    book.active.title = "Sheet1"
    ws = book.create_sheet("名单")
    ws.append(["姓名", "性别"])
    ws.append(["张冬月", "女"])
    book.save(tmp_path / "名册.xlsx")
    assert [[c.text for c in r] for r in read_table(tmp_path / "名册.xlsx")] == [
        ["姓名", "性别"],
        ["张冬月", "女"],
    ]
