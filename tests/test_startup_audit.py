"""Start-up flat in years — the 操作日志 checked at opening is bounded: the triggers, the head
in the database against the log's end, the head kept outside against the entry it names, and
the entries written since (services.audit_chain.tail_check). The whole walk stays in
``audit-verify`` and ``check``, and runs in the window after the first paint, off the GUI
thread, telling the teacher only when something is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services import audit, audit_chain, roster

from .conftest import TODAY
from .test_audit_keyed import drop_triggers, make_archive, put_triggers_back, raw

ENTRIES = 60


def long_log(tmp_path: Path) -> Path:
    """A plain class archive whose log has ``ENTRIES`` entries, closed as the app closes it
    (the head kept outside names the last one)."""
    db = make_archive(tmp_path, "plain")
    archive = open_archive(db)
    for n in range(ENTRIES - 5):
        with archive.transaction() as s:
            audit.log(s, audit.Action.CLASS_INFO, f"第 {n} 次")
    audit.record(archive, audit.Action.PRINT, "x")
    archive.close()
    assert audit_chain.read_outside(db).count == ENTRIES + 1  # type: ignore[union-attr]
    return db


def seals_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    real = audit_chain.seal

    def counting(*args):  # type: ignore[no-untyped-def]
        counted.append(1)
        return real(*args)

    monkeypatch.setattr(audit_chain, "seal", counting)
    return counted


def rechain_with_key(con) -> None:  # type: ignore[no-untyped-def]
    """Every seal recomputed with the plain archive's own key (kept in the file: anyone who
    reads the source can), and the head in the database moved along."""
    key = bytes.fromhex(
        json.loads(con.execute("SELECT value FROM settings WHERE key = 'audit_key'").fetchone()[0])
    )
    prev = audit_chain.GENESIS
    rows = con.execute(
        "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id"
    ).fetchall()
    for rid, at, actor, action, target, detail in rows:
        digest = audit_chain.seal(key, prev, at, actor, action, target, detail)
        con.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, rid)
        )
        prev = digest
    head = json.loads(
        con.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()[0]
    )
    head.update(count=len(rows), hash=prev)
    con.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'", (json.dumps(head),))


def test_the_opening_walks_only_the_entries_written_since_the_head_kept_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = long_log(tmp_path)
    saved = audit_chain.sidecar_path(db).read_bytes()
    archive = open_archive(db)
    for name in ("钱多", "孙丽", "周周"):
        roster.add_pupil(archive, ProfileDraft(name=name), TODAY)
    archive.close()
    audit_chain.sidecar_path(db).write_bytes(saved)  # a crash before the head was written
    counted = seals_counted(monkeypatch)
    archive = open_archive(db)
    verdict = audit.open_check(archive)
    assert verdict.ok and verdict.entries == ENTRIES + 4 and verdict.outside == "same", verdict
    assert len(counted) == 3 and not audit.walked(archive)
    counted.clear()
    assert audit.open_check(archive).ok and counted == []  # nothing new: nothing walked
    whole = audit.full_check(archive)
    assert whole.ok and len(counted) == ENTRIES + 4 and audit.walked(archive)
    archive.close()


def test_an_entry_written_since_the_head_kept_outside_changed_is_told_at_opening(
    tmp_path: Path,
) -> None:
    db = long_log(tmp_path)
    saved = audit_chain.sidecar_path(db).read_bytes()
    archive = open_archive(db)
    roster.add_pupil(archive, ProfileDraft(name="钱多"), TODAY)
    archive.close()
    audit_chain.sidecar_path(db).write_bytes(saved)
    con = raw(db)
    drop_triggers(con)
    con.execute(f"UPDATE audit_log SET detail = '别的内容' WHERE id = {ENTRIES + 2}")
    put_triggers_back(con)
    con.close()
    archive = open_archive(db)
    verdict = audit.open_check(archive)
    assert not verdict.ok and f"第 {ENTRIES + 2} 条日志的内容被改动过" in verdict.message
    archive.close()


@pytest.mark.parametrize(
    ("attack", "found"),
    [
        ("recomputed", "档案外记下的第"),  # an old entry changed, every seal recomputed
        ("removed", "之前的日志被删除或改动过"),  # an old entry removed
        ("wiped", "日志被删除过"),
        ("triggers", "保护"),
    ],
)
def test_what_the_opening_told_before_it_still_tells(
    tmp_path: Path, attack: str, found: str
) -> None:
    db = long_log(tmp_path)
    con = raw(db)
    drop_triggers(con)
    if attack == "recomputed":
        con.execute("UPDATE audit_log SET detail = '别的内容' WHERE id = 3")
        rechain_with_key(con)
    elif attack == "removed":
        con.execute("DELETE FROM audit_log WHERE id = 3")
    elif attack == "wiped":
        con.execute("DELETE FROM audit_log")
        con.execute("DELETE FROM settings WHERE key LIKE 'audit%'")
    if attack != "triggers":
        put_triggers_back(con)
    con.close()
    archive = open_archive(db)
    verdict = audit.open_check(archive)
    assert not verdict.ok and found in verdict.message, verdict
    archive.close()


def test_an_old_entry_changed_is_found_by_the_whole_walk_after_the_first_paint(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui import app as app_module
    from liushou_desk.ui.app import DeskApp
    from liushou_desk.ui.main_window import MainWindow

    from .ui_helpers import ScriptedPrompts

    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)
    monkeypatch.setattr(app_module, "WHOLE_LOG_AFTER_MS", 0)
    db = long_log(tmp_path)
    con = raw(db)
    drop_triggers(con)
    con.execute("UPDATE audit_log SET detail = '别的内容' WHERE id = 3")  # seal left as it was
    put_triggers_back(con)
    con.close()
    archive = open_archive(db)
    assert audit.open_check(archive).ok  # before the head kept outside: not looked at here
    whole = audit.full_check(archive)
    assert not whole.ok and whole.bad_id == 3
    archive.close()

    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    assert desk.prompts.errors == []  # the class is on screen first
    qtbot.waitUntil(lambda: bool(desk.prompts.errors), timeout=10000)
    (told,) = desk.prompts.errors
    assert told.startswith("操作日志校验未通过") and "第 3 条日志的内容被改动过" in told
    desk.window.close()
    desk.finish()


def test_a_sound_log_is_walked_after_the_first_paint_without_a_word(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui import app as app_module
    from liushou_desk.ui.app import DeskApp
    from liushou_desk.ui.main_window import MainWindow

    from .ui_helpers import ScriptedPrompts

    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)
    monkeypatch.setattr(app_module, "WHOLE_LOG_AFTER_MS", 0)
    db = long_log(tmp_path)
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    qtbot.waitUntil(lambda: audit.walked(desk.window.archive), timeout=10000)
    qtbot.wait(100)
    assert desk.prompts.errors == []
    desk.window.close()
    desk.finish()


def test_closing_the_window_stops_the_whole_walk(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui import app as app_module
    from liushou_desk.ui.app import DeskApp
    from liushou_desk.ui.main_window import MainWindow

    from .ui_helpers import ScriptedPrompts

    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)
    monkeypatch.setattr(app_module, "WHOLE_LOG_AFTER_MS", 0)
    walking: list[str] = []

    def endless(archive, progress=None):  # type: ignore[no-untyped-def]
        walking.append("started")
        try:
            while True:  # a log that takes forever to walk
                progress(0, 1)
        finally:
            walking.append("stopped")

    monkeypatch.setattr(audit, "full_check", endless)
    db = long_log(tmp_path)
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: walking == ["started"], timeout=10000)
    desk.window.close()
    desk.finish()
    assert walking == ["started", "stopped"] and desk.prompts.errors == []
