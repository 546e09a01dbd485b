"""图表: vector charts for the PDFs (reportlab.graphics), in the bundled main font — the monthly
talk coverage of the term report and a child's grades across exams."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from liushou_desk.pdf.fonts import MAIN
from liushou_desk.services.records import RecordView
from liushou_desk.services.term_report import MonthCoverage

PALETTE = [HexColor(c) for c in ("#2e7d6b", "#1565c0", "#c62828", "#ef6c00", "#6a1b9a", "#00838f")]
AXIS = HexColor("#555555")


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = MAIN  # the renderer's first setFont: ours, not Helvetica
    return drawing


def coverage_chart(months: Sequence[MonthCoverage], width_mm: float = 170) -> Drawing:
    """每月谈心覆盖率: a bar a month, the share of left-behind children with a talk, in %."""
    width, height = width_mm * mm, 62 * mm
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = width - 22 * mm, height - 20 * mm
    chart.data = [[round(m.share * 100, 1) for m in months] or [0]]
    chart.categoryAxis.categoryNames = [m.label for m in months] or ["—"]
    chart.categoryAxis.labels.fontName = MAIN
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.strokeColor = AXIS
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = MAIN
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.strokeColor = AXIS
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor("#dddddd")
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = MAIN
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    chart.barLabelFormat = "%.0f%%"
    chart.barWidth = 10
    drawing.add(chart)
    title = "每月谈心覆盖率（本月有谈心记录的留守儿童 ÷ 留守儿童人数）"
    drawing.add(String(14 * mm, height - 5 * mm, title, fontName=MAIN, fontSize=9, fillColor=AXIS))
    return drawing


def grade_chart(grades: Sequence[RecordView], width_mm: float = 170) -> Drawing:
    """成绩变化: one line a subject across the exams, oldest on the left."""
    subjects = list(dict.fromkeys(s for g in grades for s in g.scores))
    width, height = width_mm * mm, 58 * mm
    drawing = _drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = width - 48 * mm, height - 18 * mm
    data = []
    for subject in subjects:
        line = []
        for g in grades:
            try:
                line.append(float(g.scores[subject]))
            except (KeyError, ValueError):
                line.append(None)
        data.append(line)
    chart.data = data or [[0]]
    chart.categoryAxis.categoryNames = [
        f"{g.occurred_on:%y.%m} {g.values.get('exam', '')}" for g in grades
    ]
    chart.categoryAxis.labels.fontName = MAIN
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if len(grades) <= 6 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(grades) <= 6 else "ne"
    top = max((v for line in data for v in line if v is not None), default=100)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 150 if top > 100 else 100
    chart.valueAxis.valueStep = 25 if top > 100 else 20
    chart.valueAxis.labels.fontName = MAIN
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor("#dddddd")
    chart.joinedLines = True
    for i in range(len(subjects)):
        colour = PALETTE[i % len(PALETTE)]
        chart.lines[i].strokeColor = colour
        chart.lines[i].strokeWidth = 1.4
        chart.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=colour)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 32 * mm, height - 8 * mm
    legend.fontName = MAIN
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s) for i, s in enumerate(subjects)]
    drawing.add(legend)
    return drawing
