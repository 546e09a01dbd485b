"""后台任务 (background work) of the main window: one runner for every use case that takes long
or writes — imports, exports, backups, PDFs, printing, restoring, encrypting.

- Work that writes (``writes=True``) waits its turn on one writer thread: never two writers at
  once, in the order asked; so does reading that must see those writes (``in_turn=True``).
  Other work runs on a thread of its own.
- A progress dialog shows meanwhile (with 取消 when ``cancellable``), unless ``quiet``.
- When the work returns an ``Outcome``, the runner announces what changed and records its undo
  step, then hands ``outcome.value`` to ``on_done`` — so "what changed" is said once, here. A
  use case run on the GUI thread (a dialog's save) goes through ``settle`` the same way.
- ``wait_idle`` blocks until every task has ended (at close: the archive is never closed under
  a running backup).
- The error boundary of every background action: a full disk, a busy archive or a file that
  cannot be read or written reaches ``on_error`` as an ``ActionFailed`` whose message says it
  in Chinese, naming what was being done (``ops.failures``); anything else as it was raised.

A worker thread touches no Qt object and never lets go of the last reference to one: it sees a
plain ``_Job`` (the work, a stop flag, the result, the progress), which the GUI thread keeps
until it has handed the result on; the GUI thread looks for finished jobs with a timer. While
work runs, Python's cycle collector waits (``GcHold``): run on a worker thread it would free
Qt wrappers there, which PySide then deletes on the GUI thread — and that crashed (SIGSEGV in
``runDeletionInMainThread``). The collector runs again on the GUI thread once all is done.
"""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, overload

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from liushou_desk.ops.failures import doing_from, translated
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services.notices import Cancelled, Changed

if TYPE_CHECKING:
    from liushou_desk.ops.undo import UndoHistory

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], None]
POLL_MS = 20


@dataclass(eq=False)
class _Job:
    """What a worker thread sees of a task: plain Python, no Qt."""

    label: str
    work: Callable[[Progress], Any]
    stop: threading.Event = field(default_factory=threading.Event)
    result: object = None
    error: BaseException | None = None
    done: int = 0  # progress, read by the GUI thread's timer
    total: int = 0


@dataclass(eq=False)
class _Mailbox:
    """Shared by the GUI thread and the workers: the jobs by number, the writes waiting their
    turn, and the numbers of the jobs that have ended."""

    jobs: dict[int, _Job] = field(default_factory=dict)
    writes: deque[int] = field(default_factory=deque)
    writer_busy: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    ended: queue.SimpleQueue[int] = field(default_factory=queue.SimpleQueue)


class GcHold:
    """Cycle collection paused while any runner has work on a worker thread (GUI thread only)."""

    busy = 0
    paused = False

    @classmethod
    def take(cls) -> None:
        if cls.busy == 0 and gc.isenabled():
            gc.disable()
            cls.paused = True
        cls.busy += 1

    @classmethod
    def give(cls) -> None:
        cls.busy -= 1
        if cls.busy == 0 and cls.paused:
            cls.paused = False
            gc.enable()

    @classmethod
    def after_startup(cls) -> None:
        """Start-up runs with collection off (``ui.app.run``); its objects live as long as the
        window, so they are frozen out of every later pass. Collection resumes now, or when
        the work already out has ended."""
        gc.freeze()
        if cls.busy:
            cls.paused = True
        else:
            gc.enable()


class _Hold:
    """One runner's share of ``GcHold``: taken once while it has work out, given back once."""

    def __init__(self) -> None:
        self.held = False

    def take(self) -> None:
        if not self.held:
            GcHold.take()
            self.held = True

    def give(self) -> None:
        if self.held:
            self.held = False
            GcHold.give()


def _report(job: _Job, done: int, total: int) -> None:
    """A job's progress: noted for the GUI thread, or ``Cancelled`` after 取消."""
    if job.stop.is_set():
        raise Cancelled
    job.done, job.total = done, total


def _work_on(box: _Mailbox, number: int) -> None:
    """Run one job on this (worker) thread; let go of it before saying it has ended."""
    job = box.jobs[number]
    try:
        if job.stop.is_set():
            raise Cancelled
        job.result = job.work(functools.partial(_report, job))
    except Cancelled as exc:
        job.error = exc
    except Exception as exc:  # handed to the GUI thread, which tells the teacher
        job.error = translated(exc, doing_from(job.label))
        if job.error is exc:
            log.exception("后台任务失败：%s", job.label)
        else:  # a full disk, a busy archive, a file it cannot write: said, no traceback
            log.warning("后台任务未完成：%s（%s）", job.label, type(exc).__name__)
    del job  # the GUI thread holds it still, and releases it there
    box.ended.put(number)


def _drain_writes(box: _Mailbox) -> None:
    """The writer: the queued writes, one after the other, until none is left."""
    while True:
        with box.lock:
            if not box.writes:
                box.writer_busy = False
                return
            number = box.writes.popleft()
        _work_on(box, number)


class Task(QObject):
    """One piece of work on its way, as the GUI thread sees it: ``cancel()`` stops it at its
    next progress report; ``finished`` is emitted once its callback has run."""

    finished = Signal()

    def __init__(
        self,
        job: _Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None,
        on_cancel: Callable[[], None] | None,
        writes: bool,
    ) -> None:
        super().__init__()
        self.job, self.label, self.writes = job, job.label, writes
        self.on_done, self.on_error, self.on_cancel = on_done, on_error, on_cancel
        self.dialog: QProgressDialog | None = None
        self.thread_: threading.Thread | None = None  # a task that does not write: its own
        self.delivered = False  # its callback ran

    def cancel(self) -> None:
        """取消: the work stops at its next progress report."""
        self.job.stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")
            self.dialog.show()


class Runner(QObject):
    """The window's background runner; see the module's docstring."""

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
        self._box = _Mailbox()
        self._tasks: dict[int, Task] = {}  # queued or running, by number (oldest first)
        self._numbers = itertools.count(1)
        self._writer: threading.Thread | None = None
        # this runner has work out: cycle collection paused — given back also when the
        # runner goes with its window while work is out (else collection would stay off)
        self._hold = hold = _Hold()
        self.destroyed.connect(lambda *_args: hold.give())
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

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
        in_turn: bool = False,
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
        in_turn: bool = False,
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
        in_turn: bool = False,
    ) -> Task:
        """Run ``work(progress)`` off the GUI thread; ``on_done(value)``, ``on_error(exc)`` or
        (after 取消) ``on_cancel()`` runs on the GUI thread afterwards. ``in_turn``: work that
        only reads but must see every write asked before it (the 待办 list after start-up's
        status check) waits its turn on the writer thread — also sparing two threads' fight
        over the interpreter, which made both slower."""
        number = next(self._numbers)
        job = _Job(label, work)
        task = Task(job, on_done, on_error, on_cancel, writes)
        if not quiet:
            task.dialog = self._dialog(task, cancellable)
        self._hold.take()
        self._tasks[number] = task
        box = self._box
        box.jobs[number] = job
        self._timer.start()
        if writes or in_turn:
            with box.lock:
                box.writes.append(number)
                start = not box.writer_busy
                box.writer_busy = True
            if start:
                self._writer = threading.Thread(target=_drain_writes, args=(box,), name="写入")
                self._writer.start()
        else:
            task.thread_ = threading.Thread(target=_work_on, args=(box, number), name="后台")
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
        for task in list(self._tasks.values()):
            if task.thread_ is not None:
                task.thread_.join()
        self._poll()

    @property
    def tasks(self) -> list[Task]:
        """The tasks queued or running, oldest first."""
        return list(self._tasks.values())

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

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

    def _poll(self) -> None:
        """The GUI thread's look at the workers: progress shown, ended jobs handed on."""
        for task in self._tasks.values():
            job = task.job
            if task.dialog is not None and job.total > 0:
                task.dialog.setMaximum(job.total)
                task.dialog.setValue(min(job.done, job.total))
        while True:
            try:
                number = self._box.ended.get_nowait()
            except queue.Empty:
                break
            self._deliver(number)
        if not self._tasks and self._hold.held:
            self._timer.stop()
            self._hold.give()

    def _deliver(self, number: int) -> None:
        task = self._tasks.pop(number)
        job = self._box.jobs.pop(number)
        task.delivered = True
        if task.thread_ is not None:
            task.thread_.join()  # past its last line already: the job was let go of there
            task.thread_ = None
        if task.dialog is not None:
            task.dialog.canceled.disconnect(task.cancel)
            task.dialog.reset()
            task.dialog.hide()
            task.dialog.deleteLater()
            task.dialog = None
        try:
            error = job.error
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
                result = job.result
                task.on_done(self.settle(result) if isinstance(result, Outcome) else result)
        finally:
            task.finished.emit()
