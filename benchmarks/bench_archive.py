"""导出档案: the principal's encrypted archive of a class with a full term of records — term
report, growth cards, xlsx, snapshot, manifest, written, flushed and read back verified —
against a floor measured in the same run: a plain ReportLab document of the same page count
(``bench_report.plain_document``: Helvetica paragraphs, no tables or charts), the least any PDF
of that many pages costs.

Every figure is taken in a fresh process, export and floor alternating (``--runs`` times each),
each with its own peak memory (RSS, VmHWM). The export is ``io.usb_archive.export_archive`` on
the open archive, its modules loaded before the clock starts (as ReportLab is for the floor); the
fonts are registered inside the clock, as the command does.

Target (issue 5): 60 pupils ≤ 10 s. Goal (issue 20): ≤ 3× the floor (600 pupils: 22 s before,
against 3.5 s for the plain document).

    python benchmarks/bench_archive.py [--pupils 60 600] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from child_run import in_child, peak_mib

TERM_END = date(2027, 1, 20)
TARGET = 10.0  # seconds, 60 pupils (issue 5)
GOAL = 3.0  # × the floor (issue 20)


def child_export(db: Path, out: Path) -> dict[str, Any]:
    """In a fresh process: the archive exported into the empty folder ``out``."""
    # the export's modules loaded before the clock starts, as ReportLab is for the floor
    import liushou_desk.db.backup
    import liushou_desk.io.xlsx_export
    import liushou_desk.pdf.term_report
    import liushou_desk.services.term_report  # noqa: F401
    from liushou_desk.db.schema import open_archive
    from liushou_desk.io.usb_archive import export_archive, propose_password

    archive = open_archive(db)
    try:
        password = propose_password()
        start = time.perf_counter()
        result = export_archive(archive, out, password, TERM_END)
        took = time.perf_counter() - start
    finally:
        archive.close()
    pages = result.pages + result.form_pages  # the report's and the forms' (附件1, 附件3)
    import resource

    # the second process (io/export_process.py: workbook, forms), its peak beside this one's
    workbook = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": took,
        "rss": peak_mib(),
        "rss_workbook": workbook,
        "pages": pages,
        "size": result.size,
    }


def child_floor(pages: int) -> dict[str, Any]:
    """In a fresh process: a plain ReportLab document of ``pages`` pages."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_report import plain_document

    return {"seconds": plain_document(pages), "rss": peak_mib()}


def _run(*args: str) -> dict[str, Any]:
    return in_child(__file__, *args)


def compare(pupils: int, db: Path, tmp: Path, runs: int) -> None:
    exports: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    for run in range(runs):  # in turns: the same machine state for both
        out = tmp / f"stick-{pupils}-{run}"
        out.mkdir()
        exports.append(_run("export", str(db), str(out)))
        floors.append(_run("floor", str(exports[0]["pages"])))
    times = [r["seconds"] for r in exports]
    median = statistics.median(times)
    best = min(exports, key=lambda r: r["seconds"])
    floor = min(floors, key=lambda r: r["seconds"])
    target = ""
    if pupils <= 60:
        target = f" ({'ok' if median <= TARGET else 'OVER TARGET'}, target ≤ {TARGET:.0f} s)"
    print(
        f"{pupils} pupils: {best['size'] / 1e6:.2f} MB archive, "
        f"{best['pages']} pages (report, 附件1, 附件3); "
        f"median {median:.2f} s, runs {', '.join(f'{t:.2f}' for t in times)} s{target}"
    )
    ratio = best["seconds"] / floor["seconds"]
    verdict = "ok" if ratio <= GOAL else "OVER GOAL"
    print(
        f"{pupils} pupils, export-archive: {best['seconds']:.2f} s, {best['rss']:.0f} MiB"
        f" (+ the second process {best['rss_workbook']:.0f} MiB)"
        f" | floor {floor['seconds']:.2f} s, {floor['rss']:.0f} MiB"
        f" (plain ReportLab, {best['pages']} pages)"
        f" | {ratio:.2f}× floor (goal ≤ {GOAL:.0f}×: {verdict})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, nargs="+", default=[60, 600])
    parser.add_argument("--runs", type=int, default=3, help="alternations (export, floor)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "export":
            result = child_export(Path(rest[0]), Path(rest[1]))
        else:
            result = child_floor(int(rest[0]))
        print(json.dumps(result))
        return 0
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from liushou_desk.demo import make_demo

    print(
        f"export-archive vs a plain ReportLab document of the same pages "
        f"({args.runs} alternations, a fresh process each)"
    )
    for pupils in args.pupils:
        db = tmp / f"class-{pupils}.sqlite"
        made = time.perf_counter()
        make_demo(db, pupils=pupils, seed=7, today=TERM_END)
        print(f"(make-demo --pupils {pupils}: {time.perf_counter() - made:.1f} s)")
        compare(pupils, db, tmp, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
