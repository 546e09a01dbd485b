"""导出档案: the principal's encrypted archive of a 60-pupil class with a full term of records —
term report, growth cards, xlsx, snapshot, manifest, written, flushed and read back verified.
Target (issue 5): ≤ 10 s.

    python benchmarks/bench_archive.py [--pupils 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

TERM_END = date(2027, 1, 20)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo import make_demo
    from liushou_desk.io.usb_archive import export_archive, propose_password

    db = tmp / "class.sqlite"
    make_demo(db, pupils=args.pupils, seed=7, today=TERM_END)
    archive = open_archive(db)
    times = []
    for run in range(args.runs):
        out = tmp / f"stick-{run}"
        out.mkdir()
        start = time.perf_counter()
        result = export_archive(archive, out, propose_password(), TERM_END)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"{args.pupils} pupils: {result.size / 1e6:.2f} MB archive, report {result.pages} pages; "
        f"median {median:.2f} s, runs {', '.join(f'{t:.2f}' for t in times)} s "
        f"({'ok' if median <= 10 else 'OVER TARGET'}, target ≤ 10 s)"
    )
    archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
