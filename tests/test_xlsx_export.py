"""导出 Excel: the whole archive as one workbook, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.records import KINDS
from liushou_desk.io.xlsx_export import export_workbook
from liushou_desk.services import profile, roster

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def test_the_whole_archive_in_one_workbook(demo_db, tmp_path):
    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "欧阳𠇔")
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.personality = '=HYPERLINK("http://x","点我")'  # would be a formula in Excel
    draft.interests = "+1 爱画画"
    profile.save_profile(archive, pid, draft, TODAY)
    out = tmp_path / "class.xlsx"
    summary = export_workbook(archive, out, TODAY)
    names = {r.name for r in roster.list_roster(archive, TODAY)}
    archive.close()

    book = load_workbook(out)
    assert book.sheetnames[:4] == ["班级信息", "学生名册", "父母", "在家监护人"]
    assert "亲情电话 、 视频" not in book.sheetnames and "亲情电话、视频" in book.sheetnames
    assert len(book.sheetnames) == 4 + len(KINDS)
    pupils = book["学生名册"]
    assert pupils.freeze_panes == "A2" and pupils.auto_filter.ref
    assert [c.value for c in pupils[1]][:4] == ["姓名", "性别", "出生日期", "身份证号"]
    assert {row[0].value for row in pupils.iter_rows(min_row=2)} == names  # rare chars intact
    mine = next(row for row in pupils.iter_rows(min_row=2) if row[0].value == "欧阳𠇔")
    personality = mine[15]
    assert personality.value.startswith("=HYPERLINK") and personality.data_type == "s"
    assert mine[16].value == "+1 爱画画"
    assert isinstance(mine[2].value, datetime) and mine[2].number_format == "yyyy-mm-dd"
    talks = book["谈心记录"]
    assert talks.max_row - 1 == summary.rows["谈心记录"] > 0
    activities = book["活动"]
    header = [c.value for c in activities[1]]
    assert "参加的学生" in header and "学生" not in header
    grades = book["成绩"]
    grade_header = [c.value for c in grades[1]]
    assert "语文" in grade_header
    first = [c.value for c in grades[2]]
    assert isinstance(first[grade_header.index("语文")], (int, float))  # a number, not text
    assert summary.path == out and not (tmp_path / "class.xlsx.partial").exists()


def test_export_command(demo_db, tmp_path, capsys):
    out = tmp_path / "导出.xlsx"
    assert main(["export-xlsx", "--db", str(demo_db), "--out", str(out)]) == 0
    assert "已导出" in capsys.readouterr().out and out.exists()
    assert main(["export-xlsx", "--db", str(demo_db), "--out", str(out)]) == 1
    assert "文件已存在" in capsys.readouterr().err
    assert main(["export-xlsx", "--db", str(demo_db), "--out", str(tmp_path / "x.csv")]) == 2
    assert (
        main(
            [
                "export-xlsx",
                "--db",
                str(tmp_path / "none.sqlite"),
                "--out",
                str(tmp_path / "y.xlsx"),
            ]
        )
        == 1
    )


def test_export_from_the_window_with_progress(qtbot, demo_db, tmp_path):
    prompts = ScriptedPrompts()
    prompts.save_xlsx = lambda parent, suggested: tmp_path / "from-window.xlsx"
    window, _ = open_window(qtbot, demo_db, prompts)
    window.files.export_xlsx()
    qtbot.waitUntil(lambda: bool(prompts.infos), timeout=20000)
    assert prompts.infos[0].startswith("导出完成。")
    assert load_workbook(tmp_path / "from-window.xlsx").sheetnames[0] == "班级信息"


def test_a_redacted_copy_finds_what_to_mask_by_field_not_by_header_words(demo_db):
    """Headers are words a later version may reword (身份证号 → 身份证号码); what the principal's
    copy masks or leaves blank is keyed by the field, so rewording hides nothing less."""
    from liushou_desk.io.xlsx_export import collect, redact

    archive = open_archive(demo_db)
    try:
        sheets = {s.title: s for s in collect(archive, TODAY)}
    finally:
        archive.close()
    pupils, parents = sheets["学生名册"], sheets["父母"]
    for sheet in (pupils, parents):
        sheet.headers = [f"{h}（改过的表头）" for h in sheet.headers]  # every header reworded
    ids = pupils.keys.index("id_number")
    health = pupils.keys.index("health_mental")
    phone = parents.keys.index("phone")
    full_id = next(r[ids] for r in pupils.rows if r[ids])
    full_phone = next(r[phone] for r in parents.rows if r[phone])
    redact(list(sheets.values()))
    assert full_id not in {r[ids] for r in pupils.rows}
    assert all("*" in r[ids] for r in pupils.rows if r[ids])
    assert full_phone not in {r[phone] for r in parents.rows}
    assert {r[health] for r in pupils.rows} == {""}
    assert all(len(s.keys) == len(s.headers) for s in sheets.values())
