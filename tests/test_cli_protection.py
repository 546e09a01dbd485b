"""The command line and encrypted archives: LIUSHOU_PASSWORD unlocks, a new archive made
while it is set is encrypted, and without it every command stops with a clear "locked"
message — never waiting for typed input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liushou_desk.cli import main
from liushou_desk.db import cipher, keyfile
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.db.schema import SQLITE_MAGIC

from .test_cli import run

PASSWORD = "命令行的密码2026"


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key files made by these tests cost milliseconds, not the real half second."""
    monkeypatch.setattr(keyfile, "calibrate", lambda *a, **k: KdfParams(1, 1024))


@pytest.fixture
def encrypted_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_kdf: None) -> Path:
    db = tmp_path / "enc.sqlite"
    monkeypatch.setenv("LIUSHOU_PASSWORD", PASSWORD)
    assert main(["make-demo", str(db), "--pupils", "8", "--seed", "5"]) == 0
    monkeypatch.delenv("LIUSHOU_PASSWORD")
    cipher.forget_all()
    return db


def test_make_demo_with_a_password_makes_an_encrypted_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_kdf: None, capsys
) -> None:
    db = tmp_path / "made.sqlite"
    monkeypatch.setenv("LIUSHOU_PASSWORD", PASSWORD)
    assert main(["make-demo", str(db), "--pupils", "3"]) == 0
    assert "已加密" in capsys.readouterr().out
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    assert keyfile.keyfile_path(db).is_file()
    monkeypatch.delenv("LIUSHOU_PASSWORD")
    assert main(["make-demo", str(tmp_path / "plain.sqlite"), "--pupils", "3"]) == 0
    assert (tmp_path / "plain.sqlite").read_bytes()[:16] == SQLITE_MAGIC


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--db", "{db}"],
        ["due", "--db", "{db}"],
        ["export-xlsx", "--db", "{db}", "--out", "{tmp}/out.xlsx"],
        ["backup", "--db", "{db}"],
        ["report", "--db", "{db}", "--out", "{tmp}/r.pdf"],
        ["audit-verify", "--db", "{db}"],
        ["import", "{tmp}/none.csv", "--db", "{db}"],
    ],
)
def test_without_the_password_every_command_says_locked(
    encrypted_db: Path, tmp_path: Path, command: list[str], capsys
) -> None:
    before = encrypted_db.read_bytes()
    argv = [a.format(db=encrypted_db, tmp=tmp_path) for a in command]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "已加密（已锁定）" in err and "LIUSHOU_PASSWORD" in err
    assert encrypted_db.read_bytes() == before
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "r.pdf").exists()


def test_with_the_password_commands_work(
    encrypted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("LIUSHOU_PASSWORD", PASSWORD)
    assert main(["check", "--db", str(encrypted_db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["healthy"] and report["encrypted"] and report["counts"]["pupils"] == 8
    assert main(["audit-verify", "--db", str(encrypted_db)]) == 0
    out = tmp_path / "all.xlsx"
    assert main(["export-xlsx", "--db", str(encrypted_db), "--out", str(out)]) == 0
    assert out.is_file()


def test_a_wrong_password_says_so(
    encrypted_db: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("LIUSHOU_PASSWORD", "not-it-at-all")
    assert main(["check", "--db", str(encrypted_db)]) == 1
    assert "密码不对" in capsys.readouterr().err


def test_import_into_a_new_archive_with_a_password_encrypts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_kdf: None, capsys
) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("姓名,性别,出生日期\n张小明,男,2015-03-02\n", encoding="utf-8")
    db = tmp_path / "new.sqlite"
    monkeypatch.setenv("LIUSHOU_PASSWORD", PASSWORD)
    assert main(["import", str(roster), "--db", str(db)]) == 0
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    assert "张小明".encode() not in db.read_bytes()


def test_the_window_smoke_test_never_waits_for_a_password(encrypted_db: Path, tmp_path) -> None:
    locked = run("--db", str(encrypted_db), "--exit-after-startup", env_home=tmp_path)
    assert locked.returncode == 1
    assert "已加密（已锁定）" in locked.stderr
    opened = run(
        "--db", str(encrypted_db), "--exit-after-startup", env_home=tmp_path, password=PASSWORD
    )
    assert opened.returncode == 0, opened.stderr


def test_restore_onto_a_lost_archive_with_the_backups_key_file(
    encrypted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("LIUSHOU_PASSWORD", PASSWORD)
    backup = tmp_path / "backup.sqlite"
    assert main(["backup", "--db", str(encrypted_db), "--out", str(backup)]) == 0
    assert keyfile.keyfile_path(backup).is_file()
    encrypted_db.unlink()
    keyfile.keyfile_path(encrypted_db).unlink()  # the archive and its key file are gone
    cipher.forget_all()
    assert main(["restore", str(backup), "--db", str(encrypted_db)]) == 0
    cipher.forget_all()
    assert main(["check", "--db", str(encrypted_db)]) == 0
    assert "加密：是" in capsys.readouterr().out
