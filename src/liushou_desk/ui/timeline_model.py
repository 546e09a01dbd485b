"""记录时间线 model: a child's records for the term as rows (virtualised: only the rows on screen
are drawn, so a card with hundreds of records opens at once) — by default the growth card's
本学期关爱记录 in the card's own words (date, record, content as the PDF prints them), or the
records of one kind. Sensitive records are left out until the teacher reveals them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from liushou_desk.services.growth_card_model import CardRecord
from liushou_desk.services.records import RecordView

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("日期", "记录", "内容", "记录人", "备注")
_SENSITIVE = QBrush(QColor("#fff4e5"))
_KIND = QBrush(QColor("#2e7d6b"))


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all: list[CardRecord] = []
        self.rows: list[CardRecord] = []
        self.kinds: tuple[str, ...] | None = None
        self.reveal = False

    def set_records(
        self, records: Sequence[CardRecord], kinds: tuple[str, ...] | None, reveal: bool
    ) -> None:
        """``kinds`` None: the card's 本学期关爱记录; else every record of those kinds."""
        self.beginResetModel()
        self.all, self.kinds, self.reveal = list(records), kinds, reveal
        self.rows = [c for c in self.matching() if reveal or not c.record.sensitive]
        self.endResetModel()

    def matching(self) -> list[CardRecord]:
        if self.kinds is None:
            return [c for c in self.all if c.listed]
        return [c for c in self.all if c.record.kind in self.kinds]

    @property
    def hidden_sensitive(self) -> int:
        return 0 if self.reveal else sum(1 for c in self.matching() if c.record.sensitive)

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
            row = self.rows[index.row()]
            r = row.record
            col = index.column()
            if col == 0:
                return row.day
            if col == 1:
                return row.label
            if col == 2:
                return row.content or "（无摘要）"
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
        if role == Qt.ItemDataRole.BackgroundRole and self.rows[index.row()].record.sensitive:
            return _SENSITIVE
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return _KIND
        return None

    def record_at(self, row: int) -> RecordView | None:
        return self.rows[row].record if 0 <= row < len(self.rows) else None
