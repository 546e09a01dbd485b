"""设置密码 / 加密档案 / 修改密码: one form for the three ways a password is set.

The work (a key derivation of about a second; encrypting an archive takes a few more) runs
off the GUI thread with a busy bar; a wrong old password or an unusable new one is shown under
its field and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QLineEdit, QProgressBar, QWidget

from liushou_desk.services import protection
from liushou_desk.ui.background import QuietTask
from liushou_desk.ui.fields import TextField
from liushou_desk.ui.form_dialog import FormDialog
from liushou_desk.ui.plain_text import plain_label

NEW, ENCRYPT, CHANGE = "new", "encrypt", "change"

_TEXTS = {
    NEW: (
        "设置档案密码",
        "档案里是学生的个人信息（身份证号、家庭、健康和心理状况），会加密保存在这台电脑上。"
        "请设置一个密码：每次打开档案、解除锁定时都要输入它。下一步会生成“恢复密钥单”，"
        "忘记密码时可以用它解锁。",
        "设置密码",
        "正在设置密码…",
    ),
    ENCRYPT: (
        "加密档案",
        "这份档案还没有加密：别人拷走档案文件就能看到学生的个人信息。设置密码后，档案和"
        "它的备份都会加密保存，原来未加密的文件会被覆盖后删除。下一步会生成“恢复密钥单”。",
        "加密档案",
        "正在加密档案并逐项核对，请稍候…",
    ),
    CHANGE: (
        "修改密码",
        "只改变打开档案用的密码，档案内容不变；恢复密钥单仍然有效。",
        "修改密码",
        "正在修改密码…",
    ),
}


def _password(placeholder: str) -> TextField:
    field = TextField(placeholder, 128)
    field.line.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class SetPasswordDialog(FormDialog):
    """``apply(old, new, confirm)`` runs in a thread; its result is kept in ``result_value``."""

    def __init__(
        self,
        mode: str,
        apply: Callable[[str, str, str], Any],
        parent: QWidget | None = None,
        context: Sequence[str] = (),
    ) -> None:
        """``context``: the school, class and teacher's names — a password made of them is
        refused (a colleague would try them first)."""
        title, hint, ok, self.busy_text = _TEXTS[mode]
        super().__init__(
            title,
            parent,
            hint=hint,
            ok_text=ok,
            note="密码至少 8 个字符，可以用汉字、字母、数字和符号。"
            "不要用生日、学号、123456 这类别人容易猜到的内容。",
            min_width=500,
        )
        self.mode = mode
        self.apply = apply
        self.context = tuple(context)
        self.result_value: Any = None
        self.task: QuietTask | None = None
        self.old = _password("现在的密码")
        self.new = _password("至少 6 个字符")
        self.confirm = _password("再输入一次")
        if mode == CHANGE:
            self.form.addRow("现在的密码：", self.old)
        self.form.addRow("新密码：" if mode == CHANGE else "密码：", self.new)
        self.form.addRow("确认密码：", self.confirm)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.hide()
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.status.hide()
        self.form.addRow(self.status)
        self.form.addRow(self.bar)
        (self.old if mode == CHANGE else self.new).setFocus()

    def _fields(self) -> list[TextField]:
        return [self.old, self.new, self.confirm]

    def submit(self) -> None:
        if self.task is not None:
            return
        for f in self._fields():
            f.set_error(None)
        old, new, again = self.old.value(), self.new.value(), self.confirm.value()
        if self.mode == CHANGE and not old:
            self.old.set_error("请输入现在的密码。")
            self.old.setFocus()
            return
        problem = protection.password_problem(new, self.context)
        if problem:
            self.new.set_error(problem)
            self.new.setFocus()
            return
        if again != new:
            self.confirm.set_error("两次输入的密码不一样。")
            self.confirm.setFocus()
            return
        self._busy(True)
        self.task = QuietTask(
            self, lambda: self.apply(old, new, again), self._done, self._failed
        ).start()

    def _busy(self, busy: bool) -> None:
        for f in self._fields():
            f.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self.bar.setVisible(busy)
        self.status.setStyleSheet("color: #555;")
        self.status.setText(self.busy_text if busy else "")
        self.status.setVisible(busy)

    def _done(self, result: Any) -> None:
        self.task = None
        self._busy(False)
        self.result_value = result
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self._busy(False)
        if isinstance(exc, protection.WrongPasswordError):
            self.old.set_error("现在的密码不对。")
            self.old.line.selectAll()
            self.old.setFocus()
        elif isinstance(exc, protection.PasswordError):
            self.new.set_error(str(exc))
            self.new.setFocus()
        else:
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(f"没有完成，档案保持原样：{exc}")
            self.status.show()

    def reject(self) -> None:
        if self.task is None:  # encryption under way is never cut off
            super().reject()
