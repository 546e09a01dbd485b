"""care plan (学期关爱工作计划与分工): the class's teachers, who holds which child (帮扶教师,
代理家长, 谈心教师), the term plan's dated items and the children they are for, the 重点帮扶对象
flag with its reason and the child's own cadence, the teacher who did a record

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:00:00

Tables and columns added, every existing value kept: the new columns are empty ('' or NULL) until
the teacher fills them. The names and types are written out here as they are at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teachers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_teachers"),
    )
    op.create_table(
        "assignments",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name="fk_assignments_pupil_id_pupils", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teachers.id"],
            name="fk_assignments_teacher_id_teachers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pupil_id", "role", name="pk_assignments"),
    )
    op.create_index("ix_assignments_teacher_id", "assignments", ["teacher_id"])
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("for_class", sa.Boolean(), nullable=False),
        sa.Column("series", sa.Integer(), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teachers.id"],
            name="fk_plan_items_teacher_id_teachers",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name="fk_plan_items_record_id_records",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plan_items"),
    )
    op.create_index("ix_plan_items_planned_on", "plan_items", ["planned_on"])
    op.create_index("ix_plan_items_series", "plan_items", ["series"])
    op.create_table(
        "plan_item_pupils",
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["plan_items.id"],
            name="fk_plan_item_pupils_plan_item_id_plan_items",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name="fk_plan_item_pupils_pupil_id_pupils",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_item_id", "pupil_id", name="pk_plan_item_pupils"),
    )
    op.create_index("ix_plan_item_pupils_pupil", "plan_item_pupils", ["pupil_id"])
    with op.batch_alter_table("pupils") as batch:
        batch.add_column(sa.Column("focus_since", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("focus_reason", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("cadence", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("teacher_id", sa.Integer(), nullable=True))
    op.create_index("ix_records_teacher_id", "records", ["teacher_id"])


def downgrade() -> None:
    # SQLite's own ALTER TABLE … DROP COLUMN (see 0009): never a batch copy of pupils
    op.drop_index("ix_records_teacher_id", table_name="records")
    op.drop_column("records", "teacher_id")
    for name in ("cadence", "focus_reason", "focus_since"):
        op.drop_column("pupils", name)
    op.drop_table("plan_item_pupils")
    op.drop_table("plan_items")
    op.drop_table("assignments")
    op.drop_table("teachers")
