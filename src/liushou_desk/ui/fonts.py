"""界面字体: the window uses the system's font and falls back, character by character, to the
bundled faces for rare name characters (CJK Ext A–F, e.g. 䶮 𠇔 𬌗) that Windows 10's fonts
lack — the same faces the PDFs embed, so the screen and the paper agree."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from liushou_desk.resources import resource_path

FALLBACK_FILES = ("fonts/LiushouHanaA.ttf", "fonts/LiushouHanaB.ttf")


def use_bundled_fallbacks(app: QApplication) -> list[str]:
    """Register the bundled faces and put them after the system font; returns their families."""
    families: list[str] = []
    for relative in FALLBACK_FILES:
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
