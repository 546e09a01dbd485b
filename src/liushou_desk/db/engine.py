"""The one place where database engines are made.

SQLite connections (made by db/cipher.py, through SQLCipher) run with WAL, ``synchronous=FULL``
and foreign keys on. The driver is told to leave transactions to SQLAlchemy, which issues
``BEGIN`` itself, so schema changes (DDL) are transactional too and a failed migration rolls
back whole (SQLAlchemy's documented recipe for pysqlite).

A unit of work that reads and then writes what it read (导入名册: who is already there, then
the new pupils) asks for ``transaction(immediate=True)``: ``BEGIN IMMEDIATE`` takes SQLite's
write lock before the first read, so a second writer — another program on the same file —
waits its turn and then reads what the first one wrote. Every wait for another writer is
bounded (``BUSY_TIMEOUT_MS``) and then said in Chinese (``ArchiveBusyError``); a write SQLite
refuses for a second holder of a 身份证号 or 学籍号 becomes a ``DuplicateIdError`` naming the
field and the child (db/unique_ids.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another program's write, at most
BUSY = "另一个程序正在写入这个档案，请稍后再试。"


class ArchiveBusyError(Exception):
    """Another program held the archive's write lock longer than ``BUSY_TIMEOUT_MS``."""


def make_engine(path: Path) -> Engine:
    """An engine whose every connection comes from db/cipher.py: keyed when the file is
    encrypted (the key is applied before SQLAlchemy sends anything)."""
    from liushou_desk.db import cipher

    key = cipher.key_for(path)
    engine = create_engine(
        f"sqlite:///{path}",
        module=cipher.dbapi,
        creator=lambda: cipher.connect(path, key=key, check_same_thread=False),
        future=True,
        hide_parameters=True,  # an error never carries a child's name or notes into a log
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see the event below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("liushou_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_busy(exc: BaseException) -> bool:
    """SQLite gave up waiting for another writer."""
    return "database is locked" in str(getattr(exc, "orig", exc))


class Archive:
    """班级档案: an open class archive — one database file and its sessions."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = engine.execution_options(liushou_immediate=True)

    @contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any error.

        ``immediate``: the write lock is taken before the block runs (``BEGIN IMMEDIATE``),
        waiting at most ``BUSY_TIMEOUT_MS`` for another writer — so everything the block reads
        stays true until it commits."""
        session = self._sessions(bind=self._writer) if immediate else self._sessions()
        try:
            if immediate:
                session.connection()  # BEGIN IMMEDIATE now, before the block's first read
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            said = self._said(exc)
            if said is None:
                raise
            raise said from exc
        finally:
            session.close()

    def _said(self, exc: BaseException) -> Exception | None:
        """A busy archive or a second holder of a number, in Chinese; None for the rest."""
        from sqlalchemy.exc import IntegrityError, OperationalError

        if isinstance(exc, OperationalError) and is_busy(exc):
            return ArchiveBusyError(BUSY)
        if isinstance(exc, IntegrityError):
            from liushou_desk.db.unique_ids import duplicate_error

            return duplicate_error(exc, self.engine)
        return None

    def close(self) -> None:
        self.engine.dispose()
