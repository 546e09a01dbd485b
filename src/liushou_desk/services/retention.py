"""保存期限: a child's data is not kept for ever. When a pupil has left the class (转出, 毕业,
休学) — or sat in the recycle bin — for longer than the retention period (default 3 years), the
app proposes to purge the data; purging deletes the pupil with every record, version, draft and
change line, with SQLite's secure delete on, then VACUUMs the file so nothing is left in free
pages. The purge is logged (by the child's number only)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Draft, Pupil, Setting
from liushou_desk.domain.enums import Enrolment
from liushou_desk.domain.profile import FieldError, ValidationFailed
from liushou_desk.services import audit
from liushou_desk.services.notices import Changed

KEY = "retention_years"
DEFAULT_YEARS = 3


@dataclass(frozen=True)
class Candidate:
    """A pupil whose data is past the retention period."""

    id: int
    name: str
    status: str  # 转出 2022-06-30 / 回收站 2023-01-05
    since: date


def retention_years(archive: Archive) -> int:
    with archive.transaction() as s:
        row = s.get(Setting, KEY)
        return int(json.loads(row.value)) if row is not None else DEFAULT_YEARS


def set_retention_years(archive: Archive, years: int) -> None:
    if not 1 <= years <= 30:
        raise ValidationFailed([FieldError("years", "保存期限应在 1–30 年之间")])
    with archive.transaction() as s:
        row = s.get(Setting, KEY) or Setting(key=KEY)
        s.add(row)
        row.value, row.updated_at = json.dumps(years), datetime.now()
        audit.log(s, "保存期限", f"{years} 年")


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def candidates(archive: Archive, today: date, years: int | None = None) -> list[Candidate]:
    """Pupils who left (or were deleted) more than ``years`` ago, longest gone first."""
    years = retention_years(archive) if years is None else years
    limit = _years_before(today, years)
    out = []
    with archive.transaction() as s:
        for p in s.scalars(select(Pupil)):
            if p.deleted_at is not None and p.deleted_at.date() <= limit:
                out.append(
                    Candidate(p.id, p.name, f"回收站 {p.deleted_at:%Y-%m-%d}", p.deleted_at.date())
                )
            elif p.enrolment != Enrolment.ACTIVE.value and p.left_on and p.left_on <= limit:
                out.append(Candidate(p.id, p.name, f"{p.enrolment} {p.left_on}", p.left_on))
    return sorted(out, key=lambda c: c.since)


def purge(archive: Archive, pupil_ids: list[int], today: date) -> Changed:
    """Delete these pupils' data for good (only pupils past the retention period), then VACUUM."""
    allowed = {c.id: c for c in candidates(archive, today)}
    wrong = [i for i in pupil_ids if i not in allowed]
    if wrong:
        raise ValidationFailed(
            [FieldError("pupils", f"编号 {wrong[0]} 的学生未到保存期限，不能清除")]
        )
    if not pupil_ids:
        return Changed()
    with archive.transaction() as s:
        s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        for pid in pupil_ids:
            s.execute(delete(Draft).where(Draft.key.like(f"%:{pid}:%")))
            s.execute(delete(Pupil).where(Pupil.id == pid))  # cascades to every row of theirs
            audit.log(
                s, "清除数据", audit.pupil_ref(pid), f"离班满保存期限（{allowed[pid].status}）"
            )
    raw = archive.engine.raw_connection()  # autocommit: VACUUM runs outside a transaction
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM")  # freed pages hold nothing readable afterwards
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # and the main file is rewritten now
    finally:
        raw.close()
    return Changed(
        frozenset(pupil_ids), roster=True, message=f"已清除 {len(pupil_ids)} 名离班学生的数据"
    )


def purge_backups(
    db_path: Path, pupil_ids: list[int], progress: Callable[[int, int], None] | None = None
) -> int:
    """The same pupils out of every backup in the archive's backups folder (secure delete,
    VACUUM, checked), so a purge leaves no copy behind on this computer; returns how many
    backups held them. A backup that cannot be changed is left as it is and not counted."""
    from liushou_desk.db import cipher
    from liushou_desk.services.backups import list_backups

    if not pupil_ids:
        return 0
    marks = ",".join("?" for _ in pupil_ids)
    found = list_backups(db_path)
    cleaned = 0
    for done, backup in enumerate(found):
        if progress is not None:
            progress(done, len(found))
        try:
            con = cipher.connect(backup.path, isolation_level=None)
        except Exception:  # a backup locked elsewhere or beyond repair: leave it alone
            continue
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA secure_delete = ON")
            held = con.execute(f"SELECT count(*) FROM pupils WHERE id IN ({marks})", pupil_ids)
            if not held.fetchone()[0]:
                continue
            con.execute("BEGIN")
            for pid in pupil_ids:
                con.execute("DELETE FROM drafts WHERE key LIKE ?", (f"%:{pid}:%",))
            con.execute(f"DELETE FROM pupils WHERE id IN ({marks})", pupil_ids)
            con.execute("COMMIT")
            con.execute("VACUUM")
            if con.execute("PRAGMA integrity_check").fetchone()[0] == "ok":
                cleaned += 1
        except cipher.Error:
            if con.in_transaction:
                con.execute("ROLLBACK")
        finally:
            con.close()
    if progress is not None:
        progress(len(found), len(found))
    return cleaned
