"""后台任务: long work (backups, restores, later PDFs and exports) off the GUI thread, with a
progress dialog, and the result handed back on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: self.progressed.emit(done, total))
        except Exception as exc:  # handed to the GUI thread, which tells the teacher
            log.exception("后台任务失败")
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Runs ``work(progress)`` in a thread; ``on_done(result)`` or ``on_error(exc)`` runs on the
    GUI thread afterwards. A modal progress dialog shows meanwhile."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__(parent)
        self.on_done, self.on_error = on_done, on_error
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)

    def start(self) -> BackgroundTask:
        self.thread.start()
        return self

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.reset()
        self.dialog.hide()

    def _succeeded(self, result: object) -> None:
        self._end()
        self.on_done(result)
        self.finished.emit()

    def _failed(self, exc: object) -> None:
        self._end()
        self.on_error(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
        self.finished.emit()
