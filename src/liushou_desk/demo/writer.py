"""示例记录的写入 (writing the demo's care records): the records of a demo term, checked as
services/records.py checks what a teacher types, kept in memory and written in a few bulk
statements when the term is drawn.

What lands in the archive is what ``create_record`` / ``update_record`` / ``set_deleted`` write
— the record's columns (day, party, due date, the rule code in its JSON), the participants of a
class activity, the earlier version of an edited record, the recycle bin's date — only not one
statement and one transaction per record: a term of the demo class is thousands of records. The
操作日志 is written through ``audit.log`` as a bulk step would be: one 新增记录 entry per kind of
record added in the step (how many, the days they cover), one 修改记录 entry per edit and one
删除 entry for the record put in the recycle bin.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, RecordParticipant, RecordVersion
from liushou_desk.domain.profile import FieldError, ValidationFailed
from liushou_desk.domain.records import KINDS, RecordKind, RecordValues, party_of, rule_of
from liushou_desk.domain.records import validate_record as _validate
from liushou_desk.services import audit
from liushou_desk.services.settings import pick_lists, rule_words


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _data(values: RecordValues, words: Mapping[str, str]) -> str:
    """A record's JSON, as services/records.py stores it (fields, scores, a rule's code)."""
    data: dict[str, object] = {"values": values.values, "scores": values.scores}
    rule = rule_of(values.values, words)
    if rule is not None:
        data["rule"] = rule
    return json.dumps(data, ensure_ascii=False)


@dataclass
class _Row:
    """One record as it will be written, with the clean values its JSON came from."""

    kind: RecordKind
    row: dict[str, Any]
    clean: RecordValues
    participants: list[int] = field(default_factory=list)


class Stamps:
    """When the teacher typed a record in: the real time for today's term (as the services
    write it), the evening of the day it happened for an earlier one."""

    def __init__(self, today: date, *, past: bool, rng: random.Random | None = None):
        self.today, self.past = today, past
        self.rng = rng or random.Random(0)

    def at(self, day: date) -> datetime:
        if not self.past:
            return datetime.now()
        minutes = self.rng.randint(0, 210)  # 18:30 – 22:00
        return datetime.combine(day, time(18, 30)) + timedelta(minutes=minutes)

    def after(self, moment: datetime) -> datetime:
        """A later change to what was typed at ``moment``: now, or a few days later."""
        if not self.past:
            return max(datetime.now(), moment)
        later = moment + timedelta(days=self.rng.randint(1, 6), minutes=self.rng.randint(0, 90))
        return min(later, max(datetime.now(), moment))


class _Writer:
    """Every record of a demo term, checked and kept until ``write``; what was written is kept
    for the later edits (``kept``: the values as drawn, and the pupil)."""

    def __init__(
        self,
        archive: Archive,
        rng: random.Random,
        today: date,
        head: str,
        *,
        pupils: set[int],
        stamps: Stamps | None = None,
    ):
        self.archive, self.rng, self.today, self.head = archive, rng, today, head
        self.pupils = pupils  # the pupils a record may be about (in the archive, not binned)
        self.stamps = stamps or Stamps(today, past=False)
        self.count = 0
        self.kept: dict[int, tuple[RecordValues, int | None]] = {}
        self.lists = pick_lists(archive)
        self.words = rule_words(archive)
        with archive.transaction() as s:
            self.next_id = (s.scalar(select(func.max(CareRecord.id))) or 0) + 1
        self.rows: dict[int, _Row] = {}
        self.versions: list[dict[str, Any]] = []
        self.logs: list[tuple[str, str, str]] = []  # edits and deletions, in order

    # -- drawing ------------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        pupil: int | None,
        values: dict[str, str],
        *,
        scores: dict[str, str] | None = None,
        participants: Sequence[int] = (),
        sensitive: bool | None = None,
        parent: int | None = None,
    ) -> int:
        rv = RecordValues(
            {k: v for k, v in values.items() if v}, dict(scores or {}), list(participants)
        )
        spec = KINDS[kind]
        clean, errors = _validate(spec, rv, self.today, self.lists)
        self._check(spec, pupil, parent, clean, errors)
        if errors:
            raise ValidationFailed(errors)
        rid, self.next_id = self.next_id, self.next_id + 1
        at = self.stamps.at(date.fromisoformat(clean.values[spec.date_field]))
        row: dict[str, Any] = {
            "id": rid,
            "kind": spec.key,
            "pupil_id": pupil,
            "parent_id": parent,
            "sensitive": spec.sensitive_by_default if sensitive is None else sensitive,
            "version": 1,
            "recorded_by": self.head,
            "recorded_at": at,
            "updated_at": at,
            "deleted_at": None,
        }
        self.rows[rid] = _Row(spec, row, clean, list(clean.participants))
        self._apply(self.rows[rid], clean)
        self.count += 1
        self.kept[rid] = (rv, pupil)
        return rid

    def _check(
        self,
        spec: RecordKind,
        pupil: int | None,
        parent: int | None,
        clean: RecordValues,
        errors: list[FieldError],
    ) -> None:
        """What ``services.records._check`` asks of the archive, asked of what is known."""
        if spec.class_level:
            if pupil is not None:
                errors.append(FieldError("kind", f"{spec.label}是全班的记录"))
            if set(clean.participants) - self.pupils:
                errors.append(FieldError("participants", "有学生已不在名册中"))
        elif pupil not in self.pupils:
            errors.append(FieldError("pupil", "请先选择学生"))
        if spec.parent_kind:
            above = self.rows.get(parent) if parent else None
            if (
                above is None
                or above.kind.key != spec.parent_kind
                or above.row["pupil_id"] != pupil
                or above.row["deleted_at"] is not None
            ):
                errors.append(FieldError("parent", f"请从{KINDS[spec.parent_kind].label}中添加"))

    def _apply(self, r: _Row, clean: RecordValues) -> None:
        spec, values = r.kind, clean.values
        due = values.get(spec.due_field or "", "")
        r.row["occurred_on"] = date.fromisoformat(values[spec.date_field])
        r.row["party"] = party_of(spec, values)
        r.row["due_on"] = date.fromisoformat(due) if due and not values.get("closed_on") else None
        r.row["data"] = _data(clean, self.words)
        r.clean = clean

    def edit(self, rid: int, change: Callable[[RecordValues], None]) -> None:
        """A later correction or addition: the record's first version stays in its history
        (as ``update_record``)."""
        rv, _ = self.kept[rid]
        new = RecordValues(dict(rv.values), dict(rv.scores), list(rv.participants))
        change(new)
        r = self.rows[rid]
        had = r.clean.values
        lists = {k: (*v, had[k]) if had.get(k) else v for k, v in self.lists.items()}
        clean, errors = _validate(r.kind, new, self.today, lists)
        self._check(r.kind, r.row["pupil_id"], r.row["parent_id"], clean, errors)
        if errors:
            raise ValidationFailed(errors)
        if (
            clean.values == r.clean.values
            and clean.scores == r.clean.scores
            and set(clean.participants) == set(r.participants)
        ):
            return
        at = self.stamps.after(r.row["updated_at"])
        self.versions.append(
            {
                "record_id": rid,
                "version": r.row["version"],
                "occurred_on": r.row["occurred_on"],
                "sensitive": r.row["sensitive"],
                "data": r.row["data"],
                "replaced_at": at,
            }
        )
        self._apply(r, clean)
        r.row["version"] += 1
        r.row["updated_at"] = at
        if r.kind.class_level:
            r.participants = list(clean.participants)
        self.logs.append((audit.Action.EDIT_RECORD, *self._target(r)))

    def delete(self, rid: int) -> None:
        """删除: the record and the checks under it go to the recycle bin (``set_deleted``)."""
        r = self.rows[rid]
        when = self.stamps.after(r.row["updated_at"])
        r.row["deleted_at"] = when
        for child in self.rows.values():
            if child.row["parent_id"] == rid and child.row["deleted_at"] is None:
                child.row["deleted_at"] = when
        self.logs.append((audit.Action.DELETE, *self._target(r)))

    @staticmethod
    def _target(r: _Row) -> tuple[str, str]:
        """The entry ``services.records._audit`` writes: which record of which child."""
        pupil = r.row["pupil_id"]
        whose = f"，{audit.pupil_ref(pupil)}" if pupil else "，全班"
        mark = "，涉及隐私" if r.row["sensitive"] else ""
        return (
            f"{r.kind.label}（记录 {r.row['id']}{whose}{mark}）",
            f"记录日期 {r.row['occurred_on']}",
        )

    # -- writing ------------------------------------------------------------------------------

    def write(self, s: Session, step: str = "") -> int:
        """Write what was drawn since the last ``write`` in ``s``; return how many records."""
        rows = list(self.rows.values())
        if rows:
            s.execute(insert(_table(CareRecord)), [r.row for r in rows])
            joined = [
                {"record_id": r.row["id"], "pupil_id": pid} for r in rows for pid in r.participants
            ]
            if joined:
                s.execute(insert(_table(RecordParticipant)), joined)
        if self.versions:
            s.execute(insert(_table(RecordVersion)), self.versions)
        for kind in KINDS.values():
            mine = [r for r in rows if r.kind is kind]
            if mine:
                audit.log(s, audit.Action.ADD_RECORD, *self._summary(kind, mine, step))
        for action, target, detail in self.logs:
            audit.log(s, action, target, detail)
        written = len(rows)
        self.rows, self.versions, self.logs = {}, [], []
        return written

    @staticmethod
    def _summary(kind: RecordKind, rows: list[_Row], step: str) -> tuple[str, str]:
        """One entry for the records of a kind added in one step: how many, for how many
        children (by number, never by name), which days; the sensitive ones said so."""
        pupils = {r.row["pupil_id"] for r in rows if r.row["pupil_id"]}
        whose = f"{len(pupils)} 名学生" if pupils else "全班"
        mark = "，涉及隐私" if any(r.row["sensitive"] for r in rows) else ""
        first = min(r.row["occurred_on"] for r in rows)
        last = max(r.row["occurred_on"] for r in rows)
        ids = f"记录 {min(r.row['id'] for r in rows)}–{max(r.row['id'] for r in rows)}"
        where = f"{step}：" if step else ""
        return (
            f"{kind.label} {len(rows)} 条（{whose}，{ids}{mark}）",
            f"{where}记录日期 {first} 至 {last}",
        )
