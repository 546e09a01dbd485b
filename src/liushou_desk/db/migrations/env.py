"""Alembic environment: runs on the connection the app hands over (see db/migrate.py)."""

from __future__ import annotations

from alembic import context

from liushou_desk.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app always passes its own connection
    raise RuntimeError("liushou-desk migrations run through liushou_desk.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
