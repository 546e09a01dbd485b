"""主窗口: the class archive in three tabs — 班级名册, 五个清楚, 成长记录卡.

The window can start in two steps: it shows the roster first (read with the standard library),
then ``attach`` opens the archive through SQLAlchemy and builds the other tabs. Everything that
needs SQLAlchemy is imported in ``attach``, so the teacher sees the class sooner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desk import APP_TITLE, __version__
from liushou_desk.services.notices import Changed
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.events import ArchiveEvents
from liushou_desk.ui.file_actions import FileActions
from liushou_desk.ui.print_actions import PrintActions
from liushou_desk.ui.prompts import Prompts
from liushou_desk.ui.record_actions import CareRecordActions
from liushou_desk.ui.roster_tab import RosterTab
from liushou_desk.ui.security_actions import SecurityActions

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.ui.growth_card_tab import GrowthCardTab
    from liushou_desk.ui.profile_tab import ProfileTab


class _Slot(QWidget):
    """A tab's place, holding “正在打开档案…” until the real tab is built."""

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.waiting = QLabel("正在打开档案…")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.waiting)

    def put(self, widget: QWidget) -> None:
        self.waiting.hide()
        self.layout_.addWidget(widget)


class MainWindow(CareRecordActions, FileActions, PrintActions, SecurityActions, QMainWindow):
    """The head teacher's window on one class archive."""

    roster_shown = Signal()  # the roster is on screen (the window's first show)
    ready = Signal()  # the archive is open and every tab works
    restore_requested = Signal(object)  # a backup's Path: the app closes, restores, reopens
    lock_requested = Signal()  # 锁定档案 (Ctrl+L)
    encrypt_requested = Signal()  # 加密档案: the app closes, encrypts, reopens
    lock_minutes_changed = Signal(int)

    def __init__(
        self,
        archive: Archive | None = None,
        *,
        first_rows: list[RosterRow] | None = None,
        today: Callable[[], date] = date.today,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__()
        self.archive: Archive | None = None
        self.today = today
        self.prompts = prompts or Prompts()
        self.events = ArchiveEvents(self)
        self._shown_once = False
        self._current_pupil = 0
        self.class_title = ""

        self.roster_tab = RosterTab()
        self.due_slot = _Slot()
        self.profile_slot = _Slot()
        self.growth_slot = _Slot()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.due_slot, "待办")
        self.tabs.addTab(self.roster_tab, "班级名册")
        self.tabs.addTab(self.profile_slot, "五个清楚")
        self.tabs.addTab(self.growth_slot, "成长记录卡")
        self.setCentralWidget(self.tabs)
        self.term_label = QLabel()
        self.statusBar().addPermanentWidget(self.term_label)
        self.resize(1200, 760)
        self.setWindowTitle(APP_TITLE)
        self.roster_tab.set_actions_enabled(False)
        if first_rows is not None:
            self.roster_tab.set_rows(first_rows)
        if archive is not None:
            self.attach(archive)

    # -- second step: the archive is open ---------------------------------------------------
    def attach(self, archive: Archive) -> None:
        """Open the archive in the window: status refresh, every tab, menus."""
        from liushou_desk.services import status
        from liushou_desk.services.terms import current_term
        from liushou_desk.ui.due_tab import DueTab
        from liushou_desk.ui.growth_card_tab import GrowthCardTab
        from liushou_desk.ui.profile_tab import ProfileTab

        self.archive = archive
        today = self.today
        self.profile_tab: ProfileTab = ProfileTab(archive, self.events, self.prompts, today)
        self.growth_tab: GrowthCardTab = GrowthCardTab(archive, today)
        self.due_tab = DueTab(archive, today)
        self.due_tab.open_item.connect(self.open_due_item)
        self.due_tab.open_draft.connect(self.open_draft)
        self.due_slot.put(self.due_tab)
        self.profile_slot.put(self.profile_tab)
        self.growth_slot.put(self.growth_tab)

        from liushou_desk.ui.undo import UndoHistory

        self.undo_history = UndoHistory(
            self.events.announce, lambda message: self.prompts.error(self, message), self
        )
        self._build_menus()
        self.profile_tab.saved.connect(self._profile_saved)
        self.roster_tab.pupil_selected.connect(self._on_pupil_selected)
        self.roster_tab.open_requested.connect(self._open_profile)
        self.roster_tab.add_requested.connect(self.add_pupil)
        self.roster_tab.enrolment_requested.connect(self.change_enrolment)
        self.roster_tab.override_requested.connect(self.adjust_status)
        self.roster_tab.delete_requested.connect(lambda _pid: self.delete_current())
        self.profile_tab.override_requested.connect(self.adjust_status)
        self.growth_tab.add_requested.connect(
            lambda kind, parent: self.open_record_form(kind, self._current_pupil, parent_id=parent)
        )
        self.growth_tab.edit_requested.connect(self.edit_record)
        self.growth_tab.delete_requested.connect(self.delete_record)
        self.growth_tab.history_requested.connect(self.show_record_history)
        self.growth_tab.print_requested.connect(lambda: self.print_growth_card())
        self.roster_tab.talk_button.clicked.connect(
            lambda: self.open_record_form("talk", self.roster_tab.current_pupil_id())
        )
        self.roster_tab.contact_button.clicked.connect(
            lambda: self.open_record_form("contact", self.roster_tab.current_pupil_id())
        )
        self.events.changed.connect(self._on_changed)

        self.setup_quick_entry()
        self._update_title()
        self.term_label.setText(f"当前学期：{current_term(archive, today()).name}")
        self.events.announce(status.refresh_statuses(archive, today()))
        self.reload_roster()
        self.due_tab.refresh()
        self.roster_tab.set_actions_enabled(True)
        if self._current_pupil == 0 and self.roster_tab.current_pupil_id():
            self._on_pupil_selected(self.roster_tab.current_pupil_id())
        self.ready.emit()

    # -- menus ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        def action(menu, text, slot, shortcut=None):  # type: ignore[no-untyped-def]
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        archive_menu = self.menuBar().addMenu("档案(&F)")
        self.add_action = action(
            archive_menu, "新增学生…", self.add_pupil, QKeySequence.StandardKey.New
        )
        self.delete_action = action(archive_menu, "将所选学生移入回收站…", self.delete_current)
        action(archive_menu, "回收站…", self.open_recycle_bin)
        archive_menu.addSeparator()
        action(archive_menu, "记录全班活动…", lambda: self.open_record_form("activity", 0))
        action(archive_menu, "记录会议…", lambda: self.open_record_form("meeting", 0))
        archive_menu.addSeparator()
        action(archive_menu, "导入名册…", self.import_roster)
        action(archive_menu, "下载名册模板…", self.save_roster_template)
        action(archive_menu, "导出 Excel…", self.export_xlsx)
        action(archive_menu, "导出档案（交校长，加密）…", self.export_usb_archive)
        self.backup_action = action(archive_menu, "立即备份…", self.backup_now)
        action(archive_menu, "从备份恢复…", self.restore_from_backup)
        archive_menu.addSeparator()
        action(archive_menu, "班级信息…", self.edit_class_info)
        action(archive_menu, "选项列表…", self.edit_pick_lists)
        action(archive_menu, "待办设置…", self.edit_cadence)
        action(archive_menu, "操作日志…", self.show_audit_log)
        action(archive_menu, "清除离班学生数据…", self.purge_left_pupils)
        action(archive_menu, "退出", self.close, QKeySequence.StandardKey.Quit)

        print_menu = self.menuBar().addMenu("打印(&P)")
        action(print_menu, "填写期末总结…", self.write_term_summary)
        action(
            print_menu, "打印期末总结报告…", self.print_term_report, QKeySequence.StandardKey.Print
        )
        self.print_card_action = action(print_menu, "打印成长记录卡…", self.print_growth_card)

        self._build_security_menu()

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        self.undo_action, self.redo_action = self.undo_history.actions(self)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        action(help_menu, "关于", self._about)

    def _about(self) -> None:
        path = self.archive.path if self.archive else ""
        QMessageBox.about(
            self,
            APP_TITLE,
            f"<b>{APP_TITLE}</b> {__version__}<br>班主任的留守儿童动态档案："
            f"五个清楚、三沟通、一对一帮扶。<br>档案文件：{path}",
        )

    def _update_title(self) -> None:
        from liushou_desk.services.archive_info import get_info

        assert self.archive is not None
        self.class_title = get_info(self.archive).title
        self.setWindowTitle(f"{APP_TITLE} — {self.class_title or '未填写班级信息'}")

    def needs_class_info(self) -> bool:
        """A brand-new archive: no class information and no pupils yet."""
        return not self.class_title and not self.roster_tab.model.all_rows

    # -- data -------------------------------------------------------------------------------
    def reload_roster(self) -> None:
        from liushou_desk.services import roster

        assert self.archive is not None
        self.roster_tab.set_rows(roster.list_roster(self.archive, self.today()))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self._announce_shown)

    def _announce_shown(self) -> None:
        self.roster_shown.emit()

    def _on_changed(self, change: Changed) -> None:
        if change.roster:
            self.reload_roster()
        if change.pupil_ids or change.roster:
            self.due_tab.refresh()
        if self._current_pupil in change.pupil_ids:
            self.profile_tab.refresh_status()
            self.growth_tab.mark_stale()
        if change.message:
            self.statusBar().showMessage(change.message, 5000)

    # -- selection --------------------------------------------------------------------------
    def _on_pupil_selected(self, pupil_id: int) -> None:
        if pupil_id == self._current_pupil:
            return
        if not self.profile_tab.confirm_leave():
            self.roster_tab.select_pupil(self._current_pupil, emit=False)
            return
        self._current_pupil = pupil_id
        self.profile_tab.load(pupil_id)
        self.growth_tab.set_pupil(pupil_id)

    def select_pupil(self, pupil_id: int) -> None:
        if self.roster_tab.select_pupil(pupil_id, emit=False):
            self._on_pupil_selected(pupil_id)

    def _open_profile(self, pupil_id: int) -> None:
        self._on_pupil_selected(pupil_id)
        if self._current_pupil == pupil_id:
            self.tabs.setCurrentWidget(self.profile_slot)

    # -- actions ----------------------------------------------------------------------------
    def add_pupil(self) -> None:
        from liushou_desk.services import roster
        from liushou_desk.ui.add_pupil_dialog import AddPupilDialog

        assert self.archive is not None
        dialog = AddPupilDialog(self.archive, self.today, self)
        if self.exec_dialog(dialog) and dialog.changed is not None:
            self.events.announce(dialog.changed)
            archive, pid = self.archive, dialog.pupil_id
            self._push(
                f"新增学生 {dialog.fields['name'].value().strip()}",
                lambda: roster.restore_pupil(archive, pid),
                lambda: roster.delete_pupil(archive, pid, "撤销新增"),
            )
            self.select_pupil(dialog.pupil_id)
            self.tabs.setCurrentWidget(self.profile_slot)

    def change_enrolment(self, pupil_id: int) -> None:
        from liushou_desk.services import profile as profile_service
        from liushou_desk.services import roster
        from liushou_desk.ui.enrolment_dialog import EnrolmentDialog

        assert self.archive is not None
        row = self.roster_tab.model.find(pupil_id)
        if row is None:
            return
        before = profile_service.load_profile(self.archive, pupil_id, self.today())
        dialog = EnrolmentDialog(self.archive, row, self.today, self)
        if self.exec_dialog(dialog) and dialog.changed is not None:
            self.events.announce(dialog.changed)
            after = profile_service.load_profile(self.archive, pupil_id, self.today())
            archive, today = self.archive, self.today

            def set_to(view):  # type: ignore[no-untyped-def]
                day = view.left_on.isoformat() if view.left_on else ""
                return lambda: roster.set_enrolment(
                    archive, pupil_id, view.enrolment, day, view.leave_note, today()
                )

            self._push(
                f"{row.name}：{before.enrolment} → {after.enrolment}", set_to(after), set_to(before)
            )

    def adjust_status(self, pupil_id: int) -> None:
        from liushou_desk.services import profile as profile_service
        from liushou_desk.services import status
        from liushou_desk.ui.override_dialog import OverrideDialog

        assert self.archive is not None
        view = profile_service.load_profile(self.archive, pupil_id, self.today())
        dialog = OverrideDialog(self.archive, view, self)
        if self.exec_dialog(dialog) and dialog.changed is not None:
            self.events.announce(dialog.changed)
            after = profile_service.load_profile(self.archive, pupil_id, self.today())
            archive = self.archive
            self._push(
                f"调整 {view.draft.name} 的留守认定",
                lambda: status.set_override(
                    archive, pupil_id, after.override_kind, after.override_reason
                ),
                lambda: status.set_override(
                    archive, pupil_id, view.override_kind, view.override_reason
                ),
            )

    def delete_current(self) -> None:
        from liushou_desk.services import roster

        row = self.roster_tab.current_row()
        if row is None or self.archive is None:
            self.prompts.info(self, "请先在班级名册中选择一名学生。")
            return
        if not self.prompts.confirm(
            self,
            f"将 {row.name} 移入回收站吗？",
            "档案和全部记录都会保留，可在“档案 → 回收站”中恢复。学生转学或毕业请用“转出 / 毕业”。",
        ):
            return
        archive, pid = self.archive, row.id
        if self._current_pupil == pid:
            if not self.profile_tab.confirm_leave():
                return
            self._current_pupil = 0
            self.profile_tab.load(0)
            self.growth_tab.set_pupil(0)
        self.events.announce(roster.delete_pupil(archive, pid))
        self._push(
            f"将 {row.name} 移入回收站",
            lambda: roster.delete_pupil(archive, pid),
            lambda: roster.restore_pupil(archive, pid),
        )

    def open_recycle_bin(self) -> None:
        from liushou_desk.ui.recycle_bin_dialog import RecycleBinDialog

        assert self.archive is not None
        dialog = RecycleBinDialog(self.archive, self)
        self.exec_dialog(dialog)
        for _pid, change in dialog.restored:
            self.events.announce(change)

    # -- undo -------------------------------------------------------------------------------
    def _push(self, text: str, redo, undo) -> None:  # type: ignore[no-untyped-def]
        self.undo_history.push(text, redo, undo)

    def _profile_saved(self, pupil_id: int, before, after) -> None:  # type: ignore[no-untyped-def]
        from liushou_desk.services import profile as profile_service

        archive, today = self.archive, self.today
        assert archive is not None
        self._push(
            f"修改 {after.name} 的档案",
            lambda: profile_service.save_profile(archive, pupil_id, after, today())[1],
            lambda: profile_service.save_profile(archive, pupil_id, before, today())[1],
        )

    def edit_cadence(self) -> None:
        from liushou_desk.ui.cadence_dialog import CadenceDialog

        assert self.archive is not None
        if self.exec_dialog(CadenceDialog(self.archive, self)):
            self.due_tab.refresh()

    def edit_pick_lists(self) -> None:
        from liushou_desk.ui.pick_lists_dialog import PickListsDialog

        assert self.archive is not None
        if self.exec_dialog(PickListsDialog(self.archive, self)):
            self.profile_tab.reload_tags()

    def edit_class_info(self) -> None:
        from liushou_desk.ui.class_info_dialog import ClassInfoDialog

        assert self.archive is not None
        if self.exec_dialog(ClassInfoDialog(self.archive, self)):
            self._update_title()

    def purge_left_pupils(self) -> None:
        """保存期限: purge the data of pupils gone longer than the retention period."""
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.services import retention
        from liushou_desk.ui.retention_dialog import RetentionDialog

        assert self.archive is not None
        dialog = RetentionDialog(self.archive, self.today, self)
        if not self.exec_dialog(dialog):
            return
        years = dialog.years.value()
        if years != retention.retention_years(self.archive):
            retention.set_retention_years(self.archive, years)
        chosen = dialog.chosen()
        if not chosen or not self.prompts.confirm(
            self, f"彻底清除 {len(chosen)} 名学生的数据？", "清除后无法恢复。"
        ):
            return
        if self._current_pupil in chosen:
            self._current_pupil = 0
            self.profile_tab.load(0)
            self.growth_tab.set_pupil(0)
        try:
            changed = retention.purge(self.archive, chosen, self.today())
        except ValidationFailed as exc:
            self.prompts.error(self, "没有清除。", exc.errors[0].message)
            return
        self.events.announce(changed)
        self._purge_backups(chosen)

    def _purge_backups(self, chosen: list[int]) -> None:
        """The purged children out of this computer's backups too, off the GUI thread."""
        from liushou_desk.services import audit, retention
        from liushou_desk.ui.background import BackgroundTask

        assert self.archive is not None
        archive = self.archive

        def done(count: int) -> None:
            if count:
                audit.record(archive, "清除数据", "", f"同时从 {count} 份备份中清除")
            self.statusBar().showMessage(f"已清除，{count} 份备份中的相关数据也已清除", 8000)

        self.purge_task = BackgroundTask(
            self,
            "正在从备份中清除这些学生的数据…",
            lambda progress: retention.purge_backups(archive.path, chosen, progress),
            done,
            lambda exc: self.prompts.error(self, "备份中的数据没有全部清除。", str(exc)),
        ).start()

    def show_audit_log(self) -> None:
        from liushou_desk.ui.audit_dialog import AuditDialog

        assert self.archive is not None
        self.exec_dialog(AuditDialog(self.archive, self))

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog modally (tests replace this to drive the dialog themselves)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.archive is None or self.profile_tab.confirm_leave():
            event.accept()
        else:
            event.ignore()
