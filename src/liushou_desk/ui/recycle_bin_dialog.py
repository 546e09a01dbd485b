"""回收站 dialog: pupils and records moved to the recycle bin, with restore."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

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

from liushou_desk.ops import pupils
from liushou_desk.ops import records as record_ops
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services import records, roster

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


@dataclass(frozen=True)
class _Entry:
    what: str  # "pupil" or "record"
    id: int
    kind: str
    text: str
    pupil: str
    deleted_at: datetime


class RecycleBinDialog(QDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.archive = archive
        self.restored: list[Outcome[None]] = []  # what changed, and how to undo, per restore
        self.entries: list[_Entry] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["类别", "内容", "学生", "删除时间"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.restore_button = QPushButton("恢复所选")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.empty = QLabel("回收站是空的。")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("删除的学生和记录都在这里，恢复后原样回到档案中。"))
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.restore_button)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.reload()

    def reload(self) -> None:
        names = {r.id: r.name for r in roster.list_roster(self.archive, datetime.now().date())}
        pupils = [
            _Entry("pupil", p.id, "学生", p.name, p.name, p.deleted_at)
            for p in roster.list_deleted(self.archive)
        ]
        recs = [
            _Entry(
                "record",
                r.id,
                r.label,
                r.summary[:60],
                names.get(r.pupil_id or 0, "全班"),
                r.deleted_at or datetime.min,
            )
            for r in records.list_deleted_records(self.archive)
            if r.parent_id is None or r.kind not in ("plan_check", "iep_review")
        ]
        self.entries = sorted([*pupils, *recs], key=lambda e: e.deleted_at, reverse=True)
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            for col, text in enumerate((e.kind, e.text, e.pupil, f"{e.deleted_at:%Y-%m-%d %H:%M}")):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self.entries)
        self.table.setVisible(bool(self.entries))
        self.restore_button.setEnabled(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        if e.what == "pupil":
            outcome = pupils.restore_from_recycle_bin(self.archive, e.id, e.text)
        else:
            outcome = record_ops.restore_record(self.archive, e.id)
        self.restored.append(outcome)
        self.reload()
