"""打印登记表（附件1）: for whom (every left-behind child, the children chosen in the roster, or
the child in view), as PDF to print or as Excel for the bureau's system, whether the parents'
and guardians' 身份证号 print in full — and, before anything is made, the fields still empty
(child · field), so the teacher can fill them first or print with those cells left blank."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.form1 import MissingCell
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.participant_picker import ParticipantPicker
from liushou_desk.ui.plain_text import plain_label

PICKER_MAX = 190  # pixels: nine rows of names, the rest scrolled


@dataclass(frozen=True)
class Scope:
    """One choice of children: its words and the pupils' ids (None: every left-behind child;
    ``pick``: the children ticked in the list below)."""

    label: str
    pupil_ids: tuple[int, ...] | None
    pick: bool = False


class Form1Dialog(QDialog):
    """The choices before 附件1 is made; ``fill_pupil`` is the child to open in 五个清楚 when
    the teacher chose to fill the missing fields first."""

    def __init__(
        self,
        scopes: Sequence[Scope],
        missing_for: Callable[[tuple[int, ...] | None], list[MissingCell]],
        children: list[RosterRow],
        first: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印登记表（附件1）")
        self.scopes = list(scopes)
        self.missing_for = missing_for
        self.fill_pupil = 0
        self.missing: list[MissingCell] = []
        self.rows: list[int] = []  # the children listed, one a row

        self.scope_group = QButtonGroup(self)
        scope_row = QVBoxLayout()
        for i, scope in enumerate(self.scopes):
            button = QRadioButton(scope.label)
            self.scope_group.addButton(button, i)
            scope_row.addWidget(button)
        self.picker = ParticipantPicker(children, mark=False)
        self.picker.check(lambda _r: True)
        self.picker.left_behind_button.hide()  # every child listed here is left behind
        self.picker.changed.connect(self._picked)
        # a class of sixty in its own scroll box: the dialog stays within a 1366×768 screen
        self.picker_area = QScrollArea()
        self.picker_area.setWidgetResizable(True)
        self.picker_area.setFrameShape(QFrame.Shape.NoFrame)
        self.picker_area.setWidget(self.picker)
        self.picker_area.setFixedHeight(min(PICKER_MAX, self.picker.sizeHint().height() + 4))
        scope_row.addWidget(self.picker_area)
        if self.scopes:
            self.scope_group.button(min(first, len(self.scopes) - 1)).setChecked(True)
        self.scope_group.idToggled.connect(self._scope_toggled)

        self.format_group = QButtonGroup(self)
        self.pdf_button = QRadioButton("PDF，打印后签字盖章（每名儿童一页 A4）")
        self.xlsx_button = QRadioButton("Excel，每名儿童一行，按登记表的栏目顺序（报送系统用）")
        self.format_group.addButton(self.pdf_button)
        self.format_group.addButton(self.xlsx_button)
        self.pdf_button.setChecked(True)
        self.full_ids = QCheckBox("父母和监护人的身份证号完整打印（默认只显示前后几位）")
        self.full_ids.setToolTip("报送系统需要完整号码时再勾选；打印件用完请妥善保管。")

        self.missing_label = plain_label()
        self.missing_label.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["学生", "还没填的栏目"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().resizeSection(0, 110)
        self.table.setMinimumHeight(120)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._fill(row))

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("打印哪些儿童："))
        layout.addLayout(scope_row)
        layout.addWidget(QLabel("格式："))
        layout.addWidget(self.pdf_button)
        layout.addWidget(self.xlsx_button)
        layout.addWidget(self.full_ids)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.make_button = buttons.addButton("生成", QDialogButtonBox.ButtonRole.AcceptRole)
        self.fill_button = buttons.addButton("先去补填…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.fill_button.clicked.connect(lambda: self._fill(max(0, self.table.currentRow())))
        hint = QHBoxLayout()
        hint.addWidget(buttons)
        layout.addLayout(hint)
        self.setMinimumWidth(640)  # five columns of names without a sideways scroll
        self.resize(640, 520)
        self._refresh()

    def scope(self) -> Scope:
        return self.scopes[max(0, self.scope_group.checkedId())]

    def pupil_ids(self) -> tuple[int, ...] | None:
        """The children chosen (None: every left-behind child)."""
        scope = self.scope()
        return tuple(self.picker.ids()) if scope.pick else scope.pupil_ids

    def _picked(self) -> None:
        if self.scope().pick:
            self._refresh()

    def as_xlsx(self) -> bool:
        return self.xlsx_button.isChecked()

    def _scope_toggled(self, _id: int, on: bool) -> None:
        if on:
            self._refresh()

    def _refresh(self) -> None:
        """The empty cells of the children chosen, listed before anything is made."""
        picking = self.scope().pick if self.scopes else False
        if picking != self.picker_area.isVisibleTo(self):
            self.picker_area.setVisible(picking)
            self.adjustSize()  # room for the names (and none when they go)
        ids = self.pupil_ids() if self.scopes else ()
        self.missing = self.missing_for(ids) if ids is None or ids else []
        self.make_button.setEnabled(ids is None or bool(ids))
        by_child: dict[int, tuple[str, list[str]]] = {}
        for cell in self.missing:  # one line a child, its empty fields together
            by_child.setdefault(cell.pupil_id, (cell.name, []))[1].append(cell.field)
        self.rows = list(by_child)
        self.table.setRowCount(len(self.rows))
        for row, pupil_id in enumerate(self.rows):
            name, fields = by_child[pupil_id]
            for col, text in enumerate((name, "、".join(fields))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        children = len(self.rows)
        if self.missing:
            self.missing_label.setText(
                f"{children} 名儿童还有 {len(self.missing)} 个栏目没填。可以先去补填"
                "（双击一行打开该生的五个清楚），也可以照样生成，这些格子留空。"
            )
            self.missing_label.setStyleSheet("background: #fff4e5; padding: 6px;")
            self.make_button.setText("照样生成（空格留白）")
        else:
            self.missing_label.setText("所选儿童的登记表栏目都已填写。")
            self.missing_label.setStyleSheet("color: #2e7d32;")
            self.make_button.setText("生成")
        self.table.setVisible(bool(self.missing))
        self.fill_button.setEnabled(bool(self.missing))

    def _fill(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.fill_pupil = self.rows[row]
            self.reject()
