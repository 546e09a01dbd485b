"""文件操作 (file actions) of the main window: 导入名册 (read and checked, previewed, then
written), 名册模板, 导出 Excel, 导出档案（交校长，加密）, 立即备份 and 从备份恢复 — the long ones
on the window's background runner with a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.io.roster_columns import HeaderRow
    from liushou_desk.io.roster_plan import ImportPlan
    from liushou_desk.ops.outcome import Outcome
    from liushou_desk.services.roster_import import ImportResult
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.runner import Progress


class FilesController:
    def __init__(self, ctx: Context, on_restore: Callable[[Path], None]) -> None:
        self.ctx = ctx
        self.on_restore = on_restore  # the app closes the archive, restores, opens it again

    def save_roster_template(self) -> None:
        from liushou_desk.io.roster_template import write_template

        ctx = self.ctx
        out = ctx.prompts.save_xlsx(ctx.parent, "学生名册模板.xlsx")
        if out is not None:
            write_template(out)
            ctx.prompts.info(ctx.parent, "名册模板已保存。", str(out), saved=out)

    # -- 导入名册 ---------------------------------------------------------------------------
    def import_roster(self) -> None:
        """导入名册: read and check off the GUI thread, preview, then write on confirmation."""
        path = self.ctx.prompts.choose_roster_file(self.ctx.parent)
        if path is not None:
            self._plan(path, None)

    def _plan(self, path: Path, mapping: dict[str, str] | None) -> None:
        """Read and check the file with the teacher's column mapping (列对应), if any."""
        archive, today = self.ctx.archive, self.ctx.today()

        def check(_progress: Progress) -> ImportPlan:
            from liushou_desk.ops import importing

            return importing.plan(archive, path, today, mapping)

        self.ctx.runner.run(
            "正在读取并检查名册…",
            check,
            lambda plan: self._confirm(plan, path),
            lambda exc: self._unreadable(exc, path),
        )

    def _unreadable(self, exc: Exception, path: Path) -> None:
        from liushou_desk.io.roster_columns import NoNameColumn

        if isinstance(exc, NoNameColumn):  # let the teacher say which column holds the names
            self._map_columns(
                exc.header,
                path,
                "没有找到“姓名”列：请在下面的“导入为”里，把学生姓名所在的那一列选为“学生姓名”。",
            )
        else:
            self.ctx.prompts.error(self.ctx.parent, "无法导入这个文件。", str(exc))

    def _map_columns(
        self, header: HeaderRow, path: Path, message: str = "", back: ImportPlan | None = None
    ) -> None:
        """列对应: the mapping dialog; on 确定 the import is planned again with it, on 取消 the
        preview (``back``) shows again."""
        from liushou_desk.ui.column_mapping_dialog import ColumnMappingDialog

        dialog = ColumnMappingDialog(header, message, self.ctx.parent)
        if self.ctx.exec_dialog(dialog):
            self._plan(path, dialog.mapping())
        elif back is not None:
            self._confirm(back, path)

    def _confirm(self, plan: ImportPlan, path: Path) -> None:
        from liushou_desk.ui.import_dialog import ImportDialog

        ctx = self.ctx
        dialog = ImportDialog(plan, path.name, ctx.parent)
        if not ctx.exec_dialog(dialog):
            if dialog.wants_mapping and plan.header is not None:
                self._map_columns(plan.header, path, back=plan)
            return
        archive, today = ctx.archive, ctx.today()

        def apply(_progress: Progress) -> Outcome[ImportResult]:
            from liushou_desk.ops import importing

            return importing.apply(archive, plan, today)

        ctx.runner.run(
            "正在导入…",
            apply,
            lambda result: ctx.prompts.info(
                ctx.parent,
                f"导入完成：新增 {len(result.added)} 人，更新 {len(result.after)} 人。",
                f"{len(plan.problems)} 处问题的行没有导入。" if plan.problems else "",
            ),
            lambda exc: ctx.prompts.error(ctx.parent, "导入没有完成，档案保持原样。", str(exc)),
            writes=True,
        )

    # -- 导出 -------------------------------------------------------------------------------
    def export_xlsx(self) -> None:
        """导出 Excel, off the GUI thread with a progress bar."""
        from liushou_desk.services.archive_info import get_info

        ctx = self.ctx
        info = get_info(ctx.archive)
        suggested = f"{info.title or '班级档案'} {ctx.today():%Y-%m-%d}.xlsx".replace(" ", "_")
        out = ctx.prompts.save_xlsx(ctx.parent, suggested)
        if out is None:
            return
        archive, today = ctx.archive, ctx.today()

        def work(progress: Progress):  # type: ignore[no-untyped-def]
            from liushou_desk.io.xlsx_export import export_workbook

            return export_workbook(archive, out, today, progress)

        ctx.runner.run(
            "正在导出 Excel…",
            work,
            lambda summary: ctx.prompts.info(
                ctx.parent,
                "导出完成。",
                f"{summary.path}\n共 {len(summary.rows)} 张工作表。",
                saved=summary.path,
            ),
            lambda exc: ctx.prompts.error(ctx.parent, "导出没有完成。", str(exc)),
            writes=True,  # its 操作日志 entry
        )

    def export_usb_archive(self) -> None:
        """导出档案（交校长）: the encrypted archive, written and verified in the background; the
        proposed password is shown once at the end."""
        from liushou_desk.io.usb_archive import propose_password

        ctx = self.ctx
        chosen = ctx.prompts.archive_details(ctx.parent)
        if chosen is None:
            return
        full, bag = chosen
        folder = ctx.prompts.choose_folder(ctx.parent, "把档案保存到哪里（如 U 盘）")
        if folder is None:
            return
        archive, today, password = ctx.archive, ctx.today(), propose_password()

        def work(progress: Progress):  # type: ignore[no-untyped-def]
            from liushou_desk.io.usb_archive import export_archive

            return export_archive(
                archive, folder, password, today, progress, full_details=full, growth_bag=bag
            )

        ctx.runner.run(
            "正在导出档案（报告、成长记录卡、登记表、Excel、数据），完成后会自动校验…",
            work,
            lambda result: ctx.prompts.archive_password_shown(ctx.parent, result.path, password),
            lambda exc: ctx.prompts.error(ctx.parent, "档案没有导出。", str(exc)),
            writes=True,  # its 操作日志 entry
            cancellable=True,
            on_cancel=lambda: ctx.selection.show_status("已取消导出档案"),
        )

    # -- 备份 -------------------------------------------------------------------------------
    def backup_now(self) -> None:
        """立即备份 to a folder the teacher picks (a USB stick, say), off the GUI thread."""
        from liushou_desk.ops import backups

        ctx = self.ctx
        folder = ctx.prompts.choose_folder(ctx.parent, "选择备份保存的位置（如 U 盘）")
        if folder is None:
            return
        db = ctx.archive.path
        ctx.runner.run(
            "正在备份并校验…",
            lambda progress: backups.backup_now(db, folder, progress),
            lambda info: ctx.prompts.info(
                ctx.parent, "备份完成，已通过校验。", str(info.path), saved=info.path
            ),
            lambda exc: ctx.prompts.error(ctx.parent, "备份没有完成。", str(exc)),
            writes=True,  # never beside another write: a backup of a half-written import
        )

    def restore_from_backup(self) -> None:
        from liushou_desk.ui.restore_dialog import RestoreDialog

        ctx = self.ctx
        if not ctx.selection.confirm_leave():
            return
        dialog = RestoreDialog(ctx.archive.path, ctx.prompts, ctx.parent)
        if ctx.exec_dialog(dialog) and dialog.chosen is not None:
            self.on_restore(dialog.chosen)
