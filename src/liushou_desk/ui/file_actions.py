"""文件操作 of the main window: 导入名册, 名册模板, 导出 Excel, 立即备份 and 从备份恢复 — the
long ones off the GUI thread with a progress dialog. A mixin of MainWindow, kept apart to keep
that module small."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.io.roster_columns import HeaderRow
    from liushou_desk.io.roster_import import ImportPlan
    from liushou_desk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class FileActions(_Base):
    def save_roster_template(self) -> None:
        from liushou_desk.io.roster_template import write_template

        out = self.prompts.save_xlsx(self, "学生名册模板.xlsx")
        if out is not None:
            write_template(out)
            self.prompts.info(self, "名册模板已保存。", str(out))

    def import_roster(self) -> None:
        """导入名册: read and check off the GUI thread, preview, then write on confirmation."""
        assert self.archive is not None
        path = self.prompts.choose_roster_file(self)
        if path is not None:
            self._plan_roster(path, None)

    def _plan_roster(self, path: Path, mapping: dict[str, str] | None) -> None:
        """Read and check the file with the teacher's column mapping (列对应), if any."""
        from liushou_desk.ui.background import BackgroundTask

        assert self.archive is not None
        archive, today = self.archive, self.today()

        def check(_progress):  # type: ignore[no-untyped-def]
            from liushou_desk.io.roster_import import plan_import

            return plan_import(archive, path, today, mapping)

        self.import_task = BackgroundTask(
            self,
            "正在读取并检查名册…",
            check,
            lambda plan: self._confirm_import(plan, path),
            lambda exc: self._import_unreadable(exc, path),
        ).start()

    def _import_unreadable(self, exc: Exception, path: Path) -> None:
        from liushou_desk.io.roster_columns import NoNameColumn

        if isinstance(exc, NoNameColumn):  # let the teacher say which column holds the names
            self._map_columns(
                exc.header,
                path,
                "没有找到“姓名”列：请在下面的“导入为”里，把学生姓名所在的那一列选为“学生姓名”。",
            )
        else:
            self.prompts.error(self, "无法导入这个文件。", str(exc))

    def _map_columns(
        self, header: HeaderRow, path: Path, message: str = "", back: ImportPlan | None = None
    ) -> None:
        """列对应: the mapping dialog; on 确定 the import is planned again with it, on 取消 the
        preview (``back``) shows again."""
        from liushou_desk.ui.column_mapping_dialog import ColumnMappingDialog

        dialog = ColumnMappingDialog(header, message, self)
        if self.exec_dialog(dialog):
            self._plan_roster(path, dialog.mapping())
        elif back is not None:
            self._confirm_import(back, path)

    def _confirm_import(self, plan: ImportPlan, path: Path) -> None:
        from liushou_desk.io.roster_import import apply_import
        from liushou_desk.services.notices import Changed
        from liushou_desk.ui.import_dialog import ImportDialog

        assert self.archive is not None
        dialog = ImportDialog(plan, path.name, self)
        if not self.exec_dialog(dialog):
            if dialog.wants_mapping and plan.header is not None:
                self._map_columns(plan.header, path, back=plan)
            return
        from liushou_desk.ui.background import BackgroundTask

        archive, today = self.archive, self.today()

        def done(written: int) -> None:
            self.events.announce(Changed(roster=True, message=f"已从名册导入 {written} 名学生"))
            self.prompts.info(
                self,
                f"导入完成：新增 {len(plan.added)} 人，更新 {len(plan.updated)} 人。",
                f"{len(plan.problems)} 处问题的行没有导入。" if plan.problems else "",
            )

        self.import_task = BackgroundTask(
            self,
            "正在导入…",
            lambda _progress: apply_import(archive, plan, today),
            done,
            lambda exc: self.prompts.error(self, "导入没有完成，档案保持原样。", str(exc)),
        ).start()

    def export_xlsx(self) -> None:
        """导出 Excel, off the GUI thread with a progress bar."""
        from liushou_desk.services.archive_info import get_info
        from liushou_desk.ui.background import BackgroundTask

        assert self.archive is not None
        info = get_info(self.archive)
        suggested = f"{info.title or '班级档案'} {self.today():%Y-%m-%d}.xlsx".replace(" ", "_")
        out = self.prompts.save_xlsx(self, suggested)
        if out is None:
            return
        archive, today = self.archive, self.today()

        def work(progress):  # type: ignore[no-untyped-def]
            from liushou_desk.io.xlsx_export import export_workbook

            return export_workbook(archive, out, today, progress)

        self.export_task = BackgroundTask(
            self,
            "正在导出 Excel…",
            work,
            lambda summary: self.prompts.info(
                self, "导出完成。", f"{summary.path}\n共 {len(summary.rows)} 张工作表。"
            ),
            lambda exc: self.prompts.error(self, "导出没有完成。", str(exc)),
        ).start()

    def backup_now(self) -> None:
        """立即备份 to a folder the teacher picks (a USB stick, say), off the GUI thread."""
        from liushou_desk.services.backups import take_backup
        from liushou_desk.ui.background import BackgroundTask

        assert self.archive is not None
        folder = self.prompts.choose_folder(self, "选择备份保存的位置（如 U 盘）")
        if folder is None:
            return
        db = self.archive.path
        self.backup_task = BackgroundTask(
            self,
            "正在备份并校验…",
            lambda progress: take_backup(db, tag="manual", out=folder, progress=progress),
            lambda info: self.prompts.info(self, "备份完成，已通过校验。", str(info.path)),
            lambda exc: self.prompts.error(self, "备份没有完成。", str(exc)),
        ).start()

    def restore_from_backup(self) -> None:
        from liushou_desk.ui.restore_dialog import RestoreDialog

        assert self.archive is not None
        if not self.profile_tab.confirm_leave():
            return
        dialog = RestoreDialog(self.archive.path, self.prompts, self)
        if self.exec_dialog(dialog) and dialog.chosen is not None:
            self.restore_requested.emit(dialog.chosen)

    def export_usb_archive(self) -> None:
        """导出档案（交校长）: the encrypted archive, written and verified in the background; the
        proposed password is shown once at the end."""
        from liushou_desk.io.usb_archive import propose_password
        from liushou_desk.ui.background import BackgroundTask

        assert self.archive is not None
        full = self.prompts.archive_details(self)
        if full is None:
            return
        folder = self.prompts.choose_folder(self, "把档案保存到哪里（如 U 盘）")
        if folder is None:
            return
        archive, today, password = self.archive, self.today(), propose_password()

        def work(progress):  # type: ignore[no-untyped-def]
            from liushou_desk.io.usb_archive import export_archive

            return export_archive(archive, folder, password, today, progress, full_details=full)

        self.archive_task = BackgroundTask(
            self,
            "正在导出档案（报告、成长记录卡、Excel、数据），完成后会自动校验…",
            work,
            lambda result: self.prompts.archive_password_shown(self, result.path, password),
            lambda exc: self.prompts.error(self, "档案没有导出。", str(exc)),
            cancellable=True,
            on_cancel=lambda: self.statusBar().showMessage("已取消导出档案", 5000),
        ).start()
