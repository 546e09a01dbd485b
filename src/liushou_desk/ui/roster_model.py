"""班级名册 table model: named columns, search as you type, class-status filter and sorting.

Filtering and sorting happen on the model's own list of plain ``RosterRow`` values rather than
in a QSortFilterProxyModel: a proxy asks Python for every sort key through ``data()``, which on
a 2,000-pupil class took longer than a keystroke may (see benchmarks/bench_search.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from liushou_desk.domain.enums import LeftBehindKind
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.services.search import matches, normalise_query

Index = QModelIndex | QPersistentModelIndex

PUPIL_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _display(row: RosterRow, key: str) -> str:
    if key == "age":
        return "" if row.age is None else str(row.age)
    if key == "flags":
        return "、".join(row.flags)
    if key == "kind":
        return row.kind if row.is_active else f"{row.kind}（{row.enrolment}）"
    return str(getattr(row, key))


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    sort_key: Callable[[RosterRow], Any]


def _by(key: str) -> Callable[[RosterRow], Any]:
    return lambda r: (_display(r, key) == "", _display(r, key), r.pinyin)


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", 90, lambda r: (r.pinyin, r.name)),
    Column("sex", "性别", 50, _by("sex")),
    Column("age", "年龄", 50, lambda r: (r.age if r.age is not None else -1, r.pinyin)),
    Column("kind", "留守类型", 110, _by("kind")),
    Column("guardian", "监护人", 120, _by("guardian")),
    Column("guardian_phone", "监护人电话", 120, _by("guardian_phone")),
    Column("village", "村（社区）", 100, _by("village")),
    Column("flags", "标记", 200, _by("flags")),
    # the last contacts (read after the first paint: ``set_contacts``); sorted oldest first
    Column("last_talk", "上次谈心", 78, lambda r: r.pinyin),
    Column("last_call", "上次通话", 78, lambda r: r.pinyin),
    Column("last_visit", "上次家访", 78, lambda r: r.pinyin),
)
CONTACT_KEYS = ("last_talk", "last_call", "last_visit")

_LEFT_BEHIND_BG = QBrush(QColor("#fff4e5"))
_LEFT_CLASS_FG = QBrush(QColor("#8a8a8a"))


class RosterFilter(Enum):
    """Which pupils the roster shows."""

    ACTIVE = "全部在读"
    LEFT_BEHIND = "留守儿童"
    UNKNOWN = "待认定"  # the family's situation not known yet
    LEFT_CLASS = "已离班（转出/毕业/休学）"
    EVERYONE = "全部（含已离班）"

    def accepts(self, row: RosterRow) -> bool:
        if self is RosterFilter.ACTIVE:
            return row.is_active
        if self is RosterFilter.LEFT_BEHIND:
            return row.is_active and row.is_left_behind
        if self is RosterFilter.UNKNOWN:
            return row.is_active and row.kind == LeftBehindKind.UNKNOWN.value
        if self is RosterFilter.LEFT_CLASS:
            return not row.is_active
        return True


class RosterTableModel(QAbstractTableModel):
    """The class list. ``all_rows`` holds every pupil; ``rows`` the ones shown, in order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[RosterRow] = []
        self.rows: list[RosterRow] = []
        self.query = ""
        self.filter = RosterFilter.ACTIVE
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.contacts: dict[int, tuple[date | None, ...]] = {}  # pupil → talk, call, visit
        self._year = date.today().year  # dates of this year are shown without it
        self._bold = QFont()
        self._bold.setBold(True)  # a 重点帮扶对象's name

    # -- what is shown ----------------------------------------------------------------------
    def set_rows(self, rows: list[RosterRow]) -> None:
        self.all_rows = list(rows)
        self._sort(self.all_rows)
        self._apply()

    def set_query(self, text: str) -> bool:
        query = normalise_query(text)
        if query == self.query:
            return False
        self.query = query
        self._apply()
        return True

    def set_filter(self, which: RosterFilter) -> None:
        if which is not self.filter:
            self.filter = which
            self._apply()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every row once; searching then only filters, keeping the order."""
        self.sort_column, self.sort_order = column, order
        self._sort(self.all_rows)
        self.layoutAboutToBeChanged.emit()
        self._sort(self.rows)
        self.layoutChanged.emit()

    def set_contacts(self, contacts: dict[int, tuple[date | None, ...]]) -> None:
        """The last talk, call and visit of each pupil (columns 上次谈心 / 通话 / 家访)."""
        self.contacts = contacts
        if COLUMNS[self.sort_column].key in CONTACT_KEYS:
            self.sort(self.sort_column, self.sort_order)
        elif self.rows:
            first = len(COLUMNS) - len(CONTACT_KEYS)
            self.dataChanged.emit(
                self.index(0, first), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )

    def contact(self, row: RosterRow, key: str) -> date | None:
        days = self.contacts.get(row.id)
        return days[CONTACT_KEYS.index(key)] if days else None

    def _sort(self, rows: list[RosterRow]) -> None:
        key = COLUMNS[self.sort_column].key
        if key in CONTACT_KEYS:  # never first, then the longest ago
            rows.sort(
                key=lambda r: (self.contact(r, key) or date.min, r.pinyin),
                reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
            )
            return
        rows.sort(
            key=COLUMNS[self.sort_column].sort_key,
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _apply(self) -> None:
        q, f = self.query, self.filter
        shown = [
            r
            for r in self.all_rows
            if f.accepts(r) and matches(q, r.name, r.prefixes, r.student_number)
        ]
        self.beginResetModel()
        self.rows = shown
        self.endResetModel()

    def row_of(self, pupil_id: int) -> int | None:
        """Position of the pupil among the rows shown (None when hidden)."""
        for i, r in enumerate(self.rows):
            if r.id == pupil_id:
                return i
        return None

    def find(self, pupil_id: int) -> RosterRow | None:
        """The pupil's row, shown or not."""
        return next((r for r in self.all_rows if r.id == pupil_id), None)

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every cell and role on each paint: the common roles first, no extra work.
        if role == Qt.ItemDataRole.DisplayRole:
            key = COLUMNS[index.column()].key
            if key in CONTACT_KEYS:
                day = self.contact(self.rows[index.row()], key)
                return (
                    f"{day:%m-%d}"
                    if day and day.year == self._year
                    else (f"{day:%Y-%m-%d}" if day else ("—" if self.contacts else ""))
                )
            return _display(self.rows[index.row()], key)
        if role == Qt.ItemDataRole.FontRole:
            row = self.rows[index.row()]
            return self._bold if row.focus and index.column() == 0 else None
        if role == Qt.ItemDataRole.BackgroundRole:
            row = self.rows[index.row()]
            return _LEFT_BEHIND_BG if row.is_left_behind and row.is_active else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if self.rows[index.row()].is_active else _LEFT_CLASS_FG
        if role == PUPIL_ID_ROLE:
            return self.rows[index.row()].id
        if role == Qt.ItemDataRole.ToolTipRole:
            flags = self.rows[index.row()].flags
            return "\n".join(flags) if flags else None
        return None
