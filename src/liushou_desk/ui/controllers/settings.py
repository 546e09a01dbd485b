"""设置 (the class's settings) in the main window: 班级信息, 选项列表 (pick lists), 待办设置
(how often each piece of care work is due) and the 操作日志 to read; the views that show a
setting follow it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.ui.controllers.context import Context


class SettingsController:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def edit_class_info(self) -> None:
        from liushou_desk.ui.class_info_dialog import ClassInfoDialog

        ctx = self.ctx
        if ctx.exec_dialog(ClassInfoDialog(ctx.archive, ctx.parent)):
            ctx.selection.update_title()

    def edit_pick_lists(self) -> None:
        from liushou_desk.ui.pick_lists_dialog import PickListsDialog

        ctx = self.ctx
        if ctx.exec_dialog(PickListsDialog(ctx.archive, ctx.parent)):
            ctx.selection.reload_tags()

    def edit_cadence(self) -> None:
        from liushou_desk.ui.cadence_dialog import CadenceDialog

        ctx = self.ctx
        if ctx.exec_dialog(CadenceDialog(ctx.archive, ctx.parent)):
            ctx.selection.refresh_due()

    def show_audit_log(self) -> None:
        from liushou_desk.ui.audit_dialog import AuditDialog

        ctx = self.ctx
        ctx.exec_dialog(AuditDialog(ctx.archive, ctx.parent))
