"""期末总结报告 (PDF): the class's care work of a term, for the school — overview, changes, the
work done with the monthly talk coverage chart, help plans, individual education plans, help
received, the teacher's own text, signatures and stamp, then one growth card per child.

``term_report_pdf``, ``cards_pdf`` and ``growth_card_pdf`` are what the window, the command
line and the USB archive call; they report progress, can be cancelled, and say which characters
(child and field) no bundled font can print. Every card is the growth card's view model
(``services.growth_card_view.card_view``) drawn by ``pdf.card``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from liushou_desk.domain.records import PARTY_LABELS
from liushou_desk.pdf.card import WIDTH, Outline, card_story
from liushou_desk.pdf.charts import coverage_chart
from liushou_desk.pdf.document import Cancelled, Mark, PageInfo, build_pdf
from liushou_desk.pdf.fonts import register
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, SUBTITLE, Kit, PrintOptions
from liushou_desk.pdf.term_report_sections import (
    cases_section,
    coverage_matrix_section,
    gaps_section,
    grades_section,
    priorities_section,
    statistics_section,
)
from liushou_desk.pdf.text import Missing
from liushou_desk.services.archive_info import ClassInfo
from liushou_desk.services.growth_card_model import CardData
from liushou_desk.services.growth_card_view import card_view
from liushou_desk.services.term_report import PlanLine, TermReport
from liushou_desk.services.term_stats import PlanFlow, plan_flow
from liushou_desk.services.term_summary import LABELS

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled
APPENDIX = "附：留守儿童成长记录卡"


@dataclass
class Rendered:
    """A finished PDF: its bytes, its pages, and what could not be printed."""

    data: bytes
    pages: int
    missing: Missing = field(default_factory=Missing)
    marks: tuple[Mark, ...] = ()  # its bookmarks, with their pages


def page_info(info: ClassInfo, term_name: str, today: date, title: str) -> PageInfo:
    header = "　".join(x for x in (info.title, term_name) if x)
    return PageInfo(
        title=title,
        header=header,
        generated=f"生成于 {today:%Y-%m-%d}",
        author=info.head_teacher,
    )


def _render(
    page: PageInfo,
    steps: int,
    make_story: Callable[[Kit, Progress], list[Flowable]],
    options: PrintOptions,
    out: Path | None,
    progress: Progress | None,
) -> Rendered:
    fonts = register()
    missing = Missing()
    kit = Kit(fonts, options, missing)
    steps = max(steps, 1)

    def story_step(done: int, total: int) -> None:  # first half: building the pages' content
        if progress is not None:
            progress(done * 50 // max(total, 1), 100)

    def layout_step(done: int, total: int) -> None:  # second half: laying them out
        if progress is not None:
            progress(50 + min(done * 50 // max(total, 1), 49), 100)

    # tens of thousands of small objects are made and kept until the end: the cyclic garbage
    # collector's passes over them cost a fifth of the time and free nothing
    collecting = gc.isenabled()
    gc.disable()
    marks: list[Mark] = []
    try:
        story = make_story(kit, story_step)
        story_step(steps, steps)
        data, pages = build_pdf(story, page, fonts, out, layout_step, marks)
    finally:
        if collecting:
            gc.enable()
    if progress is not None:
        progress(100, 100)
    return Rendered(data, pages, missing, tuple(marks))


def term_report_pdf(
    report: TermReport,
    options: PrintOptions | None = None,
    out: Path | None = None,
    progress: Progress | None = None,
) -> Rendered:
    """The whole term report with every child's growth card."""
    return _render(
        page_info(report.info, report.term.name, report.today, "期末总结报告"),
        len(report.cards),
        lambda kit, step: report_story(kit, report, step),
        options or PrintOptions(),
        out,
        progress,
    )


def report_and_cards(
    report: TermReport,
    options: PrintOptions | None = None,
    progress: Progress | None = None,
) -> tuple[Rendered, Rendered]:
    """The term report and, on their own, its growth cards — rendered once: the cards are the
    report's own card pages (附：留守儿童成长记录卡, their header says so, their numbers are the
    report's), with a bookmark per child. The principal's archive holds both."""
    from liushou_desk.pdf.page_range import pages_from

    rendered = term_report_pdf(report, options, progress=progress)
    appendix = next((m for m in rendered.marks if m.title == APPENDIX), None)
    if appendix is None:  # no child's card: a document that says so
        return rendered, growth_card_pdf(report, options)
    data = pages_from(rendered.data, appendix.page, rendered.marks, "成长记录卡")
    cards = Rendered(data, rendered.pages - appendix.page, rendered.missing)
    return rendered, cards


def growth_card_pdf(
    report: TermReport,
    options: PrintOptions | None = None,
    out: Path | None = None,
    progress: Progress | None = None,
) -> Rendered:
    """The growth cards in ``report`` alone, each from a new page."""
    page = page_info(report.info, report.term.name, report.today, "成长记录卡")
    return cards_pdf(report.cards, options, out, progress, page)


def cards_pdf(
    cards: Sequence[CardData],
    options: PrintOptions | None = None,
    out: Path | None = None,
    progress: Progress | None = None,
    page: PageInfo | None = None,
) -> Rendered:
    """Growth cards (one child's, or several), each from a new page; the page header names the
    first card's class and term unless ``page`` says otherwise."""
    if page is None:
        first = cards[0]
        page = page_info(first.info, first.term.name, first.today, "成长记录卡")

    def story(kit: Kit, step: Progress) -> list[Flowable]:
        flowables: list[Flowable] = []
        for i, card in enumerate(cards):
            if i:
                flowables.append(PageBreak())
            flowables += card_story(kit, card_view(card, kit.options))
            step(i + 1, len(cards))
        return flowables

    return _render(page, len(cards), story, options or PrintOptions(), out, progress)


def report_story(kit: Kit, report: TermReport, step: Progress | None = None) -> list[Flowable]:
    info = report.info
    story: list[Flowable] = [Outline("期末总结报告")]
    class_name = info.title or "本班"
    story.append(kit.title(f"{class_name}留守儿童关爱工作期末总结", where="报告标题"))
    teacher = f"　班主任：{info.head_teacher}" if info.head_teacher else ""
    story.append(kit.p(f"{report.term.name}{teacher}", SUBTITLE))
    story += _overview(kit, report)
    story += _work(kit, report)
    story += _plans(kit, report)
    story += _ieps_and_aid(kit, report)
    text = _teacher_text(kit, report)
    signatures = [
        kit.gap(6),
        kit.signature_block(["班主任", "德育处（政教处）", "校长"], stamp=True),
    ]
    story += text[:-2]
    story.append(KeepTogether(text[-2:] + signatures))
    total = len(report.cards) if kit.options.shows("cards") else 0
    if total:
        story.append(PageBreak())
        story.append(Outline(APPENDIX, running_title=f"期末总结报告　{APPENDIX}"))
        for i, card in enumerate(report.cards):
            if i:
                story.append(PageBreak())
            story += card_story(kit, card_view(card, kit.options), level=1)
            if step is not None:
                step(i + 1, total)
    return story


def _overview(kit: Kit, r: TermReport) -> list[Flowable]:
    kinds = "，".join(f"{k} {n} 人" for k, n in sorted(r.left_behind.items()))
    share = f"（占 {r.left_behind_total * 100 // r.pupils}%）" if r.pupils else ""
    text = (
        f"本学期在班学生 {r.pupils} 人，目前在读 {r.in_class_now} 人；"
        f"其中留守儿童 {r.left_behind_total} 人{share}" + (f"：{kinds}。" if kinds else "。")
    )
    if r.new_files:
        text += f"本学期新建档案 {r.new_files} 份。"
    out: list[Flowable] = [kit.h2("一、班级概况"), kit.p(text)]
    if kit.options.shows("statistics"):
        out += statistics_section(kit, r)
    if r.events:
        out.append(kit.p(f"本学期在读状态与留守认定的变动 {len(r.events)} 项：", BODY))
        rows = [["日期", "学生", "变动", "说明"]]
        rows += [[f"{e.day:%Y-%m-%d}", e.name, e.what, e.note] for e in r.events]
        out.append(kit.table(rows, (22, 24, 62, WIDTH - 108), where="班级变动"))
    else:
        out.append(kit.p("本学期在读状态与留守认定没有变动。", SMALL_MUTED))
    return out


def _work(kit: Kit, r: TermReport) -> list[Flowable]:
    w = r.work
    n = w.by_kind
    by_party = "，".join(
        f"{label.removeprefix('与')} {w.contacts_by_party.get(label, 0)} 次"
        for label in PARTY_LABELS
    )
    channels = "，".join(f"{c} {k} 次" for c, k in w.contacts_by_channel.most_common() if c)
    minutes = f"，共 {w.family_call_minutes:g} 分钟" if w.family_call_minutes else ""
    amount = f"，金额合计 {w.aid_amount:g} 元" if w.aid_amount else ""
    rows = [
        ["工作", "次数", "说明"],
        ["谈心", str(n["talk"]), f"谈到 {w.children_talked} / {r.left_behind_total} 名留守儿童"],
        ["三沟通", str(n["contact"]), f"{by_party}" + (f"；方式：{channels}" if channels else "")],
        ["亲情电话 / 视频", str(n["family_call"]), f"孩子与外出父母通话{minutes}"],
        ["家访", str(n["home_visit"]), ""],
        ["会议", str(n["meeting"]), "留守儿童月会、监护人会、家长会"],
        ["活动", str(n["activity"]), ""],
        ["帮扶阶段检查", str(n["plan_check"]), ""],
        ["四个优先", str(n["priorities"]), "安全、学习、生活、活动方面的措施"],
        ["进步档案 / 闪光点", f"{n['progress']} / {n['bright_spot']}", ""],
        ["资助", str(n["aid"]), amount.removeprefix("，")],
    ]
    out: list[Flowable] = [kit.h2("二、开展的工作"), kit.table(rows, (36, 18, WIDTH - 54))]
    if r.coverage:
        out.append(kit.gap(3))
        out.append(coverage_chart(r.coverage, WIDTH))
    if r.class_records:
        rows = [["日期", "类型", "名称 / 主题", "参加", "小结"]]
        for v in r.class_records:
            kind = v.values.get("activity_kind") or v.values.get("meeting_kind") or v.label
            rows.append(
                [
                    f"{v.occurred_on:%m-%d}",
                    kind,
                    v.values.get("title", ""),
                    f"{len(v.participants)} 人",
                    v.values.get("summary", ""),
                ]
            )
        out.append(kit.h3("活动与会议"))
        out.append(kit.table(rows, (14, 30, 40, 14, WIDTH - 98), where="活动与会议"))
    shows = kit.options.shows
    for part, section in (
        ("coverage", coverage_matrix_section),
        ("grades", grades_section),
        ("priorities", priorities_section),
        ("gaps", gaps_section),
        ("cases", cases_section),
    ):
        if shows(part):
            out += section(kit, r)
    return out


def _plans(kit: Kit, r: TermReport) -> list[Flowable]:
    out: list[Flowable] = [kit.h2("三、一对一帮扶")]
    if not r.plans:
        out.append(kit.p("本学期没有帮扶计划。", SMALL_MUTED))
        return out
    rows = [["学生", "帮扶教师", "学习小帮手", "帮扶内容", "阶段检查与效果"]]
    for line in r.plans:
        v = line.plan.values
        checks = "\n".join(
            f"{c.occurred_on:%m-%d} {c.values.get('effect', '')}" for c in line.checks
        )
        rows.append(
            [
                line.pupil,
                v.get("teacher", ""),
                v.get("peer", ""),
                v.get("content", ""),
                checks or "本学期尚未检查",
            ]
        )
    out.append(kit.p(_flow(r, r.plans).words("帮扶计划", "结束")))
    out.append(kit.table(rows, (18, 20, 20, 50, WIDTH - 108), where="帮扶计划"))
    return out


def _flow(r: TermReport, lines: list[PlanLine]) -> PlanFlow:
    """The plans opened and ended in the term (ended: by its end, or by today mid-term)."""
    return plan_flow((line.plan for line in lines), r.term.start, min(r.term.end, r.today))


def _ieps_and_aid(kit: Kit, r: TermReport) -> list[Flowable]:
    show = kit.options.include_sensitive
    out: list[Flowable] = [kit.h2("四、个别教育管理方案")]
    ieps = [line for line in r.ieps if show or not line.plan.sensitive]
    hidden = len(r.ieps) - len(ieps)
    if not r.ieps:
        out.append(kit.p("本学期没有个别教育管理方案。", SMALL_MUTED))
    else:
        out.append(kit.p(_flow(r, r.ieps).words("个别教育管理方案", "结案")))
    if ieps:
        rows = [["学生", "问题类别", "责任人", "教育方案", "回访"]]
        for line in ieps:
            v = line.plan.values
            reviews = "\n".join(
                f"{c.occurred_on:%m-%d} {c.values.get('content', '')}" for c in line.checks
            )
            closed = f"\n已结案 {v['closed_on']}" if v.get("closed_on") else ""
            rows.append(
                [
                    line.pupil,
                    v.get("category", ""),
                    v.get("responsible", ""),
                    v.get("plan", ""),
                    (reviews or "尚未回访") + closed,
                ]
            )
        out.append(kit.table(rows, (18, 24, 18, 56, WIDTH - 116), where="个别教育管理方案"))
    if hidden:
        out.append(kit.p(f"其中 {hidden} 份涉及隐私，内容未打印。", SMALL_MUTED))

    out.append(kit.h2("五、受助情况"))
    aid = [(name, v) for name, v in r.aid if show or not v.sensitive]
    if not r.aid:
        out.append(kit.p("本学期没有资助记录。", SMALL_MUTED))
        return out
    out.append(kit.p(f"本学期共有资助记录 {len(r.aid)} 条。"))
    if aid:
        rows = [["日期", "学生", "来源", "类别", "金额（元）", "物品"]]
        rows += [
            [
                f"{v.occurred_on:%m-%d}",
                name,
                v.values.get("source", ""),
                v.values.get("aid_kind", ""),
                v.values.get("amount", ""),
                v.values.get("items", ""),
            ]
            for name, v in aid
        ]
        out.append(kit.table(rows, (14, 20, 40, 22, 20, WIDTH - 116), where="受助情况"))
    if len(aid) < len(r.aid):
        out.append(kit.p(f"其中 {len(r.aid) - len(aid)} 条涉及隐私，内容未打印。", SMALL_MUTED))
    return out


def _teacher_text(kit: Kit, r: TermReport) -> list[Flowable]:
    out: list[Flowable] = []
    numbers = ("六", "七", "八")
    for number, (key, label) in zip(numbers, LABELS.items(), strict=True):
        out.append(kit.h2(f"{number}、{label}"))
        text = getattr(r.summary, key)
        out.append(kit.p(text, BODY, where=label) if text else kit.p("（未填写）", SMALL_MUTED))
        if key == "work" and r.last_plans:  # what was planned last term, beside what was done
            out.append(kit.h3("对照上学期的打算"))
            out.append(kit.p(r.last_plans, BODY, where="上学期的打算"))
    return out


__all__ = ["Cancelled", "Rendered", "cards_pdf", "growth_card_pdf", "term_report_pdf"]
