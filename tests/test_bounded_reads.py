"""读取随学期 (reads bounded by the term): the growth card, the 待办 list and the term report read
what the term (or the rule's window) needs, for every child at once — so an archive kept for
years costs what a new one does — and say what they said when they read everything: a record
on the term's first or last day belongs to the term, the card's exams and help plan are the
latest whatever the term, many children's records read at once are each child's own."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.domain.records import RecordValues
from liushou_desk.services import records, roster
from liushou_desk.services.due import due_items
from liushou_desk.services.growth_card import growth_card, load_card
from liushou_desk.services.term_report import build_term_report
from liushou_desk.services.terms import TermView, current_term

TODAY = date(2026, 11, 23)
TERM = TermView(0, "2026—2027学年第一学期", date(2026, 8, 1), date(2027, 1, 31))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def _add(
    archive: Archive,
    kind: str,
    pupil: int | None,
    day: date,
    parent: int | None = None,
    **values: object,
) -> int:
    parts = values.pop("participants", None)
    scores = values.pop("scores", None)
    rid, _ = records.create_record(
        archive,
        kind,
        pupil,
        RecordValues(
            {"date": day.isoformat(), **{k: str(v) for k, v in values.items()}},
            scores=dict(scores or {}),  # type: ignore[call-overload]
            participants=list(parts or []),  # type: ignore[call-overload]
        ),
        TODAY,
        parent_id=parent,
    )
    return rid


def _talk(archive: Archive, pupil: int, day: date) -> int:
    return _add(archive, "talk", pupil, day, teacher="王老师", topic="想念父母")


# --- the term's edges -----------------------------------------------------------------------


def test_a_record_on_the_terms_first_or_last_day_belongs_to_the_term(archive: Archive) -> None:
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="张冬月"), TODAY)
    before = _talk(archive, pid, TERM.start - timedelta(days=1))
    first = _talk(archive, pid, TERM.start)
    last_day = TERM.end  # a future day is refused at TODAY: write it as of the term's end
    last, _ = records.create_record(
        archive,
        "bright_spot",
        pid,
        RecordValues({"date": last_day.isoformat(), "content": "主动扫地"}),
        TERM.end,
    )
    after, _ = records.create_record(
        archive,
        "bright_spot",
        pid,
        RecordValues({"date": (TERM.end + timedelta(days=1)).isoformat(), "content": "值日"}),
        TERM.end + timedelta(days=1),
    )
    meeting = _add(
        archive,
        "meeting",
        None,
        TERM.start,
        meeting_kind="留守儿童月会",
        title="开学月会",
        participants=[pid],
    )
    card = growth_card(archive, pid, TERM, TODAY)
    assert [r.id for r in card.records] == [first, meeting, last]
    listed = records.list_records(archive, pid, TERM.start, TERM.end)
    assert [r.id for r in listed] == [last, meeting, first]
    assert {r.id for r in records.list_records(archive, pid)} == {
        before,
        first,
        meeting,
        last,
        after,
    }
    report = build_term_report(archive, TERM, TODAY, pupil_ids=[pid])
    assert report.work.by_kind == {"talk": 1, "bright_spot": 1, "meeting": 1}
    assert [v.id for v in report.class_records] == [meeting]
    assert report.class_records[0].participants == (pid,)
    assert [r.id for r in report.cards[0].records] == [first, meeting, last]


# --- what the card shows whatever the term ----------------------------------------------------


def test_the_card_shows_the_latest_exams_and_the_newest_plan_of_any_term(archive: Archive) -> None:
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="李想"), TODAY)
    exams = [date(2022 + i // 2, 3 if i % 2 else 10, 15) for i in range(9)] + [date(2026, 11, 2)]
    for n, day in enumerate(exams):
        _add(archive, "grade", pid, day, exam="月考", scores={"语文": str(60 + n)})
    old_plan = _add(archive, "help_plan", pid, date(2023, 3, 1), teacher="李老师", content="阅读")
    plan = _add(archive, "help_plan", pid, date(2025, 3, 1), teacher="王老师", content="数学辅导")
    check = _add(archive, "plan_check", pid, date(2025, 4, 1), plan, effect="有进步")
    archive_records = {r.id for r in records.list_records(archive, pid)}
    for term in (TERM, TermView(0, "2023—2024学年第一学期", date(2023, 8, 1), date(2024, 1, 31))):
        card = growth_card(archive, pid, term, TODAY)
        plan_rows = [p.value for b in card.section("plan").blocks for p in getattr(b, "pairs", ())]
        if term is TERM:  # both plans are open: each shown, with its checks (issue 17)
            assert card.plan_id == plan != old_plan
            assert "2025-04-01：有进步" in plan_rows and "阅读" in plan_rows
        else:  # the plan that ran in that term, not one begun years later
            assert "阅读" in plan_rows and "数学辅导" not in plan_rows
        notes = [getattr(b, "text", "") for b in card.section("grades").blocks]
        assert "最近 8 次考试（共 10 次）" in notes
        assert card.chart is not None and len(card.chart.exams) == 8
        assert card.chart.lines[0].scores[-1] == 69.0  # the newest exam, whatever the term
        data = load_card(archive, pid, term, TODAY)
        assert data.exams == 10
        assert check in {r.id for r in data.records}
        assert {r.id for r in data.records} < archive_records  # the term's and the latest only


# --- many children at once -----------------------------------------------------------------


def test_many_childrens_records_read_at_once_are_each_childs_own(demo_db: Path) -> None:
    archive = open_archive(demo_db, create=False)
    try:
        ids = [p.id for p in roster.list_roster(archive, TODAY)]
        every = records.list_records_of(archive, ids)
        assert every == {pid: records.list_records(archive, pid) for pid in ids}
        own = records.list_records_of(archive, ids, joined=False)
        for pid in ids:
            assert own[pid] == [r for r in every[pid] if r.pupil_id == pid]
        assert any(r.pupil_id is None for rs in every.values() for r in rs)
        term = records.list_records_of(archive, ids, TERM.start, TERM.end, ("talk", "meeting"))
        for pid in ids:
            assert term[pid] == records.list_records(
                archive, pid, TERM.start, TERM.end, ("talk", "meeting")
            )
    finally:
        archive.close()


# --- flat in years ----------------------------------------------------------------------------


def _age(path: Path, years: int) -> None:
    """Give the archive ``years`` more school years behind it: every record, who took part and
    every change copied into each earlier half-year (plans of those years ended there), and
    the pupils' files opened that long ago."""
    con = sqlite3.connect(path)
    try:
        columns = [r[1] for r in con.execute("PRAGMA table_info(records)") if r[1] != "id"]
        top = con.execute("SELECT max(id) FROM records").fetchone()[0]
        changes = [r[1] for r in con.execute("PRAGMA table_info(archive_changes)") if r[1] != "id"]
        top_change = con.execute("SELECT max(id) FROM archive_changes").fetchone()[0]
        for k in range(1, 2 * years + 1):
            days, offset = 182 * k, 1_000_000 * k
            shifted = {
                "occurred_on": f"date(occurred_on, '-{days} days')",
                "due_on": f"date(due_on, '-{days} days')",
                "parent_id": f"parent_id + {offset}",
                "data": (
                    "CASE WHEN kind IN ('help_plan', 'iep') THEN json_set(data, "
                    f"'$.values.end', date(occurred_on, '-{days - 90} days')) ELSE data END"
                ),
            }
            picked = ", ".join(shifted.get(c, c) for c in columns)
            con.execute(
                f"INSERT INTO records (id, {', '.join(columns)}) "
                f"SELECT id + {offset}, {picked} FROM records WHERE id <= ?",
                (top,),
            )
            con.execute(
                "INSERT INTO record_participants (record_id, pupil_id) "
                f"SELECT record_id + {offset}, pupil_id FROM record_participants "
                "WHERE record_id <= ?",
                (top,),
            )
            moved = ", ".join(
                f"datetime(changed_at, '-{days} days')" if c == "changed_at" else c
                for c in changes
            )
            con.execute(
                f"INSERT INTO archive_changes ({', '.join(changes)}) "
                f"SELECT {moved} FROM archive_changes WHERE id <= ?",
                (top_change,),
            )
        con.execute(f"UPDATE pupils SET created_at = datetime(created_at, '-{366 * years} days')")
        con.commit()
    finally:
        con.close()


def _steps(archive: Archive, read: Callable[[], object]) -> int:
    """SQLite's virtual machine steps (in hundreds) that ``read`` costs: its work, whatever the
    machine's speed."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    raw = archive.engine.raw_connection()  # the pool's one connection, handed back at close
    try:
        raw.driver_connection.set_progress_handler(tick, 100)  # type: ignore[union-attr]
    finally:
        raw.close()
    try:
        read()
    finally:
        raw = archive.engine.raw_connection()
        raw.driver_connection.set_progress_handler(None, 100)  # type: ignore[union-attr]
        raw.close()
    return count[0]


def test_an_archive_kept_ten_years_reads_what_a_new_one_does(demo_db: Path, tmp_path: Path):
    aged = tmp_path / "aged.sqlite"
    shutil.copyfile(demo_db, aged)
    _age(aged, 10)
    costs: dict[str, list[int]] = {}
    for path in (demo_db, aged):
        archive = open_archive(path, create=False)
        try:
            archive.engine.pool.dispose()
            term = current_term(archive, TODAY)
            pid = next(p.id for p in roster.list_roster(archive, TODAY) if p.is_left_behind)
            reads = {
                "card": lambda: growth_card(archive, pid, term, TODAY),  # noqa: B023
                "due": lambda: due_items(archive, TODAY),  # noqa: B023
                "report": lambda: build_term_report(archive, term, TODAY),  # noqa: B023
            }
            for name, read in reads.items():
                read()  # warm: the statements compiled, the pages cached
                costs.setdefault(name, []).append(_steps(archive, read))
        finally:
            archive.close()
    # Reading everything cost 10-20× here. What still grows is what is needed whatever its
    # date: 待办 and the report read every help plan of the children in class (a plan runs
    # until it ends; here each child has been in class ten years, a real stay is at most six);
    # the cards count each child's exams and show eight of them, not the one of a new archive.
    limits = {"card": 1.3, "due": 2.0, "report": 1.6}
    for name, (fresh, ten_years) in costs.items():
        assert fresh > 0, name
        assert ten_years <= limits[name] * fresh, (name, fresh, ten_years)
