"""加密连接: the one place where connections to archive files are made.

Every connection goes through SQLCipher 4 (the ``sqlcipher3`` driver). A file the teacher
protected with a password is encrypted page by page with a random 256-bit data key (数据密钥);
a file without one (the demo class, an archive made before encryption) is plain SQLite, which
SQLCipher reads and writes like SQLite itself.

The data keys this process has unlocked are held here (钥匙串), by archive file: whatever opens
a file — the first paint, the schema probe, SQLAlchemy, backups, the check — calls ``connect``,
which applies the file's key as the very first statement. A copy of an archive (a backup, the
snapshot for the principal) is encrypted with the same key, so for a file not registered the
held keys are tried in turn; a file no held key opens raises ArchiveEncryptedError.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2 as dbapi

from liushou_desk.db.errors import ArchiveEncryptedError

SQLITE_MAGIC = b"SQLite format 3\x00"
Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError
if TYPE_CHECKING:  # sqlcipher3 has no type hints; its connections are pysqlite's, API for API
    from sqlite3 import Connection
else:
    Connection = dbapi.Connection


@dataclass(frozen=True)
class DataKey:
    """数据密钥: the 32 random bytes that encrypt one archive. Never printed or logged."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise ValueError("a data key has 32 bytes")

    def __repr__(self) -> str:
        return "DataKey(…)"

    @property
    def pragma(self) -> str:
        """The key statement: a raw key, so SQLCipher skips its own slow key derivation."""
        return f"PRAGMA key = \"x'{self.raw.hex()}'\""


_lock = threading.Lock()
_by_file: dict[str, DataKey] = {}
_quiet = False


def _name(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def remember(path: Path, key: DataKey) -> None:
    """Hold ``key`` for the archive at ``path`` (and try it on copies of it)."""
    with _lock:
        _by_file[_name(path)] = key


def forget_all() -> None:
    """Drop every key this process holds (tests; the app at exit)."""
    with _lock:
        _by_file.clear()


def _head(path: Path) -> bytes | None:
    """The first bytes of the file, or None when there is no file."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return None


def is_sqlite_file(path: Path) -> bool:
    """A plain SQLite database file (it starts with SQLite's header)."""
    return _head(path) == SQLITE_MAGIC


def is_plain(path: Path) -> bool:
    """True for a plain SQLite file, a missing or an empty one; False for anything else
    (an encrypted archive, or a file that is no database at all)."""
    return _head(path) in (None, b"", SQLITE_MAGIC)


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` looks like an encrypted archive: no SQLite header, and whole pages."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size > 0 and size % 1024 == 0 and not is_plain(path)


def _silence() -> None:
    """SQLCipher writes each failed decryption to stderr; a wrong key is not news."""
    global _quiet
    if not _quiet:
        con = dbapi.connect(":memory:")
        try:
            con.execute("PRAGMA cipher_log_level = NONE")
        finally:
            con.close()
        _quiet = True


def _open(target: str, key: DataKey | None, uri: bool, **kwargs: object) -> Connection:
    _silence()
    con = dbapi.connect(target, uri=uri, **kwargs)  # type: ignore[arg-type]
    if key is not None:
        con.execute(key.pragma)
    con.execute("PRAGMA temp_store = MEMORY")  # sorting and temporary tables never touch the disk
    return con


def opens_with(path: Path, key: DataKey) -> bool:
    """Whether ``key`` decrypts the file at ``path`` (read-only, leaves nothing behind: a
    plain ``mode=ro`` open of a file in WAL mode would leave a ``-wal`` and ``-shm``)."""
    try:
        con = connect_readonly(path, key=key)
    except dbapi.Error:
        return False
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except dbapi.DatabaseError:
        return False
    finally:
        con.close()


def key_for(path: Path) -> DataKey | None:
    """The key for the file at ``path``: None for a plain file; raises ArchiveEncryptedError
    for an encrypted file no held key opens."""
    if is_plain(path):
        try:
            new = path.stat().st_size == 0
        except FileNotFoundError:
            new = True
        return _by_file.get(_name(path)) if new else None
    with _lock:
        known = _by_file.get(_name(path))
        held = list(dict.fromkeys(_by_file.values()))  # each key once, oldest first
    if known is not None:
        return known
    for key in held:
        if opens_with(path, key):
            remember(path, key)
            return key
    raise ArchiveEncryptedError(f"档案“{path.name}”已加密，需要先输入密码解锁。")


def _uri(path: Path) -> str:
    return Path(path).resolve().as_uri()


def connect(path: Path, *, key: DataKey | None = None, **kwargs: object) -> Connection:
    """A read-write connection to the archive file at ``path``, its key applied (a new file
    gets the key held for its path, so it is created encrypted)."""
    return _open(str(path), key or key_for(path), False, **kwargs)


def connect_readonly(path: Path, *, key: DataKey | None = None) -> Connection:
    """Open a database file for reading without leaving anything behind.

    A file that was closed cleanly (no ``-wal`` beside it) is opened as immutable, so SQLite
    creates no ``-wal``/``-shm`` files next to it (on a principal's USB stick, say); a file
    with a pending write-ahead log is opened read-only in the normal way so the log is read.
    """
    key = key or key_for(path)
    if Path(f"{path}-wal").exists():
        return _open(f"{_uri(path)}?mode=ro", key, True)
    return _open(f"{_uri(path)}?mode=ro&immutable=1", key, True)
