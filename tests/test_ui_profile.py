"""The 五个清楚 form and the 成长记录卡, driven like a teacher."""

from __future__ import annotations

from PySide6.QtCore import Qt

from liushou_desk.db.schema import open_archive
from liushou_desk.services import changes, profile
from liushou_desk.ui.prompts import SaveChoice

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def _window_with(qtbot, demo_db, *names, prompts=None):
    archive = open_archive(demo_db)
    ids = [add_known_pupil(archive, n) for n in names]
    archive.close()
    window, archive = open_window(qtbot, demo_db, prompts)
    return window, archive, ids


def test_edit_guardian_phone_save_and_see_roster_update(qtbot, demo_db):
    window, archive, (pid,) = _window_with(qtbot, demo_db, "张冬月")
    qtbot.keyClicks(window.roster_tab.search, "zdy")
    window.roster_tab.select_pupil(pid)
    window.tabs.setCurrentWidget(window.profile_slot)
    tab = window.profile_tab
    assert tab.title.text() == "张冬月"
    assert "父母均外出" in tab.status_label.text()

    phone = tab.guardian_boxes[0].fields["phone"]
    phone.line.selectAll()
    qtbot.keyClicks(phone.line, "139 1234 5678")
    assert tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)

    assert "已保存 张冬月 的档案" in tab.message.text()
    assert not tab.save_button.isEnabled()
    row = window.roster_tab.model.rows[window.roster_tab.model.row_of(pid)]
    assert row.guardian_phone == "13912345678"
    history = changes.list_changes(archive, pid)
    assert history[-1].old_value == "13987654321" and history[-1].new_value == "13912345678"

    window.tabs.setCurrentWidget(window.growth_slot)
    html = window.growth_tab.browser.toPlainText()
    assert "成长记录卡　张冬月" in html
    assert "13912345678" in html and "13987654321" in html  # the change, old and new


def test_invalid_id_number_is_refused_next_to_the_field(qtbot, demo_db):
    window, archive, (pid,) = _window_with(qtbot, demo_db, "王喆")
    window.select_pupil(pid)
    tab = window.profile_tab
    tab.memo["personality"].set_value("内向，不爱说话")
    tab.memo["personality"].edited.emit()
    id_field = tab.basic["id_number"]
    id_field.line.setFocus()
    qtbot.keyClicks(id_field.line, "511725201506011220")  # wrong check digit
    id_field.line.editingFinished.emit()
    assert id_field.error == "校验位不对，请核对是否有输错的数字"
    assert id_field.error_label.isVisibleTo(tab)

    assert tab.save() is False
    assert "有 1 处需要修改，未保存" in tab.message.text()
    stored = profile.load_profile(archive, pid, TODAY).draft
    assert stored.id_number == "" and stored.personality == ""  # nothing half-written


def test_name_is_required(qtbot, demo_db):
    window, _, (pid,) = _window_with(qtbot, demo_db, "李堃")
    window.select_pupil(pid)
    tab = window.profile_tab
    tab.basic["name"].set_value("  ")
    assert tab.save() is False
    assert tab.basic["name"].error == "姓名不能为空"


def test_leaving_with_unsaved_changes_asks_first(qtbot, demo_db):
    prompts = ScriptedPrompts()
    window, archive, (a, b) = _window_with(qtbot, demo_db, "赵玥", "孙昳", prompts=prompts)
    window.select_pupil(a)
    tab = window.profile_tab
    tab.memo["interests"].text.setPlainText("喜欢画画")

    prompts.save_choice = SaveChoice.CANCEL
    window.roster_tab.select_pupil(b)
    assert prompts.asked == ["赵玥"]
    assert tab.title.text() == "赵玥"  # stayed
    assert window.roster_tab.current_pupil_id() == a

    prompts.save_choice = SaveChoice.SAVE
    window.roster_tab.select_pupil(b)
    assert tab.title.text() == "孙昳"
    assert profile.load_profile(archive, a, TODAY).draft.interests == "喜欢画画"


def test_add_guardian_and_remove_it(qtbot, demo_db):
    window, archive, (pid,) = _window_with(qtbot, demo_db, "钱淏")
    window.select_pupil(pid)
    tab = window.profile_tab
    qtbot.mouseClick(tab.add_guardian_button, Qt.MouseButton.LeftButton)
    box = tab.guardian_boxes[-1]
    assert box.title() == "在家监护人 2"
    box.fields["name"].set_value("钱立新")
    box.fields["relation"].set_value("伯父/叔叔")
    box.fields["age"].set_value("200")
    assert tab.save() is False
    assert box.fields["age"].error == "年龄应为14–110之间的整数"
    box.fields["age"].set_value("45")
    assert tab.save() is True
    assert [g.name for g in profile.load_profile(archive, pid, TODAY).draft.guardians] == [
        "张桂兰",
        "钱立新",
    ]

    tab.guardian_boxes[0].remove_button.click()
    assert tab.save() is True
    guardians = profile.load_profile(archive, pid, TODAY).draft.guardians
    assert [g.name for g in guardians] == ["钱立新"]
    assert any(
        c.label == "删除监护人" and "张桂兰" in c.old_value
        for c in changes.list_changes(archive, pid)
    )


def test_parents_coming_home_changes_the_status(qtbot, demo_db):
    window, archive, (pid,) = _window_with(qtbot, demo_db, "周燊")
    window.select_pupil(pid)
    tab = window.profile_tab
    tab.mother.fields["situation"].set_value("在家")
    tab.mother.fields["away_since"].set_value("")
    assert tab.save() is True
    assert "非留守" in tab.status_label.text()
    row = window.roster_tab.model.rows[window.roster_tab.model.row_of(pid)]
    assert row.kind == "非留守"
    assert any(
        c.kind == "留守认定" and c.new_value == "非留守" for c in changes.list_changes(archive, pid)
    )


def test_override_needs_a_reason(qtbot, demo_db):
    window, _archive, (pid,) = _window_with(qtbot, demo_db, "吴䶮")
    window.select_pupil(pid)
    errors = {}

    def without_then_with_reason(dialog):
        dialog.kind.set_value("母亲外出")
        dialog.submit()
        errors["first"] = dialog.reason.error
        dialog.reason.set_value("父亲长期住院，实际由祖母照顾")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = without_then_with_reason
    qtbot.mouseClick(window.roster_tab.override_button, Qt.MouseButton.LeftButton)
    assert errors["first"] == "请写明人工认定的理由"
    row = window.roster_tab.model.rows[window.roster_tab.model.row_of(pid)]
    assert row.kind == "母亲外出" and "人工认定" in row.flags
    assert "人工认定" in window.profile_tab.status_label.text()


def test_add_pupil_dialog(qtbot, demo_db):
    window, _archive = open_window(qtbot, demo_db)
    before = window.roster_tab.model.rowCount()
    seen = {}

    def fill(dialog):
        dialog.fields["name"].set_value("")
        dialog.submit()
        seen["empty"] = dialog.fields["name"].error
        dialog.fields["name"].set_value("欧阳 䶮")
        dialog.fields["id_number"].set_value("11010120150308123")
        dialog.submit()
        seen["id"] = dialog.fields["id_number"].error
        dialog.fields["id_number"].set_value("110101201503081235")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill
    window.pupils.add_pupil()
    assert seen["empty"] == "姓名不能为空"
    assert seen["id"] == "应为18位，现在是17位"
    assert window.roster_tab.model.rowCount() == before + 1
    assert window.tabs.currentWidget() is window.profile_slot
    tab = window.profile_tab
    assert tab.title.text() == "欧阳䶮"
    assert tab.basic["sex"].value() == "男"  # read from the ID number
    assert tab.basic["birth_date"].value() == "2015-03-08"


def test_class_info_dialog_sets_the_window_title(qtbot, demo_db):
    window, _ = open_window(qtbot, demo_db)

    def fill(dialog):
        dialog.school.set_value("  石桥村小学 ")
        dialog.class_name.set_value("三年级（1）班")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill
    window.edit_class_info()
    assert window.windowTitle() == "留守儿童关爱档案 — 石桥村小学 三年级（1）班"
