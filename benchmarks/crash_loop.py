"""Crash loop: kill a writing process at random moments and count what survives.

Each iteration forks a child that opens the archive itself and writes whole units of work
through the service layer — 新增学生, then 保存档案 with both parents 外出务工 and a guardian —
acknowledging each call that returned on a pipe. The parent SIGKILLs it after a random
0–150 ms, then checks the file read-only: integrity_check, every call acknowledged so far (in
this and all earlier iterations) still there, and no pupil half-written. Linux only (fork).

    PYTHONPATH=src python benchmarks/crash_loop.py [--iterations 1000] [--seed 1] [--db FILE]

A unit here is one acknowledged service call, i.e. one committed transaction. Exit status 0
when nothing was lost, nothing half-written and every integrity check passed.
(tests/test_crash_safety.py runs the same loop 100 times; benchmarks do not import tests.)
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft
from liushou_desk.services import profile, roster

TODAY = date(2026, 11, 23)
AWAY = "外出务工"
SAVE_EDITS = 5  # 修改 rows of one save: both parents' situation and away_since, the guardian
BARE = (2, 1, 0, 2, 0, 0, 0, "非留守")  # parents, 建档, away, blank, guardians, 修改, 认定, kind
SAVED = (2, 1, 2, 0, 1, SAVE_EDITS, 1, "父母均外出")
DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def draft(tag: int, k: int, *, saved: bool) -> ProfileDraft:
    name = f"王{str(tag).translate(DIGITS)}之{str(k).translate(DIGITS)}"
    d = ProfileDraft(name=name, sex="男女"[k % 2], birth_date=f"2016-03-{k % 28 + 1:02d}")
    if saved:
        for parent in (d.father, d.mother):
            parent.situation, parent.away_since = AWAY, "2025-02-01"
        d.guardians = [GuardianDraft(name="李秀英", relation="祖母", age="68", phone="13812348001")]
    return d


def quiet(_line: str) -> None:
    pass


def write_unit(archive: Archive, tag: int, k: int, say: Callable[[str], None] = quiet) -> None:
    """One unit of work, announcing each call before it and acknowledging it after it returns."""
    d = draft(tag, k, saved=False)
    say(f"add {d.name}")
    pupil_id, _ = roster.add_pupil(archive, d, TODAY)
    say(f"added {pupil_id} {d.name}")
    say(f"save {pupil_id}")
    profile.save_profile(archive, pupil_id, draft(tag, k, saved=True), TODAY)
    say(f"saved {pupil_id}")


def child_main(path: Path, fd: int, tag: int) -> None:
    def say(line: str) -> None:
        os.write(fd, (line + "\n").encode())

    try:
        archive = open_archive(path)  # never a connection from before the fork
        say("ready")
        k = 0
        while True:
            write_unit(archive, tag, k, say)
            k += 1
    except BaseException as exc:
        say(f"error {exc!r}")
    finally:
        os._exit(1)


def read_some(fd: int, timeout: float) -> bytes | None:
    """What the child wrote, b"" when nothing yet, None at end of file."""
    if not select.select([fd], [], [], timeout)[0]:
        return b""
    return os.read(fd, 65536) or None


def crash_once(path: Path, tag: int, delay: float) -> list[str]:
    """Fork a writer, let it write ``delay`` seconds after it opened the archive, kill it."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        child_main(path, write_fd, tag)
    os.close(write_fd)
    data = b""
    deadline = time.monotonic() + 30
    while b"ready\n" not in data and time.monotonic() < deadline:
        chunk = read_some(read_fd, 1.0)
        if chunk is None:
            break
        data += chunk
    if b"ready\n" in data:
        time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while (chunk := read_some(read_fd, 5.0)) is not None:
        data += chunk
    os.close(read_fd)
    lines = data.decode().splitlines()
    errors = [line for line in lines if line.startswith("error")]
    if errors or "ready" not in lines:
        raise SystemExit(f"writer failed: {errors or 'did not open the archive'}")
    return [line for line in lines if line != "ready"]


def read_state(path: Path) -> tuple[str, dict[int, str], dict[int, tuple[object, ...]]]:
    """(integrity_check, pupil names, each pupil's row counts), read-only."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))[:300]
        q = con.execute
        names = dict(q("SELECT id, name FROM pupils"))
        kinds = dict(q("SELECT id, computed_kind FROM pupils"))
        parents = {
            r[0]: r[1:]
            for r in q(
                "SELECT pupil_id, count(*), sum(situation = ? AND away_since IS NOT NULL),"
                " sum(situation = '' AND away_since IS NULL) FROM parents GROUP BY pupil_id",
                (AWAY,),
            )
        }
        guardians = dict(q("SELECT pupil_id, count(*) FROM guardians GROUP BY pupil_id"))
        changes = {
            (r[0], r[1]): r[2]
            for r in q("SELECT pupil_id, kind, count(*) FROM archive_changes GROUP BY 1, 2")
        }
        orphans = q(
            "SELECT count(*) FROM (SELECT pupil_id FROM parents UNION ALL"
            " SELECT pupil_id FROM guardians UNION ALL SELECT pupil_id FROM archive_changes)"
            " WHERE pupil_id NOT IN (SELECT id FROM pupils)"
        ).fetchone()[0]
    finally:
        con.close()
    rows: dict[int, tuple[object, ...]] = {}
    for i in names:
        n, away, blank = parents.get(i, (0, 0, 0))
        rows[i] = (n, changes.get((i, "建档"), 0), away, blank, guardians.get(i, 0))
        rows[i] += (changes.get((i, "修改"), 0), changes.get((i, "留守认定"), 0), kinds[i])
    if orphans:
        rows[-1] = ("orphan rows", orphans)
    return check, names, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.150, help="seconds")
    parser.add_argument("--db", type=Path, help="archive file to use (default: a temp folder)")
    args = parser.parse_args()
    if not hasattr(os, "fork"):
        print("needs os.fork (Linux)", file=sys.stderr)
        return 2
    db = args.db or Path(tempfile.mkdtemp(prefix="crash-loop-")) / "class.sqlite"
    archive = open_archive(db)
    write_unit(archive, 0, 0)  # imports and mapper set-up happen here, before any fork
    archive.close()

    rng = random.Random(args.seed)
    added: dict[int, str] = {}  # every acknowledged 新增学生 so far
    saved: set[int] = set()  # every acknowledged 保存档案 so far
    lost: set[tuple[str, int]] = set()
    half: set[int] = set()
    integrity_failures = rolled_back = landed_unacknowledged = 0
    started = time.perf_counter()
    for i in range(1, args.iterations + 1):
        lines = crash_once(db, i, rng.uniform(0, args.max_delay))
        in_flight = ""
        for line in lines:
            word, _, rest = line.partition(" ")
            if word == "added":
                pupil_id, name = rest.split(" ", 1)
                added[int(pupil_id)] = name
            elif word == "saved":
                saved.add(int(rest))
            in_flight = line if word in ("add", "save") else ""
        check, names, rows = read_state(db)
        integrity_failures += check != "ok"
        new_half = {p: r for p, r in rows.items() if r not in (BARE, SAVED) and p not in half}
        whole = {p for p, r in rows.items() if r == SAVED}
        new_lost = {("added", p) for p, n in added.items() if names.get(p) != n}
        new_lost |= {("saved", p) for p in saved - whole}
        new_lost -= lost
        half |= set(new_half)
        lost |= new_lost
        word, _, rest = in_flight.partition(" ")
        if word:
            landed = rest in names.values() if word == "add" else int(rest) in whole
            rolled_back += not landed
            landed_unacknowledged += landed
        if check != "ok" or new_half or new_lost:
            problems = f"integrity {check!r}, half-written {list(new_half.items())[:3]}"
            print(f"iteration {i}: {problems}, lost {sorted(new_lost)[:5]}", file=sys.stderr)
    elapsed = time.perf_counter() - started

    acknowledged = len(added) + len(saved)
    print(f"iterations            {args.iterations} (seed {args.seed})")
    print(f"acknowledged units    {acknowledged} ({len(added)} 新增学生 + {len(saved)} 保存档案)")
    print(f"units found           {acknowledged - len(lost)}")
    print(f"lost                  {len(lost)}")
    print(f"half-written          {len(half)}")
    print(f"integrity failures    {integrity_failures}")
    print(
        f"killed inside a call  {rolled_back} rolled back, {landed_unacknowledged} committed"
        " but not yet acknowledged"
    )
    print(f"pupils in the file    {len(names)} ({db.stat().st_size // 1024} KiB)")
    print(
        f"elapsed               {elapsed:.1f} s ({elapsed / args.iterations * 1000:.0f} ms"
        " per iteration)"
    )
    return 0 if not lost and not half and not integrity_failures else 1


if __name__ == "__main__":
    sys.exit(main())
