"""示例计划与分工: the demo class's teachers, who holds which child, the term plan and the
重点帮扶对象 (issue 16), written through the services after the term's records (demo/maker.py)
so a newcomer sees the 学期计划 and 分工 pages lived in.

- The teachers: the head teacher and the subject teachers the records already name, each with a
  phone. Every record naming one of them says she did it.
- 分工: each left-behind child's 帮扶教师 is the teacher of her help plan; 代理家长 shared out
  about two a teacher, a few children left without one; 谈心 mostly the head teacher.
- The plan: the 留守儿童月会 and the 心理健康课 each month (those held marked done with their
  records, this month's ahead), a weekly 主题班会 from next week to the term's end, the home
  visits done and a few ahead — one missed last week —, 亲情视频 on the weekend of a child's
  birthday, the 期末家长会.
- 重点帮扶对象: the two or three children the archive suggests most strongly, with its reasons
  and a tighter cadence.

Drawn from its own generator (``seed``), so the rest of the demo is the same with or without it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, Pupil
from liushou_desk.demo.records_text import COUNSELLOR, STAFF
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.services import care_plan, focus, teachers
from liushou_desk.services.care_plan import PlanDraft
from liushou_desk.services.terms import current_term

CLASS_TOPICS = (
    "安全教育：防溺水",
    "感恩父母",
    "文明礼仪",
    "心理健康：学会倾诉",
    "法制教育：自我保护",
    "寒假安全",
)


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("135", "136", "138", "139", "150", "151", "158", "159", "187", "188"))
    return f"{prefix}{rng.randint(10_000_000, 99_999_999)}"


def add_care_plan(archive: Archive, seed: int, today: date, head_teacher: str) -> None:
    """Teachers, 分工, the term plan and the 重点帮扶对象 of the demo class."""
    rng = random.Random(seed * 7919 + 16)
    term = current_term(archive, today)
    ids = {}
    for name, subject in ((head_teacher, "语文（班主任）"), *STAFF, (COUNSELLOR, "心理健康")):
        if name not in ids:
            ids[name], _ = teachers.save_teacher(archive, None, name, subject, _phone(rng))
    children = _left_behind(archive)
    _share(archive, rng, ids, head_teacher, children)
    _plan(archive, rng, today, term.start, term.end, ids, head_teacher, children)
    chosen = sorted(focus.suggest(archive, today), key=lambda s: -len(s.reasons))
    for s in chosen[: max(2, min(3, len(children) // 15))]:
        focus.set_focus(archive, s.pupil_id, s.reason[:200], dict(focus.FOCUS_CADENCE), today)


def _left_behind(archive: Archive) -> list[tuple[int, str, date | None]]:
    with archive.transaction() as s:
        return [
            (pid, name, birth)
            for pid, name, birth, override, computed in s.execute(
                select(
                    Pupil.id,
                    Pupil.name,
                    Pupil.birth_date,
                    Pupil.override_kind,
                    Pupil.computed_kind,
                )
                .where(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)
                .order_by(Pupil.search_keys, Pupil.id)
            )
            if (override or computed)
            not in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value)
        ]


def _share(
    archive: Archive,
    rng: random.Random,
    ids: dict[str, int],
    head: str,
    children: list[tuple[int, str, date | None]],
) -> None:
    """帮扶教师 from the help plans, 代理家长 two a teacher, 谈心 mostly the head teacher."""
    helper: dict[int, int] = {}
    with archive.transaction() as s:
        teacher = func.json_extract(CareRecord.data, "$.values.teacher")
        for pid, name in s.execute(
            select(CareRecord.pupil_id, teacher)
            .where(CareRecord.kind == "help_plan", CareRecord.deleted_at.is_(None))
            .order_by(CareRecord.occurred_on)
        ):
            if pid is not None and name in ids:
                helper[pid] = ids[name]
    wanted: list[tuple[int, str, int | None]] = []
    for pid, _name, _birth in children:
        if pid in helper:
            wanted.append((pid, "helper", helper[pid]))
        talker = helper.get(pid) if rng.random() < 0.3 else ids[head]
        wanted.append((pid, "talk", talker or ids[head]))
    teachers.assign_many(archive, wanted)
    proposal = teachers.share_out(archive, "proxy_parent")
    left_out = max(1, len(proposal) // 12)  # a few still waiting for a 代理家长
    teachers.assign_many(archive, [(p, "proxy_parent", t) for p, t in proposal[left_out:]])


def _records_of(
    archive: Archive, kind: str, field: str = "", word: str = ""
) -> list[tuple[int, date, int | None, str]]:
    with archive.transaction() as s:
        what = func.json_extract(CareRecord.data, f"$.values.{field or 'title'}")
        rows = s.execute(
            select(CareRecord.id, CareRecord.occurred_on, CareRecord.pupil_id, what)
            .where(CareRecord.kind == kind, CareRecord.deleted_at.is_(None))
            .order_by(CareRecord.occurred_on, CareRecord.id)
        ).all()
    return [(r[0], r[1], r[2], r[3] or "") for r in rows if not word or r[3] == word]


def _done(archive: Archive, draft: PlanDraft, record_id: int, end: date) -> None:
    (item,), _ = care_plan.add_items(archive, draft, end)
    care_plan.mark_done(archive, item, record_id)


def _plan(
    archive: Archive,
    rng: random.Random,
    today: date,
    start: date,
    end: date,
    ids: dict[str, int],
    head: str,
    children: list[tuple[int, str, date | None]],
) -> None:
    head_id = ids[head]
    counsellor = ids.get(COUNSELLOR, head_id)
    # the monthly meeting and lesson: those held are done, this month's (and the next) ahead
    for kind, record, field, word, who, title in (
        (
            "monthly_meeting",
            "meeting",
            "meeting_kind",
            "留守儿童月会",
            head_id,
            "{m}月留守儿童月会",
        ),
        ("mental_health", "activity", "activity_kind", "心理健康课", counsellor, "{m}月心理健康课"),
    ):
        held = _records_of(archive, record, field, word)
        for rid, day, _pid, _word in held:
            if start <= day <= today:
                draft = PlanDraft(kind, title.format(m=day.month), day.isoformat(), who)
                _done(archive, draft, rid, end)
        month = today.replace(day=1)
        for step in range(2):
            first = (month + timedelta(days=32 * step)).replace(day=1)
            day = min(first + timedelta(days=24), end)
            if day > today and day <= end and first.month not in {d.month for _, d, _, _ in held}:
                care_plan.add_items(
                    archive, PlanDraft(kind, title.format(m=first.month), day.isoformat(), who), end
                )
    # a weekly 主题班会 from next Monday to the term's end
    monday = today + timedelta(days=7 - today.weekday())
    if monday < end:
        care_plan.add_items(
            archive,
            PlanDraft(
                "class_meeting", "每周主题班会", monday.isoformat(), head_id, repeat="weekly",
                note="、".join(CLASS_TOPICS[:4]) + " 等主题轮流",
            ),
            end,
        )  # fmt: skip
    # home visits: a few done as planned, one missed last week, a few ahead
    visits = [v for v in _records_of(archive, "home_visit", "visitors") if start <= v[1]]
    for rid, day, pid, _who in visits[:4]:
        if pid is not None:
            _done(archive, PlanDraft("home_visit", "", day.isoformat(), head_id, [pid]), rid, end)
    visited = {pid for _, _, pid, _ in visits}
    waiting = [pid for pid, _, _ in children if pid not in visited]
    rng.shuffle(waiting)
    missed = today - timedelta(days=rng.randint(3, 6))
    if waiting and missed >= start:
        care_plan.add_items(
            archive, PlanDraft("home_visit", "", missed.isoformat(), head_id, [waiting[0]]), end
        )
    for k, pid in enumerate(waiting[1:4]):
        ahead = today + timedelta(days=4 + 5 * k)
        if ahead <= end:
            saturday = ahead + timedelta(days=(5 - ahead.weekday()) % 7)
            day = saturday if saturday <= end else ahead
            care_plan.add_items(
                archive, PlanDraft("home_visit", "", day.isoformat(), head_id, [pid]), end
            )
    # 亲情视频 on the weekend of a birthday still to come this term
    for pid, name, birth in children:
        if birth is None:
            continue
        try:
            day = birth.replace(year=today.year)
        except ValueError:  # 29 February
            day = date(today.year, 3, 1)
        if today < day <= min(end, today + timedelta(days=45)):
            weekend = day + timedelta(days=(5 - day.weekday()) % 7)
            care_plan.add_items(
                archive,
                PlanDraft(
                    "family_video",
                    f"{name}生日亲情视频",
                    min(weekend, end).isoformat(),
                    head_id,
                    [pid],
                    note="提前约好父母的时间，在办公室用视频通话",
                ),
                end,
            )
    # the 期末家长会 (with the guardians) a fortnight before the term ends
    meeting = end - timedelta(days=14)
    if meeting > today:
        care_plan.add_items(
            archive,
            PlanDraft(
                "parents_meeting", "期末家长会（监护人会）", meeting.isoformat(), head_id,
                note="通报期末情况，发放在校情况告家长书",
            ),
            end,
        )  # fmt: skip
