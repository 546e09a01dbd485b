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


def test_the_window_opens_where_she_left_it_if_that_still_fits(qtbot) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.screen_fit import remember

    first = QMainWindow()
    qtbot.addWidget(first)
    free = first.screen().availableGeometry()
    show_fitted(first, free.width() // 2, free.height() // 2, "main")
    first.setGeometry(free.x() + 10, free.y() + 20, free.width() // 3, free.height() // 3)
    kept = first.geometry()
    remember(first, "main")

    again = QMainWindow()
    qtbot.addWidget(again)
    show_fitted(again, free.width() // 2, free.height() // 2, "main")
    assert again.geometry() == kept

    again.showMaximized()
    remember(again, "main")
    third = QMainWindow()
    qtbot.addWidget(third)
    show_fitted(third, free.width() // 2, free.height() // 2, "main")
    assert third.isMaximized()


def test_a_place_off_the_screen_now_is_not_used(qtbot) -> None:  # type: ignore[no-untyped-def]
    import json

    from liushou_desk import paths

    window = QMainWindow()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    places = {"main": {"x": 5000, "y": 5000, "w": 800, "h": 600, "max": 0}}  # a bigger screen
    paths.data_home().mkdir(parents=True, exist_ok=True)
    (paths.data_home() / "窗口位置.json").write_text(json.dumps(places), encoding="utf-8")
    show_fitted(window, free.width() // 2, free.height() // 2, "main")
    assert free.contains(window.geometry())
