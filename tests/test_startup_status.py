"""Start-up flat in class size — 留守状态 re-checked at start: the rule applied to plain rows for
the whole class, only the pupils whose stored verdict differs loaded and written; the same
verdicts as applying the rule to every pupil through the ORM."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import selectinload

from liushou_desk.db.models import Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.enums import Enrolment
from liushou_desk.services import status

from .conftest import TODAY


def _statements(archive):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    @event.listens_for(archive.engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement.split()[0].upper())

    return seen


def _verdicts_through_the_orm(archive, day: date) -> set[int]:  # type: ignore[no-untyped-def]
    """The pupils the rule changes on ``day``, applied to every ORM pupil (the old way)."""
    with archive.transaction() as s:
        pupils = s.scalars(
            select(Pupil)
            .where(Pupil.enrolment == Enrolment.ACTIVE.value, Pupil.deleted_at.is_(None))
            .options(selectinload(Pupil.parents))
        )
        out = set()
        for p in pupils:
            result = status.assess_pupil(p, day)
            if result.kind.value != p.computed_kind or result.summary[:200] != p.computed_reason:
                out.add(p.id)
        s.rollback()
    return out


def test_a_settled_class_is_read_twice_and_nothing_is_written(demo_db: Path) -> None:
    archive = open_archive(demo_db)
    status.refresh_statuses(archive, TODAY)
    seen = _statements(archive)
    assert status.refresh_statuses(archive, TODAY).pupil_ids == frozenset()
    assert [s for s in seen if s in ("SELECT", "UPDATE", "INSERT")] == ["SELECT", "SELECT"]
    archive.close()


def test_only_the_pupils_whose_verdict_changes_are_written(demo_db: Path) -> None:
    archive = open_archive(demo_db)
    status.refresh_statuses(archive, TODAY)
    for days in (1, 30, 95, 200, 400, 3000):  # parents reach 3 months, children turn 16
        day = TODAY + timedelta(days=days)
        expected = _verdicts_through_the_orm(archive, day)
        with archive.transaction() as s:
            assert set(status.stale_statuses(s, day)) == expected
        changed = status.refresh_statuses(archive, day)
        kinds_before = _verdicts_through_the_orm(archive, day)
        assert kinds_before == set()  # all settled now
        assert changed.pupil_ids <= expected
    assert changed.pupil_ids, "the demo class has children who turn 16 within 8 years"
    archive.close()
