"""Opening archive files: engine settings, schema in step with the migrations, refusing what
is not ours (without touching it), health checks and transactions."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from liushou_desk.db import schema
from liushou_desk.db.engine import Archive, make_engine
from liushou_desk.db.models import Base, Parent, Pupil
from liushou_desk.db.schema import ArchiveOpenError, open_archive, probe_revision
from liushou_desk.services.check import TABLES, check_archive

NOW = datetime(2026, 11, 23, 9, 30)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def new_archive(path: Path, pupils: int = 0) -> Path:
    """A closed archive file holding ``pupils`` pupils."""
    archive = open_archive(path)
    try:
        with archive.transaction() as s:
            for i in range(pupils):
                s.add(
                    Pupil(
                        name=f"学生{i:03d}",
                        personality="性格开朗，乐于助人。" * 20,
                        created_at=NOW,
                        updated_at=NOW,
                    )
                )
    finally:
        archive.close()
    assert sidecars(path) == []  # closing checkpoints the WAL back into the file
    return path


def scalar(archive: Archive, sql: str) -> object:
    with archive.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar()


# --- engine ---------------------------------------------------------------------------------


def test_open_archive_creates_a_wal_file_with_foreign_keys_on(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "class.sqlite"
    archive = open_archive(path)
    try:
        assert path.is_file()
        assert path.read_bytes()[:16] == b"SQLite format 3\x00"
        assert scalar(archive, "PRAGMA journal_mode") == "wal"
        assert scalar(archive, "PRAGMA foreign_keys") == 1
        assert scalar(archive, "PRAGMA synchronous") == 2  # FULL
        assert scalar(archive, "SELECT version_num FROM alembic_version") == schema.HEAD_REVISION
    finally:
        archive.close()
    # WAL mode is recorded in the file header (bytes 18 and 19 are 2 for WAL).
    assert path.read_bytes()[18:20] == b"\x02\x02"
    assert probe_revision(path) == schema.HEAD_REVISION


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        with pytest.raises(IntegrityError), archive.transaction() as s:
            s.add(Parent(pupil_id=999, role="父亲"))
            s.flush()
    finally:
        archive.close()


def test_reopening_an_archive_keeps_its_data(tmp_path: Path) -> None:
    path = new_archive(tmp_path / "class.sqlite", pupils=3)
    archive = open_archive(path, create=False)
    try:
        with archive.transaction() as s:
            assert s.scalar(select(func.count(Pupil.id))) == 3
    finally:
        archive.close()


def test_an_exception_inside_a_transaction_rolls_back(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        with pytest.raises(RuntimeError, match="断电"), archive.transaction() as s:
            pupil = Pupil(name="张冬月", created_at=NOW, updated_at=NOW)
            s.add(pupil)
            s.flush()
            assert pupil.id is not None  # really sent to the database...
            raise RuntimeError("断电")
        with archive.transaction() as s:
            assert s.scalar(select(func.count(Pupil.id))) == 0  # ...and rolled back
        with archive.transaction() as s:
            s.add(Pupil(name="李明", created_at=NOW, updated_at=NOW))
        with archive.transaction() as s:
            assert s.scalars(select(Pupil.name)).all() == ["李明"]
    finally:
        archive.close()


# --- schema vs migrations -------------------------------------------------------------------


def structure(path: Path) -> dict[str, object]:
    """Tables, columns, indexes, foreign keys and constraint names, independent of how the
    CREATE statements were laid out."""
    con = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in sorted(tables):
            sql = con.execute(
                "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)
            ).fetchone()[0]
            indexes = {}
            for _seq, name, unique, origin, partial in con.execute(f'PRAGMA index_list("{table}")'):
                cols = [r[2] for r in con.execute(f'PRAGMA index_info("{name}")')]
                key = name if origin == "c" else f"{origin}:{','.join(cols)}"
                indexes[key] = (unique, origin, partial, cols)
            out[table] = {
                "columns": con.execute(f'PRAGMA table_info("{table}")').fetchall(),
                "indexes": indexes,
                "foreign_keys": sorted(  # without SQLite's numbering, which follows the order
                    row[2:] for row in con.execute(f'PRAGMA foreign_key_list("{table}")')
                ),
                "constraints": sorted(re.findall(r"CONSTRAINT (\w+)", sql)),
            }
        return out
    finally:
        con.close()


def normalised_sql(path: Path) -> set[tuple[str, str, str]]:
    """sqlite_master with whitespace squeezed and table constraints put in order."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        out = set()
        for kind, name, sql in rows:
            text = " ".join(sql.split()).replace("( ", "(").replace(" )", ")")
            if kind == "table":
                head, _, body = text.partition("(")
                body = body.removesuffix(")")
                parts = sorted(p.strip() for p in re.split(r",(?![^(]*\))", body))
                text = head + "(" + ", ".join(parts) + ")"
            out.add((kind, name, text))
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def created_and_migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("schemas")
    created = new_archive(folder / "created.sqlite")
    migrated = folder / "migrated.sqlite"
    migrated.touch()
    from liushou_desk.db.migrate import upgrade_to_head

    engine = make_engine(migrated)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    return created, migrated


def test_created_schema_matches_the_migrations(created_and_migrated: tuple[Path, Path]) -> None:
    created, migrated = created_and_migrated
    a, b = structure(created), structure(migrated)
    assert sorted(a) == sorted(b)
    for table in a:
        assert a[table] == b[table], table
    assert normalised_sql(created) == normalised_sql(migrated)
    assert set(TABLES) <= set(a)


def test_migrated_archive_is_stamped_at_head(created_and_migrated: tuple[Path, Path]) -> None:
    _, migrated = created_and_migrated
    assert probe_revision(migrated) == schema.HEAD_REVISION
    archive = open_archive(migrated, create=False)  # opens without migrating again
    archive.close()


@pytest.mark.parametrize("which", [0, 1])
def test_models_and_database_agree(created_and_migrated: tuple[Path, Path], which: int) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(created_and_migrated[which])
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_known_revisions_match_the_migration_scripts() -> None:
    from liushou_desk.db.migrate import script_revisions

    revisions = script_revisions()
    assert list(schema.KNOWN_REVISIONS) == revisions
    assert revisions[-1] == schema.HEAD_REVISION


# --- refusing what is not ours --------------------------------------------------------------


def test_a_text_file_renamed_sqlite_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "名单.sqlite"
    path.write_text("姓名,性别\n张冬月,女\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ArchiveOpenError) as exc:
        open_archive(path)
    assert "不是档案数据库文件" in str(exc.value)
    assert "名单.sqlite" in str(exc.value)
    assert path.read_bytes() == before
    assert sidecars(path) == []


def test_a_foreign_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
    con.execute("INSERT INTO accounts (owner) VALUES ('会计')")
    con.commit()
    con.close()
    before = sha256(path)
    with pytest.raises(ArchiveOpenError) as exc:
        open_archive(path)
    assert "不是本软件的班级档案" in str(exc.value)
    assert sha256(path) == before
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"accounts"}


def test_an_archive_from_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    path = new_archive(folder / "class.sqlite", pupils=2)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    assert sidecars(path) == []
    before = sha256(path)

    with pytest.raises(ArchiveOpenError) as exc:
        open_archive(path)
    message = str(exc.value)
    assert "更新版本" in message
    assert "9999" in message
    assert "未作任何改动" in message
    assert sha256(path) == before
    # Nothing new in the folder: no -wal/-shm side files, no backup copy, no upgrade.
    assert [p.name for p in folder.iterdir()] == ["class.sqlite"]


def test_check_leaves_nothing_beside_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    path = new_archive(folder / "class.sqlite", pupils=2)
    before = sha256(path)
    assert check_archive(path).healthy
    assert [p.name for p in folder.iterdir()] == ["class.sqlite"]
    assert sha256(path) == before


def test_another_programs_alembic_database_is_not_called_newer(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    con.execute("INSERT INTO alembic_version VALUES ('abc123')")
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    with pytest.raises(ArchiveOpenError, match="不是本软件的班级档案"):
        open_archive(path)


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArchiveOpenError, match="文件夹"):
        open_archive(tmp_path)
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(ArchiveOpenError, match="找不到档案文件"):
        open_archive(missing, create=False)
    assert not missing.exists()


def test_an_empty_file_becomes_a_new_archive(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    open_archive(path).close()
    assert probe_revision(path) == schema.HEAD_REVISION


# --- 档案体检 --------------------------------------------------------------------------------


def test_check_of_a_healthy_archive(tmp_path: Path) -> None:
    path = new_archive(tmp_path / "class.sqlite", pupils=5)
    report = check_archive(path)
    assert report.healthy is True
    assert report.problems == []
    assert report.integrity == "ok"
    assert report.revision == schema.HEAD_REVISION
    assert report.counts == {
        "archive_info": 0,
        "terms": 0,
        "pupils": 5,
        "parents": 0,
        "guardians": 0,
        "archive_changes": 0,
        "records": 0,
        "record_versions": 0,
        "record_participants": 0,
        "drafts": 0,
        "settings": 0,
    }
    assert report.as_dict()["healthy"] is True


def test_check_of_a_corrupted_copy(tmp_path: Path) -> None:
    original = new_archive(tmp_path / "class.sqlite", pupils=200)
    size = original.stat().st_size
    assert size > 40 * 4096  # many pages
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(original, copy)
    garbage = bytes((i * 37 + 11) % 256 for i in range(3 * 4096))
    with copy.open("r+b") as fh:
        fh.seek((size // 2) // 4096 * 4096)
        fh.write(garbage)

    report = check_archive(copy)
    assert report.healthy is False
    assert report.problems
    assert any("完整性检查未通过" in p or "损坏" in p for p in report.problems)
    # The original is untouched and still healthy.
    assert check_archive(original).healthy is True


def test_check_of_a_truncated_copy(tmp_path: Path) -> None:
    original = new_archive(tmp_path / "class.sqlite", pupils=200)
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(original, copy)
    with copy.open("r+b") as fh:
        fh.truncate(original.stat().st_size // 2)
    report = check_archive(copy)
    assert report.healthy is False
    assert any("损坏" in p or "完整性" in p for p in report.problems)


def test_check_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.sqlite"
    report = check_archive(path)
    assert report.healthy is False
    assert report.problems == [f"找不到档案文件：{path}"]
    assert not path.exists()


def test_check_of_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"hello")
    report = check_archive(path)
    assert report.healthy is False
    assert "不是档案数据库文件" in report.problems[0]


def test_check_of_an_archive_from_a_newer_version(tmp_path: Path) -> None:
    path = new_archive(tmp_path / "class.sqlite")
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    report = check_archive(path)
    assert report.healthy is False
    assert report.revision == "9999"
    assert any("9999" in p for p in report.problems)


def test_a_file_that_cannot_be_opened_gives_a_chinese_message(tmp_path: Path) -> None:
    path = new_archive(tmp_path / "class.sqlite", pupils=1)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE pupils")  # damaged by some other program
    con.commit()
    con.close()
    with pytest.raises(ArchiveOpenError, match=r"“class\.sqlite”"):
        open_archive(path)
