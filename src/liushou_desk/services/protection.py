"""档案加密与解锁: setting the password, unlocking, the recovery key, changing the password,
and encrypting an archive made before (Qt-free; the window and the command line both use it).

A failed unlock cannot be written to the archive while it is locked; the attempts are kept in
memory (``FailedUnlocks``) and written to the 操作日志 as soon as the archive is open again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.db import cipher, keyfile
from liushou_desk.db.cipher import DataKey as DataKey  # the window holds one
from liushou_desk.db.keyfile import (
    KdfParams as KdfParams,  # the window passes them through
)
from liushou_desk.db.keyfile import (
    KeyFileError,
    RecoveryKeyError,
    WrongPasswordError,
)
from liushou_desk.domain.passwords import password_problem as password_problem

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive

PASSWORD_ENV = "LIUSHOU_PASSWORD"

__all__ = [
    "PASSWORD_ENV",
    "FailedUnlocks",
    "KeyFileError",
    "PasswordError",
    "RecoveryKeyError",
    "WrongPasswordError",
    "change_password",
    "encrypt_existing",
    "is_protected",
    "new_protected",
    "unlock",
    "unlock_delay",
    "unlock_with_recovery",
]


class PasswordError(ValueError):
    """A new password that cannot be used; the message says why, in Chinese."""


def is_protected(db: Path) -> bool:
    """Whether the archive file at ``db`` is encrypted (needs a password)."""
    return cipher.is_encrypted(db)


def _checked(password: str, confirm: str | None) -> str:
    problem = password_problem(password)
    if problem:
        raise PasswordError(problem)
    if confirm is not None and confirm != password:
        raise PasswordError("两次输入的密码不一样。")
    return password


def unlock(db: Path, password: str) -> DataKey:
    """Unlock the archive at ``db`` with the teacher's password (the key is then held)."""
    key = keyfile.unlock_with_password(db, password)
    if db.exists() and not cipher.is_plain(db) and not cipher.opens_with(db, key):
        raise KeyFileError(
            f"密钥文件“{keyfile.keyfile_path(db).name}”不属于这份档案，可以用恢复密钥解锁。"
        )
    cipher.remember(db, key)
    return key


def unlock_with_recovery(
    db: Path,
    recovery: str,
    new_password: str,
    confirm: str | None = None,
    params: KdfParams | None = None,
) -> DataKey:
    """Unlock with the recovery key from the sheet and set a new password (a new key file is
    written, also when the old one was lost)."""
    _checked(new_password, confirm)
    clean = keyfile.format_recovery_key(keyfile.parse_recovery_key(recovery))
    key = keyfile.data_key_from_recovery(clean)
    if not cipher.opens_with(db, key):
        raise RecoveryKeyError("这个恢复密钥不属于这份档案。请核对恢复密钥单上的班级和日期。")
    _rewrap(db, key, new_password, params, clean)
    return key


def change_password(
    db: Path,
    old_password: str,
    new_password: str,
    confirm: str | None = None,
    params: KdfParams | None = None,
) -> None:
    """A new password for the archive: only the key file is rewritten (fast); every record
    stays as it is. The old password is asked again, so an unlocked, unattended PC cannot
    have its password changed by someone else."""
    _checked(new_password, confirm)
    _rewrap(db, keyfile.unlock_with_password(db, old_password), new_password, params)


def _rewrap(
    db: Path, key: DataKey, password: str, params: KdfParams | None, recovery: str | None = None
) -> None:
    """The data key under a new password: the archive's key file and those of its copies."""
    keyfile.write_keyfile(db, key, password, params, recovery)
    cipher.remember(db, key)
    _refresh_backup_keyfiles(db)


def _refresh_backup_keyfiles(db: Path) -> None:
    """The key files beside the archive's own backups, and beside its copies on the USB stick
    of a portable install, take the new password too (the data key is the same, so the copies
    themselves are untouched)."""
    from liushou_desk import paths
    from liushou_desk.safe_files import write_bytes_safely
    from liushou_desk.services.backups import backup_folder

    current = keyfile.keyfile_path(db).read_bytes()
    stick = paths.stick_copies_dir()  # a portable copy's verified copies on its USB stick
    for folder, pattern in (
        (backup_folder(db), "*.sqlite.key"),
        (stick, f"{db.stem}-*-stick.sqlite.key"),
    ):
        if folder is not None and folder.is_dir():
            for old in folder.glob(pattern):
                write_bytes_safely(old, current)


def new_protected(
    db: Path, password: str, confirm: str | None = None, params: KdfParams | None = None
) -> str:
    """Prepare a new, encrypted archive at ``db`` (not yet created): the key file is written
    and the key held, so the archive is created encrypted. Returns the recovery key."""
    _checked(password, confirm)
    recovery = keyfile.new_recovery_key()
    key = keyfile.data_key_from_recovery(recovery)
    keyfile.write_keyfile(db, key, password, params, recovery=recovery)
    cipher.remember(db, key)
    return recovery


def encrypt_existing(
    db: Path,
    password: str,
    confirm: str | None = None,
    params: KdfParams | None = None,
) -> str:
    """Encrypt the plain archive at ``db`` in place (verified before the plain file goes),
    and every plain backup in its backups folder. No connection to ``db`` may be open.
    Returns the recovery key."""
    from liushou_desk.db.encrypt import encrypt_backups, encrypt_in_place
    from liushou_desk.services.backups import backup_folder

    _checked(password, confirm)
    recovery = keyfile.new_recovery_key()
    key = keyfile.data_key_from_recovery(recovery)
    keyfile.write_keyfile(db, key, password, params, recovery=recovery)
    encrypt_in_place(db, key)
    encrypt_backups(backup_folder(db), key)
    from liushou_desk.services.backups import copy_keyfile, list_backups

    for backup in list_backups(db):
        copy_keyfile(db, backup.path)
    return recovery


def recovery_key(db: Path) -> str | None:
    """The recovery key of the unlocked archive at ``db``, to print its sheet again."""
    key = cipher.key_for(db)
    return keyfile.recovery_of(db, key) if key is not None else None


def unlock_delay(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong passwords in a row:
    none for the first two, then 5 s, 10 s, 20 s … up to 5 minutes."""
    if failures < 3:
        return 0.0
    return float(min(5 * 2 ** (failures - 3), 300))


@dataclass
class FailedUnlocks:
    """Wrong passwords since the archive was last open, to be written to the 操作日志."""

    times: list[datetime] = field(default_factory=list)
    recovery_times: list[datetime] = field(default_factory=list)

    def add(self, recovery: bool = False) -> int:
        (self.recovery_times if recovery else self.times).append(datetime.now())
        return len(self.times) + len(self.recovery_times)

    @property
    def count(self) -> int:
        return len(self.times) + len(self.recovery_times)

    def write_to(self, archive: Archive) -> None:
        """One entry per failed try, then forget them."""
        from liushou_desk.services import audit

        with archive.transaction() as s:
            for what, times in (("密码错误", self.times), ("恢复密钥错误", self.recovery_times)):
                for when in times:
                    detail = f"{what}（{when:%Y-%m-%d %H:%M:%S}）"
                    audit.log(s, audit.Action.UNLOCK_FAILED, "", detail)
        self.times.clear()
        self.recovery_times.clear()


def env_password() -> str | None:
    """LIUSHOU_PASSWORD, for scripts and tests only (never asked for on a terminal)."""
    value = os.environ.get(PASSWORD_ENV)
    return value if value else None
