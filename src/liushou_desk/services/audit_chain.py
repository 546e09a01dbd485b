"""操作日志校验链 (the audit chain): how each entry of the 操作日志 is sealed, where the chain's
head is kept, and the walk that checks it.

Sealing. Entries written before this version were chained with plain SHA-256 (public in this
source: anyone with the file and a SQLite tool could rewrite them and recompute every hash).
From the first keyed entry on, each entry's seal is an HMAC-SHA256 over the same fields and the
previous entry's seal, with the archive's chain key:

- an encrypted archive: HMAC(data key, "liushou-desk audit chain v1") — only who holds the data
  key (the app, unlocked) can extend the chain;
- a plain archive has no secret: a random key is made and kept in its ``settings`` table
  (``audit_key``). Anyone who has the file and reads this source can recompute that chain, so a
  plain archive's chain only resists casual edits (a SQLite tool and the SHA chain). A plain
  archive encrypted later keeps its random key, from then on inside the encrypted file.

The first keyed entry's seal covers the previous entry's SHA hash, so it anchors the whole past:
an old entry rewritten later breaks it. Existing rows are never rewritten (triggers refuse it).

The head — how many entries, the last seal, and from which entry (1 = the first) keying
starts — is kept in ``settings`` (``audit_head``) and also outside the database: in the key file
of an encrypted archive, in ``<archive>.audit`` beside a plain one. The outside head may be
behind the log (it is written when an entry is recorded on its own, when the archive opens and
when it closes — a crash can leave it behind); it must name an entry of the chain. One that is
ahead, or names an entry the chain does not have, means entries were removed or rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from liushou_desk.db import cipher, keyfile
from liushou_desk.db.models import AUDIT_TRIGGERS
from liushou_desk.safe_files import write_bytes_safely

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
KEY_KEY = "audit_key"
LABEL = b"liushou-desk audit chain v1"
SIDECAR_FORMAT = "liushou-desk-audit-head"
KEYED = "操作日志改用密钥校验"
TRIGGERS = {re.search(r"TRIGGER (\w+)", sql).group(1): sql for sql in AUDIT_TRIGGERS}  # type: ignore[union-attr]

Query = Callable[[str, Sequence[object]], Iterable[Sequence[Any]]]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    message: str
    bad_id: int | None = None
    keyed_from: int | None = None
    outside: str = "missing"  # the head outside the database: same, behind, missing, differs
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Head:
    """Where the chain ends: ``count`` entries, the last one's seal, keyed from entry
    ``keyed_from`` (1 = the first; None: not keyed yet)."""

    count: int = 0
    hash: str = GENESIS
    keyed_from: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "hash": self.hash, "keyed_from": self.keyed_from}

    @classmethod
    def parse(cls, data: object) -> Head | None:
        """A head from its JSON form; None when it is not one."""
        if not isinstance(data, dict):
            return None
        try:
            count, digest = int(data["count"]), str(data["hash"])
            keyed = data.get("keyed_from")
            return cls(count, digest, None if keyed is None else int(keyed))
        except (KeyError, TypeError, ValueError):
            return None


# --- seals --------------------------------------------------------------------------------------


def _body(
    prev: str, at: datetime | str, actor: str, action: str, target: str, detail: str
) -> bytes:
    when = at if isinstance(at, datetime) else datetime.fromisoformat(at)
    return json.dumps(
        [prev, when.isoformat(timespec="microseconds"), actor, action, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def seal(
    key: bytes | None,
    prev: str,
    at: datetime | str,
    actor: str,
    action: str,
    target: str,
    detail: str,
) -> str:
    """An entry's seal: HMAC-SHA256 with the chain key, or SHA-256 (``key`` None: before
    keying)."""
    body = _body(prev, at, actor, action, target, detail)
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def derived_key(data_key: cipher.DataKey) -> bytes:
    """An encrypted archive's chain key, from its data key."""
    return hmac.new(data_key.raw, LABEL, hashlib.sha256).digest()


def chain_key(stored: str | None, derived: bytes | None) -> bytes | None:
    """The archive's chain key: the random key kept in ``settings`` (plain archives, and those
    encrypted later), else ``derived`` from the data key; None: neither."""
    if stored:
        try:
            return bytes.fromhex(json.loads(stored))
        except (ValueError, TypeError):
            return b"\0" * 32  # damaged: no entry will match, the walk says so
    return derived


# --- the head outside the database ---------------------------------------------------------------


def sidecar_path(db: Path) -> Path:
    return db.with_name(db.name + ".audit")


def _sidecar_head(db: Path) -> object:
    try:
        document = json.loads(sidecar_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(document, dict) and document.get("format") == SIDECAR_FORMAT:
        return document.get("head")
    return None


def read_outside(db: Path) -> Head | None:
    """The head kept outside the database for the archive at ``db``: in its key file, else in
    ``<archive>.audit``. A head kept for another file (the archive's key file copied beside a
    backup) does not count."""
    for document in (keyfile.read_audit_head(db), _sidecar_head(db)):
        if isinstance(document, dict) and document.get("file") == db.name:
            return Head.parse(document)
    return None


def write_outside(db: Path, head: Head, *, in_keyfile: bool = True) -> None:
    """Keep ``head`` outside the database: in the key file of an encrypted archive, else (or
    not ``in_keyfile``: a backup, whose key file is the archive's, rewritten with each new
    password) in ``<archive>.audit``. Written safely; a few milliseconds."""
    document = {
        "file": db.name,
        **head.as_dict(),
        "written": datetime.now().isoformat("T", "seconds"),
    }
    side = sidecar_path(db)
    if in_keyfile and not cipher.is_plain(db) and keyfile.write_audit_head(db, document):
        side.unlink(missing_ok=True)  # a plain archive's, before it was encrypted
        return
    text = json.dumps(
        {"format": SIDECAR_FORMAT, "version": 1, "head": document}, ensure_ascii=False
    )
    write_bytes_safely(side, (text + "\n").encode("utf-8"))


# --- the walk -----------------------------------------------------------------------------------


def trigger_problem(query: Query) -> str | None:
    """Whether the triggers that refuse changing or deleting entries are there, as made."""
    found = {
        str(name): " ".join(str(sql or "").split())
        for name, sql in query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
            (),
        )
    }
    missing = [n for n, sql in TRIGGERS.items() if found.get(n) != " ".join(sql.split())]
    if not missing:
        return None
    what = "、".join("禁止修改" if n.endswith("update") else "禁止删除" for n in missing)
    return f"操作日志的保护（{what}）被删除或改动过，日志可能被人改过"


def load(query: Query, data_key: cipher.DataKey | None) -> tuple[Head | None, bytes | None]:
    """The head kept in the database and the chain key, read through ``query``."""
    found = query("SELECT key, value FROM settings WHERE key IN (?, ?)", (HEAD_KEY, KEY_KEY))
    rows: dict[str, str] = {str(k): str(v) for k, v in found}
    head = None
    if rows.get(HEAD_KEY) is not None:
        try:
            head = Head.parse(json.loads(rows[HEAD_KEY])) or Head(-1, "")
        except ValueError:
            head = Head(-1, "")  # damaged: matches no chain
    derived = derived_key(data_key) if data_key is not None else None
    return head, chain_key(rows.get(KEY_KEY), derived)


def walk(
    rows: Iterable[Sequence[Any]],
    head: Head | None,
    key: bytes | None,
    outside: Head | None,
    triggers: str | None,
    links_only: bool = False,
    start: Head | None = None,
) -> Verdict:
    """Check the chain ``rows`` (id, at, actor, action, target, detail, prev_hash, hash, by id)
    against the head in the database, the head outside it and the triggers' state.
    ``links_only``: without the key (a copy away from the teacher's PC), keyed entries are
    checked for their links only. ``start``: ``rows`` are the entries after this one (its
    place and seal, already found in the log), not the whole chain."""
    head = head or Head()
    problems: list[str] = []
    prev, seen, bad, at_outside, unsealed = GENESIS, 0, None, None, None
    if start is not None:
        prev, seen = start.hash, start.count
        if outside is not None and outside.count == start.count:
            at_outside = start.hash
    for rid, at, actor, action, target, detail, prev_hash, digest in rows:
        seen += 1
        keyed = head.keyed_from is not None and seen >= head.keyed_from
        if prev_hash != prev:
            bad, problem = rid, f"第 {rid} 条之前的日志被删除或改动过"
        elif keyed and key is None:
            unsealed = unsealed or rid
            if not links_only:
                bad, problem = rid, f"找不到操作日志的校验密钥，第 {rid} 条起的日志无法核对"
        elif seal(key if keyed else None, prev, at, actor, action, target, detail) != digest:
            bad, problem = rid, f"第 {rid} 条日志的内容被改动过"
            if keyed and seal(None, prev, at, actor, action, target, detail) == digest:
                problem = f"第 {rid} 条起的日志被改动过，校验码是不用密钥重新算出来的"
        if bad is not None:
            problems.append(problem)
            break
        if outside is not None and seen == outside.count:
            at_outside = digest
        prev = digest
    if bad is None and (seen != head.count or prev != head.hash):
        if seen < head.count:
            problems.append(f"日志应有 {head.count} 条，实有 {seen} 条：末尾的日志被删除过")
        else:
            problems.append("档案里记下的日志末尾与日志不符：校验记录被改动过")
    state = "missing"
    if outside is not None and bad is None:
        state = "same" if outside.count == seen else "behind"
        if outside.count > seen:
            state = "differs"
            problems.append(
                f"档案外记下的日志有 {outside.count} 条，档案里只有 {seen} 条：日志被删除过"
            )
        elif (at_outside or GENESIS) != outside.hash:
            state = "differs"
            problems.append(f"档案外记下的第 {outside.count} 条日志与档案里的不符：日志被改动过")
        elif outside.keyed_from is not None and outside.keyed_from != head.keyed_from:
            state = "differs"
            problems.append(
                f"档案外记下日志从第 {outside.keyed_from} 条起用密钥校验，"
                "档案里不是：校验方式被改动过"
            )
    if triggers:
        problems.append(triggers)
    if problems:
        joined = "；".join(problems)
        return Verdict(False, seen, joined, bad, head.keyed_from, state, tuple(problems))
    message = f"操作日志完整，共 {seen} 条，未发现改动"
    if seen and head.keyed_from is None:
        message += "（尚未改用密钥校验）"
    elif unsealed is not None:
        message += f"（第 {unsealed} 条起的日志用班主任电脑上的密钥校验，这里只核对了前后衔接）"
    return Verdict(True, seen, message, None, head.keyed_from, state)


ROWS = "SELECT id, at, actor, action, target, detail, prev_hash, hash FROM audit_log ORDER BY id"


def check(
    query: Query, data_key: cipher.DataKey | None, outside: Head | None, links_only: bool = False
) -> Verdict:
    """The whole check through ``query`` (a connection's execute)."""
    head, key = load(query, data_key)
    return walk(query(ROWS, ()), head, key, outside, trigger_problem(query), links_only)


TAIL = (
    "SELECT id, at, actor, action, target, detail, prev_hash, hash FROM audit_log "
    "WHERE id > ? ORDER BY id"
)


def tail_check(
    query: Query, data_key: cipher.DataKey | None, outside: Head | None
) -> Verdict | None:
    """The opening's check, bounded by what was added since the head kept outside was written
    (the entries of one session, not the years before): the triggers; the head in the
    database against the log's last entry and its number of entries; the head outside against
    the entry it names; and the chain walked from that entry on. None when these do not line
    up, or there is no head outside — then the whole chain must be walked (``check``), which
    also says what is wrong. An entry before the head outside changed without its seal
    recomputed is found only by the whole walk (``audit-verify``, ``check``, and the window's
    walk after the first paint); one whose seals were recomputed no longer ends at the seal
    kept outside."""
    if outside is None or outside.count <= 0:
        return None
    head, key = load(query, data_key)
    if head is None or head.count < outside.count:
        return None
    if outside.keyed_from is not None and outside.keyed_from != head.keyed_from:
        return None
    ((count, last),) = list(query("SELECT count(*), max(id) FROM audit_log", ()))
    if count != head.count or last != head.count:  # ids 1…count: each entry's place
        return None
    named = [row[0] for row in query("SELECT hash FROM audit_log WHERE id = ?", (outside.count,))]
    if named != [outside.hash]:
        return None
    start = Head(outside.count, outside.hash, outside.keyed_from)
    return walk(
        query(TAIL, (outside.count,)), head, key, outside, trigger_problem(query), start=start
    )


def check_file(path: Path, outside: Head | None = None) -> Verdict:
    """Check the log of the archive file at ``path`` read-only (the check, backups, copies)
    against ``outside`` (a backup's record), by default the head kept beside the file."""
    con = cipher.connect_readonly(path)
    try:
        return check(
            lambda sql, params: con.execute(sql, tuple(params)),
            cipher.key_for(path),
            outside or read_outside(path),
        )
    finally:
        con.close()


def check_copy(path: Path, recorded: Head) -> Verdict:
    """Check the log in a copy of an archive (the principal's snapshot) against the head
    ``recorded`` when the copy was made. The copy is not encrypted with the archive's data key,
    so entries sealed with a key derived from it are checked for their links only; a plain
    archive's copy carries its random key, and those seals are checked."""
    con = cipher.connect_readonly(path)
    try:
        query: Query = lambda sql, params: con.execute(sql, tuple(params))  # noqa: E731
        return check(query, None, recorded, links_only=True)
    finally:
        con.close()


def head_in_file(path: Path) -> Head:
    """The head kept in the archive file at ``path`` (read-only)."""
    con = cipher.connect_readonly(path)
    try:
        head, _key = load(lambda sql, params: con.execute(sql, tuple(params)), None)
    finally:
        con.close()
    return head or Head()
