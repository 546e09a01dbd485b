"""成长记录袋 as the teacher changes it: 放入 (undone by 移出) and 移出 (undone by 放回)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive


def add_to_bag(archive: Archive, pupil_id: int, path: Path, kind: str, today: date) -> Outcome[int]:
    """Raises ValidationFailed naming the file (nothing kept)."""
    from liushou_desk.services import growth_bag

    item, changed = growth_bag.add_item(archive, pupil_id, path, kind, "", today)
    return Outcome(
        item,
        changed,
        Undo(
            "放入成长记录袋",
            lambda: growth_bag.set_removed(archive, item, False),
            lambda: growth_bag.set_removed(archive, item, True),
        ),
    )


def remove_from_bag(archive: Archive, item_id: int) -> Outcome[int]:
    from liushou_desk.services import growth_bag

    changed = growth_bag.set_removed(archive, item_id, True)
    return Outcome(
        item_id,
        changed,
        Undo(
            "移出成长记录袋",
            lambda: growth_bag.set_removed(archive, item_id, True),
            lambda: growth_bag.set_removed(archive, item_id, False),
        ),
    )
