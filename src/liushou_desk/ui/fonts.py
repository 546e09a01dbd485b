"""界面字体: the window uses the system's font and falls back, character by character, to the
bundled faces for rare name characters (CJK Ext A–F, e.g. 䶮 𠇔 𬌗) that Windows 10's fonts
lack — the same faces the PDFs embed, so the screen and the paper agree.

A PC with no Chinese font at all (a bare Linux box, a stripped Windows image) would show every
word as boxes: there the bundled main face of the PDFs (文泉驿微米黑) comes first among the
fallbacks. Where the system has one (Windows' 微软雅黑), it is never loaded."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from liushou_desk.resources import resource_path

FALLBACK_FILES = ("fonts/LiushouHanaA.ttf", "fonts/LiushouHanaB.ttf")
MAIN_FILE = "fonts/wqy-microhei.ttc"  # the PDFs' main face


def _has_chinese() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def use_bundled_fallbacks(app: QApplication) -> list[str]:
    """Register the bundled faces and put them after the system font; returns their families."""
    families: list[str] = []
    files = FALLBACK_FILES if _has_chinese() else (MAIN_FILE, *FALLBACK_FILES)
    for relative in files:
        path = resource_path(relative)
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if families:
        font = app.font()
        current = [f for f in font.families() if f not in families] or [font.family()]
        font.setFamilies(current + families)
        app.setFont(font)
    return families
