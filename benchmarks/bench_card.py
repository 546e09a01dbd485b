"""A child's growth card with 300 records: time from asking for the card to the card shown
(service reads, HTML, chart, QTextBrowser layout). Target (issue 3): ≤ 50 ms.

With ``--years N`` the same card is also shown from a copy of the archive with N school years
behind it (``aged_archive``: the term's records copied into each earlier half-year), the two
timed in turns in one run: the floor is the new archive, the goal (issue 20) the same ≤ 50 ms.

    python benchmarks/bench_card.py [--records 300] [--years 10]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 23)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--years", type=int, default=0, help="also from an archive N years old")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from PySide6.QtWidgets import QApplication

    from liushou_desk.db.schema import open_archive
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services import records, roster

    archive = open_archive(tmp / "card.sqlite")
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="张冬月", birth_date="2015-03-08"), TODAY)
    rng = random.Random(1)
    term_start = date(2026, 8, 1)
    makers = [
        (
            "talk",
            lambda d: RecordValues(
                {
                    "date": d,
                    "teacher": "王老师",
                    "topic": "想念父母",
                    "said": "周末给妈妈打了电话" * 3,
                    "mood": "平静",
                }
            ),
        ),
        (
            "contact",
            lambda d: RecordValues(
                {
                    "date": d,
                    "party": "与外出父母",
                    "channel": "电话",
                    "content": "沟通孩子近况和学习情况",
                }
            ),
        ),
        ("family_call", lambda d: RecordValues({"date": d, "parent": "母亲", "minutes": "12"})),
        ("bright_spot", lambda d: RecordValues({"date": d, "content": "主动帮助同学打扫卫生"})),
        (
            "grade",
            lambda d: RecordValues(
                {"date": d, "exam": "月考"},
                scores={"语文": str(rng.randint(60, 99)), "数学": str(rng.randint(60, 99))},
            ),
        ),
    ]
    t0 = time.perf_counter()
    for i in range(args.records):
        kind, make = makers[i % len(makers)]
        day = term_start + timedelta(days=rng.randint(0, (TODAY - term_start).days))
        records.create_record(
            archive, kind, pid, make(day.isoformat()), TODAY, sensitive=(i % 17 == 0)
        )
    print(f"wrote {args.records} records in {time.perf_counter() - t0:.1f} s")

    archive.close()
    paths = {"new": tmp / "card.sqlite"}
    if args.years:
        sys.path.insert(0, str(Path(__file__).parent))
        from aged_archive import age

        paths["aged"] = tmp / "aged.sqlite"
        shutil.copyfile(paths["new"], paths["aged"])
        age(paths["aged"], args.years)
        print(f"aged copy: {args.records * (2 * args.years + 1)} records of that child")

    app = QApplication(sys.argv[:1])
    from liushou_desk.ui.growth_card_tab import GrowthCardTab

    tabs = {}
    for name, path in paths.items():
        opened = open_archive(path, create=False)
        tab = GrowthCardTab(opened, lambda: TODAY)
        tab.resize(1100, 800)
        tab.show()
        tab.set_pupil(pid)
        app.processEvents()
        tabs[name] = (opened, tab)
    samples: dict[str, list[float]] = {name: [] for name in tabs}
    for _ in range(args.runs):
        for name, (_, tab) in tabs.items():  # in turns: the same machine state for both
            start = time.perf_counter()
            tab.refresh()
            app.processEvents()
            samples[name].append((time.perf_counter() - start) * 1000)
    listed = sum(1 for i in range(args.records) if makers[i % len(makers)][0] != "grade")
    titles = set()
    for opened, tab in tabs.values():  # the exams have a section of their own
        assert tab.timeline.rowCount() + tab.timeline.hidden_sensitive == listed
        titles.add(tab.timeline_title.text())
        opened.close()
    assert len(titles) == 1, titles  # the aged archive's card lists the same term
    floor = statistics.median(samples["new"])
    for name, values in samples.items():
        median = statistics.median(values)
        label = "new archive" if name == "new" else f"archive {args.years} years old"
        ratio = "" if name == "new" else f", {median / floor:.2f}× the new one"
        print(
            f"card with {args.records} records, {label}: median {median:.1f} ms, "
            f"max {max(values):.1f} ms (target ≤ 50 ms){ratio}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
