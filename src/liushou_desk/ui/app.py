"""Starting the window: Qt application, Chinese standard buttons, error dialog, the archive."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from liushou_desk import APP_NAME, APP_TITLE, __version__, paths
from liushou_desk.resources import resource_path
from liushou_desk.ui.desk_protection import DeskProtection
from liushou_desk.ui.qt_chinese import install_chinese
from liushou_desk.ui.runner import GcHold
from liushou_desk.ui.screen_fit import show_fitted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from liushou_desk.ops.opening import Opening
    from liushou_desk.services.backups import RestoreResult
    from liushou_desk.ui.app_lock import AppLock
    from liushou_desk.ui.background_checks import BackgroundChecks
    from liushou_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
WHOLE_LOG_AFTER_MS = 2000  # the whole 操作日志 walked this long after the archive is open


def _setup_logging() -> None:
    try:
        folder = paths.logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(
            folder / "liushou-desk.log", encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Log any uncaught error and tell the teacher in plain words; the app keeps running."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("未处理的错误\n%s", text)
    print(text, file=sys.stderr)
    app = QApplication.instance()
    if app is None or app.property("exit_after_startup"):
        return
    from liushou_desk.ui.prompts import message_box

    box = message_box(QMessageBox.Icon.Critical, "程序遇到了一个意外错误。", None)
    box.setInformativeText(
        "已保存的档案不受影响；刚才这一步操作可能没有完成，请检查后重试。\n"
        f"错误详情已记录在：{paths.logs_dir() / 'liushou-desk.log'}"
    )
    box.setDetailedText(text)
    box.exec()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    if not install_chinese(app):
        log.warning("没有找到 Qt 的中文翻译 qtbase_zh_CN.qm")
    icon = resource_path("icons/app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    from liushou_desk.ui.fonts import use_bundled_fallbacks

    use_bundled_fallbacks(app)
    return app


def _trace(event: str) -> None:
    """With LIUSHOU_STARTUP_TRACE set, print when each start-up step is done (benchmarks)."""
    if os.environ.get("LIUSHOU_STARTUP_TRACE"):
        print(f"startup {event} {time.time():.4f}", file=sys.stderr, flush=True)


class DeskApp:
    """One archive in one window: opened in two steps by ``ops.opening`` (the roster first,
    then the archive), its questions asked with dialogs, backups at start and close, restore."""

    def __init__(self, app: QApplication, path: Path, exit_after_startup: bool) -> None:
        from liushou_desk.services.protection import FailedUnlocks
        from liushou_desk.ui.prompts import Prompts

        self.app = app
        self.path = path
        self.exit_after_startup = exit_after_startup
        self.prompts = Prompts()
        self.opening: Opening | None = None
        self.window: MainWindow | None = None
        self.code = 0
        self.failures = FailedUnlocks()
        self.protection = DeskProtection(self)
        self.after_open: Callable[[MainWindow], None] | None = None
        self.checks: BackgroundChecks | None = None  # the window's, after the first paint

    @property
    def app_lock(self) -> AppLock | None:
        return self.protection.app_lock

    # -- messages ---------------------------------------------------------------------------
    def fail(self, message: str) -> int:
        print(message, file=sys.stderr)
        if not self.exit_after_startup:
            from liushou_desk.ui.prompts import message_box

            message_box(QMessageBox.Icon.Critical, message, None).exec()
        self.code = 1
        return 1

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog modally (tests replace this to drive the dialog themselves)."""
        from PySide6.QtWidgets import QDialog

        return dialog.exec() == QDialog.DialogCode.Accepted

    # -- start ------------------------------------------------------------------------------
    def start(self) -> bool:
        """Steps before the first paint (ops.opening); False when the archive is not opened."""
        from liushou_desk.ops.opening import prepare
        from liushou_desk.ops.questions import OpenRefused
        from liushou_desk.ui.desk_questions import WindowQuestions

        questions = WindowQuestions(
            self.prompts,
            lambda dialog: self.exec_dialog(dialog),
            self.failures,
            quiet=self.exit_after_startup,
        )
        try:
            self.opening = prepare(self.path, questions, ask_password=not self.exit_after_startup)
        except OpenRefused as exc:
            if str(exc):
                self.fail(str(exc))
            return False
        self.path = self.opening.path
        self._show()
        return True

    def reopen(self, old: MainWindow) -> None:
        assert self.opening is not None
        old.hide()
        old.deleteLater()
        self.opening.first_check()
        self._show()

    def _show(self) -> None:
        """The window on screen at once, on its 待办 page (filled once the archive is open);
        the roster is read when it is first shown."""
        from liushou_desk.ui.main_window import MainWindow

        window = MainWindow(prompts=self.prompts)
        window.first_shown.connect(lambda: _trace("window-shown"))
        window.restore_requested.connect(self.restore)
        self.window = window
        show_fitted(window, 1200, 760, "main")
        QTimer.singleShot(0, self._open_archive)  # after the first paint

    def _open_archive(self) -> None:
        from liushou_desk.ops import backups
        from liushou_desk.ops.questions import OpenRefused

        window, opening = self.window, self.opening
        assert window is not None and opening is not None
        try:
            archive = opening.open()
        except OpenRefused as exc:
            window.hide()
            self.fail(str(exc))
            self.app.exit(1)
            return
        window.attach(archive)
        self.protection.protect(window)
        GcHold.after_startup()
        _trace("ready")
        after, self.after_open = self.after_open, None
        if after is not None:
            after(window)
        if self.exit_after_startup:
            QTimer.singleShot(0, self.app.quit)
            return
        self._daily_backup(window)
        backups.wipe_print_copies()
        QTimer.singleShot(WHOLE_LOG_AFTER_MS, lambda: self._check_whole_log(window))
        if window.needs_class_info():
            window.edit_class_info()

    def _check_whole_log(self, window: MainWindow) -> None:
        """The whole 操作日志 walked off the GUI thread once the class is on screen (the opening
        checked what can change between two sessions); the teacher hears of it only when
        something is wrong."""
        opening, archive = self.opening, window.archive
        if window is not self.window or archive is None or opening is None:
            return
        from liushou_desk.ui.background_checks import BackgroundChecks

        self.checks = BackgroundChecks(window, window.runner)
        self.checks.run(
            "正在核对操作日志…",
            lambda progress: opening.check_whole_log(archive, progress),
            opening.tell_log,
        )

    def _stop_checks(self) -> None:
        if self.checks is not None:
            self.checks.stop()
            self.checks = None

    # -- backups ----------------------------------------------------------------------------
    def _daily_backup(self, window: MainWindow) -> None:
        """At start, when the last automatic backup is a day old: on the window's writer,
        silently (a failure goes to the log only)."""
        from liushou_desk.ops import backups

        if not backups.daily_backup_due(self.path, datetime.now()):
            return
        path = self.path
        window.runner.run(
            "正在备份…",
            lambda _progress: backups.daily_backup(path),
            lambda _info: None,
            lambda _exc: log.error("启动时的自动备份失败"),
            writes=True,
            quiet=True,
        )

    def finish(self) -> None:
        """At close: queued writes finish, the archive is closed, backed up (verified), and
        the lock released."""
        from liushou_desk.ops.closing import close

        window = self.window
        archive = window.archive if window is not None else None
        if window is not None and archive is not None:
            self._stop_checks()
            window.runner.wait_idle()
        self.protection.stop()
        if self.opening is not None:
            close(self.opening, archive, backup=not self.exit_after_startup)

    # -- restore ----------------------------------------------------------------------------
    def restore(self, backup: Path) -> None:
        """Close the archive, put the backup in its place (safety copy first), open it again."""
        from liushou_desk.ops import backups

        old = self.window
        assert old is not None and old.archive is not None
        self._stop_checks()
        old.runner.wait_idle()
        old.archive.close()
        path = self.path

        def done(result: RestoreResult) -> None:
            self.reopen(old)
            when = result.restored_from.taken_at
            safety = result.safety_copy
            self.prompts.info(
                self.window,
                f"档案已恢复到 {when:%Y年%m月%d日 %H:%M} 的状态。",
                f"恢复前的档案另存为：{safety}" if safety else "",
            )

        def failed(exc: Exception) -> None:
            self.reopen(old)
            self.prompts.error(self.window, "恢复没有完成，档案保持原样。", str(exc))

        old.runner.run(
            "正在检查备份并恢复…",
            lambda _progress: backups.restore(path, backup),
            done,
            failed,
            writes=True,
        )


def run(path: Path, *, exit_after_startup: bool = False) -> int:
    """Open the archive at ``path`` in the main window; returns the exit code."""
    gc.disable()  # no cycle passes while start-up builds what lives as long as the window
    _setup_logging()
    app = make_application(sys.argv[:1])
    app.setProperty("exit_after_startup", exit_after_startup)
    sys.excepthook = _excepthook
    desk = DeskApp(app, path, exit_after_startup)
    try:
        if not desk.start():
            return desk.code or 1
        code = app.exec()
    finally:
        desk.finish()
        gc.freeze()  # everything is closed and saved: no last cycle pass over the heap at exit
    return code or desk.code
