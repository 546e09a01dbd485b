"""设置 service: this archive's own settings — the pick-lists the teacher edits (activity kinds,
problem categories, personality tags, aid kinds …), starting from the seeds' words."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Setting
from liushou_desk.domain.profile import FieldError, ValidationFailed
from liushou_desk.domain.records import PICK_LISTS
from liushou_desk.domain.text import clean_text

PREFIX = "pick:"
MAX_ITEMS = 60
MAX_LENGTH = 20


def pick_lists(archive: Archive) -> dict[str, tuple[str, ...]]:
    """Every pick-list: the teacher's version where there is one, else the default."""
    lists = {key: default for key, (_label, default) in PICK_LISTS.items()}
    with archive.transaction() as s:
        for row in s.scalars(select(Setting).where(Setting.key.startswith(PREFIX))):
            key = row.key.removeprefix(PREFIX)
            value = json.loads(row.value)
            if key in lists and isinstance(value, list) and value:
                lists[key] = tuple(str(v) for v in value)
    return lists


def set_pick_list(archive: Archive, key: str, items: list[str]) -> tuple[str, ...]:
    """Save one list (blank lines and repeats dropped); an empty list is refused."""
    if key not in PICK_LISTS:
        raise ValidationFailed([FieldError("key", f"没有这个选项列表：{key}")])
    clean = list(dict.fromkeys(t for t in (clean_text(i) for i in items) if t))
    errors = []
    if not clean:
        errors.append(FieldError("items", "列表不能为空"))
    if len(clean) > MAX_ITEMS:
        errors.append(FieldError("items", f"最多 {MAX_ITEMS} 项"))
    long = [t for t in clean if len(t) > MAX_LENGTH]
    if long:
        errors.append(FieldError("items", f"每项最多 {MAX_LENGTH} 字：{long[0]}"))
    if errors:
        raise ValidationFailed(errors)
    with archive.transaction() as s:
        row = s.get(Setting, PREFIX + key) or Setting(key=PREFIX + key)
        row.value = json.dumps(clean, ensure_ascii=False)
        row.updated_at = datetime.now()
        s.add(row)
    return tuple(clean)


def reset_pick_list(archive: Archive, key: str) -> tuple[str, ...]:
    """Back to the default words."""
    with archive.transaction() as s:
        row = s.get(Setting, PREFIX + key)
        if row is not None:
            s.delete(row)
    return PICK_LISTS[key][1]
