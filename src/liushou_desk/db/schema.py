"""Opening an archive file safely: refuse what is not ours, migrate what is behind.

Reading the stored schema revision needs only the database driver (db/cipher.py), so the
window can check a file before SQLAlchemy is loaded, and an archive already at the newest
schema opens without loading Alembic (start-up time matters).
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.db import cipher
from liushou_desk.db.cipher import SQLITE_MAGIC, connect_readonly
from liushou_desk.db.errors import ArchiveCorruptError, ArchiveEncryptedError, ArchiveOpenError
from liushou_desk.db.integrity import read_only, sqlite_check

if TYPE_CHECKING:  # SQLAlchemy is loaded only when an archive is really opened
    from liushou_desk.db.engine import Archive

# The newest revision this version of the app knows, and every earlier one, oldest first.
# A test keeps these in step with the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = tuple(f"{n:04d}" for n in range(1, 12))  # 0001 … 0011
HEAD_REVISION = KNOWN_REVISIONS[-1]
log = logging.getLogger(__name__)
__all__ = [
    "SQLITE_MAGIC",
    "ArchiveCorruptError",
    "ArchiveEncryptedError",
    "ArchiveOpenError",
    "connect_readonly",
]


def quick_check(path: Path) -> None:
    """Raise ArchiveCorruptError unless SQLite's quick_check finds the file sound (a few ms)."""
    result = sqlite_check(path)
    if result != "ok":
        raise ArchiveCorruptError(
            f"档案文件“{path.name}”已损坏，为保护数据没有打开它。（{_brief(result)}）"
        )


def refuse_emptied(path: Path) -> None:
    """An empty archive file whose write-ahead log survived was truncated: never start an
    empty class over it (SQLite would delete the log on connecting)."""
    wal = Path(f"{path}-wal")
    if path.exists() and path.stat().st_size == 0 and wal.exists() and wal.stat().st_size > 0:
        raise ArchiveCorruptError(
            f"档案文件“{path.name}”是空的，但旁边还有未写入的日志文件，档案可能被截断了。"
            "为保护数据没有打开它。"
        )


def _brief(detail: object) -> str:
    """SQLite's own words, kept short: the first line, for whoever looks into the file."""
    text = str(detail).strip().splitlines()[0] if str(detail).strip() else ""
    text = text.removeprefix("*** in database main ***").strip() or text
    return text[:80]


def probe_revision(path: Path) -> str | None:
    """The schema revision stored in an existing file, read without writing anything.

    Returns None for an empty database. Raises ArchiveOpenError for a file that is not a
    database or not one of ours.
    """
    if not cipher.is_sqlite_file(path) and not cipher.is_encrypted(path):
        raise ArchiveOpenError(f"“{path.name}”不是档案数据库文件（文件格式不对）。")
    stack = ExitStack()
    try:
        con = stack.enter_context(read_only(path))  # ArchiveEncryptedError: no key held for it
    except cipher.Error as exc:
        raise ArchiveOpenError(f"无法读取“{path.name}”：{_brief(exc)}") from exc
    with stack:
        try:
            return _stored_revision(con, path)
        except cipher.DatabaseError as exc:
            if cipher.is_encrypted(path):
                raise ArchiveEncryptedError(
                    f"“{path.name}”打不开：它是加密的档案但密钥不对，或者不是档案数据库文件。"
                ) from exc
            raise ArchiveCorruptError(
                f"档案文件“{path.name}”已损坏，为保护数据没有打开它。（{_brief(exc)}）"
            ) from exc


def _stored_revision(con: cipher.Connection, path: Path) -> str | None:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return None
    if "alembic_version" not in tables or "pupils" not in tables:
        raise ArchiveOpenError(f"“{path.name}”是数据库，但不是本软件的班级档案。")
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def open_archive(
    path: Path,
    *,
    create: bool = True,
    backups: Path | None = None,
    settle: bool = True,
    checked: bool = False,
) -> Archive:
    """Open (or create) the archive at ``path`` at the newest schema.

    A file behind the newest schema is copied to ``backups`` first, then upgraded; a file from
    a newer version of the app is refused without writing anything. ``settle``: a unique index
    on 身份证号 / 学籍号 left out for duplicates is made once they are put right (one query
    when nothing is missing; False for a read-only command, which never writes). ``checked``:
    the caller has just run ``quick_check`` on the file under the writer's lock (the window's
    first step): it is not read whole a second time. Any failure is an ``ArchiveOpenError``
    with a Chinese message; the archive returned has been connected to once.
    """
    from sqlalchemy.exc import SQLAlchemyError

    archive = None
    try:
        archive = _open(Path(path), create, backups, checked)
        with archive.engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM pupils")
        if settle:
            _settle_unique_ids(archive)
        return archive
    except ArchiveOpenError:
        raise
    except (OSError, cipher.Error, SQLAlchemyError) as exc:
        if archive is not None:
            archive.close()  # no connection may keep the file locked (Windows)
        reason = getattr(exc, "orig", None) or exc
        raise ArchiveOpenError(f"无法打开档案文件“{Path(path).name}”：{_brief(reason)}") from exc


def _settle_unique_ids(archive: Archive) -> None:
    """The unique indexes made once the duplicates are gone; never a reason not to open (a busy
    or full disk: tried again at the next opening)."""
    from sqlalchemy.exc import SQLAlchemyError

    from liushou_desk.db.unique_ids import settle

    try:
        settle(archive.engine)
    except SQLAlchemyError as exc:
        log.warning("唯一索引没有建立（下次打开时再试）：%s", type(exc).__name__)


def _open(path: Path, create: bool, backups: Path | None, checked: bool = False) -> Archive:
    from liushou_desk.db.engine import Archive, make_engine

    if path.is_dir():
        raise ArchiveOpenError(f"“{path}”是一个文件夹，不是档案文件。")
    if not path.exists() or path.stat().st_size == 0:
        refuse_emptied(path)
        if not create:
            raise ArchiveOpenError(f"找不到档案文件：{path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        return _create(path)

    revision = probe_revision(path)
    if revision is None:
        return _create(path)
    if not (checked and revision == HEAD_REVISION):
        quick_check(path)
    if revision == HEAD_REVISION:
        return Archive(path, make_engine(path))
    if revision not in KNOWN_REVISIONS:
        raise ArchiveOpenError(
            f"“{path.name}”由更新版本的留守儿童关爱档案创建（数据版本 {revision}），"
            "本版本无法打开。请安装最新版本后再打开；文件未作任何改动。"
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup_dir = backups or path.parent
    from liushou_desk.db.backup import snapshot_verified

    copy = snapshot_verified(
        path, _unused(backup_dir / f"{path.stem}.before-upgrade-{revision}-{stamp}")
    )
    engine = make_engine(path)
    try:
        from liushou_desk.db.migrate import upgrade_to_head

        upgrade_to_head(engine)
    except Exception as exc:
        engine.dispose()
        raise ArchiveOpenError(
            f"升级档案“{path.name}”失败：{exc}。升级前的副本保存在 {copy}。"
        ) from exc
    return Archive(path, engine)


def _unused(stem: Path, suffix: str = ".sqlite") -> Path:
    """``stem.sqlite``, or ``stem-2.sqlite`` … when taken: a backup never replaces another."""
    candidate = stem.with_name(stem.name + suffix)
    n = 2
    while candidate.exists():
        candidate = stem.with_name(f"{stem.name}-{n}{suffix}")
        n += 1
    return candidate


def _create(path: Path) -> Archive:
    """A new, empty archive at the newest schema (tables from the models, then stamped)."""
    from liushou_desk.db.engine import Archive, make_engine
    from liushou_desk.db.models import AUDIT_TRIGGERS, Base

    engine = make_engine(path)
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        for trigger in AUDIT_TRIGGERS:
            conn.exec_driver_sql(trigger)
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS alembic_version ("
            "version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.exec_driver_sql(
            "INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD_REVISION,)
        )
    return Archive(path, engine)
