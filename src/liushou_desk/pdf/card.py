"""成长记录卡 (PDF): one child's card for a term, 1–2 A4 pages, drawn from the card's view model
(``services.growth_card``) — the same sections, in the same order and words, as the card on
screen — and the head teacher's signature line.

What the print options leave out (full ID numbers and phones, records marked 涉及隐私, health)
the view model has already left out; the card says how many records it did not list.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, TableStyle
from reportlab.platypus import Table as Grid

from liushou_desk.pdf.charts import grade_chart
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, SUBTITLE, Kit
from liushou_desk.services.growth_card_model import (
    Block,
    GradeChart,
    GrowthCardView,
    Note,
    Pairs,
    Section,
    Table,
    Text,
)

WIDTH = 174.0  # mm of the A4 frame
LABEL = 22.0  # mm of a label column


class Outline(Flowable):
    """An invisible mark: a bookmark in the PDF's outline (the principal jumps to a child)."""

    def __init__(self, title: str, level: int = 0, running_title: str = "") -> None:
        super().__init__()
        self.outline = (title, level)
        self.running_title = running_title  # the page header's title from here on, if given
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def card_story(kit: Kit, card: GrowthCardView, level: int = 0) -> list[Flowable]:
    """The card's flowables; the caller starts it on a new page."""
    who = card.name
    story: list[Flowable] = [Outline(f"成长记录卡 · {who}", level)]
    title = [kit.title(card.title, where=f"{who} · 姓名"), kit.p(card.subtitle, SUBTITLE)]
    photo = _photo(card.photo)
    if photo is None:
        story += title
    else:  # the child's photo beside the title, as on a paper 成长记录卡
        head = Grid([[title, photo]], colWidths=[WIDTH * mm - 30 * mm, 30 * mm])
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(head)
    for section in card.sections:
        story += _section(kit, section, who)
    signatures = kit.signature_block(["班主任", "帮扶教师", "家长 / 监护人（已阅）"], stamp=False)
    story.append(KeepTogether([kit.gap(3), signatures]))  # the three lines on one page
    if card.bag:
        story += _bag(kit, card)
    return story


def _bag(kit: Kit, card: GrowthCardView) -> list[Flowable]:
    """附：成长记录袋 — each image with its caption, a page or half a page each; the PDFs named."""
    from reportlab.platypus import PageBreak

    out: list[Flowable] = [
        PageBreak(),
        kit.h3(f"附：{card.name}的成长记录袋（{len(card.bag)} 份）"),
    ]
    pdfs = [f"{title}（{kind}）" for kind, title, data in card.bag if data is None]
    for kind, title, data in card.bag:
        picture = _photo(data, WIDTH * mm, 115 * mm) if data else None
        if picture is not None:
            out.append(KeepTogether([picture, kit.p(f"{kind}：{title}", SMALL_MUTED), kit.gap(4)]))
    if pdfs:
        out.append(kit.p("另有 PDF 材料（存在档案里，未附在此）：" + "；".join(pdfs), SMALL_MUTED))
    return out


def _photo(
    data: bytes | None, max_w: float = 24 * mm, max_h: float | None = None
) -> Flowable | None:
    """The photo, 24 mm wide; None when there is none or it cannot be read (never a crash)."""
    if not data:
        return None
    from io import BytesIO

    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    try:
        width, height = ImageReader(BytesIO(data)).getSize()
    except Exception:  # a damaged photo: the card prints without it
        return None
    if not width or not height:
        return None
    scale = max_w / width
    if max_h is not None:
        scale = min(scale, max_h / height)
    return Image(BytesIO(data), width=width * scale, height=height * scale)


def _section(kit: Kit, section: Section, who: str) -> list[Flowable]:
    where = f"{who} · {section.name}"
    drawn: list[Flowable] = []
    for block in section.blocks:
        if drawn and isinstance(block, Table | Pairs):
            drawn.append(kit.gap(1.5))
        drawn.append(_block(kit, block, where))
    heading = kit.h3(section.title)
    if section.key == "grades":  # the heading moves with the chart and the table
        return [KeepTogether([heading, *drawn])]
    return [CondPageBreak(25 * mm), heading, *drawn]


def _block(kit: Kit, block: Block, where: str) -> Flowable:
    if isinstance(block, Note):
        return kit.p(block.text, SMALL_MUTED, where)
    if isinstance(block, Text):
        return kit.p(block.text, BODY, where)
    if isinstance(block, GradeChart):
        return grade_chart(block, WIDTH)
    if isinstance(block, Table):
        return kit.table(
            [block.header, *block.rows],
            block.widths,
            where=where,
            label_columns=(0,) if block.label_column else (),
        )
    return _pairs(kit, block, where)


def _pairs(kit: Kit, block: Pairs, where: str) -> Flowable:
    """Label / value pairs: ``columns`` a row; a wide pair (or a lone last one) spans the row."""
    if block.columns == 1:
        rows = [[p.label, p.value] for p in block.pairs]
        return kit.table(
            rows, (LABEL, WIDTH - LABEL), header=False, where=where, label_columns=(0,)
        )
    value = (WIDTH - 2 * LABEL) / 2
    rows = []
    row: list[str] = []
    for pair in block.pairs:
        if pair.wide and row:
            rows.append(row)
            row = []
        row += [pair.label, pair.value]
        if pair.wide or len(row) == 4:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return kit.table(
        rows, (LABEL, value, LABEL, value), header=False, where=where, label_columns=(0, 2)
    )
