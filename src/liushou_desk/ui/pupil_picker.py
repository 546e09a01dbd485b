"""选择学生 (the pupil picker): a small dialog that asks which child an action is for, when no
child is highlighted where the teacher is looking — never a guess. The class list with the
roster's own search (name, pinyin, initials such as zzh, 学籍号: ``ui.roster_model``); a search
with one hit highlights it, ↑ ↓ move, Enter takes the highlighted child."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.roster_model import COLUMNS, PUPIL_ID_ROLE, RosterFilter, RosterTableModel
from liushou_desk.ui.row_list import row_list

SHOWN_COLUMNS = ("name", "sex", "age", "kind", "village")  # enough to tell two 张子涵 apart
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


class PupilPicker(QDialog):
    """Asks which child: ``chosen`` holds the pupil's id once accepted (0 before)."""

    def __init__(
        self,
        rows: list[RosterRow],
        question: str,
        *,
        title: str = "选择学生",
        note: str = "",
        everyone: bool = False,
        current: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        """``everyone``: pupils who left the class too (greyed, as in the roster); ``current``:
        the child highlighted at first (0: nobody — the teacher picks)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.chosen = 0
        self.model = RosterTableModel(self)  # the roster's rows, search and order
        self.model.filter = RosterFilter.EVERYONE if everyone else RosterFilter.ACTIVE
        self.model.set_rows(rows)

        self.question = plain_label(question)
        self.question.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.note = plain_label(note)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b26a00;")
        self.note.setVisible(bool(note))
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音或首字母（如 zzh）、学籍号")
        self.search.setClearButtonEnabled(True)
        self.table = row_list(self.model)
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, col.width)
            self.table.setColumnHidden(i, col.key not in SHOWN_COLUMNS)
        header.setSectionResizeMode(
            max(i for i, c in enumerate(COLUMNS) if c.key in SHOWN_COLUMNS),
            QHeaderView.ResizeMode.Stretch,
        )
        self.count = QLabel()
        self.count.setStyleSheet("color: #666;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("就是这名学生")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        hint = QLabel("↑ ↓ 选择，回车确定；也可以双击姓名。")
        hint.setStyleSheet("color: #666;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.note)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(520, 480)  # fits 1366×768 with room to spare

        self.search.textChanged.connect(self._on_query)
        self.search.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda _index: self._take())
        self.buttons.accepted.connect(self._take)
        self.buttons.rejected.connect(self.reject)
        self._highlighted = 0
        self.highlight(current)
        self._after_query()
        self.search.setFocus()

    # -- what the teacher does --------------------------------------------------------------
    def type_query(self, text: str) -> None:
        self.search.setText(text)

    def visible_names(self) -> list[str]:
        return [r.name for r in self.model.rows]

    def highlighted(self) -> RosterRow | None:
        i = self.model.row_of(self._highlighted) if self._highlighted else None
        return self.model.rows[i] if i is not None else None

    def highlight(self, pupil_id: int) -> None:
        i = self.model.row_of(pupil_id)
        if i is None:
            return
        index = self.model.index(i, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    # -- reactions --------------------------------------------------------------------------
    def _on_query(self, text: str) -> None:
        if self.model.set_query(text):
            self._after_query()

    def _after_query(self) -> None:
        rows = self.model.rows
        if len(rows) == 1:  # one hit: that child, highlighted
            self.highlight(rows[0].id)
        elif self._highlighted and self.model.row_of(self._highlighted) is not None:
            self.highlight(self._highlighted)  # still shown: still highlighted
        else:
            self._highlighted = 0
        if not rows:
            self.count.setText("没有找到这名学生。换个写法试试（姓名、拼音或首字母）。")
        elif not self.model.query:
            self.count.setText(f"共 {len(rows)} 人")
        else:
            self.count.setText(f"找到 {len(rows)} 人")
        self._update_ok()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._highlighted = int(current.data(PUPIL_ID_ROLE)) if current.isValid() else 0
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.highlighted() is not None)

    def _take(self) -> None:
        row = self.highlighted()
        if row is None:
            return  # nobody highlighted: nothing is guessed
        self.chosen = row.id
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box: ↑ ↓ (and the page keys) move the highlight, Enter takes it."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._take()  # the highlighted child, or nothing
                return True
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None and self.model.rows:
                here = self.model.row_of(self._highlighted) if self._highlighted else None
                if here is None:
                    there = 0 if step > 0 else len(self.model.rows) - 1
                else:
                    there = max(0, min(len(self.model.rows) - 1, here + step))
                self.highlight(self.model.rows[there].id)
                return True
        return super().eventFilter(watched, event)


def pick_pupil(
    rows: list[RosterRow],
    question: str,
    exec_dialog: Callable[[QDialog], bool],
    parent: QWidget | None,
    *,
    title: str = "选择学生",
    note: str = "",
    everyone: bool = False,
    current: int = 0,
) -> int:
    """Ask which child (the pupils in school; ``everyone``: those who left too); 0 when the
    teacher cancels."""
    picker = PupilPicker(
        rows, question, title=title, note=note, everyone=everyone, current=current, parent=parent
    )
    if not exec_dialog(picker):
        return 0
    return picker.chosen
