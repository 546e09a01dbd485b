"""The window's background runner: writes one after the other on one worker, an Outcome
announced and its undo recorded once, 取消, errors, and wait_idle before the archive closes."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from liushou_desk.ops.outcome import Outcome, Undo
from liushou_desk.ops.undo import UndoHistory
from liushou_desk.services.notices import Changed
from liushou_desk.ui.runner import Runner


def _runner(qtbot):  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    announced: list[Changed] = []
    reported: list[str] = []
    runner = Runner(
        parent, announced.append, UndoHistory(), lambda text, detail: reported.append(text)
    )
    return runner, announced, reported


def test_two_queued_writes_run_one_after_the_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, _announced, _reported = _runner(qtbot)
    spans: dict[str, tuple[float, float]] = {}
    threads: set[int] = set()
    inside = threading.Semaphore(1)
    overlapped: list[str] = []

    def write(name: str):  # type: ignore[no-untyped-def]
        def work(_progress):  # type: ignore[no-untyped-def]
            if not inside.acquire(blocking=False):
                overlapped.append(name)
                inside.acquire()
            start = time.perf_counter()
            threads.add(threading.get_ident())
            time.sleep(0.2)
            spans[name] = (start, time.perf_counter())
            inside.release()
            return name

        return work

    done: list[str] = []
    first = runner.run("一", write("first"), done.append, writes=True, quiet=True)
    second = runner.run("二", write("second"), done.append, writes=True, quiet=True)
    assert runner.busy and runner.tasks == [first, second]
    with qtbot.waitSignal(second.finished, timeout=5000):
        pass
    assert done == ["first", "second"]
    assert overlapped == []
    assert spans["first"][1] <= spans["second"][0]  # the second began after the first ended
    assert len(threads) == 1 and threading.get_ident() not in threads  # one worker, not the GUI
    assert not runner.busy


def test_a_read_runs_beside_a_write(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, _announced, _reported = _runner(qtbot)
    release = threading.Event()
    done: list[str] = []
    runner.run("写", lambda _p: release.wait(5) and "write", done.append, writes=True, quiet=True)
    read = runner.run("读", lambda _p: "read", done.append, quiet=True)
    with qtbot.waitSignal(read.finished, timeout=5000):
        pass
    assert done == ["read"]  # the read did not wait for the write
    release.set()
    qtbot.waitUntil(lambda: done == ["read", "write"], timeout=5000)


def test_an_outcome_is_announced_and_its_undo_recorded(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, announced, _reported = _runner(qtbot)
    change = Changed(frozenset({3}), roster=True, message="已导入")
    undone = Changed(frozenset({3}), roster=True, message="已撤销")
    step = Undo("导入名册", lambda: change, lambda: undone)
    values: list[int] = []
    task = runner.run("正在导入…", lambda _p: Outcome(12, change, step), values.append, writes=True)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert values == [12] and announced == [change]
    assert runner.history.undo_text == "导入名册"
    assert runner.history.undo() == undone


def test_errors_and_cancel_reach_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, announced, reported = _runner(qtbot)

    def fail(_progress):  # type: ignore[no-untyped-def]
        raise OSError("磁盘已满")

    errors: list[str] = []
    task = runner.run("正在导出…", fail, lambda _v: None, lambda exc: errors.append(str(exc)))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert errors == ["磁盘已满"]
    task = runner.run("正在导出…", fail, lambda _v: None)  # no on_error: the teacher is told
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert reported == ["操作没有完成。"]

    started = threading.Event()

    def long(progress):  # type: ignore[no-untyped-def]
        started.set()
        for i in range(500):
            progress(i, 500)
            time.sleep(0.01)
        return "made"

    cancelled: list[bool] = []
    task = runner.run(
        "正在生成…",
        long,
        lambda _v: None,
        cancellable=True,
        on_cancel=lambda: cancelled.append(True),
    )
    assert started.wait(5)
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert cancelled == [True] and announced == []


def test_wait_idle_returns_after_the_queued_writes(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, _announced, _reported = _runner(qtbot)
    done: list[str] = []
    for name in ("备份", "导入", "清除"):
        runner.run(name, lambda _p, n=name: time.sleep(0.05) or n, done.append, writes=True)
    runner.wait_idle()  # no event loop: the callbacks ran inside wait_idle
    assert done == ["备份", "导入", "清除"] and not runner.busy


def test_cycles_are_collected_on_the_gui_thread_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    """While work is out on a worker thread the cycle collector waits: run there, it would
    free Qt wrappers off the GUI thread (PySide then crashed deleting them)."""
    import gc

    runner, _announced, _reported = _runner(qtbot)
    # work an earlier test left out in this process is handed on once events are processed
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    release = threading.Event()
    seen: list[bool] = []
    task = runner.run(
        "写",
        lambda _p: release.wait(5) and seen.append(gc.isenabled()),
        lambda _v: None,
        quiet=True,
    )
    assert not gc.isenabled()
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == [False] and gc.isenabled()


def test_a_runner_gone_with_its_window_gives_collection_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A window deleted while its work is out (never in the app: it waits at close and before
    a restore) does not leave the cycle collector off for the rest of the session."""
    import gc

    from liushou_desk.ui.runner import GcHold

    parent = QWidget()
    runner = Runner(parent, lambda _c: None, UndoHistory(), lambda _t, _d: None)
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    before = GcHold.busy
    release = threading.Event()
    runner.run("读", lambda _p: release.wait(5), lambda _v: None, quiet=True)
    assert not gc.isenabled() and GcHold.busy == before + 1
    with qtbot.waitSignal(runner.destroyed, timeout=5000):
        parent.deleteLater()
    release.set()
    assert GcHold.busy == before and gc.isenabled()
