"""Never the wrong child: an action on "the child" acts on the child the teacher sees
highlighted (or named on the page in front of her); with none in view it asks which child —
a picker with the roster's pinyin search — instead of guessing. One shortcut and one
right-click entry per weekly record, and a child picker on the 成长记录卡 tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from liushou_desk.db.schema import open_archive
from liushou_desk.ui.pupil_picker import PupilPicker
from liushou_desk.ui.record_dialog import RecordDialog
from liushou_desk.ui.roster_model import RosterFilter

from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window

NAMES = ("黄锦程", "张子涵", "杨俊杰")
Step = Callable[[object], bool]


def _window(qtbot, db):
    archive = open_archive(db)
    ids = dict(zip(NAMES, (add_known_pupil(archive, n) for n in NAMES), strict=True))
    archive.close()
    prompts = ScriptedPrompts()
    window, archive = open_window(qtbot, db, prompts)
    window.tabs.setCurrentWidget(window.roster_tab)  # she works in the roster
    return window, prompts, ids


def _drive(window, *steps: Step) -> list[object]:
    """Each dialog the window opens goes to the next step; the dialogs are returned in order."""
    shown: list[object] = []
    left = list(steps)

    def run(dialog) -> bool:
        shown.append(dialog)
        assert left, f"an unexpected dialog: {dialog.windowTitle()}"
        return left.pop(0)(dialog)

    window.exec_dialog = run
    return shown


def _press(qtbot, window, keys: str) -> None:
    """The shortcut typed where the teacher is (the window is the active one)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    combo = QKeySequence(keys)[0]  # type: ignore[index]
    focus = window.focusWidget() or window
    QTest.keyClick(focus, combo.key(), combo.keyboardModifiers())


def _pick(qtbot, typed: str) -> Step:
    """In the picker: type a search, then Enter (taking the highlighted child, if any)."""

    def step(dialog) -> bool:
        assert isinstance(dialog, PupilPicker)
        qtbot.keyClicks(dialog.search, typed)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        return dialog.result() == 1

    return step


def _look(dialog) -> bool:
    """A record form: looked at, then closed unsaved."""
    assert isinstance(dialog, RecordDialog)
    return False


def _cancel(dialog) -> bool:
    return False


def test_a_search_hiding_the_selected_child_asks_which_child(qtbot, demo_db):
    window, _prompts, ids = _window(qtbot, demo_db)
    tab = window.roster_tab
    window.select_pupil(ids["黄锦程"])
    qtbot.keyClicks(tab.search, "qqq")  # nobody shown: 黄锦程 is still current, but hidden
    assert tab.visible_names() == []
    assert tab.current_pupil_id() == ids["黄锦程"] and tab.shown_pupil_id() == 0
    assert not tab.enrolment_button.isEnabled() and not tab.override_button.isEnabled()

    shown = _drive(window, _cancel)
    tab.search.setFocus()
    _press(qtbot, window, "Ctrl+T")
    (picker,) = shown  # asked, and nothing else opened
    assert isinstance(picker, PupilPicker)
    assert picker.question.text() == "给哪位学生记谈心？"
    assert picker.highlighted() is None and not picker.ok_button.isEnabled()  # no guess
    assert "黄锦程" in picker.visible_names()  # the whole class to choose from

    shown = _drive(window, _pick(qtbot, "zzh"), _look)
    _press(qtbot, window, "Ctrl+T")
    picker, form = shown
    assert isinstance(form, RecordDialog)
    assert form.windowTitle() == "新增谈心记录 — 张子涵"
    assert form.child_name.text() == "张子涵"
    assert tab.shown_pupil_id() == ids["张子涵"]  # the roster now highlights her
    assert tab.search.text() == ""


def test_a_search_with_one_hit_selects_it_and_the_form_names_her_large(qtbot, demo_db):
    window, _prompts, ids = _window(qtbot, demo_db)
    tab = window.roster_tab
    window.select_pupil(ids["杨俊杰"])
    qtbot.keyClicks(tab.search, "zzh")
    assert tab.visible_names() == ["张子涵"]
    assert tab.shown_pupil_id() == ids["张子涵"] == window.current_pupil
    assert tab.table.selectionModel().isRowSelected(0)  # highlighted, as she sees it

    shown = _drive(window, _look)
    _press(qtbot, window, "Ctrl+T")
    (form,) = shown
    assert form.windowTitle() == "新增谈心记录 — 张子涵"
    assert form.pupil.id == ids["张子涵"]
    form.child_name.ensurePolished()
    assert form.child_name.text() == "张子涵"
    assert form.child_name.fontInfo().pixelSize() >= 20  # large, at the top of the form
    assert form.kind_title.text() == "新增谈心记录"


def test_one_hit_leaves_unsaved_profile_edits_alone(qtbot, demo_db):
    window, prompts, ids = _window(qtbot, demo_db)
    window.select_pupil(ids["杨俊杰"])
    window.show_profile()
    window.profile_tab.memo["personality"].set_value("爱画画")
    window.profile_tab.memo["personality"].edited.emit()
    assert window.profile_tab.is_dirty()
    window.tabs.setCurrentWidget(window.roster_tab)
    qtbot.keyClicks(window.roster_tab.search, "zzh")
    assert prompts.asked == []  # no question popped up while she typed
    assert window.current_pupil == ids["杨俊杰"]  # nothing changed under her
    assert window.roster_tab.shown_pupil_id() == 0  # so no child in view: Ctrl+K asks
    shown = _drive(window, _cancel)
    _press(qtbot, window, "Ctrl+K")
    assert [type(d) for d in shown] == [PupilPicker]


def test_each_weekly_record_has_a_shortcut_a_menu_item_and_a_right_click_entry(qtbot, demo_db):
    window, _prompts, ids = _window(qtbot, demo_db)
    tab = window.roster_tab
    window.select_pupil(ids["黄锦程"])
    record_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "记录(&R)")
    items = [(a.text(), a.shortcut().toString()) for a in record_menu.actions()]
    assert items == [
        ("记谈心…", "Ctrl+T"),
        ("记沟通…", "Ctrl+K"),
        ("记亲情电话…", "Ctrl+J"),
        ("记家访…", "Ctrl+H"),
    ]
    expected = {
        "Ctrl+T": "新增谈心记录 — 黄锦程",
        "Ctrl+K": "新增三沟通 — 黄锦程",
        "Ctrl+J": "新增亲情电话 / 视频 — 黄锦程",
        "Ctrl+H": "新增家访 — 黄锦程",
    }
    for keys, title in expected.items():
        shown = _drive(window, _look)
        tab.table.setFocus()
        _press(qtbot, window, keys)
        assert [d.windowTitle() for d in shown] == [title]

    labels = [text for text, _ in tab.context_actions()]
    assert labels == [
        "打开五个清楚",
        "记谈心\tCtrl+T",
        "记沟通\tCtrl+K",
        "记亲情电话\tCtrl+J",
        "记家访\tCtrl+H",
        "调整留守认定…",
        "打印登记表（附件1）…",
        "列为重点帮扶对象…",
        "转出 / 毕业…",
        "移入回收站…",
    ]
    for label, title in zip(labels[1:5], expected.values(), strict=True):
        shown = _drive(window, _look)
        dict(tab.context_actions())[label]()
        assert [d.windowTitle() for d in shown] == [title]


def test_shortcuts_on_other_pages_act_on_the_child_named_there(qtbot, demo_db):
    window, _prompts, ids = _window(qtbot, demo_db)
    window.select_pupil(ids["杨俊杰"])
    window.tabs.setCurrentWidget(window.growth_slot)
    shown = _drive(window, _look)
    _press(qtbot, window, "Ctrl+H")
    assert [d.windowTitle() for d in shown] == ["新增家访 — 杨俊杰"]  # the card names him
    window.tabs.setCurrentWidget(window.due_slot)  # 待办 names no one child: ask
    shown = _drive(window, _pick(qtbot, "hjc"), _look)
    _press(qtbot, window, "Ctrl+J")
    assert [type(d) for d in shown] == [PupilPicker, RecordDialog]
    assert shown[1].windowTitle() == "新增亲情电话 / 视频 — 黄锦程"


def test_a_child_who_left_is_not_given_new_records(qtbot, demo_db):
    window, _prompts, _ids = _window(qtbot, demo_db)
    tab = window.roster_tab
    tab.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.LEFT_CLASS))
    gone = tab.model.rows[0]
    assert not gone.is_active
    tab.select_pupil(gone.id)
    shown = _drive(window, _cancel)
    tab.talk_button.click()
    (picker,) = shown
    assert picker.note.text() == f"{gone.name} 已离班，不再添加新记录。"
    assert gone.name not in picker.visible_names()


def test_moving_to_the_recycle_bin_needs_the_child_in_view(qtbot, demo_db):
    window, prompts, ids = _window(qtbot, demo_db)
    window.select_pupil(ids["黄锦程"])
    qtbot.keyClicks(window.roster_tab.search, "qqq")
    window.pupils.delete_current()
    assert prompts.confirmed == []  # never asked about a child she cannot see
    assert prompts.infos == ["请先在班级名册中选中一名学生。"]


def test_the_card_tab_picks_another_child(qtbot, demo_db):
    window, _prompts, ids = _window(qtbot, demo_db)
    window.select_pupil(ids["杨俊杰"])
    window.tabs.setCurrentWidget(window.growth_slot)
    card = window.growth_tab
    assert card.pupil_button.text() == "杨俊杰 ▾"
    shown = _drive(window, _pick(qtbot, "zzh"))
    qtbot.mouseClick(card.pupil_button, Qt.MouseButton.LeftButton)
    (picker,) = shown
    assert picker.question.text() == "看哪位学生的成长记录卡？"
    assert card.pupil_id == ids["张子涵"] == window.current_pupil
    assert card.pupil_button.text() == "张子涵 ▾"
    assert "成长记录卡　张子涵" in card.browser.toPlainText()
    assert window.roster_tab.current_pupil_id() == ids["张子涵"]
    shown = _drive(window, _cancel)  # cancelled: the card stays
    card.pupil_button.click()
    assert shown[0].highlighted().id == ids["张子涵"]  # opens on the child shown
    assert card.pupil_id == ids["张子涵"]


def test_the_picker_moves_with_arrow_keys_and_says_when_nobody_is_found(qtbot, demo_db):
    window, _prompts, _ids = _window(qtbot, demo_db)
    picker = PupilPicker(window.roster_rows(), "给哪位学生记谈心？")
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "zh")
    names = picker.visible_names()
    assert len(names) > 2 and picker.highlighted() is None
    assert picker.count.text() == f"找到 {len(names)} 人"
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.highlighted().name == names[1]
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert picker.highlighted().name == names[0]
    qtbot.keyClicks(picker.search, "qqq")
    assert picker.visible_names() == [] and not picker.ok_button.isEnabled()
    assert picker.count.text() == "没有找到这名学生。换个写法试试（姓名、拼音或首字母）。"
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.result() == 0 and picker.chosen == 0  # Enter with nobody: nothing taken
    picker.search.clear()
    picker.highlight(window.roster_rows()[3].id)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen == window.roster_rows()[3].id
