"""打印 → 登记表（附件1）/ 统计表（附件3） in the main window: the choices and what is still empty
asked first (Form1Dialog, Form3Dialog), then the PDF made off the GUI thread with a progress
bar and shown in the preview (print, save, open: logged there), or the .xlsx written and
logged. 先去补填 opens the child's 五个清楚."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from liushou_desk.services.form1 import MissingCell
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.printing import PrintingController
    from liushou_desk.ui.runner import Progress


class FormsController:
    def __init__(self, ctx: Context, printing: PrintingController) -> None:
        self.ctx = ctx
        self.printing = printing

    # -- 附件1 ------------------------------------------------------------------------------
    def print_form1(self, pupil_id: int = 0) -> None:
        """登记表（附件1）: for every left-behind child, the ones ticked, or ``pupil_id`` (the
        roster's right-click) / the child in view."""
        from liushou_desk.ui.form1_dialog import Form1Dialog, Scope

        ctx = self.ctx
        rows = [r for r in ctx.selection.roster_rows() if r.is_active and r.is_left_behind]
        if not rows:
            ctx.prompts.info(ctx.parent, "班里还没有认定为留守儿童的学生，没有要填的登记表。")
            return
        scopes = [Scope(f"全班留守儿童（{len(rows)} 人）", None)]
        child = pupil_id or ctx.selection.child_in_view()
        one = next((r for r in rows if r.id == child), None)
        if one is not None:
            scopes.append(Scope(f"只打印 {one.name}", (one.id,)))
        scopes.append(Scope("勾选部分儿童", (), pick=True))
        archive, today = ctx.archive, ctx.today()

        def missing_for(ids: tuple[int, ...] | None) -> list[MissingCell]:
            from liushou_desk.ops.form1 import missing

            return missing(archive, today, ids)

        first = 1 if pupil_id and one is not None else 0
        dialog = Form1Dialog(scopes, missing_for, rows, first, ctx.parent)
        if not ctx.exec_dialog(dialog):
            if dialog.fill_pupil:
                ctx.selection.select_pupil(dialog.fill_pupil)
                ctx.selection.show_profile()
            return
        ids, full = dialog.pupil_ids(), dialog.full_ids.isChecked()
        if dialog.as_xlsx():
            self._form1_xlsx(ids, full)
            return

        def work(progress: Progress):  # type: ignore[no-untyped-def]
            from liushou_desk.ops.form1 import form1_pdf

            return form1_pdf(archive, today, ids, full_ids=full, progress=progress)

        ctx.runner.run(
            "正在生成登记表（附件1）…",
            work,
            self.printing.preview,
            lambda exc: ctx.prompts.error(ctx.parent, "生成登记表时出错，未生成文件。", str(exc)),
            cancellable=True,
            on_cancel=lambda: ctx.selection.show_status("已取消生成登记表"),
        )

    def _form1_xlsx(self, ids: tuple[int, ...] | None, full: bool) -> None:
        ctx = self.ctx
        out = ctx.prompts.save_xlsx(ctx.parent, f"登记表（附件1）{ctx.today():%Y-%m-%d}.xlsx")
        if out is None:
            return
        archive, today = ctx.archive, ctx.today()

        def work(_progress: Progress) -> int:
            from liushou_desk.ops.form1 import form1_xlsx

            return form1_xlsx(archive, today, out, ids, full_ids=full)

        ctx.runner.run(
            "正在导出登记表（附件1）…",
            work,
            lambda count: self._saved(out, f"登记表（附件1）已导出，{count} 名儿童。"),
            lambda exc: ctx.prompts.error(ctx.parent, "导出没有完成。", str(exc)),
            writes=True,  # its 操作日志 entry
        )

    # -- 附件3 ------------------------------------------------------------------------------
    def print_form3(self) -> None:
        """统计表（附件3） of the class, its checks shown first."""
        from liushou_desk.ops import form3
        from liushou_desk.ui.form3_dialog import Form3Dialog

        ctx = self.ctx
        archive, today = ctx.archive, ctx.today()
        form = form3.class_form(archive, today)
        dialog = Form3Dialog(form, ctx.parent)
        if not ctx.exec_dialog(dialog):
            return
        if not dialog.as_xlsx():
            ctx.runner.run(
                "正在生成统计表（附件3）…",
                lambda _progress: form3.printout(form, today),
                self.printing.preview,
                lambda exc: ctx.prompts.error(ctx.parent, "生成统计表时出错。", str(exc)),
            )
            return
        out = ctx.prompts.save_xlsx(ctx.parent, f"统计表（附件3）{today:%Y-%m-%d}.xlsx")
        if out is None:
            return
        ctx.runner.run(
            "正在导出统计表（附件3）…",
            lambda _progress: form3.form3_xlsx(archive, form, today, out),
            lambda _none: self._saved(out, f"统计表（附件3）已导出，留守儿童 {form.total} 人。"),
            lambda exc: ctx.prompts.error(ctx.parent, "导出没有完成。", str(exc)),
            writes=True,
        )

    def _saved(self, out: Path, text: str) -> None:
        self.ctx.selection.show_status(f"已保存：{out}", 8000)
        self.ctx.prompts.info(self.ctx.parent, text, str(out), saved=out)
