"""read indexes (读取索引): the reads of the growth card, the 待办 list and the term report are
bounded by the term or the rule's window — indexes of the live care records by child, kind,
party and day; the recycle bin's index holds the deleted records alone; the activities a child
joined and a child's changes of a term read from one index each

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 09:00:00

Indexes only: no row is changed. ``ix_records_deleted_at`` (every record) becomes
``ix_records_in_bin`` (the deleted ones): a read of the live records — ``deleted_at IS NULL`` —
took the old one for the narrowest and walked every record of every year. The names, columns
and conditions are written out here as they are at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LIVE = "deleted_at IS NULL"
IN_BIN = "deleted_at IS NOT NULL"
LIVE_INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_records_pupil_day", ["pupil_id", "occurred_on"]),
    ("ix_records_pupil_kind_day", ["pupil_id", "kind", "occurred_on"]),
    ("ix_records_pupil_party_day", ["pupil_id", "party", "occurred_on"]),
    ("ix_records_kind_day", ["kind", "occurred_on"]),
)


def upgrade() -> None:
    op.drop_index("ix_records_deleted_at", table_name="records")
    op.create_index("ix_records_in_bin", "records", ["deleted_at"], sqlite_where=sa.text(IN_BIN))
    for name, columns in LIVE_INDEXES:
        op.create_index(name, "records", columns, sqlite_where=sa.text(LIVE))
    op.drop_index("ix_record_participants_pupil_id", table_name="record_participants")
    op.create_index(
        "ix_record_participants_pupil_record", "record_participants", ["pupil_id", "record_id"]
    )
    op.drop_index("ix_archive_changes_pupil_id", table_name="archive_changes")
    op.create_index("ix_archive_changes_pupil_day", "archive_changes", ["pupil_id", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_archive_changes_pupil_day", table_name="archive_changes")
    op.create_index("ix_archive_changes_pupil_id", "archive_changes", ["pupil_id"])
    op.drop_index("ix_record_participants_pupil_record", table_name="record_participants")
    op.create_index("ix_record_participants_pupil_id", "record_participants", ["pupil_id"])
    for name, _columns in reversed(LIVE_INDEXES):
        op.drop_index(name, table_name="records")
    op.drop_index("ix_records_in_bin", table_name="records")
    op.create_index("ix_records_deleted_at", "records", ["deleted_at"])
