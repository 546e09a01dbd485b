"""unique ids (一人一号): partial unique indexes on the pupils' non-empty 身份证号 and 学籍号,
every pupil counted (the 回收站 too); duplicates already there are recorded, not refused

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:00:00

An archive that already holds two pupils with one number still upgrades: that index is left
out, and the pupils' ids and the field are recorded in the settings (key ``duplicate_ids``) for
检查 and the window to name. The app makes the index at the first opening after the numbers
have been put right (``liushou_desk.db.unique_ids.settle``). The names, the SQL and the record's
shape are written out here as they are at this revision.
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SETTING_KEY = "duplicate_ids"
IDS = (  # column, index
    ("id_number", "uq_pupils_id_number"),
    ("student_number", "uq_pupils_student_number"),
)


def _filled(column: str) -> str:
    return f"{column} IS NOT NULL AND {column} != ''"


def _groups(column: str) -> list[list[int]]:
    """The ids of the pupils sharing one number, group by group."""
    rows = op.get_bind().exec_driver_sql(
        f"SELECT {column}, id FROM pupils WHERE {_filled(column)} AND {column} IN "
        f"(SELECT {column} FROM pupils WHERE {_filled(column)} "
        f"GROUP BY {column} HAVING count(*) > 1) ORDER BY {column}, id"
    )
    groups: dict[str, list[int]] = {}
    for value, pupil_id in rows:
        groups.setdefault(value, []).append(int(pupil_id))
    return list(groups.values())


def upgrade() -> None:
    found: list[dict[str, object]] = []
    for column, index in IDS:
        groups = _groups(column)
        if groups:
            found += [{"field": column, "pupils": g} for g in groups]
        else:
            op.create_index(
                index, "pupils", [column], unique=True, sqlite_where=sa.text(_filled(column))
            )
    if found:
        op.get_bind().exec_driver_sql(
            "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
            (
                SETTING_KEY,
                json.dumps(found, ensure_ascii=False),
                datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f"),
            ),
        )


def downgrade() -> None:
    for _column, index in IDS:
        op.execute(f"DROP INDEX IF EXISTS {index}")
    op.get_bind().exec_driver_sql("DELETE FROM settings WHERE key = ?", (SETTING_KEY,))
