"""加密与锁定 in the app's life: the app lock and the log of wrong tries once the archive is
open, the offer to encrypt an archive made before, and encrypting it (off the GUI thread:
the archive is closed, encrypted with its backups, opened again, the recovery sheet shown).

Unlocking before anything is read is a question of opening (ops.opening, ui.desk_questions).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QDialog

    from liushou_desk.services.protection import FailedUnlocks
    from liushou_desk.ui.app_lock import AppLock
    from liushou_desk.ui.main_window import MainWindow
    from liushou_desk.ui.prompts import Prompts


class Desk(Protocol):
    """What protection needs of the app holding the archive."""

    app: QApplication
    path: Path
    window: MainWindow | None
    exit_after_startup: bool
    prompts: Prompts
    failures: FailedUnlocks
    after_open: Callable[[MainWindow], None] | None

    def exec_dialog(self, dialog: QDialog) -> bool: ...

    def reopen(self, old: MainWindow) -> None: ...


class DeskProtection:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.app_lock: AppLock | None = None

    def protect(self, window: MainWindow) -> None:
        """After the archive opened: the app lock and the log of failed unlocks, or — for a
        plain archive that is not the demo — the offer to encrypt it."""
        from liushou_desk.ops.opening import is_demo
        from liushou_desk.services import protection
        from liushou_desk.services.settings import lock_minutes

        desk = self.desk
        assert window.archive is not None
        window.lock_requested.connect(self.lock_now)
        window.encrypt_requested.connect(self.encrypt)
        window.lock_minutes_changed.connect(self._lock_minutes_changed)
        if not protection.is_protected(desk.path):
            if not is_demo(desk.path) and not desk.exit_after_startup:
                QTimer.singleShot(0, self._offer_encryption)
            return
        if desk.failures.count:
            desk.failures.write_to(window.archive)
        if self.app_lock is None:
            from liushou_desk.ui.app_lock import AppLock

            self.app_lock = AppLock(
                desk.app,
                desk.path,
                lock_minutes(window.archive),
                desk.failures,
                on_unlocked=self._log_failures,
            )
        else:
            self.app_lock.set_minutes(lock_minutes(window.archive))

    def stop(self) -> None:
        if self.app_lock is not None:
            self.app_lock.stop()

    def _log_failures(self) -> None:
        window = self.desk.window
        if window is not None and window.archive is not None and self.desk.failures.count:
            self.desk.failures.write_to(window.archive)

    def lock_now(self) -> None:
        if self.app_lock is not None:
            self.app_lock.lock()

    def _lock_minutes_changed(self, minutes: int) -> None:
        if self.app_lock is not None:
            self.app_lock.set_minutes(minutes)

    def _offer_encryption(self) -> None:
        window = self.desk.window
        if window is None or window.archive is None:
            return
        if self.desk.prompts.offer_encryption(window, self.desk.path.name):
            self.encrypt()

    def encrypt(self) -> None:
        """加密档案: ask for a password, then close the archive, encrypt it (and its backups)
        off the GUI thread, open it again and show the recovery sheet."""
        from liushou_desk.services import protection
        from liushou_desk.services.archive_info import get_info
        from liushou_desk.ui.set_password_dialog import ENCRYPT, SetPasswordDialog

        desk = self.desk
        old = desk.window
        assert old is not None and old.archive is not None
        words = get_info(old.archive).guessable_words
        ask = SetPasswordDialog(ENCRYPT, lambda _old, new, confirm: (new, confirm), old, words)
        if not desk.exec_dialog(ask):
            return
        password, confirm = ask.result_value
        old.runner.wait_idle()
        old.archive.close()
        path = desk.path

        def done(recovery: object) -> None:
            def after(window: MainWindow) -> None:
                from liushou_desk.services import audit
                from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog

                assert window.archive is not None
                audit.record(window.archive, audit.Action.SECURITY, "", "加密档案（设置密码）")
                desk.exec_dialog(RecoverySheetDialog(str(recovery), path, desk.prompts, window))

            desk.after_open = after  # once the archive is open again
            desk.reopen(old)

        def failed(exc: Exception) -> None:
            desk.reopen(old)
            desk.prompts.error(desk.window, "加密没有完成，档案保持原样（未加密）。", str(exc))

        old.runner.run(
            "正在加密档案和备份，并逐项核对…",
            lambda _progress: protection.encrypt_existing(path, password, confirm),
            done,
            failed,
            writes=True,
        )
