"""成长记录卡的文字 (the growth card's words): one child's rows (``CardData``) put into the
card's view model — 基本信息 with the 留守认定 and its reason, 性格兴趣与健康, 父母及监护人,
结对帮扶, 成绩 with its chart, 本学期档案变动, 期末评语 and 本学期关爱记录 — for the screen and
the PDF alike.

The print options decide the words: masked numbers (in the 档案变动 too), records marked 涉及隐私,
health. ``SCREEN`` is the teacher's own view: full numbers and health, sensitive records on
request. Pure: no archive, no Qt, no ReportLab.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import Enum

from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import (
    Capacity,
    Enrolment,
    GuardianRelation,
    Health,
    LeftBehindKind,
    Literacy,
    ParentRole,
    ParentSituation,
    Sex,
)
from liushou_desk.domain.idcard import mask_id_number
from liushou_desk.domain.phones import mask_phone
from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.domain.records import CHOICE, KINDS
from liushou_desk.services.growth_card_model import (
    EMPTY,
    Block,
    CardChange,
    CardData,
    CardRecord,
    GradeChart,
    GradeLine,
    GrowthCardView,
    Note,
    Pair,
    Pairs,
    Section,
    Table,
    Text,
    hidden_note,
)
from liushou_desk.services.growth_card_paper import by_month, by_party, priorities, totals
from liushou_desk.services.records import RecordView
from liushou_desk.services.terms import TermView

SCREEN = PrintOptions(
    mask=False, include_sensitive=False, include_health=True, monthly_activities=False
)
RECENT_EXAMS = 8  # the grade table and chart show the latest exams
# not in 本学期关爱记录: they have a section of their own
SECTIONED = ("grade", "term_comment", "help_plan", "plan_check", "priorities")
NUMBERS = "一二三四五六七八九十"
HEALTH_FIELDS = ("health_physical", "health_mental")
_ID = re.compile(r"\d{17}[\dXx]")
_MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


# words ---------------------------------------------------------------------------------------
def word_of(vocabulary: type[Enum], value: str) -> str:
    """A stored vocabulary value in Chinese: the member's ``label`` when it has one."""
    try:
        member = vocabulary(value)
    except ValueError:
        return value
    return str(getattr(member, "label", member.value))


def _or_empty(text: str) -> str:
    return text.strip() or EMPTY


class _Words:
    """The print options applied to numbers and fields."""

    def __init__(self, options: PrintOptions) -> None:
        self.options = options

    def change_value(self, path: str, text: str) -> str:
        """A value in the 档案变动: masked as its field is; numbers inside text masked too."""
        if not self.options.mask or not text:
            return text
        if path == "id_number":
            return self.options.id_number(text)
        if path == "student_number":
            return self.options.student_number(text)
        if path.endswith(("phone", "phone2")):
            return self.options.phone(text)
        text = _ID.sub(lambda m: mask_id_number(m.group()), text)
        return _MOBILE.sub(lambda m: mask_phone(m.group()), text)


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


# the card --------------------------------------------------------------------------------------
def card_view(data: CardData, options: PrintOptions = SCREEN) -> GrowthCardView:
    """Put one child's rows into the card's words."""
    words = _Words(options)
    p = data.profile
    term = data.term
    in_term = [r for r in data.records if term.contains(r.occurred_on)]
    records = tuple(
        CardRecord(
            r, f"{r.occurred_on:%Y-%m-%d}", r.label, record_summary(r), r.kind not in SECTIONED
        )
        for r in in_term
    )
    listable = [c for c in records if c.listed]
    shown = [c for c in listable if options.include_sensitive or not c.record.sensitive]
    hidden = len(listable) - len(shown)
    listed = len(shown)  # records, whether a line each or a month's in one
    if options.monthly_activities:  # on paper the class's activities take a line a month
        shown = by_month(shown)
    comments = [r for r in reversed(in_term) if r.kind == "term_comment"]
    comment = comments[0] if comments else None
    plans = [r for r in reversed(data.records) if r.kind == "help_plan"]
    changes = tuple(
        c for c in data.changes if options.include_health or c.field not in HEALTH_FIELDS
    )
    grades = [r for r in data.records if r.kind == "grade"]
    chart = _chart(grades[-RECENT_EXAMS:])
    parts: list[tuple[str, str, tuple[Block, ...]]] = [
        ("basics", "基本信息", _basics(data, words)),
        ("traits", "性格、兴趣与健康", _traits(data, options)),
        ("family", "父母及监护人", _family(data, words)),
        ("plan", "结对帮扶（一对一）", _plans(plans, data.records, term)),
        ("priorities", "四个优先", priorities(in_term, options)),
        ("grades", "成绩", _grades(grades, chart, data.exams)),
        ("changes", f"本学期档案变动（{len(changes)} 条）", _changes(changes, words)),
        ("comment", "期末评语", _comment(comment)),
        (
            "records",
            f"本学期关爱记录（{listed} 条）",
            (
                Text(totals(in_term, p.pupil_id)),
                *(
                    by_party(shown, hidden, options.full_records)
                    if options.monthly_activities
                    else _records(shown, hidden)
                ),
            ),
        ),
    ]
    sections = tuple(
        Section(key, f"{NUMBERS[i]}、{title}", blocks)
        for i, (key, title, blocks) in enumerate(parts)
    )
    name = p.draft.name
    return GrowthCardView(
        pupil_id=p.pupil_id,
        name=name,
        title=f"成长记录卡　{name}",
        subtitle=f"{data.info.title or '（未填写学校与班级）'}　{term.name}",
        sections=sections,
        records=records,
        hidden_sensitive=hidden,
        sensitive=sum(1 for c in listable if c.record.sensitive),
        left_behind=_left_behind(data),
        left_behind_reason=_reason(data),
        village=p.draft.village,
        comment=comment.values.get("content", "") if comment else "",
        changes=changes,
        chart=chart,
        plan_id=plans[0].id if plans else None,
        comment_id=comment.id if comment else None,
        photo=p.draft.photo or None,
        bag=data.bag,
    )


def _left_behind(data: CardData) -> str:
    p = data.profile
    return word_of(LeftBehindKind, p.kind) + ("（人工认定）" if p.override_kind else "")


def _reason(data: CardData) -> str:
    p = data.profile
    return p.override_reason if p.override_kind else p.computed_reason


def _basics(data: CardData, words: _Words) -> tuple[Block, ...]:
    p = data.profile
    d = p.draft
    birth = date.fromisoformat(d.birth_date) if d.birth_date else None
    age = age_on(birth, min(data.today, data.term.end))
    pairs = [
        Pair("姓名", d.name),
        Pair("性别", word_of(Sex, d.sex)),
        Pair("出生日期", d.birth_date),
        Pair("年龄", "" if age is None else f"{age}岁"),
        Pair("民族", d.ethnicity),
        Pair("学籍号", words.options.student_number(d.student_number)),
        Pair("身份证号", words.options.id_number(d.id_number)),
        Pair("寄宿", "是" if d.boarding else "否"),
        Pair("村（社区）", d.village),
        Pair("留守类型", _left_behind(data)),
        Pair("家庭住址", d.address, wide=True),
        Pair("认定理由", _reason(data), wide=True),
    ]
    if p.enrolment != Enrolment.ACTIVE.value:
        left = p.left_on.isoformat() if p.left_on else ""
        status = f"{word_of(Enrolment, p.enrolment)} {left} {p.leave_note}"
        pairs.append(Pair("在读状态", " ".join(status.split()), wide=True))
    return (Pairs(tuple(Pair(x.label, _or_empty(x.value), x.wide) for x in pairs)),)


def _traits(data: CardData, options: PrintOptions) -> tuple[Block, ...]:
    d = data.profile.draft
    pairs = [("性格特征", d.personality), ("兴趣爱好", d.interests), ("特长", d.strengths)]
    if options.include_health:
        pairs += [("身体健康", d.health_physical), ("心理健康", d.health_mental)]
    blocks: list[Block] = [Pairs(tuple(Pair(a, _or_empty(b)) for a, b in pairs), columns=1)]
    if not options.include_health:
        blocks.append(Note("身体和心理健康状况不在本份材料中。"))
    return tuple(blocks)


def _family(data: CardData, words: _Words) -> tuple[Block, ...]:
    d = data.profile.draft
    rows = []
    for pd in (d.father, d.mother):
        place = " ".join(x for x in (pd.work_province, pd.work_city, pd.work_unit) if x)
        situation, phone = word_of(ParentSituation, pd.situation), words.options.phone(pd.phone)
        cells = (pd.name, situation, place, pd.away_since, pd.expected_return, phone)
        rows.append((word_of(ParentRole, pd.role), *(_or_empty(c) for c in cells)))
    blocks: list[Block] = [
        Table(
            ("", "姓名", "现状", "务工地", "外出时间", "预计返乡", "电话"),
            tuple(rows),
            (12, 22, 22, 44, 22, 24, 28),
            label_column=True,
        )
    ]
    if not d.guardians:
        blocks.append(Note("尚未登记在家监护人。"))
        return tuple(blocks)
    guardians = tuple(
        tuple(
            _or_empty(c)
            for c in (
                g.name,
                word_of(GuardianRelation, g.relation),
                g.age,
                words.options.phone(g.phone),
                word_of(Health, g.health),
                word_of(Literacy, g.literacy),
                word_of(Capacity, g.capacity),
            )
        )
        for g in d.guardians
    )
    blocks.append(
        Table(
            ("在家监护人", "关系", "年龄", "电话", "健康", "文化程度", "监护能力"),
            guardians,
            (26, 18, 12, 28, 36, 26, 28),
        )
    )
    return tuple(blocks)


def _plans(
    plans: Sequence[RecordView], records: Sequence[RecordView], term: TermView
) -> tuple[Block, ...]:
    """Every plan that ran during the term (the newest first); else the newest of all."""
    if not plans:
        return (Note("还没有帮扶计划。"),)
    running = [p for p in plans if _ran_in(p, term)] or list(plans[:1])
    if len(running) == 1:
        return _plan(running[0], records)
    blocks: list[Block] = []
    for n, plan in enumerate(running, start=1):
        ended = plan.values.get("end") or plan.values.get("closed_on") or ""
        state = "进行中" if not ended or ended >= term.end.isoformat() else f"{ended} 结束"
        blocks.append(Note(f"帮扶计划 {n}（{plan.occurred_on:%Y-%m-%d} 起，{state}）"))
        blocks += _plan(plan, records)
    return tuple(blocks)


def _ran_in(plan: RecordView, term: TermView) -> bool:
    ended = plan.values.get("end") or plan.values.get("closed_on") or ""
    return plan.occurred_on <= term.end and (not ended or ended >= term.start.isoformat())


def _plan(plan: RecordView, records: Sequence[RecordView]) -> tuple[Block, ...]:
    v = plan.values
    checks = [r for r in records if r.kind == "plan_check" and r.parent_id == plan.id]
    period = Pair("帮扶期", f"{v.get('date', '')} 至 {v.get('end') or EMPTY}")
    # the next check agreed at the newest check (the plan's own date is the first one)
    newest = max(checks, key=lambda c: (c.occurred_on, c.id)) if checks else None
    next_on = newest.due_on if newest is not None else plan.due_on
    due = next_on.isoformat() if next_on else ""
    teacher, peer = Pair("帮扶教师", v.get("teacher", "")), Pair("学习小帮手", v.get("peer", ""))
    head = (teacher, peer, period, Pair("下次检查", due))
    body = [Pair("帮扶内容", v.get("content", "")), Pair("阶段目标", v.get("goals", ""))]
    body += [
        Pair("阶段检查", f"{c.occurred_on:%Y-%m-%d}：{_or_empty(c.values.get('effect', ''))}")
        for c in checks
    ]
    return (
        Pairs(tuple(Pair(x.label, _or_empty(x.value)) for x in head)),
        Pairs(tuple(Pair(x.label, _or_empty(x.value)) for x in body), columns=1),
    )


def _chart(grades: Sequence[RecordView]) -> GradeChart | None:
    """The chart's points, or None with fewer than two exams with scores."""
    exams = [g for g in grades if g.scores]
    if len(exams) < 2:
        return None
    subjects = list(dict.fromkeys(s for g in exams for s in g.scores))
    lines = []
    for subject in subjects:
        scores: list[float | None] = []
        for g in exams:
            try:
                scores.append(float(g.scores[subject]))
            except (KeyError, ValueError):
                scores.append(None)
        lines.append(GradeLine(subject, tuple(scores)))
    highest = max((v for line in lines for v in line.scores if v is not None), default=100)
    top, step = (150.0, 25.0) if highest > 100 else (100.0, 20.0)
    labels = tuple(f"{g.occurred_on:%y.%m} {g.values.get('exam', '')}".strip() for g in exams)
    return GradeChart(labels, tuple(lines), top, step)


def _grades(
    grades: Sequence[RecordView], chart: GradeChart | None, total: int
) -> tuple[Block, ...]:
    """``grades``: the latest exams at least (oldest first); ``total``: all of the child's."""
    if not grades:
        return (Note("还没有成绩记录。"),)
    recent = grades[-RECENT_EXAMS:]
    blocks: list[Block] = [chart] if chart is not None else []
    total = max(total, len(grades))
    if total > len(recent):
        blocks.append(Note(f"最近 {len(recent)} 次考试（共 {total} 次）"))
    subjects = list(dict.fromkeys(s for g in recent for s in g.scores))
    rows = tuple(
        (
            f"{g.occurred_on:%Y-%m-%d}",
            _or_empty(g.values.get("exam", "")),
            *(_or_empty(g.scores.get(s, "")) for s in subjects),
        )
        for g in recent
    )
    rest = 174 - 24 - 22
    widths = (24.0, 22.0, *([rest / max(len(subjects), 1)] * len(subjects)))
    records = tuple(g.id for g in recent)
    blocks.append(Table(("日期", "考试", *subjects), rows, widths, records=records))
    return tuple(blocks)


def _changes(changes: Sequence[CardChange], words: _Words) -> tuple[Block, ...]:
    if not changes:
        return (Note("本学期档案没有变动。"),)
    vocabulary: dict[str, type[Enum]] = {"留守认定": LeftBehindKind, "在读状态": Enrolment}

    def value(c: CardChange, text: str) -> str:
        if c.kind in vocabulary:
            text = word_of(vocabulary[c.kind], text)
        return _or_empty(words.change_value(c.field, text))

    rows = tuple(
        (
            f"{c.changed_at:%Y-%m-%d}",
            _or_empty(c.kind),
            _or_empty(c.label),
            value(c, c.old_value),
            value(c, c.new_value),
            _or_empty(words.change_value(c.field, c.note)),
        )
        for c in changes
    )
    header = ("日期", "类别", "项目", "原内容", "新内容", "说明")
    return (Table(header, rows, (21, 14, 24, 38, 38, 39)),)


def _comment(comment: RecordView | None) -> tuple[Block, ...]:
    text = comment.values.get("content", "") if comment else ""
    return (Text(text),) if text else (Note("（本学期尚未填写期末评语）"),)


def _records(shown: Sequence[CardRecord], hidden: int) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if hidden:
        blocks.append(Note(hidden_note(hidden)))
    if not shown:
        if not hidden:
            blocks.append(Note("本学期还没有关爱记录。"))
        return tuple(blocks)
    rows = tuple((c.day, c.label, _or_empty(c.content)) for c in shown)
    ids = tuple(c.record.id for c in shown)
    blocks.append(Table(("日期", "记录", "内容"), rows, (22, 24, 128), records=ids))
    return tuple(blocks)
