"""界面字体: the bundled faces behind the system font — the rare-character faces always, the
PDFs' main face only on a PC with no Chinese font (else every word would show as boxes)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from liushou_desk.ui import fonts


@pytest.mark.parametrize("system_has_chinese", [False, True])
def test_chinese_is_readable_whatever_the_system_has(qtbot, monkeypatch, system_has_chinese):  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    monkeypatch.setattr(fonts, "_has_chinese", lambda: system_has_chinese)
    try:
        families = fonts.use_bundled_fallbacks(app)
        main = "WenQuanYi Micro Hei"
        assert (main in families) is not system_has_chinese
        chosen = app.font().families()
        assert chosen[0] == before.family()  # the system's font first, as before
        assert chosen[-len(families) :] == families  # then the bundled ones
        if not system_has_chinese:  # the common face before the rare characters' faces
            assert families.index(main) < min(i for i, f in enumerate(families) if "Hana" in f)
    finally:
        app.setFont(before)
