"""Start-up time: ``liushou-desk --exit-after-startup`` on demo classes (45 pupils by default)
or given archives, against a bare PySide6 QMainWindow with a QTabWidget, timed alternately in
one run.

Targets: the app within 4× the bare window (issue 2); a 2,000-pupil class, or an archive kept
for ten years, at most +20 % over a 45-pupil or a fresh one (issue 20). Two figures for the app:
when the window is first on screen (its 待办 page, filled once the archive is open; the roster
is read when it is first shown) and when the process exits after the archive is open through
SQLAlchemy and every tab, the 待办 start page included, works (--exit-after-startup; the
start-up work on the background runner — statuses, the 待办 list — is waited for).

    python benchmarks/bench_startup.py [--runs 15] [--pupils 45 2000] [--compare OTHER_CHECKOUT]
    python benchmarks/bench_startup.py --db fresh.sqlite ten-years.sqlite

``--db`` archives are copied (with their ``.audit`` head) and opened once before timing, so
each is timed as it opens on an ordinary day. ``--compare`` times another checkout of the app
(its ``src`` first on PYTHONPATH) in the same alternating run, on its own copies.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget
app = QApplication([])
w = QMainWindow()
w.setCentralWidget(QTabWidget())
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """(seconds to exit, seconds until the window was on screen when traced)."""
    start_wall = time.time()
    start = time.perf_counter()
    result = subprocess.run(
        cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    total = time.perf_counter() - start
    shown = None
    for line in result.stderr.splitlines():
        if line.startswith("startup window-shown "):
            shown = float(line.split()[-1]) - start_wall
    return total, shown


def _copy(src: Path, folder: Path) -> Path:
    """A private copy of an archive with what lies beside it (the 操作日志's head, a key)."""
    target = folder / src.name
    shutil.copyfile(src, target)
    for suffix in (".audit", ".key"):
        side = src.with_name(src.name + suffix)
        if side.exists():
            shutil.copyfile(side, target.with_name(target.name + suffix))
    return target


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another checkout to time alongside")
    parser.add_argument(
        "--db", type=Path, nargs="+", help="archives to time (copied first), e.g. 45 vs 2,000"
    )
    parser.add_argument(
        "--pupils", type=int, nargs="+", default=[45], help="demo classes made for the run"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "LIUSHOU_HOME": tmp,
            "QT_QPA_PLATFORM": "offscreen",
            "LIUSHOU_STARTUP_TRACE": "1",
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as in an install or the bundle
        dbs: list[Path] = []
        if args.db:
            for n, src in enumerate(args.db):
                folder = Path(tmp) / f"archive-{n}"
                folder.mkdir()
                dbs.append(_copy(src, folder))
        else:
            for pupils in args.pupils:
                db = Path(tmp) / f"demo-{pupils}.sqlite"
                make = [sys.executable, "-m", "liushou_desk", "make-demo", str(db)]
                subprocess.run(
                    [*make, "--pupils", str(pupils)],
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                dbs.append(db)
        app_cmds = [
            [sys.executable, "-m", "liushou_desk", "--db", str(db), "--exit-after-startup"]
            for db in dbs
        ]
        bare_cmd = [sys.executable, "-c", BARE]
        other_env = None
        other_cmds: list[list[str]] = []
        if args.compare is not None:
            other_env = {**env, "PYTHONPATH": str(args.compare.resolve() / "src")}
            for n, db in enumerate(dbs):
                folder = Path(tmp) / f"other-{n}"
                folder.mkdir()
                copy = _copy(db, folder)
                other_cmds.append([*app_cmds[0][:4], str(copy), "--exit-after-startup"])
        for cmd in app_cmds:  # the first opening settles each archive (statuses, the log's head)
            timed(cmd, env)
        for cmd in other_cmds:
            timed(cmd, other_env)  # type: ignore[arg-type]
        timed(bare_cmd, env)
        ready: list[list[float]] = [[] for _ in dbs]
        shown: list[list[float]] = [[] for _ in dbs]
        other: list[list[float]] = [[] for _ in other_cmds]
        bare: list[float] = []
        for _ in range(args.runs):
            for i, cmd in enumerate(app_cmds):
                total, on_screen = timed(cmd, env)
                ready[i].append(total)
                if on_screen is not None:
                    shown[i].append(on_screen)
            bare.append(timed(bare_cmd, env)[0])
            for i, cmd in enumerate(other_cmds):
                other[i].append(timed(cmd, other_env)[0])  # type: ignore[arg-type]
    b = statistics.median(bare)
    print(f"runs: {args.runs} each, alternating")
    print(
        f"bare QMainWindow+QTabWidget (to exit): median {b * 1000:.0f} ms "
        f"(min {min(bare) * 1000:.0f})"
    )
    names = [str(src) for src in args.db] if args.db else [f"{n} pupils" for n in args.pupils]
    first = statistics.median(ready[0])
    for i, name in enumerate(names):
        r = statistics.median(ready[i])
        line = f"{name}: ready (to exit) median {r * 1000:.0f} ms -> {r / b:.2f}x bare"
        if shown[i]:
            line += f"; window on screen {statistics.median(shown[i]) * 1000:.0f} ms"
        if i:
            line += f"; {100 * (r / first - 1):+.0f} % vs {names[0]}"
        if other:
            o = statistics.median(other[i])
            line += f"; {args.compare}: {o * 1000:.0f} ms"
        print(line)
    print("targets: <= 4x the bare window; a larger or older archive <= +20 % (issue 20)")
    print("(window on screen: its first paint; the 待办 page fills once the archive is open)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
