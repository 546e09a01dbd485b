"""Nothing is lost, as the teacher sees it: recycle bin, undo, backup now, restore, one writer,
a damaged archive."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from liushou_desk.db.lock import ArchiveLock
from liushou_desk.db.schema import open_archive
from liushou_desk.services import backups, changes, profile

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def _window(qtbot, db, *names):
    archive = open_archive(db)
    ids = [add_known_pupil(archive, n) for n in names]
    archive.close()
    prompts = ScriptedPrompts()
    window, archive = open_window(qtbot, db, prompts)
    return window, archive, prompts, ids


def test_delete_to_recycle_bin_restore_and_undo(qtbot, demo_db):
    window, archive, prompts, (pid,) = _window(qtbot, demo_db, "张冬月")
    window.tabs.setCurrentWidget(window.roster_tab)  # 档案 → 将所选学生移入回收站, in the roster
    window.select_pupil(pid)
    window.pupils.delete_current()
    assert prompts.confirmed == ["将 张冬月 移入回收站吗？"]
    assert "张冬月" not in window.roster_tab.visible_names()
    assert window.profile_tab.pupil_id == 0

    def restore_first(dialog):
        assert (dialog.table.item(0, 0).text(), dialog.table.item(0, 1).text()) == (
            "张冬月",
            "学生",
        )
        dialog.table.selectRow(0)
        dialog.restore_selected()
        assert "张冬月" not in [
            dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())
        ]
        return False

    window.exec_dialog = restore_first
    window.pupils.open_recycle_bin()
    assert "张冬月" in window.roster_tab.visible_names()
    kinds = [c.label for c in changes.list_changes(archive, pid)]
    assert kinds[-2:] == ["移入回收站", "从回收站恢复"]

    window.select_pupil(pid)
    window.pupils.delete_current()
    assert window.undo_action.text() == "撤销 将 张冬月 移入回收站"
    window.undo_action.trigger()
    assert "张冬月" in window.roster_tab.visible_names()
    window.redo_action.trigger()
    assert "张冬月" not in window.roster_tab.visible_names()


def test_undo_and_redo_a_profile_save(qtbot, demo_db):
    window, archive, _, (pid,) = _window(qtbot, demo_db, "王喆")
    window.select_pupil(pid)
    tab = window.profile_tab
    tab.memo["interests"].set_value("喜欢画画")
    tab.guardian_boxes[0].fields["phone"].set_value("13912345678")
    assert tab.save()
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    draft = profile.load_profile(archive, pid, TODAY).draft
    assert draft.interests == "" and draft.guardians[0].phone == "13987654321"
    assert tab.memo["interests"].value() == ""  # the form shows it too
    window.redo_action.trigger()
    draft = profile.load_profile(archive, pid, TODAY).draft
    assert draft.interests == "喜欢画画" and draft.guardians[0].phone == "13912345678"
    labels = [c.label for c in changes.list_changes(archive, pid)]
    assert labels.count("兴趣爱好") == 3  # saved, undone, redone: all in the history


def test_backup_now_to_a_usb_folder_with_progress(qtbot, demo_db, tmp_path):
    window, _, prompts, _ = _window(qtbot, demo_db)
    usb = tmp_path / "usb"
    usb.mkdir()
    prompts.folder = usb
    window.files.backup_now()
    qtbot.waitUntil(lambda: bool(prompts.infos), timeout=10000)
    # the backup, and beside it the 操作日志's head it is checked against (<backup>.audit)
    (made,) = [p for p in usb.iterdir() if p.suffix != ".audit"]
    assert sorted(p.name for p in usb.iterdir()) == [made.name, made.name + ".audit"]
    assert prompts.infos[0].startswith("备份完成，已通过校验。")
    assert str(made) in prompts.infos[0]
    assert backups.verify_backup(made) is None


def test_restore_from_a_backup_in_the_app(qtbot, tmp_path):
    from liushou_desk.ui.app import DeskApp

    db = tmp_path / "class.sqlite"
    archive = open_archive(db)
    add_known_pupil(archive, "赵玥")
    archive.close()
    taken = backups.take_backup(db, tag="manual", now=datetime(2026, 11, 20, 18, 3))
    archive = open_archive(db)
    add_known_pupil(archive, "孙昳")
    archive.close()

    from PySide6.QtWidgets import QApplication

    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    desk.window.edit_class_info = lambda: None
    assert set(desk.window.roster_tab.visible_names()) == {"赵玥", "孙昳"}
    old = desk.window

    def choose(dialog):
        when = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
        assert "2026-11-20 18:03" in when  # besides the automatic backup taken at start
        dialog.table.selectRow(when.index("2026-11-20 18:03"))
        dialog.submit()
        return dialog.result() == 1

    old.exec_dialog = choose
    old.files.restore_from_backup()
    assert desk.prompts.confirmed[0].startswith("档案将回到 2026年11月20日 18:03 的状态")
    qtbot.waitUntil(
        lambda: desk.window is not old and desk.window.archive is not None, timeout=10000
    )
    assert desk.window.roster_tab.visible_names() == ["赵玥"]
    assert desk.prompts.infos[-1].startswith("档案已恢复到 2026年11月20日 18:03 的状态。")
    safety = [b for b in backups.list_backups(db) if b.tag == "before-restore"]
    assert len(safety) == 1
    desk.window.close()
    desk.finish()
    assert taken.path.exists()


def _run_app(db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIUSHOU_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "liushou_desk", "--db", str(db), "--exit-after-startup"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_second_copy_of_the_app_is_refused(demo_db, tmp_path):
    lock = ArchiveLock(demo_db).acquire()  # the first copy
    try:
        result = _run_app(demo_db, tmp_path / "home")
    finally:
        lock.release()
    assert result.returncode == 1
    assert "已在另一个窗口中打开" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_archive_is_not_opened_and_a_backup_is_offered(qtbot, demo_db, tmp_path):
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui.app import DeskApp

    backups.take_backup(demo_db, tag="auto")
    data = bytearray(demo_db.read_bytes())
    data[8192:16384] = b"\x00" * 8192
    demo_db.write_bytes(bytes(data))

    result = _run_app(demo_db, Path(os.environ["LIUSHOU_HOME"]))  # smoke mode: no question
    assert result.returncode == 1 and "已损坏" in result.stderr
    assert demo_db.read_bytes() == bytes(data)

    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()  # the teacher said yes to the offered backup
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    assert len(desk.window.roster_rows()) == 45  # the class, and those who left
    damaged = [b for b in backups.list_backups(demo_db) if b.tag == "before-restore-damaged"]
    assert damaged and damaged[0].path.read_bytes() == bytes(data)
    con = sqlite3.connect(demo_db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    desk.window.close()
    desk.finish()


def test_an_archive_on_a_usb_stick_is_copied_to_the_computer_first(qtbot, demo_db, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from liushou_desk import paths
    from liushou_desk.db import location
    from liushou_desk.ui.app import DeskApp

    monkeypatch.setattr(location, "storage_problem", lambda path: "档案在U盘上（移动存储）。")
    before = demo_db.read_bytes()

    refused = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    refused.prompts = ScriptedPrompts()
    refused.prompts.confirm_answer = False
    refused.fail = lambda message: setattr(refused, "code", 1) or 1
    assert not refused.start() and refused.code == 1
    refused.finish()

    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    local = paths.data_home() / "archives" / demo_db.name
    assert desk.path == local and desk.window.archive.path == local
    assert len(desk.window.roster_rows()) == 45  # the class, and those who left
    assert demo_db.read_bytes() == before  # the stick's file is left as it was
    desk.window.close()
    desk.finish()


def test_a_portable_copy_on_a_stick_gets_a_verified_copy_at_close(
    qtbot, demo_db, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QApplication

    from liushou_desk import paths
    from liushou_desk.ui.app import DeskApp

    stick = tmp_path / "stick" / "数据" / "备份"
    monkeypatch.setattr(paths, "stick_copies_dir", lambda: stick)
    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    desk.window.close()
    desk.finish()
    (copy,) = stick.glob("class-*-stick.sqlite")
    assert backups.verify_backup(copy) is None
