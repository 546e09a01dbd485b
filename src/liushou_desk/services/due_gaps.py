"""缺口与计划事项 (gaps and planned items) of the 待办 list (issue 16).

缺口 — the children no piece of the care work has reached yet this term, named so the teacher
sees who is left out (the seeds: 每一位留守儿童都有一位老师…帮助, 督促很少给孩子打电话的父母):

- ``no_plan`` — no 一对一帮扶计划 running today;
- ``no_priority`` — no 四个优先 measure recorded this term;
- ``no_activity`` — took part in no activity this term;
- ``no_visit`` — no home visit this term (when home visits are once a term: with an interval
  set, ``home_visit`` itself asks for them);
- ``rare_calls`` — the parents away have not called the child (亲情电话 / 视频) for
  ``rare_call_days``, counted from the term's start when never;
- ``unassessed`` — the family's situation still 待认定.

A gap is due at the term's end and is never overdue: it is a list to work through, not a
deadline missed. ``rare_calls`` is due the day the parents' silence reached the limit.

``planned`` — an item of the term plan not done: shown ``planned_warn_days`` ahead, overdue
once its day has passed (for the class, for one child, or for several children named).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from liushou_desk.domain.enums import PlanKind
from liushou_desk.services.due_facts import Clock, Facts, PupilRow
from liushou_desk.services.due_kinds import (
    HOME_VISIT,
    NO_ACTIVITY,
    NO_PLAN,
    NO_PRIORITY,
    NO_VISIT,
    PLANNED,
    RARE_CALLS,
    UNASSESSED,
)

Found = tuple[date, bool, str]


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def gap_items(
    clock: Clock, pupils: dict[int, PupilRow], unassessed: dict[int, PupilRow], facts: Facts
) -> Iterator[tuple[PupilRow | None, str, Found, dict[str, Any]]]:
    """(child or None for the class, kind, (due, overdue, detail), extra fields) of every gap
    and every planned item near or missed."""
    cadence, end = clock.cadence, clock.term_end
    running = {plan.pupil_id for plan in facts.plans.values() if plan.kind == "help_plan"}
    for p in pupils.values():
        if p.id not in running:
            yield p, NO_PLAN, (end, False, "还没有一对一帮扶计划"), {}
        if p.id not in facts.priorities:
            yield p, NO_PRIORITY, (end, False, "本学期还没有记录四个优先措施"), {}
        if p.id not in facts.joined:
            yield p, NO_ACTIVITY, (end, False, "本学期还没有参加过活动"), {}
        visit = facts.latest.get((p.id, "home_visit"))
        once_a_term = not p.days(HOME_VISIT, cadence.home_visit_days)
        if once_a_term and (visit is None or visit[0] < clock.term_start):
            yield p, NO_VISIT, (end, False, "本学期还没有家访"), {}
        call = facts.last_call.get(p.id)
        base = call or max(p.since, clock.term_start)
        limit = base + timedelta(days=cadence.rare_call_days)
        if cadence.rare_call_days and limit <= clock.today:
            text = (
                f"父母已 {(clock.today - call).days} 天没给孩子打电话（上次：{_md(call)}），请督促"
                if call
                else "本学期还没有父母打来的亲情电话记录，请督促"
            )
            yield p, RARE_CALLS, (limit, False, text), {}
    for p in unassessed.values():
        yield p, UNASSESSED, (clock.today, False, "父母外出情况还没填，是否留守待认定"), {}

    for item in facts.planned:
        label = PlanKind.word_of(item.kind)
        what = item.title if item.title and item.title != label else ""
        text = f"计划的{label}" + (f"“{what}”" if what else "")
        named = [pupils.get(i) or unassessed.get(i) for i in item.pupil_ids]
        children = [p for p in named if p is not None]
        if not item.for_class and not children:  # its children left the class
            continue
        owner = children[0] if len(children) == 1 else None
        if len(children) > 1:
            text += f"（{'、'.join(p.name for p in children[:5])}"
            text += f"等 {len(children)} 人）" if len(children) > 5 else "）"
        if item.teacher:
            text += f"，负责：{item.teacher}"
        late = (clock.today - item.planned_on).days
        if late > 0:
            text += f"，已过 {late} 天还没记为完成"
        elif late == 0:
            text += "，就在今天"
        teachers = (item.teacher,) if item.teacher else ()
        if owner is not None:
            teachers = tuple(dict.fromkeys((*teachers, *owner.teachers)))
        yield (
            owner,
            PLANNED,
            (item.planned_on, late > 0, text),
            {"record_id": item.id, "form": None, "teachers": teachers},
        )
