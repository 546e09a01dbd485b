"""变动通知: what a write changed, so the window refreshes only what it shows.

Kept apart from the database code so the window can start before SQLAlchemy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changed:
    """What a write did."""

    pupil_ids: frozenset[int] = frozenset()
    roster: bool = False  # rows, names, statuses of the roster changed
    fields: tuple[str, ...] = field(default=())
    message: str = ""


class Cancelled(Exception):
    """The teacher cancelled long work (a PDF, an export); nothing was written."""
