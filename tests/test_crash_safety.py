"""Crash safety: a writer killed at any moment leaves only whole units of work behind.

A forked child writes through the service layer — 新增学生, then 保存档案 with both parents
外出务工 and a guardian — and reports each call that returned on a pipe. The parent kills it
with SIGKILL at a random moment and checks the file: SQLite finds it sound, everything the
child was told is saved is there, and no pupil is half-written. The same checks run on backups
taken while a child writes.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db.backup import integrity, snapshot_verified
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft
from liushou_desk.services import profile, roster

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (Linux)")

CRASH_ITERATIONS = 100
MAX_KILL_DELAY = 0.150  # seconds after the child has opened the archive
BACKUPS_WHILE_WRITING = 20
SEED = 20261123
TODAY = date(2026, 11, 23)
AWAY = "外出务工"
AWAY_CODE = "away"  # what the file holds for it (migration 0006)
AWAY_SINCE = "2025-02-01"
# What one 保存档案 adds to the history: father/mother situation and away_since, the guardian.
SAVE_EDITS = 5
DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


# --- the child: writes whole units and acknowledges each call that returned -----------------


def pupil_name(tag: int, k: int) -> str:
    """A unique, valid Chinese name: 王 + tag + 之 + k, in Chinese digits."""
    return f"王{str(tag).translate(DIGITS)}之{str(k).translate(DIGITS)}"


def basic_draft(name: str, k: int) -> ProfileDraft:
    return ProfileDraft(name=name, sex="男女"[k % 2], birth_date=f"2016-03-{k % 28 + 1:02d}")


def saved_draft(name: str, k: int) -> ProfileDraft:
    draft = basic_draft(name, k)
    for parent in (draft.father, draft.mother):
        parent.situation = AWAY
        parent.away_since = AWAY_SINCE
    draft.guardians = [GuardianDraft(name="李秀英", relation="祖母", age="68", phone="13812348001")]
    return draft


def say(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())


def write_forever(path: Path, fd: int, tag: int) -> None:
    """The child's work: open the archive itself, then add and save pupils until killed."""
    archive = open_archive(path)
    say(fd, "ready")
    k = 0
    while True:
        name = pupil_name(tag, k)
        say(fd, f"add {name}")
        pupil_id, _ = roster.add_pupil(archive, basic_draft(name, k), TODAY)
        say(fd, f"added {pupil_id} {name}")
        say(fd, f"save {pupil_id}")
        profile.save_profile(archive, pupil_id, saved_draft(name, k), TODAY)
        say(fd, f"saved {pupil_id}")
        k += 1


@dataclass
class Child:
    pid: int
    fd: int
    data: bytes = b""

    @property
    def lines(self) -> list[str]:
        whole = self.data.split(b"\n")[:-1]  # each line is one write: never torn
        return [line.decode() for line in whole if line != b"ready"]


def spawn_writer(path: Path, tag: int) -> Child:
    """Fork a writer and return once it has opened the archive."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            os.close(read_fd)
            write_forever(path, write_fd, tag)
        except BaseException as exc:
            say(write_fd, f"error {exc!r}")
        finally:
            os._exit(1)
    os.close(write_fd)
    child = Child(pid, read_fd)
    deadline = time.monotonic() + 30
    while b"ready\n" not in child.data:
        if not drain(child, timeout=1.0) or time.monotonic() > deadline:
            kill(child)  # reports the child's error
            raise AssertionError("the writer did not open the archive")
    return child


def drain(child: Child, timeout: float = 0.0) -> bool:
    """Read what the child has written so far; False at end of file."""
    while select.select([child.fd], [], [], timeout)[0]:
        chunk = os.read(child.fd, 65536)
        if not chunk:
            return False
        child.data += chunk
        timeout = 0.0
    return True


def kill(child: Child) -> list[str]:
    """SIGKILL the child, reap it, and return every line it wrote."""
    os.kill(child.pid, signal.SIGKILL)
    _, status = os.waitpid(child.pid, 0)
    while drain(child, timeout=5.0):
        pass
    os.close(child.fd)
    errors = [line for line in child.lines if line.startswith("error")]
    assert not errors, errors
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    return child.lines


@dataclass
class Acks:
    """What the writer was told: pupils added and saved, and the call in flight when killed."""

    added: dict[int, str] = field(default_factory=dict)
    saved: set[int] = field(default_factory=set)
    in_flight: str = ""


def parse_acks(lines: list[str]) -> Acks:
    acks = Acks()
    for line in lines:
        word, _, rest = line.partition(" ")
        if word == "added":
            pupil_id, name = rest.split(" ", 1)
            acks.added[int(pupil_id)] = name
        elif word == "saved":
            acks.saved.add(int(rest))
        acks.in_flight = line if word in ("add", "save") else ""
    return acks


# --- the checks: only whole units of work in a sound file ----------------------------------


@dataclass
class State:
    integrity: str
    names: dict[int, str]  # every pupil
    saved: set[int]  # pupils whose 保存档案 is there in full
    half_written: list[str]  # what is neither the bare 新增学生 nor the whole save


def read_state(path: Path) -> State:
    """Read a database file read-only (a live file's -wal stays for the next writer)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
        names = dict(con.execute("SELECT id, name FROM pupils"))
        kinds = dict(con.execute("SELECT id, computed_kind FROM pupils"))
        parents = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT pupil_id, count(*),"
                " sum(situation = ? AND away_since IS NOT NULL),"
                " sum(situation = '' AND away_since IS NULL)"
                " FROM parents GROUP BY pupil_id",
                (AWAY_CODE,),  # the file holds codes
            )
        }
        guardians = dict(con.execute("SELECT pupil_id, count(*) FROM guardians GROUP BY pupil_id"))
        changes: dict[tuple[int, str], int] = {
            (r[0], r[1]): r[2]
            for r in con.execute(
                "SELECT pupil_id, kind, count(*) FROM archive_changes GROUP BY pupil_id, kind"
            )
        }
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM parents WHERE pupil_id NOT IN (SELECT id FROM pupils))"
            " + (SELECT count(*) FROM guardians WHERE pupil_id NOT IN (SELECT id FROM pupils))"
            " + (SELECT count(*) FROM archive_changes"
            "    WHERE pupil_id NOT IN (SELECT id FROM pupils))"
        ).fetchone()[0]
    finally:
        con.close()
    state = State(check, names, set(), [])
    if orphans:
        state.half_written.append(f"{orphans} rows of pupils that do not exist")
    for pupil_id in names:
        n_parents, n_away, n_blank = parents.get(pupil_id, (0, 0, 0))
        got = (
            n_parents,
            changes.get((pupil_id, "建档"), 0),
            n_away,
            n_blank,
            guardians.get(pupil_id, 0),
            changes.get((pupil_id, "修改"), 0),
            changes.get((pupil_id, "留守认定"), 0),
            kinds[pupil_id],
        )
        if got == (2, 1, 2, 0, 1, SAVE_EDITS, 1, "both_away"):
            state.saved.add(pupil_id)
        elif got != (2, 1, 0, 2, 0, 0, 0, "unknown"):
            state.half_written.append(f"pupil {pupil_id}: {got}")
    return state


def assert_whole(state: State, where: str) -> None:
    assert state.integrity == "ok", f"{where}: {state.integrity}"
    assert not state.half_written, f"{where}: half-written {state.half_written[:5]}"


def assert_acknowledged(state: State, acks: Acks, where: str) -> None:
    """Every acknowledged call is in the file, under the name it was given."""
    lost = {i: n for i, n in acks.added.items() if state.names.get(i) != n}
    assert not lost, f"{where}: acknowledged pupils missing {list(lost.items())[:5]}"
    unsaved = acks.saved - state.saved
    assert not unsaved, f"{where}: acknowledged saves missing {sorted(unsaved)[:5]}"


def in_flight_landed(state: State, acks: Acks) -> bool | None:
    """Whether the call the child was killed in had committed (None: killed between calls)."""
    word, _, rest = acks.in_flight.partition(" ")
    if word == "add":
        return rest in state.names.values()
    if word == "save":
        return int(rest) in state.saved
    return None


# --- the tests -------------------------------------------------------------------------------


def new_archive(path: Path) -> Path:
    """A new archive with one whole unit in it, written here so that every lazy import and
    mapper set-up is done before the fork and a child starts writing at once."""
    archive = open_archive(path)
    try:
        name = pupil_name(0, 0)
        pupil_id, _ = roster.add_pupil(archive, basic_draft(name, 0), TODAY)
        profile.save_profile(archive, pupil_id, saved_draft(name, 0), TODAY)
    finally:
        archive.close()
    return path


def test_killed_writer_leaves_only_whole_units(tmp_path: Path) -> None:
    db = new_archive(tmp_path / "class.sqlite")
    rng = random.Random(SEED)
    everything = Acks()
    acknowledged = rolled_back = landed_unacknowledged = 0
    started = time.perf_counter()
    state = read_state(db)
    for i in range(CRASH_ITERATIONS):
        before = state.names
        child = spawn_writer(db, tag=i + 1)
        time.sleep(rng.uniform(0, MAX_KILL_DELAY))
        acks = parse_acks(kill(child))
        state = read_state(db)
        where = f"iteration {i} ({acks.in_flight or 'between calls'})"
        assert_whole(state, where)
        everything.added.update(acks.added)
        everything.saved |= acks.saved
        assert_acknowledged(state, everything, where)  # this child's calls and all before
        unknown = {n for pid, n in state.names.items() if pid not in before} - {
            *acks.added.values(),
            acks.in_flight.removeprefix("add "),
        }
        assert not unknown, f"{where}: pupils nobody added {unknown}"
        landed = in_flight_landed(state, acks)
        rolled_back += landed is False
        landed_unacknowledged += landed is True
        acknowledged += len(acks.added) + len(acks.saved)
    print(
        f"\n{CRASH_ITERATIONS} kills in {time.perf_counter() - started:.1f} s:"
        f" {acknowledged} calls acknowledged, {rolled_back} killed inside a call and rolled"
        f" back, {landed_unacknowledged} committed but not yet acknowledged"
    )
    assert acknowledged > 0


def test_backups_while_writing_hold_only_whole_units(tmp_path: Path) -> None:
    db = new_archive(tmp_path / "class.sqlite")
    child = spawn_writer(db, tag=1)
    try:
        counts: list[int] = []
        for i in range(BACKUPS_WHILE_WRITING):
            drain(child)
            acks = parse_acks(child.lines)  # acknowledged before the backup began
            copy = snapshot_verified(db, tmp_path / f"b{i}.sqlite")
            assert integrity(copy) == "ok"
            state = read_state(copy)
            assert_whole(state, f"backup {i}")
            assert_acknowledged(state, acks, f"backup {i}")
            assert not counts or len(state.names) >= counts[-1], (counts, len(state.names))
            counts.append(len(state.names))
            time.sleep(0.02)
    finally:
        acks = parse_acks(kill(child))
    assert counts[-1] > counts[0], f"the writer made no progress during the backups: {counts}"
    print(f"\n{len(counts)} backups while writing held {counts[0]}…{counts[-1]} pupils")
    state = read_state(db)
    assert_whole(state, "live file")
    assert_acknowledged(state, acks, "live file")
    assert len(state.names) >= counts[-1]


def test_the_check_sees_a_half_written_pupil(tmp_path: Path) -> None:
    """The checks above are not vacuous: a save missing one row is caught."""
    db = new_archive(tmp_path / "class.sqlite")
    assert_whole(read_state(db), "new archive")
    con = sqlite3.connect(db)
    with con:
        con.execute("DELETE FROM guardians")
    con.close()
    assert read_state(db).half_written == ["pupil 1: (2, 1, 2, 0, 0, 5, 1, 'both_away')"]
