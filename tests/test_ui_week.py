"""一周的工作 (a head teacher's week) driven through the window, as she would: on Monday the
班级信息 and the roster from the 学籍系统 imported into a new archive, then 批量填写父母外出情况
for the children 待认定; a talk and a call with a child found by her pinyin initials; her
五个清楚 filled in; a home visit for a child she is asked to pick, and a 帮扶计划 for him; on
Friday the plan's check from 待办; the term report saved as a PDF and the principal's archive
exported. At each step: what she sees (titles, rows, messages), the gestures it took, and that
every dialog fits a 1366×768 screen with its taskbar."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from liushou_desk.io.usb_archive import read_manifest
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.services.search import matches
from liushou_desk.ui.class_info_dialog import ClassInfoDialog
from liushou_desk.ui.family_grid_dialog import COLUMNS, FamilyGridDialog
from liushou_desk.ui.fields import ChoiceField, Field, MemoField, TextField
from liushou_desk.ui.import_dialog import ImportDialog
from liushou_desk.ui.pdf_preview import PdfPreviewDialog
from liushou_desk.ui.print_dialog import PrintDialog
from liushou_desk.ui.pupil_picker import PupilPicker
from liushou_desk.ui.record_dialog import RecordDialog
from liushou_desk.ui.screen_fit import FRAME
from liushou_desk.ui.term_summary_dialog import TermSummaryDialog

from .conftest import TODAY
from .roster_corpus import FORMATS
from .test_ui_family_grid import menu_action
from .ui_helpers import ScriptedPrompts

SCREEN = QRect(0, 0, 1366, 728)  # a 1366×768 laptop less its 40-pixel taskbar
MONDAY = TODAY  # 2026-11-23
SCHOOL, CLASS, TEACHER = "渠县青山镇中心小学", "五年级（2）班", "王老师"
Step = Callable[[Any], bool]


class WeekPrompts(ScriptedPrompts):
    """The teacher's answers for the week: the roster file she picks, and the password shown
    once after 导出档案 (noted, as she writes it down for the principal)."""

    def __init__(self) -> None:
        super().__init__()
        self.roster: Path | None = None
        self.exported: list[tuple[Path, str]] = []

    def choose_roster_file(self, parent):  # type: ignore[no-untyped-def]
        return self.roster

    def archive_password_shown(self, parent, path, password):  # type: ignore[no-untyped-def]
        self.exported.append((path, password))
        self.infos.append("档案已导出并校验无误。")


def opening_size(dialog: QDialog) -> QSize:
    """The size ``dialog`` opens at, its frame included: the size it was given (or its size
    hint), never less than its layout's minimum."""
    dialog.ensurePolished()
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    given = dialog.testAttribute(Qt.WidgetAttribute.WA_Resized)
    size = dialog.size() if given else dialog.sizeHint()
    size = size.expandedTo(dialog.minimumSizeHint()).expandedTo(dialog.minimumSize())
    return size + QSize(*FRAME)


class Desk:
    """The window as the teacher uses it. Each dialog the window opens is checked to fit the
    screen, shown, and handed to the next step the test expects; her gestures (a click, a
    shortcut, a key typed in a search or a list, a choice from a drop-down) are counted by
    task — the words she writes in a field are hers, not counted."""

    def __init__(self, qtbot, window, prompts: WeekPrompts) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.window, self.prompts = qtbot, window, prompts
        self.day = MONDAY
        self.task = ""
        self.gestures: dict[str, int] = {}
        self.steps: list[Step] = []
        self.dialogs: list[tuple[str, str, QSize]] = []  # class, title, opening size
        window.today = lambda: self.day
        window.exec_dialog = self._run

    # -- the week ---------------------------------------------------------------------------
    def next_day(self) -> None:
        self.day += timedelta(days=1)

    def doing(self, task: str) -> None:
        self.task = task
        self.gestures.setdefault(task, 0)

    def count(self, n: int = 1) -> None:
        self.gestures[self.task] = self.gestures.get(self.task, 0) + n

    # -- dialogs ----------------------------------------------------------------------------
    def expect(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def _run(self, dialog: QDialog) -> bool:
        size = opening_size(dialog)
        title = dialog.windowTitle()
        self.dialogs.append((type(dialog).__name__, title, size))
        assert size.width() <= SCREEN.width() and size.height() <= SCREEN.height(), (
            f"“{title}” opens at {size.width()}×{size.height()} (frame included): "
            f"more than a 1366×768 screen with its taskbar shows"
        )
        assert self.steps, f"an unexpected dialog: {title}"
        step = self.steps.pop(0)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        self.activate(dialog)  # she works in it
        accepted = step(dialog)
        assert not dialog.isVisible(), f"“{title}” was left open"
        return accepted

    # -- hands ------------------------------------------------------------------------------
    def activate(self, top: QWidget) -> None:
        """The window she works in is the active one (a dialog closed gives it back). The
        offscreen platform may drop a request made while another window gives up the focus:
        asked again until it holds."""

        def active() -> bool:
            if not top.isActiveWindow():
                top.activateWindow()
            return top.isActiveWindow()

        self.qtbot.waitUntil(active)

    def click(self, widget: QWidget) -> None:
        self.count()
        self.activate(widget.window())
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def keys(self, widget: QWidget, text: str) -> None:
        """Keys typed in a search box or a short field: each one counted."""
        self.count(len(text))
        self.qtbot.keyClicks(widget, text)

    def write(self, field: Field, text: str) -> None:
        """A click into the field, then her words."""
        editor = field.text if isinstance(field, MemoField) else field.editor
        self.click(editor)
        assert editor.hasFocus()
        if isinstance(field, TextField):
            field.line.selectAll()
        self.type(editor, text)
        assert field.value().endswith(text)

    def type(self, widget: QWidget, text: str) -> None:
        """Her words: Latin letters and digits key by key, Chinese as the input method hands
        it over (a commit string, phrase by phrase)."""
        for run in re.findall(r"[ -~]+|[^ -~]+", text):
            if run.isascii():
                self.qtbot.keyClicks(widget, run)
            else:
                event = QInputMethodEvent()
                event.setCommitString(run)
                QApplication.sendEvent(widget, event)

    def choose(self, field: ChoiceField | QComboBox, text: str) -> None:
        """A drop-down opened and one line clicked."""
        combo = field.combo if isinstance(field, ChoiceField) else field
        i = combo.findText(text)
        assert i >= 0, f"no “{text}” in the list"
        self.count(2)
        combo.setCurrentIndex(i)
        combo.activated.emit(i)

    def press(self, keys: str, top: QWidget | None = None) -> None:
        """A shortcut, typed where the teacher is (``top`` is the active window)."""
        top = top or self.window
        self.count()
        self.activate(top)
        combo = QKeySequence(keys)[0]  # type: ignore[index]
        focus = QApplication.focusWidget() or top
        QTest.keyClick(focus, combo.key(), combo.keyboardModifiers())

    def menu(self, text: str) -> None:
        self.count(2)  # the menu, then its item
        menu_action(self.window, text).trigger()

    def double_click_row(self, view, row: int) -> None:  # type: ignore[no-untyped-def]
        self.count()
        index = view.model().index(row, 0)
        view.scrollTo(index)
        point = view.visualRect(index).center()
        # the first press and release, then the second press (QTest's double click is that
        # second press alone)
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        self.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)

    def settle(self, timeout: int = 30000) -> None:
        """Wait for the background work (the runner's tasks) to end."""
        self.qtbot.waitUntil(lambda: not self.window.runner.busy, timeout=timeout)

    def status(self) -> str:
        return str(self.window.statusBar().currentMessage())


def initials(row: RosterRow) -> str:
    return "".join(s[0] for s in re.split(r"[\s']+", row.pinyin) if s)


def found_by_initials(rows: list[RosterRow], skip: tuple[int, ...] = ()) -> RosterRow:
    """A left-behind child whose pinyin initials find only them in the class."""
    active = [r for r in rows if r.is_active]
    for row in active:
        query = initials(row)
        if row.id in skip or not row.is_left_behind or not query.isascii() or len(query) < 2:
            continue
        hits = [r for r in active if matches(query, r.name, r.prefixes, r.student_number)]
        if hits == [row]:
            return row
    raise AssertionError("no child found by their initials alone")


def ok_button(dialog: QDialog) -> QAbstractButton:
    """The dialog's 确定 / 保存 / 导入 button."""
    (box,) = dialog.findChildren(QDialogButtonBox)
    accept = QDialogButtonBox.ButtonRole.AcceptRole
    return next(b for b in box.buttons() if box.buttonRole(b) == accept)


def test_a_week_of_work_in_the_window(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.db.schema import open_archive
    from liushou_desk.ui.main_window import MainWindow

    # the dialogs that size themselves to the screen see a 1366×768 laptop
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(SCREEN))
    sample = FORMATS["xueji_xls"](tmp_path)  # the 学籍系统's export, as schools send it
    prompts = WeekPrompts()
    archive = open_archive(tmp_path / "五年级2班.sqlite")  # a new archive
    window = MainWindow(archive, today=lambda: MONDAY, prompts=prompts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    desk = Desk(qtbot, window, prompts)
    desk.settle()
    try:
        _monday(desk, sample)
        a, b = _tuesday(desk)
        _wednesday(desk, a)
        _thursday(desk, b)
        _friday(desk, a, b, tmp_path)
    finally:
        window.runner.wait_idle()
        window.close()
        archive.close()

    kinds = {kind for kind, _, _ in desk.dialogs}
    assert kinds >= {
        "ClassInfoDialog",
        "ImportDialog",
        "FamilyGridDialog",
        "RecordDialog",
        "PupilPicker",
        "PrintDialog",
        "TermSummaryDialog",
        "PdfPreviewDialog",
    }
    # what each weekly record took from the roster: a few gestures besides her words
    for task in ("谈心", "亲情电话", "家访"):
        assert desk.gestures[task] <= 10, desk.gestures


# -- Monday: the class set up ----------------------------------------------------------------
def _monday(desk: Desk, sample: Any) -> None:
    window, prompts = desk.window, desk.prompts
    assert window.windowTitle().endswith("未填写班级信息")
    window.tabs.setCurrentWidget(window.roster_tab)  # she looks at the class: no one yet
    assert window.roster_tab.empty_hint.isVisibleTo(window.roster_tab)

    desk.doing("班级信息")

    def class_info(dialog: ClassInfoDialog) -> bool:
        assert isinstance(dialog, ClassInfoDialog) and dialog.windowTitle() == "班级信息"
        desk.write(dialog.school, SCHOOL)
        desk.write(dialog.class_name, CLASS)
        desk.write(dialog.head_teacher, TEACHER)
        desk.click(ok_button(dialog))
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(class_info)
    desk.menu("班级信息…")
    assert CLASS in window.windowTitle()

    desk.doing("导入名册")
    prompts.roster = sample.path

    def preview(dialog: ImportDialog) -> bool:
        assert isinstance(dialog, ImportDialog)
        assert dialog.windowTitle() == f"导入名册 — {sample.path.name}"
        assert dialog.added.rowCount() == len(sample.children)
        assert dialog.problems.rowCount() == len(sample.problems)  # shown first, by row
        problem_rows = {dialog.problems.item(i, 0).text() for i in range(len(sample.problems))}
        assert problem_rows == {str(p.row) for p in sample.problems}
        desk.click(ok_button(dialog))  # 导入
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(preview)
    desk.menu("导入名册…")
    desk.settle()
    assert prompts.errors == []
    assert prompts.infos == [
        f"导入完成：新增 {len(sample.children)} 人，更新 0 人。 "
        f"{len(sample.problems)} 处问题的行没有导入。"
    ]
    tab = window.roster_tab
    assert sorted(tab.visible_names()) == sorted(c.name for c in sample.children)
    unknown = sorted(c.name for c in sample.children if c.kind == "待认定")
    assert unknown and sorted(r.name for r in tab.model.rows if r.kind == "待认定") == unknown
    assert desk.status() == f"已从名册导入：新增 {len(sample.children)} 名，更新 0 名学生"

    # the start page asks for the parents' situation of the children 待认定
    window.tabs.setCurrentWidget(window.due_slot)
    desk.settle()
    due = window.due_tab
    assert due.model.text(0, 1) == "填写父母外出情况"
    assert due.model.text(0, 3) == f"{len(unknown)} 名学生还没填父母外出情况"

    desk.doing("父母外出情况")
    said: dict[str, str] = {}

    def families(dialog: FamilyGridDialog) -> bool:
        assert isinstance(dialog, FamilyGridDialog)
        assert sorted(dialog.visible_names()) == unknown  # only the children 待认定
        for i, name in enumerate(dialog.visible_names()):
            both_away = i % 3 != 2
            _cell(desk, dialog, name, "父亲现状", "外出务工")
            _cell(desk, dialog, name, "父亲务工地", "广东省东莞市")
            _cell(desk, dialog, name, "父亲外出时间", "2024-03")
            _cell(desk, dialog, name, "母亲现状", "外出务工" if both_away else "在家")
            if both_away:
                _cell(desk, dialog, name, "母亲外出时间", "2025-02")
            said[name] = dialog.result_of(name).split("：")[0]  # the result follows each cell
            assert said[name] == ("父母均外出" if both_away else "非留守")
        desk.click(ok_button(dialog))  # 保存
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(families)
    desk.menu("批量填写父母外出情况…")
    desk.settle()
    assert prompts.errors == []
    assert len(said) == len(unknown)
    assert not [r.name for r in tab.model.all_rows if r.kind == "待认定"]
    assert "family_unknown" not in {kind for _, kind, _ in due.visible_details()}
    assert "父母外出情况" in desk.status()
    assert "批量填写父母外出情况" in window.undo_action.text()


def _cell(desk: Desk, dialog: FamilyGridDialog, name: str, column: str, text: str) -> None:
    """One cell of the grid: clicked (its editor opens), then chosen from the list or typed."""
    col = next(i for i, c in enumerate(COLUMNS) if c.title == column)
    index = dialog.model.index(dialog.row_of(name), col)
    desk.count()
    dialog.table.setCurrentIndex(index)
    editor = dialog.table.indexWidget(index)
    if isinstance(editor, QComboBox):
        desk.count()  # the line in the opened list
        editor.setCurrentIndex(editor.findText(text))
        editor.activated.emit(editor.currentIndex())
    else:
        assert isinstance(editor, QLineEdit)
        desk.type(editor, text)


# -- Tuesday: a talk and a call with a child found by her initials ---------------------------
def _tuesday(desk: Desk) -> tuple[RosterRow, RosterRow]:
    window = desk.window
    desk.next_day()
    tab = window.roster_tab
    a = found_by_initials(tab.model.all_rows)
    b = found_by_initials(tab.model.all_rows, skip=(a.id,))

    desk.doing("谈心")
    window.tabs.setCurrentWidget(tab)
    desk.click(tab.search)
    desk.keys(tab.search, initials(a))
    assert tab.visible_names() == [a.name]  # one hit: she sees it highlighted
    assert tab.shown_pupil_id() == a.id == window.current_pupil

    def talk(dialog: RecordDialog) -> bool:
        assert isinstance(dialog, RecordDialog)
        assert dialog.windowTitle() == f"新增谈心记录 — {a.name}"
        assert dialog.child_name.text() == a.name
        assert dialog.fields["date"].value() == "2026-11-24"  # today, filled in
        assert dialog.fields["teacher"].value() == TEACHER  # from 班级信息
        desk.write(dialog.fields["topic"], "想念妈妈，晚上睡不着")
        desk.choose(dialog.fields["mood"], "想念父母")
        desk.write(dialog.fields["said"], "妈妈过年才回来，想和她视频")
        desk.write(dialog.fields["measures"], "约好周四和妈妈视频通话")
        desk.press("Ctrl+Return", dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(talk)
    desk.press("Ctrl+T")
    assert desk.status() == "已保存谈心记录"
    window.tabs.setCurrentWidget(window.due_slot)
    assert (a.name, "talk") not in {(p, k) for p, k, _ in window.due_tab.visible_details()}
    window.tabs.setCurrentWidget(tab)

    desk.doing("亲情电话")
    assert tab.shown_pupil_id() == a.id  # the search still shows her, highlighted

    def call(dialog: RecordDialog) -> bool:
        assert dialog.windowTitle() == f"新增亲情电话 / 视频 — {a.name}"
        desk.choose(dialog.fields["parent"], "母亲")
        desk.choose(dialog.fields["mode"], "视频")
        desk.write(dialog.fields["minutes"], "15")
        desk.write(dialog.fields["child_state"], "见到妈妈很开心，说要好好学习")
        desk.click(ok_button(dialog))
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(call)
    desk.press("Ctrl+J")
    assert desk.status() == "已保存亲情电话 / 视频"
    return a, b


# -- Wednesday: her 五个清楚 -------------------------------------------------------------------
def _wednesday(desk: Desk, a: RosterRow) -> None:
    window = desk.window
    desk.next_day()
    tab = window.roster_tab
    desk.doing("五个清楚")
    assert tab.visible_names() == [a.name]
    desk.double_click_row(tab.table, 0)
    assert window.tabs.currentWidget() is window.profile_slot
    profile = window.profile_tab
    assert profile.title.text() == a.name
    assert not profile.save_button.isEnabled()
    desk.write(profile.memo["personality"], "内向，不爱说话")
    desk.count(2)  # 常用词 ▾, then 敏感
    profile.add_tag("敏感")
    desk.write(profile.memo["interests"], "喜欢画画")
    desk.write(profile.memo["strengths"], "书法好")
    desk.write(profile.memo["health_physical"], "良好")
    desk.write(profile.memo["health_mental"], "想念父母时情绪低落")
    if not profile.guardian_boxes:
        desk.click(profile.add_guardian_button)
    guardian = profile.guardian_boxes[0]
    desk.write(guardian.fields["name"], "张桂兰")
    desk.choose(guardian.fields["relation"], "祖母")  # type: ignore[arg-type]
    desk.write(guardian.fields["age"], "66")
    desk.write(guardian.fields["phone"], "13987654321")
    assert profile.message.text() == "有未保存的修改"
    desk.press("Ctrl+S")
    assert profile.message.text() == f"已保存 {a.name} 的档案（6 项修改）"
    assert desk.status() == profile.message.text()
    assert not profile.save_button.isEnabled()
    row = window.find_pupil(a.id)
    assert row is not None and row.guardian_phone == "13987654321"
    assert "资料待补" not in row.flags


# -- Thursday: a home visit for a child she is asked to pick, and a help plan for him --------
def _thursday(desk: Desk, b: RosterRow) -> None:
    window = desk.window
    desk.next_day()
    desk.doing("家访")
    window.tabs.setCurrentWidget(window.due_slot)  # 待办 names no one child: she is asked

    def pick(dialog: PupilPicker) -> bool:
        assert isinstance(dialog, PupilPicker)
        assert dialog.question.text() == "给哪位学生记家访？"
        assert dialog.highlighted() is None  # no guess
        desk.keys(dialog.search, initials(b))
        assert dialog.visible_names() == [b.name] and dialog.highlighted().id == b.id  # type: ignore[union-attr]
        desk.count()
        desk.qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    def visit(dialog: RecordDialog) -> bool:
        assert dialog.windowTitle() == f"新增家访 — {b.name}"
        assert dialog.fields["date"].value() == "2026-11-26"
        assert dialog.fields["visitors"].value() == TEACHER
        desk.write(dialog.fields["met"], "祖母、孩子")
        desk.write(dialog.fields["living"], "有独立书桌，光线好")
        desk.write(dialog.fields["feedback"], "数学作业辅导不了")
        desk.press("Ctrl+Return", dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(pick, visit)
    desk.press("Ctrl+H")
    assert desk.status() == "已保存家访"
    assert window.roster_tab.shown_pupil_id() == b.id == window.current_pupil

    desk.doing("帮扶计划")
    desk.count()  # the 成长记录卡 tab
    window.tabs.setCurrentWidget(window.growth_slot)
    card = window.growth_tab
    assert card.pupil_button.text() == f"{b.name} ▾"
    assert "家访" in "\n".join(card.timeline_texts())

    def plan(dialog: RecordDialog) -> bool:
        assert dialog.windowTitle() == f"新增一对一帮扶计划 — {b.name}"
        assert dialog.fields["teacher"].value() == TEACHER
        desk.write(dialog.fields["content"], "每周二、四放学后辅导数学")
        desk.write(dialog.fields["goals"], "期末数学及格")
        desk.write(dialog.fields["next_check"], "2026-11-27")
        desk.click(ok_button(dialog))
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(plan)
    desk.count(2)  # 新增记录 ▾, then 一对一帮扶计划
    assert card.add_button.isEnabled()
    action = next(a for a in card.add_button.menu().actions() if a.text() == "一对一帮扶计划")
    action.trigger()
    assert desk.status() == "已保存一对一帮扶计划"
    assert "每周二、四放学后辅导数学" in card.browser.toPlainText()


# -- Friday: the plan's check from 待办, the report on paper, the archive to the principal ----
def _friday(desk: Desk, a: RosterRow, b: RosterRow, tmp_path: Path) -> None:
    window, prompts = desk.window, desk.prompts
    desk.next_day()
    desk.doing("帮扶检查")
    window.tabs.setCurrentWidget(window.due_slot)
    due = window.due_tab
    refresh = next(w for w in due.findChildren(QPushButton) if w.text() == "刷新")
    desk.click(refresh)
    row = next(
        i for i, item in enumerate(due.items) if item.pupil_id == b.id and item.kind == "plan_check"
    )
    assert due.model.text(row, 0) == b.name
    assert due.model.text(row, 1) == "帮扶/方案检查"
    assert due.model.text(row, 3) == "帮扶计划检查今天到期"

    def check(dialog: RecordDialog) -> bool:
        assert dialog.windowTitle() == f"新增帮扶阶段检查 — {b.name}"
        assert dialog.fields["date"].value() == "2026-11-27"  # filled in
        desk.write(dialog.fields["effect"], "两次作业全对，上课敢举手了")
        desk.write(dialog.fields["next_check"], "2026-12-11")
        desk.press("Ctrl+Return", dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    desk.expect(check)
    desk.double_click_row(due.table, row)
    assert desk.status() == "已保存帮扶阶段检查"
    assert (b.name, "plan_check") not in {(p, k) for p, k, _ in due.visible_details()}
    window.tabs.setCurrentWidget(window.growth_slot)
    shown = window.growth_tab.browser.toPlainText()
    assert "两次作业全对" in shown and "每周二、四放学后辅导数学" in shown

    desk.doing("打印期末报告")
    prompts.pdf_path = tmp_path / "打印" / "期末总结报告.pdf"

    def options(dialog: PrintDialog) -> bool:
        assert isinstance(dialog, PrintDialog)
        assert dialog.summary_note.isVisibleTo(dialog)  # the term summary not written yet
        write = next(b for b in dialog.findChildren(QPushButton) if b.text() == "先填写期末总结…")
        desk.click(write)
        return dialog.result() == QDialog.DialogCode.Accepted

    def summary(dialog: TermSummaryDialog) -> bool:
        assert isinstance(dialog, TermSummaryDialog)
        assert "谈心 1 次" in dialog.reminder.text() and "家访 1 次" in dialog.reminder.text()
        for key, text in (
            ("work", "坚持每周谈心，按月联系家长。"),
            ("problems", "个别监护人辅导作业有困难。"),
            ("next_plans", "寒假前完成全部家访。"),
        ):
            desk.count()  # the tab
            dialog.tabs.setCurrentIndex(list(dialog.edits).index(key))
            desk.click(dialog.edits[key])
            desk.type(dialog.edits[key], text)
        desk.click(ok_button(dialog))
        return dialog.result() == QDialog.DialogCode.Accepted

    def again(dialog: PrintDialog) -> bool:
        assert not dialog.summary_note.isVisibleTo(dialog)
        assert dialog.mask_box.isChecked() and not dialog.sensitive_box.isChecked()
        desk.click(dialog.make_button)  # 生成并预览
        return dialog.result() == QDialog.DialogCode.Accepted

    seen: dict[str, str] = {}

    def preview(dialog: PdfPreviewDialog) -> bool:
        assert isinstance(dialog, PdfPreviewDialog)
        assert dialog.windowTitle().startswith("打印预览 · ")
        seen["pages"] = dialog.pages_label.text()
        desk.click(dialog.save_button)  # 另存为 PDF…
        seen["status"] = desk.status()
        close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "关闭")
        desk.click(close)
        return False

    desk.expect(options, summary, again, preview)
    desk.press("Ctrl+P")
    desk.settle(60000)
    assert prompts.errors == [] and desk.steps == []
    assert seen["status"] == f"已保存：{prompts.pdf_path}"
    assert re.fullmatch(r"共 \d+ 页", seen["pages"])
    text = "".join(page.extract_text() for page in PdfReader(prompts.pdf_path).pages)
    assert "一、班级概况" in text and "三、一对一帮扶" in text
    assert a.name in text and b.name in text and "每周二、四放学后辅导数学" in text
    assert "寒假前完成全部家访。" in text
    assert "想念妈妈，晚上睡不着" in text  # her talk, on the child's card
    assert "139****4321" in text and "13987654321" not in text  # the phone masked on paper

    desk.doing("导出档案")
    stick = tmp_path / "U盘"
    stick.mkdir()
    prompts.folder = stick
    desk.menu("导出档案（交校长，加密）…")
    desk.settle(60000)
    assert prompts.errors == []
    assert prompts.infos[-1] == "档案已导出并校验无误。"
    ((path, password),) = prompts.exported
    assert path.exists() and path.parent == stick and path.suffix == ".zip"
    manifest = read_manifest(path, password)
    assert manifest["class"] == CLASS
