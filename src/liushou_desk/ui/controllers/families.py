"""父母外出情况 (the parents' situation) in the main window: the grid 批量填写父母外出情况, opened
from the 档案 menu and from the 待办 line "N 名学生还没填父母外出情况"; saving goes through the
window's runner (one write, announced once, one undo step — ``ops.families``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.ops.families import FamiliesSaved, FamilyRow
    from liushou_desk.ops.outcome import Outcome
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.runner import Progress


class FamiliesController:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def open_grid(self, typed: list[FamilyRow] | None = None) -> None:
        """The grid for the pupils in class; ``typed``: rows a failed save left, shown again."""
        from liushou_desk.ops import families
        from liushou_desk.ui.family_grid_dialog import FamilyGridDialog

        ctx = self.ctx
        today = ctx.today()
        lines = families.load_families(ctx.archive)
        if not lines:
            ctx.prompts.info(ctx.parent, "还没有在读的学生。请先新增学生或导入名册。")
            return
        dialog = FamilyGridDialog(
            lines, today, lambda text: ctx.prompts.confirm(ctx.parent, text), ctx.parent
        )
        if typed:
            dialog.restore(typed)
        if not ctx.exec_dialog(dialog):
            return
        rows = dialog.edited_rows()
        if not rows:
            ctx.selection.show_status("没有需要保存的修改")
            return
        archive = ctx.archive

        def save(_progress: Progress) -> Outcome[FamiliesSaved]:
            return families.save_families(archive, rows, today)

        ctx.runner.run(
            "正在保存父母外出情况…",
            save,
            lambda _saved: None,  # the runner says what changed (status bar) and keeps the undo
            lambda exc: self._not_saved(exc, rows),
            writes=True,
        )

    def _not_saved(self, exc: Exception, rows: list[FamilyRow]) -> None:
        from liushou_desk.domain.profile import ValidationFailed

        ctx = self.ctx
        ctx.prompts.error(ctx.parent, "父母外出情况没有保存，档案保持原样。", str(exc))
        if isinstance(exc, ValidationFailed):  # what she typed is not lost
            self.open_grid(rows)
