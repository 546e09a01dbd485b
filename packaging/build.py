"""Builds the one-folder bundle with PyInstaller and smoke-tests it.

    python packaging/build.py [--skip-build]

Steps: the icon (build/app.ico from resources/icons/app.svg), PyInstaller with
packaging/liushou-desk.spec into dist/liushou-desk/, then with the bundled program:
`--version`, `make-demo`, `check`, and `--exit-after-startup` offscreen on the demo class.
Prints the bundle's size and the start-up time against `python -m liushou_desk`.
Exits 1 when a step fails or the bundle is over the size limit.
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

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "liushou-desk.spec"
DIST = ROOT / "dist"
BUNDLE = DIST / "liushou-desk"
# 71 MiB of Qt (31 of it ICU's data), Python and libraries; 40 MiB of bundled CJK fonts (the
# PDFs and the window need them on a fresh PC); ReportLab with Pillow's JPEG/PNG part and PDFium
# for the PDFs and the print preview. No GTK whatever the build machine has (see the spec):
# 199.5 MiB on Linux (the Wayland platform left out: X serves the window, XWayland too).
SIZE_LIMIT_MIB = 200


def make_icon() -> Path:
    """build/app.ico (and app.png) rendered from the SVG, for the exe and the installer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - Qt needs one
    target = ROOT / "build" / "app.ico"
    target.parent.mkdir(exist_ok=True)
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "ICO") or not image.save(str(target.with_suffix(".png"))):
        raise SystemExit("无法生成图标 build/app.ico")
    return target


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run(cmd: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        print(f"FAILED: {what}\n{result.stdout}\n{result.stderr}", file=sys.stderr)
        raise SystemExit(1)
    return result


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true", help="smoke-test dist/ as it is")
    parser.add_argument("--runs", type=int, default=5, help="start-up timings (each)")
    args = parser.parse_args()
    if not args.skip_build:
        icon = make_icon()
        print(f"icon: {icon}")
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                str(SPEC),
                "--noconfirm",
                "--log-level=WARN",
                "--distpath",
                str(DIST),
                "--workpath",
                str(ROOT / "build" / "pyinstaller"),
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"PyInstaller: {time.perf_counter() - start:.0f} s")
    program = BUNDLE / ("liushou-desk.exe" if os.name == "nt" else "liushou-desk")
    size_mib = folder_size(BUNDLE) / 2**20
    print(f"bundle: {BUNDLE} — {size_mib:.1f} MiB (limit {SIZE_LIMIT_MIB} MiB)")
    # Qt's own dialogs in Chinese: Qt's catalogue and the app's supplement travel along
    for qm in ("qtbase_zh_CN.qm", "qt_supplement_zh_CN.qm"):
        if not any(BUNDLE.rglob(qm)):
            print(f"FAILED: the bundle has no {qm}", file=sys.stderr)
            raise SystemExit(1)

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LIUSHOU_HOME": tmp, "QT_QPA_PLATFORM": "offscreen"}
        version = run([str(program), "--version"], env, "--version").stdout.strip()
        print(f"--version: {version}")
        demo = Path(tmp) / "demo.sqlite"
        run([str(program), "make-demo", str(demo)], env, "make-demo")
        run([str(program), "check", "--db", str(demo)], env, "check")
        run([str(program), "--db", str(demo), "--exit-after-startup"], env, "--exit-after-startup")
        # the packaged Alembic upgrades the oldest released schema
        old = Path(tmp) / "old.sqlite"
        old.write_bytes((ROOT / "tests" / "fixtures" / "archive-0001.sqlite").read_bytes())
        run([str(program), "--db", str(old), "--exit-after-startup"], env, "upgrade 0001")
        report = run([str(program), "check", "--db", str(old), "--json"], env, "check upgraded")
        if '"revision": "0001"' in report.stdout:
            print("FAILED: the bundled app did not upgrade schema 0001", file=sys.stderr)
            raise SystemExit(1)
        # the bundled ReportLab, fonts and rare characters: a card of the child named 吴𬌗
        card = Path(tmp) / "card.pdf"
        run(
            [str(program), "card", "--db", str(demo), "--pupil", "吴𬌗", "--out", str(card)],
            env,
            "card",
        )
        if b"LiushouHanaA" not in card.read_bytes():
            print("FAILED: the card does not embed the bundled fallback face", file=sys.stderr)
            raise SystemExit(1)
        # the encrypted archive for the principal (pyzipper, openpyxl, the PDFs) is written
        secret = Path(tmp) / "password.txt"
        secret.write_text("smoke-test-password\n", encoding="utf-8")
        stick = Path(tmp) / "stick"
        stick.mkdir()
        exported = run(
            [
                str(program),
                "export-archive",
                "--db",
                str(demo),
                "--out",
                str(stick),
                "--password-file",
                str(secret),
            ],
            env,
            "export-archive",
        )
        if len(list(stick.glob("*.zip"))) != 1:
            print("FAILED: export-archive wrote no archive", file=sys.stderr)
            raise SystemExit(1)
        if "子进程" in exported.stderr:  # the export's second process (freeze_support)
            print(f"FAILED: export-archive's second process\n{exported.stderr}", file=sys.stderr)
            raise SystemExit(1)
        # encryption at rest (SQLCipher, Argon2id, AES-GCM): a new archive made with a
        # password is encrypted, opens with it and says "locked" without it
        secured = Path(tmp) / "secured.sqlite"
        locked_env = {**env, "LIUSHOU_PASSWORD": "smoke-test-password"}
        run([str(program), "make-demo", str(secured), "--pupils", "5"], locked_env, "encrypted")
        if secured.read_bytes()[:16] == b"SQLite format 3\x00":
            print("FAILED: make-demo with LIUSHOU_PASSWORD wrote a plain file", file=sys.stderr)
            raise SystemExit(1)
        run([str(program), "check", "--db", str(secured)], locked_env, "check encrypted")
        run(
            [str(program), "--db", str(secured), "--exit-after-startup"],
            locked_env,
            "--exit-after-startup encrypted",
        )
        refused = subprocess.run(
            [str(program), "check", "--db", str(secured)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if refused.returncode != 1 or "已锁定" not in refused.stderr:
            print("FAILED: an encrypted archive opened without its password", file=sys.stderr)
            raise SystemExit(1)
        print(
            "smoke test: --version, make-demo, check, --exit-after-startup, upgrade, card, "
            "export-archive, encrypted archive: ok"
        )
        bundled_cmd = [str(program), "--db", str(demo), "--exit-after-startup"]
        python_cmd = [
            sys.executable,
            "-m",
            "liushou_desk",
            "--db",
            str(demo),
            "--exit-after-startup",
        ]
        timed(bundled_cmd, env)
        timed(python_cmd, env)
        bundled, python = [], []
        for _ in range(args.runs):
            bundled.append(timed(bundled_cmd, env))
            python.append(timed(python_cmd, env))
    b, p = statistics.median(bundled), statistics.median(python)
    print(
        f"start-up to ready: bundle {b * 1000:.0f} ms, python -m {p * 1000:.0f} ms "
        f"→ {b / p:.2f}× (target ≤ 1.5×)"
    )
    if size_mib > SIZE_LIMIT_MIB:
        print(
            f"FAILED: the bundle is {size_mib:.1f} MiB, over {SIZE_LIMIT_MIB} MiB", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
