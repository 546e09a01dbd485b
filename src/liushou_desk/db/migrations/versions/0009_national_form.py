"""national form fields (附件1《农村留守儿童基本情况登记表》): what the form asks that the
archive did not hold — 是否登记户口, 户籍所在地, 身体情况 with 残疾类别及等级 and 患病类型,
就学情况, whether a guardian was entrusted, 监护类型, 家庭经济来源 and 救助帮扶情况 on the pupil;
each parent's birth date and ID number; the guardian's ID number and address; the grandparents

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:00:00

Columns and one table added, every existing value kept: the new columns are empty ('' or NULL,
未填) until the teacher fills them. The names and types are written out here as they are at this
revision (codes for the vocabularies, as 0006 stores them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PUPIL_COLUMNS = (  # name, text length (None: a yes/no, NULL until answered), in this order
    ("hukou_registered", None),
    ("hukou_place", 200),
    ("body_condition", 10),
    ("disability", 100),
    ("illness", 100),
    ("schooling", 20),
    ("guardian_entrusted", None),
    ("guardianship_type", 30),
    ("income_sources", 100),
    ("aid", 100),
)


def _text(name: str, length: int) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("pupils") as batch:
        for name, length in PUPIL_COLUMNS:
            if length is None:
                batch.add_column(sa.Column(name, sa.Boolean(), nullable=True))
            else:
                batch.add_column(_text(name, length))
    with op.batch_alter_table("parents") as batch:
        batch.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch.add_column(_text("id_number", 18))
    with op.batch_alter_table("guardians") as batch:
        batch.add_column(_text("id_number", 18))
        batch.add_column(_text("address", 200))
    op.create_table(
        "grandparents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("deceased", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name="fk_grandparents_pupil_id_pupils",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_grandparents"),
        sa.UniqueConstraint("pupil_id", "role", name="uq_grandparents_pupil_id"),
    )


def downgrade() -> None:
    # SQLite's own ALTER TABLE … DROP COLUMN (3.35+): a batch copy of pupils would drop the
    # table, and with foreign keys on that deletes every parent, guardian and record with it
    op.drop_table("grandparents")
    for table, name in (
        ("guardians", "address"),
        ("guardians", "id_number"),
        ("parents", "id_number"),
        ("parents", "birth_date"),
        *(("pupils", name) for name, _length in reversed(PUPIL_COLUMNS)),
    ):
        op.drop_column(table, name)
