"""导出 Excel (``liushou-desk export-xlsx``): the whole archive as one workbook, against a floor
measured in the same run — openpyxl writing the very same cells (write-only, plain values, no
styles), the least any export of this content can cost. Goal (issue 20): ≤ 3× the floor, and
flat in class size (the export used to read every pupil's records and every activity's
participants once per pupil: 15 s at 600 pupils, 105 s at 2,000).

Demo classes of 600 and 2,000 pupils are made with ``make-demo`` (or given with ``--archives``).
Every figure is taken in a fresh process, floor and export alternating (``--repeat`` times
each, the best kept), each with its own peak memory (RSS). The export is
``io.xlsx_export.export_workbook`` on the open archive, as the command runs it; the floor's
cells are the export's own rows, read once beforehand and handed to it in a file.

python benchmarks/bench_export.py [--repeat 3] [--pupils 600 2000] [--archives A.sqlite ...]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from child_run import in_child, peak_mib

TODAY = date(2026, 11, 23)
GOAL = 3.0


def cells(archive_path: Path, out: Path) -> int:
    """The export's sheets as plain values (what the floor writes), pickled; the cell count."""
    from liushou_desk.db.schema import open_archive
    from liushou_desk.io.xlsx_export import _safe, collect

    archive = open_archive(archive_path, settle=False)
    try:
        sheets = collect(archive, TODAY)
    finally:
        archive.close()
    plain = [(s.title, s.headers, [[_safe(v) for v in row] for row in s.rows]) for s in sheets]
    out.write_bytes(pickle.dumps(plain))
    return sum(len(row) for _, _, rows in plain for row in rows)


def child_floor(cells_file: Path, out: Path) -> dict[str, Any]:
    """In a fresh process: the same cells written by openpyxl, write-only, no styles."""
    from openpyxl import Workbook

    sheets = pickle.loads(cells_file.read_bytes())
    start = time.perf_counter()
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = book.create_sheet(title)
        ws.append(headers)
        for row in rows:
            ws.append(row)
    book.save(out)
    return {"seconds": time.perf_counter() - start, "rss": peak_mib()}


def child_export(archive_path: Path, out: Path) -> dict[str, Any]:
    """In a fresh process: the archive exported as the command exports it."""
    from liushou_desk.db.schema import open_archive
    from liushou_desk.io.xlsx_export import export_workbook

    archive = open_archive(archive_path)
    try:
        start = time.perf_counter()
        summary = export_workbook(archive, out, TODAY)
        took = time.perf_counter() - start
    finally:
        archive.close()
    return {"seconds": took, "rss": peak_mib(), "rows": sum(summary.rows.values())}


def _run(kind: str, source: Path, out: Path) -> dict[str, Any]:
    out.unlink(missing_ok=True)
    return in_child(__file__, kind, str(source), str(out))


def compare(label: str, archive_path: Path, tmp: Path, repeat: int) -> None:
    plain = tmp / f"{archive_path.stem}.cells"
    count = cells(archive_path, plain)
    floors, exports = [], []
    for _ in range(repeat):
        floors.append(_run("floor", plain, tmp / "floor.xlsx"))
        exports.append(_run("export", archive_path, tmp / "export.xlsx"))
    floor = min(floors, key=lambda r: r["seconds"])
    best = min(exports, key=lambda r: r["seconds"])
    ratio = best["seconds"] / floor["seconds"]
    verdict = "ok" if ratio <= GOAL else "OVER GOAL"
    print(
        f"{label}: {best['seconds']:.2f} s, {best['rss']:.0f} MiB"
        f" | floor {floor['seconds']:.2f} s, {floor['rss']:.0f} MiB"
        f" | {ratio:.2f}× floor (goal ≤ {GOAL:.0f}×: {verdict}); {best['rows']} rows, {count} cells"
    )


def make_demo(folder: Path, pupils: int) -> Path:
    path = folder / f"demo-{pupils}.sqlite"
    subprocess.run(
        [sys.executable, "-m", "liushou_desk", "make-demo", str(path), "--pupils", str(pupils)],
        check=True,
        capture_output=True,
        env=os.environ.copy(),
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="alternations (best kept)")
    parser.add_argument("--pupils", type=int, nargs="*", default=[600, 2000])
    parser.add_argument("--archives", type=Path, nargs="*", help="demo archives already made")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, source, out = args.child[0], Path(args.child[1]), Path(args.child[2])
        run = child_floor if kind == "floor" else child_export
        print(json.dumps(run(source, out)))
        return 0
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    archives = []
    for given in args.archives or []:  # copied: each export adds an 操作日志 entry
        copy = tmp / given.name
        shutil.copyfile(given, copy)
        head = given.with_name(given.name + ".audit")  # the 操作日志's head kept beside it
        if head.exists():
            shutil.copyfile(head, copy.with_name(copy.name + ".audit"))
        archives.append(copy)
    if not archives:
        for pupils in args.pupils:
            start = time.perf_counter()
            archives.append(make_demo(tmp, pupils))
            print(f"(make-demo --pupils {pupils}: {time.perf_counter() - start:.1f} s)")
    print(f"export-xlsx vs openpyxl writing the same cells (best of {args.repeat}, alternating)")
    for path in archives:
        from liushou_desk.db.schema import open_archive
        from liushou_desk.services import roster

        archive = open_archive(path, settle=False)
        try:
            pupils = roster.count_pupils(archive)
        finally:
            archive.close()
        compare(f"{pupils} pupils ({path.name})", path, tmp, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
