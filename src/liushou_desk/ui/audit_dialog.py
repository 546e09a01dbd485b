"""操作日志 dialog: the teacher reads what was done to the archive — newest first — and sees
whether the log is intact (its hash chain checked each time it opens)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ops.archive import Archive
from liushou_desk.services.audit import entries, verify

COLUMNS = ("时间", "操作人", "操作", "对象", "说明")


class AuditDialog(QDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("操作日志")
        self.resize(980, 600)
        verdict = verify(archive)
        self.verdict = QLabel(("✓ " if verdict.ok else "✗ ") + verdict.message)
        colour = "#e8f5e9; color: #1b5e20" if verdict.ok else "#ffebee; color: #b71c1c"
        self.verdict.setStyleSheet(f"background: {colour}; padding: 6px;")
        rows = entries(archive, named=True)
        self.table = QTableWidget(len(rows), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for r, e in enumerate(rows):
            for c, value in enumerate(
                (f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.target, e.detail)
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        for c, width in enumerate((150, 90, 100, 300)):
            header.resizeSection(c, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        note = QLabel(
            "记录每次修改、删除、导入、导出、打印和查看敏感记录（只记做了什么、涉及谁，不记具体内容）。"
            "日志只能追加，任何改动都会被发现。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
