"""排版工具: the building blocks every printed page is made of — headings, paragraphs, label /
value grids and tables in the bundled fonts — and the print options (masking, sensitive
records) they apply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from liushou_desk.domain.idcard import mask_id_number
from liushou_desk.domain.phones import mask_phone
from liushou_desk.pdf.document import GREEN
from liushou_desk.pdf.fonts import MAIN, FontSet
from liushou_desk.pdf.text import Missing, Para, TextStyle

LINE = HexColor("#9e9e9e")
HEAD_BG = HexColor("#eef3f1")
MUTED = HexColor("#666666")

TITLE = TextStyle(size=18, leading=26, bold=True, align="center", space_after=2)
SUBTITLE = TextStyle(size=10.5, leading=16, color=MUTED, align="center", space_after=8)
H2 = TextStyle(size=13, leading=19, bold=True, color=GREEN, space_before=8, space_after=3)
H3 = TextStyle(size=11, leading=16, bold=True, color=GREEN, space_before=5, space_after=2)
BODY = TextStyle(size=10, leading=15)
SMALL = TextStyle(size=8.5, leading=12)
SMALL_MUTED = TextStyle(size=8.5, leading=12, color=MUTED)
CELL = TextStyle(size=9, leading=12.5)
CELL_HEAD = TextStyle(size=9, leading=12.5, color=HexColor("#333333"))


@dataclass(frozen=True)
class PrintOptions:
    """打印选项: what goes on paper."""

    mask: bool = True  # ID numbers and phones as 511725********123X / 138****8000
    include_sensitive: bool = False  # records marked 涉及隐私 (IEPs, aid …)


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
        return self.p(text, H2)

    def h3(self, text: str) -> Para:
        return self.p(text, H3)

    def gap(self, height_mm: float) -> Spacer:
        return Spacer(1, height_mm * mm)

    def id_number(self, text: str) -> str:
        return mask_id_number(text) if self.options.mask and text else text

    def student_number(self, text: str) -> str:
        """学籍号 is often "G" + the ID number: then it is masked like the ID number."""
        if self.options.mask and len(text) == 19 and text[1:18].isdigit():
            return text[0] + mask_id_number(text[1:])
        return text

    def phone(self, text: str) -> str:
        return mask_phone(text) if self.options.mask and text else text

    # tables ---------------------------------------------------------------------------------
    def table(
        self,
        rows: Sequence[Sequence[str | Flowable]],
        widths: Sequence[float],
        header: bool = True,
        where: str = "",
        spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
        label_columns: Sequence[int] = (),
    ) -> Table:
        """A ruled table; ``widths`` in mm; text cells become wrapped paragraphs."""
        cells = []
        for r, row in enumerate(rows):
            line = []
            for c, value in enumerate(row):
                if isinstance(value, str):
                    head = (header and r == 0) or c in label_columns
                    value = self._cell(value, widths[c], head, where)
                line.append(value)
            cells.append(line)
        style = [
            ("FONT", (0, 0), (-1, -1), MAIN, CELL.size, CELL.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), CELL_HEAD.color),
            ("GRID", (0, 0), (-1, -1), 0.4, LINE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        for c in label_columns:
            style.append(("BACKGROUND", (c, 1 if header else 0), (c, -1), HEAD_BG))
        for a, b in spans:
            style.append(("SPAN", a, b))
        table = Table(
            cells,
            colWidths=[w * mm for w in widths],
            repeatRows=1 if header else 0,
            splitByRow=1,
            splitInRow=1,
            hAlign="LEFT",
        )
        table.setStyle(TableStyle(style))
        return table

    def _cell(self, text: str, width_mm: float, head: bool, where: str) -> str | Para:
        """Short labels in the main face stay plain strings (drawn fast by the table); any
        other text becomes a wrapped paragraph with fallback fonts."""
        plain = head or text in ("", "—")
        if plain and text and not self.fonts.covers_main(text):
            plain = False
        if plain and self.fonts.text_width(text, CELL.size) > width_mm * mm - 7:
            plain = False
        return text if plain else self.p(text, CELL_HEAD if head else CELL, where)

    def grid(self, pairs: Sequence[tuple[str, str]], width_mm: float, where: str = "") -> Table:
        """Label / value pairs, two pairs a row (a lone last pair spans the row)."""
        label = 22.0
        value = (width_mm - 2 * label) / 2
        rows: list[list[str]] = []
        spans = []
        for i in range(0, len(pairs), 2):
            (a, av), *rest = pairs[i : i + 2]
            if rest:
                (b, bv) = rest[0]
                rows.append([a, av or "—", b, bv or "—"])
            else:
                rows.append([a, av or "—", "", ""])
                spans.append(((1, len(rows) - 1), (3, len(rows) - 1)))
        return self.table(
            rows,
            (label, value, label, value),
            header=False,
            where=where,
            spans=spans,
            label_columns=(0, 2),
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
