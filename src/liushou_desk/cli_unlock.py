"""命令行解锁: encrypted archives on the command line. ``LIUSHOU_PASSWORD`` unlocks them, and
a new archive made while it is set is encrypted with it; nothing ever waits for typed input."""

from __future__ import annotations

from pathlib import Path

from liushou_desk.cli_common import _fail


def locked_message(db: Path) -> str:
    from liushou_desk.services.protection import PASSWORD_ENV

    return (
        f"档案“{db.name}”已加密（已锁定）。在命令行中使用时，"
        f"请在环境变量 {PASSWORD_ENV} 中提供密码。"
    )


def unlock_for(db: Path, *, creating: bool = False) -> int | None:
    """Unlock an encrypted archive with LIUSHOU_PASSWORD, or — ``creating`` a new archive
    while it is set — prepare it encrypted. None when ready, else the exit code after saying
    why. Never waits for typed input."""
    from liushou_desk.services import protection

    password = protection.env_password()
    if db.is_file() and protection.is_protected(db):
        if password is None:
            return _fail(locked_message(db))
        try:
            protection.unlock(db, password)
        except protection.WrongPasswordError:
            return _fail(f"密码不对（{protection.PASSWORD_ENV}），档案“{db.name}”仍是锁定的。")
        except protection.KeyFileError as exc:
            return _fail(str(exc))
    elif creating and password is not None and (not db.exists() or db.stat().st_size == 0):
        try:
            protection.new_protected(db, password)
        except protection.PasswordError as exc:
            return _fail(f"{protection.PASSWORD_ENV} 中的密码不能用：{exc}")
    return None


def opens(path: Path) -> bool:
    """Whether ``path`` is plain or opens with a key this process already holds."""
    from liushou_desk.db import cipher
    from liushou_desk.db.errors import ArchiveEncryptedError

    try:
        cipher.key_for(path)
    except ArchiveEncryptedError:
        return False
    return True


def is_protected(path: Path) -> bool:
    from liushou_desk.services.protection import is_protected

    return is_protected(path)


def ready(db: Path) -> int | None:
    """An existing archive, unlocked: None, or the exit code after saying why not."""
    if not db.is_file():
        return _fail(f"找不到档案文件：{db}")
    return unlock_for(db)
