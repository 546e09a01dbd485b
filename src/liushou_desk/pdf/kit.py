"""排版工具: the building blocks every printed page is made of — headings, paragraphs, label /
value grids and tables in the bundled fonts — and the print options (masking, sensitive
records) they apply."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from liushou_desk.domain.print_options import PrintOptions as PrintOptions  # applied here
from liushou_desk.pdf.document import FRAME_HEIGHT, GREEN
from liushou_desk.pdf.fonts import MAIN, FontSet
from liushou_desk.pdf.rows import RuledTable
from liushou_desk.pdf.text import Missing, Para, TextStyle

LINE = HexColor("#9e9e9e")
HEAD_BG = HexColor("#eef3f1")
MUTED = HexColor("#666666")

TITLE = TextStyle(size=18, leading=26, bold=True, align="center", space_after=2)
SUBTITLE = TextStyle(size=10.5, leading=16, color=MUTED, align="center", space_after=8)
H2 = TextStyle(size=13, leading=19, bold=True, color=GREEN, space_before=8, space_after=3)
H3 = TextStyle(size=11, leading=16, bold=True, color=GREEN, space_before=5, space_after=2)
BODY = TextStyle(size=10, leading=15)
SMALL_MUTED = TextStyle(size=8.5, leading=12, color=MUTED)
CELL = TextStyle(size=9, leading=12.5)
CELL_HEAD = TextStyle(size=9, leading=12.5, color=HexColor("#333333"))


class Kit:
    """Makes flowables in the bundled fonts; collects characters no font can print."""

    def __init__(self, fonts: FontSet, options: PrintOptions, missing: Missing) -> None:
        self.fonts = fonts
        self.options = options
        self.missing = missing

    # text -----------------------------------------------------------------------------------
    def p(self, text: str, style: TextStyle = BODY, where: str = "") -> Para:
        return Para(text, style, self.fonts, self.missing, where)

    def title(self, text: str, where: str = "") -> Para:
        return self.p(text, TITLE, where)

    def h2(self, text: str) -> Para:
        return self._heading(self.p(text, H2))

    def h3(self, text: str) -> Para:
        return self._heading(self.p(text, H3))

    @staticmethod
    def _heading(para: Para) -> Para:
        """A heading never ends a page alone: it goes over with what follows it when the page
        has little room left (pdf.document.HEADING_ROOM)."""
        para.keepWithNext = True
        para.heading = True
        return para

    def gap(self, height_mm: float) -> Spacer:
        return Spacer(1, height_mm * mm)


    # tables ---------------------------------------------------------------------------------
    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        header: bool = True,
        where: str = "",
        label_columns: Sequence[int] = (),
    ) -> RuledTable:
        """A ruled table; ``widths`` in mm. A row with fewer cells than columns lets its last
        cell span the rest of the row."""
        cells = [
            [
                self.p(
                    value, CELL_HEAD if (header and r == 0) or c in label_columns else CELL, where
                )
                for c, value in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        return RuledTable(
            cells, [w * mm for w in widths], header, label_columns, LINE, HEAD_BG, FRAME_HEIGHT
        )

    def grid(
        self, pairs: Sequence[tuple[str, str]], width_mm: float, where: str = ""
    ) -> RuledTable:
        """Label / value pairs, two pairs a row (a lone last pair spans the row)."""
        label = 22.0
        value = (width_mm - 2 * label) / 2
        rows: list[list[str]] = []
        for i in range(0, len(pairs), 2):
            row: list[str] = []
            for name, text in pairs[i : i + 2]:
                row += [name, text or "—"]
            rows.append(row)
        return self.table(
            rows, (label, value, label, value), header=False, where=where, label_columns=(0, 2)
        )

    def signature_block(self, roles: Sequence[str], stamp: bool) -> Table:
        """签名: a line for each role with its date, and the space for the school stamp."""
        rows = [
            [f"{role}（签名）：＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"]
            for role in roles
        ]
        cells: list[list[Flowable | str]] = [[self.p(r[0], BODY)] for r in rows]
        if stamp:
            cells.append([self.p("（学校盖章）", SMALL_MUTED)])
        table = Table(cells, colWidths=[170 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), MAIN, BODY.size),
                    ("TOPPADDING", (0, 0), (-1, -1), 10),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("BACKGROUND", (0, 0), (-1, -1), white),
                ]
                + ([("TOPPADDING", (0, -1), (-1, -1), 28)] if stamp else [])
            )
        )
        return table
