"""Starting the window: Qt application, Chinese standard buttons, error dialog, the archive."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from liushou_desk import APP_NAME, APP_TITLE, __version__, paths
from liushou_desk.resources import resource_path

if TYPE_CHECKING:
    from liushou_desk.services.roster_rows import RosterRow

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
    return app


def _trace(event: str) -> None:
    """With LIUSHOU_STARTUP_TRACE set, print when each start-up step is done (benchmarks)."""
    if os.environ.get("LIUSHOU_STARTUP_TRACE"):
        print(f"startup {event} {time.time():.4f}", file=sys.stderr, flush=True)


def _first_rows(path: Path, today: date) -> list[RosterRow] | None:
    """The roster straight from the file, when it is already at the newest schema."""
    import sqlite3

    from liushou_desk.db.first_paint import read_roster_facts
    from liushou_desk.db.schema import HEAD_REVISION, probe_revision, quick_check
    from liushou_desk.services.roster_rows import build_rows

    if not path.is_file() or path.stat().st_size == 0 or probe_revision(path) != HEAD_REVISION:
        return None
    quick_check(path)
    try:
        return build_rows(read_roster_facts(path), today)
    except (sqlite3.Error, ValueError, KeyError):
        log.exception("首屏名册读取失败，改为完整打开")
        return None


def run(path: Path, *, exit_after_startup: bool = False) -> int:
    """Open the archive at ``path`` in the main window; returns the exit code.

    Start-up goes in two steps: the file is checked and the roster shown with the standard
    library first; SQLAlchemy (about 0.3 s to load) then opens the archive for everything else.
    """
    _setup_logging()
    app = make_application(sys.argv[:1])
    app.setProperty("exit_after_startup", exit_after_startup)
    sys.excepthook = _excepthook

    from liushou_desk.db.schema import ArchiveOpenError

    def fail(message: str) -> int:
        print(message, file=sys.stderr)
        if not exit_after_startup:
            QMessageBox.critical(None, APP_TITLE, message)
        return 1

    try:
        rows = _first_rows(path, date.today())
    except (ArchiveOpenError, OSError) as exc:
        return fail(str(exc))

    from liushou_desk.ui.main_window import MainWindow

    window = MainWindow(first_rows=rows)
    window.roster_shown.connect(lambda: _trace("roster-shown"))
    outcome = {"code": 0}

    def open_archive_now() -> None:
        from liushou_desk.db.schema import open_archive

        try:
            archive = open_archive(path, backups=paths.backups_dir())
        except (ArchiveOpenError, OSError) as exc:
            window.hide()
            outcome["code"] = fail(str(exc))
            app.exit(outcome["code"])
            return
        window.attach(archive)
        _trace("ready")
        if exit_after_startup:
            QTimer.singleShot(0, app.quit)
        elif window.needs_class_info():
            window.edit_class_info()

    window.show()
    QTimer.singleShot(0, open_archive_now)  # after the first paint
    code = app.exec()
    if window.archive is not None:
        window.archive.close()
    return code or outcome["code"]
