"""撤销/重做 in the menu: the session's undo history (``ops.undo``, Qt-free) as two menu
actions, Ctrl+Z and Ctrl+Y. What a step changes is announced; a step that cannot be taken back
is reported and dropped. (A plain history rather than QUndoStack: Python subclasses of
QUndoCommand crashed the interpreter at exit.)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from liushou_desk.ops.undo import UndoFailed, UndoHistory
from liushou_desk.services.notices import Changed


class UndoMenu:
    """撤销 and 重做 menu actions over a new, empty undo history (``history``), following it."""

    def __init__(
        self,
        parent: QObject,
        announce: Callable[[Changed], None],
        report: Callable[[str], None],
    ) -> None:
        self._announce, self._report = announce, report
        self.history = UndoHistory(self._update)
        self.undo_action = QAction("撤销", parent)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self._step(self.history.undo))
        self.redo_action = QAction("重做", parent)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(lambda: self._step(self.history.redo))
        self._update()

    def _step(self, call: Callable[[], Changed]) -> None:
        try:
            self._announce(call())
        except UndoFailed as exc:
            self._report(str(exc))

    def _update(self) -> None:
        done, undone = self.history.undo_text, self.history.redo_text
        self.undo_action.setEnabled(done is not None)
        self.undo_action.setText(f"撤销 {done}" if done else "撤销")
        self.redo_action.setEnabled(undone is not None)
        self.redo_action.setText(f"重做 {undone}" if undone else "重做")
