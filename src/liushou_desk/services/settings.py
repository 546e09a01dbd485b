"""设置 service: this archive's own settings — the pick-lists the teacher edits (activity kinds,
problem categories, personality tags, aid kinds …), starting from the seeds' words, and how
often the 待办 list expects each piece of care work."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Setting
from liushou_desk.domain.profile import FieldError, ValidationFailed
from liushou_desk.domain.records import PICK_LISTS, RULE_WORDS, kept_words, rule_codes
from liushou_desk.domain.text import clean_text
from liushou_desk.services.due import DUE_KINDS, Cadence
from liushou_desk.services.due_kinds import KINDS_BEFORE_PLAN

PREFIX = "pick:"
MAX_ITEMS = 60
MAX_LENGTH = 20


RULES_KEY = "rule_words"  # code → the teacher's word for a 待办 rule's kind, where renamed


def pick_lists(archive: Archive) -> dict[str, tuple[str, ...]]:
    """Every pick-list: the teacher's version where there is one, else the default."""
    lists = {key: default for key, (_label, default) in PICK_LISTS.items()}
    words = rule_words(archive)
    with archive.transaction() as s:
        for row in s.scalars(select(Setting).where(Setting.key.startswith(PREFIX))):
            key = row.key.removeprefix(PREFIX)
            value = json.loads(row.value)
            if key in lists and isinstance(value, list) and value:
                saved = tuple(str(v) for v in value)
                lists[key] = saved + tuple(w for w in kept_words(key, words) if w not in saved)
    return lists


def rule_words(archive: Archive) -> dict[str, str]:
    """Each 待办 rule's kind (``domain.records.RULE_WORDS``) → the word the pick-list offers
    for it: the built-in word, or the teacher's where she renamed it."""
    words = {code: word for code, (_name, word) in RULE_WORDS.items()}
    with archive.transaction() as s:
        row = s.get(Setting, RULES_KEY)
        stored = json.loads(row.value) if row is not None else {}
    if isinstance(stored, dict):
        words.update({c: w for c, w in stored.items() if c in words and isinstance(w, str) and w})
    return words


def set_pick_list(
    archive: Archive, key: str, items: list[str], words: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """Save one list (blank lines and repeats dropped); an empty list is refused.

    ``words`` renames the kinds the 待办 rules count (code → the new word, which the list must
    hold): a renamed kind keeps its rule, records written under the old word keep theirs.
    Leaving such a kind out of the list is refused."""
    if key not in PICK_LISTS:
        raise ValidationFailed([FieldError("key", f"没有这个选项列表：{key}")])
    clean = list(dict.fromkeys(t for t in (clean_text(i) for i in items) if t))
    renamed = rule_words(archive)
    errors = []
    for code, word in (words or {}).items():
        if code not in rule_codes(key):
            errors.append(FieldError("items", f"这个列表没有待办类型：{code}"))
        renamed[code] = clean_text(word)
    if not clean:
        errors.append(FieldError("items", "列表不能为空"))
    for word in kept_words(key, renamed):
        if word not in clean:
            errors.append(
                FieldError(
                    "items",
                    f"“{word}”是待办提醒要用的类型，不能删除（可以在原来那一行改名，或加别的词）",
                )
            )
    kept = kept_words(key, renamed)
    if len(set(kept)) < len(kept):
        errors.append(FieldError("items", "两种待办类型不能用同一个名称"))
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
        _save_rule_words(s, renamed)
    return tuple(clean)


def _save_rule_words(s: Session, words: Mapping[str, str]) -> None:
    """Keep the renamed kinds only; none renamed, no row."""
    changed = {c: w for c, w in words.items() if w != RULE_WORDS[c][1]}
    row = s.get(Setting, RULES_KEY)
    if not changed:
        if row is not None:
            s.delete(row)
        return
    row = row or Setting(key=RULES_KEY)
    row.value = json.dumps(changed, ensure_ascii=False)
    row.updated_at = datetime.now()
    s.add(row)


def reset_pick_list(archive: Archive, key: str) -> tuple[str, ...]:
    """Back to the default words (the 待办 kinds in it by their built-in words again)."""
    words = rule_words(archive)
    for code in rule_codes(key):
        words[code] = RULE_WORDS[code][1]
    with archive.transaction() as s:
        row = s.get(Setting, PREFIX + key)
        if row is not None:
            s.delete(row)
        _save_rule_words(s, words)
    return PICK_LISTS[key][1]


CADENCE_KEY = "cadence"
# the numbers of 待办设置 and their sensible ranges (0 also allowed for CALENDAR_DEFAULT: the
# calendar's own rhythm — monthly, or once a term)
CADENCE_LIMITS: tuple[tuple[str, int, int], ...] = (
    ("talk_days", 7, 60),
    ("parent_contact_days", 7, 120),
    ("guardian_contact_days", 7, 120),
    ("home_visit_days", 14, 180),
    ("meeting_days", 7, 60),
    ("mental_health_days", 7, 60),
    ("plan_check_days", 7, 120),
    ("rare_call_days", 7, 90),
    ("parent_contact_warn_days", 0, 30),
    ("plan_check_warn_days", 0, 30),
    ("follow_up_warn_days", 0, 30),
    ("planned_warn_days", 0, 30),
    ("status_review_days", 0, 120),
)
CALENDAR_DEFAULT = frozenset(
    {"talk_days", "guardian_contact_days", "home_visit_days", "meeting_days",
     "mental_health_days", "plan_check_days", "rare_call_days"}
)  # fmt: skip


def cadence(archive: Archive) -> Cadence:
    """How often the 待办 list expects each piece of work: the teacher's settings or defaults."""
    with archive.transaction() as s:
        row = s.get(Setting, CADENCE_KEY)
        stored = json.loads(row.value) if row is not None else {}
    defaults = Cadence()
    values: dict[str, Any] = {}
    for f in fields(Cadence):
        value = stored.get(f.name, getattr(defaults, f.name))
        values[f.name] = tuple(value) if isinstance(value, list) else value
    # a rule the settings were saved without (added by a later version) is on until the
    # teacher switches it off: the rules she was offered are stored beside her choice
    offered = set(stored.get("offered", KINDS_BEFORE_PLAN))
    values["kinds"] = tuple(k for k in DUE_KINDS if k in values["kinds"] or k not in offered)
    return Cadence(**values)


def set_cadence(archive: Archive, new: Cadence) -> Cadence:
    """Save the cadence, refusing numbers that make no sense."""
    errors = []
    for name, low, high in CADENCE_LIMITS:
        value = getattr(new, name)
        if not low <= value <= high and not (value == 0 and name in CALENDAR_DEFAULT):
            errors.append(FieldError(name, f"应在 {low}–{high} 天之间"))
    if any(not 1 <= m <= 12 for m in new.holiday_months):
        errors.append(FieldError("holiday_months", "月份应为 1–12"))
    unknown = set(new.kinds) - set(DUE_KINDS)
    if unknown:
        errors.append(FieldError("kinds", f"没有这种待办：{'、'.join(sorted(unknown))}"))
    if errors:
        raise ValidationFailed(errors)
    with archive.transaction() as s:
        row = s.get(Setting, CADENCE_KEY) or Setting(key=CADENCE_KEY)
        row.value = json.dumps({**asdict(new), "offered": DUE_KINDS}, ensure_ascii=False)
        row.updated_at = datetime.now()
        s.add(row)
    return new


LOCK_KEY = "lock_minutes"
LOCK_DEFAULT = 10
LOCK_RANGE = (1, 120)


def lock_minutes(archive: Archive) -> int:
    """自动锁定: minutes without input before an encrypted archive's window locks."""
    with archive.transaction() as s:
        row = s.get(Setting, LOCK_KEY)
    try:
        value = int(row.value) if row is not None else LOCK_DEFAULT
    except ValueError:
        return LOCK_DEFAULT
    low, high = LOCK_RANGE
    return value if low <= value <= high else LOCK_DEFAULT


def set_lock_minutes(archive: Archive, minutes: int) -> int:
    low, high = LOCK_RANGE
    if not low <= minutes <= high:
        raise ValidationFailed([FieldError("lock_minutes", f"应在 {low}–{high} 分钟之间")])
    with archive.transaction() as s:
        row = s.get(Setting, LOCK_KEY) or Setting(key=LOCK_KEY)
        row.value = str(minutes)
        row.updated_at = datetime.now()
        s.add(row)
    return minutes
