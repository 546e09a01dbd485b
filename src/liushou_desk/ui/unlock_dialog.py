"""解锁档案: the password asked at start and when the app is locked — or, behind "忘记密码？",
the recovery key from the sheet in the school's safe and a new password.

The key derivation (about half a second to a second; with the recovery key and a new password
a few seconds) runs off the GUI thread while the dialog says 正在验证… / 正在核对恢复密钥… with a
moving bar, and 正在打开档案… once it worked. After the third wrong password in a row the next
try waits 5 s, then 10 s, 20 s … up to 5 minutes; the wrong tries are written to the 操作日志
once the archive is open again — a wrong password is an outcome, logged at INFO without the
password or a traceback.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desk import APP_TITLE
from liushou_desk.services import protection
from liushou_desk.services.protection import DataKey, KdfParams
from liushou_desk.ui.background import QuietTask
from liushou_desk.ui.plain_text import plain_label

# what the teacher typed wrongly: the dialog says so, the log notes it at INFO (no traceback)
EXPECTED = (
    protection.WrongPasswordError,
    protection.RecoveryKeyError,
    protection.PasswordError,
)


def _password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(260)
    return field


class UnlockDialog(QDialog):
    """Unlocks the archive at ``db``; ``key`` is set when accepted. With ``locked`` it is the
    app lock: it cannot be closed, only unlocked."""

    def __init__(
        self,
        db: Path,
        failures: protection.FailedUnlocks,
        parent: QWidget | None = None,
        *,
        locked: bool = False,
        new_password_params: KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.failures = failures
        self.locked = locked
        self.params = new_password_params
        self.key: DataKey | None = None
        self.task: QuietTask | None = None
        self.wait_left = 0
        self._last_what = ("", 0)  # what went wrong, and how often, while the wait counts down
        self.setWindowTitle("档案已锁定" if locked else f"解锁档案 · {APP_TITLE}")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, not locked)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)

        heading = QLabel("档案已锁定" if locked else "档案已加密")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        lead = QLabel(
            "为保护学生信息，档案已锁定，窗口里的内容已隐藏。请输入密码继续。"
            if locked
            else f"档案“{db.name}”已加密。请输入密码打开。"
        )
        lead.setWordWrap(True)

        # page 0: the password
        self.password = _password_field("档案密码")
        self.password.returnPressed.connect(self.try_password)
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_password)
        self.forgot = QPushButton("忘记密码？用恢复密钥解锁")
        self.forgot.setFlat(True)
        self.forgot.setStyleSheet("color: #1a5fb4; text-decoration: underline;")
        self.forgot.clicked.connect(lambda: self.show_page(1))
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        page0 = QWidget()
        column0 = QVBoxLayout(page0)
        column0.setContentsMargins(0, 0, 0, 0)
        column0.addLayout(row)
        column0.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignLeft)

        # page 1: the recovery key and a new password
        self.recovery = QLineEdit()
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        mono = QFont("Consolas")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.recovery.setFont(mono)
        self.new_password = _password_field("至少 6 个字符")
        self.confirm = _password_field("再输入一次")
        self.confirm.returnPressed.connect(self.try_recovery)
        form = QFormLayout()
        form.addRow("恢复密钥：", self.recovery)
        form.addRow("新密码：", self.new_password)
        form.addRow("确认新密码：", self.confirm)
        hint = QLabel(
            "恢复密钥在设置密码时打印的“恢复密钥单”上（交学校保管）。大小写、空格和短横线都不要紧。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.recover_button = QPushButton("解锁并设置新密码")
        self.recover_button.clicked.connect(self.try_recovery)
        back = QPushButton("返回输入密码")
        back.setFlat(True)
        back.setStyleSheet("color: #1a5fb4; text-decoration: underline;")
        back.clicked.connect(lambda: self.show_page(0))
        buttons1 = QHBoxLayout()
        buttons1.addWidget(back)
        buttons1.addStretch(1)
        buttons1.addWidget(self.recover_button)
        page1 = QWidget()
        column1 = QVBoxLayout(page1)
        column1.setContentsMargins(0, 0, 0, 0)
        column1.addWidget(hint)
        column1.addLayout(form)
        column1.addLayout(buttons1)

        self.pages = QStackedWidget()
        self.pages.addWidget(page0)
        self.pages.addWidget(page1)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.busy_bar = QProgressBar()  # moving while the key is worked out: never a still screen
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        self.busy_bar.hide()
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(1000)
        self.wait_timer.timeout.connect(self._tick)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(lead)
        layout.addSpacing(6)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        layout.addWidget(self.busy_bar)
        if not locked:
            quit_row = QHBoxLayout()
            quit_row.addStretch(1)
            cancel = QPushButton("退出")
            cancel.clicked.connect(self.reject)
            quit_row.addWidget(cancel)
            layout.addLayout(quit_row)
        self.setMinimumWidth(520)
        self.show_page(0)

    # -- pages and messages -----------------------------------------------------------------
    def show_page(self, page: int) -> None:
        """One page at a time, the dialog only as tall as the page shown."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == page else QSizePolicy.Policy.Ignored
            page_widget = self.pages.widget(i)
            if page_widget is not None:
                page_widget.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(page)
        self.pages.adjustSize()
        self.adjustSize()
        self.message.hide()
        (self.password if page == 0 else self.recovery).setFocus()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _busy(self, busy: bool, text: str = "", working: bool = False) -> None:
        """Inputs off while busy; ``working``: a task runs (the moving bar, the wait cursor)."""
        if working and self.busy_bar.isHidden():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        elif not working and not self.busy_bar.isHidden():
            QApplication.restoreOverrideCursor()
        self.busy_bar.setVisible(working)
        for widget in (
            self.password,
            self.unlock_button,
            self.recovery,
            self.new_password,
            self.confirm,
            self.recover_button,
            self.forgot,
        ):
            widget.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("color: #555;")
            self.say(text)
        else:
            self.message.setStyleSheet("color: #b00020;")

    # -- trying -----------------------------------------------------------------------------
    def try_password(self) -> None:
        if self.task is not None or self.wait_left > 0:
            return
        password = self.password.text()
        if not password:
            self.say("请输入密码。")
            return
        db = self.db
        self._start(lambda: protection.unlock(db, password), "正在验证密码…", recovery=False)

    def try_recovery(self) -> None:
        if self.task is not None or self.wait_left > 0:
            return
        db, params = self.db, self.params
        text, new, again = self.recovery.text(), self.new_password.text(), self.confirm.text()
        try:
            protection.keyfile.parse_recovery_key(text)
        except protection.RecoveryKeyError as exc:
            self.say(str(exc))
            self.recovery.setFocus()
            return
        self._start(
            lambda: protection.unlock_with_recovery(db, text, new, again, params),
            "正在核对恢复密钥、设置新密码…（需要几秒钟，请稍候）",
            recovery=True,
        )

    def _start(self, work, text: str, *, recovery: bool) -> None:  # type: ignore[no-untyped-def]
        self._busy(True, text, working=True)
        self.task = QuietTask(
            self,
            work,
            self._unlocked,
            lambda exc: self._failed(exc, recovery),
            expected=EXPECTED,
            label="解锁档案没有成功",
        ).start()

    def _unlocked(self, key: DataKey) -> None:
        self.task = None
        self._busy(False)
        self.message.setStyleSheet("color: #555;")
        self.say("正在打开档案…")  # painted before the dialog goes: the archive opens next
        self.message.repaint()
        self.key = key
        self.accept()

    def _failed(self, exc: Exception, recovery: bool) -> None:
        self.task = None
        self._busy(False)
        if isinstance(exc, protection.PasswordError):
            self.say(str(exc))
            self.new_password.setFocus()
            return
        if isinstance(exc, protection.KeyFileError):
            self.say(str(exc))
            self.show_page(1)
            self.say(str(exc))
            return
        if isinstance(exc, (protection.WrongPasswordError, protection.RecoveryKeyError)):
            count = self.failures.add(recovery=recovery)
            what = "恢复密钥不对" if recovery else "密码不对"
            if isinstance(exc, protection.RecoveryKeyError) and "不属于" in str(exc):
                what = str(exc).rstrip("。")
            delay = int(protection.unlock_delay(count))
            if delay:
                self.wait_left = delay
                self._busy(True)
                self._tick_text(what, count)
                self.wait_timer.start()
            else:
                self.say(f"{what}（已连续输错 {count} 次）。")
            field = self.recovery if recovery else self.password
            field.selectAll()
            field.setFocus()
            return
        self.say(f"无法解锁：{exc}")

    def _tick_text(self, what: str, count: int) -> None:
        self._last_what = (what, count)
        self.message.setStyleSheet("color: #b00020;")
        self.say(f"{what}（已连续输错 {count} 次）。请等 {self.wait_left} 秒后再试。")

    def _tick(self) -> None:
        self.wait_left -= 1
        if self.wait_left <= 0:
            self.wait_timer.stop()
            self.wait_left = 0
            self._busy(False)
            self.say("现在可以再试一次。")
            (self.password if self.pages.currentIndex() == 0 else self.recovery).setFocus()
            return
        self._tick_text(*self._last_what)

    # -- the app lock cannot be closed ------------------------------------------------------
    def reject(self) -> None:
        if self.locked or self.task is not None:
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.locked and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked or self.task is not None:
            event.ignore()
            return
        super().closeEvent(event)
