"""待办: what is due in the care work of the class, and what is overdue (the start page).

The rules (issue 3, 待办), for every left-behind pupil in class (effective kind other than
非留守, 在读, not in the recycle bin):

- ``talk`` — no talk with the child yet this month (any record with the child counts: a 谈心
  record or a 三沟通 contact 与孩子); also the follow-up date agreed at the last talk.
- ``parent_contact`` — no contact with a parent away within ``parent_contact_days``: 三沟通
  with 与外出父母 and every 亲情电话 / 视频 count.
- ``guardian_contact`` — no contact with the at-home guardian this month: 三沟通 with 与在家监护人,
  every 家访, and the pupil being on the list of a 监护人会 / 家长会 count.
- ``home_visit`` — no home visit this term; also the next visit date agreed at the last one.
- ``plan_check`` — the next check of a help plan (帮扶计划) or review of an individual
  education plan (个别教育管理方案) is due within ``plan_check_warn_days`` or overdue. Only the
  newest check of each plan counts; a plan that has ended or been closed asks for nothing.
- ``status_review`` — a parent away has an expected return (free text such as 2026年春节)
  that has passed: the 留守 status should be checked.
- ``birthday`` — a birthday this month, for the collective birthday (never overdue; gone once
  the child took part in a 集体生日 activity this month).

and once for the class:

- ``class_meeting`` — the monthly 留守儿童月会 not yet held this month.

``family_item`` adds, for the 待办 list, one line for the class when pupils in class are
待认定 (their family's situation not known): "N 名学生还没填父母外出情况" — facts missing rather
than care work, so it is not among ``DUE_KINDS`` and cannot be switched off.

Due dates: a monthly item is due at the month's end and so is never overdue within its month;
it becomes overdue (due at the end of last month) when last month passed without one either —
provided last month was a school month of the current term and records were already kept for
the pupil when it began (the archive was started, or a back-filled record is dated, before it),
so a new archive does not start with a screen of red. Holiday months
(``Cadence.holiday_months``) ask for no monthly items. Everything else is due on a date and is
overdue once that date has passed.

Only records dated up to ``today`` count, records in the recycle bin never do. The whole list
is computed with a few queries, whatever the size of the class (≤ 200 ms for 2,000 pupils).
Nothing is written: the current term is looked up, not created.
"""

from __future__ import annotations

from datetime import date, timedelta

from liushou_desk.db.engine import Archive
from liushou_desk.domain.enums import ParentRole
from liushou_desk.domain.records import PARTY_CHILD, PARTY_GUARDIAN, PARTY_PARENT
from liushou_desk.domain.returns import day_in_month, expected_return_date
from liushou_desk.services.due_facts import Clock, PupilRow, read_clock, read_facts, read_pupils
from liushou_desk.services.due_gaps import gap_items
from liushou_desk.services.due_kinds import (
    BIRTHDAY,
    CLASS_MEETING,
    DUE_KINDS,
    FAMILY_UNKNOWN,
    FORMS,
    GUARDIAN_CONTACT,
    HOME_VISIT,
    KIND_LABELS,
    MENTAL_HEALTH,
    PARENT_CONTACT,
    PLAN_CHECK,
    PLAN_KINDS,
    STATUS_REVIEW,
    TALK,
    Cadence,
    DueItem,
)
from liushou_desk.services.families import unknown_count


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _pick(
    one: tuple[date, bool, str] | None, other: tuple[date, bool, str] | None
) -> tuple[date, bool, str] | None:
    """The more pressing of a kind's two candidates (overdue first, then the earlier)."""
    if one is None or other is None:
        return other if one is None else one
    return min(one, other, key=lambda c: (not c[1], c[0]))


def _follow_up(clock: Clock, due_on: date | None, what: str) -> tuple[date, bool, str] | None:
    """A follow-up date agreed at the last talk / visit, once it is near or past."""
    if due_on is None or due_on > clock.today + timedelta(days=clock.cadence.follow_up_warn_days):
        return None
    late = (clock.today - due_on).days
    if late > 0:
        return due_on, True, f"约定的{what}已过期 {late} 天（{_md(due_on)}）"
    if late == 0:
        return due_on, False, f"今天约定{what}"
    return due_on, False, f"{_md(due_on)}约定{what}"


def _every(
    clock: Clock, last: date | None, since: date, days: int, what: str, *, quiet: bool = True
) -> tuple[date, bool, str] | None:
    """Work expected every ``days`` days (a child's own cadence, or the class's when set): due
    ``days`` after the last time — after the term's start (or the child's first record) when
    never done. Not in the holidays for work done at school (``quiet``)."""
    if quiet and clock.quiet:
        return None
    base = last or max(since, clock.term_start)
    due = base + timedelta(days=days)
    if due > clock.today + timedelta(days=clock.cadence.follow_up_warn_days):
        return None
    every = f"（每 {days} 天一次）"
    if last is None:
        return due, due < clock.today, f"本学期还没有{what}{every}"
    return due, due < clock.today, f"已 {(clock.today - last).days} 天没有{what}{every}"


KIND_FORM = "<the kind's own form>"  # an item opens the form of its kind unless told


def due_items(archive: Archive, today: date, cadence: Cadence = Cadence()) -> list[DueItem]:
    """What is due on ``today`` for the left-behind children in class and for the class."""
    on = set(cadence.kinds)
    with archive.transaction() as session:
        s = session.connection()  # plain rows: no ORM loading for a whole class's facts
        clock = read_clock(s, today, cadence)
        unassessed: dict[int, PupilRow] = {}
        pupils = read_pupils(s, today, unassessed)
        if not pupils and not unassessed:
            return []

        facts = read_facts(s, today, clock, pupils, on)

    items: list[DueItem] = []

    def add(
        p: PupilRow | None,
        kind: str,
        found: tuple[date, bool, str] | None,
        record_id: int | None = None,
        form: str | None = KIND_FORM,
        teachers: tuple[str, ...] | None = None,
    ) -> None:
        if found is not None and kind in on:
            due, overdue, detail = found
            items.append(
                DueItem(  # positional: a class of 2,000 has 6,000 items
                    p.id if p else None,
                    p.name if p else None,
                    kind,
                    due,
                    overdue,
                    detail,
                    record_id,
                    FORMS[kind] if form is KIND_FORM else form,
                    (p.teachers if p else ()) if teachers is None else teachers,
                )
            )

    for p in pupils.values():
        # talk: this month, and the follow-up agreed at the last talk
        seen = facts.last.get((p.id, PARTY_CHILD))
        days = p.days(TALK, cadence.talk_days)
        monthly = None if days else clock.monthly(seen, p.since)
        talk = _every(clock, seen, p.since, days, "谈心") if days else None
        if monthly:
            talk = (*monthly, "本月还没有谈心")
            if monthly[1]:
                talk = (
                    *monthly,
                    "上月和本月都没有谈心" + (f"（上次：{_md(seen)}）" if seen else ""),
                )
        newest_talk = facts.latest.get((p.id, "talk"))
        add(p, TALK, _pick(talk, _follow_up(clock, newest_talk and newest_talk[1], "跟进谈心")))

        # parents away: within N days of the last contact
        seen = facts.last.get((p.id, PARTY_PARENT))
        base = seen or max(p.since, clock.term_start)
        due = base + timedelta(days=p.days(PARENT_CONTACT, cadence.parent_contact_days))
        if due <= today + timedelta(days=cadence.parent_contact_warn_days):
            if seen is None:
                text = "还没有与外出父母联系的记录"
            elif due < today:
                text = f"已 {(today - seen).days} 天没有与外出父母联系"
            else:
                text = f"已 {(today - seen).days} 天没有与外出父母联系，请在{_md(due)}前联系"
            add(p, PARENT_CONTACT, (due, due < today, text))

        # the guardian at home: this month
        seen = max(
            (
                d
                for d in (facts.last.get((p.id, PARTY_GUARDIAN)), facts.guardian_met.get(p.id))
                if d
            ),
            default=None,
        )
        days = p.days(GUARDIAN_CONTACT, cadence.guardian_contact_days)
        monthly = None if days else clock.monthly(seen, p.since)
        if days:
            add(p, GUARDIAN_CONTACT, _every(clock, seen, p.since, days, "与在家监护人联系"))
        elif monthly:
            text = (
                "上月和本月都没有与在家监护人联系" if monthly[1] else "本月还没有与在家监护人联系"
            )
            add(p, GUARDIAN_CONTACT, (*monthly, text))

        # home visit: every N days when the class or the child asks for it (once a term is
        # the gap 本学期没家访), and the next visit agreed at the last one
        visit = facts.latest.get((p.id, "home_visit"))
        days = p.days(HOME_VISIT, cadence.home_visit_days)
        every = (
            _every(clock, visit and visit[0], p.since, days, "家访", quiet=False) if days else None
        )
        add(p, HOME_VISIT, _pick(every, _follow_up(clock, visit and visit[1], "下次家访")))

        # birthday this month
        if p.birth_date and p.birth_date.month == today.month and p.id not in facts.celebrated:
            day = day_in_month(today.year, today.month, p.birth_date.day) or clock.month_end
            add(p, BIRTHDAY, (day, False, f"本月生日（{_md(p.birth_date)}）"))

        # a parent's expected return has passed
        passed = sorted(facts.returns.get(p.id, ()), key=lambda r: r[0] != ParentRole.FATHER.value)
        if passed:
            texts = {text for _, text, _ in passed}
            if len(texts) == 1:
                who = "、".join(role for role, _, _ in passed)
                what = f"{who}预计返乡时间已过（{passed[0][1]}）"
            else:
                what = (
                    "、".join(f"{role}（{text}）" for role, text, _ in passed) + "预计返乡时间已过"
                )
            due = min(back for _, _, back in passed) + timedelta(days=cadence.status_review_days)
            add(p, STATUS_REVIEW, (due, due < today, f"{what}，请核实留守状态"))

    # plan checks
    warn = today + timedelta(days=cadence.plan_check_warn_days)
    for plan in facts.plans.values():
        owner = pupils.get(plan.pupil_id)
        closed = plan.closed_on and plan.closed_on <= today.isoformat()
        if owner is None or closed or (plan.end and plan.end < today.isoformat()):
            continue
        check = facts.checks.get(plan.id)
        next_check = check[2] if check else plan.due_on
        if next_check is None and cadence.plan_check_days:  # no date agreed: every N days
            next_check = (check[0] if check else plan.occurred_on) + timedelta(
                days=cadence.plan_check_days
            )
        if next_check is None or next_check > warn:
            continue
        sensitive = plan.sensitive or (check is not None and check[3])
        if sensitive:
            word = "敏感记录的回访"
        else:
            word = "帮扶计划检查" if plan.kind == "help_plan" else "个别教育方案回访"
        late = (today - next_check).days
        if late > 0:
            text = f"{word}已过期 {late} 天"
        elif late == 0:
            text = f"{word}今天到期"
        else:
            text = f"{word}{_md(next_check)}到期（还有 {-late} 天）"
        add(
            owner,
            PLAN_CHECK,
            (next_check, late > 0, text),
            record_id=plan.id,
            form=PLAN_KINDS[plan.kind],
        )

    # the class: the monthly meeting of the left-behind children, and the 心理健康课
    first = min((p.since for p in pupils.values()), default=today)
    for kind, held, days, what in (
        (CLASS_MEETING, facts.newest_meeting, cadence.meeting_days, "留守儿童月会"),
        (MENTAL_HEALTH, facts.newest_lesson, cadence.mental_health_days, "心理健康课"),
    ):
        if not pupils:  # only children 待认定: no left-behind child for the class's meeting
            break
        if days:
            add(None, kind, _every(clock, held, first, days, what))
            continue
        monthly = clock.monthly(held, first)
        if monthly:
            verb = "开" if kind == CLASS_MEETING else "上"
            text = f"上月和本月都没有{verb}{what}" if monthly[1] else f"本月{what}还没{verb}"
            add(None, kind, (*monthly, text))

    # the term plan's items near or missed, and the children no care work reached yet
    for owner, kind, found, kw in gap_items(clock, pupils, unassessed, facts):
        add(owner, kind, found, **kw)

    order = {k: i for i, k in enumerate(DUE_KINDS)}
    keys = {p.id: p.sort_key for p in pupils.values()}
    items.sort(
        key=lambda i: (
            not i.overdue,
            i.due,
            keys.get(i.pupil_id, "") if i.pupil_id else "",
            i.pupil or "",
            order[i.kind],
            i.record_id or 0,
        )
    )
    return items


def family_item(archive: Archive, today: date) -> DueItem | None:
    """One item for the class when pupils in class are 待认定: their parents' situation is
    still to be filled in (the grid 批量填写父母外出情况 opens from it)."""
    count = unknown_count(archive)
    if not count:
        return None
    return DueItem(
        pupil_id=None,
        pupil=None,
        kind=FAMILY_UNKNOWN,
        due=today,
        overdue=False,
        detail=f"{count} 名学生还没填父母外出情况",
        form=FORMS[FAMILY_UNKNOWN],
    )


def format_item(item: DueItem) -> str:
    """One line of the printed list: ``！过期 2026-11-20 张三 帮扶检查：…``."""
    mark = "！过期" if item.overdue else "      "
    who = item.pupil or "全班"
    return f"{mark} {item.due.isoformat()}  {who}  {item.label}：{item.detail}"


__all__ = [
    "DUE_KINDS",
    "FORMS",
    "KIND_LABELS",
    "Cadence",
    "DueItem",
    "due_items",
    "expected_return_date",
    "family_item",
    "format_item",
]
