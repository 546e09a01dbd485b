"""计划 (the term plan) and 分工 as the window's tabs ask for them: add, mark done (through the
record form, prefilled), move, drop and print planned items; the class's teachers and who holds
which child; 重点帮扶对象."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.ops.printing import Printout
    from liushou_desk.services.care_plan import PlanEntry
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.printing import PrintingController
    from liushou_desk.ui.controllers.records import RecordsController


class PlanController:
    def __init__(
        self, ctx: Context, records: RecordsController, printing: PrintingController
    ) -> None:
        self.ctx = ctx
        self.records = records
        self.printing = printing

    def _term_end(self):  # type: ignore[no-untyped-def]
        from liushou_desk.services.terms import current_term

        return current_term(self.ctx.archive, self.ctx.today()).end

    def _teachers(self):  # type: ignore[no-untyped-def]
        from liushou_desk.services.teachers import list_teachers

        return list_teachers(self.ctx.archive)

    def add_item(self) -> None:
        from liushou_desk.ui.plan_item_dialog import PlanItemDialog

        ctx = self.ctx
        rows = [r for r in ctx.selection.roster_rows() if r.is_active]
        dialog = PlanItemDialog(
            ctx.archive, ctx.today, self._term_end(), rows, self._teachers(), parent=ctx.parent
        )
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            ctx.settle(dialog.outcome)

    def edit_item(self, entry: PlanEntry) -> None:
        from liushou_desk.ui.plan_item_dialog import PlanItemDialog

        ctx = self.ctx
        dialog = PlanItemDialog(
            ctx.archive, ctx.today, self._term_end(), [], self._teachers(), entry, ctx.parent
        )
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            ctx.settle(dialog.outcome)

    def mark_done(self, entry: PlanEntry) -> bool:
        """The record form the item becomes, prefilled; saved, the item is done."""
        from liushou_desk.ops.care_plan import plan_done
        from liushou_desk.services.care_plan import record_for

        ctx = self.ctx
        if not entry.pupils and not entry.for_class:
            ctx.prompts.info(ctx.parent, "这项计划的学生已不在名册上，可以删除这一项。")
            return False
        kind, pupil, values = record_for(entry, ctx.today())
        if pupil:
            row = ctx.selection.find_pupil(pupil)
            if row is None or not row.is_active:
                ctx.prompts.info(ctx.parent, f"{entry.for_whom} 已不在班上，不能再添加记录。")
                return False
            ctx.selection.select_pupil(pupil)
        if not self.records.open_record_form(kind, pupil or 0, preset=values):
            return False
        if self.records.last_saved is None:
            return False
        ctx.settle(plan_done(ctx.archive, entry.id, self.records.last_saved))
        return True

    def drop_item(self, entry: PlanEntry) -> None:
        from liushou_desk.ops.care_plan import drop_plan

        ctx = self.ctx
        what = f"{entry.planned_on:%m月%d日}的{entry.kind_word}“{entry.title}”"
        following = False
        if entry.series and not entry.done:
            choice = ctx.prompts.choose(
                ctx.parent,
                f"删除{what}吗？",
                "这是重复的事项。",
                ["只删除这一次", "删除这一次及以后未完成的"],
            )
            if choice is None:
                return
            following = choice == 1
        elif not ctx.prompts.confirm(
            ctx.parent,
            f"删除{what}吗？",
            "已完成的记录不受影响。可以用“编辑 → 撤销”恢复。",
        ):
            return
        ctx.settle(drop_plan(ctx.archive, entry.id, following=following))

    def print_plan(self) -> None:
        """打印计划: the term's plan with the 分工, made off the GUI thread, then previewed."""
        ctx = self.ctx
        archive, today = ctx.archive, ctx.today()

        def work(_progress: object) -> Printout:
            from liushou_desk.ops.plan_printing import plan_printout

            return plan_printout(archive, today)

        self.printing.make("正在生成学期关爱工作计划…", work)

    def print_teacher_list(self, teacher_id: int) -> None:
        """打印本月清单 for one teacher."""
        ctx = self.ctx
        archive, today = ctx.archive, ctx.today()

        def work(_progress: object) -> Printout:
            from liushou_desk.ops.plan_printing import teacher_printout

            return teacher_printout(archive, teacher_id, today)

        self.printing.make("正在生成教师关爱工作清单…", work)

    # -- 分工 and 重点帮扶 ----------------------------------------------------------------------
    def edit_teacher(self, teacher_id: int | None = None) -> None:
        from liushou_desk.ui.teacher_dialog import TeacherDialog

        ctx = self.ctx
        row = next((t for t in self._teachers() if t.id == teacher_id), None)
        dialog = TeacherDialog(ctx.archive, row, ctx.parent)
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            ctx.settle(dialog.outcome)

    def retire_teacher(self, teacher_id: int) -> None:
        from liushou_desk.ops.care_plan import retire_teacher

        ctx = self.ctx
        row = next((t for t in self._teachers() if t.id == teacher_id), None)
        if row is None:
            return
        if ctx.prompts.confirm(
            ctx.parent,
            f"{row.name}老师调离本班吗？",
            f"她负责的 {row.children} 名学生的分工会取消（记录和计划里仍保留她的名字）。"
            "可以用“编辑 → 撤销”恢复。",
        ):
            ctx.settle(retire_teacher(ctx.archive, teacher_id))

    def save_assignments(self, wanted: list[tuple[int, str, int | None]]) -> None:
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.ops.care_plan import assign

        ctx = self.ctx
        try:
            outcome = assign(ctx.archive, wanted)
        except ValidationFailed as exc:
            ctx.prompts.error(
                ctx.parent, "分工没有保存。", "；".join(e.message for e in exc.errors)
            )
            return
        ctx.settle(outcome)
        if not outcome.changed.pupil_ids:
            ctx.selection.show_status("分工没有变化")

    def edit_focus(self, pupil_id: int) -> None:
        """列为重点帮扶对象… (or change it): the reason, with the suggestion, and the cadence."""
        from liushou_desk.ui.focus_dialog import FocusDialog

        ctx = self.ctx
        row = ctx.selection.find_pupil(pupil_id) if pupil_id else None
        if row is None:
            ctx.prompts.info(ctx.parent, "请先在班级名册中选中一名学生。")
            return
        dialog = FocusDialog(ctx.archive, row.id, row.name, ctx.today, ctx.parent)
        if ctx.exec_dialog(dialog) and dialog.outcome is not None:
            ctx.settle(dialog.outcome)

    def suggest_focus(self) -> None:
        """重点帮扶对象建议…: the children the archive marks, each with its reasons; the
        teacher ticks whom to flag."""
        from liushou_desk.ui.focus_dialog import SuggestionsDialog

        ctx = self.ctx
        dialog = SuggestionsDialog(ctx.archive, ctx.today, ctx.parent)
        if ctx.exec_dialog(dialog):
            for outcome in dialog.outcomes:
                ctx.settle(outcome)
