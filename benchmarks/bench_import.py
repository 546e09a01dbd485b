"""Roster import (导入名册): rows read, checked, matched and written. Targets (issues 5 and 14):
2,000 rows ≤ 2 s, 10,000 rows ≤ 8 s.

Three files, each imported into a fresh archive:
- the school roster with one header row (the issue-5 figure, ``--rows``);
- the county 农村留守儿童 statistics sheet (title, 填报单位, two merged header rows, 留守类型,
  "—" cells, 合计 / 注 / signature rows under the table) with 2,000 and with 10,000 children,
  written by tests/roster_corpus.py.

Each figure is also given against a floor measured in the same run on the same file: a plain
openpyxl read-only pass (every row, values only) — the least any .xlsx import can cost.

python benchmarks/bench_import.py [--rows 2000] [--county 2000] [--big 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[1]


def plain_roster(folder: Path, rows: int) -> Path:
    """The issue-5 file: a title, one header row, ``rows`` pupils."""
    from openpyxl import Workbook

    from liushou_desk.domain.idcard import check_digit

    rng = random.Random(1)
    surnames = "张王李刘陈杨黄赵吴周徐孙马朱胡郭何罗曾单"
    given = "冬月喆堃赟玥昳淏犇燊䶮子涵雨轩梓睿欣妍浩然思彤"
    book = Workbook()
    ws = book.active
    assert ws is not None
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


def floor(source: Path) -> float:
    """Seconds for a plain openpyxl read-only pass over the file: every row, values only (the
    best of two passes, the first one warming the file cache)."""
    from openpyxl import load_workbook

    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        book = load_workbook(source, read_only=True, data_only=True)
        ws = book.active
        assert ws is not None
        count = sum(1 for _ in ws.iter_rows(values_only=True))
        book.close()
        best = min(best, time.perf_counter() - start)
    assert count > 0
    return best


def measure(label: str, source: Path, home: Path, target: float) -> bool:
    """Import ``source`` into a fresh archive and print the figures; False when the file is
    refused as a whole (the message printed)."""
    from liushou_desk.db.schema import open_archive
    from liushou_desk.io.table_reader import TableError
    from liushou_desk.ops import importing

    base = floor(source)
    archive = open_archive(home / f"{source.stem}.sqlite")
    start = time.perf_counter()
    try:
        plan = importing.plan(archive, source, TODAY)
    except TableError as exc:
        print(f"{label}: REFUSED after {time.perf_counter() - start:.2f} s — {exc}")
        archive.close()
        return False
    checked = time.perf_counter()
    written = importing.apply(archive, plan, TODAY).value.written
    done = time.perf_counter()
    total = done - start
    verdict = "ok" if total <= target else "OVER TARGET"
    print(
        f"{label}: read+checked {checked - start:.2f} s, written {done - checked:.2f} s, "
        f"total {total:.2f} s (target ≤ {target:.1f} s: {verdict}); "
        f"added {written}, problems {len(plan.problems)}"
    )
    print(
        f"    floor (openpyxl read-only pass) {base:.2f} s → read+checked "
        f"{(checked - start) / base:.1f}× floor, total {total / base:.1f}× floor"
    )
    start = time.perf_counter()
    again = importing.plan(archive, source, TODAY)
    took = time.perf_counter() - start
    print(
        f"    re-import check: {took:.2f} s ({took / base:.1f}× floor), "
        f"unchanged {len(again.unchanged)}, added {len(again.added)}, "
        f"updated {len(again.updated)}"
    )
    archive.close()
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000, help="the plain roster's rows")
    parser.add_argument("--county", type=int, default=2000, help="the county sheet's rows")
    parser.add_argument("--big", type=int, default=10000, help="the big county sheet (0: skip)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    sys.path.insert(0, str(ROOT))
    from tests.roster_corpus import big_roster

    from liushou_desk.io.table_reader import MAX_ROWS

    measure(
        f"{args.rows} rows, school roster (one header row)",
        plain_roster(tmp, args.rows),
        tmp,
        2.0,
    )
    for rows, target in ((args.county, 2.0), (args.big, 8.0)):
        if rows:
            sample = big_roster(tmp, rows)
            label = f"{rows} rows, county sheet (two header rows)"
            if not measure(label, sample.path, tmp, target) and sample.rows > MAX_ROWS:
                # the sheet-row cap counts the title, headers and footer too: the most it admits
                most = MAX_ROWS - (sample.rows - rows)
                sample = big_roster(tmp, most)
                label = f"{most} rows, county sheet ({MAX_ROWS} sheet rows, the cap)"
                measure(label, sample.path, tmp, target * most / rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
