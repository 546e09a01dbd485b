"""操作日志 service: what was done to the children's data, when, by whom, to which records —
every edit, print, export, import, deletion and look at a sensitive record.

The log is append-only (database triggers refuse updates and deletes) and chained: each entry's
seal covers its own fields and the previous entry's seal — HMAC-SHA256 with the archive's chain
key from the first keyed entry on, SHA-256 before (services/audit_chain.py says which key, and
what a plain archive's chain resists). The head (count, last seal, where keying starts) is kept
beside the log and outside the database (key file, or ``<archive>.audit``), so a changed,
removed, cut-off or wiped log is found by ``verify`` (``liushou-desk audit-verify``). Entries
are written in the same transaction as the change they describe; the outside head is written
after an entry recorded on its own (``record``), when the archive opens (``open_check``) and
when it closes — never inside a transaction.

操作人 (the actor) is the 班主任 named in the class information (班级信息), read in the same
transaction; the computer account only while no name is filled in. Entries already written
keep the actor they were sealed with.
"""

from __future__ import annotations

import getpass
import json
import logging
import re
import secrets
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from liushou_desk.db import cipher
from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveInfo, AuditEntry, Pupil, Setting
from liushou_desk.services import audit_chain
from liushou_desk.services.audit_chain import (
    GENESIS,
    HEAD_KEY,
    KEY_KEY,
    KEYED,
    Head,
    Verdict,
    read_outside,
    seal,
    write_outside,
)

__all__ = ["GENESIS", "HEAD_KEY", "Verdict"]
log_ = logging.getLogger(__name__)


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


# --- the chain key and head, per open archive ------------------------------------------------


@dataclass
class _State:
    """What this process knows of one open archive (one engine): the chain key derived from
    its data key (once — never per entry), the newest head committed, and the head outside."""

    path: Path
    derived: bytes | None
    key: bytes | None = None  # the chain key, once a committed transaction has used it
    committed: Head | None = None
    written: Head | None = None
    outside_ok: bool | None = None  # the outside head agrees with the log (None: not looked)
    walked: bool = False  # the whole chain was walked since the archive was opened


_lock = threading.Lock()
_writing = threading.Lock()
_states: weakref.WeakKeyDictionary[Engine, _State] = weakref.WeakKeyDictionary()
_PENDING = "liushou_audit_head"


def _state(engine: Engine) -> _State:
    with _lock:
        state = _states.get(engine)
        if state is None:
            path = Path(engine.url.database or "")
            data_key = cipher.key_for(path)
            state = _State(path, audit_chain.derived_key(data_key) if data_key else None)
            _states[engine] = state
            event.listen(engine, "engine_disposed", _disposed)
    return state


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        state, head, key = pending
        state.committed, state.key = head, key


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _disposed(engine: Engine) -> None:
    state = _states.get(engine)
    if state is not None:
        _keep_outside(state)


def _keep_outside(state: _State) -> bool:
    """Write the newest committed head outside the database — unless the head found there
    disagreed with the log: that is evidence, never overwritten. True: written."""
    with _writing:
        head = state.committed
        if not state.outside_ok or head is None or head == state.written or not head.count:
            return False
        try:
            write_outside(state.path, head)
        except OSError:
            log_.warning("操作日志的校验记录没有写到档案外", exc_info=True)
            return False
        state.written = head
        return True


def _head(session: Session) -> Head:
    row = session.get(Setting, HEAD_KEY)
    if row is None:
        return Head()
    try:
        found = Head.parse(json.loads(row.value))
    except ValueError:
        found = None
    if found is not None:
        return found
    last = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return Head(session.scalar(select(func.count(AuditEntry.id))) or 0, last or GENESIS)


def _outside_agrees(session: Session, outside: Head | None, head: Head) -> bool:
    """The outside head names an entry of the log (cheap: one entry read by its id, which is
    its place in an untouched log)."""
    if outside is None:
        return True
    if outside.count > head.count:
        return False
    if outside.keyed_from is not None and outside.keyed_from != head.keyed_from:
        return False
    found = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == outside.count))
    return (found if outside.count else GENESIS) == outside.hash


def _append(
    session: Session, key: bytes | None, head: Head, at: datetime, actor: str, what: tuple[str, ...]
) -> Head:
    action, target, detail = what
    digest = seal(key, head.hash, at, actor, action, target, detail)
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail,
            prev_hash=head.hash,
            hash=digest,
        )
    )
    return Head(head.count + 1, digest, head.keyed_from)


def _keyed(
    session: Session, state: _State, head: Head, at: datetime, actor: str
) -> tuple[bytes, Head]:
    """The chain key and the head, keying started if it was not (an old log gets an entry
    sealed with the key, which anchors it; a new log is keyed from its first entry)."""
    key = state.key
    if key is None:
        row = session.get(Setting, KEY_KEY)
        key = audit_chain.chain_key(row.value if row else None, state.derived)
    if key is None:  # a plain archive: a random key, kept in the archive itself
        key = secrets.token_bytes(32)
        session.add(Setting(key=KEY_KEY, value=json.dumps(key.hex()), updated_at=at))
    if state.outside_ok is None:
        state.outside_ok = _outside_agrees(session, read_outside(state.path), head)
    if head.keyed_from is None:
        head = Head(head.count, head.hash, head.count + 1)
        if head.count:
            head = _append(session, key, head, at, actor, (Action.SECURITY, "", KEYED))
    return key, head


def _save(session: Session, head: Head, at: datetime) -> None:
    row = session.get(Setting, HEAD_KEY)
    if row is None:
        row = Setting(key=HEAD_KEY)
        session.add(row)
    row.value = json.dumps(head.as_dict())
    row.updated_at = at


def log(session: Session, action: str, target: str = "", detail: str = "") -> None:
    """Append one entry inside the caller's transaction (no file is read or written, no key
    derived: that happens once per open archive)."""
    bind = session.get_bind()
    state = _state(bind if isinstance(bind, Engine) else bind.engine)
    at = datetime.now()
    actor = _actor(session)
    key, head = _keyed(session, state, _head(session), at, actor)
    head = _append(session, key, head, at, actor, (action, target[:200], detail[:2000]))
    _save(session, head, at)
    session.info[_PENDING] = (state, head, key)


def record(archive: Archive, action: str, target: str = "", detail: str = "") -> None:
    """Append one entry in its own transaction (prints, exports: nothing else is written), then
    keep the head outside the database."""
    with archive.transaction() as s:
        log(s, action, target, detail)
    _keep_outside(_state(archive.engine))


def entries(archive: Archive, limit: int = 2000, named: bool = False) -> list[Entry]:
    """The newest entries first; ``named`` shows children by name where they are still kept."""
    with archive.transaction() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
        names = dict(s.execute(select(Pupil.id, Pupil.name)).all()) if named else {}
    if not named:
        return [Entry(r.id, r.at, r.actor, r.action, r.target, r.detail) for r in rows]
    return [
        Entry(r.id, r.at, r.actor, r.action, with_names(r.target, names), r.detail) for r in rows
    ]


def _query(connection) -> audit_chain.Query:  # type: ignore[no-untyped-def]
    return lambda sql, params: connection.exec_driver_sql(sql, tuple(params))


def verify(archive: Archive, outside: dict[str, object] | None = None) -> Verdict:
    """Walk the chain from the first entry: every seal must match, the end must be the head
    kept beside the log, the head kept outside the database (or ``outside``, a head recorded
    with a copy) must name one of its entries, and the triggers must be there."""
    found = Head.parse(outside) if outside is not None else read_outside(archive.path)
    with archive.engine.connect() as connection:
        return audit_chain.check(_query(connection), cipher.key_for(archive.path), found)


def _opening_verdict(archive: Archive) -> Verdict:
    """The log checked as the archive opens: bounded by the entries added since the head kept
    outside was written (``audit_chain.tail_check``); the whole chain when that cannot be
    relied on (no head outside, or something does not line up — then the whole walk says
    what)."""
    found = read_outside(archive.path)
    with archive.engine.connect() as connection:
        query, key = _query(connection), cipher.key_for(archive.path)
        verdict = audit_chain.tail_check(query, key, found)
        if verdict is None or not verdict.ok:
            verdict = audit_chain.check(query, key, found)
            _state(archive.engine).walked = True
    return verdict


def walked(archive: Archive) -> bool:
    """Whether the whole chain has been walked since ``archive`` was opened (by the opening's
    check, or ``full_check``)."""
    return _state(archive.engine).walked


def open_check(archive: Archive) -> Verdict:
    """At opening (the window): check the log — the triggers, the heads, the entries since the
    head outside (``_opening_verdict``; the whole walk is ``full_check``, run by the window
    after the first paint); when it is sound, start keying an old log (its anchoring entry)
    and keep the head outside the database. A log found changed is left as it is, and so is
    the head outside it — the evidence stays."""
    verdict = _opening_verdict(archive)
    state = _state(archive.engine)
    fresh = verdict.entries == 0 and verdict.outside == "differs" and len(verdict.problems) == 1
    if fresh:  # a new, empty archive where an old one was: the old head is not its own
        with archive.transaction() as s:
            fresh = not s.scalar(select(func.count(Pupil.id)))
    if not verdict.ok and not fresh:
        state.outside_ok = verdict.outside != "differs"
        return verdict
    state.outside_ok = True
    if fresh or (verdict.keyed_from is None and verdict.entries):
        with archive.transaction() as s:
            at, actor = datetime.now(), _actor(s)
            key, head = _keyed(s, state, _head(s), at, actor)
            if fresh:
                gone = read_outside(archive.path) or Head()
                note = (
                    f"新的操作日志：档案外记下的 {gone.count} 条日志不在这份档案里"
                    "（新建的档案，或日志被清空过）"
                )
                head = _append(s, key, head, at, actor, (Action.SECURITY, "", note))
            _save(s, head, at)
            s.info[_PENDING] = (state, head, key)
        _keep_outside(state)
        return _opening_verdict(archive)
    if state.committed is None:
        state.committed = Head.parse(head_record(archive))
        if verdict.outside == "same":
            state.written = state.committed
    if _keep_outside(state):
        return replace(verdict, outside="same")
    return verdict


def full_check(archive: Archive, progress: Callable[[int, int], None] | None = None) -> Verdict:
    """The whole chain walked, as ``verify`` (the window runs it after the first paint; the
    opening checked only the entries since the head kept outside). ``progress(done, total)``
    is called every few thousand entries (it may raise to stop the walk). A log found changed
    keeps the head outside as it is when it disagrees, as at opening."""
    found = read_outside(archive.path)
    with archive.engine.connect() as connection:
        plain = _query(connection)
        total = connection.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() or 0

        def query(sql: str, params: Sequence[object]) -> Iterable[Sequence[Any]]:
            rows = plain(sql, params)
            return rows if sql != audit_chain.ROWS or progress is None else _told(rows)

        def _told(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
            for done, row in enumerate(rows):
                if progress is not None and done % 4096 == 0:
                    progress(done, total)
                yield row

        verdict = audit_chain.check(query, cipher.key_for(archive.path), found)
    state = _state(archive.engine)
    state.walked = True
    if not verdict.ok:
        state.outside_ok = verdict.outside != "differs"
    return verdict


def head_record(archive_or_path: Archive | Path) -> dict[str, object]:
    """The head of the log — {count, hash, keyed_from} — to keep with a copy of the archive
    (a backup, the principal's export) and check it against later (``verify(…, outside=)``,
    ``check_archive(…, audit_head=)``)."""
    if isinstance(archive_or_path, Archive):
        with archive_or_path.engine.connect() as connection:
            head, _key = audit_chain.load(_query(connection), None)
        return (head or Head()).as_dict()
    return audit_chain.head_in_file(archive_or_path).as_dict()


def verify_copy(copy: Path, record: dict[str, object]) -> Verdict:
    """The log in a copy of the archive (the principal's snapshot, read-only) against the head
    ``record`` (``head_record``) kept with it: the copy's log must end exactly there. Entries
    sealed with the teacher's data key are checked for their links only (the copy is not
    encrypted with it)."""
    head = Head.parse(record)
    if head is None:
        return Verdict(False, 0, "没有随副本记下的操作日志校验记录，无法核对")
    verdict = audit_chain.check_copy(copy, head)
    if verdict.ok and verdict.outside == "behind":
        message = f"日志有 {verdict.entries} 条，比导出时记下的 {head.count} 条多：导出后被添加过"
        return replace(verdict, ok=False, message=message, problems=(message,))
    return verdict


def keep_head_beside(copy: Path, record: dict[str, object] | None = None) -> None:
    """Keep a copy's head beside it, in ``<copy>.audit`` (a backup's key file is the archive's,
    rewritten with each new password): ``record`` taken from the archive when the copy was
    made, else the copy's own. ``check_archive(copy)`` then checks the copy against it."""
    head = Head.parse(record) if record is not None else None
    write_outside(copy, head or audit_chain.head_in_file(copy), in_keyfile=False)


def restart_outside_head(db: Path) -> None:
    """After a backup was restored over the archive at ``db`` (no connection open): the head
    outside the database is the restored log's — otherwise it is ahead, as if entries had
    been removed."""
    write_outside(db, audit_chain.head_in_file(db))
