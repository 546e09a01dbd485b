"""成长记录卡 (PDF): one child's card for a term, 1–2 A4 pages — the profile (五个清楚), parents
and guardians, the pairing and help plan, the term's records, the grades with a chart, the
term comment and the head teacher's signature line.

ID numbers and phones are masked and records marked 涉及隐私 are left out unless the print
options say otherwise; the card says how many records it left out.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from liushou_desk.domain.records import CHOICE, KINDS
from liushou_desk.pdf.charts import grade_chart
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, SUBTITLE, Kit
from liushou_desk.services.growth_card import GrowthCard
from liushou_desk.services.records import RecordView

WIDTH = 174.0  # mm of the A4 frame
RECENT_EXAMS = 8


class Outline(Flowable):
    """An invisible mark: a bookmark in the PDF's outline (the principal jumps to a child)."""

    def __init__(self, title: str, level: int = 0) -> None:
        super().__init__()
        self.outline = (title, level)
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def card_story(kit: Kit, card: GrowthCard, level: int = 0) -> list[Flowable]:
    """The card's flowables; the caller starts it on a new page."""
    p = card.profile
    d = p.draft
    who = d.name
    kind = p.kind + ("（人工认定）" if p.override_kind else "")
    reason = p.override_reason if p.override_kind else p.computed_reason
    story: list[Flowable] = [Outline(f"成长记录卡 · {d.name}", level)]
    story.append(kit.title(f"成长记录卡　{d.name}", where=f"{who} · 姓名"))
    story.append(kit.p(f"{card.info.title or '（未填写学校与班级）'}　{card.term.name}", SUBTITLE))

    story.append(kit.h3("一、基本信息"))
    basics = [
        ("姓名", d.name),
        ("性别", d.sex),
        ("出生日期", d.birth_date),
        ("年龄", "" if card.age is None else f"{card.age}岁"),
        ("民族", d.ethnicity),
        ("学籍号", kit.student_number(d.student_number)),
        ("身份证号", kit.id_number(d.id_number)),
        ("寄宿", "是" if d.boarding else "否"),
        ("家庭住址", " ".join(x for x in (d.village, d.address) if x)),
        ("留守类型", f"{kind}　{reason}".strip()),
    ]
    if p.enrolment != "在读":
        left = p.left_on.isoformat() if p.left_on else ""
        basics.append(("在读状态", f"{p.enrolment} {left} {p.leave_note}".strip()))
    story.append(kit.grid(basics, WIDTH, where=f"{who} · 基本信息"))

    story.append(kit.h3("二、性格、兴趣与健康"))
    traits = [("性格特征", d.personality), ("兴趣爱好", d.interests), ("特长", d.strengths)]
    if kit.options.include_health:
        traits += [("身体健康", d.health_physical), ("心理健康", d.health_mental)]
    story.append(
        kit.table(
            [[label, value or "—"] for label, value in traits],
            (22, WIDTH - 22),
            header=False,
            where=f"{who} · 性格、兴趣与健康",
            label_columns=(0,),
        )
    )
    if not kit.options.include_health:
        story.append(kit.p("身体和心理健康状况不在本份材料中。", SMALL_MUTED))

    story.append(kit.h3("三、父母及监护人"))
    rows: list[list[str]] = [["", "姓名", "现状", "务工地", "外出时间", "预计返乡", "电话"]]
    for pd in (d.father, d.mother):
        place = " ".join(x for x in (pd.work_province, pd.work_city, pd.work_unit) if x)
        rows.append(
            [
                pd.role,
                pd.name,
                pd.situation,
                place,
                pd.away_since,
                pd.expected_return,
                kit.phone(pd.phone),
            ]
        )
    story.append(
        kit.table(rows, (12, 22, 22, 44, 22, 24, 28), where=f"{who} · 父母", label_columns=(0,))
    )
    if d.guardians:
        rows = [["在家监护人", "关系", "年龄", "电话", "健康", "文化程度", "监护能力"]]
        for g in d.guardians:
            rows.append(
                [g.name, g.relation, g.age, kit.phone(g.phone), g.health, g.literacy, g.capacity]
            )
        story.append(kit.gap(1.5))
        story.append(kit.table(rows, (26, 18, 12, 28, 36, 26, 28), where=f"{who} · 监护人"))
    else:
        story.append(kit.p("尚未登记在家监护人。", SMALL_MUTED))

    story += _plan(kit, card)
    story += _records(kit, card)
    story += _grades(kit, card)

    comments = [r for r in card.records if r.kind == "term_comment"]
    story.append(kit.h3("七、期末评语"))
    story.append(
        kit.p(comments[0].values.get("content", ""), BODY, where=f"{who} · 期末评语")
        if comments
        else kit.p("（本学期尚未填写期末评语）", SMALL_MUTED)
    )
    story.append(kit.gap(3))
    story.append(kit.signature_block(["班主任"], stamp=False))
    return story


def _plan(kit: Kit, card: GrowthCard) -> list[Flowable]:
    who = card.profile.draft.name
    out: list[Flowable] = [kit.h3("四、结对帮扶（一对一）")]
    plans = [r for r in card.plans if r.kind == "help_plan"]
    if not plans:
        out.append(kit.p("本学期没有帮扶计划。", SMALL_MUTED))
        return out
    plan = plans[0]
    v = plan.values
    checks = sorted(
        (r for r in card.plans if r.kind == "plan_check" and r.parent_id == plan.id),
        key=lambda r: r.occurred_on,
    )
    pairs = [
        ("帮扶教师", v.get("teacher", "")),
        ("学习小帮手", v.get("peer", "")),
        ("帮扶期", f"{v.get('date', '')} 至 {v.get('end') or '—'}"),
        ("下次检查", plan.due_on.isoformat() if plan.due_on else ""),
        ("帮扶内容", v.get("content", "")),
        ("阶段目标", v.get("goals", "")),
    ]
    out.append(kit.grid(pairs[:4], WIDTH, where=f"{who} · 帮扶计划"))
    rows = [[label, value or "—"] for label, value in pairs[4:]]
    rows += [[f"检查 {c.occurred_on:%m-%d}", c.values.get("effect", "")] for c in checks]
    out.append(
        kit.table(
            rows, (22, WIDTH - 22), header=False, where=f"{who} · 帮扶计划", label_columns=(0,)
        )
    )
    return out


def record_summary(record: RecordView) -> str:
    """The record's content in one paragraph: its summary fields, labelled."""
    kind = KINDS[record.kind]
    parts: list[str] = []
    for name in kind.summary_fields:
        if name == "scores":
            if record.scores:
                parts.append("，".join(f"{s}{v}" for s, v in record.scores.items()))
            continue
        value = record.values.get(name, "")
        if value:
            spec = kind.spec(name)
            value = value.rstrip("。；，,;. ")
            parts.append(value if spec.type == CHOICE else f"{spec.label}：{value}")
    return "；".join(parts) + ("。" if parts else "")


def _records(kit: Kit, card: GrowthCard) -> list[Flowable]:
    who = card.profile.draft.name
    shown = [
        r
        for r in reversed(card.records)  # oldest first on paper
        if r.kind not in ("term_comment", "grade", "help_plan", "plan_check")
        and (kit.options.include_sensitive or not r.sensitive)
    ]
    hidden = sum(1 for r in card.records if r.sensitive and not kit.options.include_sensitive)
    out: list[Flowable] = [CondPageBreak(25 * mm), kit.h3(f"五、本学期关爱记录（{len(shown)} 条）")]
    if hidden:
        out.append(kit.p(f"另有 {hidden} 条涉及隐私的记录未打印。", SMALL_MUTED))
    if not shown:
        out.append(kit.p("本学期还没有关爱记录。", SMALL_MUTED))
        return out
    rows = [["日期", "记录", "内容"]]
    rows += [[f"{r.occurred_on:%m-%d}", r.label, record_summary(r)] for r in shown]
    out.append(kit.table(rows, (13, 26, WIDTH - 39), where=f"{who} · 关爱记录"))
    return out


def _grades(kit: Kit, card: GrowthCard) -> list[Flowable]:
    who = card.profile.draft.name
    heading = kit.h3("六、成绩")
    if not card.grades:
        return [heading, kit.p("还没有成绩记录。", SMALL_MUTED)]
    recent = card.grades[-RECENT_EXAMS:]
    subjects = list(dict.fromkeys(s for g in recent for s in g.scores))
    rows = [["日期", "考试", *subjects]]
    for g in recent:
        rows.append(
            [
                f"{g.occurred_on:%Y-%m-%d}",
                g.values.get("exam", ""),
                *(g.scores.get(s, "") for s in subjects),
            ]
        )
    rest = WIDTH - 24 - 22
    widths = (24, 22, *([rest / max(len(subjects), 1)] * len(subjects)))
    table = kit.table(rows, widths, where=f"{who} · 成绩")
    # the heading moves with the chart and the table: never alone at the foot of a page
    if len(recent) > 1:
        return [KeepTogether([heading, grade_chart(recent, WIDTH), table])]
    return [KeepTogether([heading, table])]
