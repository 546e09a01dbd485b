"""附件3 统计表 as printed: one A4 page — 填报单位 and 填报日期, the counts in two ruled tables
whose column groups follow the form (合计 · 性别 · 年龄 · 留守情况 · 委托监护, then 监护类型 ·
就学情况; each group's 未填 last), the cross-column checks (表间勾稽关系) with each problem named
by child, and the signatures."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from liushou_desk.pdf.document import PageInfo, build_pdf
from liushou_desk.pdf.fonts import register
from liushou_desk.pdf.form1 import signature_row
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, Kit, PrintOptions
from liushou_desk.pdf.text import Missing, TextStyle
from liushou_desk.services.form3 import FormThree, check, sums

WIDTH_MM = 174.0
LINE = HexColor("#444444")
HEAD_BG = HexColor("#eef3f1")
HEAD = TextStyle(size=7.5, leading=9.5, align="center", bold=True)
NUMBER = TextStyle(size=10, leading=13, align="center")
OK = TextStyle(size=10, leading=15, color=HexColor("#2e7d32"))
BAD = TextStyle(size=9.5, leading=14, color=HexColor("#c62828"))
MAX_PROBLEMS = 24  # more are summed up in one line: the page stays one page


@dataclass(frozen=True)
class RenderedForm3:
    data: bytes
    pages: int
    missing: Missing


def _table(kit: Kit, groups: list[tuple[str, dict[str, int]]], total: int | None) -> Table:
    """Two header rows (the group, then its options) over one row of counts."""
    top: list[Flowable | str] = []
    sub: list[Flowable | str] = []
    numbers: list[Flowable | str] = []
    style: list[tuple[object, ...]] = []
    if total is not None:
        top.append(kit.p("合计", HEAD))
        sub.append("")
        numbers.append(kit.p(str(total), NUMBER))
        style.append(("SPAN", (0, 0), (0, 1)))
    for name, cells in groups:
        start = len(top)
        top += [kit.p(name, HEAD)] + [""] * (len(cells) - 1)
        style.append(("SPAN", (start, 0), (start + len(cells) - 1, 0)))
        for word, n in cells.items():
            sub.append(kit.p(word, HEAD))
            numbers.append(kit.p(str(n), NUMBER))
    width = WIDTH_MM / len(top) * mm
    table = Table([top, sub, numbers], colWidths=[width] * len(top), hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, LINE),
                ("BACKGROUND", (0, 0), (-1, 1), HEAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
                *style,
            ]
        )
    )
    return table


def form3_pdf(
    form: FormThree, filled_on: str, options: PrintOptions | None = None
) -> RenderedForm3:
    """The page for ``form`` (a class's, or a school's added up); ``filled_on`` as printed."""
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options or PrintOptions(), missing)
    groups = form.breakdowns()
    totals = "　=　".join([f"合计 {form.total}"] + [f"按{n} {t}" for n, t in sums(form)])
    problems = check(form)
    story: list[Flowable] = [
        kit.p("附件3", SMALL_MUTED),
        kit.title("农村留守儿童统计表"),
        kit.p(f"填报单位（盖章）：{form.unit}　　　　填报日期：{filled_on}", BODY),
        kit.p("单位：人。统计对象：本单位在读的农村留守儿童（0—16岁）。", SMALL_MUTED),
        kit.gap(2),
        _table(kit, groups[:4], form.total),
        kit.gap(3),
        _table(kit, groups[4:], None),
        kit.gap(4),
        kit.h3("表间勾稽关系"),
        kit.p(totals, BODY),
    ]
    if not problems:
        story.append(kit.p("✓ 各栏合计一致，没有未填或前后矛盾的儿童。", OK))
    else:
        story.append(kit.p(f"✗ 有 {len(problems)} 处需要核对（报送前请修改）：", BAD))
        for line in problems[:MAX_PROBLEMS]:
            story.append(kit.p(f"· {line}", BAD, line.split(" · ")[0]))
        if len(problems) > MAX_PROBLEMS:
            story.append(kit.p(f"……另有 {len(problems) - MAX_PROBLEMS} 处，见 Excel。", BAD))
    story += [kit.gap(2), signature_row(kit)]
    info = PageInfo(title="农村留守儿童统计表（附件3）", header=form.unit, generated=filled_on)
    data, pages = build_pdf(story, info, fonts)
    return RenderedForm3(data, pages, missing)
