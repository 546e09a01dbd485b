"""The care records in the window: quick entry, checks at the field, the sensitive mark, the
recycle bin and undo, a draft that survives the window, batch attendance, edit history."""

from __future__ import annotations

from PySide6.QtCore import Qt

from liushou_desk.db.schema import open_archive
from liushou_desk.services import drafts, records

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def _window(qtbot, db, *names):
    archive = open_archive(db)
    ids = [add_known_pupil(archive, n) for n in names]
    archive.close()
    prompts = ScriptedPrompts()
    window, archive = open_window(qtbot, db, prompts)
    return window, archive, prompts, ids


def _card_text(window) -> str:
    """The card and its timeline, as the teacher reads them."""
    window.tabs.setCurrentWidget(window.growth_slot)
    tab = window.growth_tab
    tab.refresh()
    return "\n".join(
        [
            tab.browser.toPlainText(),
            tab.timeline_title.text(),
            tab.sensitive_label.text(),
            *tab.timeline_texts(),
        ]
    )


def _select(window, record_id: int) -> None:
    tab = window.growth_tab
    row = next(i for i, r in enumerate(tab.timeline.rows) if r.id == record_id)
    tab.table.selectRow(row)


def test_quick_talk_from_the_roster_shows_on_the_card(qtbot, demo_db):
    window, archive, _, (pid,) = _window(qtbot, demo_db, "张冬月")
    window.select_pupil(pid)
    seen = {}

    def fill(dialog):
        seen["title"] = dialog.windowTitle()
        assert dialog.fields["date"].value() == TODAY.isoformat()  # today, filled in
        dialog.fields["topic"].set_value("想念妈妈，晚上睡不着")
        dialog.fields["mood"].set_value("想念父母")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill
    window.roster_tab.talk_button.click()
    assert seen["title"] == "新增谈心记录 — 张冬月"
    (talk,) = records.list_records(archive, pid, kinds=("talk",))
    assert talk.values["topic"] == "想念妈妈，晚上睡不着"
    assert "想念妈妈，晚上睡不着" in _card_text(window)


def test_a_record_with_problems_is_refused_at_the_fields(qtbot, demo_db):
    window, archive, _, (pid,) = _window(qtbot, demo_db, "王喆")
    window.select_pupil(pid)
    seen = {}

    def fill(dialog):
        dialog.fields["date"].set_value("2099-01-01")
        dialog.fields["party"].set_value("与外出父母")
        dialog.submit()
        seen["date"] = dialog.fields["date"].error
        seen["channel"] = dialog.fields["channel"].error
        seen["content"] = dialog.fields["content"].error
        return False

    window.exec_dialog = fill
    window.records.open_record_form("contact", pid)
    assert seen == {
        "date": "日期不能晚于今天",
        "channel": "请填写方式",
        "content": "请填写沟通内容",
    }
    assert records.list_records(archive, pid) == []


def test_sensitive_records_stay_folded_until_revealed(qtbot, demo_db):
    window, _archive, _, (pid,) = _window(qtbot, demo_db, "李堃")
    window.select_pupil(pid)

    def fill(dialog):
        assert dialog.sensitive.isChecked()  # an individual education plan is sensitive
        dialog.fields["category"].set_value("心理障碍")
        dialog.fields["problem"].set_value("长期失眠，情绪低落")
        dialog.fields["plan"].set_value("每周心理辅导一次")
        dialog.fields["responsible"].set_value("王老师")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill
    assert window.records.open_record_form("iep", pid)
    text = _card_text(window)
    assert "1 条敏感记录" in text and "长期失眠" not in text
    window.growth_tab.reveal_box.setChecked(True)
    assert "长期失眠，情绪低落" in "\n".join(window.growth_tab.timeline_texts())
    window.select_pupil(window.roster_tab.model.rows[0].id)
    window.select_pupil(pid)  # another child and back: folded again
    assert "长期失眠" not in _card_text(window)


def test_delete_a_record_undo_and_recycle_bin(qtbot, demo_db):
    window, archive, prompts, (pid,) = _window(qtbot, demo_db, "赵玥")
    from liushou_desk.domain.records import RecordValues

    rid, _ = records.create_record(
        archive,
        "bright_spot",
        pid,
        RecordValues({"date": "2026-11-20", "content": "主动扫地"}),
        TODAY,
    )
    window.select_pupil(pid)
    assert "主动扫地" in _card_text(window)
    _select(window, rid)
    window.growth_tab.delete_button.click()
    assert prompts.confirmed[-1] == "删除这条闪光点（2026-11-20）吗？"
    assert "主动扫地" not in _card_text(window)
    assert rid in [r.id for r in records.list_deleted_records(archive)]
    window.undo_action.trigger()
    assert "主动扫地" in _card_text(window)

    _select(window, rid)
    window.growth_tab.delete_button.click()

    def restore(dialog):
        assert dialog.table.item(0, 0).text() == "赵玥"  # whose it is, first
        assert dialog.table.item(0, 1).text() == "闪光点"  # the newest deletion first
        dialog.table.selectRow(0)
        dialog.restore_selected()
        return False

    window.exec_dialog = restore
    window.pupils.open_recycle_bin()
    assert "主动扫地" in _card_text(window)


def test_a_draft_survives_the_window_and_comes_back(qtbot, demo_db):
    from liushou_desk.domain.records import KINDS
    from liushou_desk.ui.record_dialog import RecordDialog

    window, archive, prompts, (pid,) = _window(qtbot, demo_db, "孙昳")
    pupil = window.roster_tab.model.find(pid)
    dialog = RecordDialog(archive, KINDS["home_visit"], lambda: TODAY, prompts, pupil=pupil)
    dialog.show()
    dialog.fields["met"].line.setFocus()
    qtbot.keyClicks(dialog.fields["met"].line, "zumu")
    dialog.fields["living"].text.setPlainText("有独立书桌，光线好")
    qtbot.waitUntil(
        lambda: drafts.load_draft(archive, f"home_visit:{pid}:new") is not None, timeout=3000
    )
    dialog.deleteLater()  # the window goes away without saving (a crash, a power cut)
    window.close()
    window.deleteLater()
    archive.close()

    window2, archive2 = open_window(qtbot, demo_db, ScriptedPrompts())
    seen = {}

    def look(d):
        seen["met"] = d.fields["met"].value()
        seen["living"] = d.fields["living"].value()
        seen["note"] = d.draft_note.text()
        d.fields["visitors"].set_value("王老师")
        d.submit()
        return d.result() == 1

    window2.exec_dialog = look
    window2.select_pupil(pid)
    assert window2.records.open_record_form("home_visit", pid)
    assert seen["met"] == "zumu" and seen["living"] == "有独立书桌，光线好"
    assert seen["note"].startswith("已恢复") and seen["note"].endswith("未保存的草稿。")
    assert drafts.load_draft(archive2, f"home_visit:{pid}:new") is None  # saved: draft gone


def test_an_activity_records_everyone_who_took_part(qtbot, demo_db):
    window, archive, _, _ = _window(qtbot, demo_db)

    def fill(dialog):
        dialog.fields["activity_kind"].set_value("集体生日")
        dialog.fields["title"].set_value("十一月集体生日")
        dialog.picker.left_behind_button.click()  # 只选留守儿童
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill
    assert window.records.open_record_form("activity", 0)
    left_behind = [r for r in window.roster_tab.model.all_rows if r.is_active and r.is_left_behind]
    (activity,) = [
        r for r in records.list_class_records(archive) if r.values["title"] == "十一月集体生日"
    ]
    assert set(activity.participants) == {r.id for r in left_behind}
    child = left_behind[0]
    assert any(
        r.values.get("title") == "十一月集体生日" for r in records.list_records(archive, child.id)
    )


def test_editing_keeps_the_earlier_version(qtbot, demo_db):
    window, archive, _prompts, (pid,) = _window(qtbot, demo_db, "周燊")
    from liushou_desk.domain.records import RecordValues

    rid, _ = records.create_record(
        archive,
        "talk",
        pid,
        RecordValues({"date": "2026-11-18", "teacher": "王老师", "topic": "学习压力大"}),
        TODAY,
    )
    window.select_pupil(pid)

    def change(dialog):
        assert dialog.fields["topic"].value() == "学习压力大"
        dialog.fields["topic"].set_value("学习压力大，数学跟不上")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = change
    _card_text(window)
    _select(window, rid)
    window.growth_tab.edit_button.click()
    assert "已修改 1 次" in _card_text(window)
    _select(window, rid)
    shown: list = []
    window.exec_dialog = lambda dialog: shown.append(dialog) or False
    window.growth_tab.history_button.click()
    (history,) = shown  # 历史版本: both versions, field by field, the change highlighted
    assert history.text_at("谈心主题", 0) == "学习压力大"
    assert history.text_at("谈心主题", 1) == "学习压力大，数学跟不上"
    assert history.changed_labels(1) == ["谈心主题"]

    assert window.undo_action.text() == "撤销 修改谈心记录"
    window.undo_action.trigger()  # the old text comes back, as a third version
    current = records.get_record(archive, rid)
    assert current.values["topic"] == "学习压力大" and current.version == 3
    window.redo_action.trigger()
    assert records.get_record(archive, rid).values["topic"] == "学习压力大，数学跟不上"


def test_the_due_list_opens_the_right_form_and_empties_as_work_is_done(qtbot, demo_db):
    window, _archive, _, (pid,) = _window(qtbot, demo_db, "钱淏")
    assert window.tabs.currentWidget() is window.due_slot  # the start page
    tab = window.due_tab
    mine = [i for i in tab.items if i.pupil_id == pid]
    assert {i.kind for i in mine} >= {"talk", "guardian_contact"}  # new: parents not yet due
    seen = {}

    def fill(dialog):
        seen["title"] = dialog.windowTitle()
        dialog.fields["topic"].set_value("最近的学习和生活")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill
    row = next(
        i for i, item in enumerate(tab.items) if item.pupil_id == pid and item.kind == "talk"
    )
    tab.table.doubleClicked.emit(tab.model.index(row, 0))
    assert seen["title"] == "新增谈心记录 — 钱淏"
    assert ("钱淏", "talk") not in {(p, k) for p, k, _ in tab.visible_details()}

    meeting = [i for i, item in enumerate(tab.items) if item.kind == "class_meeting"]
    if meeting:  # the monthly meeting opens with every left-behind child ticked

        def hold(dialog):
            seen["meeting"] = (dialog.fields["meeting_kind"].value(), len(dialog.picker.ids()))
            dialog.submit()
            return dialog.result() == 1

        window.exec_dialog = hold
        tab.table.doubleClicked.emit(tab.model.index(meeting[0], 0))
        left_behind = [
            r for r in window.roster_tab.model.all_rows if r.is_active and r.is_left_behind
        ]
        assert seen["meeting"] == ("留守儿童月会", len(left_behind))
        assert "class_meeting" not in {k for _, k, _ in tab.visible_details()}


def test_deleting_a_plan_takes_its_checks_along_and_restores_them(qtbot, demo_db):
    from liushou_desk.domain.profile import ValidationFailed
    from liushou_desk.domain.records import RecordValues

    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "钱淏")
    plan, _ = records.create_record(
        archive,
        "help_plan",
        pid,
        RecordValues({"date": "2026-09-01", "teacher": "李老师", "content": "数学辅导"}),
        TODAY,
    )
    check, _ = records.create_record(
        archive,
        "plan_check",
        pid,
        RecordValues({"date": "2026-10-01", "effect": "有进步"}),
        TODAY,
        parent_id=plan,
    )
    records.set_deleted(archive, plan, True)
    assert records.list_records(archive, pid) == []
    try:
        records.create_record(
            archive,
            "plan_check",
            pid,
            RecordValues({"date": "2026-11-01", "effect": "x"}),
            TODAY,
            parent_id=plan,
        )
    except ValidationFailed as exc:
        assert exc.errors[0].field == "parent"
    else:
        raise AssertionError("a check under a deleted plan was accepted")
    records.set_deleted(archive, plan, False)
    assert {r.id for r in records.list_records(archive, pid)} == {plan, check}
    archive.close()


def test_an_unsaved_draft_is_listed_on_the_start_page_and_opens_again(qtbot, demo_db):
    from liushou_desk.domain.records import KINDS
    from liushou_desk.ui.record_dialog import RecordDialog

    window, archive, prompts, (pid,) = _window(qtbot, demo_db, "吴𬌗")
    pupil = window.roster_tab.model.find(pid)
    dialog = RecordDialog(archive, KINDS["talk"], lambda: TODAY, prompts, pupil=pupil)
    dialog.fields["topic"].set_value("期中考试后的心情")
    dialog.save_draft()
    dialog.deleteLater()  # the form is gone without a save
    window.due_tab.refresh()
    due = window.due_tab.model
    assert due.index(0, 1).data() == "未保存的草稿"
    assert due.index(0, 0).data() == "吴𬌗"
    assert "1 份未保存的草稿" in window.due_tab.summary.text()
    seen = {}

    def finish(d):
        seen["topic"] = d.fields["topic"].value()
        d.fields["teacher"].set_value("王老师")
        d.submit()
        return d.result() == 1

    window.exec_dialog = finish
    window.due_tab.table.doubleClicked.emit(due.index(0, 0))
    assert seen["topic"] == "期中考试后的心情"
    assert "未保存的草稿" not in [due.index(r, 1).data() for r in range(due.rowCount())]
    assert (
        records.list_records(archive, pid, kinds=("talk",))[0].values["topic"] == "期中考试后的心情"
    )


def test_whom_she_contacted_comes_from_the_profile(qtbot, demo_db):
    """三沟通: 具体是谁 is filled from the 五个清楚 for the 沟通对象 she picks, and what she
    types herself is never overwritten."""
    from liushou_desk.services import profile

    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "王喆")
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.father.name, draft.mother.name = "王强", "刘芳"
    profile.save_profile(archive, pid, draft, TODAY)
    archive.close()
    window, _archive = open_window(qtbot, demo_db, ScriptedPrompts())
    window.select_pupil(pid)
    seen = []

    def fill(dialog):
        whom = dialog.fields["with_whom"]
        dialog.fields["party"].set_value("与在家监护人")
        seen.append(whom.value())
        dialog.fields["party"].set_value("与外出父母")
        seen.append(whom.value())
        whom.set_value("父亲的同事 老李")
        dialog.fields["party"].set_value("与在家监护人")
        seen.append(whom.value())
        return False

    window.exec_dialog = fill
    window.records.open_record_form("contact", pid)
    assert seen == ["祖母 张桂兰", "父亲 王强、母亲 刘芳", "父亲的同事 老李"]


def test_overdue_work_is_red_with_its_date_in_bold(qtbot, demo_db):
    window, _archive = open_window(qtbot, demo_db)
    due = window.due_tab.model
    rows = range(due.rowCount())
    overdue = [r for r in rows if due.text(r, 2).endswith("（已过期）")]
    on_time = [r for r in rows if not due.text(r, 2).endswith("（已过期）")]
    assert overdue and on_time  # the demo class has both
    red = due.index(overdue[0], 0).data(Qt.ItemDataRole.ForegroundRole)
    assert red.color().name() == "#c62828"
    assert due.index(overdue[0], 2).data(Qt.ItemDataRole.FontRole).bold()
    assert due.index(on_time[0], 0).data(Qt.ItemDataRole.ForegroundRole) is None
    # the table shows the model's words in its header
    assert [due.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(4)] == [
        "学生",
        "事项",
        "截止日期",
        "说明",
    ]
