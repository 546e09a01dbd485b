"""计划 tab (学期关爱工作计划): the term's planned items by date — done (grey, with the day it
was done), overdue (red), today and this week (bold) — with 添加事项, 标为完成 (the record
form opens prefilled; saving it marks the item done), 修改, 删除 and 打印计划."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ui.row_list import row_list

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive
    from liushou_desk.services.care_plan import PlanEntry

HEADERS = ("日期", "星期", "事项", "名称", "对象", "负责教师", "完成情况")
WEEKDAYS = "一二三四五六日"
SHOW = ("全部", "未完成", "已过期", "已完成")
OVERDUE = QBrush(QColor("#c62828"))
DONE = QBrush(QColor("#8a8a8a"))
AnyIndex = QModelIndex | QPersistentModelIndex


def state_text(entry: PlanEntry, today: date) -> str:
    state = entry.state(today)
    if state == "done":
        return f"已完成（{entry.done_on:%m月%d日}）" if entry.done_on else "已完成"
    if state == "overdue":
        return f"已过期 {(today - entry.planned_on).days} 天"
    return {"today": "今天", "soon": "本周内"}.get(state, "尚未到期")


class PlanModel(QAbstractTableModel):
    """The plan's items as rows of seven cells (made only for the rows on screen)."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.entries: list[PlanEntry] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_entries(self, entries: list[PlanEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def text(self, row: int, column: int) -> str:
        e = self.entries[row]
        if column == 0:
            return f"{e.planned_on:%m月%d日}"
        if column == 1:
            return "周" + WEEKDAYS[e.planned_on.weekday()]
        if column == 2:
            return e.kind_word + ("（重复）" if e.series else "")
        if column == 3:
            return e.title
        if column == 4:
            return e.for_whom
        if column == 5:
            return e.teacher
        return state_text(e, self.today())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        state = self.entries[row].state(self.today())
        if role == Qt.ItemDataRole.ForegroundRole:
            return DONE if state == "done" else OVERDUE if state == "overdue" else None
        if role == Qt.ItemDataRole.FontRole and state in ("today", "soon", "overdue"):
            return self._bold if column in (0, 6) else None
        if role == Qt.ItemDataRole.ToolTipRole and self.entries[row].note:
            return self.entries[row].note
        return None


class PlanTab(QWidget):
    add_requested = Signal()
    done_requested = Signal(object)  # a PlanEntry
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    print_requested = Signal()
    record_requested = Signal(int)  # a done item's record: open it

    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.archive, self.today = archive, today
        self.all_entries: list[PlanEntry] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.show_box = QComboBox()
        self.show_box.addItems(SHOW)
        self.show_box.currentIndexChanged.connect(lambda _i: self._apply())
        self.add_button = QPushButton("添加事项…")
        self.done_button = QPushButton("标为完成…")
        self.edit_button = QPushButton("修改…")
        self.delete_button = QPushButton("删除…")
        self.print_button = QPushButton("打印计划…")
        self.add_button.clicked.connect(self.add_requested.emit)
        self.done_button.clicked.connect(lambda: self._emit(self.done_requested))
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested))
        self.print_button.clicked.connect(self.print_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("显示："))
        top.addWidget(self.show_box)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.done_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        self.model = PlanModel(today)
        self.table = row_list(self.model)
        header = self.table.horizontalHeader()
        for i, width in enumerate((80, 50, 130, 240, 200, 110)):
            header.resizeSection(i, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._buttons())
        hint = QLabel(
            "双击未完成的一项：打开对应的记录表单（已填好日期、学生和名称），保存后自动标为完成。"
        )
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.refresh()

    def refresh(self) -> None:
        from liushou_desk.services.care_plan import list_plan
        from liushou_desk.services.terms import current_term

        term = current_term(self.archive, self.today())
        self.term_end = term.end
        self.title.setText(
            f"学期关爱工作计划 — {term.name}（{term.start:%m月%d日}—{term.end:%m月%d日}）"
        )
        self.all_entries = list_plan(self.archive, term.start, term.end)
        self._apply()

    def _apply(self) -> None:
        today = self.today()
        states = [e.state(today) for e in self.all_entries]
        wanted = self.show_box.currentText()
        keep = {
            "全部": lambda s: True,
            "未完成": lambda s: s != "done",
            "已过期": lambda s: s == "overdue",
            "已完成": lambda s: s == "done",
        }[wanted]
        shown = [e for e, s in zip(self.all_entries, states, strict=True) if keep(s)]
        self.model.set_entries(shown)
        # the page opens where the work is: the first item missed, or the next one ahead
        at = next((i for i, e in enumerate(shown) if e.state(today) != "done"), None)
        if at is not None:
            self.table.scrollTo(self.model.index(at, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        done, late = states.count("done"), states.count("overdue")
        week = states.count("today") + states.count("soon")
        if not self.all_entries:
            self.summary.setText(
                "本学期还没有计划。点“添加事项…”，把活动、月会、家访、亲情视频排进日程。"
            )
        else:
            self.summary.setText(
                f"共 {len(states)} 项：已完成 {done} 项，"
                + (f"<b style='color:#c62828'>已过期 {late} 项</b>，" if late else "")
                + f"未来 7 天 {week} 项，以后 {states.count('later')} 项"
            )
        self._buttons()

    def selected(self) -> PlanEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entries[rows[0].row()]

    def select_item(self, item_id: int) -> bool:
        for i, e in enumerate(self.model.entries):
            if e.id == item_id:
                self.table.selectRow(i)
                return True
        return False

    def _buttons(self) -> None:
        entry = self.selected()
        self.done_button.setEnabled(entry is not None and not entry.done)
        self.edit_button.setEnabled(entry is not None and not entry.done)
        self.delete_button.setEnabled(entry is not None)

    def _emit(self, signal: SignalInstance) -> None:
        entry = self.selected()
        if entry is not None:
            signal.emit(entry)

    def _open(self, row: int) -> None:
        if not 0 <= row < len(self.model.entries):
            return
        entry = self.model.entries[row]
        if entry.done and entry.record_id:
            self.record_requested.emit(entry.record_id)
        elif not entry.done:
            self.done_requested.emit(entry)

    def visible_rows(self) -> list[tuple[str, ...]]:
        """The table as the teacher reads it — for tests."""
        m = self.model
        return [tuple(m.text(r, c) for c in range(len(HEADERS))) for r in range(m.rowCount())]
