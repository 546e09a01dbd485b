"""Every modal question behind a small method, so tests replace the method, not QMessageBox.

File dialogs start in 文档 or 桌面 and remember the last folder of each purpose
(``ui/file_dialogs.py``); tests replace ``run_file_dialog``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from liushou_desk import APP_TITLE
from liushou_desk.ui.file_dialogs import FolderMemory, Purpose, file_dialog


def message_box(icon: QMessageBox.Icon, text: str, parent: QWidget | None) -> QMessageBox:
    """A message box that shows its text as typed: a child's name, a school name from a file or
    an error's text is never read as HTML (a ``<img>`` in a name stays those characters)."""
    box = QMessageBox(icon, APP_TITLE, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # also the informative text, set after this
    return box


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Prompts:
    """The questions the app asks the teacher."""

    _folders: FolderMemory | None = None

    @property
    def folders(self) -> FolderMemory:
        """The last folder of each purpose (made when first needed)."""
        if self._folders is None:
            self._folders = FolderMemory()
        return self._folders

    def run_file_dialog(self, dialog: QFileDialog) -> Path | None:
        """Run a file dialog modally: the path chosen, or None when cancelled."""
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen and chosen[0] else None

    def _ask_path(
        self,
        purpose: Purpose,
        parent: QWidget | None,
        title: str,
        filters: str = "",
        *,
        suggested: str = "",
        save: bool = False,
        folder: bool = False,
    ) -> Path | None:
        """A file dialog opening where ``purpose`` was last used; the folder of what is chosen
        is remembered for the next time (never the file's name)."""
        start = self.folders.start(purpose)
        if suggested:
            start = start / Path(suggested).name
        dialog = file_dialog(parent, title, start, filters, save=save, folder=folder)
        chosen = self.run_file_dialog(dialog)
        if chosen is not None:
            self.folders.remember(purpose, chosen)
        return chosen

    def unsaved_changes(self, parent: QWidget, name: str) -> SaveChoice:
        box = message_box(QMessageBox.Icon.Question, f"{name} 的档案有未保存的修改。", parent)
        box.setInformativeText("要先保存吗？")
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return SaveChoice.SAVE
        if clicked is discard:
            return SaveChoice.DISCARD
        return SaveChoice.CANCEL

    def error(self, parent: QWidget | None, text: str, detail: str = "") -> None:
        box = message_box(QMessageBox.Icon.Warning, text, parent)
        if detail:
            box.setInformativeText(detail)
        box.exec()

    def choose_attachment(self, parent: QWidget) -> Path | None:
        """A file for the 成长记录袋 (an image or a PDF)."""
        return self._ask_path(
            Purpose.PHOTO, parent, "放入成长记录袋", "图片或 PDF (*.jpg *.jpeg *.png *.bmp *.pdf)"
        )

    def choose_photo(self, parent: QWidget) -> Path | None:
        return self._ask_path(Purpose.PHOTO, parent, "选择照片", "图片 (*.jpg *.jpeg *.png *.bmp)")

    def confirm(self, parent: QWidget | None, text: str, detail: str = "") -> bool:
        box = message_box(QMessageBox.Icon.Question, text, parent)
        if detail:
            box.setInformativeText(detail)
        yes = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def choose(
        self, parent: QWidget | None, text: str, detail: str, options: list[str]
    ) -> int | None:
        """One of ``options`` (its index), or None for 取消."""
        box = message_box(QMessageBox.Icon.Question, text, parent)
        if detail:
            box.setInformativeText(detail)
        buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), None)

    def info(
        self, parent: QWidget | None, text: str, detail: str = "", *, saved: Path | None = None
    ) -> None:
        """A message; ``saved``: the file just written, and a 打开文件夹 button showing it."""
        box = message_box(QMessageBox.Icon.Information, text, parent)
        if detail:
            box.setInformativeText(detail)
        self._exec_with_folder(box, saved)

    def _exec_with_folder(self, box: QMessageBox, saved: Path | None) -> None:
        if saved is None:
            box.exec()
            return
        box.setDefaultButton(box.addButton("确定", QMessageBox.ButtonRole.AcceptRole))
        folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is folder:
            self.open_folder(saved)

    def open_folder(self, saved: Path) -> bool:
        """The folder holding ``saved``, in the system's file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        folder = saved if saved.is_dir() else saved.parent
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def choose_folder(self, parent: QWidget, title: str) -> Path | None:
        """导出档案, 备份到 U 盘: a folder, starting where the last one was put."""
        return self._ask_path(Purpose.USB, parent, title, folder=True)

    def choose_backup_file(self, parent: QWidget) -> Path | None:
        return self._ask_path(Purpose.BACKUP, parent, "选择备份文件", "档案备份 (*.sqlite)")

    def save_xlsx(self, parent: QWidget, suggested: str) -> Path | None:
        path = self._ask_path(
            Purpose.XLSX,
            parent,
            "导出 Excel",
            "Excel 工作簿 (*.xlsx)",
            suggested=suggested,
            save=True,
        )
        return _with_suffix(path, ".xlsx")

    def choose_roster_file(self, parent: QWidget) -> Path | None:
        return self._ask_path(Purpose.IMPORT, parent, "选择名册文件", "表格 (*.xlsx *.xls *.csv)")

    def save_pdf(self, parent: QWidget, suggested: str) -> Path | None:
        path = self._ask_path(
            Purpose.PDF, parent, "另存为 PDF", "PDF 文件 (*.pdf)", suggested=suggested, save=True
        )
        return _with_suffix(path, ".pdf")

    def choose_printer(self, parent: QWidget):  # type: ignore[no-untyped-def]
        """打印: the system's print dialog; a configured QPrinter, or None when cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("留守儿童关爱档案")
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer

    def open_file(self, path: Path) -> bool:
        """Open a file in the program the system uses for it (the PDF reader)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def archive_password(self, parent: QWidget, name: str) -> str | None:
        """打开档案: the password the head teacher passed on."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(
            parent,
            "输入密码",
            f"“{name}”的密码（向班主任索取；大小写、空格和短横线都不要紧）：",
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def choose_archive_file(self, parent: QWidget) -> Path | None:
        return self._ask_path(Purpose.ARCHIVE, parent, "打开档案", "班级档案 (*.zip)")

    def archive_password_shown(self, parent: QWidget, path: Path, password: str) -> None:
        """导出档案 done: the password, once, with how to pass it on."""
        box = message_box(QMessageBox.Icon.Information, "档案已导出并校验无误。", parent)
        box.setInformativeText(
            f"文件：{path}\n\n密码：{password}\n\n"
            "请当面或打电话把密码告诉校长（用 7-Zip、Bandizip 或本软件“打开档案”都要输入它）。"
            "不要把密码写在 U 盘上，也不要和 U 盘放在一起。"
        )
        self._exec_with_folder(box, path)

    def archive_details(self, parent: QWidget) -> tuple[bool, bool] | None:
        """导出档案: (full details, the 成长记录袋) — (False, False), the least data, is the
        default — or None when cancelled."""
        from liushou_desk.ui.archive_details_dialog import ArchiveDetailsDialog

        dialog = ArchiveDetailsDialog(parent)
        dialog.exec()
        return dialog.chosen

    def offer_encryption(self, parent: QWidget, name: str) -> bool:
        """A plain archive opened: encrypt it now (设置密码)?"""
        box = message_box(QMessageBox.Icon.Warning, f"档案“{name}”还没有加密。", parent)
        box.setInformativeText(
            "档案里有学生的身份证号、家庭、健康和心理状况。没有加密时，能用这台电脑或拷走"
            "档案文件的人都能看到。建议现在设置密码，把档案和备份加密保存。"
        )
        go = box.addButton("设置密码并加密…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is go

    def lock_minutes(self, parent: QWidget, current: int) -> int | None:
        """自动锁定: minutes without use before the window locks."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getInt(
            parent,
            "自动锁定",
            "多长时间不操作后自动锁定档案（分钟）：",
            current,
            1,
            120,
        )
        return value if ok else None


def _with_suffix(path: Path | None, suffix: str) -> Path | None:
    """The name typed without its ending gets it (成长记录卡 → 成长记录卡.pdf)."""
    if path is None or path.suffix.lower() == suffix:
        return path
    return path.with_name(path.name + suffix)
