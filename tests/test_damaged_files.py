"""Damaged archive files: each is refused with a Chinese message and left exactly as it was, or
opens as a consistent archive — never a traceback, a crash, a hang or a "repaired" file.

Every case is made in ``tmp_path`` from a real archive (the 45-pupil demo class, 31 pages of
4 KiB): truncated, bytes flipped or a page zeroed inside a b-tree page, a damaged page-size
field, and the write-ahead log (``-wal``) missing, from another archive, empty, or left next to
a zero-length file. Each case goes through ``open_archive``, ``check_archive`` and the window
(``--exit-after-startup`` in a subprocess).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import ArchiveOpenError, open_archive
from liushou_desk.services.check import check_archive

TODAY = date(2026, 11, 23)
CJK = re.compile(r"[\u4e00-\u9fff]")
APP_TIMEOUT = 60


# --- making the damaged files -----------------------------------------------------------------


def page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def btree_page_in_the_middle(data: bytes) -> int:
    """The 0-based index of the b-tree page nearest the middle of the file (never page 1)."""
    size = page_size(data)
    pages = len(data) // size
    middle = pages // 2
    for index in sorted(range(1, pages), key=lambda i: abs(i - middle)):
        if data[index * size] in (0x02, 0x05, 0x0A, 0x0D):  # index/table, interior/leaf
            return index
    raise AssertionError("no b-tree page in the file")


def truncate_to(path: Path, size: int) -> None:
    with path.open("r+b") as fh:
        fh.truncate(size)


def patch(path: Path, offset: int, new: bytes) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(new)


def flip_bytes(path: Path) -> None:
    """XOR a few seeded-random bytes of the header and cell pointers of a b-tree page."""
    data = bytearray(path.read_bytes())
    size = page_size(data)
    start = btree_page_in_the_middle(data) * size
    header = 12 if data[start] in (0x02, 0x05) else 8
    cells = int.from_bytes(data[start + 3 : start + 5], "big")
    rng = random.Random(20261123)
    for offset in rng.sample(range(header + 2 * cells), 8):
        data[start + offset] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))


def zero_page(path: Path) -> None:
    data = path.read_bytes()
    size = page_size(data)
    patch(path, btree_page_in_the_middle(data) * size, bytes(size))


def write_without_checkpoint(path: Path, names: list[str]) -> Callable[[], None]:
    """Add pupils through a connection that never checkpoints: the new pages stay in ``-wal``.

    Returns the function that closes the archive (which checkpoints), to be called after the
    files have been copied.
    """
    from sqlalchemy import event

    from liushou_desk.db.engine import Archive, make_engine
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.services import roster

    engine = make_engine(path)

    @event.listens_for(engine, "connect")
    def _no_autocheckpoint(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

    archive = Archive(path, engine)
    for n, name in enumerate(names):
        draft = ProfileDraft(
            name=name,
            birth_date="2016-03-01",
            village=f"青山镇{n + 1}组",
            address="四川省达州市渠县青山镇" + "幸福村" * 40,
        )
        roster.add_pupil(archive, draft, TODAY)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0, "the writes should still be in the -wal"
    return archive.close


def wal_of(path: Path) -> Path:
    return Path(f"{path}-wal")


NAMES = ["王晓燕", "李喆", "张堃", "刘玥", "陈赟", "杨昳", "赵淏", "黄犇"]


def make_wal_missing(demo: Path, work: Path) -> Path:
    """The archive file copied while its last writes were still only in the ``-wal``."""
    close = write_without_checkpoint(demo, NAMES)
    target = work / "copied.sqlite"
    shutil.copyfile(demo, target)
    close()
    return target


def make_wal_mismatched(demo: Path, work: Path) -> Path:
    """The demo class with the (non-empty) ``-wal`` of a different, smaller archive beside it."""
    other = work / "other" / "other.sqlite"
    other.parent.mkdir()
    open_archive(other).close()
    close = write_without_checkpoint(other, NAMES[:3])
    shutil.copyfile(wal_of(other), wal_of(demo))
    close()
    return demo


def make_wal_empty(demo: Path, work: Path) -> Path:
    wal_of(demo).write_bytes(b"")
    return demo


def make_empty_db_with_wal(demo: Path, work: Path) -> Path:
    """A zero-length archive file with the un-checkpointed ``-wal`` it had left beside it."""
    close = write_without_checkpoint(demo, NAMES)
    target = work / "emptied.sqlite"
    target.write_bytes(b"")
    shutil.copyfile(wal_of(demo), wal_of(target))
    close()
    return target


def in_place(damage: Callable[[Path], None]) -> Callable[[Path, Path], Path]:
    def make(demo: Path, work: Path) -> Path:
        damage(demo)
        return demo

    return make


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, Path], Path]
    damaged: bool  # truly damaged: check_archive must call it unhealthy


CASES: dict[str, Case] = {
    "truncated-to-100-bytes": Case(in_place(lambda p: truncate_to(p, 100)), True),
    "truncated-to-header-page": Case(
        in_place(lambda p: truncate_to(p, page_size(p.read_bytes()))), True
    ),
    "truncated-to-half": Case(in_place(lambda p: truncate_to(p, p.stat().st_size // 2)), True),
    "truncated-by-one-page": Case(
        in_place(lambda p: truncate_to(p, p.stat().st_size - page_size(p.read_bytes()))), True
    ),
    "bytes-flipped-in-btree-page": Case(in_place(flip_bytes), True),
    "page-zeroed": Case(in_place(zero_page), True),
    "page-size-invalid": Case(in_place(lambda p: patch(p, 16, (1000).to_bytes(2, "big"))), True),
    "page-size-wrong": Case(in_place(lambda p: patch(p, 16, (1024).to_bytes(2, "big"))), True),
    "wal-missing": Case(make_wal_missing, False),
    "wal-mismatched": Case(make_wal_mismatched, False),
    "wal-empty": Case(make_wal_empty, False),
    "empty-db-with-leftover-wal": Case(make_empty_db_with_wal, False),
}

# Cases that show a bug: kept as strict xfails until the bug is fixed.
XFAIL: dict[str, str] = {}


def params(names: list[str] | None = None) -> list[object]:
    return [
        pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=True, reason=XFAIL[name])])
        if name in XFAIL
        else pytest.param(name, id=name)
        for name in names or CASES
    ]


@pytest.fixture
def damaged(request: pytest.FixtureRequest, demo_db: Path, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return CASES[request.param].make(demo_db, work)


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def fingerprint(path: Path) -> tuple[str | None, str | None]:
    """The archive file and its ``-wal``: what a refusal must leave exactly as it was."""
    return sha(path), sha(wal_of(path))


def integrity_of_open_archive(archive: Archive) -> str:
    with archive.engine.connect() as connection:
        rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
        fk = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("SELECT count(*) FROM pupils").fetchone()
    result = "; ".join(r[0] for r in rows)
    return result if not fk else f"{result}; {len(fk)} broken foreign keys"


# --- the corpus is what it says -----------------------------------------------------------------


@pytest.mark.parametrize("damaged", [n for n, c in CASES.items() if c.damaged], indirect=True)
def test_the_damage_is_real(damaged: Path) -> None:
    """SQLite itself finds each truly damaged file unsound (else the cases test nothing)."""
    try:
        con = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            result = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    assert result != "ok"


# --- open_archive -------------------------------------------------------------------------------


@pytest.mark.parametrize("damaged", params(), indirect=True)
def test_open_archive_refuses_untouched_or_opens_consistent(damaged: Path, tmp_path: Path) -> None:
    before = fingerprint(damaged)
    try:
        archive = open_archive(damaged, backups=tmp_path / "backups")
    except ArchiveOpenError as exc:
        message = str(exc)
        assert CJK.search(message), message
        assert damaged.name in message, message
        assert fingerprint(damaged) == before, "a refused file was changed"
        return
    try:
        assert integrity_of_open_archive(archive) == "ok"
    finally:
        archive.close()


def test_a_missing_wal_opens_the_state_before_the_lost_writes(
    demo_db: Path, tmp_path: Path
) -> None:
    """Writes only in the missing ``-wal`` are lost, but what is left is whole and consistent."""
    copied = make_wal_missing(demo_db, tmp_path)
    archive = open_archive(copied, backups=tmp_path / "backups")
    try:
        assert integrity_of_open_archive(archive) == "ok"
        with archive.engine.connect() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM pupils").scalar()
        assert count == 45
    finally:
        archive.close()


def test_an_empty_wal_opens_the_archive_with_all_its_data(demo_db: Path, tmp_path: Path) -> None:
    make_wal_empty(demo_db, tmp_path)
    archive = open_archive(demo_db, backups=tmp_path / "backups")
    try:
        with archive.engine.connect() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM pupils").scalar()
        assert count == 45
    finally:
        archive.close()


def test_a_zero_length_archive_with_a_leftover_wal_is_refused_untouched(
    demo_db: Path, tmp_path: Path
) -> None:
    emptied = make_empty_db_with_wal(demo_db, tmp_path)
    before = fingerprint(emptied)
    assert before[1] is not None  # the -wal holds the last writes
    with pytest.raises(ArchiveOpenError) as refused:
        open_archive(emptied, backups=tmp_path / "backups").close()
    assert CJK.search(str(refused.value)) and emptied.name in str(refused.value)
    assert fingerprint(emptied) == before


# --- check_archive ------------------------------------------------------------------------------


@pytest.mark.parametrize("damaged", params(), indirect=True)
def test_check_archive_never_raises(damaged: Path, request: pytest.FixtureRequest) -> None:
    name = request.node.callspec.id
    before = fingerprint(damaged)
    report = check_archive(damaged)
    assert fingerprint(damaged) == before, "the check changed the file"
    if CASES[name].damaged:
        assert report.healthy is False
        assert report.problems
        assert all(CJK.search(p) for p in report.problems), report.problems


# --- the window ---------------------------------------------------------------------------------


def run_app(db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIUSHOU_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONIOENCODING"] = "utf-8"  # read as UTF-8 below, also on a Chinese Windows (GBK)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-m", "liushou_desk", "--db", str(db), "--exit-after-startup"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=APP_TIMEOUT,
        check=False,
    )


APP_CASES = list(CASES)  # every case: a run of the window takes about a second


@pytest.mark.parametrize("damaged", params(APP_CASES), indirect=True)
def test_the_window_refuses_or_opens_without_a_traceback(damaged: Path, tmp_path: Path) -> None:
    before = fingerprint(damaged)
    result = run_app(damaged, tmp_path / "home")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    if result.returncode == 1:
        assert CJK.search(result.stderr), result.stderr
        assert damaged.name in result.stderr, result.stderr
        assert fingerprint(damaged) == before, "a refused file was changed"
