"""班级名册 service: the class list at a glance, adding pupils, and pupils leaving the class."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Parent, Pupil
from liushou_desk.domain.dates import parse_date
from liushou_desk.domain.enums import Enrolment, ParentRole
from liushou_desk.domain.profile import FieldError, ProfileDraft, ValidationFailed, validate_profile
from liushou_desk.services.changes import Kind, record
from liushou_desk.services.notices import Changed
from liushou_desk.services.roster_rows import (
    GuardianFacts,
    PupilFacts,
    RosterRow,
    build_rows,
)
from liushou_desk.services.status import apply_assessment, parent_facts


def facts_of(p: Pupil) -> PupilFacts:
    """The roster's facts about an ORM pupil (parents and guardians loaded)."""
    g = p.guardians[0] if p.guardians else None
    return PupilFacts(
        id=p.id,
        name=p.name,
        search_keys=p.search_keys,
        sex=p.sex,
        birth_date=p.birth_date,
        student_number=p.student_number,
        village=p.village,
        boarding=p.boarding,
        health_physical=p.health_physical,
        health_mental=p.health_mental,
        enrolment=p.enrolment,
        left_on=p.left_on,
        computed_kind=p.computed_kind,
        override_kind=p.override_kind,
        parents=parent_facts(p),
        first_guardian=GuardianFacts(g.relation, g.name, g.phone) if g else None,
    )


def list_roster(archive: Archive, today: date) -> list[RosterRow]:
    """Every pupil, in class or not, ordered by name's pinyin."""
    stmt = select(Pupil).options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
    with archive.transaction() as s:
        facts = [facts_of(p) for p in s.scalars(stmt)]
    return build_rows(facts, today)


def add_pupil(archive: Archive, draft: ProfileDraft, today: date) -> tuple[int, Changed]:
    """新增学生: validate the basic facts and open an archive for the pupil."""
    clean, errors = validate_profile(draft, today)
    with archive.transaction() as s:
        if clean.id_number and not any(e.field == "id_number" for e in errors):
            other = s.scalar(select(Pupil.name).where(Pupil.id_number == clean.id_number))
            if other:
                errors.append(FieldError("id_number", f"该身份证号已在名册中（{other}）"))
        if clean.student_number:
            other = s.scalar(select(Pupil.name).where(Pupil.student_number == clean.student_number))
            if other:
                errors.append(FieldError("student_number", f"该学籍号已在名册中（{other}）"))
        if errors:
            raise ValidationFailed(errors)
        now = datetime.now()
        pupil = Pupil(created_at=now, updated_at=now, enrolment=Enrolment.ACTIVE.value)
        from liushou_desk.services.profile import write_profile

        s.add(pupil)
        pupil.parents = [Parent(role=ParentRole.FATHER.value), Parent(role=ParentRole.MOTHER.value)]
        write_profile(s, pupil, clean, now, log=False)
        apply_assessment(s, pupil, today, now)  # no id yet: the first status is not a change
        s.flush()
        record(
            s,
            pupil.id,
            now,
            Kind.CREATED,
            "建立档案",
            "",
            clean.name,
            f"新增学生（{pupil.computed_kind}）",
        )
        return pupil.id, Changed(
            frozenset({pupil.id}), roster=True, message=f"已新增学生 {clean.name}"
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
