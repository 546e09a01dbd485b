"""成长记录卡 on paper (issue 17): 四个优先 as its own section, the term's totals, the class's
activities a line a month, and the records grouped by 三沟通 party — the parts of ``card_view``
a printed card has and the screen lays out otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.services.growth_card_model import (
    EMPTY,
    Block,
    CardRecord,
    Note,
    Pair,
    Pairs,
    Table,
    hidden_note,
)
from liushou_desk.services.records import RecordView

PRIORITY_FIELDS = (
    ("safety", "安全教育与监护"),
    ("study", "学习辅导"),
    ("life", "生活照料"),
    ("activities", "活动参与"),
)


def priorities(records: Sequence[RecordView], options: PrintOptions) -> tuple[Block, ...]:
    """四个优先: the term's measures, priority by priority."""
    found = [
        r
        for r in records
        if r.kind == "priorities" and (options.include_sensitive or not r.sensitive)
    ]
    pairs = []
    for key, label in PRIORITY_FIELDS:
        texts = [r.values.get(key, "").strip().rstrip("。；") for r in found]
        texts = list(dict.fromkeys(t for t in texts if t))
        pairs.append(Pair(label, "；".join(texts) + "。" if texts else EMPTY))
    if not found:
        return (Note("本学期还没有记录四个优先措施。"),)
    return (Pairs(tuple(pairs), columns=1),)


def totals(records: Sequence[RecordView], pupil_id: int) -> str:
    """本学期合计: the talks, calls (and their minutes), visits and activities of the term."""
    count: dict[str, int] = {}
    minutes = 0.0
    for r in records:
        count[r.kind] = count.get(r.kind, 0) + 1
        if r.kind == "family_call":
            with suppress(ValueError):
                minutes += float(r.values.get("minutes") or 0)
    called = f"亲情电话 / 视频 {count.get('family_call', 0)} 次" + (
        f"（共 {minutes:g} 分钟）" if minutes else ""
    )
    joined = sum(1 for r in records if r.kind == "activity" and r.pupil_id is None)
    return (
        f"本学期合计：谈心 {count.get('talk', 0)} 次，三沟通 {count.get('contact', 0)} 次，"
        f"{called}，家访 {count.get('home_visit', 0)} 次，参加活动 {joined} 次。"
    )


def by_month(shown: Sequence[CardRecord]) -> list[CardRecord]:
    """The class's activities and meetings (not the child's own records) a line a month."""
    out: list[CardRecord] = []
    months: dict[tuple[int, int], list[CardRecord]] = {}
    for c in shown:
        if c.record.pupil_id is None:
            months.setdefault((c.record.occurred_on.year, c.record.occurred_on.month), []).append(c)
    done: set[tuple[int, int]] = set()
    for c in shown:
        key = (c.record.occurred_on.year, c.record.occurred_on.month)
        if c.record.pupil_id is not None:
            out.append(c)
        elif key not in done:
            done.add(key)
            group = months[key]
            titles = "；".join((g.record.values.get("title") or g.label) for g in group)
            out.append(
                CardRecord(
                    group[0].record,
                    f"{key[0]}-{key[1]:02d}",
                    f"活动会议 {len(group)} 项",
                    titles + "。",
                    True,
                )
            )
    return out


PARTY_GROUPS = (
    ("child", "与孩子（谈心等）"),
    ("parent", "与外出父母（亲情电话、沟通）"),
    ("guardian", "与在家监护人（家访、沟通）"),
    ("other", "活动、资助与成长"),
)


def _party(record: RecordView) -> str:
    from liushou_desk.domain.records import PARTY_LABELS

    if record.pupil_id is None:
        return "other"
    fixed = {"talk": "child", "family_call": "parent", "home_visit": "guardian"}
    if record.kind in fixed:
        return fixed[record.kind]
    if record.kind == "contact":
        return PARTY_LABELS.get(record.values.get("party", ""), "other")
    return "other"


LINE = 37  # characters of a record that fill one line of the card's 内容 column


def one_line(text: str, limit: int = LINE) -> str:
    """A record's summary on one line of the card: its first words, "…" when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip("，。；、 ") + "…"


def by_party(shown: Sequence[CardRecord], hidden: int, full: bool = True) -> tuple[Block, ...]:
    """On paper: the term's records grouped by 三沟通 party, each group a small table —
    each record in full, or (``full`` False) on one line."""
    blocks: list[Block] = [Note(hidden_note(hidden))] if hidden else []
    if not shown:
        blocks.append(Note("本学期还没有关爱记录。"))
    for key, title in PARTY_GROUPS:
        group = [c for c in shown if _party(c.record) == key]
        if group:
            rows = tuple(
                (c.day, c.label, (c.content.strip() if full else one_line(c.content)) or EMPTY)
                for c in group
            )
            ids = tuple(c.record.id for c in group)
            blocks.append(Note(f"{title}：{len(group)} 条"))
            blocks.append(Table(("日期", "记录", "内容"), rows, (22, 24, 128), records=ids))
    return tuple(blocks)
