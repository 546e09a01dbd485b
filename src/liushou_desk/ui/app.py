"""Starting the window: Qt application, Chinese standard buttons, error dialog, the archive."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from liushou_desk import APP_NAME, APP_TITLE, __version__, paths
from liushou_desk.resources import resource_path

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


def run(path: Path, *, exit_after_startup: bool = False) -> int:
    """Open the archive at ``path`` in the main window; returns the exit code."""
    _setup_logging()
    app = make_application(sys.argv[:1])
    app.setProperty("exit_after_startup", exit_after_startup)
    sys.excepthook = _excepthook

    from liushou_desk.db.schema import ArchiveOpenError, open_archive

    try:
        archive = open_archive(path, backups=paths.backups_dir())
    except (ArchiveOpenError, OSError) as exc:
        message = str(exc)
        print(message, file=sys.stderr)
        if not exit_after_startup:
            QMessageBox.critical(None, APP_TITLE, message)
        return 1

    from liushou_desk.ui.main_window import MainWindow

    window = MainWindow(archive)
    if exit_after_startup:
        window.roster_shown.connect(lambda: QTimer.singleShot(0, app.quit))
    window.show()
    code = app.exec()
    archive.close()
    return code
