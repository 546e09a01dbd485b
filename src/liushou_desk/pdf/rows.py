"""表格: a ruled table of wrapped paragraphs — a header row repeated on every page, shaded label
columns, rows split across pages, and a row taller than a page split inside its cells.

Made for the report's many small tables: ReportLab's general Table (styles, spans, fonts per
cell) cost as much as the text it holds. A row with fewer cells than columns lets its last cell
span the rest of the row.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus.flowables import Flowable

from liushou_desk.pdf.text import Para

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 2.0, 3.0


class RuledTable(Flowable):
    def __init__(
        self,
        rows: Sequence[Sequence[Para]],
        widths: Sequence[float],
        header: bool,
        label_columns: Sequence[int],
        line: Color,
        shade: Color,
        page_height: float = 1e9,
    ) -> None:
        super().__init__()
        self.page_height = page_height  # a row taller than this is cut inside its cells
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.header = header
        self.label_columns = tuple(label_columns)
        self.line, self.shade = line, shade
        self.hAlign = "LEFT"
        self._heights: list[float] = []
        self._wrapped = False

    def _cell_widths(self, row: list[Para]) -> list[float]:
        widths = self.widths[: len(row)]
        widths[-1] = sum(self.widths[len(row) - 1 :])
        return widths

    def _row_height(self, row: list[Para]) -> float:
        tallest = 0.0
        for cell, width in zip(row, self._cell_widths(row), strict=True):
            tallest = max(tallest, cell.wrap(width - 2 * PAD_X, 1e6)[1])
        return tallest + PAD_TOP + PAD_BOTTOM

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if not self._wrapped:
            self._heights = [self._row_height(r) for r in self.rows]
            self._wrapped = True
        self.width = sum(self.widths)
        self.height = sum(self._heights)
        return self.width, self.height

    def _part(self, rows: list[list[Para]]) -> RuledTable:
        return RuledTable(
            rows,
            self.widths,
            self.header,
            self.label_columns,
            self.line,
            self.shade,
            self.page_height,
        )

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        head = 1 if self.header else 0
        used = sum(self._heights[:head])
        fit = head
        while fit < len(self.rows) and used + self._heights[fit] <= availHeight:
            used += self._heights[fit]
            fit += 1
        header = self.rows[:head]
        if fit < len(self.rows) and fit > head:  # whole rows on this page, the rest after
            return [self._part(self.rows[:fit]), self._part(header + self.rows[fit:])]
        too_tall = head < len(self.rows) and (
            sum(self._heights[:head]) + self._heights[head] > self.page_height
        )
        if fit == head and too_tall:  # a row no page can hold: cut it inside its cells
            room = availHeight - used - PAD_TOP - PAD_BOTTOM
            row = self.rows[head]
            firsts: list[Para] = []
            rests: list[Para] = []
            for cell, width in zip(row, self._cell_widths(row), strict=True):
                parts = cell.split(width - 2 * PAD_X, room) if room > 0 else []
                if len(parts) == 2:
                    firsts.append(parts[0])  # type: ignore[arg-type]
                    rests.append(parts[1])  # type: ignore[arg-type]
                elif parts:
                    firsts.append(cell)
                    rests.append(Para("", cell.style, cell.fonts))
                else:
                    firsts.append(Para("", cell.style, cell.fonts))
                    rests.append(cell)
            if any(p.text for p in firsts):
                return [
                    self._part([*header, firsts]),
                    self._part([*header, rests, *self.rows[head + 1 :]]),
                ]
        return []

    def draw(self) -> None:
        canvas = self.canv
        total = sum(self._heights)
        canvas.saveState()
        canvas.setFillColor(self.shade)
        y = total
        for r, (row, height) in enumerate(zip(self.rows, self._heights, strict=True)):
            y -= height
            if self.header and r == 0:
                canvas.rect(0, y, self.width, height, stroke=0, fill=1)
                continue
            x = 0.0
            for c, width in enumerate(self._cell_widths(row)):
                if c in self.label_columns:
                    canvas.rect(x, y, width, height, stroke=0, fill=1)
                x += width
        canvas.setStrokeColor(self.line)
        canvas.setLineWidth(0.4)
        y = total
        path = canvas.beginPath()
        path.moveTo(0, total)
        path.lineTo(self.width, total)
        for row, height in zip(self.rows, self._heights, strict=True):
            x = 0.0
            for width in self._cell_widths(row):
                path.moveTo(x, y)
                path.lineTo(x, y - height)
                x += width
            path.moveTo(self.width, y)
            path.lineTo(self.width, y - height)
            y -= height
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
        y = total
        for row, height in zip(self.rows, self._heights, strict=True):
            x = 0.0
            for cell, width in zip(row, self._cell_widths(row), strict=True):
                cell.wrap(width - 2 * PAD_X, 1e6)
                cell.draw_at(canvas, x + PAD_X, y - PAD_TOP - cell.height)
                x += width
            y -= height
