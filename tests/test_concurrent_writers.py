"""Two writers at once: an import matches and writes in one immediate transaction, so a second
importer of the same roster — another program, even one the writer's lock does not stop (the
same file through another name) — waits, then finds the first one's pupils: as many pupils as
distinct 学籍号. A wait for another writer is bounded and said in Chinese; a number another
pupil holds (in the 回收站 too) is a problem row, never a second holder."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import Workbook

from liushou_desk.cli import main
from liushou_desk.db import engine as engine_module
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.ops import importing
from liushou_desk.services import roster

if TYPE_CHECKING:
    from liushou_desk.io.roster_plan import ImportPlan
    from liushou_desk.ops.archive import Archive
    from liushou_desk.ops.outcome import Outcome
    from liushou_desk.services.roster_import import ImportResult

TODAY = date(2026, 11, 23)
PUPILS = 300


def _id(n: int) -> str:
    first = f"5117252015{1 + n // 28 % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return first + check_digit(first)


def write_roster(path: Path, pupils: int = PUPILS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生日期", "身份证号", "学籍号"])
    for n in range(pupils):
        number = _id(n)
        born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        sheet.append([f"学生{n:03d}", "女男"[n % 2], born, number, f"G{number}"])
    book.save(path)
    return path


def counts(path: Path) -> tuple[int, int, int]:
    """Pupils, distinct 学籍号, distinct 身份证号."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT count(*), count(DISTINCT student_number), count(DISTINCT id_number) FROM pupils"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])
    finally:
        con.close()


def import_now(archive: Archive, path: Path) -> tuple[ImportPlan, Outcome[ImportResult]]:
    """Read, check and write at once, as the window does after its preview."""
    plan = importing.plan(archive, path, TODAY)
    return plan, importing.apply(archive, plan, TODAY)


IMPORTER = """
import sys, time
from pathlib import Path
from liushou_desk.ops import importing

barrier, me = Path(sys.argv[1]), sys.argv[2]
real = importing.apply

def apply(*args, **kwargs):
    # both programs have read the roster before either writes: the worst moment
    (barrier / me).touch()
    deadline = time.monotonic() + 15
    while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    start = time.monotonic()
    try:
        return real(*args, **kwargs)
    finally:
        print(f"APPLY {me} {start:.3f} {time.monotonic():.3f}", file=sys.stderr)

importing.apply = apply
# a writer the writer's lock does not stop (an older version, a network share, another name
# for the file): only the database's own locking keeps the two apart
from liushou_desk.db import lock
lock.ArchiveLock.acquire = lambda self: self
from liushou_desk.cli import main
sys.exit(main(sys.argv[3:]))
"""


def test_two_programs_importing_one_roster_at_once_add_each_pupil_once(tmp_path: Path) -> None:
    roster_file = write_roster(tmp_path / "名册.xlsx")
    db = tmp_path / "class.sqlite"
    open_archive(db).close()
    alias = tmp_path / "同一个档案.sqlite"
    alias.symlink_to(db.name)  # another name: another writer's lock, the same file
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    started = time.monotonic()
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                IMPORTER,
                str(barrier),
                name,
                "import",
                str(roster_file),
                "--db",
                str(path),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, path in (("a", db), ("b", alias))
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    elapsed = time.monotonic() - started
    for run, (_out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    said = sorted(out.strip() for out, _err in outputs)
    assert said == [
        f"已新增 0 人，已更新 0 人，{PUPILS} 人无变化。",
        f"已新增 {PUPILS} 人，已更新 0 人，0 人无变化。",
    ]
    assert counts(db) == (PUPILS, PUPILS, PUPILS)
    spans = sorted(
        (float(a), float(b))
        for _out, err in outputs
        for line in err.splitlines()
        if line.startswith("APPLY")
        for a, b in [line.split()[2:4]]
    )
    first, second = spans
    waited = first[1] - second[0]  # the second began while the first wrote, and waited
    print(f"two imports of {PUPILS}: {elapsed:.1f} s in all; the second waited {waited:.2f} s")
    assert elapsed < 20


def test_the_window_applies_a_preview_after_another_writer_imported_the_same_roster(
    tmp_path: Path,
) -> None:
    """The preview was made before another program wrote: applying it finds that program's
    pupils (unchanged), adds none twice."""
    roster_file = write_roster(tmp_path / "名册.xlsx", 20)
    db = tmp_path / "class.sqlite"
    window = open_archive(db)
    try:
        preview = importing.plan(window, roster_file, TODAY)
        assert len(preview.added) == 20
        other = open_archive(db)  # another program, same file
        try:
            import_now(other, roster_file)
        finally:
            other.close()
        result = importing.apply(window, preview, TODAY).value
        assert result.added == [] and len(preview.unchanged) == 20 and not preview.added
    finally:
        window.close()
    assert counts(db) == (20, 20, 20)


# SQLite's locks are the OS's, per program: the other writer must be another program
HOLDER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()
con.execute("ROLLBACK")
"""


def test_a_wait_for_another_writer_is_bounded_and_said_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    roster_file = write_roster(tmp_path / "名册.xlsx", 5)
    db = tmp_path / "class.sqlite"
    open_archive(db).close()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300, raising=False)
    holder = subprocess.Popen(  # another program is writing, and takes its time
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        code = main(["import", str(roster_file), "--db", str(db)])
        waited = time.monotonic() - start
    finally:
        holder.communicate("", timeout=30)  # it lets go (ROLLBACK) and ends
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == "导入名册未完成：另一个程序正在写入这个档案，请稍后再试。"
    assert waited < 5
    assert counts(db) == (0, 0, 0)


def test_a_number_held_in_the_recycle_bin_is_a_problem_row_not_a_second_holder(
    tmp_path: Path,
) -> None:
    roster_file = write_roster(tmp_path / "名册.xlsx", 3)
    db = tmp_path / "class.sqlite"
    archive = open_archive(db)
    try:
        import_now(archive, roster_file)
        gone = next(r.id for r in roster.list_roster(archive, TODAY) if r.name == "学生001")
        roster.delete_pupil(archive, gone, "转学")
        plan, outcome = import_now(archive, roster_file)
        (problem,) = plan.problems
        assert problem.row == 3 and problem.name == "学生001"
        assert "回收站中的“学生001”相同" in problem.message
        assert outcome.value.added == []
        roster.restore_pupil(archive, gone)  # she comes back: no one else holds her numbers
    finally:
        archive.close()
    assert counts(db) == (3, 3, 3)


def test_a_number_another_pupil_holds_never_reaches_the_archive(tmp_path: Path) -> None:
    """A row matched by its 身份证号 brings a 学籍号 another pupil holds: a problem row."""
    db = tmp_path / "class.sqlite"
    archive = open_archive(db)
    try:
        import_now(archive, write_roster(tmp_path / "a.xlsx", 2))
        book = Workbook()
        book.active.append(["姓名", "身份证号", "学籍号"])
        book.active.append(["学生000", _id(0), f"G{_id(1)}"])  # 学生001's 学籍号
        book.save(tmp_path / "b.xlsx")
        plan, outcome = import_now(archive, tmp_path / "b.xlsx")
        (problem,) = plan.problems
        assert "学籍号与档案中的“学生001”相同" in problem.message
        assert outcome.value.written == 0
    finally:
        archive.close()
    assert counts(db) == (2, 2, 2)
