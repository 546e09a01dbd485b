"""Issue 16: 待办 of a school-sized class with a full year of records and a term plan, and the
学期计划 page of a term with 300 items.

1. A 2,000-pupil demo class with a school year behind it (``make_demo --years 1``: two terms of
   records) and a plan (``add_plan``): a weekly 班会 and the monthly meetings and lessons, a
   home visit and a 亲情视频 planned for every fourth child, 分工 for every child, a few
   重点帮扶对象 with their own cadence. ``due_items`` with every rule is timed against the same
   call with the rules of issue 3 only (the floor), in turns; goal ≤ 200 ms.
2. The 学期计划 page (``PlanTab``, offscreen) built on a class whose term holds 300 items,
   timed against reading those items alone (``list_plan``, the floor); goal ≤ 100 ms.

    python benchmarks/bench_plan.py [--pupils 2000] [--db FILE] [--runs 10] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DUE_TARGET_MS = 200.0
PAGE_TARGET_MS = 100.0
PAGE_ITEMS = 300


def add_plan(path: Path, today: date, per_child: int = 4) -> int:
    """The plan and 分工 a school-sized class might hold; how many items."""
    from liushou_desk.db.schema import open_archive
    from liushou_desk.services import care_plan, focus, teachers
    from liushou_desk.services.care_plan import PlanDraft
    from liushou_desk.services.terms import current_term

    archive = open_archive(path)
    try:
        term = current_term(archive, today)
        staff = [teachers.save_teacher(archive, None, f"教师{n:02d}", "数学")[0] for n in range(40)]
        for role in ("helper", "proxy_parent"):
            shared = teachers.share_out(archive, role)
            teachers.assign_many(archive, [(p, role, t) for p, t in shared])
        kids = sorted(teachers.assignments(archive))  # every left-behind child in class
        made = 0
        for kind, repeat in (("class_meeting", "weekly"), ("monthly_meeting", "monthly")):
            ids, _ = care_plan.add_items(
                archive,
                PlanDraft(kind, "", term.start.isoformat(), staff[0], repeat=repeat),
                term.end,
            )
            made += len(ids)
        for n, pid in enumerate(kids[::per_child]):
            day = today + timedelta(days=(n % 40) - 10)
            for kind in ("home_visit", "family_video"):
                ids, _ = care_plan.add_items(
                    archive, PlanDraft(kind, "", day.isoformat(), staff[n % 40], [pid]), term.end
                )
                made += len(ids)
        for s in focus.suggest(archive, today)[:20]:
            focus.set_focus(archive, s.pupil_id, s.reason[:200], focus.FOCUS_CADENCE, today)
        return made
    finally:
        archive.close()


def bench_due(db: Path, today: date, runs: int) -> None:
    from sqlalchemy import func, select

    from liushou_desk.db.models import CareRecord, PlanItem, Pupil
    from liushou_desk.db.schema import open_archive
    from liushou_desk.services.due import Cadence, due_items
    from liushou_desk.services.due_kinds import KINDS_BEFORE_PLAN

    archive = open_archive(db)
    with archive.transaction() as s:
        pupils = s.scalar(select(func.count(Pupil.id)))
        records = s.scalar(select(func.count(CareRecord.id)))
        items = s.scalar(select(func.count(PlanItem.id)))
    every, floor = Cadence(), Cadence(kinds=KINDS_BEFORE_PLAN)
    due_items(archive, today, every)  # warm
    due_items(archive, today, floor)
    samples: dict[str, list[float]] = {"every rule": [], "issue 3's rules (floor)": []}
    for _ in range(runs):
        for name, cadence in (("every rule", every), ("issue 3's rules (floor)", floor)):
            start = time.perf_counter()
            found = due_items(archive, today, cadence)
            samples[name].append((time.perf_counter() - start) * 1000)
    archive.close()
    print(f"archive: {pupils} pupils, {records} records, {items} planned items")
    print(f"due items with every rule: {len(found)}")
    base = statistics.median(samples["issue 3's rules (floor)"])
    for name, values in samples.items():
        median = statistics.median(values)
        verdict = "met" if median <= DUE_TARGET_MS else "NOT met"
        print(
            f"due_items, {name}: median {median:.1f} ms (min {min(values):.1f}, "
            f"max {max(values):.1f}) = {median / base:.2f}× the floor; "
            f"target ≤ {DUE_TARGET_MS:.0f} ms: {verdict}"
        )


def bench_page(tmp: Path, today: date, runs: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo import make_demo
    from liushou_desk.services import care_plan
    from liushou_desk.services.care_plan import PlanDraft
    from liushou_desk.services.terms import current_term
    from liushou_desk.ui.plan_tab import PlanTab

    app = QApplication.instance() or QApplication([])
    path = tmp / "page.sqlite"
    make_demo(path, pupils=45, seed=3, today=today)
    archive = open_archive(path)
    term = current_term(archive, today)
    have = len(care_plan.list_plan(archive, term.start, term.end))
    day = term.start
    while have < PAGE_ITEMS:
        ids, _ = care_plan.add_items(
            archive, PlanDraft("activity", f"活动{have}", day.isoformat()), term.end
        )
        have += len(ids)
        day = min(term.end, day + timedelta(days=1)) if day < term.end else term.start
    pages, reads = [], []
    for _ in range(runs):
        start = time.perf_counter()
        entries = care_plan.list_plan(archive, term.start, term.end)
        reads.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        tab = PlanTab(archive, lambda: today)
        tab.resize(1300, 650)
        tab.show()
        app.processEvents()  # laid out and painted
        pages.append((time.perf_counter() - start) * 1000)
        tab.close()
        tab.deleteLater()
        app.processEvents()
    archive.close()
    floor, median = statistics.median(reads), statistics.median(pages)
    verdict = "met" if median <= PAGE_TARGET_MS else "NOT met"
    print(f"plan page of a term with {len(entries)} items: median {median:.1f} ms "
          f"(max {max(pages):.1f}) = {median / floor:.1f}× reading the items ({floor:.1f} ms); "
          f"target ≤ {PAGE_TARGET_MS:.0f} ms: {verdict}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="reuse this archive (built here when missing)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from liushou_desk.demo import make_demo

    db: Path = args.db or tmp / "big.sqlite"
    if not db.exists():
        start = time.perf_counter()
        make_demo(db, pupils=args.pupils, seed=1, today=args.today, years=1)
        print(f"make-demo --pupils {args.pupils} --years 1: {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        made = add_plan(db, args.today)
        print(f"{made} planned items and the 分工: {time.perf_counter() - start:.1f} s")
    bench_due(db, args.today, args.runs)
    bench_page(tmp, args.today, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
