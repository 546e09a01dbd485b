"""读取计划 (the reads' query plans): what SQLite plans for the hot reads — a child's growth card,
the 待办 list, the term report, many children's records at once — shown with ``EXPLAIN QUERY
PLAN`` on the demo class and checked: each reads the care records through an index of
migration 0008 (or the primary key), never a full scan of the records or of who took part,
so its cost follows the term and the class, not the years the archive holds.

Without ``ANALYZE`` statistics (the app never makes them) SQLite's plans do not depend on the
number of rows, so the demo class shows the plans of a ten-year archive."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.services.due import due_items
from liushou_desk.services.growth_card import growth_card
from liushou_desk.services.records import list_deleted_records, list_records_of
from liushou_desk.services.roster import list_roster
from liushou_desk.services.term_report import build_term_report
from liushou_desk.services.terms import current_term

TODAY = date(2026, 11, 23)
FULL_SCAN = re.compile(r"^SCAN (records|record_participants|archive_changes)\b")

Plan = list[tuple[str, list[str]]]  # statement, its plan's lines


@pytest.fixture
def archive(demo_db: Path) -> Iterator[Archive]:
    arc = open_archive(demo_db, create=False)
    yield arc
    arc.close()


def plans_of(archive: Archive, read: Callable[[], object]) -> Plan:
    """Every SELECT ``read`` sends, with the plan SQLite makes for it (same parameters)."""
    sent: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    event.listen(archive.engine, "before_cursor_execute", keep)
    try:
        read()
    finally:
        event.remove(archive.engine, "before_cursor_execute", keep)
    out: Plan = []
    raw = archive.engine.raw_connection()
    try:
        for statement, parameters in sent:
            rows = raw.cursor().execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            out.append((" ".join(statement.split()), [str(r[3]) for r in rows]))
    finally:
        raw.close()
    return out


def shown(plan: Plan) -> str:
    """The plans as EXPLAIN QUERY PLAN prints them, for a failing assertion to show."""
    return "\n".join(
        f"{sql[:160]}\n" + "\n".join(f"    {line}" for line in lines) for sql, lines in plan
    )


def used(plan: Plan) -> set[str]:
    """The indexes the plans search."""
    return {m for _, lines in plan for line in lines for m in re.findall(r"INDEX (\w+)", line)}


def assert_no_full_scan(plan: Plan) -> None:
    scans = [line for _, lines in plan for line in lines if FULL_SCAN.match(line)]
    assert not scans, shown(plan)
    touching = [lines for sql, lines in plan if re.search(r"\bFROM records\b", sql)]
    assert touching, shown(plan)  # the care records are read, and by a search
    assert all(any(line.startswith("SEARCH records") for line in lines) for lines in touching), (
        shown(plan)
    )


def test_a_growth_card_searches_the_childs_records_of_the_term(archive: Archive) -> None:
    term = current_term(archive, TODAY)
    pid = next(p.id for p in list_roster(archive, TODAY) if p.is_left_behind)
    plan = plans_of(archive, lambda: growth_card(archive, pid, term, TODAY))
    assert_no_full_scan(plan)
    indexes = used(plan)
    assert "ix_records_pupil_day" in indexes, shown(plan)  # own and class records of the term
    assert "ix_records_pupil_kind_day" in indexes, shown(plan)  # the latest exams, the plan
    assert "ix_archive_changes_pupil_day" in indexes, shown(plan)
    assert "ix_records_deleted_at" not in indexes


def test_the_due_list_seeks_each_childs_newest_contact(archive: Archive) -> None:
    plan = plans_of(archive, lambda: due_items(archive, TODAY))
    assert_no_full_scan(plan)
    indexes = used(plan)
    assert "ix_records_pupil_party_day" in indexes, shown(plan)  # last contact with each party
    assert "ix_records_pupil_kind_day" in indexes, shown(plan)  # newest talk and visit, plans
    assert "ix_records_kind_day" in indexes, shown(plan)  # meetings since last month
    correlated = [line for _, lines in plan for line in lines if "CORRELATED" in line]
    assert correlated, shown(plan)  # one query for every child: a seek per child inside it


def test_the_term_report_reads_the_term(archive: Archive) -> None:
    term = current_term(archive, TODAY)
    plan = plans_of(archive, lambda: build_term_report(archive, term, TODAY))
    assert_no_full_scan(plan)
    term_reads = [
        lines
        for sql, lines in plan
        if "FROM records WHERE records.deleted_at IS NULL AND records.occurred_on BETWEEN" in sql
    ]
    assert term_reads and all(
        any("(occurred_on>? AND occurred_on<?)" in line for line in lines) for lines in term_reads
    ), shown(plan)


def test_many_childrens_records_are_read_in_a_few_searches(archive: Archive) -> None:
    ids = [p.id for p in list_roster(archive, TODAY)]
    plan = plans_of(archive, lambda: list_records_of(archive, ids))
    assert len(plan) <= 3, shown(plan)  # own, joined, who took part: whatever the class size
    assert_no_full_scan(plan)
    assert "ix_record_participants_pupil_record" in used(plan) or "ix_records_pupil_day" in used(
        plan
    ), shown(plan)


def test_the_recycle_bin_has_an_index_of_its_own(archive: Archive) -> None:
    plan = plans_of(archive, lambda: list_deleted_records(archive))
    assert "ix_records_in_bin" in used(plan), shown(plan)


def test_the_due_list_sends_no_list_of_the_classs_ids(archive: Archive) -> None:
    """The class is chosen inside the statements (pupils in class, not a list of their ids)
    and the newest talks and visits go as one JSON parameter: what SQLAlchemy renders and
    SQLite parses stays the same size for 45 pupils or 2,000."""
    sizes: list[tuple[int, str]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        sizes.append((len(parameters), " ".join(statement.split())[:120]))

    pupils = len([p for p in list_roster(archive, TODAY) if p.is_left_behind])
    assert pupils >= 20
    event.listen(archive.engine, "before_cursor_execute", keep)
    try:
        items = due_items(archive, TODAY)
    finally:
        event.remove(archive.engine, "before_cursor_execute", keep)
    assert items and sizes
    assert max(n for n, _ in sizes) < 20, sorted(sizes, reverse=True)[:3]
