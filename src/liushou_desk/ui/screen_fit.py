"""适配屏幕 (fitting the screen): a window opens whole on the screen it is on — at its usual
size where that fits, maximised on a small screen (1366×768 with a taskbar), never with its
status bar or buttons below the bottom edge — and, once she has moved or sized it, as she left
it (``窗口位置.json`` in the data folder: positions only), as long as that still fits."""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from liushou_desk import paths

PLACES_FILE = "窗口位置.json"
log = logging.getLogger(__name__)

FRAME = (16, 40)  # a window manager's border and title bar, at most (Windows 10/11, openbox)


def _places() -> dict[str, dict[str, int]]:
    try:
        data = json.loads((paths.data_home() / PLACES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(window: QWidget, name: str) -> None:
    """Keep where and how big ``window`` is (or that it is maximised), for its next opening."""
    places = _places()
    g = window.normalGeometry() if window.isMaximized() else window.geometry()
    places[name] = {
        "x": g.x(),
        "y": g.y(),
        "w": g.width(),
        "h": g.height(),
        "max": int(window.isMaximized()),
    }
    try:
        folder = paths.data_home()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / PLACES_FILE).write_text(json.dumps(places), encoding="utf-8")
    except OSError:
        log.info("窗口位置没有保存")  # a read-only data folder: the next start uses the default


def show_fitted(window: QWidget, width: int, height: int, name: str = "") -> None:
    """Show ``window`` where she left it (``name``), else at ``width``×``height`` centred on its
    screen, or maximised when that (with the title bar) would not fit the free area."""
    screen = window.screen()
    free = screen.availableGeometry() if screen is not None else None
    place = _places().get(name) if name else None
    if place is not None and free is not None:
        try:
            rect = QRect(int(place["x"]), int(place["y"]), int(place["w"]), int(place["h"]))
        except (KeyError, TypeError, ValueError):
            rect = QRect()
        if place.get("max"):
            window.showMaximized()
            return
        if rect.isValid() and free.contains(rect):  # the screen may be smaller now
            window.setGeometry(rect)
            window.show()
            return
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
