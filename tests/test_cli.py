"""The command line contract: make-demo, check, --version, --exit-after-startup, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_desk import __version__
from liushou_desk.cli import main


def run(
    *args: str, env_home: Path, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The app as a separate process, never given typed input; ``password`` goes in
    LIUSHOU_PASSWORD."""
    env = {**os.environ, "LIUSHOU_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LIUSHOU_PASSWORD", None)
    if password is not None:
        env["LIUSHOU_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "liushou_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"liushou-desk {__version__}"


def test_make_demo_then_check(tmp_path, capsys):
    db = tmp_path / "demo.sqlite"
    assert main(["make-demo", str(db), "--pupils", "12", "--seed", "3"]) == 0
    assert "已生成示例班级（12 名学生）" in capsys.readouterr().out
    assert main(["check", "--db", str(db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["healthy"] is True
    assert report["integrity"] == "ok"
    assert report["counts"]["pupils"] == 12
    assert report["revision"] == report["head_revision"]


def test_make_demo_refuses_an_existing_file(tmp_path, capsys):
    db = tmp_path / "taken.sqlite"
    db.write_bytes(b"teacher's own notes")
    assert main(["make-demo", str(db)]) == 1
    assert "文件已存在" in capsys.readouterr().err
    assert db.read_bytes() == b"teacher's own notes"


def test_check_reports_a_file_that_is_not_an_archive(tmp_path, capsys):
    db = tmp_path / "notes.sqlite"
    db.write_text("这不是数据库", encoding="utf-8")
    before = sha(db)
    assert main(["check", "--db", str(db)]) == 1
    assert "不是档案数据库文件" in capsys.readouterr().err
    assert sha(db) == before


def test_check_of_a_missing_file(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / "nowhere.sqlite")]) == 1
    assert "找不到档案文件" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--pupils"],
        ["make-demo"],
        ["check"],
        ["--no-such-option"],
        ["make-demo", "x", "--pupils", "many"],
    ],
)
def test_bad_arguments_exit_2_with_a_chinese_message(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert "参数有误" in capsys.readouterr().err


def test_db_in_a_missing_folder_is_refused(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "no" / "such" / "class.sqlite")]) == 1
    assert "文件夹不存在" in capsys.readouterr().err


def test_window_starts_on_the_demo_and_exits(demo_db, tmp_path):
    result = run("--db", str(demo_db), "--exit-after-startup", env_home=tmp_path / "home")
    assert result.returncode == 0, result.stderr


def test_demo_flag_creates_the_demo_in_the_data_folder(tmp_path):
    home = tmp_path / "home"
    result = run("--demo", "--exit-after-startup", env_home=home)
    assert result.returncode == 0, result.stderr
    assert (home / "demo" / "demo-class.sqlite").exists()


def test_window_refuses_a_newer_archive_untouched(demo_db, tmp_path):
    import sqlite3

    con = sqlite3.connect(demo_db)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    before = sha(demo_db)
    result = run("--db", str(demo_db), "--exit-after-startup", env_home=tmp_path / "home")
    assert result.returncode == 1
    assert "更新版本" in result.stderr
    assert sha(demo_db) == before


def test_window_refuses_a_file_that_is_not_a_database(tmp_path):
    db = tmp_path / "photo.sqlite"
    db.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    before = sha(db)
    result = run("--db", str(db), "--exit-after-startup", env_home=tmp_path / "home")
    assert result.returncode == 1
    assert "不是档案数据库文件" in result.stderr
    assert sha(db) == before


def test_no_display_on_linux_is_a_message_not_an_abort(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["--db", str(tmp_path / "class.sqlite")]) == 1
    assert "没有可用的图形界面" in capsys.readouterr().err
    assert not (tmp_path / "class.sqlite").exists()
