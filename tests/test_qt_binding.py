"""Guards against a broken Qt binding: PySide6 6.12.0 released None once more than it took on
every call of a method returning nothing (setText, setEnabled …). On Python 3.11, where None is
not immortal, the app then aborted after a few thousand such calls ("deallocating None")."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_none_alive(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("张冬月")
        label.setEnabled(True)
    assert sys.getrefcount(None) - before > -50
