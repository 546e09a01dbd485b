"""父母外出情况 (the parents' situation) of the whole class at once: read what the archive holds
for every pupil in class, and write the father's and mother's 现状, 务工地 and 外出时间 for many
pupils in one transaction — through the same pieces as the 五个清楚 form (``write_profile``
and ``apply_assessment``), so every changed field and every change of 留守认定 goes into the
archive history exactly as when the form is saved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import selectinload, undefer

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentRole
from liushou_desk.domain.profile import PARENT_FIELDS, ParentDraft
from liushou_desk.services.notices import Changed
from liushou_desk.services.profile import draft_from, write_profile
from liushou_desk.services.status import apply_assessment

# What the grid sets of each parent; the rest of the parent's row is left as it is.
FAMILY_FIELDS = ("situation", "work_province", "work_city", "away_since")

Parents = tuple[ParentDraft, ParentDraft]  # (father, mother)


@dataclass(frozen=True)
class FamilyFacts:
    """One pupil in class, as the grid shows them."""

    pupil_id: int
    name: str
    birth_date: date | None
    kind: str  # effective 留守类型 (a 人工认定 first)
    override_kind: str | None
    father: ParentDraft
    mother: ParentDraft
    sort_key: str


@dataclass(frozen=True)
class FamiliesWritten:
    """What ``write_families`` did: each written pupil's parents as they were before, the
    pupils whose 留守认定 changed, and the change notice."""

    before: dict[int, Parents]
    status_changed: frozenset[int]
    changed: Changed

    @property
    def written(self) -> frozenset[int]:
        return self.changed.pupil_ids


def _active() -> ColumnElement[bool]:
    return and_(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def parents_of(pupil: Pupil) -> Parents:
    """The pupil's father and mother as the form holds them (text), empty when not recorded."""
    by_role = {p.role: p for p in pupil.parents}
    out = []
    for role in (ParentRole.FATHER, ParentRole.MOTHER):
        draft = ParentDraft(role.value)
        row = by_role.get(role.value)
        if row is not None:
            for name in PARENT_FIELDS:
                setattr(draft, name, _text(getattr(row, name)))
        out.append(draft)
    return out[0], out[1]


def read_families(archive: Archive) -> list[FamilyFacts]:
    """Every pupil in class (not left, not in the recycle bin) with both parents' rows."""
    with archive.transaction() as s:
        pupils = s.scalars(select(Pupil).where(_active()).options(selectinload(Pupil.parents)))
        out = []
        for p in pupils:
            father, mother = parents_of(p)
            out.append(
                FamilyFacts(
                    pupil_id=p.id,
                    name=p.name,
                    birth_date=p.birth_date,
                    kind=p.effective_kind,
                    override_kind=p.override_kind,
                    father=father,
                    mother=mother,
                    sort_key=(p.search_keys or "").split(" ")[0] or p.name,
                )
            )
    out.sort(key=lambda f: (f.sort_key, f.name))
    return out


def pupil_names(archive: Archive, pupil_ids: list[int]) -> dict[int, str]:
    """The names of those pupils who are still in the archive (not in the recycle bin)."""
    with archive.transaction() as s:
        rows = s.execute(
            select(Pupil.id, Pupil.name).where(Pupil.id.in_(pupil_ids), Pupil.deleted_at.is_(None))
        )
        return {pid: name for pid, name in rows}


def unknown_count(archive: Archive) -> int:
    """How many pupils in class are 待认定 (their family's situation not known)."""
    unknown = LeftBehindKind.UNKNOWN.value
    with archive.transaction() as s:
        return int(
            s.scalar(
                select(func.count(Pupil.id)).where(
                    _active(),
                    or_(
                        Pupil.override_kind == unknown,
                        (Pupil.override_kind.is_(None)) & (Pupil.computed_kind == unknown),
                    ),
                )
            )
            or 0
        )


def _put(target: ParentDraft, source: ParentDraft) -> ParentDraft:
    return replace(target, **{name: getattr(source, name) for name in FAMILY_FIELDS})


def write_families(
    archive: Archive, parents: Mapping[int, Parents], today: date
) -> FamiliesWritten:
    """Write each pupil's father and mother (only ``FAMILY_FIELDS``; the values already
    checked) in one transaction; re-apply the 留守认定 rule to each pupil written. Raises
    LookupError (nothing written) when a pupil is no longer in the archive."""
    now = datetime.now()
    before: dict[int, Parents] = {}
    status_changed: set[int] = set()
    with archive.transaction() as s:
        pupils = {
            p.id: p
            for p in s.scalars(
                select(Pupil)
                .where(Pupil.id.in_(list(parents)), Pupil.deleted_at.is_(None))
                .options(
                    selectinload(Pupil.parents),
                    selectinload(Pupil.guardians),
                    undefer(Pupil.photo),
                )
            )
        }
        gone = [pid for pid in parents if pid not in pupils]
        if gone:
            raise LookupError("这些学生已不在名册中（编号 " + "、".join(map(str, gone)) + "）")
        for pid, (father, mother) in parents.items():
            pupil = pupils[pid]
            draft = draft_from(pupil)  # as stored: only the parents' fields below change
            was = (replace(draft.father), replace(draft.mother))
            draft.father, draft.mother = _put(draft.father, father), _put(draft.mother, mother)
            if not write_profile(s, pupil, draft, now):
                continue
            before[pid] = was
            s.flush()
            if apply_assessment(s, pupil, today, now):
                status_changed.add(pid)
    n = len(before)
    message = f"已填写 {n} 名学生的父母外出情况" if n else "没有需要保存的修改"
    if status_changed:
        message += f"，{len(status_changed)} 名学生的留守认定有变化"
    return FamiliesWritten(
        before,
        frozenset(status_changed),
        Changed(
            frozenset(before),
            roster=bool(before),
            fields=tuple(f"{who}.{name}" for who in ("father", "mother") for name in FAMILY_FIELDS)
            if before
            else (),
            message=message,
        ),
    )
