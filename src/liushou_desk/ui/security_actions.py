"""安全 menu of the main window: lock now (Ctrl+L), the idle time before the app locks,
change the password, print the recovery sheet again — or, for an archive not yet encrypted,
encrypt it (设置密码). A mixin of MainWindow; locking and encrypting are done by the app,
which the window asks through its signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from liushou_desk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class SecurityActions(_Base):
    @property
    def encrypted(self) -> bool:
        from liushou_desk.services.protection import is_protected

        return self.archive is not None and is_protected(self.archive.path)

    def _build_security_menu(self) -> None:
        menu = self.menuBar().addMenu("安全(&S)")
        encrypted = self.encrypted
        self.lock_action = QAction("锁定档案", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.lock_action.setEnabled(encrypted)
        if not encrypted:
            self.lock_action.setToolTip("设置密码（加密档案）后才能锁定")
        menu.addAction(self.lock_action)
        self.lock_time_action = menu.addAction("自动锁定时间…", self.edit_lock_minutes)
        self.lock_time_action.setEnabled(encrypted)
        menu.addSeparator()
        if encrypted:
            menu.addAction("修改密码…", self.change_password)
            menu.addAction("打印恢复密钥单…", self.show_recovery_sheet)
        else:
            menu.addAction("加密档案（设置密码）…", self.encrypt_requested)
        menu.setToolTipsVisible(True)

    def edit_lock_minutes(self) -> None:
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.services.settings import lock_minutes, set_lock_minutes

        assert self.archive is not None
        minutes = self.prompts.lock_minutes(self, lock_minutes(self.archive))
        if minutes is None:
            return
        try:
            set_lock_minutes(self.archive, minutes)
        except ValidationFailed as exc:
            self.prompts.error(self, "没有保存。", exc.errors[0].message)
            return
        self.lock_minutes_changed.emit(minutes)
        self.statusBar().showMessage(f"{minutes} 分钟不操作后自动锁定", 5000)

    def change_password(self) -> bool:
        """修改密码: the key file is rewritten; the archive itself is not touched."""
        from liushou_desk.services import audit, protection
        from liushou_desk.ui.set_password_dialog import CHANGE, SetPasswordDialog

        assert self.archive is not None
        archive = self.archive
        path = archive.path
        dialog = SetPasswordDialog(
            CHANGE,
            lambda old, new, confirm: protection.change_password(path, old, new, confirm),
            self,
        )
        if not self.exec_dialog(dialog):
            return False
        audit.record(archive, audit.Action.SECURITY, "", "修改密码")
        self.prompts.info(
            self, "密码已修改。", "下次打开档案、解除锁定时请用新密码。恢复密钥单仍然有效。"
        )
        return True

    def show_recovery_sheet(self) -> None:
        from liushou_desk.services import audit, protection
        from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog

        assert self.archive is not None
        recovery = protection.recovery_key(self.archive.path)
        if recovery is None:
            self.prompts.error(
                self,
                "密钥文件里没有恢复密钥。",
                "请使用当初打印的恢复密钥单；如果找不到，请尽快修改密码并妥善保管。",
            )
            return
        audit.record(self.archive, audit.Action.SECURITY, "", "查看恢复密钥单")
        self.exec_dialog(
            RecoverySheetDialog(recovery, self.archive.path, self.prompts, self, first_time=False)
        )
