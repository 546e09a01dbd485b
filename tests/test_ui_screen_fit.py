"""A window opens whole on its screen: at its usual size where that fits, maximised where it
would not (a 1366×768 screen with a taskbar) — never with its status bar below the edge."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from liushou_desk.ui.screen_fit import show_fitted


def test_a_window_too_tall_for_the_screen_is_maximised(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    show_fitted(window, free.width(), free.height())  # with its title bar it cannot fit
    assert window.isMaximized()


def test_a_window_that_fits_keeps_its_size_and_lies_inside_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    show_fitted(window, free.width() // 2, free.height() // 2)
    assert not window.isMaximized()
    assert (window.width(), window.height()) == (free.width() // 2, free.height() // 2)
    assert free.contains(window.geometry())
