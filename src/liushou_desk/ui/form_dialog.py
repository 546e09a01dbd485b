"""The shape every small form dialog shares: an optional hint, the fields, OK and Cancel, and
errors shown under the field they belong to."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.profile import FieldError
from liushou_desk.ui.fields import Field
from liushou_desk.ui.plain_text import plain_label


class FormDialog(QDialog):
    """Subclasses add rows to ``form`` and implement ``submit`` (accept() on success)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        hint: str = "",
        note: str = "",
        ok_text: str = "",
        min_width: int = 420,
        scrollable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if ok_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if hint:
            self.hint = plain_label(hint)
            self.hint.setWordWrap(True)
            layout.addWidget(self.hint)
        if scrollable:  # a long form scrolls inside the dialog
            body = QWidget()
            column = QVBoxLayout(body)
            column.addLayout(self.form)
            column.addStretch(1)  # extra height goes below the form, not between its rows
            self.scroller = QScrollArea()
            self.scroller.setWidgetResizable(True)
            self.scroller.setWidget(body)
            layout.addWidget(self.scroller, 1)
        else:
            layout.addLayout(self.form)
        if note:
            note_label = plain_label(note)
            note_label.setWordWrap(True)
            note_label.setStyleSheet("color: #666;")
            layout.addWidget(note_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min_width)

    def submit(self) -> None:
        raise NotImplementedError

    @staticmethod
    def place_errors(errors: list[FieldError], fields: dict[str, Field], fallback: Field) -> None:
        """Each error under its field (or ``fallback``); the first field with one gets focus."""
        for f in {*fields.values(), fallback}:
            f.set_error(None)
        first: Field | None = None
        for e in errors:
            field = fields.get(e.field, fallback)
            if not field.error:
                field.set_error(e.message)
            first = first or field
        if first is not None:
            first.setFocus()
