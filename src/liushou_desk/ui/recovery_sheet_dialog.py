"""恢复密钥单: the recovery key shown once after a password is set (and again on request), to
save as a PDF or print, and to hand to the school for safekeeping. 完成 waits until the
teacher confirms it is saved or printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.prompts import Prompts


class RecoverySheetDialog(QDialog):
    def __init__(
        self,
        recovery: str,
        db: Path,
        prompts: Prompts,
        parent: QWidget | None = None,
        *,
        first_time: bool = True,
    ) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.db = db
        self.prompts = prompts
        self.first_time = first_time
        self.saved_to: Path | None = None
        self.printed = False
        self._pdf: bytes | None = None
        self.setWindowTitle("恢复密钥单")
        lead = QLabel(
            "忘记密码、或者档案旁边的密钥文件丢失时，可以用下面的恢复密钥解锁档案。"
            "请把恢复密钥单打印出来（或保存为 PDF 后打印），交学校统一保管。"
            "有了它不需要密码也能打开档案，请像保管公章一样保管它。"
        )
        lead.setWordWrap(True)
        groups = recovery.split("-")
        shown = "\n".join("  ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))
        self.key_label = QLabel(shown)
        font = QFont("Consolas")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(20)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet(
            "background: #f3f8f6; border: 2px solid #2e7d6b; padding: 14px; color: #123;"
        )
        self.save_button = QPushButton("保存恢复密钥单（PDF）…")
        self.print_button = QPushButton("打印恢复密钥单…")
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_sheet)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        self.done_check = QCheckBox("我已保存或打印恢复密钥单，会交学校统一保管")
        self.status = plain_label()
        self.status.setStyleSheet("color: #2e7d6b;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("完成")
        self.buttons.accepted.connect(self.accept)
        if first_time:
            self.ok.setEnabled(False)
            self.done_check.toggled.connect(self.ok.setEnabled)
        else:
            self.done_check.hide()
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addWidget(self.key_label)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.done_check)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def pdf(self) -> bytes:
        if self._pdf is None:
            from liushou_desk.ops.printing import recovery_sheet

            self._pdf = recovery_sheet(
                self.recovery, self.db.name, str(self.db.parent), date.today()
            )
        return self._pdf

    def save(self) -> None:
        from liushou_desk.safe_files import write_bytes_safely

        out = self.prompts.save_pdf(self, f"恢复密钥单-{self.db.stem}.pdf")
        if out is None:
            return
        try:
            write_bytes_safely(out, self.pdf())
        except OSError as exc:
            self.prompts.error(self, f"无法保存到“{out}”。", exc.strerror or str(exc))
            return
        self.saved_to = out
        self.status.setText(f"已保存：{out}。请打印后交学校保管，不要把这个文件留在电脑上。")

    def print_sheet(self) -> None:
        from liushou_desk.ui.pdf_preview import print_pages

        printer = self.prompts.choose_printer(self)
        if printer is None:
            return
        try:
            print_pages(self.pdf(), printer, lambda done, total: None)
        except Exception as exc:  # a printer error must not lose the key on screen
            self.prompts.error(self, "打印失败。", str(exc))
            return
        self.printed = True
        self.status.setText("已发送到打印机。")

    def reject(self) -> None:
        if self.first_time and not self.done_check.isChecked():
            return  # the key is shown only now: it is not closed by accident
        super().reject()
