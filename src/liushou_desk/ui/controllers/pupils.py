"""学生 (pupils) in the main window: 新增学生, 转出/毕业/恢复在读, 调整留守认定, 移入回收站 and
the 回收站, and 清除离班学生数据 (保存期限). The writes and their undo steps are use cases in
``ops.pupils``; this asks the teacher and hands the outcome to the runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.runner import Progress


class PupilsController:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add_pupil(self) -> None:
        from liushou_desk.ui.add_pupil_dialog import AddPupilDialog

        ctx = self.ctx
        dialog = AddPupilDialog(ctx.archive, ctx.today, ctx.parent)
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            pupil_id = ctx.settle(dialog.outcome)
            ctx.selection.select_pupil(pupil_id)
            ctx.selection.show_profile()

    def change_enrolment(self, pupil_id: int) -> None:
        from liushou_desk.ui.enrolment_dialog import EnrolmentDialog

        ctx = self.ctx
        row = ctx.selection.find_pupil(pupil_id)
        if row is None:
            return
        dialog = EnrolmentDialog(ctx.archive, row, ctx.today, ctx.parent)
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            ctx.settle(dialog.outcome)

    def adjust_status(self, pupil_id: int) -> None:
        from liushou_desk.services.profile import load_profile
        from liushou_desk.ui.override_dialog import OverrideDialog

        ctx = self.ctx
        view = load_profile(ctx.archive, pupil_id, ctx.today())
        dialog = OverrideDialog(ctx.archive, view, ctx.today, ctx.parent)
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            ctx.settle(dialog.outcome)

    def delete_current(self, pupil_id: int | None = None) -> None:
        """移入回收站 the pupil the teacher sees highlighted (``pupil_id``, or the child in
        view — never one a search hides)."""
        from liushou_desk.ops.pupils import move_to_recycle_bin

        ctx = self.ctx
        pid = ctx.selection.child_in_view() if pupil_id is None else pupil_id
        row = ctx.selection.find_pupil(pid) if pid else None
        if row is None:
            ctx.prompts.info(ctx.parent, "请先在班级名册中选中一名学生。")
            return
        if not ctx.prompts.confirm(
            ctx.parent,
            f"将 {row.name} 移入回收站吗？",
            "档案和全部记录都会保留，可在“档案 → 回收站”中恢复。学生转学或毕业请用“转出 / 毕业”。",
        ):
            return
        if ctx.selection.let_go([row.id]):
            ctx.settle(move_to_recycle_bin(ctx.archive, row.id, row.name))

    def open_recycle_bin(self) -> None:
        from liushou_desk.ui.recycle_bin_dialog import RecycleBinDialog

        ctx = self.ctx
        dialog = RecycleBinDialog(ctx.archive, ctx.parent)
        ctx.exec_dialog(dialog)
        for outcome in dialog.restored:
            ctx.settle(outcome)

    def purge_left_pupils(self) -> None:
        """保存期限: purge the data of pupils gone longer than the retention period, then out of
        this computer's backups too (in the background)."""
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.ops import pupils
        from liushou_desk.ui.retention_dialog import RetentionDialog

        ctx = self.ctx
        dialog = RetentionDialog(ctx.archive, ctx.today, ctx.parent)
        if not ctx.exec_dialog(dialog):
            return
        pupils.set_retention_years(ctx.archive, dialog.years.value())
        chosen = dialog.chosen()
        if not chosen or not ctx.prompts.confirm(
            ctx.parent, f"彻底清除 {len(chosen)} 名学生的数据？", "清除后无法恢复。"
        ):
            return
        ctx.selection.let_go(chosen, ask=False)
        try:
            ctx.settle(pupils.purge(ctx.archive, chosen, ctx.today()))
        except ValidationFailed as exc:
            ctx.prompts.error(ctx.parent, "没有清除。", exc.errors[0].message)
            return
        archive = ctx.archive

        def work(progress: Progress) -> int:
            return pupils.purge_backups(archive, chosen, progress)

        ctx.runner.run(
            "正在从备份中清除这些学生的数据…",
            work,
            lambda count: ctx.selection.show_status(
                f"已清除，{count} 份备份中的相关数据也已清除", 8000
            ),
            lambda exc: ctx.prompts.error(ctx.parent, "备份中的数据没有全部清除。", str(exc)),
            writes=True,
        )
