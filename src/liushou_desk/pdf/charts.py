"""图表: vector charts for the PDFs, drawn with reportlab.graphics shapes in the bundled main
font — the monthly talk coverage of the term report and a child's grades across exams.

The charts are composed from plain shapes (lines, rectangles, strings) rather than ReportLab's
chart widgets: a term report has a chart per child, and the widgets' expansion cost more than
the rest of a card's page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm

from liushou_desk.pdf.fonts import MAIN
from liushou_desk.services.growth_card_model import GradeChart
from liushou_desk.services.term_report import MonthCoverage

PALETTE = [HexColor(c) for c in ("#2e7d6b", "#1565c0", "#c62828", "#ef6c00", "#6a1b9a", "#00838f")]
AXIS = HexColor("#555555")
GRID = HexColor("#dddddd")


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = MAIN  # the renderer's first setFont: ours, not Helvetica
    return drawing


def _text(
    x: float, y: float, text: str, size: float, anchor: str = "start", colour: Color = AXIS
) -> String:
    return String(x, y, text, fontName=MAIN, fontSize=size, textAnchor=anchor, fillColor=colour)


def _value_axis(
    drawing: Drawing,
    x0: float,
    y0: float,
    width: float,
    height: float,
    top: float,
    step: float,
    suffix: str = "",
) -> None:
    """Horizontal grid lines with their values on the left, and the two axes."""
    value = 0.0
    while value <= top + 1e-9:
        y = y0 + height * value / top
        drawing.add(Line(x0, y, x0 + width, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(_text(x0 - 3, y - 2.5, f"{value:g}{suffix}", 7, "end"))
        value += step
    drawing.add(Line(x0, y0, x0, y0 + height, strokeColor=AXIS, strokeWidth=0.6))
    drawing.add(Line(x0, y0, x0 + width, y0, strokeColor=AXIS, strokeWidth=0.6))


def coverage_chart(months: Sequence[MonthCoverage], width_mm: float = 170) -> Drawing:
    """每月谈心覆盖率: a bar a month, the share of left-behind children with a talk, in %."""
    width, height = width_mm * mm, 62 * mm
    drawing = _drawing(width, height)
    x0, y0 = 14 * mm, 10 * mm
    plot_w, plot_h = width - 22 * mm, height - 20 * mm
    _value_axis(drawing, x0, y0, plot_w, plot_h, 100, 20, "%")
    slot = plot_w / max(len(months), 1)
    bar = min(slot * 0.5, 14 * mm)
    for i, month in enumerate(months):
        share = month.share * 100
        cx = x0 + slot * (i + 0.5)
        h = plot_h * share / 100
        drawing.add(Rect(cx - bar / 2, y0, bar, h, fillColor=PALETTE[0], strokeColor=None))
        drawing.add(_text(cx, y0 + h + 2, f"{share:.0f}%", 8, "middle"))
        drawing.add(_text(cx, y0 - 9, month.label, 8, "middle"))
    title = "每月谈心覆盖率（本月有谈心记录的留守儿童 ÷ 留守儿童人数）"
    drawing.add(_text(x0, height - 5 * mm, title, 9))
    return drawing


def grade_chart(chart: GradeChart, width_mm: float = 170) -> Drawing:
    """成绩变化: one line a subject across the exams, oldest on the left, with a legend."""
    width, height = width_mm * mm, 58 * mm
    drawing = _drawing(width, height)
    x0, y0 = 12 * mm, 12 * mm
    plot_w, plot_h = width - 48 * mm, height - 18 * mm
    top = chart.top
    _value_axis(drawing, x0, y0, plot_w, plot_h, top, chart.step)
    slot = plot_w / max(len(chart.exams), 1)
    for i, label in enumerate(chart.exams):
        drawing.add(_text(x0 + slot * (i + 0.5), y0 - 9, label, 7, "middle"))
    for k, line in enumerate(chart.lines):
        colour = PALETTE[k % len(PALETTE)]
        points = [
            (x0 + slot * (i + 0.5), y0 + plot_h * v / top)
            for i, v in enumerate(line.scores)
            if v is not None
        ]
        if len(points) > 1:
            flat = [c for point in points for c in point]
            drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.4))
        for x, y in points:
            drawing.add(Circle(x, y, 1.6, fillColor=colour, strokeColor=None))
        ly = height - 8 * mm - k * 5 * mm
        lx = width - 32 * mm
        drawing.add(Rect(lx, ly, 6, 6, fillColor=colour, strokeColor=None))
        drawing.add(_text(lx + 9, ly + 0.5, line.subject, 8))
    return drawing


def _nice_top(value: float) -> tuple[float, float]:
    """An axis top at or above ``value`` and its step, at most six steps."""
    top = max(value, 1.0)
    step = 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            break
    return step * -(-top // step), step


def bar_chart(title: str, pairs: Sequence[tuple[str, int]], width_mm: float = 170) -> Drawing:
    """One bar a label, its number above it (留守类型, 父母务工省份 …)."""
    width, height = width_mm * mm, 52 * mm
    drawing = _drawing(width, height)
    x0, y0 = 14 * mm, 10 * mm
    plot_w, plot_h = width - 22 * mm, height - 20 * mm
    top, step = _nice_top(max((n for _, n in pairs), default=1))
    _value_axis(drawing, x0, y0, plot_w, plot_h, top, step)
    slot = plot_w / max(len(pairs), 1)
    bar = min(slot * 0.5, 14 * mm)
    for i, (label, n) in enumerate(pairs):
        cx = x0 + slot * (i + 0.5)
        h = plot_h * n / top
        colour = PALETTE[i % len(PALETTE)]
        drawing.add(Rect(cx - bar / 2, y0, bar, h, fillColor=colour, strokeColor=None))
        drawing.add(_text(cx, y0 + h + 2, str(n), 8, "middle"))
        drawing.add(_text(cx, y0 - 9, label, 7.5, "middle"))
    drawing.add(_text(x0, height - 5 * mm, title, 9))
    return drawing


def grouped_chart(
    title: str,
    groups: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[str],
    width_mm: float = 170,
) -> Drawing:
    """A group of bars a label (a month), one bar a series (谈心, 与父母通话 …), with a key."""
    width, height = width_mm * mm, 62 * mm
    drawing = _drawing(width, height)
    x0, y0 = 14 * mm, 10 * mm
    plot_w, plot_h = width - 22 * mm, height - 26 * mm
    top, step = _nice_top(max((n for _, g in groups for n in g.values()), default=1))
    _value_axis(drawing, x0, y0, plot_w, plot_h, top, step)
    slot = plot_w / max(len(groups), 1)
    bar = min(slot * 0.8 / max(len(series), 1), 8 * mm)
    for i, (label, counts) in enumerate(groups):
        left = x0 + slot * (i + 0.5) - bar * len(series) / 2
        for j, name in enumerate(series):
            n = counts.get(name, 0)
            h = plot_h * n / top
            drawing.add(
                Rect(left + j * bar, y0, bar * 0.9, h, fillColor=PALETTE[j], strokeColor=None)
            )
        drawing.add(_text(x0 + slot * (i + 0.5), y0 - 9, label, 8, "middle"))
    drawing.add(_text(x0, height - 5 * mm, title, 9))
    kx = x0
    for j, name in enumerate(series):  # the key, under the title
        drawing.add(
            Rect(kx, height - 11 * mm, 3 * mm, 3 * mm, fillColor=PALETTE[j], strokeColor=None)
        )
        drawing.add(_text(kx + 4 * mm, height - 10.6 * mm, name, 7.5))
        kx += (len(name) * 3.2 + 9) * mm
    return drawing
