"""没完成的原因 (why something did not finish), said plainly: a full disk, the archive busy with
another writer, a file that cannot be read or written — recognised wherever they surface (an
``OSError``, SQLite's own error, SQLAlchemy's wrapping of it, or an app error raised from one)
and said in Chinese, naming what was being done. The one error boundary of the command line
(``cli.main``) and of the window's background work (``ui.runner``) both speak through here.

Nothing here imports SQLAlchemy or the database driver: the errors are recognised by their
causes, so the window and ``--help`` start as fast as before.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

SQLITE_BUSY = 5
SQLITE_FULL = 13
DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
BUSY = "另一个程序正在写入这个档案，请稍后再试。"
REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "找不到这个文件或文件夹",
    errno.EROFS: "磁盘是只读的",
    errno.EIO: "读写出错，磁盘或U盘可能有问题",
    errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "文件名太长",
}


class ActionFailed(Exception):
    """Something the teacher asked for did not finish, for a reason outside the app (a full disk,
    a busy archive, a file it cannot write); the message says so in Chinese."""


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything behind it: ``__cause__``, ``__context__`` and a wrapped DB-API
    error (SQLAlchemy's ``.orig``), each once."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for behind in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(behind, BaseException):
                todo.append(behind)


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_disk_full(exc: BaseException) -> bool:
    """A full disk (or quota), as the OS or SQLite (``SQLITE_FULL``) said it."""
    for e in causes(exc):
        if isinstance(e, OSError) and e.errno in DISK_FULL_ERRNOS:
            return True
        if _sqlite_code(e) == SQLITE_FULL or "database or disk is full" in str(e):
            return True
    return False


def is_busy(exc: BaseException) -> bool:
    """SQLite waited its bounded time for another writer (``database is locked``)."""
    for e in causes(exc):
        if _sqlite_code(e) == SQLITE_BUSY:
            return True
        if type(e).__name__ == "OperationalError" and "database is locked" in str(e):
            return True
    return False


def _os_error(exc: BaseException) -> OSError | None:
    return next((e for e in causes(exc) if isinstance(e, OSError)), None)


def doing_from(label: str) -> str:
    """What a progress label says is being done: ``正在导入…`` → ``导入``."""
    text = label.strip().removeprefix("正在")
    for stop in ("（", "，", "(", ","):
        text = text.split(stop)[0]
    return text.rstrip("…. 。") or "操作"


def said(exc: BaseException, doing: str) -> str | None:
    """The words for a full disk or a busy archive, whatever error carried it; else None."""
    if is_disk_full(exc):
        return f"磁盘已满，{doing}未完成；档案未受影响。请腾出空间后再试。"
    if is_busy(exc):
        return f"{doing}未完成：{BUSY}"
    return None


def explain(exc: BaseException, doing: str) -> str | None:
    """``said``, or for any other ``OSError`` from the OS the file it could not read or write
    and why; None for anything else (a bug: it keeps its traceback)."""
    if isinstance(exc, ActionFailed):
        return str(exc)
    words = said(exc, doing)
    if words is not None:
        return words
    os_error = exc if isinstance(exc, OSError) else None
    if os_error is None or os_error.errno is None:
        return None  # not from the OS: an error with words of its own
    reason = REASONS.get(os_error.errno) or os_error.strerror or type(os_error).__name__
    if os_error.filename:
        name = Path(str(os_error.filename))
        return f"{doing}未完成：无法读写文件“{name.name}”（{reason}；位置：{name.parent}）。"
    return f"{doing}未完成：{reason}。"


def translated(exc: Exception, doing: str) -> Exception:
    """``exc`` as the teacher should hear it: an ``ActionFailed`` with the words of ``explain``
    (the original behind it), or ``exc`` itself."""
    words = explain(exc, doing)
    if words is None or isinstance(exc, ActionFailed):
        return exc
    failed = ActionFailed(words)
    failed.__cause__ = exc
    return failed
