"""多年的示例档案 (a demo archive kept for years): ``make_demo(..., years=N)`` — the class
archive of a head teacher who takes the 毕业班 (六年级) of 青山镇中心小学 every school year, over
the 2N terms that end with today's.

Each September a class arrives (the files opened a few days before school; the classes were
larger ten years ago and shrink as the villages empty); after the Spring Festival one or two
children come back from the cities and join, a few mothers come home for good (the child is no
longer left behind: the status follows, with its history line), a parent who left in the
summer has been away three months (the status follows too), and other details change (a phone
number, a grandparent's health, a father's place of work); a child or two moves away with the
parents (转出), and in July the class leaves primary school (毕业). Each term is drawn whole by
demo/records.py (``_Term`` with ``past``): the talks, contacts, calls, visits, help plans and
checks, grades of four exams, activities and meetings with who took part, aid, the 期末评语 —
and nothing left due, for the term is over. Today's class is then made as the one-term demo
makes it, with this school year's first term behind it when today is in the second.

Each year and term draws from its own seeded generator, so the same ``seed`` and ``today``
always give the same archive.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.demo.data import BOTH, EDITS, OVERRIDE, TRANSFER
from liushou_desk.demo.draw import _Maker, _Pupil
from liushou_desk.demo.enrol import (
    clean,
    enrol,
    graduate,
    leave,
    loaded,
    override,
    reassess,
    save,
)
from liushou_desk.demo.records import _Term
from liushou_desk.demo.term_base import _Calendar, _Child, child_of
from liushou_desk.demo.writer import Stamps, _Writer
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.domain.terms import TermSpec, term_for
from liushou_desk.services.profile import draft_from
from liushou_desk.services.terms import ensure_term

GRADE = 6  # the class the teacher takes every year: 六年级, the 毕业班
HOME_AGAIN = 0.12  # of the children with both parents away: the mother comes home for good
OTHER_EDITS = tuple(e for e in EDITS if e != "母亲返乡")


def window(today: date, years: int) -> list[TermSpec]:
    """The ``2 * years`` terms ending with today's, oldest first."""
    spec = term_for(today)
    out = [spec]
    while len(out) < 2 * years:
        spec = term_for(spec.start - timedelta(days=1))
        out.append(spec)
    return out[::-1]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _in_class(p: Pupil, left: date | None, until: date) -> _Child:
    """A pupil as the records of one term speak of them: the profile as it is now."""
    kind = p.override_kind or p.computed_kind
    last = min(left, until) if left else until
    return child_of(p.id, draft_from(p), kind != LeftBehindKind.NOT.value, last)


class Years:
    """The school years before today's class, written one class at a time."""

    def __init__(self, archive: Archive, main: _Maker, seed: int, today: date, years: int):
        self.archive, self.main, self.seed, self.today = archive, main, seed, today
        self.terms = window(today, years)
        self.this_year = term_for(today).school_year
        self.records = 0
        self.writer: _Writer | None = None

    def store_terms(self) -> None:
        with self.archive.transaction() as s, s.no_autoflush:
            for spec in self.terms:
                ensure_term(s, spec)

    def _rng(self, *parts: int) -> random.Random:
        value = self.seed
        for part in parts:
            value = value * 1_000_003 + part
        return random.Random(value)

    def _calendar(self, spec: TermSpec) -> _Calendar:
        return _Calendar.whole(self._rng(spec.school_year, spec.number), spec.start, spec.end)

    def arrival(self) -> datetime:
        """When today's class was entered: a few days before school opened in September."""
        spec = next(t for t in self.terms if t.school_year == self.this_year)
        opening = _Calendar(random.Random(0), spec.start, spec.end, spec.end).start
        return min(_at(opening - timedelta(days=2), 9), datetime.now())

    # -- the years before this one ------------------------------------------------------------

    def past(self, head: str) -> None:
        self.writer = _Writer(
            self.archive, random.Random(self.seed), self.today, head, pupils=set()
        )
        for year in sorted({t.school_year for t in self.terms}):
            if year < self.this_year:
                self.cohort(year)

    def cohort(self, year: int) -> None:
        """One school year: the class arrives, lives its terms and leaves."""
        rng = self._rng(year)
        size = max(1, round(self.main.n * (1 + 0.025 * (self.this_year - year))))
        size = max(1, size + rng.randint(-2, 2))
        joining = rng.choice((0, 1, 1, 2)) if size >= 10 else 0
        maker = _Maker(size + joining, rng.randrange(2**31), date(year, 9, 1))
        maker.grade, maker.rare = GRADE, False
        maker.share(self.main)
        drawn = maker.pupils()
        first, second = drawn[:size], drawn[size:]
        specs = {t.number: t for t in self.terms if t.school_year == year}
        cals = {n: self._calendar(t) for n, t in specs.items()}
        opening = cals[min(cals)].start
        spring, last_day = cals[2].start, cals[2].school_end

        # 转出: the day a child moved away with the parents
        left: dict[int, tuple[date, _Pupil]] = {}
        with self.archive.transaction() as s, s.no_autoflush:
            arrived = _at(opening - timedelta(days=rng.randint(1, 3)), 9)
            drafts = [clean(p.draft, opening) for p in first]
            ids = enrol(s, drafts, opening, arrived, imported=True)
            self._known(ids)
            pupils = loaded(s, ids)
            for pid, p in zip(ids, first, strict=True):
                if p.family == OVERRIDE:
                    when = arrived + timedelta(days=rng.randint(3, 12), hours=8)
                    override(s, pupils[pid], LeftBehindKind.MOTHER_AWAY.value, p.note, when)
                if p.family == TRANSFER:
                    span = (last_day - opening).days
                    day = opening + timedelta(days=rng.randint(30, max(31, span - 20)))
                    left[pid] = (day, p)
            if 1 in specs:
                until = {pid: d - timedelta(days=1) for pid, (d, _) in left.items()}
                children = [_in_class(pupils[i], until.get(i), cals[1].today) for i in ids]
                self.term(s, specs[1], cals[1], children)

            # after the Spring Festival: who came back, who joined, what changed
            joined = enrol(s, [clean(p.draft, spring) for p in second], spring, _at(spring, 8))
            self._known(joined)
            pupils.update(loaded(s, joined))
            until = {pid: d - timedelta(days=1) for pid, (d, _) in left.items()}
            staying = [(i, p) for i, p in zip(ids, first, strict=True) if i not in left]
            self.spring(s, rng, maker, pupils, staying, spring)
            here = [p for i, p in pupils.items() if until.get(i, spring) >= spring]
            reassess(s, here, spring, _at(spring, 7, 30))
            children = [
                _in_class(pupils[i], until.get(i), cals[2].today)
                for i in [*ids, *joined]
                if until.get(i, spring) >= spring
            ]
            self.term(s, specs[2], cals[2], children)

            for pid, (day, p) in sorted(left.items(), key=lambda x: x[1][0]):
                leave(s, pupils[pid], Enrolment.TRANSFERRED.value, day, p.note, _at(day, 17))
            staying_ids = [pid for pid in [*ids, *joined] if pid not in left]
            graduate(s, staying_ids, last_day, "小学毕业", _at(last_day, 16, 30))

    def spring(
        self,
        s: Session,
        rng: random.Random,
        maker: _Maker,
        pupils: dict[int, Pupil],
        staying: list[tuple[int, _Pupil]],
        day: date,
    ) -> None:
        """The Spring Festival's changes, saved as the teacher saves a profile: mothers home
        for good, and a few other details."""
        both = [i for i, p in staying if p.family == BOTH]
        home = rng.sample(both, round(len(both) * HOME_AGAIN))
        others = [i for i, _ in staying if i not in home]
        edited = rng.sample(others, min(len(others), max(1, round(len(staying) / 15))))
        for k, pid in enumerate([*home, *edited]):
            what = "母亲返乡" if pid in home else OTHER_EDITS[k % len(OTHER_EDITS)]
            draft = draft_from(pupils[pid])
            maker.edit(draft, what)
            when = _at(day + timedelta(days=rng.randint(0, 20)), 19, rng.randint(0, 59))
            save(s, pupils[pid], draft, when.date(), when)

    # -- today's class ------------------------------------------------------------------------

    def first_term_of_today(self, ids: list[int]) -> None:
        """Today's class, when today is in the second term: the first term behind it."""
        spec = next((t for t in self.terms if t.school_year == self.this_year), None)
        if spec is None or spec.number != 1 or spec.contains(self.today):
            return
        cal = self._calendar(spec)
        with self.archive.transaction() as s, s.no_autoflush:
            pupils = loaded(s, ids)
            children = [_in_class(pupils[i], None, cal.today) for i in ids]
            self._known(ids)
            self.term(s, spec, cal, children)

    # -- writing ------------------------------------------------------------------------------

    def _known(self, ids: list[int]) -> None:
        assert self.writer is not None
        self.writer.pupils.update(ids)

    def term(self, s: Session, spec: TermSpec, cal: _Calendar, children: list[_Child]) -> None:
        """One whole term of records for the class, written in ``s``."""
        w = self.writer
        assert w is not None
        w.rng = cal.rng
        w.stamps = Stamps(self.today, past=True, rng=self._rng(spec.school_year, spec.number, 1))
        _Term(w, cal, children, past=True).run()
        self.records += w.write(s, spec.name)


__all__ = ["GRADE", "Years", "window"]
