"""示例班级的学生与日历: what the demo's care records are drawn from — each child of the demo
class as the records speak of them (_Child), the school calendar of the term (_Calendar), the
writer that checks and keeps them (demo.writer._Writer) and the term's exams."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.demo.records_text import (
    CALL_WORD,
    FOCUS,
    INTEREST_NOUN,
    MONTHS_CN,
)
from liushou_desk.demo.writer import _Writer
from liushou_desk.domain.dates import add_months
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentSituation
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services.profile import draft_from


@dataclass
class _Child:
    id: int
    name: str
    sex: str
    birth: date | None
    left_behind: bool
    until: date  # the last day the pupil was in the class
    boarding: bool
    traits: str  # personality and mental health, for choosing talk topics
    hobbies: list[str]
    away: list[tuple[str, str]]  # (父亲/母亲, name) of the parents working away
    city: str  # where they work
    home: list[tuple[str, str]]  # (父亲/母亲, name) of the parents at home
    guardian: tuple[str, str] | None  # (relation, name) of the first guardian
    hardship: int  # how hard up the family looks (for 资助)
    # drawn below
    ability: float = 75.0
    offsets: dict[str, float] = field(default_factory=dict)
    trend: float = 0.0
    weak: str = "数学"
    teacher: str = ""
    peer: str = ""

    @property
    def p(self) -> str:
        """What the child calls the parents away (or at home)."""
        roles = [r for r, _ in self.away] or [r for r, _ in self.home]
        if len(roles) != 1:
            return "爸爸妈妈"
        return "爸爸" if roles[0] == "父亲" else "妈妈"

    @property
    def parents_word(self) -> str:
        """The parents away, as the teacher writes it: 父亲 / 母亲 / 父母."""
        roles = [r for r, _ in self.away] or [r for r, _ in self.home]
        return roles[0] if len(roles) == 1 else "父母"

    @property
    def g(self) -> str:
        """What the child calls the guardian at home."""
        if self.guardian is None:
            return "家里大人"
        return CALL_WORD.get(self.guardian[0], self.guardian[0])


def _read_class(archive: Archive, today: date) -> list[_Child]:
    """The class as the archive holds it today (the pupils not in the recycle bin; those who
    have left with the day they left)."""
    stmt = (
        select(Pupil)
        .where(Pupil.deleted_at.is_(None))
        .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
        .order_by(Pupil.id)
    )
    out = []
    with archive.transaction() as s:
        for p in s.scalars(stmt):
            if p.enrolment != Enrolment.ACTIVE.value and p.left_on is None:
                continue
            until = min(p.left_on - timedelta(days=1), today) if p.left_on else today
            left_behind = p.effective_kind != LeftBehindKind.NOT.value
            out.append(child_of(p.id, draft_from(p), left_behind, until))
    return out


def child_of(pupil_id: int, d: ProfileDraft, left_behind: bool, until: date) -> _Child:
    """A pupil as the records speak of them, from their profile (``draft_from`` or the drafts
    the demo drew)."""
    away_value, home_value = ParentSituation.AWAY.value, ParentSituation.AT_HOME.value
    gone = (ParentSituation.DECEASED.value, ParentSituation.INCAPABLE.value)
    parents = [x for x in (d.father, d.mother) if x.role]
    away = [x for x in parents if x.situation == away_value]
    g = d.guardians[0] if d.guardians else None
    hardship = 2 * sum(x.situation in gone for x in parents) + (g is None)
    if g is not None:
        hardship += 2 * (g.capacity == "差") + (g.health == "较差") + (g.literacy == "不识字")
    hobbies = [
        INTEREST_NOUN.get(h, h.removeprefix("喜欢").removeprefix("爱"))
        for h in d.interests.split("、")
        if h
    ]
    return _Child(
        id=pupil_id,
        name=d.name,
        sex=d.sex,
        birth=date.fromisoformat(d.birth_date) if d.birth_date else None,
        left_behind=left_behind,
        until=until,
        boarding=d.boarding,
        traits=f"{d.personality}；{d.health_mental}",
        hobbies=hobbies or ["看课外书"],
        away=[(x.role, x.name) for x in away],
        city=_short_city(away[0].work_city) if away else "",
        home=[(x.role, x.name) for x in parents if x.situation == home_value],
        guardian=(g.relation, g.name) if g else None,
        hardship=hardship,
    )


def _suits(template: str, c: _Child) -> bool:
    """Leave out phrases about a guardian the child has not got, or a video call with parents
    who are at home."""
    if "{g}" in template and c.guardian is None:
        return False
    return not (("视频" in template or "{city}" in template) and "{p}" in template and not c.away)


def _short_city(city: str) -> str:
    return city[:-1] if len(city) > 2 and city.endswith(("市", "区")) else city or "外地"


def _month_name(month: int) -> str:
    return MONTHS_CN[month - 1] if month <= 10 else "十" + MONTHS_CN[month - 11]


# ---------------------------------------------------------------------------------------------
# The school calendar of this term
# ---------------------------------------------------------------------------------------------


class _Calendar:
    """When school opened this term, and school days between then and today."""

    def __init__(self, rng: random.Random, term_start: date, term_end: date, today: date):
        self.rng, self.today = rng, today
        self.term_start = term_start
        opening = term_start  # the default terms start in the holidays: school opens later
        if (term_start.month, term_start.day) == (8, 1):
            opening = date(term_start.year, 9, 1)
        elif (term_start.month, term_start.day) == (2, 1):
            opening = date(term_start.year, 2, 24)
        self.start = opening if opening <= today else term_start
        school_end = {1: date(term_end.year, 1, 20), 7: date(term_end.year, 7, 5)}
        self.school_end = max(school_end.get(term_end.month, term_end), self.start)

    @classmethod
    def whole(cls, rng: random.Random, term_start: date, term_end: date) -> _Calendar:
        """A term that is over: every school day from opening to the last one."""
        cal = cls(rng, term_start, term_end, term_end)
        cal.today = cal.school_end
        return cal

    def at(self, offset: int, jitter: int = 0) -> date | None:
        """The school day ``offset`` (+ up to ``jitter``) days after opening, None if to come."""
        day = self.start + timedelta(days=offset + self.rng.randint(0, jitter))
        if day > self.today:
            return None
        return self.school_day(day)

    def by(self, offset: int, jitter: int = 0) -> date:
        """Like ``at``, but today when that day has not come yet."""
        return self.at(offset, jitter) or self.today

    def between(self, first: date, last: date) -> date:
        """A random day from ``first`` to ``last``, kept within opening … today."""
        first, last = max(first, self.start), min(last, self.today)
        if last <= first:
            return min(first, self.today)
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def school_day(self, day: date) -> date:
        """Weekends and the National Day / Labour Day holidays moved to a school day."""
        if day.month == 10 and day.day <= 7:
            day = date(day.year, 10, 8)
        elif day.month == 5 and day.day <= 5:
            day = date(day.year, 5, 6)
        if day.weekday() == 5:
            day -= timedelta(days=1)
        elif day.weekday() == 6:
            day += timedelta(days=1)
        if day > self.today:
            day -= timedelta(days=3 if day.weekday() == 0 else 1)
        return min(max(day, self.start), self.today)

    def fits(self, when: str, day: date) -> bool:
        """Whether a phrase tagged ``when`` suits the day (first month, cold, before a holiday)."""
        if when == "first":
            return (day - self.start).days < 30
        if when == "cold":
            return day.month in (10, 11, 12, 1, 2, 3)
        if when == "holiday":
            return day.month in (1, 4, 6) or (day.month in (9, 12) and day.day >= 20)
        return True

    def months(self) -> list[tuple[date, date]]:
        """Each calendar month of the term so far: (first day, last day up to today)."""
        out = []
        first = self.start
        while first <= self.today:
            nxt = add_months(first.replace(day=1), 1)
            out.append((first, min(nxt - timedelta(days=1), self.today)))
            first = nxt
        return out


@dataclass
class _Exam:
    name: str  # the stored choice: 月考 / 期中考试 / 期末考试
    title: str  # as the teacher says it: 九月月考
    on: date
    subjects: tuple[str, ...]


FULL_DETAIL = 100  # pupils (in roster order of entry) who get every kind of record


class _TermBase:
    """The state of the demo term being drawn, shared by the parts that draw each kind of
    record, and the phrase filler they all use. A ``past`` term is drawn whole, up to its last
    school day, and leaves nothing due: its follow-ups were met, its plans ended, its open
    方案 closed, and nothing was left undone on purpose."""

    def __init__(self, w: _Writer, cal: _Calendar, children: list[_Child], past: bool = False):
        self.w, self.cal, self.rng, self.past = w, cal, w.rng, past
        self.children = [c for c in children if c.until >= cal.start]
        self.full = self.children[:FULL_DETAIL]
        self.full_ids = {c.id for c in self.full}
        self.lb = [c for c in self.full if c.left_behind]
        self.exams: list[_Exam] = []
        self.scores: dict[tuple[int, int], dict[str, int]] = {}  # (exam, pupil) → scores
        self.talk_ids: list[int] = []
        self.plan_ids: list[int] = []
        self.guardian_contacts: list[int] = []
        self.letters: tuple[int, list[int]] | None = None
        self.typo: tuple[int, str] | None = None
        self.no_talk_now: set[int] = set()
        self.stale_follow_up: set[int] = set()
        self.quiet_parents: set[int] = set()
        self.family_trouble: set[int] = set()

    # -- helpers ------------------------------------------------------------------------------

    def fill(
        self, template: str | Sequence[str], c: _Child, on: date | None = None, **more: object
    ) -> str:
        """A phrase about one child (drawn from a pool of phrases that suit the child): who
        the parents and guardian are, the weak subject …"""
        if not isinstance(template, str):
            usable = [t for t in template if _suits(t, c)] or list(template)
            template = self.rng.choice(usable)
        latest = self.latest_scores(c, on)
        ctx: dict[str, object] = {
            "p": c.p,
            "g": c.g,
            "pron": "她" if c.sex == "女" else "他",
            "city": c.city,
            "who": f"孩子{c.away[0][0]}" if c.away else "家长",
            "hobby": self.rng.choice(c.hobbies),
            "subject": c.weak,
            "teacher": c.teacher or self.w.head,
            "peer": c.peer or "同桌",
            "score": latest.get(c.weak, 80),
            "focus": FOCUS.get(c.weak, "基础知识"),
            "parents": "孩子" + c.parents_word,
        }
        ctx.update(more)
        return template.format_map(ctx)

    def latest_scores(self, c: _Child, on: date | None = None) -> dict[str, int]:
        for i in range(len(self.exams) - 1, -1, -1):
            if on is not None and self.exams[i].on > on:
                continue
            if (i, c.id) in self.scores:
                return self.scores[(i, c.id)]
        return {}
