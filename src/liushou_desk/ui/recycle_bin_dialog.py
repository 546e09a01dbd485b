"""回收站 dialog: pupils and records moved to the recycle bin, with restore."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
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
    text: str  # the pupil's name, or the record's summary
    pupil: str
    deleted_at: datetime

    @property
    def shown(self) -> str:
        """内容 as the table shows it: one line."""
        if self.what == "pupil":
            return "学生档案（连同其全部记录）"
        return " ".join(self.text.split())


COLUMNS = ["学生", "类别", "删除时间", "内容"]  # whose it is first: never off the screen
SPARE = 16  # beside a short column's words
CONTENT = 3  # the one column that takes the rest of the width (long text elided, in a tip)


class RecycleBinDialog(QDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.archive = archive
        self.restored: list[Outcome[None]] = []  # what changed, and how to undo, per restore
        self.entries: list[_Entry] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # a long summary ends in "…"; the tip has all of it
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(CONTENT, QHeaderView.ResizeMode.Stretch)
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
        self.resize(900, 440)  # fits a 1366×768 screen with its taskbar
        self.reload()

    def reload(self) -> None:
        names = {r.id: r.name for r in roster.list_roster(self.archive, datetime.now().date())}
        deleted = roster.list_deleted(self.archive)
        names.update({p.id: p.name for p in deleted})  # a record of a child in the bin too
        pupils = [_Entry("pupil", p.id, "学生", p.name, p.name, p.deleted_at) for p in deleted]
        recs = [
            _Entry(
                "record",
                r.id,
                r.label,
                r.summary,
                names.get(r.pupil_id or 0, "全班"),
                r.deleted_at or datetime.min,
            )
            for r in records.list_deleted_records(self.archive)
            if r.parent_id is None or r.kind not in ("plan_check", "iep_review")
        ]
        self.entries = sorted([*pupils, *recs], key=lambda e: e.deleted_at, reverse=True)
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            when = f"{e.deleted_at:%Y-%m-%d %H:%M}"
            for col, text in enumerate((e.pupil, e.kind, when, e.shown)):
                item = QTableWidgetItem(text)
                if col == CONTENT and e.what == "record":
                    item.setToolTip(f"<p>{html.escape(e.text[:500])}</p>")  # wrapped
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for c in range(CONTENT):  # the short columns sized to their words, with a little air
            header.resizeSection(c, header.sectionSize(c) + SPARE)
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
