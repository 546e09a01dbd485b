"""导入名册 written: the checked plan's good rows into the archive, all in one immediate
transaction that first matches them again against the archive as it is then.

New pupils are opened exactly as 新增学生 opens them (``roster.new_pupils``); matched pupils
take only the cells that hold something new. The result names every pupil written and keeps
each matched pupil's profile from before and after, so the import can be taken back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, selectinload, undefer

from liushou_desk.db.models import ArchiveChange, Pupil
from liushou_desk.io.roster_import import BASIC, match
from liushou_desk.services import audit
from liushou_desk.services.changes import Kind
from liushou_desk.services.notices import Changed
from liushou_desk.services.profile import draft_from, write_profile
from liushou_desk.services.roster import new_pupils
from liushou_desk.services.status import apply_assessment, override_in

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.io.roster_plan import ImportPlan, ImportRow


Verdict = tuple[str | None, str]  # 人工认定: (kind word or None, reason)
CHUNK = 1_000  # new pupils written per round of executemany (memory bounded, not the count)


@dataclass
class ImportResult:
    """What 导入名册 wrote: the new pupils' ids, and each updated pupil's profile before and
    after (for 撤销 / 重做)."""

    added: list[int] = field(default_factory=list)
    before: dict[int, ProfileDraft] = field(default_factory=dict)
    after: dict[int, ProfileDraft] = field(default_factory=dict)
    # 人工认定 the file stated for an updated pupil: (kind, reason) before and after
    overrides: dict[int, tuple[Verdict, Verdict]] = field(default_factory=dict)
    skipped_rows: int = 0

    @property
    def written(self) -> int:
        return len(self.added) + len(self.after)

    def changed(self) -> Changed:
        ids = frozenset(self.added) | frozenset(self.after)
        message = f"已从名册导入：新增 {len(self.added)} 名，更新 {len(self.after)} 名学生"
        return Changed(ids, roster=True, message=message)


def _merged(found: Pupil, item: ImportRow) -> ProfileDraft:
    """The pupil's profile with the row's new cells laid over it."""
    merged = draft_from(found)
    for name in BASIC:
        value = getattr(item.draft, name)
        if value and name in item.changes:
            setattr(merged, name, value)
    for attr in ("father", "mother"):
        for name in ("name", "phone", "work_city", "situation"):
            if f"{attr}.{name}" in item.changes:
                setattr(getattr(merged, attr), name, getattr(getattr(item.draft, attr), name))
    if "guardians" in item.changes:
        merged.guardians = [*merged.guardians, *item.draft.guardians]
    return merged


def _table(model: type[Pupil] | type[ArchiveChange]) -> Table:
    """A model's table: Core's executemany, without the ORM's bookkeeping per row."""
    return cast(Table, model.__table__)


def loaded(s: Session, pupil_ids: list[int], *, binned: bool = False) -> dict[int, Pupil]:
    """Pupils (not in the 回收站, unless ``binned``) with their parents, guardians and photo,
    read in one query — not one read and two lazy loads each."""
    stmt = (
        select(Pupil)
        .where(Pupil.id.in_(pupil_ids))
        .options(selectinload(Pupil.parents), selectinload(Pupil.guardians), undefer(Pupil.photo))
    )
    if not binned:
        stmt = stmt.where(Pupil.deleted_at.is_(None))
    return {p.id: p for p in s.scalars(stmt)}


def _matched(s: Session, items: list[ImportRow]) -> Iterator[tuple[Pupil, ImportRow]]:
    """The rows to update with their pupils, in order, read a round at a time; a pupil gone
    since the file was checked is passed over."""
    for start in range(0, len(items), CHUNK):
        part = items[start : start + CHUNK]
        found = loaded(s, [i.match for i in part if i.match is not None])
        for item in part:
            if item.match in found:
                yield found[item.match], item


def _creation_note(item: ImportRow) -> str:
    rows = "、".join(str(r) for r in (item.rows or (item.row,)))
    note = f"从名册导入（第 {rows} 行）"
    return f"{note}；备注：{item.remark[:150]}" if item.remark else note


def _created(s: Session, added: list[tuple[int, ImportRow]], now: datetime) -> None:
    """The 建档 lines of the new pupils: one executemany, not one ORM object each."""
    if not added:
        return
    s.execute(
        insert(_table(ArchiveChange)),
        [
            {
                "pupil_id": pupil_id,
                "changed_at": now,
                "kind": Kind.CREATED,
                "field": "",
                "label": "建立档案",
                "old_value": "",
                "new_value": item.draft.name,
                "note": _creation_note(item),
            }
            for pupil_id, item in added
        ],
    )


def _file_verdicts(s: Session, verdicts: list[tuple[int, ImportRow]], now: datetime) -> None:
    """The status the file states, as the new pupils' 人工认定 with its reason and history line
    (the import's one 操作日志 entry covers them) — one executemany each, in SQLAlchemy Core."""
    verdicts = [(pid, item) for pid, item in verdicts if item.override]
    if not verdicts:
        return
    table = _table(Pupil)
    first = min(pid for pid, _ in verdicts)
    kinds = dict(
        s.execute(select(Pupil.id, Pupil.computed_kind).where(Pupil.id >= first)).all()
    )
    s.execute(
        update(table)
        .where(table.c.id == bindparam("pupil"))
        .values(override_kind=bindparam("kind"), override_reason=bindparam("reason")),
        [
            {"pupil": pid, "kind": item.override[0], "reason": item.override[1]}
            for pid, item in verdicts
            if item.override
        ],
    )
    s.execute(
        insert(_table(ArchiveChange)),
        [
            {
                "pupil_id": pid,
                "changed_at": now,
                "kind": Kind.STATUS,
                "field": "override_kind",
                "label": "人工认定",
                "old_value": f"按规则（{kinds[pid]}）",
                "new_value": item.override[0],
                "note": item.override[1],
            }
            for pid, item in verdicts
            if item.override
        ],
    )


def apply_import(archive: Archive, plan: ImportPlan, today: date) -> ImportResult:
    """Write every good row of ``plan``, all in one transaction, or nothing.

    The transaction is immediate (the write lock first): the children still to add are matched
    again against the archive as it is now — another program importing the same roster at the
    same time waits, then finds the first one's pupils and updates them instead of adding them
    twice. ``plan`` is updated to what was done."""
    now = datetime.now()
    with archive.transaction(immediate=True) as s:
        match(s, plan)
        result = ImportResult(skipped_rows=len({p.row for p in plan.problems}))
        ids: list[int] = []
        for start in range(0, len(plan.added), CHUNK):  # the rows made for SQLite, bounded
            part = plan.added[start : start + CHUNK]
            added = list(zip(new_pupils(s, [i.draft for i in part], today, now), part, strict=True))
            _created(s, added, now)
            _file_verdicts(s, [(pid, item) for pid, item in added if item.override], now)
            ids += [pid for pid, _item in added]
        result.added = ids
        with s.no_autoflush:  # written at the end in one flush, not one per pupil
            for found, item in _matched(s, plan.updated):
                result.before[found.id] = draft_from(found)
                write_profile(s, found, _merged(found, item), now)
                apply_assessment(s, found, today, now)
                if item.override is not None and "override" in item.changes:
                    before = (found.override_kind, found.override_reason)
                    override_in(s, found, item.override[0], item.override[1], now)
                    result.overrides[found.id] = (before, item.override)
                result.after[found.id] = draft_from(found)
        audit.log(
            s,
            audit.Action.IMPORT,
            f"新增 {len(result.added)} 名、更新 {len(result.after)} 名学生",
            f"跳过有问题的 {result.skipped_rows} 行",
        )
    return result


def bin_added(archive: Archive, pupil_ids: list[int], *, back: bool) -> Changed:
    """撤销 (``back``) or 重做 an import's new pupils: all of them to or from the 回收站 in one
    transaction, a 回收站 line in each one's history, and one 操作日志 entry for them all (the
    import itself was one entry) — 10,000 pupils in a moment, not one logged write each. Those
    already moved by hand are passed over."""
    now = datetime.now()
    table = _table(Pupil)
    moved: list[int] = []
    with archive.transaction() as s:
        for start in range(0, len(pupil_ids), CHUNK):
            part = pupil_ids[start : start + CHUNK]
            waiting = Pupil.deleted_at.is_(None) if back else Pupil.deleted_at.is_not(None)
            ids = list(s.scalars(select(Pupil.id).where(Pupil.id.in_(part), waiting)))
            if not ids:
                continue
            s.execute(
                update(table).where(table.c.id.in_(ids)).values(deleted_at=now if back else None)
            )
            s.execute(
                insert(_table(ArchiveChange)),
                [
                    {
                        "pupil_id": pid,
                        "changed_at": now,
                        "kind": Kind.DELETED,
                        "field": "",
                        "label": "移入回收站" if back else "从回收站恢复",
                        "old_value": "",
                        "new_value": "",
                        "note": "撤销导入名册" if back else "",
                    }
                    for pid in ids
                ],
            )
            moved += ids
        if moved:
            verb = "移入回收站：撤销导入名册" if back else "从回收站恢复：重做导入名册"
            target = f"导入名册新增的 {len(moved)} 名学生"
            audit.log(s, Kind.DELETED, target, f"{verb}（{_refs(moved)}）")
    message = f"已将 {len(moved)} 名学生移入回收站" if back else f"已恢复 {len(moved)} 名学生"
    return Changed(frozenset(moved), roster=True, message=message)


def _refs(pupil_ids: list[int]) -> str:
    """学生#12–#40、学生#57: the children by number, runs of numbers as one."""
    runs: list[list[int]] = []
    for pid in sorted(pupil_ids):
        if runs and pid == runs[-1][1] + 1:
            runs[-1][1] = pid
        else:
            runs.append([pid, pid])
    return "、".join(
        audit.pupil_ref(a) if a == b else f"{audit.pupil_ref(a)}–#{b}" for a, b in runs
    )


def put_profiles(archive: Archive, profiles: dict[int, ProfileDraft], today: date) -> Changed:
    """撤销 / 重做 an import's updates: each pupil's profile as it was before (or after), all in
    one transaction, each changed field in the pupil's history and the 操作日志 as 保存档案
    writes it (and the status checked again); the pupils whose profile changed."""
    from liushou_desk.domain.profile import ValidationFailed, validate_profile

    cleaned = {}
    for pupil_id, draft in profiles.items():
        clean, errors = validate_profile(draft, today)
        if errors:
            raise ValidationFailed(errors)
        cleaned[pupil_id] = clean
    now = datetime.now()
    written: set[int] = set()
    ids = list(cleaned)
    with archive.transaction() as s, s.no_autoflush:  # one flush at the end
        for start in range(0, len(ids), CHUNK):
            found = loaded(s, ids[start : start + CHUNK], binned=True)
            for pupil_id in ids[start : start + CHUNK]:
                pupil = found.get(pupil_id)
                if pupil is None:
                    raise LookupError(f"没有找到这名学生（编号 {pupil_id}）")
                if write_profile(s, pupil, cleaned[pupil_id], now):
                    apply_assessment(s, pupil, today, now)
                    written.add(pupil_id)
    return Changed(frozenset(written), roster=bool(written))
