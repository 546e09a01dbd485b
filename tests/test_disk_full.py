"""A full disk: ``import``, ``backup`` and ``restore`` (and the window's background actions) say
磁盘已满 in Chinese, naming what was being done — exit code 1, no traceback — and leave the
archive exactly as it was (same bytes, same rows), with no temporary or truncated file behind:
no ``.partial``, no half safety copy under a final name, and a healthy archive never called
damaged because its own safety copy could not be written."""

from __future__ import annotations

import errno
import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from liushou_desk.cli import main
from liushou_desk.db import backup as db_backup
from liushou_desk.db import cipher
from liushou_desk.db import engine as engine_module
from liushou_desk.services.backups import backup_folder, take_backup

FULL = "No space left on device"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name → hash of its bytes)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): _digest(p) for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, FULL)


def _half_then_full(src: object, dst: object, *args: object, **kwargs: object) -> None:
    """shutil.copyfile on a disk that fills up half-way: half the bytes written, then ENOSPC."""
    data = Path(str(src)).read_bytes()
    Path(str(dst)).write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, FULL, str(dst))


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Errno" not in err and FULL not in err


def _roster(path: Path, pupils: int = 3) -> Path:
    book = Workbook()
    book.active.append(["姓名", "性别", "学籍号"])
    for i in range(pupils):
        book.active.append([f"新同学{i}", "男", f"G5117252015{i:07d}"])
    book.save(path)
    return path


def _rows(db: Path) -> list[tuple[object, ...]]:
    import sqlite3

    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return con.execute("SELECT * FROM pupils ORDER BY id").fetchall()
    finally:
        con.close()


def _sqlite_full_on_insert(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite reports SQLITE_FULL at the first INSERT of every engine made from now on."""
    from sqlalchemy import event

    real = engine_module.make_engine

    def full_engine(path: Path):  # type: ignore[no-untyped-def]
        made = real(path)

        @event.listens_for(made, "before_cursor_execute")
        def _full(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            if statement.lstrip().upper().startswith("INSERT"):
                raise cipher.OperationalError("database or disk is full")

        return made

    monkeypatch.setattr(engine_module, "make_engine", full_engine)


# --- import -----------------------------------------------------------------------------------


def test_import_on_a_full_disk_says_so_and_changes_nothing(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    roster = _roster(tmp_path / "名册.xlsx")
    rows = _rows(demo_db)
    before = listing(demo_db.parent / "home")
    _sqlite_full_on_insert(monkeypatch)

    code = main(["import", str(roster), "--db", str(demo_db)])

    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == "磁盘已满，导入名册未完成；档案未受影响。请腾出空间后再试。"
    _no_traceback(err)
    assert _rows(demo_db) == rows
    assert not Path(f"{demo_db}-wal").exists() and not Path(f"{demo_db}-shm").exists()
    assert listing(demo_db.parent / "home") == before
    leftovers = {p.name for p in demo_db.parent.iterdir()} - {
        demo_db.name,
        demo_db.name + ".lock",
        "名册.xlsx",
        "home",
    }
    assert leftovers == set()


# --- backup -----------------------------------------------------------------------------------


def test_backup_on_a_full_disk_says_so_and_leaves_no_file(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "stick"
    out.mkdir()
    digest = _digest(demo_db)
    monkeypatch.setattr(db_backup, "_fsync", _disk_full)

    code = main(["backup", "--db", str(demo_db), "--out", str(out)])

    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == "磁盘已满，备份档案未完成；档案未受影响。请腾出空间后再试。"
    _no_traceback(err)
    assert _digest(demo_db) == digest
    assert list(out.iterdir()) == []


# --- restore ----------------------------------------------------------------------------------


@pytest.fixture
def with_backup(demo_db: Path) -> tuple[Path, Path]:
    """The archive and a verified backup of it, taken before the disk filled up."""
    return demo_db, take_backup(demo_db, tag="manual").path


def _restore_refused(
    db: Path, backup: Path, capsys: pytest.CaptureFixture[str], before: dict[str, str]
) -> None:
    digest, rows = _digest(db), _rows(db)
    code = main(["restore", str(backup), "--db", str(db)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == "磁盘已满，从备份恢复未完成；档案未受影响。请腾出空间后再试。"
    _no_traceback(err)
    assert _digest(db) == digest and _rows(db) == rows
    assert listing(backup_folder(db)) == before  # no safety copy, whole or half, no .partial
    beside = {p.name for p in db.parent.iterdir()} - {db.name, db.name + ".lock", "home"}
    assert beside == set()  # no .restoring, no -wal, no -shm


def test_restore_on_a_full_disk_leaves_no_truncated_safety_copy(
    with_backup: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, backup = with_backup
    before = listing(backup_folder(db))
    monkeypatch.setattr(db_backup, "_fsync", _disk_full)  # the verified copy cannot be flushed
    monkeypatch.setattr(shutil, "copyfile", _half_then_full)  # a plain copy fills the disk
    _restore_refused(db, backup, capsys, before)


def test_restore_never_calls_a_healthy_archive_damaged_when_its_copy_fails(
    with_backup: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SQLite itself finds the disk full while copying the archive (SQLITE_FULL): the archive is
    healthy, so no "damaged" copy is made and nothing is replaced."""
    db, backup = with_backup
    before = listing(backup_folder(db))
    real = cipher.connect

    def full_copy(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(path).endswith(".partial"):
            raise cipher.OperationalError("database or disk is full")
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cipher, "connect", full_copy)
    _restore_refused(db, backup, capsys, before)
    assert not [p for p in backup_folder(db).iterdir() if "damaged" in p.name]


def test_a_damaged_archive_is_still_kept_byte_for_byte_through_a_temporary_name(
    with_backup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, backup = with_backup
    data = bytearray(db.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4096] = b"\x00" * 4096  # a page zeroed: integrity_check fails
    db.write_bytes(bytes(data))
    assert main(["restore", str(backup), "--db", str(db)]) == 0
    (kept,) = [p for p in backup_folder(db).iterdir() if "damaged" in p.name]
    assert kept.read_bytes() == bytes(data)
    assert not [p for p in backup_folder(db).iterdir() if p.name.endswith(".partial")]


# --- the window's background actions ----------------------------------------------------------


def test_a_background_action_on_a_full_disk_is_said_in_chinese(
    qtbot, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from PySide6.QtWidgets import QWidget

    from liushou_desk.db.schema import open_archive
    from liushou_desk.ops import importing
    from liushou_desk.ops.failures import ActionFailed
    from liushou_desk.ops.undo import UndoHistory
    from liushou_desk.ui.runner import Runner

    roster = _roster(tmp_path / "名册.xlsx")
    rows = _rows(demo_db)
    _sqlite_full_on_insert(monkeypatch)
    archive = open_archive(demo_db, create=False)
    try:
        plan = importing.plan(archive, roster, date(2026, 11, 23))
        parent = QWidget()
        qtbot.addWidget(parent)
        runner = Runner(parent, lambda _c: None, UndoHistory(), lambda _t, _d: None)
        errors: list[Exception] = []
        task = runner.run(
            "正在导入…",
            lambda _p: importing.apply(archive, plan, date(2026, 11, 23)),
            lambda _v: None,
            errors.append,
            writes=True,
            quiet=True,
        )
        with qtbot.waitSignal(task.finished, timeout=10000):
            pass
    finally:
        archive.close()
    (error,) = errors
    assert isinstance(error, ActionFailed)
    assert str(error) == "磁盘已满，导入未完成；档案未受影响。请腾出空间后再试。"
    assert _rows(demo_db) == rows


def test_another_file_error_names_the_file_in_chinese(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unexpected OSError that is not a full disk: the file named, no traceback."""
    import liushou_desk.cli.backups as cli_backups

    def denied(_db: Path, _out: Path | None) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "备份.sqlite"))

    monkeypatch.setattr(cli_backups, "_backup", denied)
    code = main(["backup", "--db", str(demo_db)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith("备份档案未完成：无法读写文件“备份.sqlite”（没有权限")
    _no_traceback(err)
