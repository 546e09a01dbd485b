"""示例关爱记录: one lived-in term of the 54321 care work for the demo class (demo/maker.py).

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

Every record is checked as services/records.py checks what a teacher types, and written as it
writes them, a term at a time (demo.writer). The same generator state and ``today`` always give
the same records.

Large classes (the 2,000-pupil benchmark): only the first ``term_base.FULL_DETAIL`` pupils get
every kind of record; the others get their monthly talks and the contacts with their parents and
guardians, which is what the 待办 list is computed from, so the demo stays quick to make.

The parts: term_base (the children, the calendar, the writer, the term's shared state),
contacts (talks, 三沟通, calls, visits), plans (help plans, grades, IEPs, aid …) and
class_life (activities, meetings, comments, edits); ``_Term`` here runs them in order.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from liushou_desk.db.engine import Archive
from liushou_desk.demo.class_life import _ClassLife
from liushou_desk.demo.contacts import _Contacts
from liushou_desk.demo.plans import _Plans
from liushou_desk.demo.records_text import (
    ALL_SUBJECTS,
    MAIN_SUBJECTS,
    STAFF,
)
from liushou_desk.demo.term_base import (
    FULL_DETAIL,
    _Calendar,
    _Child,
    _Exam,
    _month_name,
    _read_class,
    _Writer,
)
from liushou_desk.domain.terms import term_for
from liushou_desk.services.terms import current_term


class _Term(_Contacts, _Plans, _ClassLife):
    """Draws the records of one term for the class."""

    # -- the whole term -----------------------------------------------------------------------

    def run(self) -> None:
        self.draw_abilities()
        self.pair()
        self.plan_exams()
        iep_open, iep_closed = self.choose_the_few()
        if self.past:  # the term is over: its plans ended and no 方案 stays open
            iep_open = None
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
        if self.past:  # a whole term ends with its final exam
            day = self.cal.school_day(self.cal.school_end - timedelta(days=4))
            self.exams.append(_Exam("期末考试", "期末考试", day, ALL_SUBJECTS))
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
        if not self.past:  # a few left undone this month, a few follow-ups overdue
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


def add_demo_records(archive: Archive, rng: random.Random, today: date, head_teacher: str) -> int:
    """Write one term of care records for the demo class up to ``today``; return how many."""
    term = current_term(archive, today)
    cal = _Calendar(rng, term.start, term.end, today)
    children = _read_class(archive, today)
    writer = _Writer(archive, rng, today, head_teacher, pupils={c.id for c in children})
    _Term(writer, cal, children).run()
    with archive.transaction() as s, s.no_autoflush:
        writer.write(s, term.name)
    return writer.count


__all__ = ["FULL_DETAIL", "add_demo_records"]
