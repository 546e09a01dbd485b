"""关爱记录 service: create, edit (the earlier version is kept), delete to the recycle bin and
restore the dated records of the care work; list a child's records for a term."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Unpack

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, Pupil, RecordParticipant, RecordVersion
from liushou_desk.domain.profile import FieldError, ValidationFailed
from liushou_desk.domain.records import (
    KINDS,
    RULE_WORDS,
    RecordKind,
    RecordValues,
    party_of,
    rule_of,
    validate_record,
)
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.audit import Action, log, pupil_ref
from liushou_desk.services.notices import Changed
from liushou_desk.services.settings import pick_lists, rule_words


@dataclass(frozen=True)
class RecordView:
    """A record as the timeline and the form show it."""

    id: int
    kind: str
    pupil_id: int | None
    parent_id: int | None
    occurred_on: date
    values: dict[str, str]
    scores: dict[str, str]
    participants: tuple[int, ...]
    sensitive: bool
    version: int
    recorded_by: str
    recorded_at: datetime
    updated_at: datetime
    due_on: date | None = None
    deleted_at: datetime | None = None
    participant_names: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    @property
    def summary(self) -> str:
        """One line for the timeline: the kind's summary fields, joined."""
        kind = KINDS[self.kind]
        parts = []
        for name in kind.summary_fields:
            if name == "scores":
                parts.append("，".join(f"{s}{v}" for s, v in self.scores.items()))
            elif self.values.get(name):
                value = self.values[name]
                parts.append(f"{kind.spec(name).label}{value}" if name == "minutes" else value)
        return "；".join(p for p in parts if p)


def _kind(key: str) -> RecordKind:
    if key not in KINDS:
        raise ValidationFailed([FieldError("kind", f"没有这种记录：{key}")])
    return KINDS[key]


def _dump(values: RecordValues, words: Mapping[str, str], before: str | None = None) -> str:
    """A record's JSON: its fields, its scores and — for a meeting or activity of a kind the
    待办 rules count — the rule's code (``domain.records.rule_of``; ``words``: the teacher's
    words for those kinds). An edit that leaves the kind as it was keeps the code it had, even
    when that word has since been renamed twice."""
    data: dict[str, object] = {"values": values.values, "scores": values.scores}
    rule = rule_of(values.values, words)
    if rule is None and before:
        old = json.loads(before)
        kept = old.get("rule")
        if kept in RULE_WORDS:
            name = RULE_WORDS[kept][0]
            if values.values.get(name) and values.values.get(name) == old["values"].get(name):
                rule = kept
    if rule is not None:
        data["rule"] = rule
    return json.dumps(data, ensure_ascii=False)


def _payload(text: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The kind's fields and the scores, from a record's JSON."""
    data = json.loads(text or "{}")
    return dict(data.get("values", {})), dict(data.get("scores", {}))


# A record as read: the ORM object, or a plain row of RECORD_COLUMNS (no identity map, no
# change tracking — what a read of many records wants).
RecordRow = CareRecord | Row[Unpack[tuple[Any, ...]]]
RECORD_COLUMNS = tuple(CareRecord.__table__.c)  # select(*RECORD_COLUMNS): rows for record_view


def record_view(
    r: RecordRow, participants: tuple[int, ...] = (), names: tuple[str, ...] = ()
) -> RecordView:
    values, scores = _payload(r.data)
    return RecordView(
        id=r.id,
        kind=r.kind,
        pupil_id=r.pupil_id,
        parent_id=r.parent_id,
        occurred_on=r.occurred_on,
        values=values,
        scores=scores,
        participants=participants,
        sensitive=r.sensitive,
        version=r.version,
        recorded_by=r.recorded_by,
        recorded_at=r.recorded_at,
        updated_at=r.updated_at,
        due_on=r.due_on,
        deleted_at=r.deleted_at,
        participant_names=names,
    )


def _check(
    session: Session,
    kind: RecordKind,
    pupil_id: int | None,
    parent_id: int | None,
    clean: RecordValues,
    errors: list[FieldError],
) -> None:
    if kind.class_level:
        if pupil_id is not None:
            errors.append(FieldError("kind", f"{kind.label}是全班的记录"))
        known = set(
            session.scalars(
                select(Pupil.id).where(Pupil.id.in_(clean.participants), Pupil.deleted_at.is_(None))
            )
        )
        if set(clean.participants) - known:
            errors.append(FieldError("participants", "有学生已不在名册中"))
    else:
        pupil = session.get(Pupil, pupil_id) if pupil_id is not None else None
        if pupil is None or pupil.deleted_at is not None:
            errors.append(FieldError("pupil", "请先选择学生"))
    if kind.parent_kind:
        parent = session.get(CareRecord, parent_id) if parent_id else None
        if (
            parent is None
            or parent.kind != kind.parent_kind
            or parent.pupil_id != pupil_id
            or parent.deleted_at is not None
        ):
            errors.append(FieldError("parent", f"请从{KINDS[kind.parent_kind].label}中添加"))


def _apply(
    record: CareRecord, kind: RecordKind, clean: RecordValues, words: Mapping[str, str]
) -> None:
    record.occurred_on = date.fromisoformat(clean.values[kind.date_field])
    record.party = party_of(kind, clean.values)
    due = clean.values.get(kind.due_field or "", "")
    closed = clean.values.get("closed_on")
    record.due_on = date.fromisoformat(due) if due and not closed else None
    record.data = _dump(clean, words, record.data)


TEACHER_FIELDS = ("teacher", "visitors", "responsible")  # who did it (谈心, 家访, 帮扶, 方案)


def _teacher_of(session: Session, values: Mapping[str, str]) -> int | None:
    """The teacher of the class the record names (the first one, as written): the record says
    which teacher did it (issue 16); None for the head teacher or someone not on the list."""
    import re

    from liushou_desk.services.teachers import teacher_named

    for name in TEACHER_FIELDS:
        for part in re.split(r"[、，,；;\s/]+", values.get(name, "")):
            found = teacher_named(session, part) if part else None
            if found is not None:
                return found
    return None


def create_record(
    archive: Archive,
    kind_key: str,
    pupil_id: int | None,
    values: RecordValues,
    today: date,
    *,
    sensitive: bool | None = None,
    parent_id: int | None = None,
    recorded_by: str | None = None,
) -> tuple[int, Changed]:
    """Validate and write a new record, or nothing (raises ValidationFailed)."""
    kind = _kind(kind_key)
    clean, errors = validate_record(kind, values, today, pick_lists(archive))
    words = rule_words(archive)
    by = recorded_by if recorded_by is not None else get_info(archive).head_teacher
    with archive.transaction() as s:
        _check(s, kind, pupil_id, parent_id, clean, errors)
        if errors:
            raise ValidationFailed(errors)
        now = datetime.now()
        record = CareRecord(
            kind=kind.key,
            pupil_id=pupil_id,
            parent_id=parent_id,
            sensitive=kind.sensitive_by_default if sensitive is None else sensitive,
            version=1,
            recorded_by=by,
            recorded_at=now,
            updated_at=now,
        )
        _apply(record, kind, clean, words)
        record.teacher_id = _teacher_of(s, clean.values)
        s.add(record)
        s.flush()
        for pid in clean.participants:
            s.add(RecordParticipant(record_id=record.id, pupil_id=pid))
        ids = frozenset(clean.participants or ([pupil_id] if pupil_id else []))
        _audit(s, Action.ADD_RECORD, record)
        return record.id, Changed(ids, message=f"已保存{kind.label}")


def update_record(
    archive: Archive,
    record_id: int,
    values: RecordValues,
    today: date,
    *,
    sensitive: bool | None = None,
) -> Changed:
    """Edit a record; the version it replaces is kept in its history."""
    lists, words = pick_lists(archive), rule_words(archive)
    with archive.transaction() as s:
        record = s.get(CareRecord, record_id)
        if record is None or record.deleted_at is not None:
            raise LookupError(f"没有找到这条记录（编号 {record_id}）")
        kind = KINDS[record.kind]
        had = _payload(record.data)[0]  # a word since renamed or removed stays valid here
        lists = {k: (*v, had[k]) if had.get(k) else v for k, v in lists.items()}
        clean, errors = validate_record(kind, values, today, lists)
        _check(s, kind, record.pupil_id, record.parent_id, clean, errors)
        if errors:
            raise ValidationFailed(errors)
        new_sensitive = record.sensitive if sensitive is None else sensitive
        before = record_view(record, tuple(participants_of(s, [record.id]).get(record.id, ())))
        if (
            clean.values == before.values
            and clean.scores == before.scores
            and set(clean.participants) == set(before.participants)
            and new_sensitive == record.sensitive
        ):
            return Changed(message="没有需要保存的修改")
        s.add(
            RecordVersion(
                record_id=record.id,
                version=record.version,
                occurred_on=record.occurred_on,
                sensitive=record.sensitive,
                data=record.data,
                replaced_at=datetime.now(),
            )
        )
        _apply(record, kind, clean, words)
        record.teacher_id = _teacher_of(s, clean.values)
        record.sensitive = new_sensitive
        record.version += 1
        record.updated_at = datetime.now()
        if kind.class_level:
            s.query(RecordParticipant).filter_by(record_id=record.id).delete()
            s.flush()
            for pid in clean.participants:
                s.add(RecordParticipant(record_id=record.id, pupil_id=pid))
        ids = set(clean.participants) | set(before.participants)
        if record.pupil_id:
            ids.add(record.pupil_id)
        _audit(s, Action.EDIT_RECORD, record)
        return Changed(frozenset(ids), message=f"已修改{kind.label}（第 {record.version} 版）")


def set_deleted(archive: Archive, record_id: int, deleted: bool) -> Changed:
    """删除 moves a record (and the checks under it) to the recycle bin; restore brings it
    back."""
    with archive.transaction() as s:
        record = s.get(CareRecord, record_id)
        if record is None or (record.deleted_at is not None) == deleted:
            raise LookupError(f"没有找到这条记录（编号 {record_id}）")
        when = record.deleted_at
        record.deleted_at = datetime.now() if deleted else None
        # the checks under a plan go and come back with it
        children = s.scalars(select(CareRecord).where(CareRecord.parent_id == record.id))
        for child in children:
            if deleted and child.deleted_at is None:
                child.deleted_at = record.deleted_at
            elif not deleted and child.deleted_at == when:
                child.deleted_at = None
        ids = set(participants_of(s, [record.id]).get(record.id, ()))
        if record.pupil_id:
            ids.add(record.pupil_id)
        label = KINDS[record.kind].label
        _audit(s, Action.DELETE if deleted else Action.RESTORE, record)
    verb = "已将一条{}移入回收站" if deleted else "已恢复一条{}"
    return Changed(frozenset(ids), message=verb.format(label))


def _audit(session: Session, action: str, record: CareRecord) -> None:
    """操作日志: which record of which child — not its content."""
    kind = KINDS[record.kind].label
    whose = f"，{pupil_ref(record.pupil_id)}" if record.pupil_id else "，全班"
    mark = "，涉及隐私" if record.sensitive else ""
    target = f"{kind}（记录 {record.id}{whose}{mark}）"
    log(session, action, target, f"记录日期 {record.occurred_on}")


def participants_of(session: Session, record_ids: Collection[int]) -> dict[int, list[int]]:
    """Who took part in each of these records (pupil ids in ascending order), in one query
    whatever their number: each record's participants are read once, however many of the
    children asked for joined it — one row a record, its pupils joined in SQL."""
    out: dict[int, list[int]] = {}
    if not record_ids:
        return out
    rows = session.execute(
        select(RecordParticipant.record_id, func.group_concat(RecordParticipant.pupil_id))
        .where(RecordParticipant.record_id.in_(sorted(set(record_ids))))
        .group_by(RecordParticipant.record_id)
    )
    for rid, pids in rows:
        out[rid] = sorted(map(int, pids.split(",")))
    return out


def records_of(
    session: Session,
    pupil_ids: Collection[int],
    start: date | None = None,
    end: date | None = None,
    kinds: Collection[str] | None = None,
    *,
    joined: bool = True,
) -> dict[int, list[RecordView]]:
    """Each child's records dated ``start``..``end`` (both days included), newest first —
    their own and, with ``joined``, the class activities they took part in — read for every
    child at once: one query for the children's own records, one for the activities they
    joined, one for who took part in those. A record several children share is one view."""
    ids = sorted(set(pupil_ids))
    out: dict[int, list[RecordView]] = {pid: [] for pid in ids}
    if not ids:
        return out
    bounds: list[ColumnElement[bool]] = [CareRecord.deleted_at.is_(None)]
    if start is not None:
        bounds.append(CareRecord.occurred_on >= start)
    if end is not None:
        bounds.append(CareRecord.occurred_on <= end)
    if kinds is not None:
        bounds.append(CareRecord.kind.in_(sorted(set(kinds))))
    found: list[tuple[int, RecordRow]] = [
        (r.pupil_id, r)
        for r in session.execute(
            select(*RECORD_COLUMNS).where(CareRecord.pupil_id.in_(ids), *bounds)
        )
    ]
    if joined:
        found += [
            (r.joined_by, r)
            for r in session.execute(
                select(*RECORD_COLUMNS, RecordParticipant.pupil_id.label("joined_by"))
                .join(RecordParticipant, CareRecord.id == RecordParticipant.record_id)
                .where(
                    CareRecord.pupil_id.is_(None),  # the class's: read by day, then who joined
                    RecordParticipant.pupil_id.in_(ids),
                    *bounds,
                )
            )
        ]
    parts = participants_of(session, {r.id for _, r in found if KINDS[r.kind].class_level})
    views: dict[int, RecordView] = {}
    listed: set[tuple[int, int]] = set()
    for pid, r in found:
        if (pid, r.id) in listed:
            continue
        listed.add((pid, r.id))
        view = views.get(r.id)
        if view is None:
            view = views[r.id] = record_view(r, tuple(parts.get(r.id, ())))
        out[pid].append(view)
    for views_of in out.values():
        views_of.sort(key=lambda v: (v.occurred_on, v.id), reverse=True)
    return out


def list_records_of(
    archive: Archive,
    pupil_ids: Collection[int],
    start: date | None = None,
    end: date | None = None,
    kinds: Collection[str] | None = None,
    *,
    joined: bool = True,
) -> dict[int, list[RecordView]]:
    """``list_records`` for many children at once, in three queries whatever their number
    (``records_of``); ``joined=False`` leaves out the class activities (an export that lists
    those once, with ``list_class_records``)."""
    with archive.transaction() as s:
        return records_of(s, pupil_ids, start, end, kinds, joined=joined)


def list_records(
    archive: Archive,
    pupil_id: int,
    start: date | None = None,
    end: date | None = None,
    kinds: tuple[str, ...] | None = None,
) -> list[RecordView]:
    """A child's records, newest first: their own, and the class activities they joined."""
    return list_records_of(archive, [pupil_id], start, end, kinds or None)[pupil_id]


def list_class_records(
    archive: Archive, start: date | None = None, end: date | None = None
) -> list[RecordView]:
    """Activities and meetings of the class, newest first, with who took part."""
    stmt = select(CareRecord).where(CareRecord.deleted_at.is_(None), CareRecord.pupil_id.is_(None))
    if start is not None:
        stmt = stmt.where(CareRecord.occurred_on >= start)
    if end is not None:
        stmt = stmt.where(CareRecord.occurred_on <= end)
    stmt = stmt.order_by(CareRecord.occurred_on.desc(), CareRecord.id.desc())
    with archive.transaction() as s:
        records = list(s.scalars(stmt))
        parts = participants_of(s, [r.id for r in records])
        names = {pid: name for pid, name in s.execute(select(Pupil.id, Pupil.name))}
        return [
            record_view(
                r, tuple(parts.get(r.id, ())), tuple(names.get(p, "") for p in parts.get(r.id, ()))
            )
            for r in records
        ]


def get_record(archive: Archive, record_id: int) -> RecordView:
    with archive.transaction() as s:
        record = s.get(CareRecord, record_id)
        if record is None:
            raise LookupError(f"没有找到这条记录（编号 {record_id}）")
        return record_view(record, tuple(participants_of(s, [record_id]).get(record_id, ())))


def record_history(archive: Archive, record_id: int) -> list[RecordView]:
    """The earlier versions of a record, oldest first (the current one is get_record)."""
    with archive.transaction() as s:
        record = s.get(CareRecord, record_id)
        if record is None:
            raise LookupError(f"没有找到这条记录（编号 {record_id}）")
        versions = s.scalars(
            select(RecordVersion)
            .where(RecordVersion.record_id == record_id)
            .order_by(RecordVersion.version)
        )
        current = record_view(record)
        return [
            replace(
                current,
                occurred_on=v.occurred_on,
                values=_payload(v.data)[0],
                scores=_payload(v.data)[1],
                sensitive=v.sensitive,
                version=v.version,
                updated_at=v.replaced_at,
                due_on=None,
            )
            for v in versions
        ]


def list_deleted_records(archive: Archive) -> list[RecordView]:
    """The records in the recycle bin, most recently deleted first."""
    stmt = (
        select(CareRecord)
        .where(CareRecord.deleted_at.is_not(None))
        .order_by(CareRecord.deleted_at.desc())
    )
    with archive.transaction() as s:
        return [record_view(r) for r in s.scalars(stmt)]
