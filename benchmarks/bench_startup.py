"""Start-up time: ``liushou-desk --exit-after-startup`` on the 45-pupil demo class against a
bare PySide6 QMainWindow with a QTabWidget, timed alternately in one run.

Target (issue 2): the app within 4× the bare window. Two figures for the app: when the
window is on screen with the class already loaded (first step, read with the standard library)
and when the process exits after the archive is open through SQLAlchemy and every tab, the
待办 start page included, works (--exit-after-startup).

    python benchmarks/bench_startup.py [--runs 15] [--compare OTHER_CHECKOUT]

``--compare`` times another checkout of the app (its ``src`` first on PYTHONPATH) in the same
alternating run — before and after a change, against the same bare window.
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
    """(seconds to exit, seconds until the roster was on screen when traced)."""
    start_wall = time.time()
    start = time.perf_counter()
    result = subprocess.run(
        cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    total = time.perf_counter() - start
    shown = None
    for line in result.stderr.splitlines():
        if line.startswith("startup roster-shown "):
            shown = float(line.split()[-1]) - start_wall
    return total, shown


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another checkout to time alongside")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "LIUSHOU_HOME": tmp,
            "QT_QPA_PLATFORM": "offscreen",
            "LIUSHOU_STARTUP_TRACE": "1",
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as in an install or the bundle
        db = Path(tmp) / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "liushou_desk", "make-demo", str(db)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        app_cmd = [sys.executable, "-m", "liushou_desk", "--db", str(db), "--exit-after-startup"]
        bare_cmd = [sys.executable, "-c", BARE]
        other_env = None
        if args.compare is not None:
            other_env = {**env, "PYTHONPATH": str(args.compare.resolve() / "src")}
            other_db = Path(tmp) / "other.sqlite"
            subprocess.run(
                [sys.executable, "-m", "liushou_desk", "make-demo", str(other_db)],
                env=other_env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            other_cmd = [*app_cmd[:4], str(other_db), app_cmd[-1]]
            timed(other_cmd, other_env)
        timed(app_cmd, env)  # warm the file cache once
        timed(bare_cmd, env)
        ready, shown, bare, other = [], [], [], []
        for _ in range(args.runs):
            total, on_screen = timed(app_cmd, env)
            ready.append(total)
            if on_screen is not None:
                shown.append(on_screen)
            bare.append(timed(bare_cmd, env)[0])
            if other_env is not None:
                other.append(timed(other_cmd, other_env)[0])
    b = statistics.median(bare)
    if other:
        o = statistics.median(other)
        print(f"{args.compare} (ready, to exit):  median {o * 1000:.0f} ms -> {o / b:.2f}x")
    print(f"runs: {args.runs} each, alternating")
    print(
        f"bare QMainWindow+QTabWidget (to exit): median {b * 1000:.0f} ms "
        f"(min {min(bare) * 1000:.0f})"
    )
    if shown:
        s = statistics.median(shown)
        print(f"liushou-desk, window on screen:       median {s * 1000:.0f} ms -> {s / b:.2f}x")
    r = statistics.median(ready)
    print(f"liushou-desk, ready (to exit):         median {r * 1000:.0f} ms -> {r / b:.2f}x")
    print("target: <= 4x the bare window")
    print("(window on screen: the class is loaded; the 待办 page fills once the archive is open)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
