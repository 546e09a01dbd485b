"""撤销: the last edits of this session can be undone (Ctrl+Z) and redone (Ctrl+Y).

Each step is a pair of service calls — what was done and how to take it back — so undoing is
itself a recorded change in the archive history, never a silent rewind. (A plain Python list
rather than QUndoStack: Python subclasses of QUndoCommand crashed the interpreter at exit.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.services.notices import Changed

Call = Callable[[], Changed]
LIMIT = 50


@dataclass(frozen=True)
class Step:
    text: str
    redo: Call
    undo: Call


class UndoHistory(QObject):
    """Steps already done, newest last; undone steps wait for a redo until a new edit."""

    changed = Signal()

    def __init__(
        self,
        announce: Callable[[Changed], None],
        report: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._announce, self._report = announce, report
        self._done: list[Step] = []
        self._undone: list[Step] = []

    def push(self, text: str, redo: Call, undo: Call) -> None:
        """Record an edit that has just been made."""
        self._done.append(Step(text, redo, undo))
        del self._done[:-LIMIT]
        self._undone.clear()
        self.changed.emit()

    def undo(self) -> None:
        if self._done:
            step = self._done.pop()
            if self._run(step.undo, step.text, "撤销"):
                self._undone.append(step)
            self.changed.emit()

    def redo(self) -> None:
        if self._undone:
            step = self._undone.pop()
            if self._run(step.redo, step.text, "重做"):
                self._done.append(step)
            self.changed.emit()

    def _run(self, call: Call, text: str, verb: str) -> bool:
        try:
            self._announce(call())
        except (ValidationFailed, LookupError) as exc:
            detail = (
                "；".join(e.message for e in exc.errors)
                if isinstance(exc, ValidationFailed)
                else str(exc)
            )
            self._report(f"无法{verb}“{text}”：{detail}")
            return False
        return True

    def actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """撤销 and 重做 menu actions that follow the history."""
        undo = QAction("撤销", parent)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.undo)
        redo = QAction("重做", parent)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.triggered.connect(self.redo)

        def update() -> None:
            undo.setEnabled(bool(self._done))
            undo.setText(f"撤销 {self._done[-1].text}" if self._done else "撤销")
            redo.setEnabled(bool(self._undone))
            redo.setText(f"重做 {self._undone[-1].text}" if self._undone else "重做")

        self.changed.connect(update)
        update()
        return undo, redo
