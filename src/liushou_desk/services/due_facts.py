"""待办的事实: what the 待办 rules look at, read in a few queries whatever the size of the
class — the month and term (Clock), the left-behind pupils in class, the last contact with each
party, the newest talk and visit, meetings and birthdays, plans with their newest checks, and
expected returns that have passed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from liushou_desk.db.models import (
    Assignment,
    CareRecord,
    Parent,
    PlanItem,
    PlanItemPupil,
    Pupil,
    RecordParticipant,
    Teacher,
    Term,
)
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentSituation
from liushou_desk.domain.records import (
    COLLECTIVE_BIRTHDAY,
    GUARDIAN_MEETING,
    MENTAL_HEALTH_LESSON,
    MONTHLY_MEETING,
    PARENTS_MEETING,
    PARTY_CHILD,
    PARTY_GUARDIAN,
    PARTY_PARENT,
)
from liushou_desk.domain.returns import expected_return_date, month_end
from liushou_desk.domain.terms import term_for
from liushou_desk.services.due_kinds import (
    CHILD_CADENCE_RULES,
    PLAN_KINDS,
    STATUS_REVIEW,
    Cadence,
)

PARTIES = (PARTY_CHILD, PARTY_PARENT, PARTY_GUARDIAN)  # whom the rules ask contact with
IN_CLASS = and_(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)


@dataclass(frozen=True)
class Clock:
    today: date
    month_start: date
    month_end: date
    prev_start: date
    prev_end: date
    term_start: date
    term_end: date
    cadence: Cadence

    @property
    def quiet(self) -> bool:
        return self.today.month in self.cadence.holiday_months

    def prev_counts(self, known_since: date | None) -> bool:
        """Whether last month was one in which the work was expected of this archive."""
        return (
            self.prev_start.month not in self.cadence.holiday_months
            and self.prev_start >= self.term_start
            and known_since is not None
            and known_since < self.prev_start
        )

    def monthly(self, last: date | None, known_since: date | None) -> tuple[date, bool] | None:
        """(due, overdue) of a monthly item, or None when it was done this month."""
        if self.quiet or (last is not None and last >= self.month_start):
            return None
        if self.prev_counts(known_since) and (last is None or last < self.prev_start):
            return self.prev_end, True
        return self.month_end, False


@dataclass
class PupilRow:
    id: int
    name: str
    sort_key: str
    birth_date: date | None
    since: date  # when records began: the archive's start, or an earlier back-filled record
    focus: bool = False  # 重点帮扶对象
    cadence: dict[str, int] = field(default_factory=dict)  # the child's own: rule → days
    teachers: tuple[str, ...] = ()  # who holds the child (帮扶教师, 代理家长, 谈心教师)

    def days(self, rule: str, class_days: int) -> int:
        """The interval of ``rule`` for this child: her own when tighter, else the class's."""
        own = self.cadence.get(rule, 0)
        return min(own, class_days) if own and class_days else own or class_days


def child_cadence(text: str | None) -> dict[str, int]:
    """A child's stored cadence (JSON {rule: days}); anything unreadable counts as none."""
    if not text or text == "{}":  # most children: the class's cadence
        return {}
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        k: int(v)
        for k, v in raw.items()
        if k in CHILD_CADENCE_RULES and isinstance(v, int) and 0 < v <= 366
    }


def read_clock(session: Any, today: date, cadence: Cadence) -> Clock:
    term = session.execute(
        select(Term.start_date, Term.end_date)
        .where(Term.start_date <= today, Term.end_date >= today)
        .order_by(Term.start_date.desc())
        .limit(1)
    ).first()
    if term is None:
        spec = term_for(today)
        term = (spec.start, spec.end)
    month_start = today.replace(day=1)
    prev_end = month_start - timedelta(days=1)
    return Clock(
        today=today,
        month_start=month_start,
        month_end=month_end(today),
        prev_start=prev_end.replace(day=1),
        prev_end=prev_end,
        term_start=term[0],
        term_end=term[1],
        cadence=cadence,
    )


def read_pupils(
    session: Any, today: date, unassessed: dict[int, PupilRow] | None = None
) -> dict[int, PupilRow]:
    """The left-behind pupils in class, with their own cadence and teachers; those still
    待认定 go to ``unassessed`` when it is given."""
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.name,
            Pupil.search_keys,
            Pupil.birth_date,
            Pupil.computed_kind,
            Pupil.override_kind,
            Pupil.created_at,
            Pupil.focus_since,
            Pupil.cadence,
        ).where(IN_CLASS)
    ).all()  # fetched at once, not row by row
    out: dict[int, PupilRow] = {}
    not_left, unknown = LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value
    for pid, name, keys, birth, computed, override, created, focus, own in rows:
        kind = override or computed
        if kind == not_left:
            continue
        since = min(created.date(), today) if created is not None else today
        sort_key = (keys or "").split(" ")[0] or name
        if kind == unknown:  # 待认定: only the gap of its own
            if unassessed is not None:
                unassessed[pid] = PupilRow(pid, name, sort_key, birth, since)
            continue
        row = PupilRow(pid, name, sort_key, birth, since, focus is not None)
        row.cadence = child_cadence(own)
        out[pid] = row
    holders: dict[int, list[str]] = {}
    for pid, teacher in session.execute(
        select(Assignment.pupil_id, Teacher.name)
        .join(Teacher, Teacher.id == Assignment.teacher_id)
        .order_by(Assignment.pupil_id, Teacher.position, Teacher.id)
    ).all():
        if pid in out and teacher not in holders.setdefault(pid, []):
            holders[pid].append(teacher)
    for pid, names in holders.items():
        out[pid].teachers = tuple(names)
    return out


@dataclass
class Facts:
    """The records' facts the rules need (see ``read_facts``)."""

    last: dict[tuple[int, str], date] = field(default_factory=dict)  # (pupil, party) → day
    latest: dict[tuple[int, str], tuple[date, date | None]] = field(default_factory=dict)
    monthly_meetings: list[date] = field(default_factory=list)
    guardian_met: dict[int, date] = field(default_factory=dict)
    celebrated: set[int] = field(default_factory=set)
    plans: dict[int, Any] = field(default_factory=dict)
    checks: dict[int, tuple[date, int, date | None, bool]] = field(default_factory=dict)
    returns: dict[int, list[tuple[str, str, date]]] = field(default_factory=dict)
    # issue 16: the term's coverage, the class's newest meeting and lesson, the plan's items
    last_call: dict[int, date] = field(default_factory=dict)  # the parents' newest call
    priorities: set[int] = field(default_factory=set)  # a 四个优先 measure this term
    joined: set[int] = field(default_factory=set)  # took part in an activity this term
    newest_meeting: date | None = None
    newest_lesson: date | None = None
    planned: list[PlannedRow] = field(default_factory=list)


@dataclass
class PlannedRow:
    """An item of the term plan not done yet, near or past."""

    id: int
    kind: str
    title: str
    planned_on: date
    teacher: str
    for_class: bool
    pupil_ids: list[int] = field(default_factory=list)


def read_facts(
    s: Any, today: date, clock: Clock, pupils: dict[int, PupilRow], on: set[str]
) -> Facts:
    """Everything the rules look at; ``pupils``' ``since`` moves back to back-filled records.

    Bounded by what each rule needs, whatever the years the archive holds: the newest and the
    oldest record of each party, the newest talk and visit — one index seek each, for every
    pupil in one query —, meetings and activities since last month, the plans of the pupils
    that still run and their checks."""
    live = and_(CareRecord.deleted_at.is_(None), CareRecord.occurred_on <= today)
    values = CareRecord.data
    mine = CareRecord.pupil_id == Pupil.id  # correlated with the pupil of the outer query

    def newest_day(party: str) -> Any:
        return (
            select(func.max(CareRecord.occurred_on)).where(live, mine, CareRecord.party == party)
        ).scalar_subquery()

    def newest_of(kind: str) -> Any:
        return (
            select(CareRecord.id)
            .where(live, mine, CareRecord.kind == kind)
            .order_by(CareRecord.occurred_on.desc(), CareRecord.id.desc())
            .limit(1)
        ).scalar_subquery()

    first_day = (
        select(func.min(CareRecord.occurred_on)).where(live, mine, CareRecord.party.is_not(None))
    ).scalar_subquery()
    newest_call = (
        select(func.max(CareRecord.occurred_on)).where(live, mine, CareRecord.kind == "family_call")
    ).scalar_subquery()
    # the last contact with each party (talk / contact / family call / home visit), and the
    # first of them: records dated before the archive was started count from their date. The
    # pupils in class are chosen as read_pupils chooses them, those not left-behind passed
    # over here: no list of 2,000 ids to render into the statement.
    last: dict[tuple[int, str], date] = {}
    newest_ids: list[int] = []
    last_call: dict[int, date] = {}
    for pid, first, talk, visit, call, *days in s.execute(
        select(
            Pupil.id,
            first_day,
            newest_of("talk"),
            newest_of("home_visit"),
            newest_call,
            *(newest_day(party) for party in PARTIES),
        ).where(IN_CLASS)
    ).all():
        row = pupils.get(pid)
        if row is None:
            continue
        if call is not None:
            last_call[pid] = call
        for party, day in zip(PARTIES, days, strict=True):
            if day is not None:
                last[(pid, party)] = day
        if first is not None and first < row.since:
            row.since = first
        newest_ids += [i for i in (talk, visit) if i is not None]

    # the newest talk and home visit of each pupil, with the follow-up date agreed there (the
    # ids go as one JSON parameter: SQLite reads them back with json_each)
    latest: dict[tuple[int, str], tuple[date, date | None]] = {
        (pid, kind): (day, due)
        for pid, kind, day, due in s.execute(
            select(
                CareRecord.pupil_id, CareRecord.kind, CareRecord.occurred_on, CareRecord.due_on
            ).where(_one_of(CareRecord.id, newest_ids))
        ).all()
    }

    # class meetings and activities since last month: who took part, and in what
    rule = func.json_extract(values, "$.rule")  # the built-in kind's code, never its word
    monthly_meetings: list[date] = []  # the newest is read with the term (_read_term)
    guardian_met: dict[int, date] = {}
    celebrated: set[int] = set()
    for pid, kind, day in s.execute(
        select(RecordParticipant.pupil_id, CareRecord.kind, func.max(CareRecord.occurred_on))
        .join(CareRecord, CareRecord.id == RecordParticipant.record_id)
        .where(
            live,
            CareRecord.kind.in_(("meeting", "activity")),
            CareRecord.occurred_on >= clock.prev_start,
            or_(
                and_(CareRecord.kind == "meeting", rule.in_((GUARDIAN_MEETING, PARENTS_MEETING))),
                and_(CareRecord.kind == "activity", rule == COLLECTIVE_BIRTHDAY),
            ),
        )
        .group_by(RecordParticipant.pupil_id, CareRecord.kind)
    ).all():
        if kind == "meeting":
            guardian_met[pid] = day
        elif day >= clock.month_start:
            celebrated.add(pid)

    # the help plans and IEPs of these pupils that have not ended, with their newest checks
    end = func.json_extract(values, "$.values.end")
    closed_on = func.json_extract(values, "$.values.closed_on")
    plans = {
        row.id: row
        for row in s.execute(
            select(
                CareRecord.id,
                CareRecord.kind,
                CareRecord.pupil_id,
                CareRecord.occurred_on,
                CareRecord.due_on,
                CareRecord.sensitive,
                end.label("end"),
                closed_on.label("closed_on"),
            ).where(
                live,
                CareRecord.pupil_id.in_(select(Pupil.id).where(IN_CLASS)),
                CareRecord.kind.in_(tuple(PLAN_KINDS)),
                _not_text_before(closed_on, today.isoformat(), inclusive=True),
                _not_text_before(end, today.isoformat(), inclusive=False),
            )
        ).all()
        if row.pupil_id in pupils
    }
    checks: dict[int, tuple[date, int, date | None, bool]] = {}
    for rid, kind, parent_id, day, due, sensitive in s.execute(
        select(
            CareRecord.id,
            CareRecord.kind,
            CareRecord.parent_id,
            CareRecord.occurred_on,
            CareRecord.due_on,
            CareRecord.sensitive,
        ).where(live, _one_of(CareRecord.parent_id, plans))  # by plan, not by kind
    ).all():
        if kind not in PLAN_KINDS.values() or parent_id is None or parent_id not in plans:
            continue
        known = checks.get(parent_id)
        if known is None or (day, rid) > known[:2]:
            checks[parent_id] = (day, rid, due, sensitive)

    # parents away with an expected return
    returns: dict[int, list[tuple[str, str, date]]] = {}
    if STATUS_REVIEW in on:
        for pid, role, text in s.execute(
            select(Parent.pupil_id, Parent.role, Parent.expected_return).where(
                Parent.situation == ParentSituation.AWAY.value,
                Parent.expected_return != "",
            )
        ).all():
            back = expected_return_date(text) if pid in pupils else None
            if back is not None and back < today:
                returns.setdefault(pid, []).append((role, text, back))
    facts = Facts(last, latest, monthly_meetings, guardian_met, celebrated, plans, checks, returns)
    facts.last_call = last_call
    _read_term(s, today, clock, set(pupils), facts)
    return facts


def _read_term(s: Any, today: date, clock: Clock, chosen: set[int], facts: Facts) -> None:
    """The term's coverage (四个优先, activities taken part in), the class's newest meeting and
    心理健康课, and the plan's items not done that are near or past — each one query."""
    live = and_(CareRecord.deleted_at.is_(None), CareRecord.occurred_on <= today)
    in_term = and_(live, CareRecord.occurred_on >= clock.term_start)
    facts.priorities = {
        pid
        for (pid,) in s.execute(
            select(CareRecord.pupil_id)
            .where(in_term, CareRecord.kind == "priorities")
            .group_by(CareRecord.pupil_id)
        ).all()
        if pid in chosen
    }
    facts.joined = {
        pid
        for (pid,) in s.execute(
            select(RecordParticipant.pupil_id)
            .join(CareRecord, CareRecord.id == RecordParticipant.record_id)
            .where(in_term, CareRecord.kind == "activity")
            .group_by(RecordParticipant.pupil_id)
        ).all()
        if pid in chosen
    }
    rule = func.json_extract(CareRecord.data, "$.rule")
    word = func.json_extract(CareRecord.data, "$.values.activity_kind")
    meeting = select(func.max(CareRecord.occurred_on)).where(
        live, CareRecord.kind == "meeting", rule == MONTHLY_MEETING
    )
    lesson = select(func.max(CareRecord.occurred_on)).where(
        live,
        CareRecord.kind == "activity",
        or_(rule == MENTAL_HEALTH_LESSON, and_(rule.is_(None), word == "心理健康课")),
    )
    facts.newest_meeting, facts.newest_lesson = s.execute(
        select(meeting.scalar_subquery(), lesson.scalar_subquery())
    ).one()
    horizon = today + timedelta(days=clock.cadence.planned_warn_days)
    rows: dict[int, PlannedRow] = {}
    for item_id, kind, title, planned_on, for_class, teacher in s.execute(
        select(
            PlanItem.id,
            PlanItem.kind,
            PlanItem.title,
            PlanItem.planned_on,
            PlanItem.for_class,
            Teacher.name,
        )
        .outerjoin(Teacher, Teacher.id == PlanItem.teacher_id)
        .where(
            PlanItem.deleted_at.is_(None),
            PlanItem.record_id.is_(None),
            PlanItem.planned_on >= clock.term_start,
            PlanItem.planned_on <= horizon,
        )
        .order_by(PlanItem.planned_on, PlanItem.id)
    ).all():
        rows[item_id] = PlannedRow(item_id, kind, title, planned_on, teacher or "", for_class)
    if rows:
        for item_id, pid in s.execute(
            select(PlanItemPupil.plan_item_id, PlanItemPupil.pupil_id).where(
                PlanItemPupil.plan_item_id.in_(sorted(rows))
            )
        ).all():
            rows[item_id].pupil_ids.append(pid)
    facts.planned = list(rows.values())


def _one_of(column: Any, ids: Any) -> Any:
    """SQL: ``column`` is one of ``ids``, sent as one JSON parameter that SQLite reads back
    with json_each — not one parameter per id for SQLAlchemy to render and SQLite to parse
    (a class of 2,000 has 2,000 newest talks)."""
    listed = func.json_each(json.dumps(sorted(ids))).table_valued("value")
    return column.in_(select(listed.c.value))


def _not_text_before(value: Any, day: str, *, inclusive: bool) -> Any:
    """SQL: ``value`` is not a date written on or (``inclusive``) before ``day`` — as the rules
    read it: a plan's end or closing date that is empty or missing has not come."""
    text = and_(func.typeof(value) == "text", value != "")
    return ~and_(text, value <= day if inclusive else value < day)
