"""名册上的最近联系 (the roster's last contacts): for each pupil in class the day of the last talk
(any record with the child), the last call with the parents away (三沟通 与外出父母, 亲情电话 /
视频) and the last home visit — the columns the teacher sorts by to see who has waited longest
(issue 16). One query, an index seek per pupil and column, whatever the years the archive holds."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, Pupil
from liushou_desk.domain.enums import Enrolment
from liushou_desk.domain.records import PARTY_CHILD, PARTY_PARENT

Contacts = tuple[date | None, ...]  # talk, call, visit


def last_contacts(archive: Archive, today: date) -> dict[int, Contacts]:
    """Pupil in class → (last talk, last call with the parents, last home visit)."""
    live = and_(
        CareRecord.deleted_at.is_(None),
        CareRecord.occurred_on <= today,
        CareRecord.pupil_id == Pupil.id,
    )

    def newest(*where: Any) -> Any:
        return select(func.max(CareRecord.occurred_on)).where(live, *where).scalar_subquery()

    with archive.transaction() as s:
        return {
            pid: (talk, call, visit)
            for pid, talk, call, visit in s.execute(
                select(
                    Pupil.id,
                    newest(CareRecord.party == PARTY_CHILD),
                    newest(CareRecord.party == PARTY_PARENT),
                    newest(CareRecord.kind == "home_visit"),
                ).where(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)
            )
        }
