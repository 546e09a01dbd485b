"""撤销/重做 (undo history): the last edits of this session can be undone and redone.

Qt-free: the window shows the history as 撤销/重做 menu items, and announces what each step
changed. Undoing is itself a recorded change in the archive history, never a silent rewind.
"""

from __future__ import annotations

from collections.abc import Callable

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.outcome import Undo
from liushou_desk.services.notices import Changed

LIMIT = 50


class UndoFailed(Exception):
    """A step could not be undone or redone; the message names it and why (in Chinese)."""


class UndoHistory:
    """Steps already done, newest last; undone steps wait for a redo until a new edit."""

    def __init__(self, on_change: Callable[[], None] = lambda: None) -> None:
        self._done: list[Undo] = []
        self._undone: list[Undo] = []
        self._on_change = on_change

    def push(self, step: Undo | None) -> None:
        """Record an edit that has just been made (None: nothing to record)."""
        if step is None:
            return
        self._done.append(step)
        del self._done[:-LIMIT]
        self._undone.clear()
        self._on_change()

    @property
    def undo_text(self) -> str | None:
        return self._done[-1].text if self._done else None

    @property
    def redo_text(self) -> str | None:
        return self._undone[-1].text if self._undone else None

    def undo(self) -> Changed:
        """Take the newest step back; raises UndoFailed (the step is dropped) when it cannot."""
        if not self._done:
            return Changed()
        step = self._done.pop()
        try:
            changed = self._run(step.undo, step.text, "撤销")
            self._undone.append(step)
            return changed
        finally:
            self._on_change()

    def redo(self) -> Changed:
        if not self._undone:
            return Changed()
        step = self._undone.pop()
        try:
            changed = self._run(step.redo, step.text, "重做")
            self._done.append(step)
            return changed
        finally:
            self._on_change()

    @staticmethod
    def _run(call: Callable[[], Changed], text: str, verb: str) -> Changed:
        try:
            return call()
        except ValidationFailed as exc:
            detail = "；".join(e.message for e in exc.errors)
            raise UndoFailed(f"无法{verb}“{text}”：{detail}") from exc
        except LookupError as exc:
            raise UndoFailed(f"无法{verb}“{text}”：{exc}") from exc
