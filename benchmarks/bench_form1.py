"""登记表（附件1） for 60 left-behind children, the whole ``form1`` command in a fresh process,
against a floor measured in the same run: a fresh process drawing the same number of pages
with plain ReportLab (Helvetica paragraphs; ``bench_report.plain_document``), alternating,
peak RSS beside each.

Goal (issue 15): 60 children ≤ 1.5 s.

    python benchmarks/bench_form1.py [--children 60] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5
HERE = Path(__file__).resolve().parent
FLOOR = """
import sys
sys.path.insert(0, sys.argv[1])
from bench_report import plain_document
plain_document(int(sys.argv[2]))
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{' '.join(args)} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024


def left_behind(db: Path) -> int:
    from datetime import date

    from liushou_desk.db.schema import open_archive
    from liushou_desk.services.form1 import load_forms

    archive = open_archive(db)
    try:
        return len(load_forms(archive, date.today()).forms)
    finally:
        archive.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=60, help="left-behind children wanted")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_form1_"))
    env = {**os.environ, "LIUSHOU_HOME": str(tmp / "home")}
    os.environ["LIUSHOU_HOME"] = env["LIUSHOU_HOME"]
    py = sys.executable
    db = tmp / "class.sqlite"
    pupils = round(args.children / 0.66)  # about two in three of the demo class are left behind
    for _ in range(10):
        for leftover in tmp.glob("class.sqlite*"):
            leftover.unlink()
        make = [py, "-m", "liushou_desk", "make-demo", str(db), "--pupils", str(pupils)]
        run(make, env)
        children = left_behind(db)
        if children >= args.children:
            break
        pupils += max(1, round((args.children - children) / 0.66))
    print(f"demo class of {pupils} pupils, {children} left behind (附件1 pages)")
    app, floor = [], []
    for i in range(args.runs):  # in turns: the same machine state for both
        out = tmp / f"form1-{i}.pdf"
        app.append(
            run([py, "-m", "liushou_desk", "form1", "--db", str(db), "--out", str(out)], env)
        )
        floor.append(run([py, "-c", FLOOR, str(HERE), str(children)], env))
    a = statistics.median(t for t, _ in app)
    f = statistics.median(t for t, _ in floor)
    rss_a, rss_f = max(r for _, r in app), max(r for _, r in floor)
    verdict = "ok" if a <= GOAL else "OVER GOAL"
    print(
        f"form1, {children} children: {a:.2f} s median, {rss_a:.0f} MiB"
        f" | floor (plain ReportLab, {children} pages, fresh process) {f:.2f} s, {rss_f:.0f} MiB"
        f" | {a / f:.2f}× floor | goal ≤ {GOAL} s: {verdict}"
    )
    print("runs: app " + ", ".join(f"{t:.2f}" for t, _ in app))
    print("runs: floor " + ", ".join(f"{t:.2f}" for t, _ in floor))


if __name__ == "__main__":
    main()
