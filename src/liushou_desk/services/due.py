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

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, Parent, Pupil, RecordParticipant, Term
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentRole, ParentSituation
from liushou_desk.domain.records import PARTY_CHILD, PARTY_GUARDIAN, PARTY_PARENT
from liushou_desk.domain.returns import day_in_month, expected_return_date, month_end
from liushou_desk.domain.terms import term_for

TALK = "talk"
PARENT_CONTACT = "parent_contact"
GUARDIAN_CONTACT = "guardian_contact"
HOME_VISIT = "home_visit"
PLAN_CHECK = "plan_check"
STATUS_REVIEW = "status_review"
BIRTHDAY = "birthday"
CLASS_MEETING = "class_meeting"

# In the order a teacher reads them (also the tie-break of the sort).
DUE_KINDS: tuple[str, ...] = (
    TALK,
    PARENT_CONTACT,
    GUARDIAN_CONTACT,
    HOME_VISIT,
    PLAN_CHECK,
    STATUS_REVIEW,
    BIRTHDAY,
    CLASS_MEETING,
)
KIND_LABELS: dict[str, str] = {
    TALK: "谈心",
    PARENT_CONTACT: "联系外出父母",
    GUARDIAN_CONTACT: "联系监护人",
    HOME_VISIT: "家访",
    PLAN_CHECK: "帮扶检查",
    STATUS_REVIEW: "核实留守状态",
    BIRTHDAY: "生日",
    CLASS_MEETING: "留守儿童月会",
}
# The record form each item opens (plan_check: "plan_check" or "iep_review", by the plan).
FORMS: dict[str, str | None] = {
    TALK: "talk",
    PARENT_CONTACT: "contact",
    GUARDIAN_CONTACT: "contact",
    HOME_VISIT: "home_visit",
    PLAN_CHECK: "plan_check",
    STATUS_REVIEW: None,
    BIRTHDAY: None,
    CLASS_MEETING: "meeting",
}

MONTHLY_MEETING = "留守儿童月会"
GUARDIAN_MEETINGS = ("监护人会", "家长会")
COLLECTIVE_BIRTHDAY = "集体生日"
PLAN_KINDS = {"help_plan": "plan_check", "iep": "iep_review"}  # plan → its check's form


@dataclass(frozen=True)
class Cadence:
    """How often each piece of care work is expected (settings; defaults from issue 3)."""

    parent_contact_days: int = 30  # a parent away is contacted at least every N days
    parent_contact_warn_days: int = 7  # shown this many days before it falls due
    plan_check_warn_days: int = 7  # a plan check due within N days (or overdue) is shown
    follow_up_warn_days: int = 7  # the follow-up date of a talk / next home visit, likewise
    status_review_days: int = 30  # time to check the status once an expected return passed
    holiday_months: tuple[int, ...] = (2, 7, 8)  # 寒暑假: no monthly talk / contact / meeting
    kinds: tuple[str, ...] = field(default=DUE_KINDS)  # the rules that are switched on


@dataclass(frozen=True)
class DueItem:
    """One thing to do: for a pupil, or for the class (pupil None)."""

    pupil_id: int | None
    pupil: str | None
    kind: str  # one of DUE_KINDS
    due: date
    overdue: bool
    detail: str  # what the teacher reads: 本月还没有谈心, 已 41 天没有与外出父母联系 …
    record_id: int | None = None  # plan_check: the help plan / IEP the check belongs to
    form: str | None = None  # the record kind the item opens (domain/records.KINDS key)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "pupil_id": self.pupil_id,
            "pupil": self.pupil,
            "kind": self.kind,
            "label": self.label,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "detail": self.detail,
            "record_id": self.record_id,
            "form": self.form,
        }


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


@dataclass(frozen=True)
class _Clock:
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


def _pick(*candidates: tuple[date, bool, str] | None) -> tuple[date, bool, str] | None:
    """The most pressing of a kind's candidates (overdue first, then the earliest)."""
    found = [c for c in candidates if c is not None]
    return min(found, key=lambda c: (not c[1], c[0])) if found else None


def _follow_up(clock: _Clock, due_on: date | None, what: str) -> tuple[date, bool, str] | None:
    """A follow-up date agreed at the last talk / visit, once it is near or past."""
    if due_on is None or due_on > clock.today + timedelta(days=clock.cadence.follow_up_warn_days):
        return None
    late = (clock.today - due_on).days
    if late > 0:
        return due_on, True, f"约定的{what}已过期 {late} 天（{_md(due_on)}）"
    if late == 0:
        return due_on, False, f"今天约定{what}"
    return due_on, False, f"{_md(due_on)}约定{what}"


@dataclass
class _PupilRow:
    id: int
    name: str
    sort_key: str
    birth_date: date | None
    since: date  # when records began: the archive's start, or an earlier back-filled record


def _clock(session: Any, today: date, cadence: Cadence) -> _Clock:
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
    return _Clock(
        today=today,
        month_start=month_start,
        month_end=month_end(today),
        prev_start=prev_end.replace(day=1),
        prev_end=prev_end,
        term_start=term[0],
        term_end=term[1],
        cadence=cadence,
    )


def _pupils(session: Any, today: date) -> dict[int, _PupilRow]:
    rows = session.execute(
        select(
            Pupil.id,
            Pupil.name,
            Pupil.search_keys,
            Pupil.birth_date,
            Pupil.computed_kind,
            Pupil.override_kind,
            Pupil.created_at,
        ).where(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)
    )
    out: dict[int, _PupilRow] = {}
    for pid, name, keys, birth, computed, override, created in rows:
        if (override or computed) == LeftBehindKind.NOT.value:
            continue
        since = min(created.date(), today) if created is not None else today
        sort_key = (keys or "").split(" ")[0] or name
        out[pid] = _PupilRow(pid, name, sort_key, birth, since)
    return out


def due_items(archive: Archive, today: date, cadence: Cadence = Cadence()) -> list[DueItem]:
    """What is due on ``today`` for the left-behind children in class and for the class."""
    on = set(cadence.kinds)
    live = and_(CareRecord.deleted_at.is_(None), CareRecord.occurred_on <= today)
    values = CareRecord.data
    with archive.transaction() as s:
        clock = _clock(s, today, cadence)
        pupils = _pupils(s, today)
        if not pupils:
            return []

        # the last contact with each party (talk / contact / family call / home visit)
        # (records dated before the archive was started count from their date: back-filled)
        last: dict[tuple[int, str], date] = {}
        for pid, party, first, day in s.execute(
            select(
                CareRecord.pupil_id,
                CareRecord.party,
                func.min(CareRecord.occurred_on),
                func.max(CareRecord.occurred_on),
            )
            .where(live, CareRecord.pupil_id.is_not(None), CareRecord.party.is_not(None))
            .group_by(CareRecord.pupil_id, CareRecord.party)
        ):
            if pid is None or party is None:  # excluded by the query; for the type checker
                continue
            last[(pid, party)] = day
            if pid in pupils and first < pupils[pid].since:
                pupils[pid].since = first

        # the newest talk and home visit of each pupil, with the follow-up date agreed there
        newest = (
            select(
                CareRecord.pupil_id,
                CareRecord.kind,
                CareRecord.occurred_on,
                CareRecord.due_on,
                func.row_number()
                .over(
                    partition_by=(CareRecord.pupil_id, CareRecord.kind),
                    order_by=(CareRecord.occurred_on.desc(), CareRecord.id.desc()),
                )
                .label("rank"),
            )
            .where(live, CareRecord.kind.in_(("talk", "home_visit")))
            .subquery()
        )
        latest: dict[tuple[int, str], tuple[date, date | None]] = {
            (pid, kind): (day, due)
            for pid, kind, day, due in s.execute(
                select(
                    newest.c.pupil_id, newest.c.kind, newest.c.occurred_on, newest.c.due_on
                ).where(newest.c.rank == 1)
            )
        }

        # class meetings and activities since last month: who took part, and in what
        meeting_kind = func.json_extract(values, "$.values.meeting_kind")
        activity_kind = func.json_extract(values, "$.values.activity_kind")
        monthly_meetings: list[date] = []
        for (day,) in s.execute(
            select(CareRecord.occurred_on).where(
                live,
                CareRecord.kind == "meeting",
                CareRecord.occurred_on >= clock.prev_start,
                meeting_kind == MONTHLY_MEETING,
            )
        ):
            monthly_meetings.append(day)
        guardian_met: dict[int, date] = {}
        celebrated: set[int] = set()
        for pid, kind, day in s.execute(
            select(RecordParticipant.pupil_id, CareRecord.kind, func.max(CareRecord.occurred_on))
            .join(CareRecord, CareRecord.id == RecordParticipant.record_id)
            .where(
                live,
                CareRecord.occurred_on >= clock.prev_start,
                or_(
                    and_(CareRecord.kind == "meeting", meeting_kind.in_(GUARDIAN_MEETINGS)),
                    and_(CareRecord.kind == "activity", activity_kind == COLLECTIVE_BIRTHDAY),
                ),
            )
            .group_by(RecordParticipant.pupil_id, CareRecord.kind)
        ):
            if kind == "meeting":
                guardian_met[pid] = day
            elif day >= clock.month_start:
                celebrated.add(pid)

        # help plans and IEPs with their checks
        plans = {
            row.id: row
            for row in s.execute(
                select(
                    CareRecord.id,
                    CareRecord.kind,
                    CareRecord.pupil_id,
                    CareRecord.due_on,
                    CareRecord.sensitive,
                    func.json_extract(values, "$.values.end").label("end"),
                    func.json_extract(values, "$.values.closed_on").label("closed_on"),
                ).where(live, CareRecord.kind.in_(tuple(PLAN_KINDS)))
            )
        }
        checks: dict[int, tuple[date, int, date | None, bool]] = {}
        for rid, parent_id, day, due, sensitive in s.execute(
            select(
                CareRecord.id,
                CareRecord.parent_id,
                CareRecord.occurred_on,
                CareRecord.due_on,
                CareRecord.sensitive,
            ).where(live, CareRecord.kind.in_(tuple(PLAN_KINDS.values())))
        ):
            if parent_id is None or parent_id not in plans:
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
            ):
                back = expected_return_date(text) if pid in pupils else None
                if back is not None and back < today:
                    returns.setdefault(pid, []).append((role, text, back))

    items: list[DueItem] = []

    def add(p: _PupilRow | None, kind: str, found: tuple[date, bool, str] | None, **kw: Any):
        if found is not None and kind in on:
            due, overdue, detail = found
            items.append(
                DueItem(
                    pupil_id=p.id if p else None,
                    pupil=p.name if p else None,
                    kind=kind,
                    due=due,
                    overdue=overdue,
                    detail=detail,
                    record_id=kw.get("record_id"),
                    form=kw.get("form", FORMS[kind]),
                )
            )

    for p in pupils.values():
        # talk: this month, and the follow-up agreed at the last talk
        seen = last.get((p.id, PARTY_CHILD))
        monthly = clock.monthly(seen, p.since)
        talk = None
        if monthly:
            talk = (*monthly, "本月还没有谈心")
            if monthly[1]:
                talk = (
                    *monthly,
                    "上月和本月都没有谈心" + (f"（上次：{_md(seen)}）" if seen else ""),
                )
        newest_talk = latest.get((p.id, "talk"))
        add(p, TALK, _pick(talk, _follow_up(clock, newest_talk and newest_talk[1], "跟进谈心")))

        # parents away: within N days of the last contact
        seen = last.get((p.id, PARTY_PARENT))
        base = seen or max(p.since, clock.term_start)
        due = base + timedelta(days=cadence.parent_contact_days)
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
            (d for d in (last.get((p.id, PARTY_GUARDIAN)), guardian_met.get(p.id)) if d),
            default=None,
        )
        monthly = clock.monthly(seen, p.since)
        if monthly:
            text = (
                "上月和本月都没有与在家监护人联系" if monthly[1] else "本月还没有与在家监护人联系"
            )
            add(p, GUARDIAN_CONTACT, (*monthly, text))

        # home visit: this term, and the next visit agreed at the last one
        visit = latest.get((p.id, "home_visit"))
        term_item = None
        if visit is None or visit[0] < clock.term_start:
            term_item = (clock.term_end, False, "本学期还没有家访")
        add(p, HOME_VISIT, _pick(term_item, _follow_up(clock, visit and visit[1], "下次家访")))

        # birthday this month
        if p.birth_date and p.birth_date.month == today.month and p.id not in celebrated:
            day = day_in_month(today.year, today.month, p.birth_date.day) or clock.month_end
            add(p, BIRTHDAY, (day, False, f"本月生日（{_md(p.birth_date)}）"))

        # a parent's expected return has passed
        passed = sorted(returns.get(p.id, ()), key=lambda r: r[0] != ParentRole.FATHER.value)
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
    for plan in plans.values():
        owner = pupils.get(plan.pupil_id)
        closed = plan.closed_on and plan.closed_on <= today.isoformat()
        if owner is None or closed or (plan.end and plan.end < today.isoformat()):
            continue
        check = checks.get(plan.id)
        due = check[2] if check else plan.due_on
        if due is None or due > warn:
            continue
        sensitive = plan.sensitive or (check is not None and check[3])
        if sensitive:
            word = "敏感记录的回访"
        else:
            word = "帮扶计划检查" if plan.kind == "help_plan" else "个别教育方案回访"
        late = (today - due).days
        if late > 0:
            text = f"{word}已过期 {late} 天"
        elif late == 0:
            text = f"{word}今天到期"
        else:
            text = f"{word}{_md(due)}到期（还有 {-late} 天）"
        add(owner, PLAN_CHECK, (due, late > 0, text), record_id=plan.id, form=PLAN_KINDS[plan.kind])

    # the class: the monthly meeting of the left-behind children
    held = max(monthly_meetings, default=None)
    monthly = clock.monthly(held, min(p.since for p in pupils.values()))
    if monthly:
        text = "上月和本月都没有开留守儿童月会" if monthly[1] else "本月留守儿童月会还没开"
        add(None, CLASS_MEETING, (*monthly, text))

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
    "format_item",
]
