"""操作日志 service: what was done to the children's data, when, by whom, to which records —
every edit, print, export, import, deletion and look at a sensitive record.

The log is append-only (database triggers refuse updates and deletes) and hash-chained: each
entry's SHA-256 covers its own fields and the previous entry's hash, and the newest hash and
the count are kept beside the log, so a changed, removed or cut-off entry is found by
``verify`` (``liushou-desk audit-verify``). Entries are written in the same transaction as the
change they describe.

操作人 (the actor) is the 班主任 named in the class information (班级信息), read in the same
transaction; the computer account only while no name is filled in. Entries already written
keep the actor they were hashed with.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveInfo, AuditEntry, Setting

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


class Action:
    """The kinds of logged action, as the log shows them."""

    ADD_PUPIL = "新增学生"
    EDIT_PROFILE = "修改档案"
    ENROLMENT = "在读状态"
    STATUS = "留守认定"
    DELETE = "删除"
    RESTORE = "恢复"
    ADD_RECORD = "新增记录"
    EDIT_RECORD = "修改记录"
    IMPORT = "导入名册"
    EXPORT = "导出"
    PRINT = "打印"
    REVEAL = "查看敏感记录"
    CLASS_INFO = "班级信息"
    SUMMARY = "期末总结"
    UNLOCK_FAILED = "解锁失败"
    SECURITY = "加密与密码"


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    message: str
    bad_id: int | None = None


def pupil_ref(pupil_id: int) -> str:
    """How an entry names a child: by number, not by name — the log cannot be changed, and a
    child's data purged after they leave must leave no name behind. ``names`` resolves it for
    reading while the child is in the archive."""
    return f"学生#{pupil_id}"


_REF = re.compile(r"学生#(\d+)")


def with_names(text: str, names: dict[int, str]) -> str:
    """An entry's text with each 学生#id shown as the child's name (or 已清除)."""
    return _REF.sub(
        lambda m: f"{names.get(int(m.group(1)), '已清除的学生')}（#{m.group(1)}）", text
    )


def _actor(session: Session) -> str:
    """The head teacher's name from 班级信息 (not ``archive_info.get_info``: that module logs
    here), else the computer account."""
    teacher = session.scalar(select(ArchiveInfo.head_teacher).limit(1))
    if teacher and teacher.strip():
        return teacher.strip()[:60]
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system: the log still records the action
        return "（未知用户）"


def _digest(prev: str, at: datetime, actor: str, action: str, target: str, detail: str) -> str:
    body = json.dumps(
        [prev, at.isoformat(timespec="microseconds"), actor, action, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _head(session: Session) -> tuple[int, str]:
    row = session.get(Setting, HEAD_KEY)
    if row is None:
        return 0, GENESIS
    data = json.loads(row.value)
    return int(data["count"]), str(data["hash"])


def log(session: Session, action: str, target: str = "", detail: str = "") -> None:
    """Append one entry inside the caller's transaction."""
    count, prev = _head(session)
    at = datetime.now()
    actor = _actor(session)
    target, detail = target[:200], detail[:2000]
    digest = _digest(prev, at, actor, action, target, detail)
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail,
            prev_hash=prev,
            hash=digest,
        )
    )
    row = session.get(Setting, HEAD_KEY)
    if row is None:
        row = Setting(key=HEAD_KEY)
        session.add(row)
    row.value = json.dumps({"count": count + 1, "hash": digest})
    row.updated_at = at


def record(archive: Archive, action: str, target: str = "", detail: str = "") -> None:
    """Append one entry in its own transaction (prints, exports: nothing else is written)."""
    with archive.transaction() as s:
        log(s, action, target, detail)


def entries(archive: Archive, limit: int = 2000, named: bool = False) -> list[Entry]:
    """The newest entries first; ``named`` shows children by name where they are still kept."""
    from liushou_desk.db.models import Pupil

    with archive.transaction() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
        names = dict(s.execute(select(Pupil.id, Pupil.name)).all()) if named else {}
    if not named:
        return [Entry(r.id, r.at, r.actor, r.action, r.target, r.detail) for r in rows]
    return [
        Entry(r.id, r.at, r.actor, r.action, with_names(r.target, names), r.detail) for r in rows
    ]


def verify(archive: Archive) -> Verdict:
    """Walk the chain from the first entry: every hash must match, and the end must be the
    head kept beside the log."""
    with archive.transaction() as s:
        count, head = _head(s)
        prev = GENESIS
        seen = 0
        for r in s.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            seen += 1
            if r.prev_hash != prev:
                return Verdict(False, seen, f"第 {r.id} 条之前的日志被删除或改动过", r.id)
            if _digest(prev, r.at, r.actor, r.action, r.target, r.detail) != r.hash:
                return Verdict(False, seen, f"第 {r.id} 条日志的内容被改动过", r.id)
            prev = r.hash
    if seen != count or prev != head:
        return Verdict(False, seen, f"日志应有 {count} 条，实有 {seen} 条：末尾的日志被删除过")
    return Verdict(True, seen, f"操作日志完整，共 {seen} 条，未发现改动")
