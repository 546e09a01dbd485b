"""操作日志改用密钥校验: the chain keyed with HMAC-SHA256 (the archive's data key, or a random key
for a plain archive), its head kept also outside the database (the key file, or a ``.audit``
file beside a plain archive), and the triggers that keep the log append-only checked — on real
SQLite and SQLCipher archives, attacked the way someone with the file and a SQLite tool could."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest

from liushou_desk.cli import main
from liushou_desk.db import cipher
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.db.models import AUDIT_TRIGGERS
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services import audit, protection, roster

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
    assert "被改动" in str(verdict["message"])
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


def test_a_trigger_replaced_by_one_that_refuses_nothing_is_found(class_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    con = raw(class_db)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END")
    con.close()
    code, verdict = verify_cli(class_db, capsys)
    assert code == 1 and "保护" in str(verdict["message"])
