"""打开档案时要问的事 (questions): what opening an archive may have to ask the person at the
computer — the password of an encrypted archive, a password for a new one, whether to copy an
archive off a USB stick or a network share, whether to go back to the last good backup — and
what it has to tell (the 操作日志 found changed).

The window answers with dialogs; the command line answers without asking anyone
(``CommandAnswers``: the password from LIUSHOU_PASSWORD, every yes/no a no), so nothing ever
waits for typed input there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from liushou_desk.services.backups import BackupInfo


class OpenRefused(Exception):
    """The archive was not opened; the message says why, in Chinese, naming the file."""


class Questions(Protocol):
    def unlock(self, path: Path) -> bool:
        """An encrypted archive no held key opens: unlock it (password or recovery key).
        False: not unlocked (cancelled) — raise OpenRefused to say why instead."""

    def protect_new(self, path: Path) -> bool:
        """A new archive (not the demo): set its password before it is made (or leave it
        plain). False: cancelled — nothing is created."""

    def copy_here(self, problem: str, local: Path) -> bool:
        """The archive is on a stick or a share (``problem`` says which): copy it to
        ``local`` and open the copy?"""

    def restore(self, message: str, good: BackupInfo) -> bool:
        """The archive is damaged (``message``): put the backup ``good`` in its place?"""

    def log_altered(self, message: str) -> None:
        """The archive's 操作日志 was found changed (``message`` says how): tell the person at
        the computer. The archive opens all the same."""

    def file_damaged(self, message: str) -> None:
        """The archive's file failed SQLite's check made after the first paint (``message``
        names it): tell the person at the computer to stop and restore a backup."""

    def numbers_shared(self, lines: list[str]) -> None:
        """Pupils share a 身份证号 or 学籍号 (an archive from before the database refused it):
        one line per number, naming the children. The archive opens all the same."""


def locked_message(db: Path) -> str:
    from liushou_desk.services.protection import PASSWORD_ENV

    return (
        f"档案“{db.name}”已加密（已锁定）。在命令行中使用时，"
        f"请在环境变量 {PASSWORD_ENV} 中提供密码。"
    )


class CommandAnswers:
    """The command line's answers: the password from LIUSHOU_PASSWORD, no to everything
    else. A refusal raises OpenRefused with the message the command prints."""

    def unlock(self, path: Path) -> bool:
        from liushou_desk.services import protection

        password = protection.env_password()
        if password is None:
            raise OpenRefused(locked_message(path))
        try:
            protection.unlock(path, password)
        except protection.WrongPasswordError as exc:
            raise OpenRefused(
                f"密码不对（{protection.PASSWORD_ENV}），档案“{path.name}”仍是锁定的。"
            ) from exc
        except protection.KeyFileError as exc:
            raise OpenRefused(str(exc)) from exc
        return True

    def protect_new(self, path: Path) -> bool:
        """With LIUSHOU_PASSWORD set a new archive is encrypted with it; without, plain."""
        from liushou_desk.services import protection

        password = protection.env_password()
        if password is None:
            return True
        try:
            protection.new_protected(path, password)
        except protection.PasswordError as exc:
            raise OpenRefused(f"{protection.PASSWORD_ENV} 中的密码不能用：{exc}") from exc
        return True

    def copy_here(self, problem: str, local: Path) -> bool:
        return False

    def restore(self, message: str, good: BackupInfo) -> bool:
        return False

    def log_altered(self, message: str) -> None:
        print(f"注意：操作日志校验未通过：{message}", file=sys.stderr)

    def file_damaged(self, message: str) -> None:
        print(f"注意：{message}", file=sys.stderr)

    def numbers_shared(self, lines: list[str]) -> None:
        print("注意：" + "；".join(lines), file=sys.stderr)
