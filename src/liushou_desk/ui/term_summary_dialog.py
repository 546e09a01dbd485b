"""期末总结 dialog: the teacher writes the term's 工作总结, 存在问题 and 下学期打算, printed in
the term report. The counts of the term's work stand beside the boxes as a reminder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.services.term_summary import LABELS, MAX_LENGTH, TermSummary
from liushou_desk.services.terms import TermView
from liushou_desk.ui.plain_text import plain_label

HINTS = {
    "work": "本学期做了哪些关爱工作、取得了什么效果（谈心、三沟通、结对帮扶、家访、活动……）",
    "problems": "工作中遇到的困难和不足",
    "next_plans": "下学期的打算和措施",
}


class TermSummaryDialog(QDialog):
    """期末总结: three texts of one term, saved together."""

    def __init__(
        self,
        term: TermView,
        summary: TermSummary,
        reminder: str,
        save: Callable[[TermSummary], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.save = save
        self.setWindowTitle(f"期末总结 · {term.name}")
        self.resize(720, 560)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.counts: dict[str, QLabel] = {}
        tabs = QTabWidget()
        for key, label in LABELS.items():
            page = QWidget()
            box = QVBoxLayout(page)
            edit = QPlainTextEdit(getattr(summary, key))
            edit.setPlaceholderText(HINTS[key])
            count = QLabel()
            count.setStyleSheet("color: #666;")
            edit.textChanged.connect(lambda k=key: self._count(k))
            box.addWidget(edit, 1)
            box.addWidget(count)
            tabs.addTab(page, label)
            self.edits[key], self.counts[key] = edit, count
            self._count(key)
        self.tabs = tabs
        self.reminder = plain_label(reminder)
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet("background: #eef3f1; padding: 6px;")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reminder)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _count(self, key: str) -> None:
        n = len(self.edits[key].toPlainText())
        self.counts[key].setText(f"{n} / {MAX_LENGTH} 字")
        self.counts[key].setStyleSheet("color: #c62828;" if n > MAX_LENGTH else "color: #666;")

    def summary(self) -> TermSummary:
        return TermSummary(**{k: e.toPlainText() for k, e in self.edits.items()})

    def accept(self) -> None:
        """保存: all three texts or nothing; a problem keeps the dialog open at its tab."""
        try:
            self.save(self.summary())
        except ValidationFailed as failure:
            first = failure.errors[0]
            self.show_error(first.field, first.message)
            return
        super().accept()

    def show_error(self, key: str, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.tabs.setCurrentIndex(list(LABELS).index(key) if key in LABELS else 0)
