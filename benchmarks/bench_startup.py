"""Start-up time: ``liushou-desk --exit-after-startup`` on the 45-pupil demo class against a
bare PySide6 QMainWindow with a QTabWidget, timed alternately in one run.

Target (issue 2): the app within 4× the bare window.

    python benchmarks/bench_startup.py [--runs 15]
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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LIUSHOU_HOME": tmp, "QT_QPA_PLATFORM": "offscreen"}
        db = Path(tmp) / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "liushou_desk", "make-demo", str(db)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        app_cmd = [sys.executable, "-m", "liushou_desk", "--db", str(db), "--exit-after-startup"]
        bare_cmd = [sys.executable, "-c", BARE]
        timed(app_cmd, env)  # warm the file cache once
        timed(bare_cmd, env)
        app, bare = [], []
        for _ in range(args.runs):
            app.append(timed(app_cmd, env))
            bare.append(timed(bare_cmd, env))
    a, b = statistics.median(app), statistics.median(bare)
    print(f"runs: {args.runs} each, alternating")
    print(f"bare QMainWindow+QTabWidget: median {b * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"liushou-desk demo (45 pupils): median {a * 1000:.0f} ms (min {min(app) * 1000:.0f})")
    print(f"ratio: {a / b:.2f}× (target ≤ 4×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
