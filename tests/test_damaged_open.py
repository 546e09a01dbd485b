"""Opening or checking a file that turns out damaged writes nothing beside it: no ``-wal``, no
``-shm``, no byte of the file changed — checked read-only first (garbage bytes, a truncated
copy of a real archive, each with and without a leftover write-ahead log, and a truncated
encrypted archive unlocked with its password)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from liushou_desk.db import cipher
from liushou_desk.db.errors import ArchiveOpenError
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.db.schema import open_archive, probe_revision, quick_check
from liushou_desk.services import protection

FAST = KdfParams(time_cost=1, memory_kib=1024)
PASSWORD = "班主任的密码2026"


def listing(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` by name, with a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _leftover_wal(demo_db: Path) -> bytes:
    """A write-ahead log as a crash leaves it: written, never checkpointed."""
    live = demo_db.with_name("live.sqlite")
    shutil.copyfile(demo_db, live)
    con = sqlite3.connect(live)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE pupils SET address = address || '村'")
    con.commit()
    wal = Path(f"{live}-wal").read_bytes()
    con.close()
    assert wal
    return wal


def _garbage(demo_db: Path) -> bytes:
    return os.urandom(8192)


def _sqlite_garbage(demo_db: Path) -> bytes:
    return b"SQLite format 3\x00" + os.urandom(8192)


def _truncated(demo_db: Path) -> bytes:
    data = demo_db.read_bytes()
    return data[: len(data) // 2]


MAKERS: dict[str, Callable[[Path], bytes]] = {
    "garbage": _garbage,
    "sqlite-header-then-garbage": _sqlite_garbage,
    "truncated": _truncated,
}


@pytest.mark.parametrize("with_wal", [False, True], ids=["no-wal", "leftover-wal"])
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_refused_damaged_file_leaves_its_folder_as_it_was(
    demo_db: Path, tmp_path: Path, kind: str, with_wal: bool
) -> None:
    wal = _leftover_wal(demo_db) if with_wal else None
    folder = tmp_path / "stick"
    folder.mkdir()
    path = folder / "class.sqlite"
    path.write_bytes(MAKERS[kind](demo_db))
    if wal is not None:
        Path(f"{path}-wal").write_bytes(wal)
    before = listing(folder)

    with pytest.raises(ArchiveOpenError) as refused:
        open_archive(path, create=False, backups=tmp_path / "backups")
    assert "class.sqlite" in str(refused.value)
    assert listing(folder) == before
    with pytest.raises(ArchiveOpenError):  # the check alone, as `backup` and the window run it
        probe_revision(path)
        quick_check(path)
    assert listing(folder) == before
    assert not (tmp_path / "backups").exists()  # nothing was upgraded, nothing copied


def test_a_damaged_encrypted_archive_unlocked_with_its_password_leaves_nothing_beside_it(
    demo_db: Path, tmp_path: Path
) -> None:
    protection.encrypt_existing(demo_db, PASSWORD, PASSWORD, params=FAST)
    open_archive(demo_db, create=False).close()  # used once: in WAL mode, as the app leaves it
    cipher.forget_all()
    folder = tmp_path / "copy"
    folder.mkdir()
    path = folder / "class.sqlite"
    data = demo_db.read_bytes()
    path.write_bytes(data[: (len(data) // 2) // 1024 * 1024])  # whole pages: still "encrypted"
    shutil.copyfile(f"{demo_db}.key", f"{path}.key")
    before = listing(folder)

    # the key file's key may or may not open half a file: either way, nothing beside it
    with contextlib.suppress(protection.KeyFileError):
        protection.unlock(path, PASSWORD)
    assert listing(folder) == before
    with pytest.raises(ArchiveOpenError):
        open_archive(path, create=False)
    assert listing(folder) == before
