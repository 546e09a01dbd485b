"""批量填写父母外出情况 (the parents' situation for the whole class in one pass): one row per
pupil in class — 待认定 first, "只显示待认定" ticked when there are any — with the father's and
mother's 现状 (a list), 务工地 and 外出时间 (typed), and the 认定结果 the 留守认定 rule gives the
row, recomputed at every change. 保存 checks the rows changed (a problem names the child and the
field, its cell turns red, nothing is written) and closes; the window writes them through its
runner (``ui.controllers.families``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.eligibility import Assessment
from liushou_desk.domain.enums import LeftBehindKind, ParentSituation
from liushou_desk.domain.profile import field_label
from liushou_desk.ops.families import (
    FamilyLine,
    FamilyProblem,
    FamilyRow,
    ParentEntry,
    check,
    check_row,
    preview,
)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    who: str  # father / mother ("" for 姓名 and 认定结果)
    part: str  # situation / place / away_since
    width: int


COLUMNS = (
    Column("姓名", "", "name", 84),
    Column("父亲现状", "father", "situation", 112),
    Column("父亲务工地", "father", "place", 132),
    Column("父亲外出时间", "father", "away_since", 106),
    Column("母亲现状", "mother", "situation", 112),
    Column("母亲务工地", "mother", "place", 132),
    Column("母亲外出时间", "mother", "away_since", 106),
    Column("认定结果（随填随变）", "", "result", 300),
)
RESULT = len(COLUMNS) - 1
FIELD_OF = {"situation": "situation", "place": "work_city", "away_since": "away_since"}
PLACEHOLDER = {"place": "如 广东省东莞市", "away_since": "如 2024-03"}

ERROR_BG = QBrush(QColor("#fde7e7"))
EDITED_BG = QBrush(QColor("#e8f1fb"))
ERROR_FG = QBrush(QColor("#c62828"))
UNKNOWN_FG = QBrush(QColor("#b26a00"))
LEFT_BEHIND_FG = QBrush(QColor("#1d5fa8"))
MUTED_FG = QBrush(QColor("#888888"))


class _Line:
    """One pupil's row in the grid: as loaded, as edited, its problems and the rule's result."""

    def __init__(self, line: FamilyLine, today: date) -> None:
        self.original = line.row
        self.row = line.row
        self.was_unknown = line.unknown
        self.override_kind = line.override_kind
        self.today = today
        self.problems: list[FamilyProblem] = []
        self.result: Assessment = preview(self.row, today)

    @property
    def edited(self) -> bool:
        return self.row != self.original

    def set(self, who: str, part: str, text: str) -> None:
        entry = self.row.parent(who)
        original = self.original.parent(who)
        if part == "place":
            entry = entry.with_place(text, original)
        elif part == "situation":
            away = not text or text == ParentSituation.AWAY.value  # a date only for one away
            since = entry.away_since if away else ""
            entry = ParentEntry(text, entry.work_province, entry.work_city, since)
        else:
            entry = ParentEntry(entry.situation, entry.work_province, entry.work_city, text)
        self.row = self.row.with_parent(who, entry)
        self.recheck()

    def recheck(self) -> None:
        self.problems = check_row(self.row, self.today)[1] if self.edited else []
        self.result = preview(self.row, self.today)

    def problem_at(self, who: str, part: str) -> str:
        field = f"{who}.{FIELD_OF.get(part, part)}"
        places = (f"{who}.work_province", f"{who}.work_city")
        return "；".join(
            p.message
            for p in self.problems
            if p.field == field or (part == "place" and p.field in places)
        )

    def result_text(self) -> str:
        if self.problems:
            return "⚠ " + "；".join(f"{field_label(p.field)}：{p.message}" for p in self.problems)
        text = self.result.kind.value
        if self.result.summary:
            text += f"：{self.result.summary}"
        if self.override_kind:
            text += f"（人工认定“{self.override_kind}”仍然有效）"
        return text


class FamilyGridModel(QAbstractTableModel):
    """The grid's rows; editing a cell recomputes that row's 认定结果 at once."""

    def __init__(self, lines: list[FamilyLine], today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines = [_Line(line, today) for line in lines]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()].who:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def text(self, line: _Line, col: Column) -> str:
        if col.part == "name":
            return line.row.name
        if col.part == "result":
            return line.result_text()
        entry = line.row.parent(col.who)
        if col.part == "place":
            return entry.place
        return getattr(entry, col.part)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line, col = self.lines[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(line, col)
        problem = line.problem_at(col.who, col.part) if col.who else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if problem:
                return ERROR_BG
            if col.who and self.text(line, col) != self._original_text(line, col):
                return EDITED_BG
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col.part == "result":
            if line.problems:
                return ERROR_FG
            kind = line.result.kind
            if kind is LeftBehindKind.UNKNOWN:
                return UNKNOWN_FG
            return LEFT_BEHIND_FG if kind.is_left_behind else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            if col.part == "result":
                return line.result_text()
            if col.part in PLACEHOLDER:
                return PLACEHOLDER[col.part]
        if role == Qt.ItemDataRole.FontRole and col.part == "name" and line.edited:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    def _original_text(self, line: _Line, col: Column) -> str:
        entry = line.original.parent(col.who)
        return entry.place if col.part == "place" else getattr(entry, col.part)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        col = COLUMNS[index.column()]
        if role != Qt.ItemDataRole.EditRole or not col.who:
            return False
        line = self.lines[index.row()]
        text = str(value or "")
        if text == self.text(line, col):
            return False
        line.set(col.who, col.part, text)
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, RESULT))
        return True

    def edited_rows(self) -> list[FamilyRow]:
        return [line.row for line in self.lines if line.edited]

    def restore(self, rows: list[FamilyRow]) -> None:
        """Rows the teacher had typed (a save that failed): shown again as edited."""
        by_id = {row.pupil_id: row for row in rows}
        self.beginResetModel()
        for line in self.lines:
            if line.row.pupil_id in by_id:
                line.row = by_id[line.row.pupil_id]
                line.recheck()
        self.endResetModel()

    def show_problems(self, problems: list[FamilyProblem]) -> None:
        found: dict[int, list[FamilyProblem]] = {}
        for p in problems:
            found.setdefault(p.pupil_id, []).append(p)
        for i, line in enumerate(self.lines):
            line.problems = found.get(line.row.pupil_id, [])
            self.dataChanged.emit(self.index(i, 0), self.index(i, RESULT))


class FamilyDelegate(QStyledItemDelegate):
    """现状 from the list; 务工地 and 外出时间 typed — each change goes to the row at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        col = COLUMNS[index.column()]
        if col.part == "situation":
            combo = QComboBox(parent)
            combo.addItems(["", *ParentSituation.labels()])
            combo.activated.connect(lambda _i, c=combo: self._chosen(c))
            return combo
        line = QLineEdit(parent)
        line.setPlaceholderText(PLACEHOLDER.get(col.part, ""))
        line.setMaxLength(40 if col.part == "place" else 20)
        line.textEdited.connect(lambda _t, e=line: self.commitData.emit(e))
        return line

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)


class FamilyGridDialog(QDialog):
    """批量填写父母外出情况; ``edited_rows()`` once accepted."""

    def __init__(
        self,
        lines: list[FamilyLine],
        today: date,
        confirm: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("批量填写父母外出情况")
        self.today, self.confirm = today, confirm
        self.model = FamilyGridModel(lines, today, self)
        unknown = sum(1 for line in lines if line.unknown)
        summary = QLabel(
            f"在读 {len(lines)} 人，其中 <b style='color:#b26a00'>{unknown} 人待认定</b>"
            "（父母外出情况未填）。"
            if unknown
            else f"在读 {len(lines)} 人，父母外出情况都已填写；可在这里逐行核对、修改。"
        )
        hint = QLabel(
            "点单元格填写：现状从列表中选；务工地写省和市（如 广东省东莞市）；外出时间写到月即可"
            "（如 2024-03）。右侧的认定结果随填随变，按“外出务工满3个月”的规则计算。"
            "只保存改动过的学生（姓名加粗）。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.only_unknown = QCheckBox("只显示待认定")
        self.only_unknown.setChecked(unknown > 0)
        self.only_unknown.toggled.connect(self._filter)
        top = QHBoxLayout()
        top.addWidget(summary, 1)
        top.addWidget(self.only_unknown)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(FamilyDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, col.width)
        header.setSectionResizeMode(RESULT, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)

        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #c62828;")
        self.problem_label.hide()
        self.empty_label = QLabel(
            "全班学生的父母外出情况都已填写。取消勾选“只显示待认定”可查看全部。"
        )
        self.empty_label.setStyleSheet("color: #777;")
        self.empty_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.resize(1260, 640)  # fits a 1366×768 screen with its taskbar and title bar
        self._filter()

    # -- what is shown ---------------------------------------------------------------------
    def _filter(self) -> None:
        only = self.only_unknown.isChecked()
        shown = 0
        for i, line in enumerate(self.model.lines):
            hide = only and not line.was_unknown and not line.edited
            self.table.setRowHidden(i, hide)
            shown += not hide
        self.empty_label.setVisible(shown == 0)

    def visible_names(self) -> list[str]:
        """The pupils shown, top to bottom (for tests)."""
        return [
            line.row.name
            for i, line in enumerate(self.model.lines)
            if not self.table.isRowHidden(i)
        ]

    def row_of(self, name: str) -> int:
        return next(i for i, line in enumerate(self.model.lines) if line.row.name == name)

    def row_of_pupil(self, pupil_id: int) -> int:
        return next(i for i, ln in enumerate(self.model.lines) if ln.row.pupil_id == pupil_id)

    def result_of(self, name: str) -> str:
        return self.model.lines[self.row_of(name)].result_text()

    def set_cell(self, name: str, column: str, text: str) -> None:
        """Type into a cell by its column title (for tests and the screenshots)."""
        col = next(i for i, c in enumerate(COLUMNS) if c.title == column)
        self.model.setData(self.model.index(self.row_of(name), col), text)

    # -- saving ----------------------------------------------------------------------------
    def edited_rows(self) -> list[FamilyRow]:
        return self.model.edited_rows()

    def restore(self, rows: list[FamilyRow]) -> None:
        self.model.restore(rows)
        self._filter()

    def save(self) -> None:
        """保存: every changed row checked; a problem is shown (child and field) and the
        dialog stays open, nothing written."""
        self.table.setCurrentIndex(QModelIndex())  # an open editor hands its text over
        _clean, problems = check(self.edited_rows(), self.today)
        self.model.show_problems(problems)
        if problems:
            shown = [p.text for p in problems[:5]]
            more = f"……共 {len(problems)} 处" if len(problems) > 5 else ""
            self.problem_label.setText("有些内容需要修改，还没有保存：\n" + "\n".join(shown) + more)
            self.problem_label.show()
            first = self.row_of_pupil(problems[0].pupil_id)
            self.table.setRowHidden(first, False)
            self.table.scrollTo(self.model.index(first, 0))
            return
        self.problem_label.hide()
        self.accept()

    def reject(self) -> None:
        if (
            self.edited_rows()
            and self.confirm is not None
            and not self.confirm("放弃这次填写的内容吗？")
        ):
            return
        super().reject()
