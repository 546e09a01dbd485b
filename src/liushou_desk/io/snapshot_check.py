"""数据副本检查 (checking the archive's snapshot): the database in the principal's archive
(数据/档案.sqlite) is checked, just unpacked, before anything reads it — it came in a file
someone may have crafted, and SQLite runs what a database's schema says (views, triggers,
generated columns) when it is read or changed.

Refused, each with a Chinese ``ArchiveReadError``: a file that is no database or does not
decrypt with the archive's key; more pages than the file holds; damage (SQLite's
``quick_check``); a view, a virtual table, a generated column, an unknown collation, or a
trigger other than the 操作日志's own two; a missing table or column of this version's schema
(db/models.py) — of the tables the principal's window reads, for an older revision; a schema
revision this version does not know; more rows than any class has; a roster that does not read.
Every statement of the check runs on a read-only connection with ``trusted_schema`` off and a
time limit (``MAX_SECONDS``), so nothing hangs.

A snapshot from an older version is upgraded — the private, unpacked copy, never the archive —
only after it passed the check (so no trigger of its own runs), under the same limits, and is
then checked again at the newest revision. ``open_checked`` opens it for the growth card without
ever upgrading it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.db import cipher
from liushou_desk.db.cipher import DataKey
from liushou_desk.db.errors import ArchiveOpenError
from liushou_desk.db.schema import HEAD_REVISION, KNOWN_REVISIONS
from liushou_desk.io.archive_manifest import ArchiveReadError

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive

MAX_SECONDS = 30.0  # the whole check (or an upgrade) of one snapshot
MAX_ROWS = {"pupils": 10_000, "parents": 40_000, "guardians": 40_000}  # a class has ≤ 100
ROSTER_TABLES = ("pupils", "parents", "guardians", "alembic_version")  # there from the start
SAFE_COLLATIONS = frozenset({"BINARY", "NOCASE", "RTRIM"})
_COLLATE = re.compile(r"COLLATE\s+[\"'`\[]?(\w+)", re.IGNORECASE)
DAMAGED = "数据副本已损坏或被改动，为安全起见没有打开"


def _refuse(reason: str) -> ArchiveReadError:
    return ArchiveReadError(f"{DAMAGED}（{reason}）。")


def _squeezed(sql: str) -> str:
    return " ".join(sql.split())


def _allowed_triggers() -> dict[str, str]:
    from liushou_desk.db.models import AUDIT_TRIGGERS

    return {_squeezed(sql).split()[2]: _squeezed(sql) for sql in AUDIT_TRIGGERS}


def _limit(con: cipher.Connection, seconds: float) -> None:
    """``trusted_schema`` off, and every statement stopped once ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    con.execute("PRAGMA trusted_schema = OFF")
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)


def _schema(rows: list[tuple[str, str, str | None]]) -> set[str]:
    """The tables, after refusing what would run when read or changed."""
    allowed = _allowed_triggers()
    tables = set()
    for kind, name, sql in rows:
        text = _squeezed(sql or "")
        if kind == "view":
            raise _refuse(f"含有视图“{name}”")
        if kind == "trigger" and allowed.get(name) != text:
            raise _refuse(f"含有不认识的触发器“{name}”")
        if kind == "table":
            if text.upper().startswith("CREATE VIRTUAL"):
                raise _refuse(f"含有虚拟表“{name}”")
            tables.add(name)
        unknown = {c.upper() for c in _COLLATE.findall(text)} - SAFE_COLLATIONS
        if unknown:
            raise _refuse(f"“{name}”用了不认识的排序规则")
    return tables


def _revision(con: cipher.Connection, tables: set[str]) -> str:
    if "alembic_version" not in tables:
        raise _refuse("没有数据版本")
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise _refuse("数据版本不对")
    revision: str = rows[0][0]
    if revision not in KNOWN_REVISIONS:
        raise ArchiveReadError(
            f"数据副本由更新版本的软件导出（数据版本 {revision[:20]}），本版本无法读取。"
            "请安装最新版本后再打开。"
        )
    return revision


def _expected(revision: str) -> dict[str, set[str]]:
    """The tables and columns a snapshot at ``revision`` must have: this version's schema at
    the newest revision, the roster's tables (by name) before it."""
    if revision != HEAD_REVISION:
        return {name: set() for name in ROSTER_TABLES}
    from liushou_desk.db.models import Base

    return {t.name: {c.name for c in t.columns} for t in Base.metadata.tables.values()}


def _tables(con: cipher.Connection, revision: str, tables: set[str]) -> None:
    for table in sorted(tables):
        hidden = con.execute(
            "SELECT count(*) FROM pragma_table_xinfo(?) WHERE hidden != 0", (table,)
        ).fetchone()[0]
        if hidden:
            raise _refuse(f"表“{table}”含有计算列")
    for table, columns in _expected(revision).items():
        if table not in tables:
            raise _refuse(f"缺少表“{table}”")
        found = {r[0] for r in con.execute("SELECT name FROM pragma_table_xinfo(?)", (table,))}
        if columns - found:
            raise _refuse(f"表“{table}”缺少列“{sorted(columns - found)[0]}”")
    for table, most in MAX_ROWS.items():
        if con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] > most:
            raise _refuse(f"表“{table}”的行数多得不合理")


def _checked(path: Path, key: DataKey | None) -> str:
    """The schema revision of the snapshot at ``path``, after every check."""
    if key is None and not cipher.is_sqlite_file(path):
        raise _refuse("不是数据库文件")
    try:
        con = cipher.connect_readonly(path, key=key)
    except (cipher.Error, ArchiveOpenError) as exc:
        raise _refuse("无法打开") from exc
    try:
        _limit(con, MAX_SECONDS)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.DatabaseError as exc:
            if key is None or "interrupt" in str(exc):
                raise
            raise ArchiveReadError("数据副本无法解密，档案可能已损坏或被改动。") from exc
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        pages = int(con.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher: a str
        if pages * page_size > size:
            raise _refuse("页数比文件大")
        rows = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        tables = _schema(rows)
        result = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
        if result != ["ok"]:
            raise _refuse(f"完整性检查未通过：{str(result[0])[:60]}")
        revision = _revision(con, tables)
        _tables(con, revision, tables)
        return revision
    except cipher.DatabaseError as exc:
        if "interrupt" in str(exc):
            raise _refuse(f"检查超过 {MAX_SECONDS:.0f} 秒") from exc
        raise _refuse(str(exc)[:60]) from exc
    finally:
        con.close()


def _engine(path: Path, setup: Callable[[cipher.Connection], None]):  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    from liushou_desk.db.engine import make_engine

    engine = make_engine(path)
    event.listen(engine, "connect", lambda dbapi_con, _record: setup(dbapi_con))
    return engine


def _upgrade(path: Path, revision: str) -> None:
    """The private copy at ``path`` brought to the newest schema (it passed the check)."""
    from sqlalchemy.exc import SQLAlchemyError

    from liushou_desk.db.migrate import upgrade_to_head

    engine = _engine(path, lambda con: _limit(con, MAX_SECONDS))
    try:
        upgrade_to_head(engine)
    except (SQLAlchemyError, cipher.Error) as exc:
        raise ArchiveReadError(
            f"数据副本来自旧版本（数据版本 {revision}），无法升级到本版本，为安全起见没有打开。"
        ) from exc
    finally:
        engine.dispose()


def _roster_reads(path: Path) -> None:
    """The roster the window shows, read once: values no roster has are refused here, not in
    the window. Anything at all may fail on a crafted file: each is said as damage."""
    from datetime import date

    from liushou_desk.db.first_paint import read_roster_facts
    from liushou_desk.services.roster_rows import build_rows

    try:
        build_rows(read_roster_facts(path), date.today())
    except Exception as exc:  # a crafted value: a date that is none, a code no enum has …
        raise _refuse(f"名册无法读取：{type(exc).__name__}") from exc


def check_snapshot(path: Path, key: DataKey | None) -> None:
    """Check the unpacked snapshot at ``path`` (encrypted with ``key``; None: a plain one, as
    format 1 wrote it), upgrading this private copy when it is from an older version; the key
    is held by ``cipher`` afterwards. ArchiveReadError in Chinese when it is refused."""
    revision = _checked(path, key)
    if key is not None:
        cipher.remember(path, key)  # the upgrade's and the roster's connections use it
    if revision != HEAD_REVISION:
        _upgrade(path, revision)
        _checked(path, key)  # again, at the newest revision: every table and column
    _roster_reads(path)


def _untrusted(con: cipher.Connection) -> None:
    con.execute("PRAGMA trusted_schema = OFF")


def open_checked(path: Path) -> Archive:
    """The checked snapshot at ``path`` for reading (the growth card), at the newest schema —
    never upgraded here — its connections with ``trusted_schema`` off."""
    from liushou_desk.db.engine import Archive
    from liushou_desk.db.schema import probe_revision

    try:
        revision = probe_revision(path)
    except ArchiveOpenError as exc:
        raise ArchiveReadError(str(exc)) from exc
    if revision != HEAD_REVISION:
        raise _refuse(f"数据版本 {revision} 不是本版本的")
    engine = _engine(path, _untrusted)
    return Archive(path, engine)
