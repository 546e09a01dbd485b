"""从备份恢复 dialog: choose a backup by its date; the teacher sees what they go back to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.backups import BackupInfo, list_backups
from liushou_desk.ui.prompts import Prompts


class RestoreDialog(QDialog):
    """Returns the chosen backup in ``chosen`` when accepted."""

    def __init__(self, db_path: Path, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.prompts = prompts
        self.backups: list[BackupInfo] = list_backups(db_path)
        self.chosen: Path | None = None
        self.table = QTableWidget(len(self.backups), 3)
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "大小"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, b in enumerate(self.backups):
            self.table.setItem(i, 0, QTableWidgetItem(f"{b.taken_at:%Y-%m-%d %H:%M}"))
            self.table.setItem(i, 1, QTableWidgetItem(b.label))
            self.table.setItem(i, 2, QTableWidgetItem(f"{max(1, b.size // 1024)} KB"))
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        self.from_file = QPushButton("从其他位置的备份文件恢复…")
        self.from_file.clicked.connect(self._choose_file)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.backups))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(
            "恢复会让档案回到备份时的样子。恢复前，现在的档案会另存一份安全副本，不会丢失。"
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table if self.backups else QLabel("还没有备份。"))
        layout.addWidget(self.from_file)
        layout.addWidget(self.buttons)
        self.resize(480, 360)

    def selected(self) -> BackupInfo | None:
        row = self.table.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def submit(self) -> None:
        info = self.selected()
        if info is None:
            return
        if self.prompts.confirm(
            self,
            f"档案将回到 {info.taken_at:%Y年%m月%d日 %H:%M} 的状态（{info.label}）。",
            "这之后的修改会保存在安全副本中，需要时还可以再恢复回来。确定恢复吗？",
        ):
            self.chosen = info.path
            self.accept()

    def _choose_file(self) -> None:
        path = self.prompts.choose_backup_file(self)
        if path is not None and self.prompts.confirm(
            self, f"用“{path.name}”恢复档案吗？", "现在的档案会先另存一份安全副本。"
        ):
            self.chosen = path
            self.accept()
