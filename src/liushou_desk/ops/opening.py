"""打开档案 (opening an archive): every step before the teacher sees the class, in one place
for the window and the command line —

1. the writer's lock (a second window is told at once, before any password is asked);
2. unlock an encrypted archive, or set a password for a new one (not the demo class);
3. an archive on a USB stick or a network share is copied to this computer first;
4. an encryption cut off by a power cut is tidied (under the lock);
5. the file checked (newest schema, SQLite's quick_check — or after the first paint when the
   file is exactly as the app left it) — a damaged file is never opened: the newest backup
   that passes the check is offered instead; the window then shows its 待办 page at once;
6. then (``Opening.open``) the archive itself through SQLAlchemy, upgraded when older.

Questions go through the ``Questions`` protocol; a refusal is ``OpenRefused`` with a Chinese
message. Nothing here imports SQLAlchemy until step 6.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk import paths
from liushou_desk.ops.questions import OpenRefused, Questions

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.db.lock import ArchiveLock

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


def is_demo(path: Path) -> bool:
    try:
        return path.resolve() == paths.demo_db_path().resolve()
    except OSError:
        return False


@dataclass
class Opening:
    """An archive on its way to the window: where it is now (a local copy, perhaps), the
    writer's lock, and what the first step found of the file."""

    path: Path
    lock: ArchiveLock | None
    questions: Questions | None = None
    log_told: bool = False  # the 操作日志 was found changed at opening
    # at the newest schema and its quick_check passed (or deferred): opened without a second
    readable: bool = False
    # SQLite's quick_check: passed in this session (the file may be stamped at close), or
    # left for after the first paint (the file opened exactly as the app left it)
    file_checked: bool = False
    check_deferred: bool = False
    file_damaged: bool = False

    def open(self) -> Archive:
        """The archive through SQLAlchemy, upgraded when older (a verified backup first); its
        操作日志 checked (a log found changed is told, the archive opens all the same)."""
        from liushou_desk.db.schema import ArchiveOpenError, open_archive
        from liushou_desk.services.backups import backup_folder

        try:
            archive = open_archive(
                self.path,
                backups=backup_folder(self.path),
                checked=self.readable,  # quick_check passed at the first step
            )
        except (ArchiveOpenError, OSError) as exc:
            raise OpenRefused(str(exc)) from exc
        self._say_problems(archive, self.questions)
        return archive

    def _say_problems(self, archive: Archive, questions: Questions | None) -> None:
        """What the teacher should know about an archive that opens all the same: a changed
        操作日志, pupils sharing a 身份证号 or 学籍号. Neither check keeps her from her class.
        The log is checked (and an old one anchored) also when no one is asked."""
        from liushou_desk.services import audit, duplicate_ids

        try:
            verdict = audit.open_check(archive)
        except Exception:
            log.exception("打开时核对操作日志失败")
        else:
            self.log_told = not verdict.ok
            if not verdict.ok and questions is not None:
                questions.log_altered(verdict.message)
        if questions is None:
            return
        try:
            shared = duplicate_ids.find_duplicates(archive)
        except Exception:
            log.exception("打开时查找重复的证件号失败")
        else:
            if shared:
                questions.numbers_shared(duplicate_ids.describe(shared))

    def check_whole_log(self, archive: Archive, progress: Progress | None = None) -> str:
        """The whole 操作日志 walked — the window runs it after the first paint, off the GUI
        thread (the opening checked the triggers, the heads and the entries since the head
        kept outside): what is wrong, or "" (also when the opening walked it already, or told
        a problem). ``progress`` may raise to stop the walk."""
        from liushou_desk.services import audit

        if self.check_deferred:
            self.check_deferred = False
            problem = self.check_file()
            if problem:
                return problem
        if self.log_told or audit.walked(archive):
            return ""
        verdict = audit.full_check(archive, progress)
        return "" if verdict.ok else verdict.message

    def check_file(self) -> str:
        """SQLite's quick_check of the open archive (off the GUI thread): "" when sound, else
        what to tell — and the file is no longer taken on trust at the next opening."""
        from liushou_desk.db import check_stamp
        from liushou_desk.db.integrity import sqlite_check

        result = sqlite_check(self.path)
        if result == "ok":
            self.file_checked = True
            return ""
        check_stamp.forget(self.path)
        self.file_damaged = True
        return f"档案文件“{self.path.name}”检查发现损坏（{result.splitlines()[0][:80]}）"

    def tell_log(self, message: str) -> None:
        """What ``check_whole_log`` found, told as at opening (nothing when it found nothing)."""
        if message and self.file_damaged and self.questions is not None:
            self.questions.file_damaged(message)
            return
        if message and not self.log_told:
            self.log_told = True
            if self.questions is not None:
                self.questions.log_altered(message)

    def first_check(self) -> None:
        """The file checked as the first step checks it (again after a restore or an
        encryption): at the newest schema, and SQLite's quick_check now or after the first
        paint. The roster is not read here: the window opens on 待办, and the class is read
        when the roster is first shown (services.roster.class_rows)."""
        self.readable, self.check_deferred = _first_check(self.path)
        self.file_checked = self.readable and not self.check_deferred

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def prepare(path: Path, questions: Questions, *, ask_password: bool = True) -> Opening:
    """Steps 1–5 for the window. ``ask_password`` False: the keys were already unlocked
    (the smoke test's LIUSHOU_PASSWORD); raises OpenRefused with the reason."""
    from liushou_desk.db.encrypt import finish_interrupted
    from liushou_desk.db.errors import ArchiveCorruptError, ArchiveOpenError
    from liushou_desk.db.location import storage_problem
    from liushou_desk.db.lock import ArchiveLock

    opening = Opening(path, None, questions=questions)
    try:
        try:
            if not path.exists() or storage_problem(path) is None:
                opening.lock = ArchiveLock(path).acquire()
            if ask_password and not _unlock_or_protect(path, questions):
                raise OpenRefused("")
            opening.path = _safe_place(path, questions)
            if opening.lock is None:  # copied here from a stick or a share
                opening.lock = ArchiveLock(opening.path).acquire()
        except ArchiveOpenError as exc:
            raise OpenRefused(str(exc)) from exc
        finish_interrupted(opening.path)
        try:
            opening.first_check()
        except ArchiveCorruptError as exc:
            _recover(opening.path, str(exc), questions)
        except (ArchiveOpenError, OSError) as exc:
            raise OpenRefused(str(exc)) from exc
    except BaseException:
        opening.release()
        raise
    return opening


def _unlock_or_protect(path: Path, questions: Questions) -> bool:
    from liushou_desk.db import cipher
    from liushou_desk.db.errors import ArchiveEncryptedError
    from liushou_desk.services import protection

    if protection.is_protected(path):
        try:
            cipher.key_for(path)
            return True
        except ArchiveEncryptedError:
            return questions.unlock(path)
    new = not path.exists() or path.stat().st_size == 0
    if new and path.with_name(path.name + ".plain-old").exists():
        return True  # the plain original of a cut-off encryption: put back under the lock
    if not new or is_demo(path) or cipher.key_for(path) is not None:
        return True  # a plain archive, the demo, or one LIUSHOU_PASSWORD prepared
    return questions.protect_new(path)


def _safe_place(path: Path, questions: Questions) -> Path:
    """SQLite is not safe live on a network share or a USB stick: a local copy is offered."""
    from liushou_desk.db.location import storage_problem

    problem = storage_problem(path) if path.exists() else None
    if problem is None:
        return path  # the usual case: nothing loaded for it (services.backups loads SQLAlchemy)
    from liushou_desk.db.backup import BackupError, snapshot_verified
    from liushou_desk.services.backups import copy_keyfile

    local = paths.data_home() / "archives" / path.name
    if local.exists():
        raise OpenRefused(problem + f"\n本机已有同名档案：{local}")
    if not questions.copy_here(problem, local):
        raise OpenRefused(problem)
    try:
        snapshot_verified(path, local)
        copy_keyfile(path, local)
    except BackupError as exc:
        raise OpenRefused(str(exc)) from exc
    return local


def _recover(path: Path, message: str, questions: Questions) -> None:
    """A damaged archive: the newest backup that passes the full check, if the teacher agrees."""
    from liushou_desk.db.errors import ArchiveOpenError
    from liushou_desk.services.backups import newest_good_backup, restore_backup

    good = newest_good_backup(path)
    if good is None:
        raise OpenRefused(message + "\n没有找到可用的备份。请把这个文件交给学校信息老师检查。")
    if not questions.restore(message, good):
        raise OpenRefused(message)
    try:
        restore_backup(good.path, path)
    except ArchiveOpenError as exc:
        raise OpenRefused(str(exc)) from exc


def _first_check(path: Path) -> tuple[bool, bool]:
    """Whether the file is at the newest schema with its quick_check passed or deferred, and
    whether the check waits for after the first paint (the file is exactly as the app left it
    after a check: ``db.check_stamp``)."""
    from liushou_desk.db import check_stamp
    from liushou_desk.db.schema import HEAD_REVISION, probe_revision, quick_check, refuse_emptied

    refuse_emptied(path)
    if not path.is_file() or path.stat().st_size == 0 or probe_revision(path) != HEAD_REVISION:
        return False, False
    deferred = check_stamp.unchanged(path)
    if not deferred:
        quick_check(path)
    return True, deferred
