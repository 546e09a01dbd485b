"""批量填写父母外出情况 as a use case: every row checked first (problems name the child and the
field), all written in one transaction through the 五个清楚 form's own pieces (history and
留守认定 recorded alike), undone and redone as one step; the rule previewed as she types; the
待办 line for the class while pupils are 待认定."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.enums import LeftBehindKind
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft
from liushou_desk.ops import families
from liushou_desk.ops.families import (
    FamiliesInvalid,
    FamilyRow,
    ParentEntry,
    join_place,
    preview,
    save_families,
    split_place,
)
from liushou_desk.ops.undo import UndoHistory
from liushou_desk.services import profile, roster, status
from liushou_desk.services.changes import Kind, list_changes
from liushou_desk.services.due import due_items, family_item

from .conftest import TODAY

AWAY = ParentEntry("外出务工", "广东省", "东莞市", "2024-03-01")
AT_HOME = ParentEntry("在家")


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def add(archive: Archive, name: str, **parents: str) -> int:
    """A pupil with a guardian and the father's phone; parents' situation as given."""
    pid, _ = roster.add_pupil(
        archive, ProfileDraft(name=name, sex="女", birth_date="2015-06-01"), TODAY
    )
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.father.phone = "13812348000"
    draft.father.situation = parents.get("father", "")
    draft.mother.situation = parents.get("mother", "")
    draft.guardians = [GuardianDraft(name="张桂兰", relation="祖母", age="66", capacity="一般")]
    profile.save_profile(archive, pid, draft, TODAY)
    return pid


def kind_of(archive: Archive, pid: int) -> str:
    return next(r.kind for r in roster.list_roster(archive, TODAY) if r.id == pid)


def test_work_place_in_one_cell() -> None:
    assert split_place("广东省东莞市") == ("广东省", "东莞市")
    assert split_place(" 浙江  杭州 ") == ("浙江", "杭州")
    assert split_place("内蒙古自治区包头市") == ("内蒙古自治区", "包头市")
    assert split_place("东莞") == ("", "东莞")
    assert split_place("上海") == ("上海", "")
    assert split_place("") == ("", "")
    for province, city in (("广东省", "东莞市"), ("广东", "东莞"), ("", "东莞"), ("广东", "")):
        assert split_place(join_place(province, city)) == (province, city)
    # a place stored in one field is kept as it was when the cell reads the same
    stored = ParentEntry("外出务工", "", "广东东莞")
    assert stored.with_place("广东东莞", stored) == stored
    assert stored.with_place("广东惠州", stored).work_province == "广东"


def test_preview_applies_the_rule_as_she_types() -> None:
    row = FamilyRow(1, "李明", birth_date=None)
    assert preview(row, TODAY).kind is LeftBehindKind.UNKNOWN
    row = row.with_parent("father", AWAY)
    assert preview(row, TODAY).kind is LeftBehindKind.UNKNOWN  # the mother not known yet
    assert preview(row.with_parent("mother", AWAY), TODAY).kind is LeftBehindKind.BOTH_AWAY
    assert preview(row.with_parent("mother", AT_HOME), TODAY).kind is LeftBehindKind.NOT
    # a date she is still typing counts as not filled, never as an error
    typing = row.with_parent("mother", ParentEntry("外出务工", away_since="2024年"))
    result = preview(typing, TODAY)
    assert result.kind is LeftBehindKind.BOTH_AWAY and "母亲外出时间未填" in result.missing


def test_families_to_fill_and_then_left_behind(archive: Archive) -> None:
    unknown = add(archive, "王芳")
    known = add(archive, "李明", father="外出务工", mother="在家")
    assert kind_of(archive, unknown) == "待认定"
    lines = families.load_families(archive)
    assert [line.row.name for line in lines] == ["王芳", "李明"]  # 待认定 first
    assert lines[0].unknown and not lines[1].unknown

    row = lines[0].row
    history_before = list_changes(archive, unknown)
    outcome = save_families(
        archive,
        [
            row.with_parent("father", AWAY).with_parent(
                "mother", ParentEntry("外出务工", "", "", "2024年3月")
            )
        ],
        TODAY,
    )
    assert outcome.changed.pupil_ids == {unknown} and outcome.changed.roster
    assert outcome.value.status_changed == {unknown}
    assert "1 名学生" in outcome.changed.message
    assert kind_of(archive, unknown) == "父母均外出"
    assert kind_of(archive, known) == "非留守"
    draft = profile.load_profile(archive, unknown, TODAY).draft
    assert (draft.father.work_province, draft.father.work_city) == ("广东省", "东莞市")
    assert draft.mother.away_since == "2024-03-01"  # a month alone, as the form takes it
    assert draft.father.phone == "13812348000" and draft.guardians[0].name == "张桂兰"

    # the history, as when the 五个清楚 form is saved
    changes = list_changes(archive, unknown)[len(history_before) :]
    edited = {(c.label, c.new_value) for c in changes if c.kind == Kind.EDITED}
    assert ("父亲现状", "外出务工") in edited and ("母亲外出时间", "2024-03-01") in edited
    assert ("父亲务工省份", "广东省") in edited
    assert not any("监护人" in label or "电话" in label for label, _ in edited)
    (became,) = [c for c in changes if c.kind == Kind.STATUS and c.new_value == "父母均外出"]
    assert became.old_value == "待认定"


def test_bad_rows_name_the_child_and_field_and_nothing_is_written(archive: Archive) -> None:
    wang, li, zhao = add(archive, "王芳"), add(archive, "李明"), add(archive, "赵磊")
    rows = [
        FamilyRow(wang, "王芳", AWAY, AWAY),  # good, but the others are not
        FamilyRow(li, "李明", ParentEntry("外出务工", away_since="2024-13-45"), AWAY),
        FamilyRow(zhao, "赵磊", AWAY, ParentEntry("在家", away_since="2025-01-01")),
        FamilyRow(zhao + 100, "", AWAY, AWAY),
    ]
    before = {pid: list_changes(archive, pid) for pid in (wang, li, zhao)}
    with pytest.raises(FamiliesInvalid) as caught:
        save_families(archive, rows, TODAY)
    text = str(caught.value)
    assert "李明（父亲外出时间）：" in text
    assert "赵磊（母亲外出时间）：只有“外出务工”时才填外出时间" in text
    assert "已不在名册中" in text
    assert "王芳" not in text
    assert {p.name for p in caught.value.problems} >= {"李明", "赵磊"}
    for pid in (wang, li, zhao):
        assert kind_of(archive, pid) == "待认定"
        assert list_changes(archive, pid) == before[pid]

    with pytest.raises(FamiliesInvalid) as caught:
        save_families(archive, [FamilyRow(li, "", ParentEntry("出差"), AT_HOME)], TODAY)
    assert str(caught.value).startswith("李明（父亲现状）：请从列表中选择")  # name from the archive


def test_one_transaction_all_or_nothing(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = add(archive, "王芳"), add(archive, "李明")
    real = status.apply_assessment
    calls: list[int] = []

    def failing(session, pupil, today, when):  # type: ignore[no-untyped-def]
        calls.append(pupil.id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(session, pupil, today, when)

    monkeypatch.setattr("liushou_desk.services.families.apply_assessment", failing)
    with pytest.raises(RuntimeError):
        save_families(
            archive,
            [FamilyRow(first, "王芳", AWAY, AWAY), FamilyRow(second, "李明", AWAY, AWAY)],
            TODAY,
        )
    assert calls == [first, second]
    assert profile.load_profile(archive, first, TODAY).draft.father.situation == ""
    assert kind_of(archive, first) == "待认定"


def test_undo_puts_each_pupils_parents_back_and_redo_again(archive: Archive) -> None:
    wang = add(archive, "王芳")
    li = add(archive, "李明", father="外出务工", mother="在家")
    before_li = profile.load_profile(archive, li, TODAY).draft
    outcome = save_families(
        archive,
        [FamilyRow(wang, "王芳", AWAY, AWAY), FamilyRow(li, "李明", AWAY, AWAY)],
        TODAY,
    )
    assert outcome.changed.pupil_ids == {wang, li} and outcome.undo is not None
    assert "（2 名学生）" in outcome.undo.text
    history = UndoHistory()
    history.push(outcome.undo)

    back = history.undo()
    assert back.pupil_ids == {wang, li} and back.roster and "撤销" in back.message
    assert kind_of(archive, wang) == "待认定" and kind_of(archive, li) == "非留守"
    assert profile.load_profile(archive, li, TODAY).draft == before_li
    assert profile.load_profile(archive, wang, TODAY).draft.father.situation == ""
    statuses = [c.new_value for c in list_changes(archive, wang) if c.kind == Kind.STATUS]
    assert statuses[-2:] == ["父母均外出", "待认定"]  # both steps in the history

    history.redo()
    assert kind_of(archive, wang) == kind_of(archive, li) == "父母均外出"


def test_rows_as_they_are_change_nothing(archive: Archive) -> None:
    add(archive, "王芳")
    add(archive, "李明", father="外出务工", mother="在家")
    rows = [line.row for line in families.load_families(archive)]
    outcome = save_families(archive, rows, TODAY)
    assert outcome.undo is None and not outcome.changed.pupil_ids
    assert outcome.changed.message == "没有需要保存的修改"


def test_the_due_list_has_one_line_for_the_class(archive: Archive) -> None:
    assert family_item(archive, TODAY) is None
    wang, li = add(archive, "王芳"), add(archive, "李明")
    add(archive, "赵磊", father="外出务工", mother="在家")
    item = family_item(archive, TODAY)
    assert item is not None and item.pupil_id is None and item.kind == "family_unknown"
    assert item.detail == "2 名学生还没填父母外出情况" and not item.overdue
    assert item.label == "填写父母外出情况"
    assert all(i.kind != "family_unknown" for i in due_items(archive, TODAY))  # its own line
    status.set_override(archive, li, "非留守", "母亲已回家")  # the teacher's own verdict
    roster.set_enrolment(archive, wang, "转出", "2026-11-01", "随父母到广东", TODAY)
    assert family_item(archive, TODAY) is None
