"""示例班级的入学与离班 (pupils of the demo arriving, changing and leaving): the rows the
services write when a teacher adds pupils (新增学生), edits a profile, sets a 人工认定 or marks
a pupil 转出 / 毕业 — written inside one transaction for a whole class, on the day it happened.

Every pupil's history line and 操作日志 entry is written by ``services.changes.record`` (the
entry goes through ``audit.log``), exactly as ``add_pupil`` / ``save_profile`` /
``set_enrolment`` write them; only the history's dates are those of the class's past, not the
moment the demo was made.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, selectinload

from liushou_desk.db.models import ArchiveChange, Pupil
from liushou_desk.domain.enums import Enrolment
from liushou_desk.domain.profile import ProfileDraft, ValidationFailed, validate_profile
from liushou_desk.services import audit
from liushou_desk.services.changes import Kind, record
from liushou_desk.services.profile import write_profile
from liushou_desk.services.roster import new_pupils
from liushou_desk.services.status import apply_assessment, override_in


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def clean(draft: ProfileDraft, today: date) -> ProfileDraft:
    """The draft as 新增学生 / 保存 would store it, or ValidationFailed."""
    out, errors = validate_profile(draft, today)
    if errors:
        raise ValidationFailed(errors)
    return out


def enrol(
    s: Session, drafts: list[ProfileDraft], today: date, when: datetime, *, imported: bool = False
) -> list[int]:
    """新增学生 for each clean draft (in that order), opened at ``when`` with the status the
    rule gives on ``today``; returns the new ids. ``imported``: the class list came in as a
    roster (导入名册) — the 建档 lines say from which row, and the import is one 操作日志
    entry, as ``apply_import`` writes it."""
    ids = new_pupils(s, drafts, today, when)
    if not ids:
        return ids
    if imported:
        lines = [
            {
                "pupil_id": pupil_id,
                "changed_at": when,
                "kind": Kind.CREATED,
                "field": "",
                "label": "建立档案",
                "old_value": "",
                "new_value": d.name,
                "note": f"从名册导入（第 {row} 行）",
            }
            for row, (pupil_id, d) in enumerate(zip(ids, drafts, strict=True), start=2)
        ]
        s.execute(insert(_table(ArchiveChange)), lines)
        audit.log(s, audit.Action.IMPORT, f"新增 {len(ids)} 名、更新 0 名学生", "跳过有问题的 0 行")
        return ids
    kinds = dict(s.execute(select(Pupil.id, Pupil.computed_kind).where(Pupil.id >= ids[0])).all())
    for pupil_id, d in zip(ids, drafts, strict=True):
        note = f"新增学生（{kinds[pupil_id]}）"
        record(s, pupil_id, when, Kind.CREATED, "建立档案", "", d.name, note)
    return ids


def loaded(s: Session, pupil_ids: Iterable[int]) -> dict[int, Pupil]:
    """The pupils with their parents and guardians, by id."""
    stmt = (
        select(Pupil)
        .where(Pupil.id.in_(list(pupil_ids)))
        .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
    )
    return {p.id: p for p in s.scalars(stmt)}


def save(s: Session, pupil: Pupil, draft: ProfileDraft, day: date, when: datetime) -> bool:
    """保存 an edited profile on ``day``: its history lines, and the status again by the rule
    (its own line when it changes). True when anything changed."""
    changed = write_profile(s, pupil, clean(draft, day), when)
    if changed:
        s.flush()
        apply_assessment(s, pupil, day, when)
    return bool(changed)


def reassess(s: Session, pupils: Iterable[Pupil], day: date, when: datetime) -> None:
    """The rule applied again on ``day`` (as the app does at opening): a parent away for 3
    months now counts."""
    for pupil in pupils:
        if pupil.enrolment == Enrolment.ACTIVE.value:
            apply_assessment(s, pupil, day, when)


def override(s: Session, pupil: Pupil, kind: str, reason: str, when: datetime) -> None:
    """人工认定 with its reason."""
    override_in(s, pupil, kind, reason, when)


def leave(s: Session, pupil: Pupil, enrolment: str, day: date, note: str, when: datetime) -> None:
    """转出 / 毕业 (``set_enrolment``): only the status changes; every record stays."""
    old = pupil.enrolment
    if old == enrolment:
        return
    pupil.enrolment = enrolment
    pupil.left_on = day
    pupil.leave_note = " ".join(note.split())[:200]
    pupil.updated_at = when
    shown = pupil.leave_note or day.isoformat()
    record(s, pupil.id, when, Kind.ENROLMENT, "在读状态", old, enrolment, shown, "enrolment")


def graduate(s: Session, pupil_ids: list[int], day: date, note: str, when: datetime) -> None:
    """毕业 for a whole class on ``day``: each pupil's status and history line, as
    ``set_enrolment`` writes them, in one statement each, and one 操作日志 entry for the step."""
    if not pupil_ids:
        return
    table = _table(Pupil)
    s.execute(
        update(table)
        .where(table.c.id == bindparam("pupil"))
        .values(enrolment=Enrolment.GRADUATED.value, left_on=day, leave_note=note, updated_at=when),
        [{"pupil": pid} for pid in pupil_ids],
    )
    lines = [
        {
            "pupil_id": pid,
            "changed_at": when,
            "kind": Kind.ENROLMENT,
            "field": "enrolment",
            "label": "在读状态",
            "old_value": Enrolment.ACTIVE.value,
            "new_value": Enrolment.GRADUATED.value,
            "note": note,
        }
        for pid in pupil_ids
    ]
    s.execute(insert(_table(ArchiveChange)), lines)
    first, last = audit.pupil_ref(pupil_ids[0]), audit.pupil_ref(pupil_ids[-1])
    target = f"{len(pupil_ids)} 名学生（{first} 至 {last}）"
    audit.log(s, audit.Action.ENROLMENT, target, f"在读状态：{note}")
