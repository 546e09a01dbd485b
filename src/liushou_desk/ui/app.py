"""Starting the window: Qt application, Chinese standard buttons, error dialog, the archive."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from liushou_desk import APP_NAME, APP_TITLE, __version__, paths
from liushou_desk.resources import resource_path
from liushou_desk.ui.desk_protection import DeskProtection

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from liushou_desk.db.lock import ArchiveLock
    from liushou_desk.services.roster_rows import RosterRow
    from liushou_desk.ui.app_lock import AppLock
    from liushou_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


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
    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, "程序遇到了一个意外错误。")
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
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load(
        "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)
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


def _first_rows(path: Path, today: date) -> list[RosterRow] | None:
    """The roster straight from the file, when it is already at the newest schema."""
    from liushou_desk.db import cipher
    from liushou_desk.db.first_paint import read_roster_facts
    from liushou_desk.db.schema import HEAD_REVISION, probe_revision, quick_check, refuse_emptied
    from liushou_desk.services.roster_rows import build_rows

    refuse_emptied(path)
    if not path.is_file() or path.stat().st_size == 0 or probe_revision(path) != HEAD_REVISION:
        return None
    quick_check(path)
    try:
        return build_rows(read_roster_facts(path), today)
    except (cipher.Error, ValueError, KeyError):
        log.exception("首屏名册读取失败，改为完整打开")
        return None


class DeskApp(DeskProtection):
    """One archive in one window: the writer's lock, start-up in two steps, a damaged file or
    an unsafe place handled before anything is shown, backups at start and close, restore."""

    def __init__(self, app: QApplication, path: Path, exit_after_startup: bool) -> None:
        from liushou_desk.ui.prompts import Prompts

        self.app = app
        self.path = path
        self.exit_after_startup = exit_after_startup
        self.prompts = Prompts()
        self.lock: ArchiveLock | None = None
        self.window: MainWindow | None = None
        self.code = 0
        from liushou_desk.services.protection import FailedUnlocks

        self.failures = FailedUnlocks()
        self.app_lock: AppLock | None = None
        self.after_open: Callable[[MainWindow], None] | None = None

    # -- messages ---------------------------------------------------------------------------
    def fail(self, message: str) -> int:
        print(message, file=sys.stderr)
        if not self.exit_after_startup:
            QMessageBox.critical(None, APP_TITLE, message)
        self.code = 1
        return 1

    def ask(self, text: str, detail: str) -> bool:
        """A yes/no question before the window exists (never asked in smoke-test mode)."""
        if self.exit_after_startup:
            return False
        return self.prompts.confirm(None, text, detail)

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog modally (tests replace this to drive the dialog themselves)."""
        from PySide6.QtWidgets import QDialog

        return dialog.exec() == QDialog.DialogCode.Accepted

    # -- start ------------------------------------------------------------------------------
    def start(self) -> bool:
        from liushou_desk.db.encrypt import finish_interrupted
        from liushou_desk.db.location import storage_problem
        from liushou_desk.db.lock import ArchiveLock
        from liushou_desk.db.schema import ArchiveCorruptError, ArchiveOpenError

        try:
            if not self.path.exists() or storage_problem(self.path) is None:
                # another window has it open: say so before asking for the password
                self.lock = ArchiveLock(self.path).acquire()
            if not self._unlock_or_protect():
                return False
            if not self._safe_place():
                return False
            if self.lock is None:  # the archive was copied here from a stick or a share
                self.lock = ArchiveLock(self.path).acquire()
        except ArchiveOpenError as exc:
            self.fail(str(exc))
            return False
        finish_interrupted(self.path)  # an encryption cut off by a power cut (under the lock)
        try:
            rows = _first_rows(self.path, date.today())
        except ArchiveCorruptError as exc:
            if not self._recover(str(exc)):
                return False
            rows = None
        except (ArchiveOpenError, OSError) as exc:
            self.fail(str(exc))
            return False
        self._show(rows)
        return True

    def _reopen(self, old: MainWindow) -> None:
        old.hide()
        old.deleteLater()
        self._show(_first_rows(self.path, date.today()))

    def _safe_place(self) -> bool:
        """SQLite is not safe live on a network share or a USB stick: offer a local copy."""
        from liushou_desk.db.location import storage_problem

        problem = storage_problem(self.path) if self.path.exists() else None
        if problem is None:
            return True
        local = paths.data_home() / "archives" / self.path.name
        if local.exists() or not self.ask(
            problem, f"复制到本机后打开：\n{local}\n原文件保持不变。要复制吗？"
        ):
            self.fail(problem + (f"\n本机已有同名档案：{local}" if local.exists() else ""))
            return False
        from liushou_desk.db.backup import BackupError, snapshot_verified
        from liushou_desk.services.backups import copy_keyfile

        try:
            snapshot_verified(self.path, local)
            copy_keyfile(self.path, local)
        except BackupError as exc:
            self.fail(str(exc))
            return False
        self.path = local
        return True

    def _recover(self, message: str) -> bool:
        """A damaged archive: offer the newest backup that passes the full check."""
        from liushou_desk.db.schema import ArchiveOpenError
        from liushou_desk.services.backups import newest_good_backup, restore_backup

        good = newest_good_backup(self.path)
        if good is None:
            self.fail(message + "\n没有找到可用的备份。请把这个文件交给学校信息老师检查。")
            return False
        if not self.ask(
            message,
            f"最近一份完好的备份是 {good.taken_at:%Y年%m月%d日 %H:%M} 的{good.label}。"
            "要用它恢复吗？损坏的文件会另存一份，不会删除。",
        ):
            self.fail(message)
            return False
        try:
            restore_backup(good.path, self.path)
        except ArchiveOpenError as exc:
            self.fail(str(exc))
            return False
        return True

    def _show(self, rows: list[RosterRow] | None) -> None:
        from liushou_desk.ui.main_window import MainWindow

        window = MainWindow(first_rows=rows, prompts=self.prompts)
        window.roster_shown.connect(lambda: _trace("roster-shown"))
        window.restore_requested.connect(self.restore)
        self.window = window
        window.show()
        QTimer.singleShot(0, self._open_archive)  # after the first paint

    def _open_archive(self) -> None:
        from liushou_desk.db.schema import ArchiveOpenError, open_archive
        from liushou_desk.services.backups import backup_folder

        window = self.window
        assert window is not None
        try:
            archive = open_archive(self.path, backups=backup_folder(self.path))
        except (ArchiveOpenError, OSError) as exc:
            window.hide()
            self.fail(str(exc))
            self.app.exit(1)
            return
        window.attach(archive)
        self._protect(window)
        _trace("ready")
        after, self.after_open = self.after_open, None
        if after is not None:
            after(window)
        if self.exit_after_startup:
            QTimer.singleShot(0, self.app.quit)
            return
        self._daily_backup()
        _empty_print_folder()
        if window.needs_class_info():
            window.edit_class_info()

    # -- backups ----------------------------------------------------------------------------
    def _daily_backup(self) -> None:
        """At start, when the last automatic backup is a day old: in a thread, silently."""
        from liushou_desk.services.backups import needs_daily_backup

        if not needs_daily_backup(self.path, datetime.now()):
            return
        path = self.path

        def work() -> None:
            from liushou_desk.services.backups import prune, take_backup

            try:
                take_backup(path, tag="auto")
                prune(path)
            except Exception:
                log.exception("启动时的自动备份失败")

        threading.Thread(target=work, name="daily-backup", daemon=False).start()

    def finish(self) -> None:
        """At close: the archive is closed, backed up (verified), and the lock released."""
        window = self.window
        if window is not None and window.archive is not None:
            window.archive.close()
            if not self.exit_after_startup:
                from liushou_desk.services.backups import prune, take_backup

                try:
                    take_backup(self.path, tag="close")
                    prune(self.path)
                except Exception:
                    log.exception("关闭时的自动备份失败")
                self._copy_to_stick()
                _empty_print_folder()
        if self.app_lock is not None:
            self.app_lock.stop()
        if self.lock is not None:
            self.lock.release()

    def _copy_to_stick(self) -> None:
        """Portable copy on a USB stick: a verified copy of the archive goes onto the stick
        at close (the newest 7 are kept), the live archive stays on the computer."""
        folder = paths.stick_copies_dir()
        if folder is None:
            return
        from liushou_desk.services.backups import remove_backup, take_backup

        try:
            folder.mkdir(parents=True, exist_ok=True)
            take_backup(self.path, tag="stick", out=folder)
            copies = sorted(folder.glob(f"{self.path.stem}-*-stick.sqlite"))
            for old in copies[:-7]:
                remove_backup(old)
        except Exception:
            log.exception("复制到U盘失败")

    # -- restore ----------------------------------------------------------------------------
    def restore(self, backup: Path) -> None:
        """Close the archive, put the backup in its place (safety copy first), open it again."""
        from liushou_desk.services.backups import restore_backup
        from liushou_desk.ui.background import BackgroundTask

        old = self.window
        assert old is not None and old.archive is not None
        old.archive.close()
        path = self.path

        def done(result: object) -> None:
            self._reopen(old)
            when = result.restored_from.taken_at  # type: ignore[attr-defined]
            safety = result.safety_copy  # type: ignore[attr-defined]
            self.prompts.info(
                self.window,
                f"档案已恢复到 {when:%Y年%m月%d日 %H:%M} 的状态。",
                f"恢复前的档案另存为：{safety}" if safety else "",
            )

        def failed(exc: Exception) -> None:
            self._reopen(old)
            self.prompts.error(self.window, "恢复没有完成，档案保持原样。", str(exc))

        self.restore_task = BackgroundTask(
            old, "正在检查备份并恢复…", lambda _progress: restore_backup(backup, path), done, failed
        ).start()


def run(path: Path, *, exit_after_startup: bool = False) -> int:
    """Open the archive at ``path`` in the main window; returns the exit code."""
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
    return code or desk.code


def _empty_print_folder() -> None:
    """PDFs opened in the system reader hold children's details: overwritten and removed at
    every start and close."""
    from liushou_desk.safe_files import wipe_tree

    wipe_tree(paths.print_temp_dir())
