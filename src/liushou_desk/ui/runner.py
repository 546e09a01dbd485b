"""后台任务 (background work) of the main window: one runner for every use case that takes long
or writes — imports, exports, backups, PDFs, printing, restoring, encrypting.

- Work that writes (``writes=True``) waits its turn on one writer thread: never two writers at
  once, in the order asked. Other work runs on a thread of its own.
- A progress dialog shows meanwhile (with 取消 when ``cancellable``), unless ``quiet``.
- When the work returns an ``Outcome``, the runner announces what changed and records its undo
  step, then hands ``outcome.value`` to ``on_done`` — so "what changed" is said once, here. A
  use case run on the GUI thread (a dialog's save) goes through ``settle`` the same way.
- ``wait_idle`` blocks until every task has ended (at close: the archive is never closed under
  a running backup).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar, overload

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from liushou_desk.ops.outcome import Outcome
from liushou_desk.ops.undo import UndoHistory
from liushou_desk.services.notices import Cancelled, Changed

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], None]


class Task(QObject):
    """One piece of work on its way: ``cancel()`` stops it at its next progress report;
    ``finished`` is emitted on the GUI thread once its callback has run."""

    finished = Signal()

    def __init__(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None,
        on_cancel: Callable[[], None] | None,
        writes: bool,
    ) -> None:
        super().__init__()
        self.label, self.work, self.writes = label, work, writes
        self.on_done, self.on_error, self.on_cancel = on_done, on_error, on_cancel
        self.stop = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self.ended = False  # the work returned or raised (set on the worker thread)
        self.delivered = False  # its callback ran (GUI thread)
        self.dialog: QProgressDialog | None = None
        self.thread_: threading.Thread | None = None  # a task that does not write: its own

    def cancel(self) -> None:
        """取消: the work stops at its next progress report."""
        self.stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")
            self.dialog.show()


class Runner(QObject):
    """The window's background runner; see the module's docstring."""

    _reported = Signal(object, int, int)  # from a worker thread: task, done, total
    _ended = Signal(object)  # from a worker thread: the task has ended

    def __init__(
        self,
        parent: QWidget,
        announce: Callable[[Changed], None],
        history: UndoHistory,
        report: Callable[[str, str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._announce, self.history, self._report = announce, history, report
        self.tasks: list[Task] = []  # queued or running, oldest first
        self._lock = threading.Lock()
        self._writes: deque[Task] = deque()
        self._writer: threading.Thread | None = None
        self._writer_busy = False
        self._reported.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    # -- asking ------------------------------------------------------------------------------
    @overload
    def run(
        self,
        label: str,
        work: Callable[[Progress], Outcome[T]],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        writes: bool = False,
        cancellable: bool = False,
        on_cancel: Callable[[], None] | None = None,
        quiet: bool = False,
    ) -> Task: ...

    @overload
    def run(
        self,
        label: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        writes: bool = False,
        cancellable: bool = False,
        on_cancel: Callable[[], None] | None = None,
        quiet: bool = False,
    ) -> Task: ...

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        writes: bool = False,
        cancellable: bool = False,
        on_cancel: Callable[[], None] | None = None,
        quiet: bool = False,
    ) -> Task:
        """Run ``work(progress)`` off the GUI thread; ``on_done(value)``, ``on_error(exc)`` or
        (after 取消) ``on_cancel()`` runs on the GUI thread afterwards."""
        task = Task(label, work, on_done, on_error, on_cancel, writes)
        if not quiet:
            task.dialog = self._dialog(task, cancellable)
        self.tasks.append(task)
        if writes:
            with self._lock:
                self._writes.append(task)
                start = not self._writer_busy
                self._writer_busy = True
            if start:
                self._writer = threading.Thread(target=self._drain_writes, name="写入")
                self._writer.start()
        else:
            task.thread_ = threading.Thread(target=self._execute, args=(task,), name="后台")
            task.thread_.start()
        return task

    def settle(self, outcome: Outcome[T]) -> T:
        """A use case's outcome: what changed is announced and its undo step recorded; its
        value is handed back."""
        self._announce(outcome.changed)
        self.history.push(outcome.undo)
        return outcome.value

    def wait_idle(self) -> None:
        """Block until every task has ended, then run their callbacks (before the archive is
        closed: at close, before a restore or an encryption)."""
        while self._writer is not None and self._writer.is_alive():
            self._writer.join()  # a write asked meanwhile would have gone to this one
        for task in list(self.tasks):
            if task.thread_ is not None:
                task.thread_.join()
        for task in list(self.tasks):
            if task.ended:
                self._deliver(task)

    @property
    def busy(self) -> bool:
        return bool(self.tasks)

    # -- the worker side ------------------------------------------------------------------
    def _drain_writes(self) -> None:
        while True:
            with self._lock:
                if not self._writes:
                    self._writer_busy = False
                    return
                task = self._writes.popleft()
            self._execute(task)

    def _execute(self, task: Task) -> None:
        def progress(done: int, total: int) -> None:
            if task.stop.is_set():
                raise Cancelled
            try:
                self._reported.emit(task, done, total)
            except RuntimeError:  # the window is gone
                raise Cancelled from None

        try:
            if task.stop.is_set():
                raise Cancelled
            task.result = task.work(progress)
        except Cancelled as exc:
            task.error = exc
        except Exception as exc:  # handed to the GUI thread, which tells the teacher
            log.exception("后台任务失败：%s", task.label)
            task.error = exc
        task.ended = True
        try:
            self._ended.emit(task)
        except RuntimeError:  # the window is gone; nobody waits for the result
            log.info("后台任务结束时窗口已关闭：%s", task.label)

    # -- the GUI side --------------------------------------------------------------------------
    def _dialog(self, task: Task, cancellable: bool) -> QProgressDialog:
        dialog = QProgressDialog(task.label, "取消", 0, 0, self._parent)
        dialog.setWindowTitle("请稍候")
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(task.cancel)
        return dialog

    def _on_progress(self, task: Task, done: int, total: int) -> None:
        if task.dialog is not None and not task.delivered and total > 0:
            task.dialog.setMaximum(total)
            task.dialog.setValue(min(done, total))

    def _on_ended(self, task: Task) -> None:
        if not task.delivered:
            self._deliver(task)

    def _deliver(self, task: Task) -> None:
        task.delivered = True
        task.thread_ = None
        if task.dialog is not None:
            task.dialog.canceled.disconnect(task.cancel)
            task.dialog.reset()
            task.dialog.hide()
            task.dialog.deleteLater()
            task.dialog = None
        if task in self.tasks:
            self.tasks.remove(task)
        try:
            error = task.error
            if isinstance(error, Cancelled):
                if task.on_cancel is not None:
                    task.on_cancel()
            elif error is not None:
                exc = error if isinstance(error, Exception) else RuntimeError(str(error))
                if task.on_error is not None:
                    task.on_error(exc)
                else:
                    self._report("操作没有完成。", str(exc))
            else:
                result = task.result
                task.on_done(self.settle(result) if isinstance(result, Outcome) else result)
        finally:
            task.finished.emit()
