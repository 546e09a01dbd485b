"""The one place where database engines are made.

SQLite connections (made by db/cipher.py, through SQLCipher) run with WAL, ``synchronous=FULL``
and foreign keys on. The driver is told to leave transactions to SQLAlchemy, which issues
``BEGIN`` itself, so schema changes (DDL) are transactional too and a failed migration rolls
back whole (SQLAlchemy's documented recipe for pysqlite).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


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
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


class Archive:
    """班级档案: an open class archive — one database file and its sessions."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
