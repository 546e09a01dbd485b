"""待办 on a 2,000-pupil class: time to compute the due list with ``due_items``.

Builds a demo class (``make_demo``), adds one term of care records through
``records.create_record`` — about ten per pupil: talks, contacts with parents and guardians,
family calls, home visits, help plans with their checks, a few IEPs, grades — plus the class
meetings and collective birthdays with their participants, then times ``due_items`` on the open
archive (median of 10 runs after one warm-up). Target (issue 3): ≤ 200 ms.

    python benchmarks/bench_due.py [--pupils 2000] [--db FILE] [--runs 10] [--today YYYY-MM-DD]
                                   [--years 10]

With ``--db`` an existing file is reused as it is; a missing one is built there to reuse later.
With ``--years N`` a copy with N school years behind it (``aged_archive``) is timed too, in turns
with the new one (the floor); goal (issue 20) ≤ 100 ms on a 10-year archive of 600 pupils.
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
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TARGET_MS = 200.0  # 2,000 pupils (issue 3)
AGED_TARGET_MS = 100.0  # a 10-year archive of 600 pupils (issue 20)


def add_records(path: Path, today: date, seed: int = 1) -> int:
    """One term of records for every pupil in class; returns how many were written."""
    from sqlalchemy import event, select

    from liushou_desk.db.models import Pupil
    from liushou_desk.db.schema import open_archive
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services.records import create_record
    from liushou_desk.services.terms import current_term

    rng = random.Random(seed)
    archive = open_archive(path)
    archive.engine.dispose()  # benchmark setup only: no fsync per record

    @event.listens_for(archive.engine, "connect")
    def _fast(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    term = current_term(archive, today)
    with archive.transaction() as s:
        rows = s.execute(
            select(Pupil.id, Pupil.computed_kind, Pupil.override_kind).where(
                Pupil.deleted_at.is_(None), Pupil.enrolment == "在读"
            )
        ).all()
    left_behind = [pid for pid, c, o in rows if (o or c) != "非留守"]
    others = [pid for pid, _, _ in rows if pid not in set(left_behind)]
    first = max(term.start, today - timedelta(days=100))
    months = sorted(
        {(first + timedelta(days=d)).replace(day=1) for d in range((today - first).days + 1)}
    )
    written = 0

    def day_in(month: date) -> date:
        end = min(today, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
        return month + timedelta(days=rng.randint(0, (end - month).days))

    def some_day() -> date:
        return first + timedelta(days=rng.randint(0, (today - first).days))

    def later(day: date, lo: int, hi: int) -> str:
        return (day + timedelta(days=rng.randint(lo, hi))).isoformat()

    def add(kind: str, pupil: int | None, day: date, plan_id: int | None = None, **values) -> int:  # type: ignore[no-untyped-def]
        nonlocal written
        parts = values.pop("participants", None)
        fields = {"date": day.isoformat(), **values}
        rid, _ = create_record(
            archive,
            kind,
            pupil,
            RecordValues(values=fields, participants=list(parts or [])),
            today,
            parent_id=plan_id,
            recorded_by="王老师",
        )
        written += 1
        return rid

    for pid in left_behind:
        for month in months:
            if rng.random() < 0.8:
                day = day_in(month)
                extra: dict[str, Any] = (
                    {"follow_up": later(day, 7, 40)} if rng.random() < 0.3 else {}
                )
                add("talk", pid, day, teacher="王老师", topic="想念父母", mood="平静", **extra)
        for _ in range(2):
            add("contact", pid, some_day(), party="与外出父母", channel="微信", content="近况")
        add("contact", pid, some_day(), party="与在家监护人", channel="电话", content="作业")
        for _ in range(2):
            add("family_call", pid, some_day(), parent=rng.choice(["父亲", "母亲", "父母"]))
        if rng.random() < 0.6:
            day = some_day()
            extra = {"next_visit": later(day, 20, 90)} if rng.random() < 0.3 else {}
            add("home_visit", pid, day, visitors="王老师", met="祖母", **extra)
        if rng.random() < 0.3:
            start = first + timedelta(days=rng.randint(0, 20))
            plan = add(
                "help_plan",
                pid,
                start,
                teacher="李老师",
                content="数学辅导",
                next_check=later(start, 20, 40),
            )
            day = start
            for _ in range(rng.randint(0, 3)):
                day = day + timedelta(days=rng.randint(15, 30))
                if day > today:
                    break
                add("plan_check", pid, day, plan, effect="有进步", next_check=later(day, 20, 40))
        add("priorities", pid, some_day(), safety="放学路上结伴", study="每周辅导两次")
        add("bright_spot", pid, some_day(), content="主动帮助同学")
        if rng.random() < 0.5:
            add("progress", pid, some_day(), content="数学单元测试进步")
        if rng.random() < 0.03:
            day = some_day()
            iep = add(
                "iep",
                pid,
                day,
                category="心理障碍",
                problem="不愿说话",
                plan="每周谈心",
                responsible="王老师",
                next_review=later(day, 14, 30),
            )
            if day + timedelta(days=14) <= today:
                add("iep_review", pid, day + timedelta(days=14), iep, content="好转")
    for pid in others:
        add("bright_spot", pid, some_day(), content="主动帮助同学")
        add("priorities", pid, some_day(), study="课后辅导")
        if rng.random() < 0.5:
            add("talk", pid, some_day(), teacher="王老师", topic="学习")
    for month in months:
        if month.month != today.month:
            add(
                "meeting",
                None,
                day_in(month),
                meeting_kind="留守儿童月会",
                participants=left_behind,
            )
        add(
            "activity",
            None,
            day_in(month),
            activity_kind="集体生日",
            title="集体生日",
            participants=rng.sample(left_behind, min(len(left_behind), 60)),
        )
    add("meeting", None, some_day(), meeting_kind="监护人会", participants=left_behind[::2])
    archive.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="reuse this archive (built here when missing)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--years", type=int, default=0, help="also an archive N years old")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ["LIUSHOU_HOME"] = tmp
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from sqlalchemy import func, select

    from liushou_desk.db.models import CareRecord, Pupil
    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo import make_demo
    from liushou_desk.services.due import due_items

    db: Path = args.db or Path(tmp) / "big.sqlite"
    if not db.exists():
        t0 = time.perf_counter()
        make_demo(db, pupils=args.pupils, seed=1, today=args.today)
        print(f"make-demo --pupils {args.pupils}: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        n = add_records(db, args.today)
        print(f"{n} records through create_record: {time.perf_counter() - t0:.1f} s")

    paths = {"new": db}
    if args.years:
        sys.path.insert(0, str(Path(__file__).parent))
        from aged_archive import age

        paths["aged"] = Path(tmp) / "aged.sqlite"
        shutil.copyfile(db, paths["aged"])
        age(paths["aged"], args.years)
    archives, firsts = {}, {}
    for name, path in paths.items():
        t0 = time.perf_counter()
        archive = archives[name] = open_archive(path, create=False)
        with archive.transaction() as s:
            pupils = s.scalar(select(func.count(Pupil.id))) or 0
            records = s.scalar(select(func.count(CareRecord.id))) or 0
        firsts[name] = due_items(archive, args.today)
        print(
            f"{name} archive: {pupils} pupils, {records} records; "
            f"open + first due_items: {(time.perf_counter() - t0) * 1000:.0f} ms"
        )
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(args.runs):
        for name, archive in archives.items():  # in turns: the same machine state for both
            start = time.perf_counter()
            items = due_items(archive, args.today)
            samples[name].append((time.perf_counter() - start) * 1000)
            assert [i.to_json() for i in items] == [i.to_json() for i in firsts[name]]
    for archive in archives.values():
        archive.close()
    items = firsts["new"]
    kinds = Counter(i.kind for i in items)
    overdue = sum(1 for i in items if i.overdue)
    print(f"due items on {args.today}: {len(items)} ({overdue} overdue) — {dict(kinds)}")
    floor = statistics.median(samples["new"])
    for name, values in samples.items():
        median = statistics.median(values)
        target = TARGET_MS if name == "new" else AGED_TARGET_MS
        verdict = "met" if median <= target else "NOT met"
        label = "new archive" if name == "new" else f"archive {args.years} years old"
        ratio = "" if name == "new" else f"; {median / floor:.2f}× the new one"
        print(
            f"due_items, {label}: median {median:.1f} ms over {args.runs} runs "
            f"(min {min(values):.1f}, max {max(values):.1f}); target ≤ {target:.0f} ms: "
            f"{verdict}{ratio}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
