"""Form fields with their own error line: a Chinese message right under the field.

Every form in the app is built in code from these small views (one way throughout).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.dates import DateFormatError, parse_date
from liushou_desk.resources import resource_path
from liushou_desk.ui.calendar_popup import CalendarPopup
from liushou_desk.ui.plain_text import plain_label

ERROR_STYLE = "color: #c62828;"
EDITOR_ERROR_STYLE = "border: 1px solid #c62828;"


class Field(QWidget):
    """An editor with an error line below it. ``edited`` fires on any change by the user;
    ``committed`` when the user leaves the field."""

    edited = Signal()
    committed = Signal()

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)
        self.setFocusProxy(editor)

    def _chosen(self, *_args: object) -> None:
        """A pick made in one step (a list item, a tick): edited and committed at once."""
        self.edited.emit()
        self.committed.emit()

    def value(self) -> str:
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        raise NotImplementedError

    def set_error(self, message: str | None) -> None:
        if message:
            self.error_label.setText(message)
            self.error_label.show()
            self.editor.setStyleSheet(EDITOR_ERROR_STYLE)
            self.editor.setToolTip(message)
        else:
            self.error_label.clear()
            self.error_label.hide()
            self.editor.setStyleSheet("")
            self.editor.setToolTip("")

    @property
    def error(self) -> str:
        return self.error_label.text()


class TextField(Field):
    def __init__(self, placeholder: str = "", max_length: int = 200) -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        self.line.setMaxLength(max_length)
        super().__init__(self.line)
        self.line.textEdited.connect(self.edited)
        self.line.editingFinished.connect(self.committed)

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value: str) -> None:
        self.line.setText(value or "")
        self.line.setCursorPosition(0)


class DateField(TextField):
    """Dates are typed as text: 2015-03-08, 2015.3.8 and 2015年3月8日 are all understood; or
    picked in a calendar (the button in the field, or Alt+↓), which writes 2015-03-08."""

    def __init__(self, placeholder: str = "如 2015-03-08") -> None:
        super().__init__(placeholder, 20)
        self.popup: CalendarPopup | None = None  # made when first opened
        self.calendar_action = QAction(QIcon(str(resource_path("icons/calendar.svg"))), "", self)
        self.calendar_action.setToolTip("从日历中选择（Alt+↓）")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.line.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.line.installEventFilter(self)  # Alt+↓ and F4 open the calendar, as in a drop-down

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if event.key() == Qt.Key.Key_F4 or (alt and event.key() == Qt.Key.Key_Down):
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        try:
            current = parse_date(self.value(), allow_month=True)
        except DateFormatError:
            current = None
        self.popup.open_below(self.line, current)

    def _picked(self, day: date) -> None:
        self.set_value(day.isoformat())
        self.line.setFocus()
        self._chosen()


class ChoiceField(Field):
    """A drop-down list of fixed choices, with an empty choice first (未填)."""

    def __init__(self, choices: list[str], *, editable: bool = False) -> None:
        self.combo = QComboBox()
        self.combo.setEditable(editable)
        self.combo.addItem("")
        self.combo.addItems(choices)
        self.combo.setMinimumContentsLength(6)
        super().__init__(self.combo)
        self.combo.activated.connect(self._chosen)
        line = self.combo.lineEdit() if editable else None
        if line is not None:
            line.textEdited.connect(self.edited)
            line.editingFinished.connect(self.committed)

    def value(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: str) -> None:
        value = value or ""
        i = self.combo.findText(value, Qt.MatchFlag.MatchExactly)
        if i >= 0:
            self.combo.setCurrentIndex(i)
        elif self.combo.isEditable():
            self.combo.setEditText(value)
        else:  # a value from an older list: keep it visible rather than lose it
            self.combo.addItem(value)
            self.combo.setCurrentIndex(self.combo.count() - 1)


class MemoField(Field):
    """Several lines of free text (性格特征, 健康状况 …)."""

    def __init__(self, placeholder: str = "", height: int = 64) -> None:
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(placeholder)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(height)
        super().__init__(self.text)
        self.text.textChanged.connect(self._changed)
        self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> str:
        return self.text.toPlainText()

    def set_value(self, value: str) -> None:
        self._loading = True
        self.text.setPlainText(value or "")
        self._loading = False


class CheckField(Field):
    """A tick box that carries its own label (重要事项): a form gives its row no other label,
    so the words show once."""

    def __init__(self, label: str) -> None:
        self.check = QCheckBox(label)
        super().__init__(self.check)
        self.check.clicked.connect(self._chosen)

    def value(self) -> str:
        return "是" if self.check.isChecked() else ""

    def checked(self) -> bool:
        return self.check.isChecked()

    def set_value(self, value: str) -> None:
        self.check.setChecked(bool(value))


class SeveralField(Field):
    """Several choices of one list ticked at once (家庭经济来源, 救助帮扶情况): the value is the
    ticked words joined by 、 in the list's order; a stored word not in the list stays shown."""

    def __init__(self, choices: list[str]) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for word in choices:
            check = QCheckBox(word)
            check.clicked.connect(self._chosen)
            row.addWidget(check)
            self.checks[word] = check
        row.addStretch(1)
        if self.checks:
            box.setFocusProxy(next(iter(self.checks.values())))
        self._row = row
        super().__init__(box)

    def value(self) -> str:
        return "、".join(word for word, check in self.checks.items() if check.isChecked())

    def set_value(self, value: str) -> None:
        words = [w for w in (value or "").split("、") if w]
        for word in words:
            if word not in self.checks:  # an older word: kept visible rather than lost
                check = QCheckBox(word)
                check.clicked.connect(self._chosen)
                self._row.insertWidget(len(self.checks), check)
                self.checks[word] = check
        for word, check in self.checks.items():
            check.setChecked(word in words)


def form_grid(rows: list[tuple[str, Field]], columns: int = 2) -> QGridLayout:
    """Label/field pairs in ``columns`` columns; each label lines up with its editor, and an
    error line appearing under a field pushes only that row down."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(4)
    line_height = QLineEdit().sizeHint().height()
    for i, (text, field) in enumerate(rows):
        r, c = divmod(i, columns)
        label = plain_label(text)
        label.setBuddy(field.editor)
        one_line = isinstance(field, MemoField)
        label.setMinimumHeight(line_height if one_line else field.editor.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(label, r, c * 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(field, r, c * 2 + 1, Qt.AlignmentFlag.AlignTop)
    for c in range(columns):
        grid.setColumnStretch(c * 2 + 1, 1)
    grid.setRowStretch(grid.rowCount(), 1)
    return grid
