"""后台核对 (checks in the background): read-only checks the window runs once the class is on
screen — the whole 操作日志 walked — off the GUI thread and without a word, telling the teacher
only what they find wrong. They are stopped when the window is about to close (its close
event, before the window waits for its work) and before the archive is closed: no one waits
for a check."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow

from liushou_desk.ui.runner import Progress, Runner, Task

log = logging.getLogger(__name__)


class BackgroundChecks(QObject):
    """The checks running for one window."""

    def __init__(self, window: QMainWindow, runner: Runner) -> None:
        super().__init__(window)
        self.runner = runner
        self.tasks: list[Task] = []
        window.installEventFilter(self)

    def run(
        self, label: str, work: Callable[[Progress], str], found: Callable[[str], None]
    ) -> None:
        """``work(progress)`` off the GUI thread, then ``found(what)`` with what it found ("" for
        nothing); a failure is logged only; stopped at its next progress report by ``stop``."""
        task = self.runner.run(
            label,
            work,
            found,
            lambda _exc: log.warning("后台核对没有完成：%s", label),
            quiet=True,
        )
        self.tasks.append(task)
        task.finished.connect(lambda: self.tasks.remove(task))

    def stop(self) -> None:
        for task in self.tasks:
            task.cancel()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.stop()  # before the window waits for its work (even if it then stays open)
        return False
