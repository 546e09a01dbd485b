"""示例班级: the demo class is realistic, valid through and through, and reproducible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.domain.idcard import parse_id_number
from liushou_desk.domain.phones import normalise_phone
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.changes import Kind, list_changes
from liushou_desk.services.check import check_archive
from liushou_desk.services.demo import make_demo
from liushou_desk.services.profile import ProfileView, load_profile
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

    size = again.stat().st_size
    with pytest.raises(FileExistsError):
        make_demo(again, seed=SEED + 1, today=TODAY)
    assert again.stat().st_size == size


def test_archive_is_healthy(demo_path: Path, demo: Demo) -> None:
    report = check_archive(demo_path)
    assert report.healthy, report.problems
    assert report.counts["pupils"] == 45
    assert report.counts["parents"] == 90
