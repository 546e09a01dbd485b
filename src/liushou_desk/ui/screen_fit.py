"""适配屏幕 (fitting the screen): a window opens whole on the screen it is on — at its usual
size where that fits, maximised on a small screen (1366×768 with a taskbar), never with its
status bar or buttons below the bottom edge."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

FRAME = (16, 40)  # a window manager's border and title bar, at most (Windows 10/11, openbox)


def show_fitted(window: QWidget, width: int, height: int) -> None:
    """Show ``window`` at ``width``×``height`` centred on its screen, or maximised when that
    (with the title bar) would not fit the screen's free area."""
    screen = window.screen()
    free = screen.availableGeometry() if screen is not None else None
    if free is None or width + FRAME[0] > free.width() or height + FRAME[1] > free.height():
        window.resize(min(width, free.width()) if free else width, height)
        window.showMaximized()
        return
    window.resize(width, height)
    window.move(
        free.x() + (free.width() - width - FRAME[0]) // 2,
        free.y() + (free.height() - height - FRAME[1]) // 2,
    )
    window.show()
