"""The window of issue 16, driven as the teacher drives it: 学期计划 (add a weekly item, mark one
done through the prefilled record form, drop the rest of a series), 分工 (a teacher added,
children shared out and saved, a teacher's page), 重点帮扶对象, 待办 by teacher and its gaps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog

from liushou_desk.services import care_plan, focus, teachers
from liushou_desk.services.records import list_records

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, open_window

Step = Callable[[QDialog], bool]


def scripted(window, *steps: Step) -> list[str]:  # type: ignore[no-untyped-def]
    """The window's dialogs go to ``steps`` in turn; their titles are returned as they open."""
    queue, titles = list(steps), []

    def run(dialog: QDialog) -> bool:
        titles.append(dialog.windowTitle())
        assert queue, f"an unexpected dialog: {dialog.windowTitle()}"
        return queue.pop(0)(dialog)

    window.exec_dialog = run
    return titles


def ok(dialog) -> bool:  # type: ignore[no-untyped-def]
    dialog.submit()
    return dialog.result() == QDialog.DialogCode.Accepted


def test_the_plan_page_shows_the_demo_term(qtbot, demo_db):
    window, _archive = open_window(qtbot, demo_db)
    window.tabs.setCurrentWidget(window.plan_slot)
    tab = window.plan_slot.fill()
    rows = tab.visible_rows()
    days = [e.planned_on for e in tab.model.entries]
    assert rows and days == sorted(days)  # by date
    states = {r[6] for r in rows}
    assert any(s.startswith("已完成（") for s in states)  # the 月会 held
    assert any(s.startswith("已过期") for s in states)  # the missed home visit
    assert "已过期 1 项" in tab.summary.text()
    assert {"留守儿童月会", "心理健康课", "家访", "主题班会（重复）"} <= {r[2] for r in rows}
    tab.show_box.setCurrentText("已过期")
    (late,) = tab.visible_rows()
    assert late[2] == "家访"


def test_adding_a_weekly_item_then_marking_one_done(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    window.tabs.setCurrentWidget(window.plan_slot)
    tab = window.plan_slot.fill()
    before = len(tab.visible_rows())

    def add(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.kind.set_value("主题班会")
        dialog.title.set_value("感恩父母")
        dialog.day.set_value("2026-11-20")  # last Friday: a few are already due
        dialog.repeat.combo.setCurrentText("每周")
        dialog.until.set_value("2026-12-18")
        return ok(dialog)

    titles = scripted(window, add)
    tab.add_button.click()
    assert titles == ["添加计划事项"]
    rows = tab.visible_rows()
    assert len(rows) == before + 5
    mine = [r for r in rows if r[3] == "感恩父母"]
    assert [r[0] for r in mine] == ["11月20日", "11月27日", "12月04日", "12月11日", "12月18日"]
    assert mine[0][6] == "已过期 3 天"

    seen = {}

    def record(dialog) -> bool:  # type: ignore[no-untyped-def]
        seen["title"] = dialog.fields["title"].value()
        seen["date"] = dialog.fields["date"].value()
        seen["kind"] = dialog.fields["activity_kind"].value()
        dialog.picker.check(lambda r: r.is_left_behind)
        return ok(dialog)

    first = next(e for e in tab.model.entries if e.title == "感恩父母")
    scripted(window, record)
    tab.select_item(first.id)
    tab.done_button.click()
    assert seen == {"title": "感恩父母", "date": "2026-11-20", "kind": "主题班会"}
    done = care_plan.get_entry(archive, first.id)
    assert done is not None and done.done and done.done_on == date(2026, 11, 20)
    assert next(r for r in tab.visible_rows() if r[3] == "感恩父母")[6] == "已完成（11月20日）"
    window.undo_action.trigger()  # 标为完成 taken back; the record stays
    assert not care_plan.get_entry(archive, first.id).done

    # drop the later dates of the series
    second = [e for e in tab.model.entries if e.title == "感恩父母"][1]
    prompts = window.prompts
    assert isinstance(prompts, ScriptedPrompts)
    prompts.choice = 1
    tab.select_item(second.id)
    tab.delete_button.click()
    assert [r[0] for r in tab.visible_rows() if r[3] == "感恩父母"] == ["11月20日"]


def test_a_planned_home_visit_from_the_due_list(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    due = window.due_tab
    due.refresh()
    item = next(i for i in due.items if i.kind == "planned" and i.overdue and i.pupil)
    seen = {}

    def visit(dialog) -> bool:  # type: ignore[no-untyped-def]
        seen["title"] = dialog.windowTitle()
        seen["date"] = dialog.fields["date"].value()
        return ok(dialog)

    scripted(window, visit)
    due.open_item.emit(item)
    assert seen["title"] == f"新增家访 — {item.pupil}"
    assert seen["date"] < TODAY.isoformat()  # the day it was planned
    entry = care_plan.get_entry(archive, item.record_id)
    assert entry is not None and entry.done
    assert list_records(archive, item.pupil_id, kinds=("home_visit",))
    due.refresh()
    assert item.record_id not in {i.record_id for i in due.items if i.kind == "planned"}


def test_the_teachers_page_shares_out_and_saves(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    window.tabs.setCurrentWidget(window.teachers_slot)
    tab = window.teachers_slot.fill()
    names = [t.name for t in tab.teacher_rows]
    assert len(names) >= 8 and "向雪梅" in names

    def add(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.name.set_value("马晓东")
        dialog.subject.set_value("信息技术")
        dialog.phone.set_value("abc")
        dialog.submit()
        assert dialog.phone.error  # a clear message under the field, nothing saved
        dialog.phone.set_value("13912340000")
        return ok(dialog)

    scripted(window, add)
    window._c.plan.edit_teacher(None)
    assert "马晓东" in [t.name for t in tab.teacher_rows]
    waiting = [k for k in tab.kids if not tab.combos[(k.id, "proxy_parent")].currentData()]
    assert waiting  # the demo leaves a few without a 代理家长
    tab.share_out("proxy_parent")
    assert all(tab.combos[(k.id, "proxy_parent")].currentData() for k in tab.kids)
    assert "未保存" in tab.state.text()
    tab.save_button.click()
    assert tab.state.text() == ""
    held = teachers.assignments(archive)
    assert all(held.get(k.id, {}).get("proxy_parent") for k in tab.kids)
    # a teacher's page: her children and what is due for each
    ma = next(t for t in tab.teacher_rows if t.name == "马晓东")
    tab.select_teacher(ma.id)
    assert "马晓东老师" in tab.page_title.text()
    assert "本学期还没有写着她名字的记录" in tab.page_title.text()
    assert tab.page.rowCount() == len(teachers.duties_of(archive, ma.id)) >= 1
    tab.select_teacher(tab.teacher_rows[0].id)  # the head teacher: her talks and visits
    assert "本学期记录：" in tab.page_title.text() and "谈心记录" in tab.page_title.text()


def test_focus_from_the_roster_and_the_due_list_by_teacher(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    row = next(r for r in window.roster_tab.model.rows if r.is_left_behind and not r.focus)

    def flag(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.reason.set_value("期中考试后情绪低落")
        dialog.spins["talk"].setValue(10)
        return ok(dialog)

    scripted(window, flag)
    window.roster_tab.select_pupil(row.id)
    dict(window.roster_tab.context_actions())["列为重点帮扶对象…"]()
    view = focus.focus_of(archive, row.id)
    assert view.on and view.reason == "期中考试后情绪低落" and view.cadence["talk"] == 10
    assert "重点帮扶" in window.roster_tab.model.find(row.id).flags

    due = window.due_tab
    due.refresh()
    everyone = len(due.items)
    teacher = next(t for t in teachers.list_teachers(archive) if t.children)
    due.teacher_box.setCurrentText(teacher.name)
    assert 0 < len(due.items) < everyone
    assert all(teacher.name in i.teachers for i in due.items)
    assert due.summary.text().startswith(f"{teacher.name}老师：")
    due.show_box.setCurrentIndex(1)  # 还没覆盖到的孩子
    assert due.items and all(i.gap for i in due.items)
    assert due.gap_counts.text().startswith("还没覆盖到的孩子：")


def test_the_cadence_dialog_sets_the_new_intervals(qtbot, demo_db):
    from liushou_desk.services import settings
    from liushou_desk.ui.cadence_dialog import CadenceDialog

    window, archive = open_window(qtbot, demo_db)
    dialog = CadenceDialog(archive, window)
    qtbot.addWidget(dialog)
    assert dialog.spins["talk_days"].text() == "每月一次"  # 0: the calendar's rhythm
    assert dialog.spins["home_visit_days"].text() == "每学期一次"
    dialog.spins["talk_days"].setValue(3)  # below the range the school would mean
    dialog.submit()
    assert "谈心每隔应在 7–60 天之间" in dialog.months.error
    dialog.spins["talk_days"].setValue(14)
    dialog.spins["rare_call_days"].setValue(21)
    dialog.kinds["no_activity"].setChecked(False)
    dialog.submit()
    now = settings.cadence(archive)
    assert (now.talk_days, now.rare_call_days) == (14, 21)
    assert "no_activity" not in now.kinds and "no_plan" in now.kinds


def test_a_teachers_page_reads_the_due_list_once_and_shows_her_name_as_typed(
    qtbot, demo_db, monkeypatch
):  # type: ignore[no-untyped-def]
    from liushou_desk.services import due

    window, archive = open_window(qtbot, demo_db)
    teachers.save_teacher(archive, None, "<b>王</b>老师", "", "")
    window.tabs.setCurrentWidget(window.teachers_slot)
    tab = window.teachers_slot.fill()
    read: list[int] = []
    real = due.due_items
    monkeypatch.setattr(due, "due_items", lambda *a, **k: read.append(1) or real(*a, **k))
    tab.refresh()
    for t in tab.teacher_rows:  # clicking through every teacher: the class's list read once
        tab.select_teacher(t.id)
    assert len(read) == 1
    odd = next(t for t in tab.teacher_rows if t.name == "<b>王</b>老师")
    tab.select_teacher(odd.id)
    assert "&lt;b&gt;王&lt;/b&gt;老师老师" in tab.page_title.text()  # shown, not bold
    before = len(read)
    tab.refresh()  # after a write: read again when a page is next shown
    tab.select_teacher(tab.teacher_rows[1].id)
    assert len(read) == before + 1
