"""一个窗口写档案: the lock that keeps a second copy of the app from writing the same archive.

SQLite itself would let two programs write in turns, but two windows editing the same pupil
would overwrite each other's work; the second copy is refused politely instead. The lock is an
OS file lock (the ``filelock`` library: fcntl on Linux, msvcrt on Windows) on ``NAME.lock``
beside the archive, released by the OS even if the app is killed. The lock file is named after
the archive's real path (links and ``..`` resolved), so one file reached under two names shares
one lock.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from liushou_desk.db.schema import ArchiveOpenError


class ArchiveLockedError(ArchiveOpenError):
    """Another copy of the app has this archive open."""


def _real(path: Path) -> Path:
    """The file ``path`` names, links followed; ``path`` itself when that cannot be found."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop, a share gone away: the name as given
        return path


class ArchiveLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        real = _real(db_path)
        self.path = real.with_name(real.name + ".lock")
        self._lock = FileLock(str(self.path), timeout=0, is_singleton=False)

    def acquire(self) -> ArchiveLock:
        try:
            self._lock.acquire(timeout=0)
        except Timeout as exc:
            raise ArchiveLockedError(
                f"档案“{self.db_path.name}”已在另一个窗口中打开（可能是这台电脑上的另一个"
                "留守儿童关爱档案窗口）。同一份档案一次只能在一个窗口中修改，请先关闭另一个窗口。"
            ) from exc
        except OSError as exc:
            raise ArchiveOpenError(
                f"无法在“{self.db_path.parent}”中建立锁文件（{exc.strerror or exc}），"
                "这个文件夹可能是只读的。"
            ) from exc
        return self

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)
