"""完整性检查 (integrity checks): what SQLite itself says of an archive file or a backup, read
without writing — used before opening, after a backup and before a restore.

Reading leaves nothing beside the file (``read_only``): a file closed cleanly is read as
immutable; a file whose write-ahead log (``-wal``) survived without its ``-shm`` is read from a
private copy of both, since SQLite would otherwise create a ``-shm`` next to it — and a damaged
file that is refused must be left exactly as it was found.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.db import cipher

if TYPE_CHECKING:
    from liushou_desk.db.cipher import Connection, DataKey


@contextmanager
def read_only(path: Path, *, key: DataKey | None = None) -> Iterator[Connection]:
    """A read-only connection to the file at ``path`` that writes nothing beside it; closed
    (and any private copy removed) when the block ends. Raises ArchiveEncryptedError for an
    encrypted file no held key opens, ``cipher.Error`` when SQLite cannot open it."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if not wal.exists() or shm.exists():  # immutable, or a live log SQLite reads in place
        con = cipher.connect_readonly(path, key=key)
        try:
            yield con
        finally:
            con.close()
        return
    key = key or cipher.key_for(path)
    with tempfile.TemporaryDirectory(prefix="liushou-check-") as scratch:
        copy = Path(scratch) / "archive.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        con = cipher.connect_readonly(copy, key=key)
        try:
            yield con
        finally:
            con.close()


def sqlite_check(path: Path, pragma: str = "quick_check") -> str:
    """``ok``, or what SQLite's ``quick_check`` / ``integrity_check`` found wrong."""
    try:
        with read_only(path) as con:
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except cipher.DatabaseError as exc:
        return str(exc)
    return "; ".join(r[0] for r in rows)[:500]
