"""期末总结报告的数据: everything the term report prints, read in a few queries — the class
overview, the changes of the term, the care work done with its monthly talk coverage, help
plans, individual education plans, help received, the teacher's own text — and one growth card
per left-behind child, each read by the growth card's own loader (``services.growth_card``), so
a card in the report says what the card on screen says. Read-only: nothing here writes to the
archive."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveChange, CareRecord, Pupil
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.domain.records import KINDS
from liushou_desk.services.archive_info import ClassInfo, get_info
from liushou_desk.services.changes import Kind
from liushou_desk.services.growth_card import load_cards
from liushou_desk.services.growth_card_model import CardData
from liushou_desk.services.records import (
    RECORD_COLUMNS,
    RecordView,
    participants_of,
    record_view,
)
from liushou_desk.services.term_stats import TermStats
from liushou_desk.services.term_summary import TermSummary, load_summary
from liushou_desk.services.terms import TermView, list_terms


@dataclass(frozen=True)
class MonthCoverage:
    """谈心覆盖: the share of left-behind children with at least one talk in a month."""

    month: date  # first day
    children: int
    talked: int

    @property
    def label(self) -> str:
        return f"{self.month.month}月"

    @property
    def share(self) -> float:
        return self.talked / self.children if self.children else 0.0


@dataclass(frozen=True)
class ClassEvent:
    """A change of the class during the term: an arrival, a departure, a status change."""

    day: date
    name: str
    what: str
    note: str = ""


@dataclass
class WorkDone:
    """开展的工作: counts of the term's records."""

    by_kind: Counter[str] = field(default_factory=Counter)
    contacts_by_party: Counter[str] = field(default_factory=Counter)
    contacts_by_channel: Counter[str] = field(default_factory=Counter)
    family_call_minutes: float = 0.0
    aid_amount: float = 0.0
    children_talked: int = 0


@dataclass(frozen=True)
class PlanLine:
    """One child's plan (help plan or individual education plan) with its checks."""

    pupil: str
    plan: RecordView
    checks: tuple[RecordView, ...]


@dataclass(frozen=True)
class TermReport:
    info: ClassInfo
    term: TermView
    today: date
    summary: TermSummary
    pupils: int  # in the class at some time during the term
    in_class_now: int
    left_behind: Counter[str]  # 留守类型 → children
    events: list[ClassEvent]  # departures, returns, status changes
    new_files: int  # pupils whose file was created during the term
    work: WorkDone
    coverage: list[MonthCoverage]
    plans: list[PlanLine]
    ieps: list[PlanLine]
    aid: list[tuple[str, RecordView]]
    class_records: list[RecordView]  # activities and meetings, oldest first
    cards: list[CardData]  # one a child, read by the growth card's own loader
    gaps: dict[str, list[str]] = field(default_factory=dict)  # 还没覆盖到的孩子 (term_gaps)
    stats: TermStats = field(default_factory=TermStats)  # 班级概况, 联系覆盖, 四个优先
    last_plans: str = ""  # last term's 下学期打算, to compare with
    cases: list[tuple[str, RecordView]] = field(default_factory=list)  # 典型案例: child, record

    @property
    def left_behind_total(self) -> int:
        return sum(self.left_behind.values())


def _kind_of(p: Pupil) -> str:
    return p.override_kind or p.computed_kind


def _in_term(p: Pupil, term: TermView) -> bool:
    if p.deleted_at is not None:
        return False
    if p.created_at.date() > term.end:
        return False
    return p.enrolment == Enrolment.ACTIVE.value or (p.left_on is None or p.left_on >= term.start)


def _months(term: TermView, today: date) -> list[date]:
    last = min(term.end, today)
    months = []
    day = date(term.start.year, term.start.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def build_term_report(
    archive: Archive, term: TermView, today: date, pupil_ids: list[int] | None = None
) -> TermReport:
    """Read the term report's data; ``pupil_ids`` limits the growth cards to those children.

    Every read is bounded by the term, so an archive kept for years reads what a new one does:
    the pupils in class during the term, the term's records with who took part, the plans that
    ran during it (the one read that looks back: a plan started terms ago may still run), the
    term's changes; the cards read by ``load_cards``, term-bounded too."""
    info = get_info(archive)
    summary = load_summary(archive, term)
    start = datetime.combine(term.start, time.min)
    end = datetime.combine(term.end, time.max)
    with archive.transaction() as s:
        names: dict[int, str] = {pid: name for pid, name in s.execute(select(Pupil.id, Pupil.name))}
        pupils = [
            p
            for p in s.scalars(
                select(Pupil)
                .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
                .where(
                    Pupil.deleted_at.is_(None),
                    Pupil.created_at < datetime.combine(term.end + timedelta(days=1), time.min),
                    or_(
                        Pupil.enrolment == Enrolment.ACTIVE.value,
                        Pupil.left_on.is_(None),
                        Pupil.left_on >= term.start,
                    ),
                )
            )
            if _in_term(p, term)
        ]
        pupils.sort(key=lambda p: (p.search_keys or p.name, p.id))
        live = CareRecord.deleted_at.is_(None)
        records = list(
            s.execute(
                select(*RECORD_COLUMNS)
                .where(live, CareRecord.occurred_on.between(term.start, term.end))
                .order_by(CareRecord.occurred_on, CareRecord.id)
            )
        )
        ended = func.coalesce(
            func.nullif(func.json_extract(CareRecord.data, "$.values.end"), ""),
            func.nullif(func.json_extract(CareRecord.data, "$.values.closed_on"), ""),
        )
        earlier_plans = list(  # started before the term, not ended before it began
            s.execute(
                select(*RECORD_COLUMNS)
                .where(
                    live,
                    CareRecord.kind.in_(("help_plan", "iep")),
                    CareRecord.occurred_on < term.start,
                    or_(
                        ended.is_(None),
                        func.typeof(ended) != "text",
                        ended >= term.start.isoformat(),
                    ),
                )
                .order_by(CareRecord.occurred_on, CareRecord.id)
            )
        )
        joined = participants_of(s, [r.id for r in records if KINDS[r.kind].class_level])
        changes = list(
            s.scalars(
                select(ArchiveChange)
                .where(ArchiveChange.changed_at >= start, ArchiveChange.changed_at <= end)
                .order_by(ArchiveChange.changed_at, ArchiveChange.id)
            )
        )
        left_behind_pupils = [p for p in pupils if LeftBehindKind(_kind_of(p)).is_left_behind]
        from liushou_desk.services import term_stats

        child_facts = [term_stats.facts_of(p, _kind_of(p)) for p in left_behind_pupils]
        carded_ids = [p.id for p in left_behind_pupils]
        if pupil_ids is not None:  # any child asked for, even one who left before the term
            carded_ids = list(
                s.scalars(
                    select(Pupil.id)
                    .where(Pupil.id.in_(set(pupil_ids)), Pupil.deleted_at.is_(None))
                    .order_by(Pupil.id)
                )
            )
        term_views = [
            record_view(
                r,
                tuple(joined.get(r.id, ())),
                tuple(names.get(i, "") for i in joined.get(r.id, ())),
            )
            for r in records
        ]
        views = [record_view(r) for r in earlier_plans] + term_views
        in_class_now = sum(1 for p in pupils if p.enrolment == Enrolment.ACTIVE.value)
        left_behind = Counter(_kind_of(p) for p in left_behind_pupils)
        events = _events(changes, names)
        new_files = sum(1 for c in changes if c.kind == Kind.CREATED)

    lb_ids = {p.id for p in left_behind_pupils}
    work = _work(term_views, lb_ids)
    coverage = _coverage(term_views, left_behind_pupils, term, today)
    plans = _plans(views, "help_plan", "plan_check", term, names)
    ieps = _plans(views, "iep", "iep_review", term, names)
    aid = [(names.get(v.pupil_id or 0, ""), v) for v in term_views if v.kind == "aid"]
    class_records = [v for v in term_views if v.pupil_id is None]
    cards = load_cards(archive, carded_ids, term, today)
    from liushou_desk.services.term_gaps import term_gaps

    in_class = [p for p in left_behind_pupils if p.enrolment == Enrolment.ACTIVE.value]
    unknown = [
        (p.id, p.name)
        for p in pupils
        if p.enrolment == Enrolment.ACTIVE.value and _kind_of(p) == LeftBehindKind.UNKNOWN.value
    ]
    from liushou_desk.services import term_stats
    from liushou_desk.services.settings import cadence

    rhythm = cadence(archive)
    holidays = rhythm.holiday_months  # 寒暑假: a month of no contact is no gap
    busy = {(v.occurred_on.year, v.occurred_on.month) for v in term_views}
    months = [
        m for m in _months(term, today) if m.month not in holidays or (m.year, m.month) in busy
    ]
    stats = term_stats.coverage(child_facts, term_views, months)
    stats.groups = term_stats.class_groups(child_facts, min(term.end, today))
    stats.priorities = term_stats.priorities(term_views, names)
    stats.grades = term_stats.grades_against_class(term_views, {c.pupil_id for c in child_facts})
    earlier = [t for t in list_terms(archive) if t.end < term.start]
    last_plans = load_summary(archive, earlier[0]).next_plans if earlier else ""
    gaps = term_gaps(
        views, [(p.id, p.name) for p in in_class], unknown, term, today,
        rhythm.rare_call_days,
    )  # fmt: skip
    return TermReport(
        info=info,
        term=term,
        today=today,
        summary=summary,
        pupils=len(pupils),
        in_class_now=in_class_now,
        left_behind=left_behind,
        events=events,
        new_files=new_files,
        work=work,
        coverage=coverage,
        plans=plans,
        ieps=ieps,
        aid=aid,
        class_records=class_records,
        cards=cards,
        gaps=gaps,
        stats=stats,
        last_plans=last_plans,
        cases=[
            (names.get(v.pupil_id or 0, ""), v) for v in term_views if v.values.get("case") == "是"
        ],
    )


def _events(changes: list[ArchiveChange], names: dict[int, str]) -> list[ClassEvent]:
    out = []
    for c in changes:
        name = names.get(c.pupil_id, "")
        if c.kind == Kind.ENROLMENT:
            out.append(
                ClassEvent(c.changed_at.date(), name, f"{c.old_value} → {c.new_value}", c.note)
            )
        elif c.kind == Kind.STATUS:
            out.append(
                ClassEvent(
                    c.changed_at.date(), name, f"留守认定：{c.old_value} → {c.new_value}", c.note
                )
            )
    return out


def _work(views: list[RecordView], left_behind: set[int]) -> WorkDone:
    work = WorkDone()
    talked: set[int] = set()
    for v in views:
        work.by_kind[v.kind] += 1
        if v.kind == "contact":
            work.contacts_by_party[v.values.get("party", "")] += 1
            work.contacts_by_channel[v.values.get("channel", "")] += 1
        elif v.kind == "family_call":
            work.family_call_minutes += _number(v.values.get("minutes", ""))
        elif v.kind == "aid":
            work.aid_amount += _number(v.values.get("amount", ""))
        elif v.kind == "talk" and v.pupil_id in left_behind:
            talked.add(v.pupil_id)
    work.children_talked = len(talked)
    return work


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _coverage(
    views: list[RecordView], children: list[Pupil], term: TermView, today: date
) -> list[MonthCoverage]:
    ids = {p.id for p in children}
    talked: dict[date, set[int]] = {}
    for v in views:
        if v.kind == "talk" and v.pupil_id in ids:
            talked.setdefault(v.occurred_on.replace(day=1), set()).add(v.pupil_id)  # type: ignore[arg-type]
    months = _months(term, today)
    while months and not talked.get(months[0]):  # the summer / winter holiday before school
        months.pop(0)
    return [MonthCoverage(m, len(ids), len(talked.get(m, ()))) for m in months]


def _plans(
    views: list[RecordView], kind: str, check_kind: str, term: TermView, names: dict[int, str]
) -> list[PlanLine]:
    """Plans running during the term (started before its end, not ended before its start)."""
    checks: dict[int, list[RecordView]] = {}
    for v in views:
        if v.kind == check_kind and v.parent_id is not None and term.contains(v.occurred_on):
            checks.setdefault(v.parent_id, []).append(v)
    out = []
    for v in views:
        if v.kind != kind or v.occurred_on > term.end:
            continue
        ended = v.values.get("end") or v.values.get("closed_on")
        if ended and ended < term.start.isoformat():
            continue
        out.append(PlanLine(names.get(v.pupil_id or 0, ""), v, tuple(checks.get(v.id, ()))))
    out.sort(key=lambda line: (line.pupil, line.plan.occurred_on))
    return out
