"""The term report (期末总结报告 with every growth card) of a class with a full term of records:
time from reading the archive to the finished PDF, in-process. Targets (issue 4): 60 pupils
≤ 1.0 s, 600 pupils ≤ 5 s. For scale, a plain ReportLab document of the same page count
(Helvetica paragraphs, no tables or charts) is timed too.

    python benchmarks/bench_report.py [--pupils 60 600] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, nargs="+", default=[60, 600])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo import make_demo
    from liushou_desk.pdf.term_report import term_report_pdf
    from liushou_desk.services.term_report import build_term_report
    from liushou_desk.services.terms import current_term

    for pupils in args.pupils:
        db = tmp / f"class-{pupils}.sqlite"
        made = time.perf_counter()
        make_demo(db, pupils=pupils, seed=7, today=TERM_END)
        made = time.perf_counter() - made
        archive = open_archive(db)
        term = current_term(archive, TERM_END)
        cold = time.perf_counter()
        rendered = term_report_pdf(build_term_report(archive, term, TERM_END))
        cold = time.perf_counter() - cold
        times, data_times = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            report = build_term_report(archive, term, TERM_END)
            data_times.append(time.perf_counter() - start)
            rendered = term_report_pdf(report)
            times.append(time.perf_counter() - start)
        records = sum(report.work.by_kind.values())
        plain = statistics.median(plain_document(rendered.pages) for _ in range(3))
        median = statistics.median(times)
        target = 1.0 if pupils <= 60 else 5.0 if pupils <= 600 else None
        verdict = "" if target is None else (" ok" if median <= target else " OVER TARGET")
        print(
            f"{pupils} pupils ({len(report.cards)} cards, {records} records this term, demo made "
            f"in {made:.1f} s): {rendered.pages} pages, {len(rendered.data) / 1e6:.2f} MB; "
            f"median {median:.2f} s (reading {statistics.median(data_times):.2f} s), "
            f"min {min(times):.2f} s, first in process {cold:.2f} s "
            f"(fonts loaded){verdict}; plain ReportLab document of {rendered.pages} pages "
            f"{plain:.2f} s"
        )
        archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
