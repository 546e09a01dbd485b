"""导出的行 (the Excel export's rows): what the workbook shows, read for the whole class at once —
one query per kind of row (pupils, parents, guardians, records, participants), never one per
pupil, so a class of 2,000 costs what 2,000 rows cost and not 2,000 times a class.

The values are the ones the services show: a pupil as ``services.profile`` drafts them (dates
and numbers as text, the words of the coded columns), a record's fields and scores from its
JSON as ``services.records`` reads them, its participants in the order of their ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import (
    CareRecord,
    Grandparent,
    Guardian,
    Parent,
    Pupil,
    RecordParticipant,
)
from liushou_desk.domain.enums import ParentRole
from liushou_desk.domain.form1_fields import FORM_FIELDS
from liushou_desk.domain.profile import BASIC_TEXT_FIELDS, GUARDIAN_FIELDS, PARENT_FIELDS
from liushou_desk.domain.records import KINDS

PUPIL_COLUMNS = (
    "id",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "boarding",
    *BASIC_TEXT_FIELDS,
    "enrolment",
    "left_on",
    "leave_note",
    "computed_kind",
    "computed_reason",
    "override_kind",
    "override_reason",
    *(name for name, _ in FORM_FIELDS),  # 附件1's own
)
ROLES = (ParentRole.FATHER.value, ParentRole.MOTHER.value)


def as_text(value: Any) -> str:
    """A column's value as the profile form shows it (``services.profile``): dates in ISO
    form, numbers as digits, nothing as blank."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass(frozen=True)
class ExportRecord:
    """A record as the workbook shows it."""

    id: int
    kind: str
    pupil_id: int | None
    occurred_on: date
    values: dict[str, Any]
    scores: dict[str, Any]
    sensitive: bool
    version: int
    recorded_by: str
    participants: tuple[int, ...] = ()


@dataclass
class ClassRows:
    """Every pupil's row, parents (by role), guardians (in order) and the records, by pupil
    id; pupils in the 回收站 are not read."""

    pupils: dict[int, dict[str, Any]] = field(default_factory=dict)
    parents: dict[int, dict[str, dict[str, str]]] = field(default_factory=dict)
    guardians: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    grandparents: dict[int, list[dict[str, str]]] = field(default_factory=dict)  # 附件1
    records: list[ExportRecord] = field(default_factory=list)

    def parent(self, pupil_id: int, role: str) -> dict[str, str]:
        """A parent's fields as text; blank when the archive holds no row for that parent."""
        return self.parents.get(pupil_id, {}).get(role) or dict.fromkeys(PARENT_FIELDS, "")


def read_class(archive: Archive, pupil_ids: Iterable[int]) -> ClassRows:
    """The rows of ``pupil_ids`` (the roster's), their parents and guardians, their own records
    and the class's records with who took part — a handful of queries in one transaction."""
    wanted = set(pupil_ids)
    out = ClassRows()
    with archive.transaction() as s:
        columns = [getattr(Pupil, name) for name in PUPIL_COLUMNS]
        for row in s.execute(select(*columns).where(Pupil.deleted_at.is_(None))):
            if row.id in wanted:
                out.pupils[row.id] = row._asdict()
        parent_columns = [getattr(Parent, n) for n in ("pupil_id", "role", *PARENT_FIELDS)]
        for pupil_id, role, *values in s.execute(select(*parent_columns)):
            if pupil_id in out.pupils:
                texts = {n: as_text(v) for n, v in zip(PARENT_FIELDS, values, strict=True)}
                out.parents.setdefault(pupil_id, {})[role] = texts
        guardian_columns = [Guardian.pupil_id, *(getattr(Guardian, n) for n in GUARDIAN_FIELDS)]
        stmt = select(*guardian_columns).order_by(Guardian.pupil_id, Guardian.position, Guardian.id)
        for pupil_id, *values in s.execute(stmt):
            if pupil_id in out.pupils:
                texts = {n: as_text(v) for n, v in zip(GUARDIAN_FIELDS, values, strict=True)}
                out.guardians.setdefault(pupil_id, []).append(texts)
        stmt = select(
            Grandparent.pupil_id, Grandparent.role, Grandparent.name, Grandparent.birth_date,
            Grandparent.deceased,
        ).order_by(Grandparent.pupil_id, Grandparent.id)  # fmt: skip
        for pupil_id, role, name, birth, deceased in s.execute(stmt):
            if pupil_id in out.pupils and (name or birth or deceased):
                out.grandparents.setdefault(pupil_id, []).append(
                    {"role": role, "name": name, "birth_date": as_text(birth),
                     "deceased": "是" if deceased else ""}
                )  # fmt: skip
        out.records = _records(s, set(out.pupils))
    return out


def _records(s: Session, pupils: set[int]) -> list[ExportRecord]:
    """The records not in the 回收站: each pupil's own (of a kind kept per pupil) and every
    record of the class (no pupil), with the ids of those who took part."""
    stmt = select(
        CareRecord.id,
        CareRecord.kind,
        CareRecord.pupil_id,
        CareRecord.occurred_on,
        CareRecord.data,
        CareRecord.sensitive,
        CareRecord.version,
        CareRecord.recorded_by,
    ).where(CareRecord.deleted_at.is_(None))
    kept: list[tuple[Any, ...]] = []
    for row in s.execute(stmt):
        pupil_id, kind = row.pupil_id, KINDS.get(row.kind)
        if pupil_id is None or (pupil_id in pupils and kind is not None and not kind.class_level):
            kept.append(tuple(row))
    joined: dict[int, list[int]] = {}
    class_ids = {r[0] for r in kept if r[2] is None}
    if class_ids:
        rows = s.execute(
            select(RecordParticipant.record_id, RecordParticipant.pupil_id)
            .join(CareRecord, CareRecord.id == RecordParticipant.record_id)
            .where(CareRecord.pupil_id.is_(None), CareRecord.deleted_at.is_(None))
            .order_by(RecordParticipant.record_id, RecordParticipant.pupil_id)
        )
        for record_id, pupil_id in rows:
            if record_id in class_ids:
                joined.setdefault(record_id, []).append(pupil_id)
    out = []
    for rid, kind, pupil_id, occurred_on, data, sensitive, version, recorded_by in kept:
        payload = json.loads(data or "{}")
        out.append(
            ExportRecord(
                id=rid,
                kind=kind,
                pupil_id=pupil_id,
                occurred_on=occurred_on,
                values=dict(payload.get("values", {})),
                scores=dict(payload.get("scores", {})),
                sensitive=bool(sensitive),
                version=version,
                recorded_by=recorded_by,
                participants=tuple(joined.get(rid, ())),
            )
        )
    return out
