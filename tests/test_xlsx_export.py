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
    assert book.sheetnames[:5] == ["班级信息", "学生名册", "父母", "在家监护人", "祖辈"]
    assert "亲情电话 、 视频" not in book.sheetnames and "亲情电话、视频" in book.sheetnames
    assert len(book.sheetnames) == 5 + len(KINDS) + 3  # and 任课教师, 分工, 学期计划
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


def _statements(archive, action):  # type: ignore[no-untyped-def]
    """How many SQL statements ``action`` runs on the archive."""
    from sqlalchemy import event

    seen: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(archive.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(archive.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_export_reads_each_kind_of_row_once_for_the_whole_class(demo_db):
    """Set-based: the statements the export runs do not grow with the class (it used to read
    each pupil's profile and records, and every activity's participants, once per pupil)."""
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.io.xlsx_export import collect

    archive = open_archive(demo_db)
    try:
        before = _statements(archive, lambda: collect(archive, TODAY))
        for i in range(12):
            roster.add_pupil(archive, ProfileDraft(name=f"新生{i}", sex="男"), TODAY)
        after = _statements(archive, lambda: collect(archive, TODAY))
    finally:
        archive.close()
    assert before == after <= 26  # with 任课教师, 分工 and 学期计划 (issue 16)


def test_the_rows_are_what_the_services_show_for_each_pupil(demo_db):
    """The set-based reads give exactly what reading each pupil through the services gives:
    the profile (五个清楚, status), parents, guardians, each pupil's records and the class's
    records with who took part."""
    from liushou_desk.io.xlsx_export import FORM1_KEYS, PROFILE_BASICS, _date, _sheet_title, collect
    from liushou_desk.services import records

    archive = open_archive(demo_db)
    try:
        pid = add_known_pupil(archive, "欧阳𠇔")
        roster.set_enrolment(archive, pid, "转出", "2026-09-01", "随父母去外地", TODAY)
        sheets = {s.title: s for s in collect(archive, TODAY)}
        rows = roster.list_roster(archive, TODAY)
        names = {r.id: r.name for r in rows}
        pupils, parents, guardians, grandparents = [], [], [], []
        by_kind: dict[str, list[records.RecordView]] = {}
        for r in rows:
            view = profile.load_profile(archive, r.id, TODAY)
            d = view.draft
            pupils.append(
                [getattr(d, n) for n in PROFILE_BASICS[:2]]
                + [_date(d.birth_date), *(getattr(d, n) for n in PROFILE_BASICS[3:])]
                + ["是" if d.boarding else "否", view.enrolment, view.left_on or ""]
                + [view.leave_note, view.kind, view.computed_reason, view.override_reason]
                + [d.personality, d.interests, d.strengths, d.health_physical, d.health_mental]
                + [getattr(d, k) for k in FORM1_KEYS]  # 附件1's own, as the form shows them
            )
            for g in d.grandparents:
                if not g.empty:
                    born = _date(g.birth_date)
                    grandparents.append([d.name, g.role, g.name, born, "是" if g.deceased else ""])
            for p in (d.father, d.mother):
                parents.append([d.name, p.role, p.name, p.situation, p.phone, p.phone2])
            for g in d.guardians:
                guardians.append([d.name, g.name, g.relation, int(g.age) if g.age else ""])
            for rec in records.list_records(archive, r.id):
                if not KINDS[rec.kind].class_level:
                    by_kind.setdefault(rec.kind, []).append(rec)
        for rec in records.list_class_records(archive):
            by_kind.setdefault(rec.kind, []).append(rec)
    finally:
        archive.close()
    assert sheets["学生名册"].rows == pupils
    assert [r[:6] for r in sheets["父母"].rows] == parents
    assert [r[:4] for r in sheets["在家监护人"].rows] == guardians
    assert sheets["祖辈"].rows == grandparents and grandparents
    assert any(by_kind.values())
    for key, kind in KINDS.items():
        sheet = sheets[_sheet_title(kind.label)]
        wanted = sorted(by_kind.get(key, []), key=lambda r: (r.occurred_on, r.id))
        tail = [["是" if r.sensitive else "", r.recorded_by, r.version] for r in wanted]
        assert [row[-3:] for row in sheet.rows] == tail, kind.label
        if kind.class_level:
            who = [[names[p] for p in r.participants if p in names] for r in wanted]
            assert [row[-5:-3] for row in sheet.rows] == [["、".join(w), len(w)] for w in who]
        else:
            whose = [names.get(r.pupil_id or 0, "") for r in wanted]
            assert [row[0] for row in sheet.rows] == whose


def test_the_workbook_holds_the_teachers_the_duties_and_the_plan(demo_db, tmp_path):
    """任课教师, 分工 and 学期计划 read back from the file; the principal's copy masks phones."""
    from openpyxl import load_workbook

    from liushou_desk.io.xlsx_export import export_workbook
    from liushou_desk.services import care_plan, teachers
    from liushou_desk.services.terms import current_term

    archive = open_archive(demo_db)
    try:
        staff = teachers.list_teachers(archive)
        term = current_term(archive, TODAY)
        plan = care_plan.list_plan(archive, term.start, term.end)
        held = teachers.assignments(archive)
        out = tmp_path / "class.xlsx"
        export_workbook(archive, out, TODAY)
        least = tmp_path / "least.xlsx"
        export_workbook(archive, least, TODAY, redacted=True)
    finally:
        archive.close()
    book = load_workbook(out, read_only=True)
    rows = list(book["任课教师"].iter_rows(values_only=True))
    assert rows[0] == ("姓名", "任教学科", "电话") and len(rows) == len(staff) + 1
    assert rows[1][2] == staff[0].phone
    duties = list(book["分工"].iter_rows(values_only=True))
    assert duties[0][:4] == ("学生", "帮扶教师", "代理家长", "谈心教师")
    assert len(duties) - 1 == len(held)
    assert any(r[4] == "是" and r[5] for r in duties[1:])  # a 重点帮扶对象 with her reason
    items = list(book["学期计划"].iter_rows(values_only=True))
    assert len(items) - 1 == len(plan) and {"已完成", "已过期"} <= {r[5] for r in items[1:]}
    masked = list(load_workbook(least, read_only=True)["任课教师"].iter_rows(values_only=True))
    assert masked[1][2] != staff[0].phone and "*" in masked[1][2]
