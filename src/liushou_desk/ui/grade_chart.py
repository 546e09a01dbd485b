"""成绩走势: the growth card's grade chart drawn with QPainter into an image the card on screen
shows — the same points, scale and labels as the chart in the PDF (both come from the card's
view model)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from liushou_desk.services.growth_card_model import GradeChart

# the PDF's palette, in the same order: a subject has one colour on screen and on paper
COLORS = ["#2e7d6b", "#1565c0", "#c62828", "#ef6c00", "#6a1b9a", "#00838f"]


def grade_chart(chart: GradeChart, width: int = 640, height: int = 220) -> QImage:
    """One line per subject over the exams (oldest left), with a legend on the right."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(11)
    p.setFont(font)
    left, top, right, bottom = 40, 12, width - 110, height - 40
    tick = 0.0
    while tick <= chart.top + 1e-9:
        y = bottom - (bottom - top) * tick / chart.top
        p.setPen(QPen(QColor("#ddd"), 1))
        p.drawLine(QPointF(left, y), QPointF(right, y))
        p.setPen(QColor("#555"))
        p.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{tick:g}")
        tick += chart.step
    slot = (right - left) / max(len(chart.exams), 1)
    p.setPen(QColor("#444"))
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
    for i, label in enumerate(chart.exams):
        x = left + slot * (i + 0.5)
        p.drawText(QRectF(x - slot / 2, bottom + 4, slot, 32), flags, label)
    for n, line in enumerate(chart.lines):
        color = QColor(COLORS[n % len(COLORS)])
        p.setPen(QPen(color, 2))
        points = [
            QPointF(left + slot * (i + 0.5), bottom - (bottom - top) * v / chart.top)
            for i, v in enumerate(line.scores)
            if v is not None
        ]
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        p.setBrush(color)
        for pt in points:
            p.drawEllipse(pt, 3, 3)
        p.fillRect(QRectF(right + 14, top + 3 + n * 18, 10, 10), color)
        p.setPen(QColor("#333"))
        p.drawText(QPointF(right + 30, top + 12 + n * 18), line.subject)
    p.end()
    return image
