"""一人一号 (one 身份证号, one 学籍号 per pupil): the database's own guard, and its words.

Partial unique indexes on the pupils' non-empty 身份证号 and 学籍号. Every pupil counts — those
in the 回收站 too — so restoring a pupil never meets a second holder of the number (the form's
own check, ``services.profile.check_unique``, says the same before a save). A write that would
make a second holder anyway is refused by SQLite; ``duplicate_error`` turns that refusal into a
``DuplicateIdError`` naming the field and the child who holds the number.

An archive that already held duplicates when the indexes came (migration 0007) is not refused:
the index that cannot be made is left out and the duplicates (pupil ids and field) are recorded
in the settings under ``SETTING_KEY`` for 检查 and the window to name
(``services.duplicate_ids``). At each opening that may write, ``settle`` looks (one query)
whether an index is missing; once the teacher has put the numbers right, it is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from liushou_desk.domain.profile import FieldError, ValidationFailed

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


@dataclass(frozen=True)
class UniqueId:
    column: str  # the pupils' column
    index: str  # the partial unique index on it
    label: str  # its name on screen


UNIQUE_IDS = (
    UniqueId("id_number", "uq_pupils_id_number", "身份证号"),
    UniqueId("student_number", "uq_pupils_student_number", "学籍号"),
)
BY_COLUMN = {u.column: u for u in UNIQUE_IDS}
SETTING_KEY = "duplicate_ids"
_FAILED = re.compile(r"UNIQUE constraint failed: pupils\.(id_number|student_number)")


def filled(column: str) -> str:
    """The partial index's condition: the number is there."""
    return f"{column} IS NOT NULL AND {column} != ''"


class DuplicateIdError(ValidationFailed):
    """A write would give a second pupil the same 身份证号 or 学籍号; nothing was saved."""

    def __init__(self, unique: UniqueId, holder: str | None) -> None:
        said = f"该{unique.label}已属于 {holder}" if holder else f"{unique.label}与另一名学生重复"
        super().__init__([FieldError(unique.column, said)])
        self.message = f"{said}，没有保存，档案保持原样。"

    def __str__(self) -> str:
        return self.message


def duplicate_error(exc: BaseException, engine: Engine) -> DuplicateIdError | None:
    """SQLite's refusal of a second holder (an IntegrityError from a write, rolled back by now),
    as a DuplicateIdError naming the pupil who holds the number; None for anything else."""
    found = _FAILED.search(str(getattr(exc, "orig", exc)))
    if found is None:
        return None
    unique = BY_COLUMN[found.group(1)]
    values = sorted(set(_strings(getattr(exc, "params", None))))[:500]
    holder = None
    if values:  # the statement's values that another pupil already holds: the number at issue
        marks = ", ".join("?" for _ in values)
        with engine.connect() as conn:
            row = conn.exec_driver_sql(
                f"SELECT name, deleted_at FROM pupils WHERE {unique.column} IN ({marks}) "
                "ORDER BY id LIMIT 1",
                tuple(values),
            ).first()
        if row is not None:
            holder = f"{row[0]}（在回收站中，可恢复）" if row[1] else str(row[0])
    return DuplicateIdError(unique, holder)


def _strings(params: Any) -> list[str]:
    """Every non-empty text among a statement's parameters (one row or many)."""
    if isinstance(params, str):
        return [params] if params else []
    if isinstance(params, dict):
        params = list(params.values())
    if isinstance(params, (list, tuple)):
        return [s for p in params for s in _strings(p)]
    return []


def groups_sql(unique: UniqueId) -> str:
    """Every pupil whose number another pupil shares: (number, id), in order."""
    column, where = unique.column, filled(unique.column)
    return (
        f"SELECT {column}, id FROM pupils WHERE {where} AND {column} IN "
        f"(SELECT {column} FROM pupils WHERE {where} GROUP BY {column} HAVING count(*) > 1) "
        f"ORDER BY {column}, id"
    )


def grouped(rows: Iterable[Sequence[Any]]) -> list[list[int]]:
    """``groups_sql``'s rows as the ids of each group of pupils sharing one number."""
    groups: dict[str, list[int]] = {}
    for value, pupil_id in rows:
        groups.setdefault(value, []).append(int(pupil_id))
    return list(groups.values())


def duplicate_groups(conn: Connection, unique: UniqueId) -> list[list[int]]:
    """The ids of the pupils sharing one number, group by group (回收站 included)."""
    return grouped(conn.exec_driver_sql(groups_sql(unique)).all())


def missing_sql() -> str:
    """The names of the unique indexes present (the others are missing)."""
    names = ", ".join(f"'{u.index}'" for u in UNIQUE_IDS)
    return f"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({names})"


def index_sql(unique: UniqueId) -> str:
    return (
        f"CREATE UNIQUE INDEX IF NOT EXISTS {unique.index} ON pupils ({unique.column}) "
        f"WHERE {filled(unique.column)}"
    )


def _state(conn: Connection) -> tuple[set[str], bool]:
    """The unique indexes present, and whether duplicates are on record (one query)."""
    rows = conn.exec_driver_sql(
        f"{missing_sql()} UNION ALL SELECT '*' FROM settings WHERE key = ?", (SETTING_KEY,)
    ).all()
    present = {r[0] for r in rows}
    return present - {"*"}, "*" in present


def settle(engine: Engine) -> list[dict[str, object]]:
    """At opening: make each missing unique index whose numbers are unique now, and keep the
    record of the duplicates still there (removed when none is left). Returns that record."""
    with engine.connect() as conn:
        present, recorded = _state(conn)
    if len(present) == len(UNIQUE_IDS) and not recorded:
        return []  # the usual case: one query, nothing written
    found: list[dict[str, object]] = []
    with engine.begin() as conn:
        present, recorded = _state(conn)
        for unique in UNIQUE_IDS:
            if unique.index in present:
                continue
            groups = duplicate_groups(conn, unique)
            if groups:
                found += [{"field": unique.column, "pupils": g} for g in groups]
            else:
                conn.exec_driver_sql(index_sql(unique))
        record(conn, found)
    return found


def record(conn: Connection, found: list[dict[str, object]]) -> None:
    """The duplicates in the settings (or the record removed when there are none)."""
    if not found:
        conn.exec_driver_sql("DELETE FROM settings WHERE key = ?", (SETTING_KEY,))
        return
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
        (
            SETTING_KEY,
            json.dumps(found, ensure_ascii=False),
            datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f"),
        ),
    )
