"""成绩走势: a small line chart of each subject across exams, drawn with QPainter into an
image the growth card shows (vector charts for print come with the PDF report)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from liushou_desk.services.records import RecordView

COLORS = ["#2e7d6b", "#e4572e", "#3f51b5", "#f2a541", "#8e44ad", "#607d8b", "#c2185b"]


def grade_chart(grades: list[RecordView], width: int = 640, height: int = 220) -> QImage | None:
    """One line per subject over the exams (oldest left); None with fewer than two exams."""
    exams = [g for g in grades if g.scores]
    if len(exams) < 2:
        return None
    subjects = list(dict.fromkeys(s for g in exams for s in g.scores))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(11)
    p.setFont(font)
    left, top, right, bottom = 40, 12, width - 110, height - 40
    top_score = max(100.0, *(float(v) for g in exams for v in g.scores.values()))
    p.setPen(QPen(QColor("#bbb"), 1))
    for tick in range(0, int(top_score) + 1, 20):
        y = bottom - (bottom - top) * tick / top_score
        p.drawLine(QPointF(left, y), QPointF(right, y))
        p.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, str(tick))
    step = (right - left) / (len(exams) - 1)
    for i, g in enumerate(exams):
        x = left + step * i
        label = f"{g.values.get('exam', '')}\n{g.occurred_on:%m-%d}"
        p.setPen(QColor("#444"))
        p.drawText(QRectF(x - 45, bottom + 4, 90, 32), Qt.AlignmentFlag.AlignHCenter, label)
    for n, subject in enumerate(subjects):
        color = QColor(COLORS[n % len(COLORS)])
        p.setPen(QPen(color, 2))
        points = [
            QPointF(left + step * i, bottom - (bottom - top) * float(g.scores[subject]) / top_score)
            for i, g in enumerate(exams)
            if subject in g.scores
        ]
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        for pt in points:
            p.drawEllipse(pt, 3, 3)
        p.drawLine(QPointF(right + 14, top + 8 + n * 18), QPointF(right + 34, top + 8 + n * 18))
        p.setPen(QColor("#333"))
        p.drawText(QPointF(right + 40, top + 12 + n * 18), subject)
    p.end()
    return image
