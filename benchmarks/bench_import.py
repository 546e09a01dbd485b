"""Roster import (导入名册): rows read, checked, matched and written, against a floor measured in
the same run on the same file — a plain openpyxl read-only pass (every row, values only), the
least any .xlsx import can cost. Goal (issue 20): ≤ 3× the floor.

Files, each imported into a fresh archive:
- the school roster with one header row (a title row above it) at 2,000, 9,999 and exactly
  10,000 children (the header never counts: 10,000 is accepted);
- the county 农村留守儿童 statistics sheet (title, 填报单位, two merged header rows, 留守类型,
  "—" cells, 合计 / 注 / signature rows under the table) at 2,000 and 10,000 children, written
  by tests/roster_corpus.py.

Every figure is taken in a fresh process, the floor and the import alternating (``--repeat``
times each, the best kept), so each has its own peak memory (RSS) and neither warms the other.
The import is ``ops.importing.import_file`` (what ``liushou-desk import`` does once the archive
is open), its libraries and modules loaded before the clock starts as openpyxl is for the floor;
for the 9,999-row roster the whole command — start-up included — is also timed against a
process that only makes the floor's pass. The re-import check (the same file planned against
the archive that now holds it) is timed once.

python benchmarks/bench_import.py [--repeat 3] [--quick] [--rows 2000 9999 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from child_run import in_child, peak_mib

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[1]
GOAL = 3.0


def plain_roster(folder: Path, rows: int) -> Path:
    """A school roster: a title, one header row, ``rows`` pupils."""
    from openpyxl import Workbook

    from liushou_desk.domain.idcard import check_digit

    rng = random.Random(1)
    surnames = "张王李刘陈杨黄赵吴周徐孙马朱胡郭何罗曾单"
    given = "冬月喆堃赟玥昳淏犇燊䶮子涵雨轩梓睿欣妍浩然思彤"
    book = Workbook(write_only=True)
    ws = book.create_sheet("名册")
    ws.append(["某校学生花名册"])
    ws.append(
        [
            "学生姓名",
            "性别",
            "出生日期",
            "身份证号码",
            "父亲电话",
            "监护人",
            "与学生关系",
            "监护人电话",
            "是否留守",
        ]
    )
    for i in range(rows):
        birth = date(2014, 9, 1) + timedelta(days=rng.randint(0, 700))
        first = f"511725{birth:%Y%m%d}{i % 1000:03d}"
        ws.append(
            [
                rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                "男" if int(first[-1]) % 2 else "女",
                birth.isoformat(),
                first + check_digit(first),
                f"138{rng.randrange(10**8):08d}",
                "李秀英",
                "奶奶",
                f"139{rng.randrange(10**8):08d}",
                rng.choice(["是", "否"]),
            ]
        )
    source = folder / f"roster_{rows}.xlsx"
    book.save(source)
    return source


def child_floor(source: Path) -> dict[str, Any]:
    """In a fresh process: one openpyxl read-only pass over the file, every row, values only."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(source, read_only=True, data_only=True)
    rows = 0
    for ws in book.worksheets:
        rows += sum(1 for _ in ws.iter_rows(values_only=True))
    book.close()
    return {"seconds": time.perf_counter() - start, "rss": peak_mib(), "rows": rows}


def child_import(source: Path, home: Path) -> dict[str, Any]:
    """In a fresh process: the file imported into a new archive; then the same file planned
    against the archive that holds it (the re-import check)."""
    # the libraries and modules loaded before the clock starts, as openpyxl is for the floor
    # (the whole command's figure, below, counts them)
    import openpyxl  # noqa: F401
    from sqlalchemy.orm import configure_mappers

    import liushou_desk.services.roster_import  # noqa: F401
    from liushou_desk.db.schema import open_archive
    from liushou_desk.io.table_reader import TableError
    from liushou_desk.ops import importing
    from liushou_desk.services.search import search_keys

    configure_mappers()
    search_keys("张")  # pypinyin, loaded the app's way (no phrase dictionary)

    archive = open_archive(home / f"{source.stem}-{time.monotonic_ns()}.sqlite")
    start = time.perf_counter()
    try:
        plan, outcome = importing.import_file(archive, source, TODAY)
    except TableError as exc:
        archive.close()
        return {"seconds": time.perf_counter() - start, "rss": peak_mib(), "refused": str(exc)}
    took, rss = time.perf_counter() - start, peak_mib()
    start = time.perf_counter()
    again = importing.plan(archive, source, TODAY)
    archive.close()
    return {
        "seconds": took,
        "rss": rss,
        "added": len(outcome.value.added),
        "problems": len(plan.problems),
        "again": time.perf_counter() - start,
        "unchanged": len(again.unchanged),
    }


def child_cli(source: Path, home: Path) -> dict[str, Any]:
    """The whole ``liushou-desk import FILE --db NEW`` command, as its own process."""
    db = home / f"cli-{time.monotonic_ns()}.sqlite"
    return _timed([sys.executable, "-m", "liushou_desk", "import", str(source), "--db", str(db)])


def child_floor_process(source: Path) -> dict[str, Any]:
    code = (
        "import sys; from openpyxl import load_workbook;"
        "b = load_workbook(sys.argv[1], read_only=True, data_only=True);"
        "n = sum(1 for ws in b.worksheets for _ in ws.iter_rows(values_only=True))"
    )
    return _timed([sys.executable, "-c", code, str(source)])


def _timed(command: list[str]) -> dict[str, Any]:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "rss": max(peak, before) / 1024}


def _run(kind: str, source: Path, home: Path) -> dict[str, Any]:
    """One measurement in a fresh interpreter (its own peak RSS)."""
    return in_child(__file__, kind, str(source), str(home))


def compare(label: str, source: Path, home: Path, repeat: int, pair: tuple[str, str]) -> None:
    """Floor and import alternating ``repeat`` times; the best of each, and their ratio."""
    floors, imports = [], []
    for _ in range(repeat):
        floors.append(_run(pair[0], source, home))
        imports.append(_run(pair[1], source, home))
    floor = min(floors, key=lambda r: r["seconds"])
    best = min(imports, key=lambda r: r["seconds"])
    if "refused" in best:
        print(f"{label}: REFUSED — {best['refused']}")
        return
    ratio = best["seconds"] / floor["seconds"]
    verdict = "ok" if ratio <= GOAL else "OVER GOAL"
    extra = ""
    if "added" in best:
        extra = f"; added {best['added']:.0f}, problem rows {best['problems']:.0f}"
    print(
        f"{label}: {best['seconds']:.2f} s, {best['rss']:.0f} MiB"
        f" | floor {floor['seconds']:.2f} s, {floor['rss']:.0f} MiB"
        f" | {ratio:.2f}× floor (goal ≤ {GOAL:.0f}×: {verdict}){extra}"
    )
    if "again" in best:
        print(
            f"    re-import check: {best['again']:.2f} s ({best['again'] / floor['seconds']:.2f}× "
            f"floor), unchanged {best['unchanged']:.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="alternations (best kept)")
    parser.add_argument("--quick", action="store_true", help="2,000 rows only")
    parser.add_argument("--rows", type=int, nargs="*", help="the school rosters' sizes")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        kind, source, home = args.child[0], Path(args.child[1]), Path(args.child[2])
        os.environ["LIUSHOU_HOME"] = str(home)
        runs = {
            "floor": lambda: child_floor(source),
            "import": lambda: child_import(source, home),
            "cli": lambda: child_cli(source, home),
            "floor-process": lambda: child_floor_process(source),
        }
        print(json.dumps(runs[kind]()))
        return 0
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from tests.roster_corpus import big_roster

    from liushou_desk.io.table_reader import MAX_ROWS

    print(f"roster import vs an openpyxl read-only pass (best of {args.repeat}, alternating)")
    pair = ("floor", "import")
    for rows in args.rows or ((2000,) if args.quick else (2000, 9999, MAX_ROWS)):
        source = plain_roster(tmp, rows)
        compare(f"{rows} rows, school roster (one header row)", source, tmp, args.repeat, pair)
    if not args.quick:
        source = tmp / "roster_9999.xlsx"
        label = "9999 rows, the whole command (liushou-desk import) vs a floor process"
        compare(label, source, tmp, args.repeat, ("floor-process", "cli"))
    for rows in (2000,) if args.quick else (2000, MAX_ROWS):
        sample = big_roster(tmp, rows)
        label = f"{rows} rows, county sheet (two header rows, notes under the table)"
        compare(label, sample.path, tmp, args.repeat, pair)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
