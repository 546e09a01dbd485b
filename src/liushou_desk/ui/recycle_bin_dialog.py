"""回收站 dialog: pupils moved to the recycle bin, with restore."""

from __future__ import annotations

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

from liushou_desk.db.engine import Archive
from liushou_desk.services import roster
from liushou_desk.services.notices import Changed


class RecycleBinDialog(QDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.archive = archive
        self.restored: list[tuple[int, Changed]] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["姓名", "在读状态", "移入回收站的时间"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.restore_button = QPushButton("恢复所选学生")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.empty = QLabel("回收站是空的。")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("移入回收站的学生，档案和全部记录都还在，恢复后原样回到名册。"))
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.restore_button)
        layout.addWidget(buttons)
        self.resize(460, 320)
        self.reload()

    def reload(self) -> None:
        deleted = roster.list_deleted(self.archive)
        self.table.setRowCount(len(deleted))
        for i, d in enumerate(deleted):
            name = QTableWidgetItem(d.name)
            name.setData(256, d.id)
            self.table.setItem(i, 0, name)
            self.table.setItem(i, 1, QTableWidgetItem(d.enrolment))
            self.table.setItem(i, 2, QTableWidgetItem(f"{d.deleted_at:%Y-%m-%d %H:%M}"))
        self.empty.setVisible(not deleted)
        self.table.setVisible(bool(deleted))
        self.restore_button.setEnabled(bool(deleted))
        if deleted:
            self.table.selectRow(0)

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        pupil_id = int(self.table.item(row, 0).data(256))
        self.restored.append((pupil_id, roster.restore_pupil(self.archive, pupil_id)))
        self.reload()
