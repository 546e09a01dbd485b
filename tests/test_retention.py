"""保存期限: pupils gone longer than the retention period are proposed for purging; purging
removes every row and every trace of them from the file, and is logged by number only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft, ValidationFailed
from liushou_desk.domain.records import RecordValues
from liushou_desk.services import audit, records, retention, roster

TODAY = date(2026, 11, 23)
CANARY = "金丝雀测试名字"
NOTE = "金丝雀谈心内容很私密"


def _class(tmp_path: Path):  # type: ignore[no-untyped-def]
    archive = open_archive(tmp_path / "a.sqlite")
    gone, _ = roster.add_pupil(archive, ProfileDraft(name=CANARY, sex="女"), TODAY)
    records.create_record(
        archive,
        "talk",
        gone,
        RecordValues({"date": "2022-05-01", "teacher": "张老师", "topic": NOTE}),
        TODAY,
    )
    roster.set_enrolment(archive, gone, "转出", "2022-06-30", "随父母转学", TODAY)
    recent, _ = roster.add_pupil(archive, ProfileDraft(name="刚转走"), TODAY)
    roster.set_enrolment(archive, recent, "转出", "2025-06-30", "", TODAY)
    stays, _ = roster.add_pupil(archive, ProfileDraft(name="在读生"), TODAY)
    return archive, gone, recent, stays


def test_only_pupils_past_the_period_are_proposed(tmp_path: Path) -> None:
    archive, gone, recent, _stays = _class(tmp_path)
    found = retention.candidates(archive, TODAY)
    assert [(c.id, c.status) for c in found] == [(gone, "转出 2022-06-30")]
    assert [c.id for c in retention.candidates(archive, TODAY, years=1)] == [gone, recent]
    with pytest.raises(ValidationFailed, match="未到保存期限"):
        retention.purge(archive, [recent], TODAY)
    archive.close()


def test_purge_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    archive, gone, _recent, stays = _class(tmp_path)
    retention.purge(archive, [gone], TODAY)
    assert [r.id for r in roster.list_roster(archive, TODAY)] != [] and all(
        r.id != gone for r in roster.list_roster(archive, TODAY)
    )
    assert any(r.id == stays for r in roster.list_roster(archive, TODAY))
    newest = audit.entries(archive)[0]
    assert (newest.action, newest.target) == ("清除数据", f"学生#{gone}")
    assert audit.verify(archive).ok
    archive.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("a.sqlite*"))
    for canary in (CANARY, NOTE):
        assert canary.encode() not in raw  # not in any page, free or used, nor the WAL


def test_a_purge_reaches_the_backups_too(tmp_path: Path) -> None:
    from liushou_desk.services.backups import list_backups, take_backup

    archive, gone, _recent, stays = _class(tmp_path)
    take_backup(archive.path, tag="manual")
    take_backup(archive.path, tag="auto")
    retention.purge(archive, [gone], TODAY)
    steps: list[tuple[int, int]] = []
    assert retention.purge_backups(archive.path, [gone], lambda d, t: steps.append((d, t))) == 2
    assert steps[-1] == (2, 2)
    for backup in list_backups(archive.path):
        data = backup.path.read_bytes()
        assert CANARY.encode() not in data and NOTE.encode() not in data
        copy = open_archive(backup.path, create=False)
        try:
            ids = {r.id for r in roster.list_roster(copy, TODAY)}
        finally:
            copy.close()
        assert gone not in ids and stays in ids
    assert retention.purge_backups(archive.path, [gone]) == 0  # nothing left to clean
    archive.close()


def test_the_window_purges_after_a_confirmation(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.main_window import MainWindow
    from liushou_desk.ui.retention_dialog import RetentionDialog

    from .ui_helpers import ScriptedPrompts

    archive, _gone, _recent, _stays = _class(tmp_path)
    prompts = ScriptedPrompts()
    window = MainWindow(archive, today=lambda: TODAY, prompts=prompts)
    qtbot.addWidget(window)
    seen: list[RetentionDialog] = []

    def accept(dialog):  # type: ignore[no-untyped-def]
        seen.append(dialog)
        assert dialog.list.count() == 1 and CANARY in dialog.list.item(0).text()
        dialog.grab().save(str(tmp_path / "retention.png"))
        return True

    from liushou_desk.services.backups import list_backups, take_backup

    take_backup(archive.path, tag="manual")
    window.exec_dialog = accept
    window.pupils.purge_left_pupils()
    assert prompts.confirmed == ["彻底清除 1 名学生的数据？"]
    window.runner.wait_idle()  # the backups cleaned in the background
    (backup,) = list_backups(archive.path)
    assert CANARY.encode() not in backup.path.read_bytes()
    assert audit.entries(archive)[0].detail == "同时从 1 份备份中清除"
    assert all(r.name != CANARY for r in window.roster_tab.model.all_rows)
    assert retention.candidates(archive, TODAY) == []
    archive.close()
