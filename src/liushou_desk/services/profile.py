"""五个清楚 service: read and save a pupil's profile; every changed field goes into the
archive history with its old and new value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Grandparent, Guardian, Parent, Pupil
from liushou_desk.domain.enums import ParentRole
from liushou_desk.domain.profile import (
    BASIC_TEXT_FIELDS,
    FORM_FIELDS,
    GRANDPARENT_FIELDS,
    GUARDIAN_FIELDS,
    NO,
    PARENT_FIELDS,
    YES,
    FieldError,
    GuardianDraft,
    ParentDraft,
    ProfileDraft,
    ValidationFailed,
    field_label,
    validate_profile,
)
from liushou_desk.services.changes import Kind, record
from liushou_desk.services.notices import Changed
from liushou_desk.services.status import apply_assessment, assess_pupil


@dataclass(frozen=True)
class ProfileView:
    """A pupil's profile as the form shows it, with the status beside it."""

    pupil_id: int
    draft: ProfileDraft
    enrolment: str
    left_on: date | None
    leave_note: str
    computed_kind: str
    computed_reason: str
    override_kind: str | None
    override_reason: str
    missing: tuple[str, ...] = field(default=())
    qualifies_on: date | None = None

    @property
    def kind(self) -> str:
        return self.override_kind or self.computed_kind


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, bytes):
        return "（照片）"
    return str(value)


BASIC_MODEL_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "id_number",
    "boarding",
    "photo",
    *BASIC_TEXT_FIELDS,
    *(name for name, _vocabulary in FORM_FIELDS),
)
YES_NO_FIELDS = ("hukou_registered", "guardian_entrusted")


def to_model(name: str, value: Any) -> Any:
    """Draft text to the column's type."""
    if name in ("birth_date", "away_since"):
        return date.fromisoformat(value) if value else None
    if name == "age":
        return int(value) if value else None
    if name in YES_NO_FIELDS:
        return {YES: True, NO: False}.get(value)
    return value


def _load(session: Session, pupil_id: int) -> Pupil:
    pupil = session.scalar(
        select(Pupil)
        .where(Pupil.id == pupil_id)
        .options(
            selectinload(Pupil.parents),
            selectinload(Pupil.guardians),
            selectinload(Pupil.grandparents),
            undefer(Pupil.photo),
        )
    )
    if pupil is None:
        raise LookupError(f"没有找到这名学生（编号 {pupil_id}）")
    return pupil


def draft_from(pupil: Pupil) -> ProfileDraft:
    draft = ProfileDraft(
        name=pupil.name,
        sex=pupil.sex,
        birth_date=_text(pupil.birth_date),
        id_number=pupil.id_number,
        boarding=pupil.boarding,
        photo=pupil.photo,
    )
    for name in BASIC_TEXT_FIELDS:
        setattr(draft, name, getattr(pupil, name))
    for name, _vocabulary in FORM_FIELDS:
        setattr(draft, name, _text(getattr(pupil, name)))
    kept = {g.role: g for g in pupil.grandparents}
    for gd in draft.grandparents:
        if (row := kept.get(gd.role)) is not None:
            gd.name, gd.birth_date, gd.deceased = row.name, _text(row.birth_date), row.deceased
    by_role = {p.role: p for p in pupil.parents}
    for attr, role in (("father", ParentRole.FATHER), ("mother", ParentRole.MOTHER)):
        parent = by_role.get(role.value)
        pd = ParentDraft(role.value)
        if parent is not None:
            for name in PARENT_FIELDS:
                setattr(pd, name, _text(getattr(parent, name)))
        setattr(draft, attr, pd)
    draft.guardians = [
        GuardianDraft(id=g.id, **{n: _text(getattr(g, n)) for n in GUARDIAN_FIELDS})
        for g in pupil.guardians
    ]
    return draft


def profile_view(pupil: Pupil, today: date) -> ProfileView:
    """A loaded pupil (parents and guardians with it) as the form shows it."""
    result = assess_pupil(pupil, today)
    return ProfileView(
        pupil_id=pupil.id,
        draft=draft_from(pupil),
        enrolment=pupil.enrolment,
        left_on=pupil.left_on,
        leave_note=pupil.leave_note,
        computed_kind=pupil.computed_kind,
        computed_reason=pupil.computed_reason,
        override_kind=pupil.override_kind,
        override_reason=pupil.override_reason,
        missing=result.missing,
        qualifies_on=result.qualifies_on,
    )


def load_profile(archive: Archive, pupil_id: int, today: date) -> ProfileView:
    with archive.transaction() as s:
        return profile_view(_load(s, pupil_id), today)


def _set(
    session: Session,
    pupil: Pupil,
    obj: Any,
    attr: str,
    value: Any,
    path: str,
    label: str,
    now: datetime,
    log: bool,
    changed: list[str],
) -> None:
    old = getattr(obj, attr)
    if old == value or (old in (None, "") and value in (None, "")):
        return
    setattr(obj, attr, value)
    changed.append(path)
    if log:
        record(session, pupil.id, now, Kind.EDITED, label, _text(old), _text(value), "", path)


def write_profile(
    session: Session, pupil: Pupil, clean: ProfileDraft, now: datetime, *, log: bool = True
) -> list[str]:
    """Copy a validated draft onto the pupil's rows; return the changed field paths."""
    changed: list[str] = []
    for name in BASIC_MODEL_FIELDS:
        value = to_model(name, getattr(clean, name))
        _set(session, pupil, pupil, name, value, name, field_label(name), now, log, changed)
    if "name" in changed or not pupil.search_keys:
        from liushou_desk.services.search import search_keys

        pupil.search_keys = search_keys(pupil.name)

    by_role = {p.role: p for p in pupil.parents}
    for attr in ("father", "mother"):
        pd: ParentDraft = getattr(clean, attr)
        parent = by_role.get(pd.role)
        if parent is None:
            parent = Parent(role=pd.role)
            pupil.parents.append(parent)
        for name in PARENT_FIELDS:
            path = f"{attr}.{name}"
            _set(
                session,
                pupil,
                parent,
                name,
                to_model(name, getattr(pd, name)),
                path,
                field_label(path),
                now,
                log,
                changed,
            )

    _write_grandparents(session, pupil, clean, now, log, changed)
    existing = {g.id: g for g in pupil.guardians}
    kept: list[Guardian] = []
    for i, gd in enumerate(clean.guardians):
        guardian = existing.pop(gd.id, None) if gd.id is not None else None
        if guardian is None:
            guardian = Guardian(position=i)
            for name in GUARDIAN_FIELDS:
                setattr(guardian, name, to_model(name, getattr(gd, name)))
            changed.append(f"guardians.{i}")
            if log:
                record(
                    session,
                    pupil.id,
                    now,
                    Kind.EDITED,
                    "新增监护人",
                    "",
                    _guardian_summary(guardian),
                    "",
                    f"guardians.{i}",
                )
        else:
            who = f"监护人（{guardian.relation} {guardian.name}）".replace("（ ", "（")
            for name in GUARDIAN_FIELDS:
                path = f"guardians.{i}.{name}"
                _set(
                    session,
                    pupil,
                    guardian,
                    name,
                    to_model(name, getattr(gd, name)),
                    path,
                    who + field_label(path).removeprefix(f"监护人{i + 1}"),
                    now,
                    log,
                    changed,
                )
        guardian.position = i
        kept.append(guardian)
    for removed in existing.values():
        changed.append("guardians.removed")
        if log:
            record(
                session,
                pupil.id,
                now,
                Kind.EDITED,
                "删除监护人",
                _guardian_summary(removed),
                "",
                "",
                "guardians",
            )
    pupil.guardians = kept
    if changed:
        pupil.updated_at = now
    return changed


def _write_grandparents(
    session: Session,
    pupil: Pupil,
    clean: ProfileDraft,
    now: datetime,
    log: bool,
    changed: list[str],
) -> None:
    """祖父 / 祖母 / 外祖父 / 外祖母: a row once something is known of one; each change kept."""
    kept = {g.role: g for g in pupil.grandparents}
    for i, gd in enumerate(clean.grandparents):
        row = kept.get(gd.role)
        if row is None:
            if gd.empty:
                continue
            row = Grandparent(role=gd.role, name="", birth_date=None, deceased=False)
            pupil.grandparents.append(row)
        for name in GRANDPARENT_FIELDS:
            path = f"grandparents.{i}.{name}"
            value = to_model(name, getattr(gd, name))
            _set(session, pupil, row, name, value, path, field_label(path), now, log, changed)


def _guardian_summary(g: Guardian) -> str:
    parts = [
        g.relation,
        g.name,
        f"{g.age}岁" if g.age else "",
        g.phone,
        f"监护能力{g.capacity}" if g.capacity else "",
    ]
    return " ".join(p for p in parts if p)


def check_unique(session: Session, clean: ProfileDraft, pupil_id: int | None) -> list[FieldError]:
    """ID number and 学籍号 belong to one pupil only."""
    errors: list[FieldError] = []
    for attr, label in (("id_number", "身份证号"), ("student_number", "学籍号")):
        value = getattr(clean, attr)
        if not value:
            continue
        stmt = select(Pupil.name, Pupil.deleted_at).where(getattr(Pupil, attr) == value)
        if pupil_id is not None:
            stmt = stmt.where(Pupil.id != pupil_id)
        other = session.execute(stmt.limit(1)).first()
        if other:
            where = "（在回收站中，可恢复）" if other.deleted_at else ""
            errors.append(FieldError(attr, f"该{label}已属于 {other.name}{where}"))
    return errors


def save_profile(
    archive: Archive, pupil_id: int, draft: ProfileDraft, today: date
) -> tuple[list[str], Changed]:
    """Validate and save the whole form, or nothing at all (raises ValidationFailed)."""
    clean, errors = validate_profile(draft, today)
    with archive.transaction() as s:
        errors += check_unique(s, clean, pupil_id)
        if errors:
            raise ValidationFailed(errors)
        pupil = _load(s, pupil_id)
        now = datetime.now()
        changed = write_profile(s, pupil, clean, now)
        if not changed:
            return [], Changed(message="没有需要保存的修改")
        s.flush()
        status_changed = apply_assessment(s, pupil, today, now)
        roster_fields = {
            "name",
            "sex",
            "birth_date",
            "boarding",
            "health_physical",
            "health_mental",
        }
        roster = status_changed or any(
            c in roster_fields or c.startswith(("guardians", "father.", "mother.")) for c in changed
        )
        return changed, Changed(
            frozenset({pupil_id}),
            roster=roster,
            fields=tuple(changed),
            message=f"已保存 {pupil.name} 的档案（{len(changed)} 项修改）",
        )
