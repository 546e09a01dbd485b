"""Services over real archive files: roster, profile and its history, 留守认定, enrolment,
search, terms and class information."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveChange, Guardian, Parent, Pupil, Term
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft, ValidationFailed
from liushou_desk.services import archive_info, changes, profile, roster, search, status, terms
from liushou_desk.services.roster_rows import RosterRow, roster_counts

today = date(2026, 11, 23)
BOY_ID = "52010220160305123" + check_digit("52010220160305123")
GIRL_ID = "52010220150709122" + check_digit("52010220150709122")


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def count(archive: Archive, model: type) -> int:
    with archive.transaction() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def counts(archive: Archive) -> dict[str, int]:
    return {
        m.__tablename__: count(archive, m) for m in (Pupil, Parent, Guardian, ArchiveChange, Term)
    }


def add(archive: Archive, name: str, **fields: object) -> int:
    pupil_id, changed = roster.add_pupil(archive, ProfileDraft(name=name, **fields), today)  # type: ignore[arg-type]
    assert changed.roster
    assert pupil_id in changed.pupil_ids
    return pupil_id


def row(archive: Archive, pupil_id: int, on: date = today) -> RosterRow:
    (found,) = [r for r in roster.list_roster(archive, on) if r.id == pupil_id]
    return found


def draft_of(archive: Archive, pupil_id: int) -> ProfileDraft:
    return profile.load_profile(archive, pupil_id, today).draft


def history(archive: Archive, pupil_id: int) -> list[changes.ChangeRow]:
    return changes.list_changes(archive, pupil_id)


def make_left_behind(draft: ProfileDraft, since: str = "2025年2月") -> ProfileDraft:
    draft.father.situation = "外出务工"
    draft.father.away_since = since
    draft.mother.situation = "外出务工"
    draft.mother.away_since = since
    return draft


# --- roster ---------------------------------------------------------------------------------


def test_add_pupil_then_roster_shows_the_row(archive: Archive) -> None:
    assert roster.list_roster(archive, today) == []
    pupil_id = add(archive, "王　芳", sex="女", birth_date="2015.7.9", student_number="G001")
    rows = roster.list_roster(archive, today)
    assert len(rows) == 1
    r = rows[0]
    assert r.id == pupil_id
    assert (r.name, r.sex, r.age, r.kind) == ("王芳", "女", 11, "待认定")
    assert r.is_left_behind is False
    assert r.enrolment == "在读"
    assert r.is_active
    assert r.student_number == "G001"
    assert "资料待补" in r.flags  # parents' situation not yet filled in
    assert roster_counts(rows) == (1, 0)
    assert roster.count_pupils(archive) == 1
    (created,) = history(archive, pupil_id)
    assert (created.kind, created.label, created.new_value) == ("建档", "建立档案", "王芳")


def test_add_pupil_fills_sex_and_birth_date_from_id_number(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", id_number=BOY_ID.lower())
    r = row(archive, pupil_id)
    assert (r.sex, r.age) == ("男", 10)
    assert draft_of(archive, pupil_id).id_number == BOY_ID


def test_add_pupil_left_behind_from_the_start(archive: Archive) -> None:
    draft = make_left_behind(ProfileDraft(name="李明", birth_date="2016-01-01"))
    pupil_id, _ = roster.add_pupil(archive, draft, today)
    r = row(archive, pupil_id)
    assert r.kind == "父母均外出"
    assert r.is_left_behind
    assert "资料待补" in r.flags  # left behind but no guardian recorded
    assert roster_counts(roster.list_roster(archive, today)) == (1, 1)


def test_add_pupil_invalid_draft_writes_nothing(archive: Archive) -> None:
    with pytest.raises(ValidationFailed) as exc:
        roster.add_pupil(archive, ProfileDraft(name="", birth_date="2016-02-30"), today)
    assert {e.field for e in exc.value.errors} == {"name", "birth_date"}
    assert counts(archive)["pupils"] == 0


@pytest.mark.parametrize(
    ("field", "first", "second", "label"),
    [
        ("id_number", BOY_ID, BOY_ID.lower(), "身份证号"),
        ("student_number", "G52010220", " G５２０１0220 ", "学籍号"),
    ],
)
def test_add_pupil_refuses_a_duplicate(
    archive: Archive, field: str, first: str, second: str, label: str
) -> None:
    add(archive, "张冬月", **{field: first})
    before = counts(archive)
    with pytest.raises(ValidationFailed) as exc:
        roster.add_pupil(archive, ProfileDraft(name="李明", **{field: second}), today)  # type: ignore[arg-type]
    (error,) = exc.value.errors
    assert error.field == field
    assert label in error.message
    assert "张冬月" in error.message
    assert counts(archive) == before
    assert [r.name for r in roster.list_roster(archive, today)] == ["张冬月"]


def test_roster_is_ordered_by_pinyin(archive: Archive) -> None:
    for name in ("张冬月", "李明", "王芳", "安琪"):
        add(archive, name)
    assert [r.name for r in roster.list_roster(archive, today)] == [
        "安琪",
        "李明",
        "王芳",
        "张冬月",
    ]


# --- profile and history --------------------------------------------------------------------


def test_save_profile_records_one_change_per_changed_field(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", sex="女", birth_date="2016-03-05")
    draft = draft_of(archive, pupil_id)
    draft.address = "贵州省遵义市红花岗区"
    draft.personality = "内向，不爱说话"
    draft.boarding = True
    draft.father.phone = "138 1234 8000"
    saved, changed = profile.save_profile(archive, pupil_id, draft, today)
    assert saved == ["boarding", "address", "personality", "father.phone"]
    assert changed.pupil_ids == frozenset({pupil_id})
    assert "4 项修改" in changed.message
    edits = [(c.label, c.old_value, c.new_value) for c in history(archive, pupil_id)[1:]]
    assert edits == [
        ("寄宿", "否", "是"),
        ("家庭住址", "", "贵州省遵义市红花岗区"),
        ("性格特征", "", "内向，不爱说话"),
        ("父亲电话", "", "13812348000"),
    ]
    assert all(c.kind == "修改" for c in history(archive, pupil_id)[1:])
    reloaded = draft_of(archive, pupil_id)
    assert reloaded.father.phone == "13812348000"
    assert reloaded.boarding is True


def test_changing_a_value_keeps_old_and_new(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    draft = draft_of(archive, pupil_id)
    draft.birth_date = "2016年3月6日"
    profile.save_profile(archive, pupil_id, draft, today)
    last = history(archive, pupil_id)[-1]
    assert (last.label, last.old_value, last.new_value) == ("出生日期", "2016-03-05", "2016-03-06")


def test_saving_an_unchanged_draft_records_nothing(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", sex="女", birth_date="2016-03-05", id_number="")
    draft = make_left_behind(draft_of(archive, pupil_id))
    draft.guardians = [GuardianDraft(name="李秀英", relation="祖母", age="68", phone="13812348001")]
    profile.save_profile(archive, pupil_id, draft, today)
    before = counts(archive)
    saved, changed = profile.save_profile(archive, pupil_id, draft_of(archive, pupil_id), today)
    assert saved == []
    assert changed.message == "没有需要保存的修改"
    assert counts(archive) == before


def test_save_profile_with_an_invalid_field_writes_nothing_at_all(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    before_draft = draft_of(archive, pupil_id)
    before_history = history(archive, pupil_id)
    before_counts = counts(archive)

    draft = make_left_behind(draft_of(archive, pupil_id))
    draft.name = "张冬悦"  # a valid change...
    draft.address = "遵义"  # ...and another...
    draft.guardians = [GuardianDraft(name="李秀英", relation="祖母")]
    draft.mother.phone = "138 1234 800"  # ...but this one is wrong
    with pytest.raises(ValidationFailed) as exc:
        profile.save_profile(archive, pupil_id, draft, today)
    assert [e.field for e in exc.value.errors] == ["mother.phone"]

    assert draft_of(archive, pupil_id) == before_draft
    assert history(archive, pupil_id) == before_history
    assert counts(archive) == before_counts
    r = row(archive, pupil_id)
    assert (r.name, r.kind) == ("张冬月", "待认定")


def test_save_profile_refuses_another_pupils_student_number(archive: Archive) -> None:
    add(archive, "王芳", student_number="G001")
    pupil_id = add(archive, "张冬月", student_number="G002")
    draft = draft_of(archive, pupil_id)
    draft.student_number = "G001"
    draft.address = "遵义"
    with pytest.raises(ValidationFailed) as exc:
        profile.save_profile(archive, pupil_id, draft, today)
    (error,) = exc.value.errors
    assert error.field == "student_number"
    assert "王芳" in error.message
    assert draft_of(archive, pupil_id).student_number == "G002"
    assert draft_of(archive, pupil_id).address == ""
    # Its own number is not a duplicate of itself.
    draft = draft_of(archive, pupil_id)
    draft.address = "遵义"
    assert profile.save_profile(archive, pupil_id, draft, today)[0] == ["address"]


def test_load_profile_of_an_unknown_pupil(archive: Archive) -> None:
    with pytest.raises(LookupError, match="没有找到这名学生"):
        profile.load_profile(archive, 999, today)


# --- 留守认定 --------------------------------------------------------------------------------


def test_status_is_computed_and_logged_when_parents_go_away(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    assert row(archive, pupil_id).kind == "待认定"
    profile.save_profile(archive, pupil_id, make_left_behind(draft_of(archive, pupil_id)), today)

    r = row(archive, pupil_id)
    assert r.kind == "父母均外出"
    assert r.is_left_behind
    status_changes = [c for c in history(archive, pupil_id) if c.kind == "留守认定"]
    assert len(status_changes) == 1
    (c,) = status_changes
    assert (c.label, c.old_value, c.new_value) == ("留守类型", "待认定", "父母均外出")
    assert "父母均外出务工满3个月" in c.note
    view = profile.load_profile(archive, pupil_id, today)
    assert view.computed_kind == "父母均外出"
    assert view.kind == "父母均外出"

    # A parent comes home: the status goes back, and that is logged too.
    draft = draft_of(archive, pupil_id)
    draft.mother.situation = "在家"
    draft.mother.away_since = ""
    profile.save_profile(archive, pupil_id, draft, today)
    assert row(archive, pupil_id).kind == "非留守"
    last = history(archive, pupil_id)[-1]
    assert (last.kind, last.old_value, last.new_value) == ("留守认定", "父母均外出", "非留守")


def test_refresh_statuses_promotes_a_pupil_whose_parent_reached_three_months(
    archive: Archive,
) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    other_id = add(archive, "李明", birth_date="2016-01-01")
    draft = draft_of(archive, pupil_id)
    draft.father.situation = "外出务工"
    draft.father.away_since = "2026-09-01"
    draft.mother.situation = "已故"
    profile.save_profile(archive, pupil_id, draft, today)

    r = row(archive, pupil_id)
    assert r.kind == "非留守"
    assert "将满3个月" in r.flags
    assert profile.load_profile(archive, pupil_id, today).qualifies_on == date(2026, 12, 1)

    assert status.refresh_statuses(archive, date(2026, 11, 30)).pupil_ids == frozenset()
    assert row(archive, pupil_id).kind == "非留守"

    changed = status.refresh_statuses(archive, date(2026, 12, 1))
    assert changed.pupil_ids == frozenset({pupil_id})
    assert changed.roster
    r = row(archive, pupil_id, date(2026, 12, 1))
    assert r.kind == "父亲外出"
    assert "将满3个月" not in r.flags
    assert row(archive, other_id, date(2026, 12, 1)).kind == "待认定"
    last = history(archive, pupil_id)[-1]
    assert (last.kind, last.old_value, last.new_value) == ("留守认定", "非留守", "父亲外出")
    assert "母亲已故" in last.note

    # Nothing more to do on a second run.
    before = counts(archive)
    assert status.refresh_statuses(archive, date(2026, 12, 1)).pupil_ids == frozenset()
    assert counts(archive) == before


def test_rule_change_under_an_override_is_logged_and_the_override_stays(
    archive: Archive,
) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    status.set_override(archive, pupil_id, "父亲外出", "母亲常年在外地住院")
    profile.save_profile(archive, pupil_id, make_left_behind(draft_of(archive, pupil_id)), today)
    assert row(archive, pupil_id).kind == "父亲外出"
    last = history(archive, pupil_id)[-1]
    assert (last.kind, last.new_value) == ("留守认定", "父母均外出")
    assert "人工认定“父亲外出”仍然有效" in last.note
    view = profile.load_profile(archive, pupil_id, today)
    assert (view.computed_kind, view.kind) == ("父母均外出", "父亲外出")


def test_override_requires_a_reason(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月")
    before = counts(archive)
    for reason in ("", "   "):
        with pytest.raises(ValidationFailed) as exc:
            status.set_override(archive, pupil_id, "父母均外出", reason)
        assert [(e.field, e.message) for e in exc.value.errors] == [
            ("override_reason", "请写明人工认定的理由")
        ]
    with pytest.raises(ValidationFailed) as exc:
        status.set_override(archive, pupil_id, "留守", "父母都在外地")
    assert exc.value.errors[0].field == "override_kind"
    assert counts(archive) == before
    assert row(archive, pupil_id).kind == "待认定"


def test_override_is_the_effective_kind_and_can_be_cleared(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    changed = status.set_override(archive, pupil_id, "母亲外出", "父亲  长期住院，无法照顾")
    assert changed.roster
    r = row(archive, pupil_id)
    assert r.kind == "母亲外出"
    assert r.is_left_behind
    assert "人工认定" in r.flags
    view = profile.load_profile(archive, pupil_id, today)
    assert (view.computed_kind, view.override_kind, view.kind) == ("待认定", "母亲外出", "母亲外出")
    assert view.override_reason == "父亲 长期住院，无法照顾"
    last = history(archive, pupil_id)[-1]
    assert (last.kind, last.label) == ("留守认定", "人工认定")
    assert (last.old_value, last.new_value) == ("按规则（待认定）", "母亲外出")
    assert last.note == "父亲 长期住院，无法照顾"

    # Setting the same override again records nothing.
    before = counts(archive)
    status.set_override(archive, pupil_id, "母亲外出", "父亲 长期住院，无法照顾")
    assert counts(archive) == before

    status.set_override(archive, pupil_id, None, "")
    r = row(archive, pupil_id)
    assert r.kind == "待认定"
    assert "人工认定" not in r.flags
    last = history(archive, pupil_id)[-1]
    assert (last.old_value, last.new_value, last.note) == (
        "母亲外出",
        "按规则（待认定）",
        "取消人工认定",
    )


# --- enrolment ------------------------------------------------------------------------------


def test_transfer_keeps_every_record(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    draft = make_left_behind(draft_of(archive, pupil_id))
    draft.father.phone = "13812348000"
    draft.guardians = [GuardianDraft(name="李秀英", relation="祖母", age="68")]
    profile.save_profile(archive, pupil_id, draft, today)
    before_draft = draft_of(archive, pupil_id)
    before_history = history(archive, pupil_id)
    before_counts = counts(archive)

    changed = roster.set_enrolment(archive, pupil_id, "转出", "2026-11-02", "转到 县城小学", today)
    assert changed.roster
    assert "在读 → 转出" in changed.message

    r = row(archive, pupil_id)
    assert r.enrolment == "转出"
    assert not r.is_active
    assert "2026-11-02 转出" in r.flags
    assert r.kind == "父母均外出"
    assert roster_counts(roster.list_roster(archive, today)) == (0, 0)

    assert draft_of(archive, pupil_id) == before_draft
    view = profile.load_profile(archive, pupil_id, today)
    assert (view.enrolment, view.left_on, view.leave_note) == (
        "转出",
        date(2026, 11, 2),
        "转到 县城小学",
    )
    after_history = history(archive, pupil_id)
    assert after_history[: len(before_history)] == before_history
    last = after_history[-1]
    assert (last.kind, last.old_value, last.new_value) == ("在读状态", "在读", "转出")
    after_counts = counts(archive)
    assert after_counts["pupils"] == before_counts["pupils"]
    assert after_counts["parents"] == before_counts["parents"]
    assert after_counts["guardians"] == before_counts["guardians"]
    assert after_counts["archive_changes"] == before_counts["archive_changes"] + 1

    # Back in class: the date and note are cleared, the history keeps both moves.
    roster.set_enrolment(archive, pupil_id, "在读", "", "", today)
    view = profile.load_profile(archive, pupil_id, today)
    assert (view.enrolment, view.left_on, view.leave_note) == ("在读", None, "")
    assert [c.new_value for c in history(archive, pupil_id) if c.kind == "在读状态"] == [
        "转出",
        "在读",
    ]


@pytest.mark.parametrize(
    ("enrolment", "on", "field", "message"),
    [
        ("转出", "2026-11-24", "left_on", "日期不能晚于今天"),
        ("转出", "", "left_on", "请填写日期"),
        ("毕业", "   ", "left_on", "请填写日期"),
        ("转出", "2026-02-30", "left_on", "没有这一天"),
        ("退学", "2026-11-01", "enrolment", "请选择在读状态"),
    ],
)
def test_set_enrolment_errors(
    archive: Archive, enrolment: str, on: str, field: str, message: str
) -> None:
    pupil_id = add(archive, "张冬月")
    before = counts(archive)
    with pytest.raises(ValidationFailed) as exc:
        roster.set_enrolment(archive, pupil_id, enrolment, on, "", today)
    assert [e.field for e in exc.value.errors] == [field]
    assert message in exc.value.errors[0].message
    assert counts(archive) == before
    assert row(archive, pupil_id).enrolment == "在读"


def test_refresh_statuses_leaves_pupils_who_left_alone(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")
    draft = make_left_behind(draft_of(archive, pupil_id), since="2026-10-01")
    profile.save_profile(archive, pupil_id, draft, today)
    roster.set_enrolment(archive, pupil_id, "转出", "2026-11-20", "", today)
    assert status.refresh_statuses(archive, date(2027, 3, 1)).pupil_ids == frozenset()


# --- guardians ------------------------------------------------------------------------------


def test_guardians_added_edited_and_removed_are_all_logged(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月", birth_date="2016-03-05")

    draft = draft_of(archive, pupil_id)
    draft.guardians = [
        GuardianDraft(
            name="李秀英", relation="祖母", age="68", phone="138 1234 8001", capacity="一般"
        )
    ]
    assert profile.save_profile(archive, pupil_id, draft, today)[0] == ["guardians.0"]
    added = history(archive, pupil_id)[-1]
    assert added.label == "新增监护人"
    assert added.new_value == "祖母 李秀英 68岁 13812348001 监护能力一般"
    r = row(archive, pupil_id)
    assert (r.guardian, r.guardian_phone) == ("祖母 李秀英", "13812348001")

    draft = draft_of(archive, pupil_id)
    draft.guardians[0].age = "69"
    draft.guardians.append(GuardianDraft(name="张大山", relation="祖父"))
    assert profile.save_profile(archive, pupil_id, draft, today)[0] == [
        "guardians.0.age",
        "guardians.1",
    ]
    edited, second = history(archive, pupil_id)[-2:]
    assert (edited.label, edited.old_value, edited.new_value) == (
        "监护人（祖母 李秀英）年龄",
        "68",
        "69",
    )
    assert (second.label, second.new_value) == ("新增监护人", "祖父 张大山")

    draft = draft_of(archive, pupil_id)
    draft.guardians = draft.guardians[1:]
    assert profile.save_profile(archive, pupil_id, draft, today)[0] == ["guardians.removed"]
    removed = history(archive, pupil_id)[-1]
    assert removed.label == "删除监护人"
    assert removed.old_value == "祖母 李秀英 69岁 13812348001 监护能力一般"
    assert removed.new_value == ""

    assert [g.name for g in draft_of(archive, pupil_id).guardians] == ["张大山"]
    assert count(archive, Guardian) == 1
    assert row(archive, pupil_id).guardian == "祖父 张大山"


def test_list_changes_by_date_range(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月")
    all_changes = history(archive, pupil_id)
    day = all_changes[0].changed_at.date()
    assert changes.list_changes(archive, pupil_id, day, day) == all_changes
    later = date.fromordinal(day.toordinal() + 1)
    assert changes.list_changes(archive, pupil_id, start=later) == []
    earlier = date.fromordinal(day.toordinal() - 1)
    assert changes.list_changes(archive, pupil_id, end=earlier) == []


# --- search ---------------------------------------------------------------------------------


def find(query: str, rows: list[RosterRow]) -> set[str]:
    q = search.normalise_query(query)
    return {r.name for r in rows if search.matches(q, r.name, r.prefixes, r.student_number)}


@pytest.fixture
def class_rows(archive: Archive) -> list[RosterRow]:
    for name, number in (
        ("张冬月", "G1001"),
        ("张伟", "G1002"),
        ("李明", "G1003"),
        ("单小红", "G2004"),
        ("王䶮", ""),
        ("李𬌗", ""),
    ):
        add(archive, name, student_number=number)
    return roster.list_roster(archive, today)


@pytest.mark.parametrize(
    "query", ["zdy", "dy", "zhang", "dongyue", "张", "冬月", "ZDY", "zhang dong yue", "zhangd"]
)
def test_search_finds_zhang_dongyue(class_rows: list[RosterRow], query: str) -> None:
    assert "张冬月" in find(query, class_rows)


def test_search_zhang_finds_every_zhang_but_not_li_ming(
    class_rows: list[RosterRow],
) -> None:
    assert find("zhang", class_rows) == {"张冬月", "张伟"}
    assert find("z", class_rows) == {"张冬月", "张伟"}


@pytest.mark.parametrize("query", ["shan", "dan", "sxh", "dxh", "单"])
def test_search_finds_both_readings_of_shan(class_rows: list[RosterRow], query: str) -> None:
    assert find(query, class_rows) == {"单小红"}


def test_search_by_student_number_and_no_match(class_rows: list[RosterRow]) -> None:
    assert find("1003", class_rows) == {"李明"}
    assert find("G2004", class_rows) == set()  # letters go to pinyin, digits to 学籍号
    assert find("qqq", class_rows) == set()
    assert find("", class_rows) == {r.name for r in class_rows}


def test_rare_characters_are_kept_and_found(class_rows: list[RosterRow]) -> None:
    assert {"王䶮", "李𬌗"} <= {r.name for r in class_rows}
    assert find("䶮", class_rows) == {"王䶮"}
    assert find("𬌗", class_rows) == {"李𬌗"}
    assert find("wang", class_rows) == {"王䶮"}
    assert find("li", class_rows) == {"李明", "李𬌗"}


@pytest.mark.parametrize(
    "name", ["王䶮", "李𬌗", "𬌗", "䶮𬌗", "John Smith", "阿依古丽·买买提", ""]
)
def test_search_keys_do_not_crash_on_rare_names(name: str) -> None:
    keys = search.search_keys(name)
    assert isinstance(keys, str)
    assert isinstance(search.match_prefixes(keys), tuple)


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("单和", ["shan", "dan", "sh", "单"]),  # 和 has 3+ readings: shan must not be cut off
        ("单行健", ["shan", "sxj", "dan"]),  # 单行 is a word read dan xing by pypinyin
        ("解放", ["xie", "jie", "xf"]),  # 解放 is a word read jie fang
        ("曾子墨", ["zeng", "zzm", "ceng"]),  # 曾子 is a word read zeng zi
        ("仇伟", ["qiu", "qw"]),
    ],
)
def test_surname_readings_find_the_pupil(name: str, queries: list[str]) -> None:
    prefixes = search.match_prefixes(search.search_keys(name))
    for query in queries:
        assert search.matches(query, name, prefixes), query


def test_roster_sorts_surnames_by_their_surname_reading(archive: Archive) -> None:
    for name in ("张伟", "曾小明", "单小红", "李明", "安琪", "李宁"):
        add(archive, name)
    assert [r.name for r in roster.list_roster(archive, today)] == [
        "安琪",
        "李明",
        "李宁",
        "单小红",  # shan, not dan
        "曾小明",  # zeng, not ceng
        "张伟",
    ]


def test_renaming_a_pupil_updates_the_search_keys(archive: Archive) -> None:
    pupil_id = add(archive, "张冬月")
    draft = draft_of(archive, pupil_id)
    draft.name = "李冬月"
    profile.save_profile(archive, pupil_id, draft, today)
    rows = roster.list_roster(archive, today)
    assert find("ldy", rows) == {"李冬月"}
    assert find("zhang", rows) == set()
    last = history(archive, pupil_id)[-1]
    assert (last.label, last.old_value, last.new_value) == ("姓名", "张冬月", "李冬月")


def test_search_keys_and_prefixes_of_zhang_dongyue() -> None:
    keys = search.search_keys("张冬月")
    assert keys.split()[0] == "zhang'dong'yue"
    prefixes = search.match_prefixes(keys)
    for query in ("zdy", "dy", "zhangdongyue", "dongyue", "yue"):
        assert any(p.startswith(query) for p in prefixes), query
    assert search.matches("zdy", "张冬月", prefixes)
    assert search.matches("dy", "张冬月", prefixes)
    assert not search.matches("lm", "张冬月", prefixes)


def test_search_keys_keep_every_reading_of_a_surname() -> None:
    variants = search.search_keys("单小红").split()
    firsts = {v.split("'")[0] for v in variants}
    assert {"shan", "dan"} <= firsts
    assert len(variants) <= search.MAX_VARIANTS


# --- terms and class information ------------------------------------------------------------


def test_current_term_is_created_once(archive: Archive) -> None:
    first = terms.current_term(archive, today)
    second = terms.current_term(archive, date(2026, 12, 31))
    assert first.id == second.id
    assert first.name == "2026—2027学年第一学期"
    assert (first.start, first.end) == (date(2026, 8, 1), date(2027, 1, 31))
    assert count(archive, Term) == 1
    assert [t.id for t in terms.list_terms(archive)] == [first.id]

    spring = terms.current_term(archive, date(2027, 3, 1))
    assert spring.id != first.id
    assert spring.name == "2026—2027学年第二学期"
    assert [t.name for t in terms.list_terms(archive)] == [spring.name, first.name]


def test_archive_info_round_trip(tmp_path: Path, archive: Archive) -> None:
    assert archive_info.get_info(archive) == archive_info.ClassInfo()
    saved = archive_info.set_info(
        archive, archive_info.ClassInfo("  红星镇中心小学 ", "三年级（2）班", " 王老师 ")
    )
    assert saved == archive_info.ClassInfo("红星镇中心小学", "三年级（2）班", "王老师")
    assert archive_info.get_info(archive) == saved
    assert saved.title == "红星镇中心小学 三年级（2）班"

    archive_info.set_info(
        archive, archive_info.ClassInfo("红星镇中心小学", "四年级（2）班", "王老师")
    )
    with archive.transaction() as s:
        assert s.scalar(select(func.count()).select_from(archive_info.ArchiveInfo)) == 1

    # It is stored in the file: a fresh open reads it back.
    archive.close()
    again = open_archive(tmp_path / "class.sqlite")
    try:
        assert archive_info.get_info(again).class_name == "四年级（2）班"
    finally:
        again.close()
