"""命令行打开档案 (an archive for a command): the same checks as the window, without asking
anyone — the password from LIUSHOU_PASSWORD, the writer's lock for a command that writes (the
archive or its 操作日志), and for a read-only command no upgrade and no write at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.ops.questions import CommandAnswers, OpenRefused

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive


def unlock_for(path: Path, *, creating: bool = False) -> None:
    """Unlock an encrypted archive with LIUSHOU_PASSWORD, or — ``creating`` a new archive
    while it is set — prepare it encrypted. Raises OpenRefused with the reason."""
    from liushou_desk.db import cipher
    from liushou_desk.db.errors import ArchiveEncryptedError
    from liushou_desk.services import protection

    answers = CommandAnswers()
    if path.is_file() and protection.is_protected(path):
        try:
            cipher.key_for(path)
        except ArchiveEncryptedError:
            answers.unlock(path)
    elif creating and (not path.exists() or path.stat().st_size == 0):
        answers.protect_new(path)


def opens(path: Path) -> bool:
    """Whether ``path`` is plain or opens with a key this process already holds."""
    from liushou_desk.db import cipher
    from liushou_desk.db.errors import ArchiveEncryptedError

    try:
        cipher.key_for(path)
    except ArchiveEncryptedError:
        return False
    return True


def check_current(path: Path) -> None:
    """A read-only command reads only an archive at the newest schema, checked first; it never
    upgrades the file."""
    from liushou_desk.db.errors import ArchiveOpenError
    from liushou_desk.db.schema import HEAD_REVISION, KNOWN_REVISIONS, probe_revision, quick_check

    try:
        revision = probe_revision(path)
        if revision is None:
            raise OpenRefused(f"“{path.name}”是空的数据库，不是班级档案。")
        if revision not in KNOWN_REVISIONS:
            raise OpenRefused(
                f"“{path.name}”由更新版本的留守儿童关爱档案创建（数据版本 {revision}），"
                "本版本无法读取。请安装最新版本；文件未作任何改动。"
            )
        if revision != HEAD_REVISION:
            raise OpenRefused(
                f"“{path.name}”的数据版本较旧（{revision}），需要先用本软件打开一次完成升级；"
                "文件未作任何改动。"
            )
        quick_check(path)
    except ArchiveOpenError as exc:
        raise OpenRefused(str(exc)) from exc


@contextmanager
def archive_for_command(
    path: Path, *, writes: bool, create: bool = False, upgrade: bool = True
) -> Iterator[Archive]:
    """The archive at ``path`` for one command, closed (and its lock released) afterwards.

    ``writes``: the command writes the archive or its 操作日志 — it takes the writer's lock, so
    it never writes under an open window. ``create``: a missing file becomes a new archive
    (encrypted when LIUSHOU_PASSWORD is set). ``upgrade`` False: read-only — an archive that
    is not at the newest schema is refused untouched. Raises OpenRefused with the reason."""
    from liushou_desk.db.errors import ArchiveOpenError
    from liushou_desk.db.lock import ArchiveLock
    from liushou_desk.db.schema import open_archive

    if create:
        if not path.parent.is_dir():
            raise OpenRefused(f"文件夹不存在：{path.parent}")
    elif not path.is_file():
        raise OpenRefused(f"找不到档案文件：{path}")
    lock = ArchiveLock(path) if writes else None
    try:
        if lock is not None:
            lock.acquire()
        unlock_for(path, creating=create)
        if not upgrade:
            check_current(path)
        archive = open_archive(path, create=create, settle=upgrade)  # read-only: no write
    except ArchiveOpenError as exc:
        if lock is not None:
            lock.release()
        raise OpenRefused(str(exc)) from exc
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    try:
        yield archive
    finally:
        archive.close()
        if lock is not None:
            lock.release()


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """The writer's lock on ``path`` for a command that replaces or creates the whole file
    (恢复, 生成示例班级) rather than opening it: refused while a window has it open."""
    from liushou_desk.db.errors import ArchiveOpenError
    from liushou_desk.db.lock import ArchiveLock

    lock = ArchiveLock(path)
    try:
        lock.acquire()
    except ArchiveOpenError as exc:
        raise OpenRefused(str(exc)) from exc
    try:
        yield
    finally:
        lock.release()
