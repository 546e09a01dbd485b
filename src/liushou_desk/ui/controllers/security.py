"""安全 (security) menu of the main window: lock now (Ctrl+L), the idle time before the app
locks, change the password, print the recovery sheet again — or, for an archive not yet
encrypted, encrypt it (设置密码). Locking and encrypting are done by the app, which the window
asks through its signals (given here as ``lock``, ``encrypt`` and ``minutes_changed``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from liushou_desk.ui.controllers.context import Context


class SecurityController:
    def __init__(
        self,
        ctx: Context,
        lock: Callable[[], None],
        encrypt: Callable[[], None],
        minutes_changed: Callable[[int], None],
    ) -> None:
        self.ctx = ctx
        self._lock, self._encrypt, self._minutes_changed = lock, encrypt, minutes_changed
        self.lock_action: QAction | None = None
        self.lock_time_action: QAction | None = None

    @property
    def encrypted(self) -> bool:
        from liushou_desk.services.protection import is_protected

        return is_protected(self.ctx.archive.path)

    def build_menu(self, menu: QMenu) -> None:
        """安全(&S): what it offers depends on whether the archive is encrypted."""
        encrypted = self.encrypted
        self.lock_action = QAction("锁定档案", self.ctx.parent)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self._lock())
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
            menu.addAction("加密档案（设置密码）…", lambda: self._encrypt())
        menu.setToolTipsVisible(True)

    def edit_lock_minutes(self) -> None:
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.services.settings import lock_minutes, set_lock_minutes

        ctx = self.ctx
        minutes = ctx.prompts.lock_minutes(ctx.parent, lock_minutes(ctx.archive))
        if minutes is None:
            return
        try:
            set_lock_minutes(ctx.archive, minutes)
        except ValidationFailed as exc:
            ctx.prompts.error(ctx.parent, "没有保存。", exc.errors[0].message)
            return
        self._minutes_changed(minutes)
        ctx.selection.show_status(f"{minutes} 分钟不操作后自动锁定")

    def change_password(self) -> bool:
        """修改密码: the key file is rewritten; the archive itself is not touched."""
        from liushou_desk.services import audit, protection
        from liushou_desk.services.archive_info import get_info
        from liushou_desk.ui.set_password_dialog import CHANGE, SetPasswordDialog

        ctx = self.ctx
        path = ctx.archive.path
        dialog = SetPasswordDialog(
            CHANGE,
            lambda old, new, confirm: protection.change_password(path, old, new, confirm),
            ctx.parent,
            get_info(ctx.archive).guessable_words,
        )
        if not ctx.exec_dialog(dialog):
            return False
        audit.record(ctx.archive, audit.Action.SECURITY, "", "修改密码")
        ctx.prompts.info(
            ctx.parent, "密码已修改。", "下次打开档案、解除锁定时请用新密码。恢复密钥单仍然有效。"
        )
        return True

    def show_recovery_sheet(self) -> None:
        from liushou_desk.services import audit, protection
        from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog

        ctx = self.ctx
        recovery = protection.recovery_key(ctx.archive.path)
        if recovery is None:
            ctx.prompts.error(
                ctx.parent,
                "密钥文件里没有恢复密钥。",
                "请使用当初打印的恢复密钥单；如果找不到，请尽快修改密码并妥善保管。",
            )
            return
        audit.record(ctx.archive, audit.Action.SECURITY, "", "查看恢复密钥单")
        ctx.exec_dialog(
            RecoverySheetDialog(
                recovery, ctx.archive.path, ctx.prompts, ctx.parent, first_time=False
            )
        )
