"""The password in the app's start and life (加密与锁定): unlock before anything is read, a
password for a new archive with its recovery sheet, the app lock and the log of wrong tries
once the archive is open, and encrypting an archive made before. A mixin of DeskApp."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from liushou_desk import paths

if TYPE_CHECKING:
    from liushou_desk.ui.app import DeskApp
    from liushou_desk.ui.main_window import MainWindow

    _Base = DeskApp
else:
    _Base = object


class DeskProtection(_Base):
    def _is_demo(self) -> bool:
        try:
            return self.path.resolve() == paths.demo_db_path().resolve()
        except OSError:
            return False

    def _unlock_or_protect(self) -> bool:
        """Before anything is read: unlock an encrypted archive, or have the teacher set a
        password for a new one (the demo class stays unencrypted). The command line has
        already unlocked with LIUSHOU_PASSWORD when it was set."""
        from liushou_desk.db import cipher
        from liushou_desk.db.errors import ArchiveEncryptedError
        from liushou_desk.services import protection

        if self.exit_after_startup:
            return True
        if protection.is_protected(self.path):
            try:
                cipher.key_for(self.path)
                return True
            except ArchiveEncryptedError:
                pass
            from liushou_desk.ui.unlock_dialog import UnlockDialog

            return self.exec_dialog(UnlockDialog(self.path, self.failures))
        new = not self.path.exists() or self.path.stat().st_size == 0
        if new and self.path.with_name(self.path.name + ".plain-old").exists():
            return True  # the plain original of a cut-off encryption: put back under the lock
        if not new or self._is_demo() or cipher.key_for(self.path) is not None:
            return True  # a plain archive, the demo, or one LIUSHOU_PASSWORD prepared
        from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog
        from liushou_desk.ui.set_password_dialog import NEW, SetPasswordDialog

        path = self.path
        setup = SetPasswordDialog(
            NEW,
            lambda _old, new_password, confirm: protection.new_protected(
                path, new_password, confirm
            ),
        )
        if not self.exec_dialog(setup):
            return False
        self.exec_dialog(RecoverySheetDialog(setup.result_value, path, self.prompts))
        return True

    def _protect(self, window: MainWindow) -> None:
        """After the archive opened: the app lock and the log of failed unlocks, or — for a
        plain archive that is not the demo — the offer to encrypt it."""
        from liushou_desk.services import protection
        from liushou_desk.services.settings import lock_minutes

        assert window.archive is not None
        window.lock_requested.connect(self.lock_now)
        window.encrypt_requested.connect(self.encrypt)
        window.lock_minutes_changed.connect(self._lock_minutes_changed)
        if not protection.is_protected(self.path):
            if not self._is_demo() and not self.exit_after_startup:
                QTimer.singleShot(0, self._offer_encryption)
            return
        if self.failures.count:
            self.failures.write_to(window.archive)
        if self.app_lock is None:
            from liushou_desk.ui.app_lock import AppLock

            self.app_lock = AppLock(
                self.app,
                self.path,
                lock_minutes(window.archive),
                self.failures,
                on_unlocked=self._log_failures,
            )
        else:
            self.app_lock.set_minutes(lock_minutes(window.archive))

    def _log_failures(self) -> None:
        window = self.window
        if window is not None and window.archive is not None and self.failures.count:
            self.failures.write_to(window.archive)

    def lock_now(self) -> None:
        if self.app_lock is not None:
            self.app_lock.lock()

    def _lock_minutes_changed(self, minutes: int) -> None:
        if self.app_lock is not None:
            self.app_lock.set_minutes(minutes)

    def _offer_encryption(self) -> None:
        window = self.window
        if window is None or window.archive is None:
            return
        if self.prompts.offer_encryption(window, self.path.name):
            self.encrypt()

    def encrypt(self) -> None:
        """加密档案: ask for a password, then close the archive, encrypt it (and its backups)
        off the GUI thread, open it again and show the recovery sheet."""
        from liushou_desk.services import protection
        from liushou_desk.ui.background import BackgroundTask
        from liushou_desk.ui.set_password_dialog import ENCRYPT, SetPasswordDialog

        old = self.window
        assert old is not None and old.archive is not None
        ask = SetPasswordDialog(ENCRYPT, lambda _old, new, confirm: (new, confirm), old)
        if not self.exec_dialog(ask):
            return
        password, confirm = ask.result_value
        old.archive.close()
        path = self.path

        def done(recovery: object) -> None:
            def after(window: MainWindow) -> None:
                from liushou_desk.services import audit
                from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog

                assert window.archive is not None
                audit.record(window.archive, audit.Action.SECURITY, "", "加密档案（设置密码）")
                self.exec_dialog(RecoverySheetDialog(str(recovery), path, self.prompts, window))

            self.after_open = after  # once the archive is open again
            self._reopen(old)

        def failed(exc: Exception) -> None:
            self._reopen(old)
            self.prompts.error(self.window, "加密没有完成，档案保持原样（未加密）。", str(exc))

        self.encrypt_task = BackgroundTask(
            old,
            "正在加密档案和备份，并逐项核对…",
            lambda _progress: protection.encrypt_existing(path, password, confirm),
            done,
            failed,
        ).start()
