"""示例班级 · 多年 (make-demo --years): a class archive kept for years — a class arriving and
leaving each school year, every term lived in, healthy, the same for a seed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liushou_desk.cli import main
from liushou_desk.db.models import ArchiveChange, CareRecord, Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.demo import make_demo
from liushou_desk.demo.years import window
from liushou_desk.domain.enums import Enrolment
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.check import check_archive
from liushou_desk.services.due import due_items
from liushou_desk.services.records import list_records
from liushou_desk.services.roster import list_roster
from liushou_desk.services.status import stale_statuses
from liushou_desk.services.terms import list_terms

TODAY = date(2026, 11, 23)  # in the first term of 2026—2027
SEED = 11
PUPILS = 12
YEARS = 3


def _make(path: Path, seed: int = SEED, today: date = TODAY, **kw: int) -> Path:
    return make_demo(path, pupils=PUPILS, seed=seed, today=today, years=YEARS, **kw)


@pytest.fixture(scope="module")
def lived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(tmp_path_factory.mktemp("years") / "years.sqlite")


@dataclass(frozen=True)
class Facts:
    terms: list[str]
    enrolment: dict[str, int]
    by_term: dict[str, Counter[str]]
    changes: dict[str, int]
    talks: list[tuple[object, ...]]
    names: list[str]


def _facts(path: Path) -> Facts:
    """What a run made: pupils by status, records by term, changes by kind, every talk."""
    archive = open_archive(path, create=False)
    try:
        terms = sorted(list_terms(archive), key=lambda t: t.start)
        with archive.transaction() as s:
            enrolment = Counter(s.scalars(select(Pupil.enrolment)))
            records = list(s.execute(select(CareRecord.kind, CareRecord.occurred_on)))
            changes = Counter(s.scalars(select(ArchiveChange.kind)))
            talks = list(
                s.execute(
                    select(CareRecord.pupil_id, CareRecord.occurred_on, CareRecord.data)
                    .where(CareRecord.kind == "talk")
                    .order_by(CareRecord.id)
                )
            )
            names = sorted(s.scalars(select(Pupil.name)))
    finally:
        archive.close()
    by_term = {t.name: Counter(k for k, day in records if t.contains(day)) for t in terms}
    return Facts(
        [t.name for t in terms],
        dict(enrolment),
        by_term,
        dict(changes),
        [tuple(t) for t in talks],
        names,
    )


def test_the_terms_of_the_years_ending_with_today(lived: Path) -> None:
    facts = _facts(lived)
    assert facts.terms == [t.name for t in window(TODAY, YEARS)]
    assert len(facts.terms) == 2 * YEARS
    assert facts.terms[-1] == "2026—2027学年第一学期"
    archive = open_archive(lived, create=False)
    try:
        assert get_info(archive).class_name == "六年级（2）班"
    finally:
        archive.close()


def test_a_class_arrives_and_leaves_each_year(lived: Path) -> None:
    enrolment = _facts(lived).enrolment
    active = enrolment[Enrolment.ACTIVE.value]
    graduated = enrolment[Enrolment.GRADUATED.value]
    transferred = enrolment[Enrolment.TRANSFERRED.value]
    assert active == PUPILS - 1  # today's class: one has moved away
    # three classes before it (the first seen only in its second term), larger in the past
    assert 3 * PUPILS <= graduated + transferred <= 3 * PUPILS + 20
    assert graduated > transferred >= 3
    assert sum(enrolment.values()) == active + graduated + transferred
    archive = open_archive(lived, create=False)
    try:
        with archive.transaction() as s:
            left = list(s.execute(select(Pupil.enrolment, Pupil.left_on, Pupil.leave_note)))
            first = s.scalar(select(func.min(Pupil.created_at)))
        rows = list_roster(archive, TODAY)
    finally:
        archive.close()
    for enrolment_, left_on, note in left:
        if enrolment_ == Enrolment.GRADUATED.value:
            assert left_on.month == 7 and note == "小学毕业"
        elif enrolment_ == Enrolment.TRANSFERRED.value:
            assert left_on < TODAY and note.startswith("随父母转学至")
    # the oldest class seen from its second term on: entered before school opened in February
    assert window(TODAY, YEARS)[0].start == date(2024, 2, 1)
    assert first is not None and date(2024, 2, 1) <= first.date() < date(2024, 2, 24)
    assert len(rows) == len(left)  # the roster shows those who left, too
    assert {r.age for r in rows if r.is_active} <= {11, 12}


def test_every_term_is_lived_in(lived: Path) -> None:
    by_term = _facts(lived).by_term
    *past, now = by_term.values()
    for kinds in past:
        assert sum(kinds.values()) > 20 * PUPILS
        assert {"talk", "contact", "family_call", "home_visit", "help_plan", "plan_check"} <= set(
            kinds
        )
        assert {"grade", "activity", "meeting", "term_comment", "bright_spot"} <= set(kinds)
    assert sum(now.values()) > 10 * PUPILS


def test_parents_come_home_and_the_history_follows(lived: Path) -> None:
    changes = _facts(lived).changes
    assert changes["建档"] == sum(_facts(lived).enrolment.values())
    assert changes["在读状态"] >= 3 * PUPILS
    assert changes["修改"] >= 2 * YEARS
    archive = open_archive(lived, create=False)
    try:
        with archive.transaction() as s:
            home = s.scalars(
                select(ArchiveChange.pupil_id).where(
                    ArchiveChange.field == "mother.situation", ArchiveChange.new_value == "在家"
                )
            ).all()
            no_longer = s.scalars(
                select(ArchiveChange.pupil_id).where(
                    ArchiveChange.field == "computed_kind", ArchiveChange.new_value == "非留守"
                )
            ).all()
    finally:
        archive.close()
    assert home and set(home) <= set(no_longer)  # the mother home for good: no longer left behind


def test_healthy_and_opening_rewrites_nothing(lived: Path) -> None:
    report = check_archive(lived)
    assert report.healthy, report.problems
    assert report.audit_entries and report.audit_entries < report.counts["records"]
    archive = open_archive(lived, create=False)
    try:
        with archive.transaction() as s:
            assert stale_statuses(s, TODAY) == []
            gone = set(s.scalars(select(Pupil.id).where(Pupil.enrolment != "active")))
            gone_one = min(gone)
        items = due_items(archive, TODAY)
        timeline = list_records(archive, gone_one)
    finally:
        archive.close()
    assert items and not {i.pupil_id for i in items if i.pupil_id} & gone  # nothing due of the past
    assert timeline and max(r.occurred_on for r in timeline) < TODAY  # a child who left has a past


def test_the_same_seed_gives_the_same_archive(lived: Path, tmp_path: Path) -> None:
    again = _make(tmp_path / "again.sqlite")
    assert _facts(again) == _facts(lived)
    other = _make(tmp_path / "other.sqlite", seed=SEED + 1)
    assert _facts(other).names != _facts(lived).names


def test_in_the_second_term_todays_class_has_its_first_term(tmp_path: Path) -> None:
    spring = date(2026, 4, 15)
    path = make_demo(tmp_path / "spring.sqlite", pupils=10, seed=SEED, today=spring, years=1)
    facts = _facts(path)
    assert facts.terms == ["2025—2026学年第一学期", "2025—2026学年第二学期"]
    assert facts.enrolment == {Enrolment.ACTIVE.value: 9, Enrolment.TRANSFERRED.value: 1}
    first, now = facts.by_term.values()
    assert first["term_comment"] >= 9 and first["grade"] >= 4 * 9
    assert sum(now.values()) > 0
    assert check_archive(path).healthy


def test_the_command_line_takes_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.sqlite"
    assert main(["make-demo", str(db), "--pupils", "6", "--years", "1", "--seed", "2"]) == 0
    assert "已生成示例班级（6 名学生，1 个学年）" in capsys.readouterr().out
    assert main(["make-demo", str(tmp_path / "x.sqlite"), "--years", "-1"]) != 0
