"""档案变动: the dated history of a pupil's archive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveChange


class Kind:
    """Kinds of archive change, as shown in the history."""

    CREATED = "建档"
    EDITED = "修改"
    STATUS = "留守认定"
    ENROLMENT = "在读状态"
    DELETED = "回收站"
    UNDONE = "撤销"


@dataclass(frozen=True)
class ChangeRow:
    """One line of a pupil's archive history."""

    changed_at: datetime
    kind: str
    label: str
    old_value: str
    new_value: str
    note: str


def record(
    session: Session,
    pupil_id: int,
    when: datetime,
    kind: str,
    label: str = "",
    old: str = "",
    new: str = "",
    note: str = "",
    field_path: str = "",
) -> None:
    session.add(
        ArchiveChange(
            pupil_id=pupil_id,
            changed_at=when,
            kind=kind,
            field=field_path,
            label=label,
            old_value=old,
            new_value=new,
            note=note,
        )
    )
    # 操作日志: what was changed, to whom — the field, never its value
    from liushou_desk.services import audit

    who = audit.pupil_ref(pupil_id)
    reason = note and kind in (Kind.DELETED, Kind.STATUS, Kind.ENROLMENT)
    detail = f"{label}：{note}" if reason else label
    audit.log(session, _ACTIONS.get(kind, kind), who, detail)


_ACTIONS = {
    Kind.CREATED: "新增学生",
    Kind.EDITED: "修改档案",
    Kind.STATUS: "留守认定",
    Kind.ENROLMENT: "在读状态",
    Kind.DELETED: "回收站",
    Kind.UNDONE: "撤销",
}


def list_changes(
    archive: Archive, pupil_id: int, start: date | None = None, end: date | None = None
) -> list[ChangeRow]:
    """The pupil's archive changes, oldest first, optionally within [start, end]."""
    stmt = select(ArchiveChange).where(ArchiveChange.pupil_id == pupil_id)
    if start is not None:
        stmt = stmt.where(ArchiveChange.changed_at >= datetime.combine(start, time.min))
    if end is not None:
        stmt = stmt.where(ArchiveChange.changed_at <= datetime.combine(end, time.max))
    stmt = stmt.order_by(ArchiveChange.changed_at, ArchiveChange.id)
    with archive.transaction() as s:
        return [
            ChangeRow(c.changed_at, c.kind, c.label, c.old_value, c.new_value, c.note)
            for c in s.scalars(stmt)
        ]
