"""任课教师与分工 (the class's teachers, and who cares for whom) — issue 16.

The class's teachers are kept once (name, subject, phone). Each left-behind child may have a
帮扶教师 (结对帮扶: a teacher and a peer help each child), a 代理家长 (代理家长制: each teacher
holds about two children) and a 谈心教师 — chosen from them; a teacher may hold several
children. Every change of a child's teachers is a line of her 档案变动 history.

A teacher who leaves the class (调离) is kept for the records and plans that name her, offered
no more, and lets go of her children.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Assignment, Pupil, Teacher
from liushou_desk.domain.enums import AssignmentRole, Enrolment, LeftBehindKind
from liushou_desk.domain.form_checks import FieldError, ValidationFailed
from liushou_desk.domain.phones import PhoneError, normalise_phone
from liushou_desk.domain.text import clean_name, clean_text
from liushou_desk.services import changes
from liushou_desk.services.notices import Changed

ROLES: tuple[str, ...] = tuple(r.code for r in AssignmentRole)  # helper, proxy_parent, talk
SUGGESTED_CHILDREN = 2  # the seeds: 各教师代理两位 (a teacher holds about two children)
RECORD_FIELDS = ("teacher", "visitors", "responsible")  # a record's fields naming who did it


@dataclass(frozen=True)
class TeacherRow:
    """One teacher of the class, with how many children she holds (in any role)."""

    id: int
    name: str
    subject: str
    phone: str
    children: int = 0

    @property
    def title(self) -> str:
        return f"{self.name}（{self.subject}）" if self.subject else self.name


@dataclass(frozen=True)
class ChildDuty:
    """A child a teacher holds, and in which roles (codes)."""

    pupil_id: int
    name: str
    roles: tuple[str, ...]

    @property
    def role_words(self) -> str:
        return "、".join(AssignmentRole.word_of(r) for r in self.roles)


def list_teachers(archive: Archive) -> list[TeacherRow]:
    """The class's teachers (those still in the class), in the order she entered them."""
    with archive.transaction() as s:
        held = dict(
            s.execute(
                select(Assignment.teacher_id, func.count(func.distinct(Assignment.pupil_id)))
                .join(Pupil, Pupil.id == Assignment.pupil_id)
                .where(Pupil.deleted_at.is_(None))
                .group_by(Assignment.teacher_id)
            ).all()
        )
        return [
            TeacherRow(t.id, t.name, t.subject, t.phone, held.get(t.id, 0))
            for t in s.scalars(
                select(Teacher)
                .where(Teacher.deleted_at.is_(None))
                .order_by(Teacher.position, Teacher.id)
            )
        ]


def teacher_named(session: Session, name: str) -> int | None:
    """The id of the teacher of the class with this name (None: no such teacher)."""
    wanted = clean_name(name)
    if not wanted:
        return None
    return session.scalar(
        select(Teacher.id)
        .where(Teacher.deleted_at.is_(None), Teacher.name == wanted)
        .order_by(Teacher.id)
        .limit(1)
    )


def save_teacher(
    archive: Archive, teacher_id: int | None, name: str, subject: str = "", phone: str = ""
) -> tuple[int, Changed]:
    """Add a teacher (``teacher_id`` None) or correct one. Raises ValidationFailed naming the
    field: 姓名 empty, too long or already a teacher of the class; a phone that is no number."""
    errors: list[FieldError] = []
    name, subject = clean_name(name), clean_text(subject)
    if not name:
        errors.append(FieldError("name", "请填写教师姓名"))
    elif len(name) > 20:
        errors.append(FieldError("name", "姓名不能超过 20 个字"))
    if len(subject) > 20:
        errors.append(FieldError("subject", "任教学科不能超过 20 个字"))
    try:
        phone = normalise_phone(phone)
    except PhoneError as exc:
        errors.append(FieldError("phone", str(exc)))
    with archive.transaction() as s:
        same = teacher_named(s, name) if name else None
        if same is not None and same != teacher_id:
            errors.append(FieldError("name", f"本班已经有一位“{name}”老师"))
        if errors:
            raise ValidationFailed(errors)
        if teacher_id is None:
            last = s.scalar(select(func.max(Teacher.position))) or 0
            teacher = Teacher(name=name, subject=subject, phone=phone, position=last + 1)
            s.add(teacher)
            s.flush()
            message = f"已添加教师{name}"
        else:
            found = s.get(Teacher, teacher_id)
            if found is None or found.deleted_at is not None:
                raise ValidationFailed([FieldError("name", "这位教师已不在本班")])
            teacher = found
            teacher.name, teacher.subject, teacher.phone = name, subject, phone
            message = f"已保存教师{name}"
        linked = link_records(s, teacher.id, name)
        if linked:
            message += f"，{linked} 条记录上写着她的名字"
        from liushou_desk.services import audit

        audit.log(s, "任课教师", name, "新增" if teacher_id is None else "修改")
        return teacher.id, Changed(message=message)


def link_records(session: Session, teacher_id: int, name: str) -> int:
    """Records that name the teacher (谈心教师, 家访教师, 帮扶教师, 责任人) and name no teacher of
    the class yet now say she did them — so a teacher added in March is credited with her
    talks of September. How many."""
    from sqlalchemy import or_, update

    from liushou_desk.db.models import CareRecord

    fields = [func.json_extract(CareRecord.data, f"$.values.{f}") for f in RECORD_FIELDS]
    named = or_(*(f == name for f in fields), *(f.like(f"%{name}%") for f in fields[1:2]))
    result = session.execute(
        update(CareRecord)
        .where(CareRecord.teacher_id.is_(None), CareRecord.deleted_at.is_(None), named)
        .values(teacher_id=teacher_id)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def retire_teacher(archive: Archive, teacher_id: int) -> Changed:
    """调离: the teacher is offered no more and lets go of her children (each child's history
    says so); her records and planned items keep her name."""
    now = datetime.now()
    with archive.transaction() as s:
        teacher = s.get(Teacher, teacher_id)
        if teacher is None or teacher.deleted_at is not None:
            return Changed()
        teacher.deleted_at = now
        held = s.scalars(select(Assignment).where(Assignment.teacher_id == teacher_id)).all()
        for a in held:
            changes.record(
                s,
                a.pupil_id,
                now,
                changes.Kind.EDITED,
                AssignmentRole.word_of(a.role),
                teacher.name,
                "",
                note="教师调离",
            )
            s.delete(a)
        from liushou_desk.services import audit

        audit.log(s, "任课教师", teacher.name, "调离")
        return Changed(
            pupil_ids=frozenset(a.pupil_id for a in held),
            message=f"{teacher.name}老师已调离，{len(held)} 项分工已取消",
        )


def restore_teacher(archive: Archive, teacher_id: int, held: Iterable[tuple[int, str]]) -> Changed:
    """Take back 调离 (the undo step): the teacher in the class again, holding ``held``
    (pupil, role) where no one else took the child meanwhile."""
    with archive.transaction() as s:
        teacher = s.get(Teacher, teacher_id)
        if teacher is None:
            return Changed()
        teacher.deleted_at = None
    return assign_many(archive, [(pid, role, teacher_id) for pid, role in held], only_empty=True)


def assignments(archive: Archive) -> dict[int, dict[str, int]]:
    """Who holds whom: pupil → role code → teacher id."""
    out: dict[int, dict[str, int]] = {}
    with archive.transaction() as s:
        for pid, role, tid in s.execute(
            select(Assignment.pupil_id, Assignment.role, Assignment.teacher_id)
        ):
            out.setdefault(pid, {})[role] = tid
    return out


def assign_many(
    archive: Archive,
    wanted: Iterable[tuple[int, str, int | None]],
    *,
    only_empty: bool = False,
) -> Changed:
    """Set each (pupil, role) to a teacher (None: nobody), in one transaction; each change a
    line in the child's history. ``only_empty``: leave a role someone else holds alone."""
    now = datetime.now()
    touched: set[int] = set()
    with archive.transaction() as s:
        names = dict(s.execute(select(Teacher.id, Teacher.name)).all())
        live = set(s.scalars(select(Teacher.id).where(Teacher.deleted_at.is_(None))).all())
        for pid, role, tid in wanted:
            if role not in ROLES:
                raise ValidationFailed([FieldError("role", f"没有这种分工：{role}")])
            if tid is not None and tid not in live:
                raise ValidationFailed([FieldError("teacher", "这位教师已不在本班")])
            if s.get(Pupil, pid) is None:
                raise ValidationFailed([FieldError("pupil", "没有这名学生")])
            row = s.get(Assignment, (pid, role))
            before = row.teacher_id if row is not None else None
            if before == tid or (only_empty and before is not None):
                continue
            if row is not None and tid is None:
                s.delete(row)
            elif row is not None and tid is not None:
                row.teacher_id = tid
            elif tid is not None:
                s.add(Assignment(pupil_id=pid, role=role, teacher_id=tid))
            changes.record(
                s,
                pid,
                now,
                changes.Kind.EDITED,
                AssignmentRole.word_of(role),
                names.get(before, "") if before else "",
                names.get(tid, "") if tid else "",
            )
            touched.add(pid)
    n = len(touched)
    return Changed(pupil_ids=frozenset(touched), message=f"已保存 {n} 名学生的分工" if n else "")


def duties_of(archive: Archive, teacher_id: int) -> list[ChildDuty]:
    """The children a teacher holds (in class, not in the recycle bin), with her roles."""
    roles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    with archive.transaction() as s:
        for pid, name, role in s.execute(
            select(Assignment.pupil_id, Pupil.name, Assignment.role)
            .join(Pupil, Pupil.id == Assignment.pupil_id)
            .where(Assignment.teacher_id == teacher_id, Pupil.deleted_at.is_(None))
            .order_by(Pupil.search_keys, Pupil.id)
        ):
            roles.setdefault(pid, []).append(role)
            names[pid] = name
    order = {r: i for i, r in enumerate(ROLES)}
    return [
        ChildDuty(pid, names[pid], tuple(sorted(rs, key=order.__getitem__)))
        for pid, rs in roles.items()
    ]


def share_out(archive: Archive, role: str) -> list[tuple[int, int]]:
    """A proposal (not saved) for the left-behind children in class nobody holds in ``role``:
    each to the teacher holding fewest in it — about two each, as the seeds suggest.
    (pupil, teacher) pairs; empty when there are no teachers."""
    teachers = [t.id for t in list_teachers(archive)]
    if not teachers:
        return []
    held = {t: 0 for t in teachers}
    taken: set[int] = set()
    with archive.transaction() as s:
        for pid, tid in s.execute(
            select(Assignment.pupil_id, Assignment.teacher_id).where(Assignment.role == role)
        ):
            taken.add(pid)
            if tid in held:
                held[tid] += 1
        waiting = [
            pid
            for pid, override, computed in s.execute(
                select(Pupil.id, Pupil.override_kind, Pupil.computed_kind)
                .where(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)
                .order_by(Pupil.search_keys, Pupil.id)
            )
            if (override or computed)
            not in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value)
            and pid not in taken
        ]
    out = []
    for pid in waiting:
        tid = min(teachers, key=lambda t: (held[t], teachers.index(t)))
        held[tid] += 1
        out.append((pid, tid))
    return out


def work_of(archive: Archive, teacher_id: int, start: date, end: date) -> dict[str, int]:
    """What the teacher did between ``start`` and ``end``: record kind → how many records
    name her (谈心, 家访, 帮扶 …)."""
    from liushou_desk.db.models import CareRecord

    with archive.transaction() as s:
        return dict(
            s.execute(
                select(CareRecord.kind, func.count(CareRecord.id))
                .where(
                    CareRecord.teacher_id == teacher_id,
                    CareRecord.deleted_at.is_(None),
                    CareRecord.occurred_on.between(start, end),
                )
                .group_by(CareRecord.kind)
            ).all()
        )
