"""给家庭的打印件 as printed (issue 17): 留守儿童联系卡 — eight cards an A4 page, two across and
four down, with dashed lines to cut along — and 在校情况告家长书, a page a child with a 回执 to
tear off and bring back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from liushou_desk.pdf.document import PageInfo, build_pdf
from liushou_desk.pdf.fonts import register
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, Kit, PrintOptions
from liushou_desk.pdf.text import Missing, TextStyle
from liushou_desk.services.family_print import PART_LABELS, PARTS, ContactCard, Letter, Person

CUT = HexColor("#9e9e9e")
CARD_TITLE = TextStyle(size=11, leading=15, bold=True, align="center", color=HexColor("#2e7d32"))
CARD_NAME = TextStyle(size=11.5, leading=16, bold=True)
CARD_LINE = TextStyle(size=9.5, leading=14)
CARD_NOTE = TextStyle(size=8, leading=12, color=HexColor("#666666"))
LETTER_BODY = TextStyle(size=11, leading=19)
LETTER_HEAD = TextStyle(size=11, leading=19, bold=True)
SIGNED = TextStyle(size=11, leading=19, align="right")
PER_PAGE = 8  # two across, four down
CARD_W, CARD_H = 87 * mm, 62 * mm


@dataclass(frozen=True)
class RenderedFamily:
    data: bytes
    pages: int
    missing: Missing


def _who(p: Person) -> str:
    place = f"（{p.place}）" if p.place else ""
    phone = p.phone or "电话未填"
    return f"{p.role}：{p.name or '—'}{place}　{phone}"


def _card(kit: Kit, card: ContactCard) -> list[Flowable]:
    where = card.name
    lines: list[Flowable] = [
        kit.p("留守儿童联系卡", CARD_TITLE, where),
        kit.p(f"{card.name}　{card.class_title}", CARD_NAME, where),
    ]
    for p in card.away:
        lines.append(kit.p("外出" + _who(p), CARD_LINE, where))
    if not card.away:
        lines.append(kit.p("外出父母：—", CARD_LINE, where))
    if card.guardian is not None:
        lines.append(kit.p("在家监护人　" + _who(card.guardian), CARD_LINE, where))
    for t in card.teachers:
        lines.append(kit.p(_who(t), CARD_LINE, where))
    lines.append(kit.p("孩子有事、家里有事，请及时和老师联系。", CARD_NOTE, where))
    return lines


def contact_cards_pdf(
    page: PageInfo, cards: Sequence[ContactCard], options: PrintOptions | None = None
) -> RenderedFamily:
    """The cards, eight an A4 page, in order; dashed lines to cut along."""
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options or PrintOptions(), missing)
    story: list[Flowable] = []
    for start in range(0, len(cards), PER_PAGE):
        chunk = [_card(kit, c) for c in cards[start : start + PER_PAGE]]
        while len(chunk) % 2:
            chunk.append([])
        rows = [chunk[i : i + 2] for i in range(0, len(chunk), 2)]
        table = Table(rows, colWidths=[CARD_W] * 2, rowHeights=[CARD_H] * len(rows))
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, CUT, None, (3, 3)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        if story:
            story.append(PageBreak())
        story.append(table)
    if not story:
        story.append(kit.p("没有要打印联系卡的学生。", SMALL_MUTED))
    data, pages = build_pdf(story, page, fonts)
    return RenderedFamily(data, pages, missing)


def letters_pdf(
    page: PageInfo, letters: Sequence[Letter], school: str, today: date,
    options: PrintOptions | None = None,
) -> RenderedFamily:  # fmt: skip
    """A page a child: the letter, the teacher's contact, and a 回执 to tear off."""
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options or PrintOptions(), missing)
    story: list[Flowable] = []
    for n, letter in enumerate(letters):
        where = letter.name
        if n:
            story.append(PageBreak())
        story += [
            kit.title("在校情况告家长书", where),
            kit.gap(2),
            kit.p(f"{letter.to}：", LETTER_HEAD, where),
            kit.p(
                f"　　您好！{letter.name}在学校的情况，我们一直记在心上。"
                "下面把孩子这一学期的情况告诉您：",
                LETTER_BODY,
                where,
            ),
        ]
        for key in PARTS:
            text = letter.parts.get(key, "").strip()
            if text:
                story.append(kit.p(f"　　{PART_LABELS[key]}：{text}", LETTER_BODY, where))
        phone = f"，电话 {letter.phone}" if letter.phone else ""
        story += [
            kit.p(
                "　　孩子的成长离不开您的关心。请常给孩子打电话、视频，多鼓励；"
                f"有什么情况，请随时和我们联系{phone}。",
                LETTER_BODY,
                where,
            ),
            kit.gap(6),
            kit.p(f"{school}　班主任：{letter.teacher}", SIGNED, where),
            kit.p(f"{today:%Y年%m月%d日}", SIGNED, where),
            kit.gap(10),
            kit.p("·" * 26 + "（沿此线剪下，交回学校）" + "·" * 26, SMALL_MUTED),
            kit.p("回　执", LETTER_HEAD),
            kit.gap(2),
            kit.p(
                f"学生：{letter.name}　　家长（监护人）签名：＿＿＿＿＿＿　　电话：＿＿＿＿＿＿",
                BODY,
            ),
            kit.gap(3),
            kit.p("想对孩子说的话、想告诉老师的事：", BODY),
            kit.gap(18),
        ]
    if not story:
        story.append(kit.p("没有要打印告家长书的学生。", SMALL_MUTED))
    data, pages = build_pdf(story, page, fonts)
    return RenderedFamily(data, pages, missing)
