"""示例班级: the demo class is realistic, valid through and through, and reproducible."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.demo import make_demo
from liushou_desk.demo import term_base as demo_class
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.domain.idcard import parse_id_number
from liushou_desk.domain.phones import normalise_phone
from liushou_desk.domain.records import KINDS
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.changes import Kind, list_changes
from liushou_desk.services.check import check_archive
from liushou_desk.services.profile import ProfileView, load_profile
from liushou_desk.services.records import (
    RecordView,
    get_record,
    list_class_records,
    list_deleted_records,
    list_records,
    record_history,
)
from liushou_desk.services.roster import list_roster
from liushou_desk.services.roster_rows import RosterRow, roster_counts
from liushou_desk.services.terms import list_terms

TODAY = date(2026, 11, 23)
SEED = 7
RARE = "喆堃赟玥昳淏犇燊䶮"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", seed=SEED, today=TODAY)


@pytest.fixture(scope="module")
def demo(demo_path: Path):
    archive = open_archive(demo_path, create=False)
    try:
        rows = list_roster(archive, TODAY)
        profiles = {r.id: load_profile(archive, r.id, TODAY) for r in rows}
        yield archive, rows, profiles
    finally:
        archive.close()


Demo = tuple[Archive, list[RosterRow], dict[int, ProfileView]]


def test_class_of_45_about_seven_in_ten_left_behind(demo: Demo) -> None:
    archive, rows, _ = demo
    assert len(rows) == 45
    active, left_behind = roster_counts(rows)
    assert active == 44  # one has transferred out
    assert 0.55 <= left_behind / active <= 0.85
    info = get_info(archive)
    assert info.school == "青山镇中心小学"
    assert info.class_name == "五年级（2）班"
    assert info.head_teacher
    assert any(t.contains(TODAY) for t in list_terms(archive))


def test_names_include_rare_and_non_bmp_characters(demo: Demo) -> None:
    _, rows, _ = demo
    names = "".join(r.name for r in rows)
    for ch in RARE:
        assert ch in names, ch
    assert any(ord(ch) > 0xFFFF for ch in names)
    assert len({r.name for r in rows}) == 45


def test_one_transferred_out_and_one_override(demo: Demo) -> None:
    _, rows, profiles = demo
    gone = [r for r in rows if r.enrolment == Enrolment.TRANSFERRED.value]
    assert len(gone) == 1
    view = profiles[gone[0].id]
    assert view.left_on is not None and view.left_on < TODAY
    assert view.leave_note.startswith("随父母转学至")

    overridden = [v for v in profiles.values() if v.override_kind]
    assert len(overridden) == 1
    assert overridden[0].override_kind == LeftBehindKind.MOTHER_AWAY.value
    assert overridden[0].computed_kind == LeftBehindKind.NOT.value
    assert overridden[0].override_reason
    assert sum("人工认定" in r.flags for r in rows) == 1


def test_basic_facts_are_valid(demo: Demo) -> None:
    _, rows, profiles = demo
    with_id = [v.draft for v in profiles.values() if v.draft.id_number]
    assert 0 < len(with_id) < 45  # a few are left blank, to show incomplete records
    for d in with_id:
        parsed = parse_id_number(d.id_number, today=TODAY)
        assert parsed.birth_date.isoformat() == d.birth_date
        assert parsed.sex.value == d.sex
        assert d.id_number.startswith("511725")
        assert d.student_number == "G" + d.id_number
    assert {r.age for r in rows} <= {10, 11}
    drafts = [v.draft for v in profiles.values()]
    assert all(d.address.startswith("四川省达州市渠县青山镇") for d in drafts)
    assert {d.ethnicity for d in drafts} > {"汉族"}
    assert sum(d.ethnicity == "汉族" for d in drafts) > 35
    assert 0 < sum(d.boarding for d in drafts) < 20
    assert sum(d.health_physical == "良好" for d in drafts) > 30
    phones = [p.phone for d in drafts for p in (d.father, d.mother) if p.phone]
    phones += [g.phone for d in drafts for g in d.guardians if g.phone]
    assert len(phones) > 60
    assert all(normalise_phone(p) == p for p in phones)


def test_dynamics_show_in_flags_and_history(demo: Demo) -> None:
    archive, rows, _ = demo
    assert sum("将满3个月" in r.flags for r in rows) >= 2
    edited = [r for r in rows if any(c.kind == Kind.EDITED for c in list_changes(archive, r.id))]
    assert len(edited) >= 3
    assert sum(r.guardian.startswith(("祖", "外祖")) for r in rows if r.is_left_behind) > 15


def test_same_seed_same_class_and_refuses_existing_file(demo_path: Path, tmp_path: Path) -> None:
    again = make_demo(tmp_path / "again.sqlite", seed=SEED, today=TODAY)
    a, b = open_archive(demo_path, create=False), open_archive(again, create=False)
    try:
        first, second = list_roster(a, TODAY), list_roster(b, TODAY)
    finally:
        a.close()
        b.close()
    assert [(r.name, r.student_number, r.kind) for r in first] == [
        (r.name, r.student_number, r.kind) for r in second
    ]
    assert _records_and_talks(demo_path) == _records_and_talks(again)

    size = again.stat().st_size
    with pytest.raises(FileExistsError):
        make_demo(again, seed=SEED + 1, today=TODAY)
    assert again.stat().st_size == size


def test_archive_is_healthy(demo_path: Path, demo: Demo) -> None:
    report = check_archive(demo_path)
    assert report.healthy, report.problems
    assert report.counts["pupils"] == 45
    assert report.counts["parents"] == 90


# -- one term of care records ------------------------------------------------------------------


def _all_records(archive: Archive) -> list[CareRecord]:
    with archive.transaction() as s:
        return list(s.scalars(select(CareRecord).order_by(CareRecord.id)))


def _records_and_talks(path: Path) -> tuple[int, list[tuple[int | None, date, str]]]:
    """How many records, and every talk (pupil, date, topic and all)."""
    archive = open_archive(path, create=False)
    try:
        records = _all_records(archive)
    finally:
        archive.close()
    return len(records), [(r.pupil_id, r.occurred_on, r.data) for r in records if r.kind == "talk"]


@pytest.fixture(scope="module")
def records(demo: Demo) -> list[CareRecord]:
    return _all_records(demo[0])


def test_every_kind_of_record_up_to_today(records: list[CareRecord]) -> None:
    kinds = {r.kind for r in records}
    assert kinds == set(KINDS)
    assert max(r.occurred_on for r in records) <= TODAY
    assert len(records) > 400
    term_start = date(2026, 8, 1)
    in_term = [r for r in records if r.occurred_on >= term_start]
    assert {r.kind for r in in_term} == set(KINDS) - {"term_comment"}  # last term's comments


def test_monthly_talks_with_a_few_left_undone(demo: Demo, records: list[CareRecord]) -> None:
    archive, rows, _ = demo
    left_behind = [r.id for r in rows if r.is_left_behind and r.is_active]
    first = TODAY.replace(day=1)
    talked = {r.pupil_id for r in records if r.kind == "talk" and r.occurred_on >= first}
    without = [p for p in left_behind if p not in talked]
    assert 1 <= len(without) <= len(left_behind) // 4  # most talked this month, a few not yet
    latest: dict[int | None, CareRecord] = {}
    for r in sorted((r for r in records if r.kind == "talk"), key=lambda r: r.occurred_on):
        latest[r.pupil_id] = r
    overdue = [r for r in latest.values() if r.due_on and r.due_on < TODAY]
    assert 1 <= len(overdue) <= 5
    topics = {get_record(archive, r.id).values["topic"] for r in records if r.kind == "talk"}
    assert len(topics) >= 8
    said = [get_record(archive, r.id).values["said"] for r in records if r.kind == "talk"]
    assert len(set(said)) > len(said) // 3  # varied, not one sentence repeated


def test_contacts_calls_and_a_few_quiet_parents(demo: Demo, records: list[CareRecord]) -> None:
    _, rows, _ = demo
    parties = {r.party for r in records if r.kind == "contact"}
    assert parties == {"child", "parent", "guardian"}
    assert sum(r.kind == "family_call" for r in records) > 30
    since = TODAY - timedelta(days=30)
    left_behind = {r.id for r in rows if r.is_left_behind and r.is_active}
    heard = {r.pupil_id for r in records if r.party == "parent" and r.occurred_on >= since}
    with_parents_away = {r.pupil_id for r in records if r.party == "parent"}
    quiet = (left_behind & with_parents_away) - heard
    assert 1 <= len(quiet) <= 5
    visited = {r.pupil_id for r in records if r.kind == "home_visit"}
    assert len(left_behind) // 4 <= len(visited) <= len(left_behind)


def test_help_plans_with_checks_some_overdue(demo: Demo, records: list[CareRecord]) -> None:
    archive, rows, _ = demo
    plans = [r for r in records if r.kind == "help_plan"]
    left_behind = [r for r in rows if r.is_left_behind]
    assert len(plans) >= len(left_behind) // 2
    names = {r.name for r in rows}
    overdue = 0
    for plan in plans:
        view = get_record(archive, plan.id)
        assert view.values["teacher"] and view.values["peer"] in names
        assert view.values["peer"] != next(r.name for r in rows if r.id == plan.pupil_id)
        checks = sorted((r for r in records if r.parent_id == plan.id), key=lambda r: r.occurred_on)
        assert 1 <= len(checks) <= 3
        assert all(c.kind == "plan_check" and c.pupil_id == plan.pupil_id for c in checks)
        overdue += checks[-1].due_on is not None and checks[-1].due_on < TODAY
    assert 1 <= overdue <= 3


def test_two_sensitive_education_plans_one_open(records: list[CareRecord]) -> None:
    ieps = [r for r in records if r.kind == "iep"]
    assert len(ieps) == 2
    assert all(r.sensitive for r in records if r.kind in ("iep", "iep_review", "aid"))
    open_ = [r for r in ieps if r.due_on is not None]
    assert len(open_) == 1  # the closed one watches no date
    assert "成绩骤降" in open_[0].data
    reviews = [r for r in records if r.kind == "iep_review" and r.parent_id == open_[0].id]
    assert reviews and reviews[0].due_on and reviews[0].due_on > TODAY


def test_grades_rise_for_some_and_fall_for_others(demo: Demo, records: list[CareRecord]) -> None:
    archive, _, _ = demo
    grades: dict[int, list[RecordView]] = {}
    for r in records:
        if r.kind == "grade":
            grades.setdefault(r.pupil_id or 0, []).append(get_record(archive, r.id))
    exams = {(g.occurred_on, g.values["exam"]) for views in grades.values() for g in views}
    assert {e for _, e in exams} == {"月考", "期中考试"}
    changes = []
    for views in grades.values():
        views.sort(key=lambda v: v.occurred_on)
        if len(views) >= 2:
            changes.append(float(views[-1].scores["数学"]) - float(views[0].scores["数学"]))
    assert max(changes) >= 8 and min(changes) <= -8


def test_class_activities_and_meetings(demo: Demo) -> None:
    archive, rows, _ = demo
    class_records = list_class_records(archive)
    assert all(r.participants for r in class_records)
    kinds = {r.values.get("activity_kind") or r.values.get("meeting_kind") for r in class_records}
    assert {"主题班会", "集体生日", "两地书（给父母写信）", "安全教育讲座", "心理健康课"} <= kinds
    assert {"留守儿童月会", "监护人会"} <= kinds
    monthly = [r for r in class_records if r.values.get("meeting_kind") == "留守儿童月会"]
    assert {r.occurred_on.month for r in monthly} == {9, 10}  # November's is still to come
    left_behind = {r.id for r in rows if r.is_left_behind}
    assert set(monthly[0].participants) <= left_behind
    births = {r.id: _birth_date(archive, r.id) for r in rows}
    for party in (r for r in class_records if r.values.get("activity_kind") == "集体生日"):
        assert all(births[p].month == party.occurred_on.month for p in party.participants)
    # a child's timeline shows the activities they joined
    child = monthly[0].participants[0]
    assert any(r.kind == "meeting" for r in list_records(archive, child))


def _birth_date(archive: Archive, pupil_id: int) -> date:
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        assert pupil is not None and pupil.birth_date is not None
        return pupil.birth_date


def test_some_records_edited_and_one_in_the_recycle_bin(
    demo: Demo, records: list[CareRecord]
) -> None:
    archive, _, _ = demo
    edited = [r for r in records if r.version == 2]
    assert len(edited) >= 3
    assert {r.kind for r in edited} >= {"talk", "grade"}
    for r in edited:
        history = record_history(archive, r.id)
        assert [v.version for v in history] == [1]
    binned = list_deleted_records(archive)
    assert len(binned) == 1
    assert binned[0].kind == "contact"


def test_big_classes_keep_to_talks_and_contacts_beyond_the_first_pupils(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 2,000-pupil benchmark class stays quick to make: past FULL_DETAIL pupils, only the
    records the 待办 list is computed from."""
    monkeypatch.setattr(demo_class, "FULL_DETAIL", 10)
    path = make_demo(tmp_path / "big.sqlite", pupils=30, seed=SEED, today=TODAY)
    archive = open_archive(path, create=False)
    try:
        records = _all_records(archive)
        first_ten = sorted(r.id for r in list_roster(archive, TODAY))[:10]
    finally:
        archive.close()
    rest = {r.kind for r in records if r.pupil_id is not None and r.pupil_id not in first_ten}
    assert rest == {"talk", "contact"}
    assert max(r.occurred_on for r in records) <= TODAY
