"""记录时间线 model: a child's records for the term as rows (virtualised: only the rows on screen
are drawn, so a card with hundreds of records opens at once). Sensitive records are left out
until the teacher reveals them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from liushou_desk.services.records import RecordView

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("日期", "类别", "内容", "记录人", "备注")
_SENSITIVE = QBrush(QColor("#fff4e5"))
_KIND = QBrush(QColor("#2e7d6b"))


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all: list[RecordView] = []
        self.rows: list[RecordView] = []
        self.kinds: tuple[str, ...] | None = None
        self.reveal = False

    def set_records(
        self, records: list[RecordView], kinds: tuple[str, ...] | None, reveal: bool
    ) -> None:
        self.beginResetModel()
        self.all, self.kinds, self.reveal = records, kinds, reveal
        self.rows = [r for r in self.matching() if reveal or not r.sensitive]
        self.endResetModel()

    def matching(self) -> list[RecordView]:
        return [r for r in self.all if self.kinds is None or r.kind in self.kinds]

    @property
    def hidden_sensitive(self) -> int:
        return 0 if self.reveal else sum(1 for r in self.matching() if r.sensitive)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            r = self.rows[index.row()]
            col = index.column()
            if col == 0:
                return f"{r.occurred_on:%Y-%m-%d}"
            if col == 1:
                return r.label
            if col == 2:
                return r.summary or "（无摘要）"
            if col == 3:
                return r.recorded_by
            notes = []
            if r.sensitive:
                notes.append("敏感")
            if r.version > 1:
                notes.append(f"已修改 {r.version - 1} 次")
            if r.participants:
                notes.append(f"全班活动，{len(r.participants)} 人参加")
            return "，".join(notes)
        if role == Qt.ItemDataRole.BackgroundRole and self.rows[index.row()].sensitive:
            return _SENSITIVE
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return _KIND
        return None

    def record_at(self, row: int) -> RecordView | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
