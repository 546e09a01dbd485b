"""Every command that writes takes the writer's lock, as the window does: while another window
holds the archive, each refuses with a Chinese message, exit 1, the archive's bytes untouched
and no output file written. ``--help`` (in Chinese) and ``--version`` load nothing heavy."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from liushou_desk.cli import main
from liushou_desk.db.lock import ArchiveLock


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _roster(path: Path) -> Path:
    book = Workbook()
    book.active.append(["姓名", "性别"])
    book.active.append(["新同学", "男"])
    book.save(path)
    return path


WRITERS = {
    "import": lambda db, out: ["import", str(_roster(out.with_suffix(".xlsx"))), "--db", str(db)],
    "export-xlsx": lambda db, out: ["export-xlsx", "--db", str(db), "--out", str(out) + ".xlsx"],
    "report": lambda db, out: ["report", "--db", str(db), "--out", str(out) + ".pdf"],
    "card": lambda db, out: [
        "card",
        "--db",
        str(db),
        "--pupil",
        "吴𬌗",
        "--out",
        str(out) + ".pdf",
    ],
    "export-archive": lambda db, out: ["export-archive", "--db", str(db), "--out", str(out.parent)],
    "restore": lambda db, out: [
        "restore",
        str(out.parent.parent / "backup.sqlite"),
        "--db",
        str(db),
    ],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_writer_waits_for_no_one_and_writes_nothing_under_an_open_window(
    command: str, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "backup.sqlite").write_bytes(demo_db.read_bytes())
    argv = WRITERS[command](demo_db, out / "result")
    before = _digest(demo_db)
    made_before = set(out.iterdir())
    lock = ArchiveLock(demo_db).acquire()  # the teacher's window has the archive open
    try:
        assert main(argv) == 1
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert "已在另一个窗口中打开" in err and demo_db.name in err
    assert _digest(demo_db) == before
    assert set(out.iterdir()) == made_before  # no PDF, workbook or archive left behind


def test_make_demo_refuses_a_path_a_window_is_creating(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "class.sqlite"
    lock = ArchiveLock(target).acquire()
    try:
        assert main(["make-demo", str(target), "--pupils", "3"]) == 1
    finally:
        lock.release()
    assert "已在另一个窗口中打开" in capsys.readouterr().err
    assert not target.exists()


def test_help_is_in_chinese_and_loads_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from liushou_desk.cli import main\n"
        "for argv in (['--help'], ['card', '--help'], ['--version']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('sqlalchemy', 'reportlab', 'openpyxl', 'PySide6')\n"
        "print('HEAVY', [m for m in heavy if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "HEAVY []" in result.stdout
    assert "用法：liushou-desk" in result.stdout
    assert (
        "选项" in result.stdout and "命令" in result.stdout and "显示本帮助后退出" in result.stdout
    )
    assert "生成学生的成长记录卡（PDF，可以一次多名）" in result.stdout  # card's own help
    assert "--pupil" in result.stdout and "学生姓名（或学籍号）" in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout


def test_a_mistyped_command_line_is_explained_in_chinese(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(["card", "--db", "x.sqlite"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "缺少必填参数" in err and "--out" in err


def test_one_archive_under_two_names_shares_one_lock(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link (or a share mapped twice) to the archive is the same archive: a writer through it
    waits for no one and writes nothing while the window holds the real file."""
    alias = tmp_path / "link" / "同一份档案.sqlite"
    alias.parent.mkdir()
    alias.symlink_to(demo_db)
    before = _digest(demo_db)
    lock = ArchiveLock(demo_db).acquire()
    try:
        roster = _roster(tmp_path / "roster.xlsx")
        assert main(["import", str(roster), "--db", str(alias)]) == 1
    finally:
        lock.release()
    assert "已在另一个窗口中打开" in capsys.readouterr().err
    assert _digest(demo_db) == before
