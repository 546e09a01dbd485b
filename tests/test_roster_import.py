"""导入名册: a messy school roster — title rows, blank rows, footer lines, dates as text, IDs with
full-width digits or a lowercase x, an ID Excel stored as a number, padded names, the same pupil
twice — read, checked row by row, written all at once, and a second import changes nothing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from openpyxl import Workbook

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.io.roster_columns import ImportError_
from liushou_desk.io.table_reader import TableError, read_table
from liushou_desk.ops import importing
from liushou_desk.services import profile, roster

from .conftest import TODAY


def _id(birth: str, seq: str) -> str:
    first = "511725" + birth + seq
    return first + check_digit(first)


ZDY = _id("20150308", "122")  # female
WZ = _id("20140911", "133")  # male


def messy_workbook(path):
    book = Workbook()
    ws = book.active
    ws.append(["青山镇中心小学五年级（2）班留守儿童花名册"])
    ws.merge_cells("A1:H1")
    ws.append(["填表日期：2026年9月1日"])
    ws.append([])
    ws.append(
        [
            "序号",
            "学生姓名",
            "性别",
            "出生年月",
            "身份证号码",
            "父亲电话",
            "监护人",
            "与学生关系",
            "监护人电话",
            "是否留守",
            "家长签字",
        ]
    )
    ws.append(
        [
            1,
            "张　冬月",
            "女",
            "2015.3.8",
            ZDY.replace("1", "１", 1),
            "138 1234 8000",
            "张德明",
            "爷爷",
            "+86 139-1234-5678",
            "是",
            "",
        ]
    )
    ws.append(
        [2, " 王喆 ", "男", datetime(2014, 9, 11), WZ.lower(), "", "李秀英", "外婆", "", "否", ""]
    )
    ws.append([])
    ws.append([3, "刘䶮", "男", "20150101", 511725201501011234, "", "", "", "", "是", ""])
    ws.append([4, "张冬月", "女", "2015-03-08", ZDY, "", "", "", "", "是", ""])  # twice
    ws.append([5, "", "男", "2015-01-01", "", "", "", "", "", "", ""])  # no name
    ws.append([6, "赵玥", "女", "2099-01-01", "", "", "", "", "", "", ""])  # future birth
    ws.append(["班主任：王丽华", None, None, "制表：教务处"])
    book.save(path)
    return path


def test_a_messy_roster_is_read_checked_and_imported_once(tmp_path):
    source = messy_workbook(tmp_path / "花名册.xlsx")
    archive = open_archive(tmp_path / "class.sqlite")
    plan = importing.plan(archive, source, TODAY)
    assert [r.draft.name for r in plan.added] == ["张冬月", "王喆"]
    problems = {(p.row, p.column): p.message for p in plan.problems}
    assert "身份证号被 Excel 存成了数字" in problems[(8, "身份证号码")]
    assert problems[(9, None)] == "与第 5 行是同一名学生，已跳过"
    assert "姓名不能为空" in problems[(10, "学生姓名")]
    assert "日期不能晚于今天" in problems[(11, "出生年月")]
    assert importing.apply(archive, plan, TODAY).value.written == 2
    rows = {r.name: r for r in roster.list_roster(archive, TODAY)}
    zdy = profile.load_profile(archive, rows["张冬月"].id, TODAY)
    assert zdy.draft.id_number == ZDY and zdy.draft.birth_date == "2015-03-08"
    assert zdy.draft.father.phone == "13812348000"
    assert zdy.draft.guardians[0].relation == "祖父"
    assert zdy.draft.guardians[0].phone == "13912345678"
    assert rows["张冬月"].is_left_behind  # 是否留守 = 是
    assert rows["王喆"].sex == "男" and not rows["王喆"].is_left_behind

    again = importing.plan(archive, source, TODAY)  # the same file again changes nothing
    assert again.added == [] and again.updated == [] and len(again.unchanged) == 2
    assert importing.apply(archive, again, TODAY).value.written == 0
    assert len(roster.list_roster(archive, TODAY)) == 2
    archive.close()


def test_an_update_fills_in_without_erasing(tmp_path):
    archive = open_archive(tmp_path / "class.sqlite")
    first = tmp_path / "a.csv"
    first.write_text(f"姓名,身份证号,家庭住址\n张冬月,{ZDY},石桥村3组\n", encoding="utf-8")
    importing.apply(archive, importing.plan(archive, first, TODAY), TODAY)
    second = tmp_path / "b.csv"
    second.write_text(
        f"姓名,身份证号,家庭住址,母亲电话\n张冬月,{ZDY},,15912345678\n", encoding="gb18030"
    )
    plan = importing.plan(archive, second, TODAY)
    assert [i.changes for i in plan.updated] == [["mother.phone"]]
    importing.apply(archive, plan, TODAY)
    (row,) = roster.list_roster(archive, TODAY)
    draft = profile.load_profile(archive, row.id, TODAY).draft
    assert draft.address == "石桥村3组"  # an empty cell does not erase
    assert draft.mother.phone == "15912345678"
    archive.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空文件"),
        (b"PK\x03\x04 truncated", "已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "设置了打开密码"),
        (b"%PDF-1.7 not a table", "不是 Excel 或 CSV"),
    ],
)
def test_bad_files_get_a_message_and_nothing_is_written(tmp_path, content, message):
    bad = tmp_path / "名册.xlsx"
    bad.write_bytes(content)
    with pytest.raises(TableError, match=message):
        read_table(bad)
    archive = tmp_path / "class.sqlite"
    assert main(["import", str(bad), "--db", str(archive)]) == 1
    a = open_archive(archive)
    assert roster.list_roster(a, TODAY) == []
    a.close()


def test_no_header_row(tmp_path):
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    assert main(["import", str(csv_file), "--db", str(tmp_path / "c.sqlite")]) == 1


def test_import_command_dry_run_and_json(tmp_path, capsys):
    source = messy_workbook(tmp_path / "花名册.xlsx")
    db = tmp_path / "class.sqlite"
    assert main(["import", str(source), "--db", str(db), "--dry-run", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["imported"] == 2 and result["updated"] == 0 and result["unchanged"] == 0
    duplicate = {
        "row": 9,
        "column": None,
        "message": "与第 5 行是同一名学生，已跳过",
        "name": "张冬月",  # the problem names the child, not only the row
    }
    assert duplicate in result["problems"]
    a = open_archive(db)
    assert roster.list_roster(a, TODAY) == []  # dry run: nothing written
    a.close()
    assert main(["import", str(source), "--db", str(db)]) == 0
    assert "已新增 2 人" in capsys.readouterr().out


def test_import_from_the_window_shows_a_preview_first(qtbot, tmp_path):
    from .ui_helpers import ScriptedPrompts, open_window

    source = messy_workbook(tmp_path / "花名册.xlsx")
    prompts = ScriptedPrompts()
    prompts.choose_roster_file = lambda parent: source
    window, archive = open_window(qtbot, tmp_path / "class.sqlite", prompts)
    seen = {}

    def preview(dialog):
        seen["title"] = dialog.windowTitle()
        seen["problems"] = dialog.problems.rowCount()
        seen["before"] = len(roster.list_roster(archive, TODAY))  # nothing written yet
        return True

    window.exec_dialog = preview
    window.files.import_roster()
    qtbot.waitUntil(lambda: bool(prompts.infos), timeout=20000)
    assert seen == {"title": "导入名册 — 花名册.xlsx", "problems": 4, "before": 0}
    assert prompts.infos[0].startswith("导入完成：新增 2 人")
    assert {"张冬月", "王喆"} <= set(window.roster_tab.visible_names())


def test_the_blank_template_has_choices_text_columns_and_a_skipped_example(tmp_path):
    from openpyxl import load_workbook

    from liushou_desk.io.roster_template import write_template

    out = write_template(tmp_path / "模板.xlsx")
    book = load_workbook(out)
    ws = book["学生名册"]
    header = [c.value for c in ws[2]]
    assert header[:4] == ["学生姓名", "性别", "出生日期", "身份证号码"]
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"男,女"' in lists and '"是,否"' in lists
    assert ws.cell(row=10, column=header.index("身份证号码") + 1).number_format == "@"
    assert "填写说明" in book.sheetnames
    archive = open_archive(tmp_path / "class.sqlite")
    with pytest.raises(ImportError_, match="表头下面没有学生"):  # the example row is skipped
        importing.plan(archive, out, TODAY)
    archive.close()


def test_the_template_is_saved_from_the_window(qtbot, tmp_path):
    from .ui_helpers import ScriptedPrompts, open_window

    prompts = ScriptedPrompts()
    prompts.save_xlsx = lambda parent, suggested: tmp_path / suggested
    window, _ = open_window(qtbot, tmp_path / "class.sqlite", prompts)
    window.files.save_roster_template()
    assert (tmp_path / "学生名册模板.xlsx").exists()
    assert prompts.infos[0].startswith("名册模板已保存。")


def _roster_of(path, children: int):  # type: ignore[no-untyped-def]
    """A real .xlsx: one header row and ``children`` rows under it, each child once."""
    from datetime import date, timedelta

    book = Workbook(write_only=True)
    ws = book.create_sheet("名册")
    ws.append(["姓名", "性别", "出生日期", "是否留守"])
    first = date(2014, 9, 1)
    for i in range(children):
        born = first + timedelta(days=i % 700)
        said = "否" if i % 3 == 0 else ""  # the file's word: a 人工认定 with its history line
        ws.append([f"学生{i:05d}", "男" if i % 2 else "女", born.isoformat(), said])
    book.save(path)
    return path


def test_ten_thousand_children_are_taken_the_header_never_counts(tmp_path):
    """The row cap counts the children under the header: exactly 10,000 are imported; one
    more, and the file is refused before any row is checked, nothing written."""
    from sqlalchemy import func, select

    from liushou_desk.db.models import ArchiveChange, Pupil
    from liushou_desk.io.table_reader import MAX_ROWS
    from liushou_desk.services.changes import Kind

    assert MAX_ROWS == 10_000
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        ten_thousand = _roster_of(tmp_path / "a.xlsx", 10_000)
        plan, outcome = importing.import_file(archive, ten_thousand, TODAY)
        assert len(outcome.value.added) == 10_000 and not plan.problems
        assert roster.count_pupils(archive) == 10_000
        with archive.transaction() as s:  # written in rounds: every pupil has its lines
            counted = select(ArchiveChange.kind, func.count()).group_by(ArchiveChange.kind)
            lines = dict(s.execute(counted).all())
            stated = s.scalar(select(func.count()).where(Pupil.override_kind.is_not(None)))
        assert lines == {Kind.CREATED: 10_000, Kind.STATUS: 3_334} and stated == 3_334
        over = _roster_of(tmp_path / "b.xlsx", 10_001)
        with pytest.raises(TableError) as refused:
            importing.import_file(archive, over, TODAY)
        assert "有 10001 行学生，超过了 10000 行的上限（表头不算" in str(refused.value)
        assert roster.count_pupils(archive) == 10_000
    finally:
        archive.close()
