"""``liushou-desk make-demo``: the whole process, for a 45-pupil class and for an archive kept
for ten years (``--years 10``), against floors measured in the same run, in turns.

Floors: the same rows written with the standard library — the schema of the archive just made,
every row of every table read back and inserted with ``sqlite3`` ``executemany`` into a new
file, one transaction, synchronous as the app writes (what the demo cannot do with less) — and
a process that starts the command line and does nothing (``liushou-desk --version``). Peak
memory (RSS) of each process beside its time.

Goals (issue 20): make-demo ≤ 3 s for 45 pupils (≈ 12 s before), a 10-year archive in a
reasonable time (≤ 60 s).

    python benchmarks/bench_demo.py [--runs 3] [--pupils 45] [--years 10] [--seed 2026]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_45 = 3.0
GOAL_YEARS = 60.0
SKIP = ("sqlite_sequence",)


def run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}): {err}")
    return elapsed, usage.ru_maxrss / 1024


def make(folder: Path, name: str, pupils: int, seed: int, years: int) -> tuple[Path, float, float]:
    path = folder / name
    for leftover in folder.glob(name + "*"):
        leftover.unlink()
    cmd = [sys.executable, "-m", "liushou_desk", "make-demo", str(path), "--pupils", str(pupils)]
    cmd += ["--seed", str(seed)]
    if years:
        cmd += ["--years", str(years)]
    seconds, rss = run(cmd)
    return path, seconds, rss


def floor(made: Path, folder: Path) -> tuple[float, int]:
    """Seconds to write ``made``'s rows again with sqlite3 executemany; how many rows."""
    source = sqlite3.connect(made)
    schema = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY type = 'table' DESC, rowid"
        )
    ]
    tables = [
        name
        for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in SKIP
    ]
    rows = {t: source.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    source.close()
    target = folder / "floor.sqlite"
    for leftover in folder.glob("floor.sqlite*"):
        leftover.unlink()
    start = time.perf_counter()
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("BEGIN")
    for sql in schema:
        if sql.startswith("CREATE TRIGGER"):
            continue  # the log's triggers refuse nothing here: it is only inserted into
        con.execute(sql)
    for table, data in rows.items():
        if data:
            marks = ", ".join("?" * len(data[0]))
            con.executemany(f'INSERT INTO "{table}" VALUES ({marks})', data)
    con.execute("COMMIT")
    con.close()
    return time.perf_counter() - start, sum(len(d) for d in rows.values())


def counts(made: Path) -> str:
    con = sqlite3.connect(made)
    try:
        get = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        pupils = get("SELECT count(*) FROM pupils")
        gone = get("SELECT count(*) FROM pupils WHERE enrolment != 'active'")
        terms = get("SELECT count(*) FROM terms")
        records = get("SELECT count(*) FROM records")
        log = get("SELECT count(*) FROM audit_log")
    finally:
        con.close()
    return (
        f"{pupils} pupils ({gone} left: 毕业 / 转出), {terms} terms, {records:,} records, "
        f"{log} log entries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pupils", type=int, default=45)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench_demo_"))
    env_home = folder / "home"
    os.environ["LIUSHOU_HOME"] = str(env_home)
    os.environ.pop("LIUSHOU_PASSWORD", None)
    cases = [("one term", 0), (f"--years {args.years}", args.years)]
    times: dict[str, list[float]] = {}
    rss: dict[str, list[float]] = {}
    floors: dict[str, list[float]] = {}
    rows: dict[str, int] = {}
    made: dict[str, Path] = {}
    bare: list[float] = []
    bare_rss: list[float] = []
    try:
        run([sys.executable, "-m", "liushou_desk", "--version"])  # byte-code written, warm
        for _ in range(args.runs):  # in turns: each case, its floor, the bare process
            for label, years in cases:
                path, seconds, peak = make(folder, f"{years}.sqlite", args.pupils, args.seed, years)
                times.setdefault(label, []).append(seconds)
                rss.setdefault(label, []).append(peak)
                spent, rows[label] = floor(path, folder)
                floors.setdefault(label, []).append(spent)
                made[label] = path
                seconds, peak = run([sys.executable, "-m", "liushou_desk", "--version"])
                bare.append(seconds)
                bare_rss.append(peak)

        start_up = statistics.median(bare)
        print(f"make-demo, {args.pupils} pupils, seed {args.seed} — median of {args.runs} runs")
        print(
            f"{'':<16}{'make-demo':>11}{'RSS':>9}{'floor':>9}{'ratio':>8}"
            f"{'− start-up':>12}{'rows':>9}  goal"
        )
        for label, years in cases:
            t, f = statistics.median(times[label]), statistics.median(floors[label])
            goal = GOAL_YEARS if years else GOAL_45
            mark = "ok" if t <= goal else "OVER"
            print(
                f"{label:<16}{t:>9.2f} s{max(rss[label]):>5.0f} MiB{f:>7.3f} s{t / f:>7.0f}×"
                f"{t - start_up:>10.2f} s{rows[label]:>9,}  ≤ {goal:.0f} s {mark}"
            )
        print(f"{'start-up floor':<16}{start_up:>9.2f} s{max(bare_rss):>5.0f} MiB  (--version)")
        print()
        for label, _years in cases:
            print(f"{label}: {counts(made[label])}")
        print(
            "floor: the same rows written again with sqlite3 executemany (one transaction); "
            "− start-up: make-demo less the bare process"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
