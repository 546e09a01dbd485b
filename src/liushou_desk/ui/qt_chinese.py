"""Qt 自带对话框的中文: Qt's own dialogs and widgets speak Chinese.

Qt's catalogue (``qtbase_zh_CN.qm``, shipped with PySide6 and kept in the bundle) translates
most of what Qt shows, but it was written for older Qt: the file dialog's labels gained a
mnemonic in Qt 6 (``&Look in:``), folder types moved to ``QAbstractFileIconProvider`` and the
calendar has no entry at all — so those showed in English. ``resources/translations/
qt_supplement_zh_CN.ts`` (compiled to ``.qm`` beside it) holds those few strings and is asked
only after Qt's catalogue. Both are compiled Qt translators: Qt asks them from its own threads
too (the file dialog reads folders in the background), which a translator written in Python
could not answer safely. Dates follow the Chinese locale (2026年12月2日, 2026/12/2) wherever
Qt formats them with the default locale.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from liushou_desk.resources import resource_path

CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
QT_CATALOGUE = "qtbase_zh_CN"
SUPPLEMENT = "translations/qt_supplement_zh_CN.qm"
_INSTALLED = "liushou_chinese_installed"


def install_chinese(app: QCoreApplication) -> bool:
    """Chinese locale and translators for every Qt dialog; True when Qt's own catalogue was
    found (without it only the supplement's few strings are translated)."""
    QLocale.setDefault(CHINA)
    installed = app.property(_INSTALLED)
    if installed is not None:  # make_application runs more than once in one process (tests)
        return bool(installed)
    # the translator installed last is asked first: Qt's catalogue, then the supplement
    supplement = QTranslator(app)
    if supplement.load(str(resource_path(SUPPLEMENT))):
        app.installTranslator(supplement)
    qt_catalogue = QTranslator(app)
    found = qt_catalogue.load(
        QT_CATALOGUE, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    )
    if found:
        app.installTranslator(qt_catalogue)
    app.setProperty(_INSTALLED, found)
    return found
