"""打开档案时的提问 (the window's answers): the questions opening an archive may ask —
unlock, a password for a new archive with its recovery sheet, copy off a stick, go back to a
backup — asked with the app's dialogs before the main window exists; and the 操作日志 found
changed, told as the archive opens."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from liushou_desk.services.backups import BackupInfo
    from liushou_desk.services.protection import FailedUnlocks
    from liushou_desk.ui.prompts import Prompts


class WindowQuestions:
    """``ops.questions.Questions`` answered with dialogs. ``exec_dialog`` runs one modally (the
    tests drive it); in smoke-test mode (``quiet``) every yes/no is a no."""

    def __init__(
        self,
        prompts: Prompts,
        exec_dialog: Callable[[QDialog], bool],
        failures: FailedUnlocks,
        *,
        quiet: bool = False,
    ) -> None:
        self.prompts, self.exec_dialog, self.failures, self.quiet = (
            prompts,
            exec_dialog,
            failures,
            quiet,
        )

    def unlock(self, path: Path) -> bool:
        from liushou_desk.ui.unlock_dialog import UnlockDialog

        return self.exec_dialog(UnlockDialog(path, self.failures))

    def protect_new(self, path: Path) -> bool:
        from liushou_desk.services import protection
        from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog
        from liushou_desk.ui.set_password_dialog import NEW, SetPasswordDialog

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

    def copy_here(self, problem: str, local: Path) -> bool:
        if self.quiet:
            return False
        return self.prompts.confirm(
            None, problem, f"复制到本机后打开：\n{local}\n原文件保持不变。要复制吗？"
        )

    def restore(self, message: str, good: BackupInfo) -> bool:
        if self.quiet:
            return False
        return self.prompts.confirm(
            None,
            message,
            f"最近一份完好的备份是 {good.taken_at:%Y年%m月%d日 %H:%M} 的{good.label}。"
            "要用它恢复吗？损坏的文件会另存一份，不会删除。",
        )

    def log_altered(self, message: str) -> None:
        if self.quiet:
            print(f"注意：操作日志校验未通过：{message}", file=sys.stderr)
            return
        self.prompts.error(
            None,
            f"操作日志校验未通过：{message}",
            "档案里的数据可以照常使用。操作日志记录了谁在什么时候改过学生档案，"
            "它可能被人用别的软件改动过。请把这个情况告诉学校信息老师，不要自行修改档案文件。",
        )

    def file_damaged(self, message: str) -> None:
        if self.quiet:
            print(f"注意：{message}", file=sys.stderr)
            return
        self.prompts.error(
            None,
            message,
            "请先不要继续录入。用“档案 → 从备份恢复…”恢复最近一次的备份；"
            "当前文件会另存一份，交给学校信息老师检查。",
        )

    def numbers_shared(self, lines: list[str]) -> None:
        if self.quiet:
            print("注意：" + "；".join(lines), file=sys.stderr)
            return
        self.prompts.error(
            None,
            "有学生的身份证号或学籍号相同：\n" + "\n".join(lines[:20]),
            "同一个号码只能属于一名学生。请在“五个清楚”中改正填错的号码"
            "（多半是导入名册时填错了列）；改正之前，档案可以照常使用。",
        )
