"""后台任务: long work (backups, restores, PDFs, exports) off the GUI thread, with a progress
dialog — with a 取消 button for work that can stop cleanly — and the result handed back on the
GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from liushou_desk.services.notices import Cancelled
from liushou_desk.ui.runner import GcHold

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        work: Callable[[Progress], Any],
        expected: tuple[type[Exception], ...] = (),
        label: str = "",
    ) -> None:
        super().__init__()
        self.work = work
        self.expected = expected  # outcomes, not errors: a wrong password
        self.label = label
        self.stop = threading.Event()

    def _progress(self, done: int, total: int) -> None:
        if self.stop.is_set():
            raise Cancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled as exc:
            self.failed.emit(exc)
        except self.expected as exc:  # the dialog says it; the log needs no traceback, and
            # never the message: it may quote what was typed (a wrong recovery key's characters)
            log.info("%s：%s", self.label or "后台任务", type(exc).__name__)
            self.failed.emit(exc)
        except Exception as exc:  # handed to the GUI thread, which tells the teacher
            log.exception("后台任务失败")
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Runs ``work(progress)`` in a thread; ``on_done(result)`` or ``on_error(exc)`` runs on the
    GUI thread afterwards. A modal progress dialog shows meanwhile; with ``cancellable`` it has
    a 取消 button, after which the next progress report raises ``Cancelled`` in the work and
    ``on_cancel`` runs instead of ``on_error``."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        cancellable: bool = False,
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_done, self.on_error, self.on_cancel = on_done, on_error, on_cancel
        self.dialog = QProgressDialog(label, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.worker_thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> BackgroundTask:
        GcHold.take()  # cycles are collected on the GUI thread only (see ui/runner.py)
        self.worker_thread.start()
        return self

    def cancel(self) -> None:
        """取消: the work stops at its next progress report."""
        self.worker.stop.set()
        self.dialog.setLabelText("正在取消…")
        self.dialog.show()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        GcHold.give()
        self.dialog.reset()
        self.dialog.hide()

    def _succeeded(self, result: object) -> None:
        self._end()
        self.on_done(result)
        self.finished.emit()

    def _failed(self, exc: object) -> None:
        self._end()
        if isinstance(exc, Cancelled):
            if self.on_cancel is not None:
                self.on_cancel()
            self.finished.emit()
            return
        self.on_error(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
        self.finished.emit()


class QuietTask(QObject):
    """Short work (a key derivation: about a second) off the GUI thread, without a progress
    dialog: the dialog that starts it shows its own busy state. ``on_done(result)`` or
    ``on_error(exc)`` runs on the GUI thread. An ``expected`` exception (a wrong password) is
    an outcome, logged at INFO under ``label`` by its kind only — an ERROR with a traceback is
    for what went wrong."""

    def __init__(
        self,
        parent: QObject,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        expected: tuple[type[Exception], ...] = (),
        label: str = "",
    ) -> None:
        super().__init__(parent)
        self.on_done, self.on_error = on_done, on_error
        self.worker_thread = QThread(self)
        self.worker = _Worker(lambda _progress: work(), expected, label)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)

    def start(self) -> QuietTask:
        GcHold.take()
        self.worker_thread.start()
        return self

    @property
    def running(self) -> bool:
        return self.worker_thread.isRunning()

    def _end(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        GcHold.give()

    def _succeeded(self, result: object) -> None:
        self._end()
        self.on_done(result)

    def _failed(self, exc: object) -> None:
        self._end()
        self.on_error(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
