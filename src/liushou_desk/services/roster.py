"""班级名册 service: the class list at a glance, adding pupils, and pupils leaving the class."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Grandparent, Guardian, Parent, Pupil
from liushou_desk.domain.dates import parse_date
from liushou_desk.domain.enums import Enrolment
from liushou_desk.domain.profile import (
    GRANDPARENT_FIELDS,
    GUARDIAN_FIELDS,
    PARENT_FIELDS,
    FieldError,
    ProfileDraft,
    ValidationFailed,
    validate_profile,
)
from liushou_desk.services.changes import Kind, record
from liushou_desk.services.notices import Changed
from liushou_desk.services.profile import check_unique
from liushou_desk.services.roster_rows import (
    RosterRow,
    build_rows,
)


def list_roster(archive: Archive, today: date) -> list[RosterRow]:
    """Every pupil, in class or not (but not in the recycle bin), ordered by name's pinyin:
    read in plain SQL as the first paint reads the file (db.first_paint — a 2,000-pupil class
    in 50 ms, a quarter of what loading the ORM's pupils, parents and guardians took)."""
    from liushou_desk.db.first_paint import ALL, roster_facts

    with archive.transaction() as s:
        facts = roster_facts(s.connection().exec_driver_sql, ALL)
    return build_rows(facts, today)


def class_rows(archive: Archive, today: date) -> tuple[list[RosterRow], bool]:
    """The class (在读) for the roster, and whether that is everyone: an archive kept for years
    holds many more pupils who left (``left_rows``, read when first asked for) — unless no one
    is in class, then everyone is read now."""
    from liushou_desk.db.first_paint import ALL, IN_CLASS, roster_facts

    with archive.transaction() as s:
        run = s.connection().exec_driver_sql
        facts = roster_facts(run, IN_CLASS)
        if facts:
            return build_rows(facts, today), False
        return build_rows(roster_facts(run, ALL), today), True


def left_rows(archive: Archive, today: date) -> list[RosterRow]:
    """The pupils who left the class (转出, 毕业, 休学), not in the recycle bin."""
    from liushou_desk.db.first_paint import LEFT, roster_facts

    with archive.transaction() as s:
        return build_rows(roster_facts(s.connection().exec_driver_sql, LEFT), today)


def new_pupils(s: Session, drafts: list[ProfileDraft], today: date, now: datetime) -> list[int]:
    """建档: new pupils' rows from validated drafts — in class, both parents' rows, the
    guardians, the first 留守 status (not logged as a change) — written as a few bulk inserts,
    for one pupil (新增学生) as for thousands (导入名册). Returns the new ids, in order. The
    caller writes the 建档 lines."""
    from liushou_desk.services.profile import BASIC_MODEL_FIELDS, to_model
    from liushou_desk.services.search import search_keys
    from liushou_desk.services.status import assess_draft

    if not drafts:
        return []
    pupils = []
    for clean in drafts:
        row = {name: to_model(name, getattr(clean, name)) for name in BASIC_MODEL_FIELDS}
        result = assess_draft(clean, today)
        row.update(
            search_keys=search_keys(clean.name),
            enrolment=Enrolment.ACTIVE.value,
            computed_kind=result.kind.value,
            computed_reason=result.summary[:200],
            created_at=now,
            updated_at=now,
        )
        pupils.append(row)
    # Core's executemany on the tables (the ORM's bulk insert adds bookkeeping per row), and no
    # RETURNING: SQLite does not say in which order a multi-row RETURNING comes back, so the
    # ids in order would cost one INSERT a pupil. The new ids are the ones after the largest,
    # in order — the insert holds the write lock, and a read of the largest made stale by
    # another writer makes the insert fail (WAL), never gives wrong ids.
    before = s.scalar(select(func.max(Pupil.id))) or 0
    s.execute(insert(cast(Table, Pupil.__table__)), pupils)
    ids = list(s.scalars(select(Pupil.id).where(Pupil.id > before).order_by(Pupil.id)))
    if len(ids) != len(pupils):
        raise RuntimeError(f"建档：写入 {len(pupils)} 名学生，却找到 {len(ids)} 个新编号")
    parents, guardians = [], []
    for pupil_id, clean in zip(ids, drafts, strict=True):
        for pd in (clean.father, clean.mother):
            parents.append(
                {"pupil_id": pupil_id, "role": pd.role}
                | {name: to_model(name, getattr(pd, name)) for name in PARENT_FIELDS}
            )
        for i, gd in enumerate(clean.guardians):
            guardians.append(
                {"pupil_id": pupil_id, "position": i}
                | {name: to_model(name, getattr(gd, name)) for name in GUARDIAN_FIELDS}
            )
    s.execute(insert(cast(Table, Parent.__table__)), parents)
    if guardians:
        s.execute(insert(cast(Table, Guardian.__table__)), guardians)
    grandparents = [
        {"pupil_id": pupil_id, "role": gd.role}
        | {name: to_model(name, getattr(gd, name)) for name in GRANDPARENT_FIELDS}
        for pupil_id, clean in zip(ids, drafts, strict=True)
        for gd in clean.grandparents
        if not gd.empty
    ]
    if grandparents:
        s.execute(insert(cast(Table, Grandparent.__table__)), grandparents)
    return ids


def add_pupil(archive: Archive, draft: ProfileDraft, today: date) -> tuple[int, Changed]:
    """新增学生: validate the basic facts and open an archive for the pupil."""
    clean, errors = validate_profile(draft, today)
    with archive.transaction() as s:
        if not any(e.field == "id_number" for e in errors):
            errors += check_unique(s, clean, None)
        if errors:
            raise ValidationFailed(errors)
        now = datetime.now()
        [pupil_id] = new_pupils(s, [clean], today, now)
        kind = s.scalar(select(Pupil.computed_kind).where(Pupil.id == pupil_id))
        record(s, pupil_id, now, Kind.CREATED, "建立档案", "", clean.name, f"新增学生（{kind}）")
        return pupil_id, Changed(
            frozenset({pupil_id}), roster=True, message=f"已新增学生 {clean.name}"
        )


def set_enrolment(
    archive: Archive, pupil_id: int, enrolment: str, on: str, note: str, today: date
) -> Changed:
    """转出 / 毕业 / 休学 / 恢复在读: only the status changes; every record is kept."""
    errors: list[FieldError] = []
    if Enrolment.from_label(enrolment) is None:
        errors.append(FieldError("enrolment", "请选择在读状态"))
    try:
        day = parse_date(on)
    except ValueError as exc:
        errors.append(FieldError("left_on", str(exc)))
        day = None
    if enrolment != Enrolment.ACTIVE.value and day is None and not errors:
        errors.append(FieldError("left_on", "请填写日期"))
    if day is not None and day > today:
        errors.append(FieldError("left_on", "日期不能晚于今天"))
    if errors:
        raise ValidationFailed(errors)
    note = " ".join(note.split())[:200]
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None:
            raise LookupError(pupil_id)
        if pupil.enrolment == enrolment:
            return Changed()
        old = pupil.enrolment
        pupil.enrolment = enrolment
        pupil.left_on = None if enrolment == Enrolment.ACTIVE.value else day
        pupil.leave_note = "" if enrolment == Enrolment.ACTIVE.value else note
        pupil.updated_at = datetime.now()
        record(
            s,
            pupil_id,
            pupil.updated_at,
            Kind.ENROLMENT,
            "在读状态",
            old,
            enrolment,
            note or (day.isoformat() if day else ""),
            "enrolment",
        )
        name = pupil.name
    return Changed(frozenset({pupil_id}), roster=True, message=f"{name}：{old} → {enrolment}")


def count_pupils(archive: Archive) -> int:
    with archive.transaction() as s:
        return s.scalar(select(func.count(Pupil.id))) or 0


@dataclass(frozen=True)
class DeletedPupil:
    """A pupil in the recycle bin (回收站)."""

    id: int
    name: str
    enrolment: str
    deleted_at: datetime


def delete_pupil(archive: Archive, pupil_id: int, reason: str = "") -> Changed:
    """删除: move the pupil to the recycle bin. Every row stays; restore brings it all back."""
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None or pupil.deleted_at is not None:
            raise LookupError(f"没有找到这名学生（编号 {pupil_id}）")
        pupil.deleted_at = datetime.now()
        record(
            s,
            pupil_id,
            pupil.deleted_at,
            Kind.DELETED,
            "移入回收站",
            "",
            "",
            " ".join(reason.split())[:200],
        )
        name = pupil.name
    return Changed(frozenset({pupil_id}), roster=True, message=f"已将 {name} 移入回收站")


def restore_pupil(archive: Archive, pupil_id: int) -> Changed:
    """从回收站恢复: the pupil comes back exactly as they were."""
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None or pupil.deleted_at is None:
            raise LookupError(f"回收站中没有这名学生（编号 {pupil_id}）")
        pupil.deleted_at = None
        record(s, pupil_id, datetime.now(), Kind.DELETED, "从回收站恢复")
        name = pupil.name
    return Changed(frozenset({pupil_id}), roster=True, message=f"已恢复 {name}")


def list_deleted(archive: Archive) -> list[DeletedPupil]:
    """The recycle bin, most recently deleted first."""
    stmt = select(Pupil).where(Pupil.deleted_at.is_not(None)).order_by(Pupil.deleted_at.desc())
    with archive.transaction() as s:
        return [
            DeletedPupil(p.id, p.name, p.enrolment, p.deleted_at or p.updated_at)
            for p in s.scalars(stmt)
        ]


@dataclass(frozen=True)
class PupilMatch:
    id: int
    name: str
    student_number: str


def find_pupils(archive: Archive, who: str) -> list[PupilMatch]:
    """Pupils (not in the recycle bin) whose name or 学籍号 is ``who`` (blanks ignored)."""
    from liushou_desk.domain.text import clean_name

    name = clean_name(who)
    with archive.transaction() as s:
        rows = s.execute(
            select(Pupil.id, Pupil.name, Pupil.student_number)
            .where(Pupil.deleted_at.is_(None))
            .where((Pupil.name == name) | (Pupil.student_number == who.strip()))
            .order_by(Pupil.id)
        )
        return [PupilMatch(i, n, sn) for i, n, sn in rows]


def delete_pupils(archive: Archive, pupil_ids: list[int], reason: str) -> Changed:
    """Several pupils into the recycle bin in one transaction (撤销导入); those already gone
    are passed over."""
    note = " ".join(reason.split())[:200]
    now = datetime.now()
    moved: set[int] = set()
    with archive.transaction() as s:
        for pupil in s.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids))):
            if pupil.deleted_at is None:
                pupil.deleted_at = now
                record(s, pupil.id, now, Kind.DELETED, "移入回收站", "", "", note)
                moved.add(pupil.id)
    return Changed(frozenset(moved), roster=True, message=f"已将 {len(moved)} 名学生移入回收站")


def restore_pupils(archive: Archive, pupil_ids: list[int]) -> Changed:
    """Several pupils back from the recycle bin in one transaction (重做导入)."""
    now = datetime.now()
    back: set[int] = set()
    with archive.transaction() as s:
        for pupil in s.scalars(select(Pupil).where(Pupil.id.in_(pupil_ids))):
            if pupil.deleted_at is not None:
                pupil.deleted_at = None
                record(s, pupil.id, now, Kind.DELETED, "从回收站恢复")
                back.add(pupil.id)
    return Changed(frozenset(back), roster=True, message=f"已恢复 {len(back)} 名学生")
