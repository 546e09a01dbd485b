"""班级名册 table model: named columns, sort keys, and a filter for search and class status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from liushou_desk.services.roster import RosterRow
from liushou_desk.services.search import matches, normalise_query

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PUPIL_ID_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", 90),
    Column("sex", "性别", 50),
    Column("age", "年龄", 50),
    Column("kind", "留守类型", 100),
    Column("guardian", "监护人", 120),
    Column("guardian_phone", "监护人电话", 120),
    Column("village", "村（社区）", 100),
    Column("flags", "标记", 200),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}

_LEFT_BEHIND_BG = QBrush(QColor("#fff4e5"))
_LEFT_CLASS_FG = QBrush(QColor("#8a8a8a"))


class RosterFilter(Enum):
    """Which pupils the roster shows."""

    ACTIVE = "全部在读"
    LEFT_BEHIND = "留守儿童"
    LEFT_CLASS = "已离班（转出/毕业/休学）"
    EVERYONE = "全部（含已离班）"


class RosterTableModel(QAbstractTableModel):
    """The class list; rows are plain ``RosterRow`` values from the roster service."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[RosterRow] = []

    def set_rows(self, rows: list[RosterRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, pupil_id: int) -> int | None:
        for i, r in enumerate(self.rows):
            if r.id == pupil_id:
                return i
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SORT_ROLE:
            if key == "name":
                return row.pinyin or row.name
            if key == "age":
                return row.age if row.age is not None else -1
            return self._display(row, key)
        if role == PUPIL_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.BackgroundRole and row.is_left_behind and row.is_active:
            return _LEFT_BEHIND_BG
        if role == Qt.ItemDataRole.ForegroundRole and not row.is_active:
            return _LEFT_CLASS_FG
        if role == Qt.ItemDataRole.ToolTipRole and key == "flags" and row.flags:
            return "\n".join(row.flags)
        return None

    @staticmethod
    def _display(row: RosterRow, key: str) -> str:
        if key == "age":
            return "" if row.age is None else str(row.age)
        if key == "flags":
            return "、".join(row.flags)
        if key == "kind":
            return row.kind if row.is_active else f"{row.kind}（{row.enrolment}）"
        return str(getattr(row, key))


class RosterFilterProxy(QSortFilterProxyModel):
    """Search as you type (name, pinyin, initials, 学籍号) and filter by class status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._filter = RosterFilter.ACTIVE
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(False)

    def set_query(self, text: str) -> None:
        query = normalise_query(text)
        if query != self._query:
            self.beginFilterChange()
            self._query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filter(self, which: RosterFilter) -> None:
        if which is not self._filter:
            self.beginFilterChange()
            self._filter = which
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def current_filter(self) -> RosterFilter:
        return self._filter

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RosterTableModel)
        row = model.rows[source_row]
        f = self._filter
        if f is RosterFilter.ACTIVE and not row.is_active:
            return False
        if f is RosterFilter.LEFT_BEHIND and not (row.is_active and row.is_left_behind):
            return False
        if f is RosterFilter.LEFT_CLASS and row.is_active:
            return False
        return matches(self._query, row.name, row.prefixes, row.student_number)
