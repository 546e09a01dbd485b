"""待办的事实: what the 待办 rules look at, read in a few queries whatever the size of the
class — the month and term (Clock), the left-behind pupils in class, the last contact with each
party, the newest talk and visit, meetings and birthdays, plans with their newest checks, and
expected returns that have passed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from liushou_desk.db.models import CareRecord, Parent, Pupil, RecordParticipant, Term
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentSituation
from liushou_desk.domain.records import (
    COLLECTIVE_BIRTHDAY,
    GUARDIAN_MEETING,
    MONTHLY_MEETING,
    PARENTS_MEETING,
    PARTY_CHILD,
    PARTY_GUARDIAN,
    PARTY_PARENT,
)
from liushou_desk.domain.returns import expected_return_date, month_end
from liushou_desk.domain.terms import term_for
from liushou_desk.services.due_kinds import (
    PLAN_KINDS,
    STATUS_REVIEW,
    Cadence,
)

PARTIES = (PARTY_CHILD, PARTY_PARENT, PARTY_GUARDIAN)  # whom the rules ask contact with


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


def read_pupils(session: Any, today: date) -> dict[int, PupilRow]:
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
    out: dict[int, PupilRow] = {}
    for pid, name, keys, birth, computed, override, created in rows:
        if (override or computed) in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value):
            continue
        since = min(created.date(), today) if created is not None else today
        sort_key = (keys or "").split(" ")[0] or name
        out[pid] = PupilRow(pid, name, sort_key, birth, since)
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
    ids = sorted(pupils)
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
    # the last contact with each party (talk / contact / family call / home visit), and the
    # first of them: records dated before the archive was started count from their date
    last: dict[tuple[int, str], date] = {}
    newest_ids: list[int] = []
    for pid, first, talk, visit, *days in s.execute(
        select(
            Pupil.id,
            first_day,
            newest_of("talk"),
            newest_of("home_visit"),
            *(newest_day(party) for party in PARTIES),
        ).where(Pupil.id.in_(ids))
    ):
        for party, day in zip(PARTIES, days, strict=True):
            if day is not None:
                last[(pid, party)] = day
        if first is not None and first < pupils[pid].since:
            pupils[pid].since = first
        newest_ids += [i for i in (talk, visit) if i is not None]

    # the newest talk and home visit of each pupil, with the follow-up date agreed there
    latest: dict[tuple[int, str], tuple[date, date | None]] = {
        (pid, kind): (day, due)
        for pid, kind, day, due in s.execute(
            select(
                CareRecord.pupil_id, CareRecord.kind, CareRecord.occurred_on, CareRecord.due_on
            ).where(CareRecord.id.in_(newest_ids))
        )
    }

    # class meetings and activities since last month: who took part, and in what
    rule = func.json_extract(values, "$.rule")  # the built-in kind's code, never its word
    monthly_meetings: list[date] = []
    for (day,) in s.execute(
        select(CareRecord.occurred_on).where(
            live,
            CareRecord.kind == "meeting",
            CareRecord.occurred_on >= clock.prev_start,
            rule == MONTHLY_MEETING,
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
            CareRecord.kind.in_(("meeting", "activity")),
            CareRecord.occurred_on >= clock.prev_start,
            or_(
                and_(CareRecord.kind == "meeting", rule.in_((GUARDIAN_MEETING, PARENTS_MEETING))),
                and_(CareRecord.kind == "activity", rule == COLLECTIVE_BIRTHDAY),
            ),
        )
        .group_by(RecordParticipant.pupil_id, CareRecord.kind)
    ):
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
                CareRecord.due_on,
                CareRecord.sensitive,
                end.label("end"),
                closed_on.label("closed_on"),
            ).where(
                live,
                CareRecord.pupil_id.in_(ids),
                CareRecord.kind.in_(tuple(PLAN_KINDS)),
                _not_text_before(closed_on, today.isoformat(), inclusive=True),
                _not_text_before(end, today.isoformat(), inclusive=False),
            )
        )
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
        ).where(live, CareRecord.parent_id.in_(sorted(plans)))  # by plan, not by kind
    ):
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
        ):
            back = expected_return_date(text) if pid in pupils else None
            if back is not None and back < today:
                returns.setdefault(pid, []).append((role, text, back))
    return Facts(last, latest, monthly_meetings, guardian_met, celebrated, plans, checks, returns)


def _not_text_before(value: Any, day: str, *, inclusive: bool) -> Any:
    """SQL: ``value`` is not a date written on or (``inclusive``) before ``day`` — as the rules
    read it: a plan's end or closing date that is empty or missing has not come."""
    text = and_(func.typeof(value) == "text", value != "")
    return ~and_(text, value <= day if inclusive else value < day)
