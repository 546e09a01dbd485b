"""锁定: the app lock of an encrypted archive — after some minutes without a key press or a
mouse click (10 by default, set under 档案 → 自动锁定…), or at once with Ctrl+L.

When locked, every window of the app is covered by a curtain that shows no child's data, and
the unlock dialog asks for the password (or the recovery key). Open dialogs keep what was typed
in them: they are covered, not closed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from liushou_desk.services import protection

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_EVERY_MS = 5000


class Curtain(QWidget):
    """A plain cover over one window while the app is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock-curtain")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#dfe6e3"))
        self.setPalette(palette)
        label = QLabel("档案已锁定")
        label.setStyleSheet("color: #56635e; font-size: 18pt;")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        covered = self.parentWidget()
        if watched is covered and covered is not None and event.type() == QEvent.Type.Resize:
            self.setGeometry(covered.rect())
        elif watched is self.parent() and event.type() == QEvent.Type.ChildAdded:
            self.raise_()
        return False


class AppLock(QObject):
    """Watches for input; locks after ``minutes`` idle or on ``lock()``."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        app: QApplication,
        db: Path,
        minutes: int,
        failures: protection.FailedUnlocks,
        on_unlocked: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(app)
        self.app = app
        self.db = db
        self.minutes = minutes
        self.failures = failures
        self.on_unlocked = on_unlocked
        self.last_input = time.monotonic()
        self.curtains: list[Curtain] = []
        self.dialog: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self._check_idle)
        app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.last_input = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            self.last_input = time.monotonic()
        elif kind == QEvent.Type.Show and self.dialog is not None:
            self._cover_if_new(watched)
        return False

    def _cover_if_new(self, watched: QObject) -> None:
        """A window that opens while locked (a preview at the end of long work) is covered too,
        and the unlock dialog stays in front."""
        if (
            isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.dialog
            and not isinstance(watched, Curtain)
            and not any(c.parentWidget() is watched for c in self.curtains)
        ):
            self.curtains.append(Curtain(watched))
            if self.dialog is not None:
                self.dialog.raise_()
                self.dialog.activateWindow()

    def _check_idle(self) -> None:
        if not self.locked and time.monotonic() - self.last_input >= self.minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Cover every window and ask for the password."""
        if self.locked:
            return
        from liushou_desk.ui.unlock_dialog import UnlockDialog

        windows = [
            w
            for w in self.app.topLevelWidgets()
            if w.isVisible() and not isinstance(w, Curtain) and w.objectName() != "unlock"
        ]
        self.curtains = [Curtain(w) for w in windows]
        dialog = UnlockDialog(self.db, self.failures, None, locked=True)
        dialog.setObjectName("unlock")
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.accepted.connect(self._unlocked)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.locked_changed.emit(True)

    def _unlocked(self) -> None:
        for curtain in self.curtains:
            parent = curtain.parentWidget()
            if parent is not None:
                parent.removeEventFilter(curtain)
            curtain.hide()
            curtain.deleteLater()
        self.curtains = []
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.last_input = time.monotonic()
        self.locked_changed.emit(False)
        if self.on_unlocked is not None:
            self.on_unlocked()

    def stop(self) -> None:
        self.timer.stop()
        self.app.removeEventFilter(self)
