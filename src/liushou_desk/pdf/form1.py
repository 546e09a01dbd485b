"""附件1《农村留守儿童基本情况登记表》 as printed: one A4 page per child in the form's layout —
填报单位（盖章）and 填报日期 above, the six sections in the form's order (个人基本情况, 家庭情况,
实际监护情况, 监护类型, 家庭经济来源, 救助帮扶情况) as one ruled grid, the options of 监护类型,
经济来源 and 救助帮扶 as ☑ / ☐, and the three signatures below. Cells not filled in are left
blank for the pen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from liushou_desk.domain.enums import AidKind, BodyCondition, GuardianshipType, IncomeSource
from liushou_desk.pdf.document import FRAME_HEIGHT, Mark, PageInfo, Progress, build_pdf
from liushou_desk.pdf.fonts import register
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


@dataclass(frozen=True)
class RenderedForms:
    data: bytes
    pages: int
    missing: Missing  # characters no font has, child · field


def ticks(options: Sequence[str], chosen: Sequence[str]) -> str:
    """☑ 打工收入　☐ 种养殖业 …: every option of the form, the chosen ones ticked."""
    return "　".join(f"{TICKED if o in chosen else UNTICKED}{o}" for o in options)


@dataclass
class _Cell:
    x: float  # from the grid's left edge, points
    width: float
    para: Para
    shade: Color | None


class FormGrid(Flowable):
    """One child's ruled grid, drawn straight onto the page: each row a line of cells that
    spans whole columns, each cell shaded when it holds the form's own words. (ReportLab's
    general Table with its spans and a style command per cell cost three times the drawing.)"""

    def __init__(self, rows: list[list[_Cell]], compact: bool) -> None:
        super().__init__()
        self.rows = rows
        self.pad_top, self.pad_bottom = (1.5, 2.0) if compact else (5.5, 6.0)
        self.heights: list[float] = []
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.heights = [
            max(c.para.wrap(c.width - 2 * PAD, availHeight)[1] for c in row)
            + self.pad_top
            + self.pad_bottom
            for row in self.rows
        ]
        self.width, self.height = sum(COLUMNS_MM) * mm, sum(self.heights)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.6)
        top = self.height
        for row, height in zip(self.rows, self.heights, strict=True):
            bottom = top - height
            for c in row:
                if c.shade is not None:
                    canvas.setFillColor(c.shade)
                    canvas.rect(c.x, bottom, c.width, height, stroke=0, fill=1)
                canvas.rect(c.x, bottom, c.width, height, stroke=1, fill=0)
                if c.para.text:  # a cell left blank for the pen has nothing to draw
                    text_bottom = bottom + (height - c.para.height) / 2  # centred, as the form
                    c.para.draw_at(canvas, c.x + PAD, text_bottom)
            top = bottom
        canvas.restoreState()


class _Grid:
    """The rows of one child's grid: cells spanning columns, the form's words shaded."""

    def __init__(self, kit: Kit, where: str, labels: dict[str, Para], compact: bool) -> None:
        self.compact = compact
        self.kit, self.where, self.labels = kit, where, labels
        self.rows: list[list[_Cell]] = []

    def section(self, text: str) -> None:
        width = sum(COLUMNS_MM) * mm
        self.rows.append([_Cell(0.0, width, self._label(text, SECTION), SECTION_BG)])

    def row(self, cells: Sequence[tuple[str, int, bool]]) -> None:
        """(text, columns spanned, is a label) from the left edge to the right."""
        line: list[_Cell] = []
        column = 0
        for text, span, label in cells:
            x = sum(COLUMNS_MM[:column]) * mm
            width = sum(COLUMNS_MM[column : column + span]) * mm
            if label:
                line.append(_Cell(x, width, self._label(text, LABEL), LABEL_BG))
            else:
                value = COMPACT if self.compact else VALUE
                line.append(_Cell(x, width, self.kit.p(text, value, self.where), None))
            column += span
        assert column == len(COLUMNS_MM), cells
        self.rows.append(line)

    def _label(self, text: str, style: TextStyle) -> Para:
        """The form's own words: the same on every child's page, laid out once."""
        key = f"{style.size}:{text}"
        if key not in self.labels:
            self.labels[key] = self.kit.p(text, style)
        return self.labels[key]

    def table(self) -> FormGrid:
        return FormGrid(self.rows, self.compact)


def _child_grid(kit: Kit, f: FormOne, labels: dict[str, Para]) -> FormGrid:
    """The child's grid, on one page: drawn tighter (smaller values, less room in the cells)
    when long entries would push it over."""
    grid = _grid_of(kit, f, labels, compact=False)
    if grid.wrap(sum(COLUMNS_MM) * mm, FRAME_HEIGHT)[1] > GRID_BUDGET:
        grid = _grid_of(kit, f, labels, compact=True)
    return grid


def _grid_of(kit: Kit, f: FormOne, labels: dict[str, Para], compact: bool) -> FormGrid:
    g = _Grid(kit, f"{f.name} · 登记表", labels, compact)
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
    labels: dict[str, Para] = {}  # the form's words, laid out once for every page
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
            _child_grid(kit, f, labels),
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
