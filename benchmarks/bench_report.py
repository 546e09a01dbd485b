"""The term report (期末总结报告 with every growth card) of a class with a full term of records:
time from reading the archive to the finished PDF, in-process. Targets (issue 4): 60 pupils
≤ 1.0 s, 600 pupils ≤ 5 s. For scale, a plain ReportLab document of the same page count
(Helvetica paragraphs, no tables or charts) is timed too.

With ``--years N`` the same class with N school years behind it (``aged_archive``) is timed
too, in turns with the new one, each in a process of its own for its peak memory (RSS); goal
(issue 20): the current term's report of a 10-year archive ≤ 1.2× the new one's, time and RSS.

With ``--whole`` (issue 17): the whole process, as the teacher's click or the ``report``
command runs it — start Python, open the archive, read, lay out, write the PDF file — against
a plain ReportLab script of the same page count, also a process of its own writing its file;
the two started in turns. Goal: ≤ 3× the plain script.

    python benchmarks/bench_report.py [--pupils 60 600] [--runs 5] [--years 10] [--rounds 2]
    python benchmarks/bench_report.py --whole [--pupils 60] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TERM_END = date(2027, 1, 20)  # the demo's records then cover the whole first term


def plain_document(pages: int) -> float:
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    text = "The quick brown fox jumps over the lazy dog. " * 8
    story = []
    for _ in range(pages):
        story += [Paragraph(text, style) for _ in range(8)] + [PageBreak()]
    start = time.perf_counter()
    SimpleDocTemplate(BytesIO(), pagesize=A4).build(story)
    return time.perf_counter() - start


PLAIN_SCRIPT = """
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

style = getSampleStyleSheet()["BodyText"]
text = "The quick brown fox jumps over the lazy dog. " * 8
story = []
for _ in range(int(sys.argv[1])):
    story += [Paragraph(text, style) for _ in range(8)] + [PageBreak()]
SimpleDocTemplate(sys.argv[2], pagesize=A4).build(story)
"""


def _timed_process(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def whole_process(db: Path, runs: int, tmp: Path) -> None:
    """The ``report`` command against a plain ReportLab script of the same pages, each a new
    process writing its PDF file, started in turns."""
    from pypdf import PdfReader

    out, plain_out = tmp / "report.pdf", tmp / "plain.pdf"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "liushou_desk", "report", "--db", str(db), "--out", str(out)]
    reports: list[float] = []
    plains: list[float] = []
    pages = 0
    for _ in range(runs + 1):  # the first pair warms the disk cache: not counted
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run(
            [*command, "--term", "2026-2027-1"], check=True, capture_output=True, env=env
        )
        took = time.perf_counter() - start
        pages = len(PdfReader(out).pages)
        plain = _timed_process([sys.executable, "-c", PLAIN_SCRIPT, str(pages), str(plain_out)])
        reports.append(took)
        plains.append(plain)
    report, floor = statistics.median(reports[1:]), statistics.median(plains[1:])
    print(
        f"whole process, {pages} pages: report command median {report:.2f} s "
        f"(min {min(reports[1:]):.2f}), plain ReportLab script median {floor:.2f} s: "
        f"{report / floor:.2f}× (goal ≤ 3×)"
    )


def measure(db: Path, runs: int) -> dict[str, float]:
    """The report of ``db``'s current term, ``runs`` times in this process: times in seconds,
    the process's peak memory (RSS) in MiB."""
    import resource

    from liushou_desk.db.schema import open_archive
    from liushou_desk.pdf.term_report import term_report_pdf
    from liushou_desk.services.term_report import build_term_report
    from liushou_desk.services.terms import current_term

    archive = open_archive(db, create=False)
    term = current_term(archive, TERM_END)
    cold = time.perf_counter()
    rendered = term_report_pdf(build_term_report(archive, term, TERM_END))
    cold = time.perf_counter() - cold
    times, data_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        report = build_term_report(archive, term, TERM_END)
        data_times.append(time.perf_counter() - start)
        rendered = term_report_pdf(report)
        times.append(time.perf_counter() - start)
    archive.close()
    return {
        "median": statistics.median(times),
        "min": min(times),
        "reading": statistics.median(data_times),
        "cold": cold,
        "pages": rendered.pages,
        "mb": len(rendered.data) / 1e6,
        "records": sum(report.work.by_kind.values()),
        "cards": len(report.cards),
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _measured(db: Path, runs: int) -> dict[str, float]:
    """``measure`` in a process of its own, so each archive's peak memory is its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(db), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, nargs="+", default=[60, 600])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=0, help="also an archive N years old")
    parser.add_argument("--rounds", type=int, default=2, help="turns of new and aged (--years)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--whole", action="store_true", help="the whole process (issue 17)")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.runs)))
        return 0
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from liushou_desk.demo import make_demo

    sys.path.insert(0, str(Path(__file__).parent))
    from aged_archive import make_aged

    for pupils in args.pupils:
        db = tmp / f"class-{pupils}.sqlite"
        made = time.perf_counter()
        make_demo(db, pupils=pupils, seed=7, today=TERM_END)
        made = time.perf_counter() - made
        if args.whole:
            print(f"{pupils} pupils (demo made in {made:.1f} s):")
            whole_process(db, args.runs, tmp)
            continue
        paths = {"new": db}
        if args.years:
            paths["aged"] = tmp / f"class-{pupils}-{args.years}y.sqlite"
            how = make_aged(db, paths["aged"], args.years, pupils=pupils, seed=7, today=TERM_END)
            print(f"{pupils} pupils, {args.years} years behind: {how}")
        results: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        for _ in range(args.rounds if args.years else 1):
            for name, path in paths.items():  # in turns: the same machine state for both
                results[name].append(_measured(path, args.runs))
        best = {name: min(rs, key=lambda r: r["median"]) for name, rs in results.items()}
        for name, r in best.items():
            plain = statistics.median(plain_document(int(r["pages"])) for _ in range(3))
            target = 1.0 if pupils <= 60 else 5.0 if pupils <= 600 else None
            verdict = "" if target is None else (" ok" if r["median"] <= target else " OVER TARGET")
            label = "" if name == "new" else f", {args.years} years behind"
            print(
                f"{pupils} pupils{label} ({r['cards']:.0f} cards, {r['records']:.0f} records this "
                f"term, demo made in {made:.1f} s): {r['pages']:.0f} pages, {r['mb']:.2f} MB; "
                f"median {r['median']:.2f} s (reading {r['reading']:.2f} s), min {r['min']:.2f} s, "
                f"first in process {r['cold']:.2f} s (fonts loaded){verdict}; peak RSS "
                f"{r['rss']:.0f} MiB; plain ReportLab document of {r['pages']:.0f} pages "
                f"{plain:.2f} s"
            )
        if "aged" in best:
            new, aged = best["new"], best["aged"]
            print(
                f"{pupils} pupils, {args.years} years behind vs new: time "
                f"{aged['median'] / new['median']:.2f}×, reading "
                f"{aged['reading'] / new['reading']:.2f}×, peak RSS "
                f"{aged['rss'] / new['rss']:.2f}× (goal, issue 20: ≤ 1.2×)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
