"""示例关爱记录: one lived-in term of the 54321 care work for the demo class (services/demo.py).

``add_demo_records`` fills the current term, from the day school opened up to ``today`` (never
later), with what a head teacher of the demo class would have written by then: a 谈心记录 each
month with most left-behind children, 三沟通 contacts with the parents away and the guardians at
home, 亲情电话 / 视频, 家访 for about half of them, a 一对一帮扶计划 (helping teacher and peer
helper) with its 阶段检查, 进步档案 and 闪光点, 四个优先, two 个别教育管理方案 (one open with a
回访, one closed), 资助 for the poorest families, the grades of the term's exams (some children
improve, some slip, one falls sharply — the open plan), the class's activities and meetings with
who took part, and last term's 期末评语 (this term's once its end is near). It leaves work to
do on purpose: a few children without a talk this month, a few follow-up dates and help-plan
checks overdue, parents who have not called for weeks, and no 留守儿童月会 yet this month. A few
records were edited after saving (so they have a history) and one duplicate is in the recycle
bin.

Everything is written through services/records.py, so it has passed the same validation as
what a teacher types. The same generator state and ``today`` always give the same records.

Large classes (the 2,000-pupil benchmark): only the first ``FULL_DETAIL`` pupils get every kind
of record; the others get their monthly talks and the contacts with their parents and guardians,
which is what the 待办 list is computed from, so the demo stays quick to make.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.dates import add_months
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentSituation
from liushou_desk.domain.records import RecordValues
from liushou_desk.domain.terms import term_for
from liushou_desk.services.demo_records_text import (
    ALL_SUBJECTS,
    AT_HOME,
    BRIGHT,
    CALL_STATE,
    CALL_WORD,
    CHECK_EFFECT,
    CHILD_TALK,
    COMMENT_CLOSE,
    COMMENT_MIDDLE,
    COMMENT_OPEN,
    COUNSELLOR,
    EVENTS,
    FOCUS,
    GUARDIAN_OUTCOME,
    GUARDIAN_TALK,
    HELPER_BRIGHT,
    INTEREST_NOUN,
    LESSON_NOTES,
    LESSONS,
    LIVING,
    MAIN_SUBJECTS,
    MONTHLY_AGENDA,
    MONTHS_CN,
    OTHER_PARENT_TALK,
    PARENT_EXAM,
    PARENT_OUTCOME,
    PARENT_TALK,
    PLACES,
    PLAN_CONTENT,
    PLAN_GOALS,
    PRIORITY_ACTIVITIES,
    PRIORITY_LIFE,
    PRIORITY_SAFETY,
    PRIORITY_STUDY,
    PROGRESS,
    QUIET_PARENT,
    SAFETY_TALKS,
    SENSITIVE_TALK,
    SERIOUS,
    STAFF,
    TALK_ADDENDUM,
    TOPICS,
    VISIT_CHANGE,
    VISIT_FEEDBACK,
    VISIT_NEXT,
    _Topic,
)
from liushou_desk.services.records import create_record, set_deleted, update_record
from liushou_desk.services.terms import current_term

FULL_DETAIL = 100  # pupils (in roster order of entry) who get every kind of record


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
    stmt = (
        select(Pupil)
        .where(Pupil.deleted_at.is_(None))
        .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
        .order_by(Pupil.id)
    )
    out = []
    away_value, home_value = ParentSituation.AWAY.value, ParentSituation.AT_HOME.value
    gone = (ParentSituation.DECEASED.value, ParentSituation.INCAPABLE.value)
    with archive.transaction() as s:
        for p in s.scalars(stmt):
            if p.enrolment != Enrolment.ACTIVE.value and p.left_on is None:
                continue
            away = [x for x in p.parents if x.situation == away_value]
            g = p.guardians[0] if p.guardians else None
            hardship = 2 * sum(x.situation in gone for x in p.parents) + (g is None)
            if g is not None:
                hardship += (
                    2 * (g.capacity == "差") + (g.health == "较差") + (g.literacy == "不识字")
                )
            hobbies = [
                INTEREST_NOUN.get(h, h.removeprefix("喜欢").removeprefix("爱"))
                for h in p.interests.split("、")
                if h
            ]
            out.append(
                _Child(
                    id=p.id,
                    name=p.name,
                    sex=p.sex,
                    birth=p.birth_date,
                    left_behind=p.effective_kind != LeftBehindKind.NOT.value,
                    until=min(p.left_on - timedelta(days=1), today) if p.left_on else today,
                    boarding=p.boarding,
                    traits=f"{p.personality}；{p.health_mental}",
                    hobbies=hobbies or ["看课外书"],
                    away=[(x.role, x.name) for x in away],
                    city=_short_city(away[0].work_city) if away else "",
                    home=[(x.role, x.name) for x in p.parents if x.situation == home_value],
                    guardian=(g.relation, g.name) if g else None,
                    hardship=hardship,
                )
            )
    return out


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


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Every record goes through services/records.py; what was written is kept for edits."""

    def __init__(self, archive: Archive, rng: random.Random, today: date, head: str):
        self.archive, self.rng, self.today, self.head = archive, rng, today, head
        self.count = 0
        self.kept: dict[int, tuple[RecordValues, int | None]] = {}

    def add(
        self,
        kind: str,
        pupil: int | None,
        values: dict[str, str],
        *,
        scores: dict[str, str] | None = None,
        participants: Sequence[int] = (),
        sensitive: bool | None = None,
        parent: int | None = None,
    ) -> int:
        rv = RecordValues(
            {k: v for k, v in values.items() if v}, dict(scores or {}), list(participants)
        )
        rid, _ = create_record(
            self.archive,
            kind,
            pupil,
            rv,
            self.today,
            sensitive=sensitive,
            parent_id=parent,
            recorded_by=self.head,
        )
        self.count += 1
        self.kept[rid] = (rv, pupil)
        return rid

    def edit(self, rid: int, change: Callable[[RecordValues], None]) -> None:
        """A later correction or addition: the record's first version stays in its history."""
        rv, _ = self.kept[rid]
        new = RecordValues(dict(rv.values), dict(rv.scores), list(rv.participants))
        change(new)
        update_record(self.archive, rid, new, self.today)


@dataclass
class _Exam:
    name: str  # the stored choice: 月考 / 期中考试 / 期末考试
    title: str  # as the teacher says it: 九月月考
    on: date
    subjects: tuple[str, ...]


class _Term:
    """Draws the records of one term for the class."""

    def __init__(self, w: _Writer, cal: _Calendar, children: list[_Child]):
        self.w, self.cal, self.rng = w, cal, w.rng
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

    # -- the whole term -----------------------------------------------------------------------

    def run(self) -> None:
        self.draw_abilities()
        self.pair()
        self.plan_exams()
        iep_open, iep_closed = self.choose_the_few()
        self.draw_scores(iep_open)
        for c in self.children:
            self.talks(c)
            self.contacts(c)
        for c in self.lb:
            self.family_calls(c)
        self.home_visits()
        self.help_plans({c.id for c in (iep_open, iep_closed) if c})
        self.grades()
        self.progress_and_bright_spots()
        self.priorities()
        self.ieps(iep_open, iep_closed)
        self.aid()
        self.class_life()
        self.monthly()
        self.term_comments()
        self.edits_and_bin()

    # -- who is who ---------------------------------------------------------------------------

    def draw_abilities(self) -> None:
        rng = self.rng
        for c in self.full:
            c.ability = min(95.0, max(45.0, rng.gauss(76, 11) - (3 if c.left_behind else 0)))
            c.offsets = {s: rng.gauss(0, 6) for s in ALL_SUBJECTS}
            c.offsets["科学"] += 4
            c.offsets["道德与法治"] += 7
            c.trend = rng.choice((-4.5, -2.5, 0, 0, 0, 2.5, 4, 6))
            c.weak = min(MAIN_SUBJECTS, key=lambda s: c.offsets[s])
        for c in self.children[FULL_DETAIL:]:
            c.weak = rng.choice(MAIN_SUBJECTS)

    def pair(self) -> None:
        """一对一: a helping teacher (mostly who teaches the weak subject) and a peer helper
        among the better pupils, each helping at most two classmates."""
        rng = self.rng
        by_subject = {s: n for n, s in STAFF}
        by_subject["语文"] = self.w.head
        everyone = [n for n, _ in STAFF] + [self.w.head]
        good = sorted(self.full, key=lambda c: -c.ability)[: max(2, len(self.full) // 3)]
        helps: dict[int, int] = {}
        for c in self.children:
            c.teacher = by_subject[c.weak] if rng.random() < 0.55 else rng.choice(everyone)
            peers = [x for x in good if x.id != c.id and helps.get(x.id, 0) < 2]
            peers = peers or [x for x in self.full if x.id != c.id]
            if peers:
                peer = rng.choice(peers)
                helps[peer.id] = helps.get(peer.id, 0) + 1
                c.peer = peer.name

    def plan_exams(self) -> None:
        for name, offset in (("月考", 25), ("期中考试", 70), ("月考", 108)):
            day = self.cal.at(offset)
            if day is None:
                break
            title = f"{_month_name(day.month)}月月考" if name == "月考" else name
            subjects = ALL_SUBJECTS if name == "期中考试" else MAIN_SUBJECTS
            self.exams.append(_Exam(name, title, day, subjects))
        if len(self.exams) < 2:  # early in the term: last term's final exam shows the trend
            prev = term_for(self.cal.term_start - timedelta(days=1))
            day = date(prev.end.year, 7, 2) if prev.number == 2 else date(prev.end.year, 1, 15)
            self.exams.insert(0, _Exam("期末考试", "上学期期末考试", day, ALL_SUBJECTS))

    def choose_the_few(self) -> tuple[_Child | None, _Child | None]:
        """The children whose records leave something due or overdue, and the two 个别教育
        管理方案: the open one is for a child whose parents seldom call (and whose grades
        fell sharply), one child's family is in trouble (a sensitive talk)."""
        rng, today = self.rng, self.cal.today
        pool = [c for c in self.children if c.left_behind and c.until == today]
        rng.shuffle(pool)
        detailed = [c for c in pool if c.id in self.full_ids]
        open_ = next((c for c in detailed if c.away), None)
        closed = next((c for c in detailed if c is not open_), None)
        taken = {c.id for c in (open_, closed) if c}
        trouble = next((c for c in detailed if len(c.away) == 2 and c.id not in taken), None)
        taken |= {trouble.id} if trouble else set()
        rest = [c for c in pool if c.id not in taken]
        k = max(2, round(len(pool) * 0.07))
        self.no_talk_now = {c.id for c in rest[:k]}
        self.stale_follow_up = {c.id for c in rest[k : 2 * k]}
        quiet = [c.id for c in rest[2 * k :] if c.away][: max(1, k - 1)]
        self.quiet_parents = set(quiet) | ({open_.id} if open_ else set())
        self.family_trouble = {trouble.id} if trouble else set()
        return open_, closed

    def draw_scores(self, dropping: _Child | None) -> None:
        rng = self.rng
        last = len(self.exams) - 1
        for i, exam in enumerate(self.exams):
            sharp = i == last and i > 0 and exam.on >= self.cal.start
            for c in self.full:
                if exam.on > c.until:
                    continue
                scores: dict[str, int] = {}
                for s in exam.subjects:
                    value = c.ability + c.offsets[s] + c.trend * i + rng.gauss(0, 4)
                    if sharp and c is dropping and s in (c.weak, "语文", "数学"):
                        value -= rng.uniform(18, 26)
                    scores[s] = int(min(100, max(25, round(value))))
                self.scores[(i, c.id)] = scores

    # -- 谈心 -----------------------------------------------------------------------------------

    def talks(self, c: _Child) -> None:
        """A talk each month; the latest has a follow-up date (for a few it has passed)."""
        if not c.left_behind:
            return
        cal, rng, head = self.cal, self.rng, self.w.head
        months = cal.months()
        used: list[str] = []
        planned: list[tuple[date, dict[str, str], bool | None]] = []
        for i, (first, last) in enumerate(months):
            current = i == len(months) - 1
            if current and c.id in self.no_talk_now:
                continue
            if current and c.id in self.stale_follow_up:
                last = min(last, first + timedelta(days=6))
            day = cal.between(first, last)
            moved = cal.school_day(day)
            day = moved if first <= moved <= last else day
            if day > c.until:
                continue
            topic = self.topic(c, i, first, day, used)
            used.append(topic.name)

            said, problem, measures, effect = rng.choice(topic.stories)
            agreed = rng.sample(measures, min(len(measures), rng.choice((1, 2, 2))))
            values = {
                "date": day.isoformat(),
                "place": rng.choice(PLACES),
                "teacher": c.teacher if rng.random() < 0.25 else head,
                "topic": topic.name,
                "mood": rng.choice(topic.moods),
                "said": self.fill(said, c, day),
                "problems": self.fill(problem, c, day),
                "measures": "；".join(self.fill(m, c, day) for m in agreed) + "。",
                "effect": "" if current else self.fill(effect, c, day),
            }
            planned.append((day, values, True if topic is SENSITIVE_TALK else None))
        for k, (day, values, sensitive) in enumerate(planned):
            due = self.follow_up(c, day, planned[k + 1][0] if k + 1 < len(planned) else None)
            if due is not None:
                values["follow_up"] = due.isoformat()
            self.talk_ids.append(self.w.add("talk", c.id, values, sensitive=sensitive))

    def follow_up(self, c: _Child, day: date, nxt: date | None) -> date | None:
        """下次跟进: an earlier talk is followed up by the next one; the latest is due in the
        weeks to come — or, for a few children, already overdue."""
        rng, today = self.rng, self.cal.today
        if nxt is not None:
            if rng.random() > 0.45 or (nxt - day).days < 8:
                return None
            return day + timedelta(days=rng.randint(7, (nxt - day).days))
        if c.id in self.stale_follow_up and (today - day).days > 6:
            return day + timedelta(days=rng.randint(5, min(12, (today - day).days - 1)))
        if c.until < today or rng.random() > 0.8:
            return None
        due = day + timedelta(days=rng.randint(14, 35))
        return due if due > today else today + timedelta(days=rng.randint(2, 20))

    def topic(self, c: _Child, month: int, first: date, day: date, used: list[str]) -> _Topic:
        if c.id in self.family_trouble and month == max(0, len(self.cal.months()) - 2):
            return SENSITIVE_TALK
        exam_before = any(first <= e.on <= day for e in self.exams)
        traits = c.traits
        weights = {
            "any": 1.0,
            "first": 6.0 if month == 0 else 0.0,
            "exam": 5.0 if exam_before else 0.0,
            "cold": 3.0 if day.month in (11, 12, 1, 2) else 0.0,
            "festival": 4.0 if day.month == 10 or (day.month in (2, 3) and month == 0) else 0.0,
            "birthday": 5.0 if c.birth and c.birth.month == day.month else 0.0,
            "miss": 3.0 if "想" in traits or c.p == "爸爸妈妈" else 1.5,
            "quiet": 3.0 if any(k in traits for k in ("内向", "不合群", "矛盾", "胆小")) else 0.7,
            "restless": 3.0 if "注意力" in traits else 0.4,
            "phone": 3.0 if "手机" in traits else 0.6,
            "guardian": 2.0 if "倔强" in traits or "脾气" in traits else 0.8,
            "life": 2.0 if "自理" in traits else 1.0,
        }
        w = [weights[t.tag] * (0.05 if t.name in used else 1.0) for t in TOPICS]
        return self.rng.choices(TOPICS, w)[0]

    # -- 三沟通 ---------------------------------------------------------------------------------

    def contacts(self, c: _Child) -> None:
        cal, rng = self.cal, self.rng
        full = c.id in self.full_ids
        if not c.left_behind:
            if full and (c.away or c.home) and rng.random() < 0.35:
                role, name = (c.away or c.home)[0]
                day = cal.between(cal.start, c.until)
                self.w.add(
                    "contact",
                    c.id,
                    {
                        "date": day.isoformat(),
                        "party": "与外出父母" if c.away else "与在家监护人",
                        "with_whom": f"{role} {name}",
                        "channel": rng.choice(("电话", "微信", "面谈")),
                        "content": self.fill(OTHER_PARENT_TALK, c, day),
                    },
                )
            return
        quiet_since = cal.today - timedelta(days=42)
        for first, last in cal.months():
            if first > c.until:
                break
            last = min(last, c.until)
            if c.away and rng.random() < (0.85 if full else 0.7):
                day = cal.between(first, last)
                quiet = c.id in self.quiet_parents
                if not (quiet and day > quiet_since):
                    self.parent_contact(c, day, quiet, full)
            if c.guardian and rng.random() < (0.75 if full else 0.55):
                self.guardian_contact(c, cal.between(first, last), full)
            if full and rng.random() < 0.12:
                day = cal.school_day(cal.between(first, last))
                if day <= c.until:
                    self.w.add(
                        "contact",
                        c.id,
                        {
                            "date": day.isoformat(),
                            "party": "与孩子",
                            "with_whom": c.name,
                            "channel": "面谈",
                            "content": self.fill(CHILD_TALK, c, day),
                        },
                    )

    def parent_contact(self, c: _Child, day: date, quiet: bool, full: bool) -> None:
        rng = self.rng
        role, name = rng.choice(c.away)
        who = f"孩子{role}"
        fits = [(ch, t) for when, ch, t in PARENT_TALK if self.cal.fits(when, day)]
        channels, talk = rng.choice(fits)
        channel = rng.choice(channels)
        content = self.fill(talk, c, day, who=who)
        outcome = self.fill(PARENT_OUTCOME, c, day, who=who)
        exams = [(i, e) for i, e in enumerate(self.exams) if e.on >= self.cal.start and e.on <= day]
        if quiet:
            content = self.fill(QUIET_PARENT, c, day, who=who)
            outcome = f"{who}答应以后多打电话，但之后仍很少联系。"
            channel = "电话"
        elif full and exams and (day - exams[-1][1].on).days < 12:
            i, exam = exams[-1]
            now = self.scores.get((i, c.id), {}).get(c.weak)
            before = self.scores.get((i - 1, c.id), {}).get(c.weak) if i else None
            if now is not None:
                trend = "和上次差不多"
                if before is not None and abs(now - before) >= 3:
                    trend = f"比上次{'提高' if now > before else '下降'}了{abs(now - before)}分"
                content = self.fill(
                    rng.choice(PARENT_EXAM),
                    c,
                    day,
                    who=who,
                    exam=exam.title,
                    score=now,
                    trend=trend,
                )
                channel = rng.choice(("电话", "微信"))
        self.w.add(
            "contact",
            c.id,
            {
                "date": day.isoformat(),
                "party": "与外出父母",
                "with_whom": f"{role} {name}",
                "channel": channel,
                "content": content,
                "outcome": outcome,
            },
        )

    def guardian_contact(self, c: _Child, day: date, full: bool) -> None:
        rng = self.rng
        assert c.guardian is not None
        relation, name = c.guardian
        values = {
            "date": day.isoformat(),
            "party": "与在家监护人",
            "with_whom": f"{relation} {name}",
        }
        if full and rng.random() < 0.06 and day.weekday() < 5:
            content, outcome, response = SERIOUS[rng.randrange(len(SERIOUS))]
            values.update(
                channel="电话",
                content=self.fill(content, c, day),
                outcome=self.fill(outcome, c, day),
                serious="是",
                parents_informed="是" if c.away else "",
                response=self.fill(response, c, day) if c.away else "",
            )
        else:
            channel, talk = rng.choice(GUARDIAN_TALK)
            values.update(
                channel=channel,
                content=self.fill(talk, c, day),
                outcome=self.fill(GUARDIAN_OUTCOME, c, day),
            )
        rid = self.w.add("contact", c.id, values)
        if full:
            self.guardian_contacts.append(rid)

    # -- 亲情电话 -------------------------------------------------------------------------------

    def family_calls(self, c: _Child) -> None:
        """The school's 亲情电话 / 视频, on Wednesday or Friday afternoons."""
        if not c.away:
            return
        cal, rng = self.cal, self.rng
        quiet_since = cal.today - timedelta(days=42)
        roles = sorted({r for r, _ in c.away})
        for first, last in cal.months():
            for chance in (0.85, 0.45):
                if rng.random() > chance:
                    continue
                day = cal.between(first, min(last, c.until))
                while day.weekday() not in (2, 4) and day > first:
                    day -= timedelta(days=1)
                if day > c.until or (c.id in self.quiet_parents and day > quiet_since):
                    continue
                both = len(roles) == 2 and rng.random() < 0.3
                parent = "父母" if both else rng.choice(roles)
                word = {"父亲": "爸爸", "母亲": "妈妈", "父母": "爸爸妈妈"}[parent]
                self.w.add(
                    "family_call",
                    c.id,
                    {
                        "date": day.isoformat(),
                        "parent": parent,
                        "mode": "视频" if rng.random() < 0.6 else "电话",
                        "minutes": str(rng.randint(5, 25)),
                        "child_state": self.fill(CALL_STATE, c, day, p=word),
                    },
                )

    # -- 家访 -----------------------------------------------------------------------------------

    def home_visits(self) -> None:
        """About half of the left-behind children, the poorest first; mostly on a Saturday."""
        cal, rng, head = self.cal, self.rng, self.w.head
        for c in self.lb:
            if not (rng.random() < 0.5 or c.hardship >= 3):
                continue
            day = min(cal.between(cal.start + timedelta(days=5), c.until), c.until)
            if day.weekday() < 5 and rng.random() < 0.7:
                saturday = day + timedelta(days=5 - day.weekday())
                day = saturday if saturday <= c.until else day
            nxt = cal.school_end - timedelta(days=rng.randint(10, 20))
            self.w.add(
                "home_visit",
                c.id,
                {
                    "date": day.isoformat(),
                    "visitors": head if c.teacher == head else f"{head}、{c.teacher}",
                    "met": f"{c.guardian[0].split('/')[0]}、孩子" if c.guardian else "孩子、邻居",
                    "living": self.fill(LIVING, c, day),
                    "child_at_home": self.fill(AT_HOME, c, day),
                    "feedback": self.fill(VISIT_FEEDBACK, c, day),
                    "change": self.fill(VISIT_CHANGE, c, day)
                    if rng.random() < 0.6
                    else "本学期第一次家访。",
                    "next_plan": self.fill(VISIT_NEXT, c, day),
                    "next_visit": nxt.isoformat() if nxt > cal.today and rng.random() < 0.6 else "",
                },
            )

    # -- 一对一帮扶 ------------------------------------------------------------------------------

    def help_plans(self, must: set[int]) -> None:
        """A plan for most left-behind children, checked every three to four weeks; the latest
        check sets the next one (a couple are overdue)."""
        cal, rng = self.cal, self.rng
        plans: list[tuple[_Child, date, list[date]]] = []
        for c in self.lb:
            if c.id not in must and rng.random() > 0.85:
                continue
            start = cal.by(7, 11)
            if start > c.until:
                continue
            checks: list[date] = []
            day = start
            while len(checks) < 3:
                day += timedelta(days=rng.randint(21, 30))
                if day > c.until:
                    break
                day = cal.school_day(day)
                checks.append(day)
            if not checks and start < c.until:
                checks.append(c.until)
            plans.append((c, start, checks))
        late = [c.id for c, _, checks in plans if checks and (cal.today - checks[-1]).days >= 10]
        overdue = set(rng.sample(late, min(2, len(late))))
        for c, start, checks in plans:
            content = rng.sample(PLAN_CONTENT, 2)
            first_check = checks[0] if checks else start + timedelta(days=28)
            pid = self.w.add(
                "help_plan",
                c.id,
                {
                    "date": start.isoformat(),
                    "end": cal.school_end.isoformat(),
                    "teacher": c.teacher,
                    "peer": c.peer,
                    "content": "\n".join(self.fill(x, c, start) for x in content),
                    "goals": self.fill(PLAN_GOALS, c, start),
                    "next_check": first_check.isoformat(),
                },
            )
            self.plan_ids.append(pid)
            for k, day in enumerate(checks):
                if k + 1 < len(checks):
                    nxt = checks[k + 1]
                elif c.id in overdue and (cal.today - day).days >= 10:
                    nxt = day + timedelta(days=rng.randint(7, (cal.today - day).days - 2))
                else:
                    nxt = day + timedelta(days=rng.randint(21, 30))
                    if nxt <= cal.today:
                        nxt = cal.today + timedelta(days=rng.randint(3, 28))
                low = rng.randint(55, 72)
                effect = self.fill(CHECK_EFFECT, c, day, low=low, high=low + rng.randint(5, 14))
                self.w.add(
                    "plan_check",
                    c.id,
                    {"date": day.isoformat(), "effect": effect, "next_check": nxt.isoformat()},
                    parent=pid,
                )

    # -- 成绩 -----------------------------------------------------------------------------------

    def grades(self) -> None:
        """The scores drawn above; one 数学 score was first typed with its digits swapped."""
        for i, exam in enumerate(self.exams):
            for c in self.full:
                scores = self.scores.get((i, c.id))
                if scores is None:
                    continue
                typed = {s: str(v) for s, v in scores.items()}
                right = scores.get("数学", 0)
                swapped = right % 10 * 10 + right // 10
                typo = self.typo is None and 20 <= right < 100 and swapped not in (right, 0)
                if typo:
                    typed["数学"] = str(swapped)
                rid = self.w.add(
                    "grade", c.id, {"date": exam.on.isoformat(), "exam": exam.name}, scores=typed
                )
                if typo:
                    self.typo = (rid, str(right))

    # -- 进步档案, 闪光点 ------------------------------------------------------------------------

    def progress_and_bright_spots(self) -> None:
        cal, rng = self.cal, self.rng
        helped = {c.peer: c.name for c in self.lb if c.peer}
        last = len(self.exams) - 1
        for c in self.full:
            now, before = self.scores.get((last, c.id)), self.scores.get((last - 1, c.id))
            if c.left_behind and now and before:
                gain, subject = max((now[s] - before[s], s) for s in now if s in before)
                if gain >= 6:
                    exam = self.exams[last]
                    day = min(exam.on + timedelta(days=rng.randint(2, 6)), c.until)
                    text = (
                        f"{exam.title}{subject}{now[subject]}分，"
                        f"比{self.exams[last - 1].title}提高了{gain}分。"
                    )
                    self.w.add("progress", c.id, {"date": day.isoformat(), "content": text})
            if c.left_behind and rng.random() < 0.4:
                day = min(cal.between(cal.start + timedelta(days=20), c.until), c.until)
                text = self.fill(PROGRESS, c, day)
                self.w.add("progress", c.id, {"date": day.isoformat(), "content": text})
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                day = cal.between(cal.start, c.until)
                text = self.fill(BRIGHT, c, day)
                if c.name in helped and rng.random() < 0.5:
                    text = self.fill(HELPER_BRIGHT, c, day, friend=helped[c.name])
                self.w.add("bright_spot", c.id, {"date": day.isoformat(), "content": text})

    # -- 四个优先 -------------------------------------------------------------------------------

    def priorities(self) -> None:
        rng = self.rng
        for c in self.lb:
            if rng.random() > 0.4:
                continue
            day = min(self.cal.by(4, 8), c.until)
            life = PRIORITY_LIFE if c.boarding else (PRIORITY_LIFE[0], PRIORITY_LIFE[2])
            self.w.add(
                "priorities",
                c.id,
                {
                    "date": day.isoformat(),
                    "safety": self.fill(PRIORITY_SAFETY, c, day),
                    "study": self.fill(PRIORITY_STUDY, c, day),
                    "life": self.fill(life, c, day),
                    "activities": self.fill(PRIORITY_ACTIVITIES, c, day),
                },
            )

    # -- 个别教育管理方案 ------------------------------------------------------------------------

    def ieps(self, open_: _Child | None, closed: _Child | None) -> None:
        """Two plans, sensitive by default: one open after a sharp fall in grades (with a
        回访 and the next one to come), one closed earlier in the term."""
        cal, rng, head = self.cal, self.rng, self.w.head
        if open_ is not None:
            c = open_
            i = len(self.exams) - 1
            now, before = self.scores.get((i, c.id), {}), self.scores.get((i - 1, c.id), {})
            falls = sorted(((before[s] - now[s], s) for s in now if s in before), reverse=True)
            if falls and falls[0][0] >= 10 and self.exams[i].on >= cal.start:
                subject, category = falls[0][1], "成绩骤降"
                problem = (
                    f"{self.exams[i].title}{subject}由{before[subject]}分降到{now[subject]}分，"
                    f"其他科目也有下滑；近一个月上课常走神，作业多次未交。"
                    f"据了解，孩子{c.parents_word}近两个月很少和孩子联系。"
                )
                day = min(self.exams[i].on + timedelta(days=rng.randint(3, 5)), cal.today)
            else:
                subject, category = c.weak, "心理障碍"
                problem = "近一个月情绪持续低落，常一个人发呆，说“没人管我”，作业多次未交。"
                day = cal.between(cal.today - timedelta(days=20), cal.today)
            review = min(day + timedelta(days=rng.randint(6, 9)), cal.today)
            plan = (
                f"1. 班主任每周谈心一次，了解思想动态；2. {c.teacher}老师每天课后辅导"
                f"{subject}20分钟；3. 与孩子{c.parents_word}电话沟通，约定每周视频一次；"
                f"4. 请{c.g}每晚检查作业；5. {COUNSELLOR}老师做一次心理辅导；6. 两周后回访。"
            )
            responsible = head if c.teacher == head else f"{head}、{c.teacher}"
            iep = self.w.add(
                "iep",
                c.id,
                {
                    "date": day.isoformat(),
                    "category": category,
                    "problem": problem,
                    "plan": plan,
                    "responsible": responsible,
                    "next_review": review.isoformat(),
                },
            )
            text = (
                "谈心两次，{pron}说{p}很久没打电话，心里难过。已电话联系{parents}，"
                "{parents}答应以后每周视频一次。作业能按时交了，上课仍有走神，继续观察。"
            )
            self.w.add(
                "iep_review",
                c.id,
                {
                    "date": review.isoformat(),
                    "content": self.fill(text, c, review),
                    "next_review": (review + timedelta(days=14)).isoformat(),
                },
                parent=iep,
            )
        if closed is not None:
            c = closed
            day = cal.by(8, 7)
            end = min(day + timedelta(days=rng.randint(38, 50)), cal.today)
            review = min(day + timedelta(days=rng.randint(14, 20)), end)
            iep = self.w.add(
                "iep",
                c.id,
                {
                    "date": day.isoformat(),
                    "category": "品德偏差",
                    "problem": "开学后两次拿同学的文具和零花钱，被发现后说谎；"
                    f"在家常向{c.g}要钱买零食。",
                    "plan": "私下谈话，不公开批评，保护自尊；与监护人商定零花钱怎么管；"
                    "安排担任班级物品管理员，培养责任感；每两周回访一次。",
                    "responsible": head,
                    "next_review": review.isoformat(),
                    "closed_on": end.isoformat(),
                },
            )
            texts = (
                (review, "{pron}主动归还了同学的笔，物品管理员做得很认真；{g}说在家要钱少了。"),
                (end, "一个多月未再发生类似情况，同学关系改善，{g}也满意，予以结案。"),
            )
            for when, text in texts if end > review else texts[1:]:
                self.w.add(
                    "iep_review",
                    c.id,
                    {"date": when.isoformat(), "content": self.fill(text, c, when)},
                    parent=iep,
                )

    # -- 资助 -----------------------------------------------------------------------------------

    def aid(self) -> None:
        """The poorest left-behind families: the county's living subsidy, and for some a
        donation or winter clothes."""
        cal, rng = self.cal, self.rng
        pool = sorted(self.lb, key=lambda c: (-c.hardship, rng.random()))
        for c in pool[: max(2, round(len(self.lb) * 0.15))]:
            day = min(cal.by(20, 10), c.until)
            amount = "625" if c.boarding else "500"
            self.w.add(
                "aid",
                c.id,
                {
                    "date": day.isoformat(),
                    "source": "县学生资助管理中心",
                    "aid_kind": "生活补助",
                    "amount": amount,
                },
            )
            if rng.random() > 0.6:
                continue
            later = min(cal.between(cal.start + timedelta(days=45), c.until), c.until)
            if rng.random() < 0.5:
                values = {
                    "source": "镇关工委“冬日暖童心”活动",
                    "aid_kind": "物品",
                    "items": rng.choice(("冬衣一套、棉鞋一双", "书包一个、文具一套")),
                }
            else:
                values = {
                    "source": "学校开学爱心募捐",
                    "aid_kind": "爱心捐款",
                    "amount": str(rng.choice((200, 300))),
                }
            self.w.add("aid", c.id, {"date": later.isoformat(), **values})

    # -- 活动 and 会议 ---------------------------------------------------------------------------

    def present(self, day: date, who: str = "lb") -> list[int]:
        """Who took part: the left-behind children or the whole class, a few away if
        ``who`` ends in _most."""
        everyone = who.startswith("all")
        ids = [c.id for c in self.children if (everyone or c.left_behind) and c.until >= day]
        if who.endswith("_most") and len(ids) > 8:
            away = set(self.rng.sample(ids, self.rng.randint(1, 4)))
            ids = [i for i in ids if i not in away]
        return ids

    def class_life(self) -> None:
        """The term's activities and meetings, in the order the seeds list them."""
        cal, rng = self.cal, self.rng
        n_lb = sum(c.left_behind for c in self.children)
        for offset, kind, sub, title, summary, who in EVENTS:
            day = cal.at(offset, 2)
            if day is None:
                continue
            ids = self.present(day, who)
            if not ids:
                continue
            text = summary.format(
                money=rng.randint(28, 45) * 10,
                n=len(ids),
                k=rng.randint(max(1, n_lb // 4), max(2, n_lb // 2)),
            )
            values = {"date": day.isoformat(), "title": title, "summary": text}
            if "{safety}" in title:
                values["title"] = SAFETY_TALKS.get(day.month, "安全教育讲座")
            values["activity_kind" if kind == "activity" else "meeting_kind"] = sub
            if sub.startswith("两地书") and len(ids) > 4:  # two letters came in late
                rid = self.w.add(kind, None, values, participants=ids[:-2])
                self.letters = (rid, ids[-2:])
            else:
                self.w.add(kind, None, values, participants=ids)

    def monthly(self) -> None:
        """Each month: a mental-health lesson, the collective birthday, and — for the months
        already over — the 留守儿童月会 (this month's is not held yet, so it shows as due)."""
        cal, rng = self.cal, self.rng
        months = cal.months()
        for k, (first, last) in enumerate(months):
            name = _month_name(first.month)
            lesson = first.replace(day=15) if first.day < 15 else first + timedelta(days=7)
            lesson = cal.school_day(lesson)
            ids = self.present(lesson)
            if first <= lesson <= last and lesson <= cal.today and ids:
                self.w.add(
                    "activity",
                    None,
                    {
                        "date": lesson.isoformat(),
                        "activity_kind": "心理健康课",
                        "title": f"留守儿童心理健康课：{LESSONS[k % len(LESSONS)]}",
                        "summary": f"{COUNSELLOR}老师上课。{LESSON_NOTES[k % len(LESSON_NOTES)]}",
                    },
                    participants=ids,
                )
            month_end = add_months(first.replace(day=1), 1) - timedelta(days=1)
            friday = month_end - timedelta(days=(month_end.weekday() - 4) % 7)
            born = [
                c
                for c in self.children
                if c.birth and c.birth.month == first.month and c.until >= friday
            ]
            if cal.start <= friday <= cal.today and born:
                lb = sum(c.left_behind for c in born)
                self.w.add(
                    "activity",
                    None,
                    {
                        "date": friday.isoformat(),
                        "activity_kind": "集体生日",
                        "title": f"{name}月集体生日会",
                        "summary": f"为本月过生日的{len(born)}名同学（其中留守儿童{lb}名）"
                        f"过集体生日，同学们送上自制贺卡，"
                        f"{rng.randint(1, max(1, lb))}位在外的家长通过视频送上祝福。",
                    },
                    participants=[c.id for c in born],
                )
            if k == len(months) - 1:
                continue  # this month's meeting is still to come
            day = cal.school_day(month_end - timedelta(days=rng.randint(2, 6)))
            ids = self.present(day, "lb_most")
            if cal.start <= day <= cal.today and ids:
                self.w.add(
                    "meeting",
                    None,
                    {
                        "date": day.isoformat(),
                        "meeting_kind": "留守儿童月会",
                        "title": f"{name}月留守儿童月会",
                        "summary": f"到会{len(ids)}人。{MONTHLY_AGENDA[k % len(MONTHLY_AGENDA)]}",
                    },
                    participants=ids,
                )

    # -- 期末评语 -------------------------------------------------------------------------------

    def term_comments(self) -> None:
        """This term's comments once its end is near; before that, last term's."""
        cal = self.cal
        if cal.today >= cal.school_end - timedelta(days=10):
            day = min(cal.school_end, cal.today)
        else:
            prev = term_for(cal.term_start - timedelta(days=1))
            day = date(prev.end.year, 7, 3) if prev.number == 2 else date(prev.end.year, 1, 17)
        for c in self.full:
            if day > c.until:
                continue
            pools = (COMMENT_OPEN, COMMENT_MIDDLE, COMMENT_CLOSE)
            text = "".join(self.fill(pool, c, day) for pool in pools)
            self.w.add("term_comment", c.id, {"date": day.isoformat(), "content": text})

    # -- later edits and the recycle bin --------------------------------------------------------

    def edits_and_bin(self) -> None:
        rng, w = self.rng, self.w

        def note(v: RecordValues) -> None:
            v.values["measures"] = v.values.get("measures", "") + TALK_ADDENDUM
            v.values.setdefault("effect", "情绪明显好转。")

        older = [t for t in self.talk_ids if w.kept[t][0].values.get("effect")]
        for rid in rng.sample(older, min(2, len(older))):
            w.edit(rid, note)
        if self.typo is not None:
            rid, right = self.typo
            w.edit(rid, lambda v: v.scores.update({"数学": right}))
        if self.plan_ids:
            rid = rng.choice(self.plan_ids)
            rv, pupil = w.kept[rid]
            others = [c.name for c in self.full if c.id != pupil and c.name != rv.values["peer"]]
            if others:
                peer = rng.choice(others)

                def swap(v: RecordValues) -> None:
                    v.values["goals"] = (
                        v.values.get("goals", "") + f"（调座位后学习小帮手改为{peer}）"
                    )
                    v.values["peer"] = peer

                w.edit(rid, swap)
        if self.letters is not None:
            rid, late = self.letters

            def add_late(v: RecordValues) -> None:
                v.participants += late
                v.values["summary"] = v.values.get("summary", "") + "请假的两名同学已补交。"

            w.edit(rid, add_late)
        if self.guardian_contacts:  # a contact typed twice: the copy goes to the recycle bin
            rv, pupil = w.kept[rng.choice(self.guardian_contacts)]
            copy = w.add("contact", pupil, dict(rv.values))
            set_deleted(w.archive, copy, True)


def add_demo_records(archive: Archive, rng: random.Random, today: date, head_teacher: str) -> int:
    """Write one term of care records for the demo class up to ``today``; return how many."""
    term = current_term(archive, today)
    cal = _Calendar(rng, term.start, term.end, today)
    writer = _Writer(archive, rng, today, head_teacher)
    _Term(writer, cal, _read_class(archive, today)).run()
    return writer.count


__all__ = ["FULL_DETAIL", "add_demo_records"]
