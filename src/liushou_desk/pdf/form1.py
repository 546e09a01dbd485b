"""附件1《农村留守儿童基本情况登记表》 as printed: one A4 page per child in the form's layout —
填报单位（盖章）and 填报日期 above, the six sections in the form's order (个人基本情况, 家庭情况,
实际监护情况, 监护类型, 家庭经济来源, 救助帮扶情况) as one ruled grid, the options of 监护类型,
经济来源 and 救助帮扶 as ☑ / ☐, and the three signatures below. Cells not filled in are left
blank for the pen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from liushou_desk.domain.enums import AidKind, BodyCondition, GuardianshipType, IncomeSource
from liushou_desk.pdf.document import FRAME_HEIGHT, Mark, PageInfo, Progress, build_pdf
from liushou_desk.pdf.fonts import MAIN, register
from liushou_desk.pdf.kit import CELL, SMALL_MUTED, TITLE, Kit, PrintOptions
from liushou_desk.pdf.text import Missing, Para, TextStyle
from liushou_desk.services.form1 import FormOne, FormOneSet

TITLE_TEXT = "农村留守儿童基本情况登记表"
COLUMNS_MM = (25, 21, 19, 21, 21, 22, 22, 23)  # 174 mm: the frame's width
LINE = HexColor("#444444")
LABEL_BG = HexColor("#f1f4f3")
SECTION_BG = HexColor("#dde8e4")
LABEL = TextStyle(size=8.5, leading=11)
VALUE = TextStyle(size=9, leading=11.5)
COMPACT = TextStyle(size=7.5, leading=9)  # a child whose long entries would not fit a page
GRID_BUDGET = FRAME_HEIGHT - 120  # the page less the title, the header line and signatures
SECTION = TextStyle(size=9.5, leading=12, bold=True)
HEAD_LINE = TextStyle(size=10, leading=14)
SIGN = TextStyle(size=10, leading=14)
TICKED, UNTICKED = "☑", "☐"
PAD = 3  # points left and right inside a cell

Cell = Para | str


@dataclass(frozen=True)
class RenderedForms:
    data: bytes
    pages: int
    missing: Missing  # characters no font has, child · field


def ticks(options: Sequence[str], chosen: Sequence[str]) -> str:
    """☑ 打工收入　☐ 种养殖业 …: every option of the form, the chosen ones ticked."""
    return "　".join(f"{TICKED if o in chosen else UNTICKED}{o}" for o in options)


class _Grid:
    """The rows of one child's grid and their spans and shading."""

    def __init__(self, kit: Kit, where: str, compact: bool = False) -> None:
        self.compact = compact
        self.kit, self.where = kit, where
        self.rows: list[list[Cell]] = []
        self.style: list[tuple[object, ...]] = []

    def section(self, text: str) -> None:
        r = len(self.rows)
        self.rows.append([self.kit.p(text, SECTION, self.where)] + [""] * 7)
        self.style += [("SPAN", (0, r), (7, r)), ("BACKGROUND", (0, r), (7, r), SECTION_BG)]

    def row(self, cells: Sequence[tuple[str, int, bool]]) -> None:
        """(text, columns spanned, is a label) from the left edge to the right."""
        r = len(self.rows)
        line: list[Cell] = []
        for text, span, label in cells:
            c = len(line)
            width = sum(COLUMNS_MM[c : c + span]) * mm - 2 * PAD
            if label and all(self.kit.fonts.face_for(ch) == MAIN for ch in text):
                # the form's own words: drawn as plain lines in the main face (a paragraph
                # each cost as much as the child's values)
                line.append("\n".join(self._lines(text, width)))
                self.style.append(("FONT", (c, r), (c, r), MAIN, LABEL.size, LABEL.leading))
            else:
                value = COMPACT if self.compact else VALUE
                line.append(self.kit.p(text, LABEL if label else value, self.where))
            line += [""] * (span - 1)
            if span > 1:
                self.style.append(("SPAN", (c, r), (c + span - 1, r)))
            if label:
                self.style.append(("BACKGROUND", (c, r), (c + span - 1, r), LABEL_BG))
        assert len(line) == len(COLUMNS_MM), line
        self.rows.append(line)

    def _lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` (points), character by character."""
        lines, current = [], ""
        for ch in text:
            if current and self.kit.fonts.text_width(current + ch, LABEL.size) > width:
                lines.append(current)
                current = ""
            current += ch
        return [*lines, current]

    def table(self) -> Table:
        table = Table(self.rows, colWidths=[w * mm for w in COLUMNS_MM], hAlign="CENTER")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, LINE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5 if self.compact else 5.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if self.compact else 6),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    *self.style,
                ]
            )
        )
        return table


def _child_grid(kit: Kit, f: FormOne) -> Table:
    """The child's grid, on one page: drawn tighter (smaller values, less room in the cells)
    when long entries would push it over."""
    table = _grid_of(kit, f, compact=False)
    if table.wrap(sum(COLUMNS_MM) * mm, FRAME_HEIGHT)[1] > GRID_BUDGET:
        table = _grid_of(kit, f, compact=True)
    return table


def _grid_of(kit: Kit, f: FormOne, compact: bool) -> Table:
    g = _Grid(kit, f"{f.name} · 登记表", compact)
    g.section("一、留守儿童个人基本情况")
    g.row(
        [
            ("姓名", 1, True),
            (f.name, 1, False),
            ("性别", 1, True),
            (f.sex, 1, False),
            ("民族", 1, True),
            (f.ethnicity, 1, False),
            ("出生日期", 1, True),
            (f.birth_date, 1, False),
        ]
    )
    g.row(
        [
            ("公民身份证号码", 1, True),
            (f.id_number, 3, False),
            ("是否登记户口", 1, True),
            (f.hukou_registered, 1, False),
            ("是否学校寄宿", 1, True),
            (f.boarding, 1, False),
        ]
    )
    g.row([("户籍所在地", 1, True), (f.hukou_place, 7, False)])
    g.row([("现居住地", 1, True), (f.address, 7, False)])
    condition = ticks(BodyCondition.labels(), [f.body_condition])
    g.row(
        [
            ("身体情况", 1, True),
            (condition, 3, False),
            ("就学情况", 1, True),
            (f.schooling, 3, False),
        ]
    )
    g.row(
        [
            ("残疾类别及等级", 1, True),
            (f.disability, 3, False),
            ("患病类型（重特大疾病）", 1, True),
            (f.illness, 3, False),
        ]
    )

    g.section("二、家庭情况")
    gp = f.grandparents
    for left, right in ((gp[0], gp[1]), (gp[2], gp[3])):
        g.row(
            [
                (left.role + "姓名", 1, True),
                (left.name, 1, False),
                ("出生日期", 1, True),
                (left.birth_date, 1, False),
                (right.role + "姓名", 1, True),
                (right.name, 1, False),
                ("出生日期", 1, True),
                (right.birth_date, 1, False),
            ]
        )
    g.row(
        [
            ("称谓", 1, True),
            ("姓名", 1, True),
            ("出生日期", 1, True),
            ("当前务工地点（省、市）", 2, True),
            ("联系电话", 1, True),
            ("公民身份证号码", 2, True),
        ]
    )
    for p in (f.father, f.mother):
        g.row(
            [
                (p.role, 1, True),
                (p.name, 1, False),
                (p.birth_date, 1, False),
                (p.work_place, 2, False),
                (p.phone, 1, False),
                (p.id_number, 2, False),
            ]
        )

    g.section("三、实际监护情况")
    g.row(
        [
            ("父母双方同时外出", 2, True),
            (f.both_away, 1, False),
            ("父母一方外出、另一方无监护能力", 2, True),
            (f.one_away_other_incapable, 1, False),
            ("无监护能力的是", 1, True),
            (f.incapable_parent, 1, False),
        ]
    )
    g.row(
        [
            ("父母外出有无委托其他监护人", 2, True),
            (f.entrusted, 1, False),
            ("委托监护人姓名", 1, True),
            (f.guardian_name, 1, False),
            ("联系电话", 1, True),
            (f.guardian_phone, 2, False),
        ]
    )
    g.row(
        [
            ("公民身份证号码", 1, True),
            (f.guardian_id_number, 2, False),
            ("与被监护人关系", 1, True),
            (f.guardian_relation, 1, False),
            ("居住地地址", 1, True),
            (f.guardian_address, 2, False),
        ]
    )

    g.section("四、监护类型")
    g.row([(ticks(GuardianshipType.labels(), [f.guardianship_type]), 8, False)])
    g.section("五、家庭经济来源（可多选）")
    g.row([(ticks(IncomeSource.labels(), f.income_sources), 8, False)])
    g.section("六、救助帮扶情况（可多选）")
    g.row([(ticks(AidKind.labels(), f.aid), 8, False)])
    return g.table()


def _two_ends(kit: Kit, left: str, right: str, style: TextStyle) -> Table:
    half = sum(COLUMNS_MM) / 2 * mm
    table = Table(
        [[kit.p(left, style), kit.p(right, style)]], colWidths=[half, half], hAlign="CENTER"
    )
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def signature_row(kit: Kit) -> Table:
    third = sum(COLUMNS_MM) / 3 * mm
    cells = [kit.p(f"{who}（签名）：", SIGN) for who in ("单位负责人", "复核人", "填表人")]
    table = Table([cells], colWidths=[third] * 3, hAlign="CENTER")
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 14)]))
    return table


def form1_pdf(
    forms: FormOneSet,
    options: PrintOptions | None = None,
    progress: Progress | None = None,
) -> RenderedForms:
    """Every child's 附件1, one page each, in the order given; a bookmark per child."""
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options or PrintOptions(), missing)
    filled = forms.filled_on
    when = f"{filled.year}年{filled.month}月{filled.day}日"
    story: list[Flowable] = []
    for i, f in enumerate(forms.forms):
        if i:
            story.append(PageBreak())
        title = kit.p(TITLE_TEXT, TITLE, f"{f.name} · 登记表")
        title.outline = (f.name, 0)  # type: ignore[attr-defined]
        story += [
            kit.p("附件1", SMALL_MUTED),
            title,
            _two_ends(kit, f"填报单位（盖章）：{forms.school}", f"填报日期：{when}", HEAD_LINE),
            kit.gap(1.5),
            _child_grid(kit, f),
            signature_row(kit),
        ]
    if not story:
        story.append(kit.p("没有要填写登记表的留守儿童。", CELL))
    info = PageInfo(
        title="留守儿童基本情况登记表（附件1）", header=forms.school, generated=f"填报日期 {when}"
    )
    marks: list[Mark] = []
    data, pages = build_pdf(story, info, fonts, progress=progress, marks=marks)
    return RenderedForms(data, pages, missing)
