"""The fonts' fixed cost of a PDF: each run a fresh process that loads the PDF code, registers
the fonts and writes a one-page document (a name line in the app's own text layer, embedded
fonts), against the floor — the same process writing the same page with plain ReportLab
(Helvetica, nothing to parse) — timed alternately in one run.

Names with the rare characters the bundled fallback faces are for: 䶮 (CJK Ext A, in the 7 MB
face), 𬌗 (Ext E, the 7 MB face too), U+2EBE0 (the last of Ext F, only in the 29 MB face).
Target (issue 20): the fonts' fixed cost ≤ 0.6 s.

    python benchmarks/bench_fonts.py [--runs 9] [--compare OTHER_CHECKOUT]

``--compare`` times another checkout (its ``src`` first on PYTHONPATH) alongside.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CASES = {
    "常用字": "张冬月 三年级二班 2026年11月23日",
    "䶮 (Ext A)": "王䶮 三年级二班",
    "𬌗 + U+2EBE0 (Ext E, F)": "吴𬌗 刘\U0002ebe0 三年级二班",
}

CHILD = """
import json, sys, time
start = time.perf_counter()
from io import BytesIO
from reportlab.pdfgen.canvas import Canvas
text = sys.argv[1]
if sys.argv[2] == "floor":
    canvas = Canvas(BytesIO())
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 700, text.encode("ascii", "replace").decode())
    canvas.showPage()
    canvas.save()
else:
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.document import PageInfo, build_pdf
    from liushou_desk.pdf.fonts import register
    from liushou_desk.pdf.kit import Kit
    from liushou_desk.pdf.text import Missing
    fonts = register()
    info = PageInfo("成长记录卡", "测试学校 · 三年级二班", "生成于 2026-11-23")
    build_pdf([Kit(fonts, PrintOptions(), Missing()).p(text)], info, fonts)
print(json.dumps(time.perf_counter() - start))
"""


def timed(text: str, what: str, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, text, what], env=env, check=True, capture_output=True
    )
    return float(json.loads(out.stdout))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--compare", type=Path, help="another checkout to time alongside")
    args = parser.parse_args()
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    other = None
    if args.compare is not None:
        other = {**env, "PYTHONPATH": str(args.compare.resolve() / "src")}
    print(f"runs: {args.runs} each, alternating; a fresh process each")
    for label, text in CASES.items():
        for e in (env, other):
            if e is not None:
                timed(text, "app", e)  # compiled and in the file cache once
        floor, app, old = [], [], []
        for _ in range(args.runs):
            floor.append(timed(text, "floor", env))
            app.append(timed(text, "app", env))
            if other is not None:
                old.append(timed(text, "app", other))
        f, a = statistics.median(floor), statistics.median(app)
        line = f"{label:24} floor {f * 1000:4.0f} ms, app {a * 1000:4.0f} ms: fixed {(a - f):.2f} s"
        if old:
            o = statistics.median(old)
            line += f"; {args.compare}: app {o * 1000:.0f} ms, fixed {(o - f):.2f} s"
        print(line)
    print("target: the fonts' fixed cost (app - floor) <= 0.6 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
