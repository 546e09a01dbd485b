"""主窗口 (the main window): the class archive in four tabs — 待办, 班级名册, 五个清楚, 成长记录卡
— with its menus and the roster selection. What the menus do lives in ``ui/controllers``.

The window starts in two steps: it shows the roster first (read with the standard library),
then ``attach`` opens the archive in it. ``attach`` is cheap: the other tabs are built when
first shown, and the start-up work (statuses, the 待办 list) runs on the background runner.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QTabWidget

from liushou_desk import APP_TITLE
from liushou_desk.services.notices import Changed
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.controllers import tabs
from liushou_desk.ui.controllers.tabs import TabSlot
from liushou_desk.ui.events import ArchiveEvents
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.prompts import Prompts
from liushou_desk.ui.roster_tab import RosterTab
from liushou_desk.ui.screen_fit import remember

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive
    from liushou_desk.ui.due_tab import DueTab
    from liushou_desk.ui.growth_card_tab import GrowthCardTab
    from liushou_desk.ui.profile_tab import ProfileTab


class MainWindow(QMainWindow):
    """The head teacher's window on one class archive."""

    first_shown = Signal()  # the window is on screen (its first show)
    ready = Signal()  # the archive is open and every tab works
    restore_requested = Signal(object)  # a backup's Path: the app closes, restores, reopens
    lock_requested = Signal()  # 锁定档案 (Ctrl+L)
    encrypt_requested = Signal()  # 加密档案: the app closes, encrypts, reopens
    lock_minutes_changed = Signal(int)

    def __init__(
        self,
        archive: Archive | None = None,
        *,
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
        self.tabs = QTabWidget()
        self.due_slot: TabSlot
        self.profile_slot: TabSlot
        self.growth_slot: TabSlot
        self.plan_slot: TabSlot
        self.teachers_slot: TabSlot
        tabs.add_tabs(self)  # 待办, 班级名册, 五个清楚, 成长记录卡, 学期计划, 分工
        self.tabs.currentChanged.connect(lambda _i: self._fill_shown())
        self.setCentralWidget(self.tabs)
        self.term_label = plain_label()
        self.statusBar().addPermanentWidget(self.term_label)
        self.resize(1200, 760)  # the usual size; ui.screen_fit shows it whole on a small screen
        self.setWindowTitle(APP_TITLE)
        self.roster_tab.set_actions_enabled(False)
        self.roster_tab.pupil_selected.connect(self._on_pupil_selected)
        if archive is not None:
            self.attach(archive)

    def _error(self, text: str, detail: str = "") -> None:
        self.prompts.error(self, text, detail)

    # -- second step: the archive is open ---------------------------------------------------
    def attach(self, archive: Archive) -> None:
        """Open the archive in the window: controllers, menus, the shown tab; the statuses are
        brought up to date and the 待办 list filled on the background runner."""
        from liushou_desk.ops.pupils import refresh_statuses
        from liushou_desk.services.terms import current_term
        from liushou_desk.ui.controllers.context import Context
        from liushou_desk.ui.controllers.menus import build_menus, make_controllers
        from liushou_desk.ui.runner import Runner
        from liushou_desk.ui.undo import UndoMenu

        self.archive = archive
        self.undo_menu = UndoMenu(self, self.events.announce, self._error)
        self.undo_action, self.redo_action = self.undo_menu.undo_action, self.undo_menu.redo_action
        self.runner = Runner(self, self.events.announce, self.undo_menu.history, self._error)
        self._ctx = ctx = Context(
            archive, lambda: self.today(), self.prompts, self.events, self.runner, self,
            lambda dialog: self.exec_dialog(dialog), self,
        )  # fmt: skip
        self._c = c = make_controllers(
            ctx, restore=self.restore_requested.emit, lock=self.lock_requested.emit,
            encrypt=self.encrypt_requested.emit, minutes_changed=self.lock_minutes_changed.emit,
        )  # fmt: skip
        self.files, self.printing, self.records = c.files, c.printing, c.records
        self.pupils, self.settings, self.security = c.pupils, c.settings, c.security
        build_menus(self, self.menuBar().addMenu, c, self.undo_menu, self._about)
        tab = self.roster_tab
        tab.open_requested.connect(self._open_profile)
        tab.add_requested.connect(c.pupils.add_pupil)
        tab.enrolment_requested.connect(c.pupils.change_enrolment)
        tab.override_requested.connect(c.pupils.adjust_status)
        tab.delete_requested.connect(c.pupils.delete_current)
        tab.record_requested.connect(c.records.open_for_child)
        tab.form1_requested.connect(c.forms.print_form1)
        tab.focus_requested.connect(c.plan.edit_focus)
        tab.may_follow_search = (  # no question about unsaved edits pops up as she types
            lambda: not (self.profile_slot.built and self.profile_tab.is_dirty())
        )
        self.events.changed.connect(self._on_changed)
        self.update_title()
        self.term_label.setText(f"当前学期：{current_term(archive, self.today()).name}")
        tab.set_later(lambda: self._class_rows(archive))  # read when the roster is first shown
        today = self.today()
        self.runner.run(
            "正在核对留守状态…",
            lambda _progress: refresh_statuses(archive, today),
            lambda _none: None,
            writes=True,
            quiet=True,
        )
        tab.set_actions_enabled(True)
        self._fill_shown()
        self.ready.emit()

    def _about(self) -> None:
        tabs.about(self)

    def update_title(self) -> None:
        from liushou_desk.services.archive_info import get_info

        assert self.archive is not None
        self.class_title = get_info(self.archive).title
        self.setWindowTitle(f"{APP_TITLE} — {self.class_title or '未填写班级信息'}")

    def needs_class_info(self) -> bool:
        """A brand-new archive: no class information and no pupils yet."""
        return not self.class_title and not self.roster_tab.every_row()

    def edit_class_info(self) -> None:
        self.settings.edit_class_info()

    # -- tabs, built when first shown -------------------------------------------------------
    def _fill_shown(self) -> None:
        shown = self.tabs.currentWidget()
        if isinstance(shown, TabSlot) and self.archive is not None:
            shown.fill()

    @property
    def due_tab(self) -> DueTab:
        return cast("DueTab", self.due_slot.fill())

    @property
    def profile_tab(self) -> ProfileTab:
        return cast("ProfileTab", self.profile_slot.fill())

    @property
    def growth_tab(self) -> GrowthCardTab:
        return cast("GrowthCardTab", self.growth_slot.fill())

    # -- data -------------------------------------------------------------------------------
    def _class_rows(
        self, archive: Archive
    ) -> tuple[list[RosterRow], Callable[[], list[RosterRow]] | None]:
        """The class for the roster, and how to read those who left when first asked for."""
        from liushou_desk.services import roster

        rows, whole = roster.class_rows(archive, self.today())
        tabs.load_contacts(self)  # its 上次谈心 / 通话 / 家访, on the background runner
        return rows, None if whole else (lambda: roster.left_rows(archive, self.today()))

    def reload_roster(self) -> None:
        """The roster read again after a change (or when it is first shown, if not yet)."""
        from liushou_desk.services import roster

        assert self.archive is not None
        if self.roster_tab.waiting():  # never shown yet: it reads the class when it is
            return
        self.roster_tab.set_rows(roster.list_roster(self.archive, self.today()))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self.first_shown.emit)

    def _on_changed(self, change: Changed) -> None:
        if change.roster:
            self.reload_roster()
        if change.pupil_ids or change.roster:
            self.refresh_due()
        if self._current_pupil in change.pupil_ids:
            if self.profile_slot.built:
                self.profile_tab.refresh_status()
            if self.growth_slot.built:
                self.growth_tab.mark_stale()
        tabs.follow(self, change)
        if change.message:
            self.show_status(change.message)

    # -- selection (what the controllers ask of the window) ---------------------------------
    @property
    def current_pupil(self) -> int:
        return self._current_pupil

    def selected_row(self) -> RosterRow | None:
        return self.roster_tab.current_row()

    def child_in_view(self) -> int:
        """The child highlighted where the teacher looks: the roster's shown selection, or
        the pupil 五个清楚 / 成长记录卡 shows by name (0: none — an action asks which child)."""
        if self.tabs.currentWidget() is self.roster_tab:
            return self.roster_tab.shown_pupil_id()
        named = self.tabs.currentWidget() in (self.profile_slot, self.growth_slot)
        return self._current_pupil if named else 0

    def roster_rows(self) -> list[RosterRow]:
        return self.roster_tab.every_row()

    def find_pupil(self, pupil_id: int) -> RosterRow | None:
        return self.roster_tab.find_row(pupil_id)

    def _on_pupil_selected(self, pupil_id: int) -> None:
        if pupil_id == self._current_pupil:
            return
        if not self.confirm_leave():
            self.roster_tab.select_pupil(self._current_pupil, emit=False)
            return
        self._show_pupil(pupil_id)

    def _show_pupil(self, pupil_id: int) -> None:
        self._current_pupil = pupil_id
        if self.profile_slot.built:
            self.profile_tab.load(pupil_id)
        if self.growth_slot.built:
            self.growth_tab.set_pupil(pupil_id)

    def select_pupil(self, pupil_id: int) -> None:
        if self.roster_tab.select_pupil(pupil_id, emit=False):
            self._on_pupil_selected(pupil_id)

    def show_profile(self) -> None:
        self.tabs.setCurrentWidget(self.profile_slot)

    def _open_profile(self, pupil_id: int) -> None:
        self._on_pupil_selected(pupil_id)
        if self._current_pupil == pupil_id:
            self.show_profile()

    def let_go(self, pupil_ids: Collection[int], *, ask: bool = True) -> bool:
        if self._current_pupil not in pupil_ids:
            return True
        if ask and not self.confirm_leave():
            return False
        self._show_pupil(0)
        return True

    def confirm_leave(self) -> bool:
        return not self.profile_slot.built or self.profile_tab.confirm_leave()

    def refresh_due(self) -> None:
        if self.due_slot.built:
            self.due_tab.refresh()

    def reload_tags(self) -> None:
        if self.profile_slot.built:
            self.profile_tab.reload_tags()

    def show_status(self, message: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(message, ms)

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog modally (tests replace this to drive the dialog themselves)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.archive is None:
            event.accept()
        elif self.confirm_leave():
            self.runner.wait_idle()  # nothing left half-written behind the window
            remember(self, "main")
            event.accept()
        else:
            event.ignore()
