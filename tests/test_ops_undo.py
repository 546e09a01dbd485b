"""Undo without the window: each edit use case (ops) returns what changed and its undo step;
the Qt-free undo history takes it back and does it again, on a real archive file."""

from __future__ import annotations

from pathlib import Path

import pytest

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.domain.records import RecordValues
from liushou_desk.ops import profile as profile_ops
from liushou_desk.ops import pupils, records
from liushou_desk.ops.undo import UndoFailed, UndoHistory
from liushou_desk.services import changes, profile, roster
from liushou_desk.services import records as record_service

from .conftest import TODAY


@pytest.fixture
def archive(tmp_path: Path):  # type: ignore[no-untyped-def]
    archive = open_archive(tmp_path / "class.sqlite")
    yield archive
    archive.close()


def _names(archive) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.name for r in roster.list_roster(archive, TODAY)]


def test_a_profile_edit_is_undone_and_redone(archive) -> None:  # type: ignore[no-untyped-def]
    history = UndoHistory()
    added = pupils.add_pupil(
        archive, ProfileDraft(name="李想", sex="男", birth_date="2015-09-01"), TODAY
    )
    history.push(added.undo)
    pid = added.value
    assert added.changed.roster and "李想" in _names(archive)

    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.interests = "喜欢画画"
    draft.father.situation = "外出务工"
    draft.father.away_since = "2023-02-01"
    saved = profile_ops.save_profile(archive, pid, draft, TODAY)
    history.push(saved.undo)
    assert saved.changed.pupil_ids == {pid} and "interests" in saved.value
    assert history.undo_text == "修改 李想 的档案"

    changed = history.undo()
    assert changed.pupil_ids == {pid}
    back = profile.load_profile(archive, pid, TODAY).draft
    assert back.interests == "" and back.father.situation == ""
    assert history.redo_text == "修改 李想 的档案"

    history.redo()
    again = profile.load_profile(archive, pid, TODAY).draft
    assert again.interests == "喜欢画画" and again.father.situation == "外出务工"
    # undoing is itself a recorded change, never a silent rewind
    lines = [
        c for c in changes.list_changes(archive, pid) if "喜欢画画" in (c.old_value, c.new_value)
    ]
    assert [(c.old_value, c.new_value) for c in lines] == [
        ("", "喜欢画画"),
        ("喜欢画画", ""),
        ("", "喜欢画画"),
    ]

    history.undo()  # the profile edit
    history.undo()  # the new pupil: to the recycle bin
    assert "李想" not in _names(archive)
    history.redo()
    assert "李想" in _names(archive)


def test_nothing_changed_is_no_undo_step(archive) -> None:  # type: ignore[no-untyped-def]
    pid = pupils.add_pupil(archive, ProfileDraft(name="王芳", sex="女"), TODAY).value
    draft = profile.load_profile(archive, pid, TODAY).draft
    outcome = profile_ops.save_profile(archive, pid, draft, TODAY)
    assert outcome.undo is None and outcome.changed.message == "没有需要保存的修改"


def test_record_edit_delete_and_their_undo(archive) -> None:  # type: ignore[no-untyped-def]
    history = UndoHistory()
    pid = pupils.add_pupil(archive, ProfileDraft(name="赵玥", sex="女"), TODAY).value
    made = records.add_record(
        archive,
        "talk",
        pid,
        RecordValues({"date": "2026-11-20", "teacher": "张老师", "topic": "学习压力大"}),
        TODAY,
    )
    history.push(made.undo)
    rid = made.value
    before = record_service.get_record(archive, rid)
    values = RecordValues(dict(before.values) | {"topic": "学习压力大，数学跟不上"})
    edited = records.edit_record(archive, before, values, TODAY)
    history.push(edited.undo)
    assert history.undo_text == "修改谈心记录"

    history.undo()
    current = record_service.get_record(archive, rid)
    assert current.values["topic"] == "学习压力大" and current.version == 3
    history.redo()
    assert record_service.get_record(archive, rid).values["topic"] == "学习压力大，数学跟不上"

    deleted = records.delete_record(archive, rid)
    history.push(deleted.undo)
    assert rid in [r.id for r in record_service.list_deleted_records(archive)]
    assert history.undo_text == "删除谈心记录"
    history.undo()
    assert rid not in [r.id for r in record_service.list_deleted_records(archive)]


def test_status_enrolment_and_recycle_bin_undo(archive) -> None:  # type: ignore[no-untyped-def]
    history = UndoHistory()
    pid = pupils.add_pupil(archive, ProfileDraft(name="孙昳", sex="女"), TODAY).value

    override = pupils.set_override(archive, pid, "父亲外出", "父亲外出务工，母亲病重住院", TODAY)
    history.push(override.undo)
    assert profile.load_profile(archive, pid, TODAY).override_kind == "父亲外出"
    history.undo()
    assert profile.load_profile(archive, pid, TODAY).override_kind is None

    left = pupils.set_enrolment(archive, pid, "转出", "2026-11-01", "随父母转学", TODAY)
    history.push(left.undo)
    assert history.undo_text == "孙昳：在读 → 转出"
    history.undo()
    view = profile.load_profile(archive, pid, TODAY)
    assert view.enrolment == "在读" and view.left_on is None
    history.redo()
    view = profile.load_profile(archive, pid, TODAY)
    assert view.enrolment == "转出" and view.leave_note == "随父母转学"

    binned = pupils.move_to_recycle_bin(archive, pid, "孙昳")
    history.push(binned.undo)
    assert [p.id for p in roster.list_deleted(archive)] == [pid]
    history.undo()
    assert roster.list_deleted(archive) == []

    # a step that can no longer be taken back is reported and dropped
    history.push(pupils.move_to_recycle_bin(archive, pid, "孙昳").undo)
    roster.restore_pupil(archive, pid)  # restored elsewhere meanwhile
    with pytest.raises(UndoFailed, match="无法撤销“将 孙昳 移入回收站”"):
        history.undo()
    assert history.undo_text == "孙昳：在读 → 转出"  # the failed step is gone
