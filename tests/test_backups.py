"""Backups and restore: verified snapshots, the 7 daily + 4 weekly rotation, restore with a
safety copy, the writer's lock, and the backup/restore command line."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from liushou_desk.cli import main
from liushou_desk.db.backup import BackupError, integrity, snapshot_verified
from liushou_desk.db.lock import ArchiveLock, ArchiveLockedError
from liushou_desk.db.schema import ArchiveOpenError, open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services import backups, roster

from .conftest import TODAY


def names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM pupils ORDER BY id")]
    finally:
        con.close()


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "class.sqlite"
    archive = open_archive(path)
    for name in ("张冬月", "王喆", "吴𬌗"):
        roster.add_pupil(archive, ProfileDraft(name=name), TODAY)
    archive.close()
    return path


def test_a_backup_of_a_live_archive_is_whole_and_verified(archive_path, tmp_path):
    archive = open_archive(archive_path)  # the app has it open
    roster.add_pupil(archive, ProfileDraft(name="赵玥"), TODAY)  # still in the -wal
    target = snapshot_verified(archive_path, tmp_path / "copy.sqlite")
    archive.close()
    assert integrity(target) == "ok"
    assert names(target) == ["张冬月", "王喆", "吴𬌗", "赵玥"]
    assert not Path(f"{target}.partial").exists()
    assert not Path(f"{target}-wal").exists()  # one self-contained file


def test_a_backup_that_cannot_be_written_says_so_in_chinese(archive_path, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(BackupError, match="无法写入备份"):
        snapshot_verified(archive_path, blocker / "copy.sqlite")


def test_take_backup_names_lists_and_never_overwrites(archive_path):
    when = datetime(2026, 11, 23, 8, 15, 2)
    a = backups.take_backup(archive_path, tag="auto", now=when)
    b = backups.take_backup(archive_path, tag="auto", now=when)  # same second
    assert a.path != b.path and a.path.exists() and b.path.exists()
    assert a.path.name == "class-20261123-081502-auto.sqlite"
    listed = backups.list_backups(archive_path)
    assert [x.path for x in listed] == [b.path, a.path]
    assert listed[0].label == "自动备份"


def test_backup_to_a_usb_folder_or_file(archive_path, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    info = backups.take_backup(archive_path, tag="manual", out=usb)
    assert info.path.parent == usb and names(info.path) == names(archive_path)
    with pytest.raises(BackupError, match="文件已存在"):
        backups.take_backup(archive_path, out=info.path)


def test_rotation_keeps_7_daily_and_4_weekly(archive_path):
    start = datetime(2026, 9, 1, 9, 0)
    for day in range(60):  # two a day for two months
        for hour in (9, 17):
            backups.take_backup(
                archive_path, tag="auto", now=start + timedelta(days=day, hours=hour - 9)
            )
    manual = backups.take_backup(archive_path, tag="manual", now=start)
    removed = backups.prune(archive_path)
    kept = backups.list_backups(archive_path)
    auto = [b for b in kept if b.tag == "auto"]
    days = {b.taken_at.date() for b in auto}
    weeks = {b.taken_at.isocalendar()[:2] for b in auto}
    last = start + timedelta(days=59)
    assert {last.date() - timedelta(days=i) for i in range(7)} <= days
    assert len(weeks) == 4 and len(auto) <= 11
    assert all(b.taken_at.hour == 17 for b in auto)  # the newest of each day
    assert manual.path.exists()  # the teacher's own backups are never rotated away
    assert len(removed) == 120 - len(auto)


def test_needs_daily_backup(archive_path):
    now = datetime(2026, 11, 23, 8, 0)
    assert backups.needs_daily_backup(archive_path, now)
    backups.take_backup(archive_path, tag="close", now=now - timedelta(hours=20))
    assert not backups.needs_daily_backup(archive_path, now)
    assert backups.needs_daily_backup(archive_path, now + timedelta(hours=5))


def test_restore_goes_back_and_keeps_a_safety_copy(archive_path):
    info = backups.take_backup(archive_path, tag="manual", now=datetime(2026, 11, 20, 18, 3))
    archive = open_archive(archive_path)
    roster.add_pupil(archive, ProfileDraft(name="后来加的"), TODAY)
    archive.close()
    result = backups.restore_backup(info.path, archive_path)
    assert result.restored_from.taken_at == datetime(2026, 11, 20, 18, 3)
    assert names(archive_path) == ["张冬月", "王喆", "吴𬌗"]
    assert "后来加的" in names(result.safety_copy)
    assert integrity(archive_path) == "ok"
    open_archive(archive_path).close()  # opens normally afterwards


def test_restore_refuses_a_damaged_backup_and_changes_nothing(archive_path, tmp_path):
    bad = tmp_path / "bad.sqlite"
    data = bytearray(archive_path.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    bad.write_bytes(bytes(data))
    before = archive_path.read_bytes()
    with pytest.raises(ArchiveOpenError, match=r"不能用“bad\.sqlite”恢复"):
        backups.restore_backup(bad, archive_path)
    assert archive_path.read_bytes() == before


def test_a_damaged_archive_is_kept_byte_for_byte_before_a_restore(archive_path):
    good = backups.take_backup(archive_path, tag="auto")
    damaged = bytearray(archive_path.read_bytes())
    damaged[4096:8192] = b"\x00" * 4096
    archive_path.write_bytes(bytes(damaged))
    assert backups.newest_good_backup(archive_path).path == good.path
    result = backups.restore_backup(good.path, archive_path)
    assert result.safety_copy.read_bytes() == bytes(damaged)
    assert "before-restore" in result.safety_copy.name
    assert names(archive_path) == ["张冬月", "王喆", "吴𬌗"]


def test_a_second_writer_is_refused(archive_path):
    first = ArchiveLock(archive_path).acquire()
    with pytest.raises(ArchiveLockedError, match="已在另一个窗口中打开"):
        ArchiveLock(archive_path).acquire()
    first.release()
    ArchiveLock(archive_path).acquire().release()  # free again


def test_backup_and_restore_commands(archive_path, tmp_path, capsys):
    out = tmp_path / "usb"
    out.mkdir()
    assert main(["backup", "--db", str(archive_path), "--out", str(out)]) == 0
    (made,) = out.glob("*.sqlite")
    assert {p.name for p in out.iterdir()} == {made.name, made.name + ".audit"}  # the log's head
    assert "已备份（已校验）" in capsys.readouterr().out
    archive = open_archive(archive_path)
    roster.add_pupil(archive, ProfileDraft(name="后来加的"), TODAY)
    archive.close()
    assert main(["restore", str(made), "--db", str(archive_path)]) == 0
    said = capsys.readouterr().out
    assert "已恢复到" in said and "原来的档案另存为" in said
    assert "后来加的" not in names(archive_path)


def test_restore_command_refuses_while_the_app_has_it_open(archive_path, capsys):
    made = backups.take_backup(archive_path, tag="manual")
    lock = ArchiveLock(archive_path).acquire()
    try:
        before = archive_path.read_bytes()
        assert main(["restore", str(made.path), "--db", str(archive_path)]) == 1
        assert "已在另一个窗口中打开" in capsys.readouterr().err
        assert archive_path.read_bytes() == before
    finally:
        lock.release()


def test_backup_command_reports_a_damaged_archive(archive_path, capsys):
    data = bytearray(archive_path.read_bytes())
    data[4096:8192] = b"\x00" * 4096
    archive_path.write_bytes(bytes(data))
    assert main(["backup", "--db", str(archive_path)]) == 1
    assert "已损坏" in capsys.readouterr().err


def test_a_restored_archive_checks_out_and_a_changed_log_does_not_block_its_data(
    archive_path, capsys
):
    """After a restore the log's head kept outside is the backup's: no false alarm. A backup
    whose log was changed still gives the children's data back, and the restored archive's
    log says what was found."""
    made = backups.take_backup(archive_path, tag="manual").path
    assert made.with_name(made.name + ".audit").is_file()
    archive = open_archive(archive_path)
    roster.add_pupil(archive, ProfileDraft(name="后来加的"), TODAY)
    archive.close()
    backups.restore_backup(made, archive_path)
    assert main(["audit-verify", "--db", str(archive_path)]) == 0
    capsys.readouterr()

    changed = backups.take_backup(archive_path, tag="manual", now=datetime(2026, 12, 1)).path
    con = sqlite3.connect(changed)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.commit()
    con.close()
    assert backups.verify_backup(changed) is None  # the data is whole
    backups.restore_backup(changed, archive_path)
    assert names(archive_path) == ["张冬月", "王喆", "吴𬌗"]
    con = sqlite3.connect(archive_path)
    details = [r[0] for r in con.execute("SELECT detail FROM audit_log ORDER BY id")]
    con.close()
    assert "操作日志未通过核对" in details[-1] and changed.name in details[-1]
