"""日历 (calendar popup): a month to click on below a date field, in Chinese, weeks from Monday.

A click (or Enter) on a day picks it; 今天 picks today; Esc or a click outside closes it
without a change. The field keeps taking typed dates as before.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ui.qt_chinese import CHINA


class CalendarPopup(QFrame):
    """A small window that closes itself; ``picked`` carries the day chosen."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(CHINA)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.ShortDayNames
        )
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)  # Enter on the selected day
        self.today_button = QPushButton("今天")
        self.today_button.clicked.connect(lambda: self._pick(QDate.currentDate()))
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.today_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.calendar)
        layout.addLayout(buttons)

    def open_below(self, anchor: QWidget, current: date | None) -> None:
        """Show under ``anchor`` (above it when there is no room below), on ``current`` or
        today."""
        today = QDate.currentDate()
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        self.calendar.setDateTextFormat(today, bold)
        shown = today if current is None else QDate(current.year, current.month, current.day)
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(shown.year(), shown.month())
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = QGuiApplication.screenAt(below) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = max(area.left(), min(below.x(), area.right() - self.width()))
        y = below.y()
        if y + self.height() > area.bottom():
            y = max(area.top(), anchor.mapToGlobal(QPoint(0, 0)).y() - self.height())
        self.move(x, y)
        self.show()
        self.calendar.setFocus()

    def _pick(self, day: QDate) -> None:
        self.close()
        self.picked.emit(day.toPython())
