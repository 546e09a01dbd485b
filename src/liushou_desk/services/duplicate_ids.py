"""重复的身份证号、学籍号 (duplicate ID numbers and 学籍号) an archive brought with it from before
the database guarded them (migration 0007): named child by child for 检查 and the window, so the
teacher can put them right — after which the guard is added at the next opening
(``db.unique_ids.settle``).

The migration's record (the settings' ``duplicate_ids``) says which numbers were found; what is
shown is read again from the pupils as they are now, for each field still without its guard,
so a pair already put right is not named any more.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liushou_desk.db.unique_ids import SETTING_KEY, UNIQUE_IDS, grouped, groups_sql, missing_sql

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive

Rows = Callable[[str, tuple[Any, ...]], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class Holder:
    """One of the pupils sharing a number."""

    pupil_id: int
    name: str
    in_recycle_bin: bool


@dataclass(frozen=True)
class DuplicateId:
    """Two or more pupils with one 身份证号 (``field`` ``id_number``) or 学籍号
    (``student_number``)."""

    field: str
    label: str
    pupils: tuple[Holder, ...]

    @property
    def pupil_ids(self) -> list[int]:
        return [p.pupil_id for p in self.pupils]

    @property
    def message(self) -> str:
        bin_ = "（在回收站中）"
        names = "、".join(f"{p.name}{bin_ if p.in_recycle_bin else ''}" for p in self.pupils)
        return (
            f"{len(self.pupils)} 名学生的{self.label}相同：{names}。"
            f"请核对后改正（改好后，下次打开档案时会自动加上{self.label}不重复的保护）。"
        )


def _find(rows: Rows) -> list[DuplicateId]:
    present = {r[0] for r in rows(missing_sql(), ())}
    out: list[DuplicateId] = []
    for unique in UNIQUE_IDS:
        if unique.index in present:
            continue  # guarded: there can be none
        for ids in grouped(rows(groups_sql(unique), ())):
            marks = ", ".join("?" for _ in ids)
            found = {
                int(r[0]): Holder(int(r[0]), str(r[1]), r[2] is not None)
                for r in rows(
                    f"SELECT id, name, deleted_at FROM pupils WHERE id IN ({marks})", tuple(ids)
                )
            }
            out.append(DuplicateId(unique.column, unique.label, tuple(found[i] for i in ids)))
    return out


def find_duplicates(archive: Archive) -> list[DuplicateId]:
    """The duplicates in an open archive now (the window: say them at opening, or in 检查)."""
    with archive.transaction() as s:
        conn = s.connection()
        return _find(lambda sql, params: conn.exec_driver_sql(sql, params).all())


def duplicates_in(con: Any) -> list[DuplicateId]:
    """The same, through a read-only DB-API connection to the file (``services.check``)."""
    return _find(lambda sql, params: con.execute(sql, params).fetchall())


def recorded(archive: Archive) -> list[dict[str, object]]:
    """What the upgrade (or the last opening) recorded: ``[{"field": …, "pupils": [ids]}]``."""
    with archive.transaction() as s:
        row = s.connection().exec_driver_sql(
            "SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)
        ).first()
    value = json.loads(row[0]) if row is not None else []
    return value if isinstance(value, list) else []


def describe(duplicates: list[DuplicateId]) -> list[str]:
    """One line per group of pupils sharing a number, for 检查 and the window."""
    return [d.message for d in duplicates]
