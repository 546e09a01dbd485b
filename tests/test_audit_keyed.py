"""操作日志改用密钥校验: the chain keyed with HMAC-SHA256 (the archive's data key, or a random key
for a plain archive), its head kept also outside the database (the key file, or a ``.audit``
file beside a plain archive), and the triggers that keep the log append-only checked — on real
SQLite and SQLCipher archives, attacked the way someone with the file and a SQLite tool could."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from liushou_desk.cli import main
from liushou_desk.db import cipher, keyfile
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.db.models import AUDIT_TRIGGERS
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services import audit, audit_chain, protection, roster
from liushou_desk.services.check import check_archive

from .conftest import TODAY

FIXTURES = Path(__file__).parent / "fixtures"
FAST = KdfParams(time_cost=1, memory_kib=1024)
PASSWORD = "班主任的密码2026"
GENESIS = "0" * 64


def make_archive(tmp_path: Path, kind: str) -> Path:
    """A class archive (plain or encrypted) with a few logged actions, closed as the app
    closes it."""
    db = tmp_path / "class.sqlite"
    if kind == "encrypted":
        protection.new_protected(db, PASSWORD, PASSWORD, params=FAST)
    archive = open_archive(db)
    for name in ("王芳", "李明", "张伟"):
        roster.add_pupil(archive, ProfileDraft(name=name), TODAY)
    audit.record(archive, audit.Action.PRINT, "成长记录卡 学生#1")
    roster.add_pupil(archive, ProfileDraft(name="赵敏"), TODAY)
    archive.close()
    return db


@pytest.fixture(params=["plain", "encrypted"])
def class_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return make_archive(tmp_path, request.param)


def raw(db: Path) -> cipher.Connection:
    """A connection as a SQLite tool makes it (with the key, for an encrypted archive)."""
    return cipher.connect(db, isolation_level=None)


def drop_triggers(con: cipher.Connection) -> None:
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")


def put_triggers_back(con: cipher.Connection) -> None:
    for trigger in AUDIT_TRIGGERS:
        con.execute(trigger)


def sha_entry(prev: str, at: str, actor: str, action: str, target: str, detail: str) -> str:
    """An entry's hash as the plain SHA-256 chain makes it (public in the source code)."""
    stamp = datetime.fromisoformat(at).isoformat(timespec="microseconds")
    body = json.dumps(
        [prev, stamp, actor, action, target, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def rechain_with_sha(con: cipher.Connection) -> None:
    """Recompute every entry's hash and the head, as the plain chain would have them."""
    prev = GENESIS
    rows = con.execute(
        "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id"
    ).fetchall()
    for rid, at, actor, action, target, detail in rows:
        digest = sha_entry(prev, at, actor, action, target, detail)
        con.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, rid)
        )
        prev = digest
    value = con.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()[0]
    head = json.loads(value)
    head.update(count=len(rows), hash=prev)  # whatever else the head says is kept
    con.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'", (json.dumps(head),))


def verify_cli(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    capsys.readouterr()
    code = main(["audit-verify", "--db", str(db), "--json"])
    return code, json.loads(capsys.readouterr().out)


def check_cli(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    capsys.readouterr()
    code = main(["check", "--db", str(db), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_an_untouched_archive_is_intact(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, verdict = verify_cli(class_db, capsys)
    assert code == 0 and verdict["ok"] is True, verdict
    assert verdict["entries"] == 5
    code, report = check_cli(class_db, capsys)
    assert code == 0 and report["healthy"] is True, report


# --- a. triggers dropped, a row edited, every hash recomputed ----------------------------------


def test_a_row_edited_and_every_hash_recomputed_is_found(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    drop_triggers(con)
    con.execute("UPDATE audit_log SET detail = '别的内容' WHERE id = 2")
    rechain_with_sha(con)
    put_triggers_back(con)
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and verdict["ok"] is False, verdict
    assert "第 1 条起的日志被改动过，校验码是不用密钥重新算出来的" in str(verdict["message"])
    code, report = check_cli(class_db, capsys)
    assert code == 1 and any("操作日志" in p for p in report["problems"])  # type: ignore[attr-defined]


def test_the_head_told_the_chain_was_never_keyed_is_found(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    drop_triggers(con)
    con.execute("UPDATE audit_log SET detail = '别的内容' WHERE id = 2")
    rechain_with_sha(con)
    con.execute(
        "UPDATE settings SET value = json_remove(value, '$.keyed_from') WHERE key = 'audit_head'"
    )
    put_triggers_back(con)
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and verdict["ok"] is False, verdict


# --- b. the log and its head wiped --------------------------------------------------------------


def test_a_wiped_log_is_found(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    drop_triggers(con)
    con.execute("DELETE FROM audit_log")
    con.execute("DELETE FROM settings WHERE key LIKE 'audit%'")
    put_triggers_back(con)
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and verdict["ok"] is False, verdict
    assert "5 条" in str(verdict["message"]) and "0 条" in str(verdict["message"])
    code, report = check_cli(class_db, capsys)
    assert code == 1 and not report["healthy"]


def test_the_newest_entries_cut_off_with_the_head_moved_back_are_found(
    class_db: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    drop_triggers(con)
    con.execute("DELETE FROM audit_log WHERE id = 5")
    last = con.execute("SELECT hash FROM audit_log WHERE id = 4").fetchone()[0]
    con.execute(
        "UPDATE settings SET value = json_set(json_set(value, '$.count', 4), '$.hash', ?) "
        "WHERE key = 'audit_head'",
        (last,),
    )
    put_triggers_back(con)
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and verdict["ok"] is False, verdict


# --- c. the triggers dropped, nothing else ------------------------------------------------------


def test_dropped_triggers_are_found(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    drop_triggers(con)
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and verdict["ok"] is False, verdict
    assert "保护" in str(verdict["message"])
    code, report = check_cli(class_db, capsys)
    assert code == 1 and any("保护" in p for p in report["problems"])  # type: ignore[attr-defined]
    assert report["audit_problems"] == report["problems"]  # the data itself is sound


def test_a_trigger_replaced_by_one_that_refuses_nothing_is_found(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END")
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and "保护" in str(verdict["message"])


# --- the head outside the database --------------------------------------------------------------


def outside_file(db: Path) -> Path:
    """Where the head outside the database is kept: the key file, or ``<archive>.audit``."""
    key = keyfile.keyfile_path(db)
    return key if key.exists() else db.with_name(db.name + ".audit")


def test_the_head_is_kept_outside_the_database(class_db: Path) -> None:
    head = audit_chain.read_outside(class_db)
    assert head is not None and head.count == 5 and head.keyed_from == 1
    assert head.as_dict() == audit.head_record(class_db)
    if keyfile.keyfile_path(class_db).exists():
        assert not class_db.with_name("class.sqlite.audit").exists()
        assert keyfile.read_audit_head(class_db)["count"] == 5  # type: ignore[index]


def test_an_outside_head_behind_the_log_is_no_tampering(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    saved = outside_file(class_db).read_bytes()
    archive = open_archive(class_db)
    roster.add_pupil(archive, ProfileDraft(name="钱多"), TODAY)
    archive.close()
    outside_file(class_db).write_bytes(saved)  # as a crash before the head was written leaves it
    code, verdict = verify_cli(class_db, capsys)
    assert code == 0 and verdict["entries"] == 6 and verdict["outside_head"] == "behind", verdict


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ({"hash": "ab" * 32}, "档案外记下的第 5 条日志与档案里的不符"),
        ({"count": 9}, "档案外记下的日志有 9 条，档案里只有 5 条"),
        ({"keyed_from": 3}, "校验方式被改动过"),
    ],
)
def test_an_outside_head_ahead_or_not_in_the_log_is_found(
    class_db: Path, change: dict[str, object], found: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    head = {**audit.head_record(class_db), **change, "file": class_db.name}
    if keyfile.keyfile_path(class_db).exists():
        keyfile.write_audit_head(class_db, head)
    else:
        document = {"format": audit_chain.SIDECAR_FORMAT, "version": 1, "head": head}
        outside_file(class_db).write_text(json.dumps(document), encoding="utf-8")
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and found in str(verdict["message"]), verdict


def test_a_new_password_keeps_the_head_in_the_key_file(tmp_path: Path) -> None:
    db = make_archive(tmp_path, "encrypted")
    before = keyfile.read_audit_head(db)
    protection.change_password(db, PASSWORD, "另一个密码2027abc", params=FAST)
    assert keyfile.read_audit_head(db) == before
    archive = open_archive(db)
    assert audit.verify(archive).outside == "same"
    archive.close()


def test_the_key_is_derived_once_and_nothing_is_written_inside_a_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_archive(tmp_path, "encrypted")
    derived: list[int] = []
    written: list[int] = []
    real_derive, real_write = audit_chain.derived_key, audit.write_outside
    monkeypatch.setattr(audit_chain, "derived_key", lambda k: derived.append(1) or real_derive(k))
    monkeypatch.setattr(
        audit, "write_outside", lambda p, h: written.append(h.count) or real_write(p, h)
    )
    archive = open_archive(db)
    for n in range(20):
        with archive.transaction() as s:
            audit.log(s, audit.Action.CLASS_INFO, f"第 {n} 次")
    assert written == [] and derived == [1]  # once for this open archive, never per entry
    audit.record(archive, audit.Action.PRINT, "期末总结报告")
    assert written == [26]
    roster.add_pupil(archive, ProfileDraft(name="孙丽"), TODAY)
    assert written == [26]
    archive.close()
    assert written == [26, 27] and derived == [1]
    archive = open_archive(db)
    assert audit.verify(archive).ok and audit.verify(archive).outside == "same"
    archive.close()
    assert written == [26, 27]  # nothing logged: nothing written


# --- an old archive, a new one, a backup, a restore ---------------------------------------------


def test_an_old_archive_is_anchored_when_it_opens(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "archive-0006.sqlite", db)
    archive = open_archive(db, backups=tmp_path / "backups")
    before = audit.verify(archive)
    assert before.ok and before.keyed_from is None and "尚未改用密钥校验" in before.message
    verdict = audit.open_check(archive)
    assert verdict.ok and verdict.entries == before.entries + 1
    assert verdict.keyed_from == verdict.entries and verdict.outside == "same"
    newest = audit.entries(archive, limit=1)[0]
    assert (newest.action, newest.detail) == (audit.Action.SECURITY, "操作日志改用密钥校验")
    assert audit.open_check(archive).entries == verdict.entries  # once
    archive.close()
    con = raw(db)  # the old, SHA-chained entries rewritten with their hashes recomputed
    drop_triggers(con)
    con.execute("UPDATE audit_log SET detail = '别的内容' WHERE id = 3")
    rechain_with_sha(con)
    put_triggers_back(con)
    con.close()
    code, verdict_after = verify_cli(db, capsys)
    assert code == 1 and verdict_after["bad_entry"] == verdict.entries, verdict_after


def test_a_new_archive_where_an_old_one_was_starts_a_new_log(tmp_path: Path) -> None:
    db = make_archive(tmp_path, "plain")
    db.unlink()  # the old class deleted; its .audit file stays behind
    archive = open_archive(db)
    verdict = audit.open_check(archive)
    assert verdict.ok and verdict.entries == 1, verdict
    (first,) = audit.entries(archive)
    assert first.action == audit.Action.SECURITY and "5 条日志不在这份档案里" in first.detail
    roster.add_pupil(archive, ProfileDraft(name="周周"), TODAY)
    archive.close()
    assert audit_chain.read_outside(db) == audit_chain.Head.parse(audit.head_record(db))


def test_a_wiped_log_is_told_at_opening_and_its_evidence_kept(tmp_path: Path) -> None:
    db = make_archive(tmp_path, "plain")
    con = raw(db)
    drop_triggers(con)
    con.execute("DELETE FROM audit_log")
    con.execute("DELETE FROM settings WHERE key LIKE 'audit%'")
    put_triggers_back(con)
    con.close()
    archive = open_archive(db)
    assert not audit.open_check(archive).ok  # the class has pupils: not a new archive
    roster.add_pupil(archive, ProfileDraft(name="吴昊"), TODAY)
    audit.record(archive, audit.Action.PRINT, "x")
    archive.close()
    assert audit_chain.read_outside(db).count == 5  # type: ignore[union-attr]
    archive = open_archive(db)
    assert not audit.verify(archive).ok
    archive.close()


def test_a_backup_is_checked_against_the_head_kept_with_it(class_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "backup.sqlite"
    shutil.copyfile(class_db, copy)
    if keyfile.keyfile_path(class_db).exists():
        shutil.copyfile(keyfile.keyfile_path(class_db), keyfile.keyfile_path(copy))
    record = audit.head_record(class_db)
    assert record == {"count": 5, "hash": record["hash"], "keyed_from": 1}
    assert audit_chain.read_outside(copy) is None  # the archive's head names the archive
    audit.keep_head_beside(copy, record)
    assert copy.with_name("backup.sqlite.audit").is_file()
    if keyfile.keyfile_path(class_db).exists():  # a new password rewrites the backups' key files
        shutil.copyfile(keyfile.keyfile_path(class_db), keyfile.keyfile_path(copy))
    assert audit_chain.read_outside(copy) == audit_chain.Head.parse(record)
    assert check_archive(copy).healthy and check_archive(copy, audit_head=record).healthy
    con = raw(copy)
    drop_triggers(con)
    con.execute("DELETE FROM audit_log WHERE id > 3")
    last = con.execute("SELECT hash FROM audit_log WHERE id = 3").fetchone()[0]
    con.execute(
        "UPDATE settings SET value = json_set(json_set(value, '$.count', 3), '$.hash', ?) "
        "WHERE key = 'audit_head'",
        (last,),
    )
    put_triggers_back(con)
    con.close()
    report = check_archive(copy, audit_head=record)
    assert not report.healthy and any("档案外记下的日志有 5 条" in p for p in report.problems)
    assert not check_archive(copy).healthy


def test_a_restored_backup_starts_the_outside_head_again(class_db: Path, tmp_path: Path) -> None:
    older = tmp_path / "older.sqlite"
    shutil.copyfile(class_db, older)
    archive = open_archive(class_db)
    roster.add_pupil(archive, ProfileDraft(name="郑好"), TODAY)
    archive.close()
    shutil.copyfile(older, class_db)  # what a restore does to the file
    archive = open_archive(class_db)
    assert audit.verify(archive).outside == "differs"
    archive.close()
    audit.restart_outside_head(class_db)
    archive = open_archive(class_db)
    assert audit.verify(archive).ok
    archive.close()


def test_a_plain_archive_encrypted_later_keeps_its_chain(tmp_path: Path) -> None:
    db = make_archive(tmp_path, "plain")
    protection.encrypt_existing(db, PASSWORD, PASSWORD, params=FAST)
    archive = open_archive(db)
    assert audit.verify(archive).ok  # the random key went into the encrypted file with it
    roster.add_pupil(archive, ProfileDraft(name="冯晨"), TODAY)
    archive.close()
    assert keyfile.read_audit_head(db)["count"] == 6  # type: ignore[index]
    assert not db.with_name("class.sqlite.audit").exists()
    assert check_archive(db).healthy


def test_a_damaged_chain_key_is_found(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = make_archive(tmp_path, "plain")
    con = raw(db)
    con.execute("UPDATE settings SET value = '\"00\"' WHERE key = 'audit_key'")
    con.close()
    code, verdict = verify_cli(db, capsys)
    assert code == 1 and verdict["bad_entry"] == 1, verdict


# --- the window ---------------------------------------------------------------------------------


def test_the_window_tells_a_changed_log_as_the_archive_opens(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui.app import DeskApp
    from liushou_desk.ui.main_window import MainWindow

    from .ui_helpers import ScriptedPrompts

    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)
    db = make_archive(tmp_path, "plain")
    con = raw(db)
    drop_triggers(con)
    con.close()
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    assert [e for e in desk.prompts.errors if e.startswith("操作日志校验未通过")], (
        desk.prompts.errors
    )
    assert "保护" in desk.prompts.errors[-1]
    desk.window.close()
    desk.finish()


def test_a_copy_away_from_the_teachers_pc_is_checked_against_its_record(tmp_path: Path) -> None:
    from liushou_desk.db.encrypt import export_copy

    db = make_archive(tmp_path, "encrypted")
    record = audit.head_record(db)
    other = cipher.DataKey(bytes(range(32)))  # the principal's copy has a key of its own
    copy = tmp_path / "snapshot.sqlite"
    export_copy(db, copy, other)
    cipher.forget_all()
    cipher.remember(copy, other)
    verdict = audit.verify_copy(copy, record)
    assert verdict.ok and "只核对了前后衔接" in verdict.message, verdict
    con = raw(copy)
    drop_triggers(con)
    con.execute("DELETE FROM audit_log WHERE id = 5")
    last = con.execute("SELECT hash FROM audit_log WHERE id = 4").fetchone()[0]
    con.execute(
        "UPDATE settings SET value = json_set(json_set(value, '$.count', 4), '$.hash', ?) "
        "WHERE key = 'audit_head'",
        (last,),
    )
    put_triggers_back(con)
    con.close()
    verdict = audit.verify_copy(copy, record)
    assert not verdict.ok and "档案外记下的日志有 5 条" in verdict.message, verdict
    assert not audit.verify_copy(copy, {}).ok
