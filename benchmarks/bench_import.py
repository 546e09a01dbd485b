"""Roster import: 2,000 rows read, checked, matched and written. Target (issue 5): ≤ 2 s.

python benchmarks/bench_import.py [--rows 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 23)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from openpyxl import Workbook

    from liushou_desk.db.schema import open_archive
    from liushou_desk.domain.idcard import check_digit
    from liushou_desk.ops import importing

    rng = random.Random(1)
    surnames = "张王李刘陈杨黄赵吴周徐孙马朱胡郭何罗曾单"
    given = "冬月喆堃赟玥昳淏犇燊䶮子涵雨轩梓睿欣妍浩然思彤"
    book = Workbook()
    ws = book.active
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
    for i in range(args.rows):
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
    source = tmp / "roster.xlsx"
    book.save(source)
    archive = open_archive(tmp / "class.sqlite")
    start = time.perf_counter()
    plan = importing.plan(archive, source, TODAY)
    checked = time.perf_counter()
    written = importing.apply(archive, plan, TODAY).value.written
    done = time.perf_counter()
    print(
        f"{args.rows} rows: read+checked {checked - start:.2f} s, written {done - checked:.2f} s,"
        f" total {done - start:.2f} s (target ≤ 2 s); added {written}, "
        f"problems {len(plan.problems)}"
    )
    start = time.perf_counter()
    again = importing.plan(archive, source, TODAY)
    print(f"re-import check: {time.perf_counter() - start:.2f} s, unchanged {len(again.unchanged)}")
    archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
