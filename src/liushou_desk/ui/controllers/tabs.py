"""标签页 (the window's tabs) built when first shown: 待办 (its list filled off the GUI thread),
五个清楚 and 成长记录卡 (with its 换学生 picker), 学期计划 and 分工, each wired to the
controllers. Until then a tab's place says “正在打开档案…”, so the window starts with the
roster alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive
    from liushou_desk.services.due_kinds import DueItem
    from liushou_desk.services.notices import Changed
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.menus import Controllers
    from liushou_desk.ui.due_tab import DueTab
    from liushou_desk.ui.growth_card_tab import GrowthCardTab
    from liushou_desk.ui.plan_tab import PlanTab
    from liushou_desk.ui.profile_tab import ProfileTab
    from liushou_desk.ui.roster_tab import RosterTab
    from liushou_desk.ui.runner import Runner
    from liushou_desk.ui.teachers_tab import TeachersTab


class MainWindow(Protocol):
    """What the tabs ask of the main window (ui/main_window.py)."""

    roster_tab: RosterTab
    tabs: QTabWidget
    due_slot: TabSlot
    profile_slot: TabSlot
    growth_slot: TabSlot
    plan_slot: TabSlot
    teachers_slot: TabSlot
    _ctx: Context
    _c: Controllers
    runner: Runner

    @property
    def archive(self) -> Archive | None: ...

    def today(self) -> date: ...


class TabSlot(QWidget):
    """A tab's place: “正在打开档案…” until ``fill`` builds the tab (once)."""

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self.widget: QWidget | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.waiting = QLabel("正在打开档案…")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.waiting)

    @property
    def built(self) -> bool:
        return self.widget is not None

    def fill(self) -> QWidget:
        if self.widget is None:
            self.widget = self._build()
            self.waiting.hide()
            self.layout_.addWidget(self.widget)
            self.widget.show()  # now, when the tab is on screen: not at the next event loop
        return self.widget


def make_due(ctx: Context, c: Controllers) -> DueTab:
    from liushou_desk.ui.due_tab import DueTab

    tab = DueTab(ctx.archive, ctx.today)
    tab.open_item.connect(lambda item: _open_due_item(ctx, c, item))
    tab.open_draft.connect(c.records.open_draft)
    tab.print_teacher.connect(c.plan.print_teacher_list)
    tab.refresh_later(ctx.runner)
    return tab


def _open_due_item(ctx: Context, c: Controllers, item: DueItem) -> None:
    """A planned item opens the record it becomes (saved: done); the rest their form."""
    if item.kind == "planned" and item.record_id:
        from liushou_desk.services.care_plan import get_entry

        entry = get_entry(ctx.archive, item.record_id)
        if entry is not None:
            c.plan.mark_done(entry)
        return
    c.records.open_due_item(item)


def make_profile(ctx: Context, c: Controllers) -> ProfileTab:
    from liushou_desk.ui.profile_tab import ProfileTab

    tab = ProfileTab(ctx.archive, ctx.prompts, ctx.today)
    tab.saved.connect(ctx.runner.settle)  # what changed announced, the undo step recorded
    tab.override_requested.connect(c.pupils.adjust_status)
    tab.load(ctx.selection.current_pupil)
    return tab


def make_growth(ctx: Context, c: Controllers) -> GrowthCardTab:
    from liushou_desk.ui.growth_card_tab import GrowthCardTab

    tab = GrowthCardTab(ctx.archive, ctx.today)
    records, selection = c.records, ctx.selection
    tab.add_requested.connect(
        lambda kind, parent: records.open_record_form(
            kind, selection.current_pupil, parent_id=parent
        )
    )
    tab.edit_requested.connect(records.edit_record)
    tab.delete_requested.connect(records.delete_record)
    tab.history_requested.connect(records.show_record_history)
    tab.print_requested.connect(lambda: c.printing.print_growth_card())
    tab.pick_requested.connect(lambda: _pick_card_child(ctx))
    from liushou_desk.ui.controllers.growth_bag import GrowthBagController

    bag = GrowthBagController(ctx, c.printing)
    tab.bag.add_requested.connect(bag.add)
    tab.bag.view_requested.connect(bag.view)
    tab.bag.remove_requested.connect(bag.remove)
    tab.bag_controller = bag  # kept with the tab (and reachable from tests)
    tab.set_pupil(selection.current_pupil)
    return tab


def _pick_card_child(ctx: Context) -> None:
    """成长记录卡 → 换学生: which child's card (those who left the class too)."""
    from liushou_desk.ui.pupil_picker import pick_pupil

    selection = ctx.selection
    pid = pick_pupil(
        selection.roster_rows(),
        "看哪位学生的成长记录卡？",
        ctx.exec_dialog,
        ctx.parent,
        title="成长记录卡 — 选择学生",
        everyone=True,
        current=selection.current_pupil,
    )
    if pid:
        selection.select_pupil(pid)  # the roster and 五个清楚 follow


def add_tabs(window: MainWindow) -> None:
    """The window's tabs in the teacher's order: 待办, 班级名册, 五个清楚, 成长记录卡, 学期计划,
    分工 — every one but the roster built when first shown."""
    window.due_slot = TabSlot(lambda: make_due(window._ctx, window._c))
    window.profile_slot = TabSlot(lambda: make_profile(window._ctx, window._c))
    window.growth_slot = TabSlot(lambda: make_growth(window._ctx, window._c))
    window.plan_slot = TabSlot(lambda: make_plan(window._ctx, window._c))
    window.teachers_slot = TabSlot(lambda: make_teachers(window._ctx, window._c))
    for slot, title in (
        (window.due_slot, "待办"),
        (window.roster_tab, "班级名册"),
        (window.profile_slot, "五个清楚"),
        (window.growth_slot, "成长记录卡"),
        (window.plan_slot, "学期计划"),
        (window.teachers_slot, "分工"),
    ):
        window.tabs.addTab(slot, title)


def make_plan(ctx: Context, c: Controllers) -> PlanTab:
    from liushou_desk.ui.plan_tab import PlanTab

    tab = PlanTab(ctx.archive, ctx.today)
    plan = c.plan
    tab.add_requested.connect(plan.add_item)
    tab.done_requested.connect(plan.mark_done)
    tab.edit_requested.connect(plan.edit_item)
    tab.delete_requested.connect(plan.drop_item)
    tab.print_requested.connect(plan.print_plan)
    tab.record_requested.connect(c.records.edit_record)
    return tab


def make_teachers(ctx: Context, c: Controllers) -> TeachersTab:
    from liushou_desk.ui.teachers_tab import TeachersTab

    tab = TeachersTab(ctx.archive, ctx.today, ctx.selection.roster_rows)
    plan = c.plan
    tab.add_requested.connect(lambda: plan.edit_teacher(None))
    tab.edit_requested.connect(plan.edit_teacher)
    tab.retire_requested.connect(plan.retire_teacher)
    tab.print_requested.connect(plan.print_teacher_list)
    tab.save_requested.connect(plan.save_assignments)
    tab.focus_requested.connect(plan.edit_focus)
    tab.suggest_requested.connect(plan.suggest_focus)
    return tab


def follow(window: MainWindow, change: Changed) -> None:
    """After a write: the plan and 分工 tabs read again when built, and the roster's last
    contacts (off the GUI thread) once the roster has been read."""
    if window.plan_slot.built:
        cast("PlanTab", window.plan_slot.widget).refresh()
    if window.teachers_slot.built:
        teachers = cast("TeachersTab", window.teachers_slot.widget)
        teachers.after_save()
        teachers.refresh()
    if (change.pupil_ids or change.roster) and not window.roster_tab.waiting():
        load_contacts(window)


def load_contacts(window: MainWindow) -> None:
    """The roster's 上次谈心 / 上次通话 / 上次家访, read on the background runner."""
    from liushou_desk.services.roster_contacts import last_contacts

    archive, today = window.archive, window.today()
    if archive is None:
        return
    window.runner.run(
        "正在读取最近联系…",
        lambda _progress: last_contacts(archive, today),
        window.roster_tab.set_contacts,
        quiet=True,
    )


def about(window: MainWindow) -> None:
    """帮助 → 关于."""
    from html import escape

    from PySide6.QtWidgets import QMessageBox

    from liushou_desk import __version__

    path = escape(str(window.archive.path)) if window.archive else ""
    from liushou_desk import APP_TITLE

    QMessageBox.about(
        cast("QWidget", window),
        APP_TITLE,
        f"<b>{APP_TITLE}</b> {__version__}<br>班主任的留守儿童动态档案："
        f"五个清楚、三沟通、一对一帮扶。<br>档案文件：{path}",
    )
