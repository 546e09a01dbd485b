"""备份的机制: consistent, verified copies of an archive file, and replacing a file safely.

A copy is made with SQLite's online backup API (never a file copy of a live database), written
under a temporary name, checked with ``integrity_check``, flushed to disk, and only then given
its real name — so a file with a backup's name is always a whole, verified backup, even if the
power goes or a USB stick is pulled half-way.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from liushou_desk.db import cipher
from liushou_desk.db.cipher import connect_readonly
from liushou_desk.db.integrity import sqlite_check
from liushou_desk.safe_files import fsync_dir as _fsync_dir

Progress = Callable[[int, int], None]  # (pages done, pages in all)


class BackupError(Exception):
    """A backup could not be made or did not verify; the message says why, in Chinese."""


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def integrity(path: Path) -> str:
    """``ok``, or what SQLite's integrity_check found wrong."""
    return sqlite_check(path, "integrity_check")


def snapshot_verified(source: Path, target: Path, progress: Progress | None = None) -> Path:
    """Copy the database at ``source`` to ``target`` consistently, verify it, then name it.

    ``source`` may be in use by the app: the backup API copies one consistent state of it.
    An encrypted archive's copy is encrypted with the same key.
    """
    temp = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        key = cipher.key_for(source)
        src = connect_readonly(source, key=key)
        try:
            dst = cipher.connect(temp, key=key)
            try:

                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                # whole in one step unless a progress bar wants steps: a step restarts when the
                # app writes meanwhile, one step cannot
                src.backup(dst, pages=1024 if progress else -1, progress=step)
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        if key is not None:
            cipher.remember(temp, key)
            cipher.remember(target, key)
        result = integrity(temp)
        if result != "ok":
            raise BackupError(f"备份副本校验未通过：{result}")
        _fsync(temp)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except cipher.Error as exc:
        raise BackupError(f"无法备份“{source.name}”：{exc}") from exc
    except OSError as exc:
        raise BackupError(f"无法写入备份“{target}”：{exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
    return target


def replace_database(replacement: Path, target: Path) -> None:
    """Put a copy of ``replacement`` where ``target`` is, whole or not at all.

    The copy is written next to the target, flushed, then renamed over it; the target's old
    ``-wal``/``-shm`` files go first so SQLite cannot replay them onto the new file. Only call
    this while no connection to ``target`` is open (the app holds the archive lock).
    """
    temp = target.with_name(target.name + ".restoring")
    try:
        snapshot_verified(replacement, temp)
        for side in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            side.unlink(missing_ok=True)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
