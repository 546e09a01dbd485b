"""标签页 (the window's tabs) built when first shown: 待办 (its list filled off the GUI thread),
五个清楚 and 成长记录卡 (with its 换学生 picker), each wired to the controllers. Until then a
tab's place says “正在打开档案…”, so the window starts with the roster alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.menus import Controllers
    from liushou_desk.ui.due_tab import DueTab
    from liushou_desk.ui.growth_card_tab import GrowthCardTab
    from liushou_desk.ui.profile_tab import ProfileTab


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
    tab.open_item.connect(c.records.open_due_item)
    tab.open_draft.connect(c.records.open_draft)
    tab.refresh_later(ctx.runner)
    return tab


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
