"""学期关爱工作计划 as printed (the class's plan for the term, 每周要有工作安排): who cares for
whom (分工), then the planned items month by month with what became of each, and the
signatures; and 教师关爱工作清单 — one teacher's children, what is due for each and her planned
items of the month — for the teachers who hold children (issue 16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from reportlab.platypus import Flowable

from liushou_desk.pdf.document import PageInfo, build_pdf
from liushou_desk.pdf.fonts import register
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, SUBTITLE, Kit, PrintOptions
from liushou_desk.pdf.text import Missing
from liushou_desk.services.care_plan import PlanEntry
from liushou_desk.services.due_kinds import DueItem
from liushou_desk.services.teachers import ChildDuty, TeacherRow

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class RenderedPlan:
    data: bytes
    pages: int
    missing: Missing


def _state(entry: PlanEntry, today: date) -> str:
    state = entry.state(today)
    if state == "done":
        return f"已完成 {entry.done_on:%m-%d}" if entry.done_on else "已完成"
    return "过期未完成" if state == "overdue" else ""


def _by_role(held: Sequence[ChildDuty]) -> str:
    """帮扶教师：甲、乙；代理家长：丙 — one teacher's children, role by role."""
    from liushou_desk.domain.enums import AssignmentRole

    parts = []
    for role in AssignmentRole:
        names = [d.name for d in held if role.code in d.roles]
        if names:
            parts.append(f"{role.value}：{'、'.join(names)}")
    return "；".join(parts)


def _items_table(kit: Kit, entries: Sequence[PlanEntry], today: date) -> Flowable:
    rows = [["日期", "事项", "名称", "对象", "负责教师", "完成情况"]]
    for e in entries:
        rows.append(
            [
                f"{e.planned_on:%m-%d} 周{WEEKDAYS[e.planned_on.weekday()]}",
                e.kind_word,
                e.title + (f"（{e.note}）" if e.note and e.series in (None, e.id) else ""),
                e.for_whom,
                e.teacher,
                _state(e, today),
            ]
        )
    return kit.table(rows, (21, 22, 52, 34, 18, 27), where="计划")


def plan_pdf(
    page: PageInfo,
    term_name: str,
    entries: Sequence[PlanEntry],
    teachers: Sequence[TeacherRow],
    duties: dict[int, list[ChildDuty]],
    today: date,
    options: PrintOptions | None = None,
) -> RenderedPlan:
    """The class's 学期关爱工作计划 for one term."""
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options or PrintOptions(), missing)
    done = sum(1 for e in entries if e.done)
    late = sum(1 for e in entries if e.state(today) == "overdue")
    story: list[Flowable] = [
        kit.title("留守儿童学期关爱工作计划"),
        kit.p(page.header if term_name in page.header else f"{page.header}　{term_name}", SUBTITLE),
        kit.p(
            f"本学期共安排 {len(entries)} 项关爱工作，已完成 {done} 项"
            + (f"，过期未完成 {late} 项" if late else "")
            + f"（统计至 {today:%Y年%m月%d日}）。",
            BODY,
        ),
        kit.h2("一、分工（结对帮扶、代理家长、谈心）"),
    ]
    if teachers:
        rows = [["教师", "任教学科", "电话", "负责的学生"]]
        for t in teachers:
            held = duties.get(t.id, [])
            rows.append([t.name, t.subject, t.phone, _by_role(held) or "—"])
        story.append(kit.table(rows, (22, 20, 28, 104), where="分工"))
    else:
        story.append(kit.p("还没有登记任课教师。", SMALL_MUTED))
    story.append(kit.h2("二、工作安排"))
    if not entries:
        story.append(kit.p("本学期还没有计划事项。", SMALL_MUTED))
    for month, group in groupby(entries, key=lambda e: (e.planned_on.year, e.planned_on.month)):
        chosen = list(group)
        heading = kit.h3(f"{month[0]}年{month[1]}月（{len(chosen)} 项）")
        heading.keepWithNext = True  # never alone at the bottom of a page
        story += [heading, _items_table(kit, chosen, today)]
    story += [kit.gap(6), kit.signature_block(("班主任", "德育处"), stamp=False)]
    data, pages = build_pdf(story, page, fonts)
    return RenderedPlan(data, pages, missing)


def teacher_list_pdf(
    page: PageInfo,
    teacher: TeacherRow,
    month: date,
    duties: Sequence[ChildDuty],
    due: Sequence[DueItem],
    planned: Sequence[PlanEntry],
    today: date,
    options: PrintOptions | None = None,
) -> RenderedPlan:
    """One teacher's list for ``month``: her children with what is due for each, and the
    planned items she leads."""
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options or PrintOptions(), missing)
    story: list[Flowable] = [
        kit.title(f"{teacher.name}老师的关爱工作清单"),
        kit.p(f"{page.header}　　{month.year}年{month.month}月", SUBTITLE),
        kit.p(
            f"负责 {len(duties)} 名留守儿童"
            + (f"，待办 {len(due)} 项" if due else "，本月没有待办")
            + f"（统计至 {today:%Y年%m月%d日}）。",
            BODY,
        ),
        kit.h2("一、负责的学生和要做的事"),
    ]
    by_child: dict[int, list[DueItem]] = {}
    for item in due:
        if item.pupil_id is not None:
            by_child.setdefault(item.pupil_id, []).append(item)
    rows = [["学生", "分工", "要做的事"]]
    for d in duties:
        things = [
            ("【过期】" if i.overdue else "") + f"{i.label}：{i.detail}"
            for i in by_child.get(d.pupil_id, [])
        ]
        rows.append([d.name, d.role_words, "；".join(things) or "本月暂无待办"])
    if duties:
        story.append(kit.table(rows, (22, 34, 118), where=teacher.name))
    else:
        story.append(kit.p("还没有分到学生。", SMALL_MUTED))
    story.append(kit.h2("二、本月负责的计划事项"))
    if planned:
        story.append(_items_table(kit, planned, today))
    else:
        story.append(kit.p("本月没有由这位老师负责的计划事项。", SMALL_MUTED))
    story += [kit.gap(4), kit.p("完成后请告诉班主任，或在记录上写明教师姓名。", SMALL_MUTED)]
    data, pages = build_pdf(story, page, fonts)
    return RenderedPlan(data, pages, missing)
