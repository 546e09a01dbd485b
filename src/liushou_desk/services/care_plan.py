"""学期关爱工作计划 (the term plan): dated items the class means to do — activities, meetings
(月会, 监护人会, 家长会), home visits, 亲情视频, 心理健康课, 班会 themes — for the class or for
chosen children (issue 16; the seeds: 每期开学制定出本班帮扶计划, 每周要有工作安排).

An item may be dated in the future. Done, it names the record it became (``mark_done``, after
the teacher saved the record the item opened, prefilled by ``record_for``). Not done once its
day has passed, it is overdue (on the plan page and in 待办). A repeating item (weekly 班会,
monthly 月会) is entered once and kept as one row per date sharing a ``series``, so each date
is done, moved or dropped on its own. Home visits and 亲情视频 are one item per child.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, PlanItem, PlanItemPupil, Pupil, Teacher
from liushou_desk.domain.dates import DateFormatError, parse_date
from liushou_desk.domain.enums import PlanKind
from liushou_desk.domain.form_checks import FieldError, ValidationFailed
from liushou_desk.domain.records import RecordValues
from liushou_desk.domain.text import clean_text
from liushou_desk.services.notices import Changed

PER_CHILD = (PlanKind.HOME_VISIT.code, PlanKind.FAMILY_VIDEO.code)  # one item per child
REPEATS = {"none": "不重复", "weekly": "每周", "two_weeks": "每两周", "monthly": "每月"}
MOST = 300  # items one entry may make (a weekly item for a year of 40 children is 2,000)

# (record kind, the field that names its kind, the word) of what each item becomes when done
RECORD_OF: dict[str, tuple[str, str, str]] = {
    PlanKind.ACTIVITY.code: ("activity", "activity_kind", ""),
    PlanKind.MONTHLY_MEETING.code: ("meeting", "meeting_kind", "留守儿童月会"),
    PlanKind.GUARDIAN_MEETING.code: ("meeting", "meeting_kind", "监护人会"),
    PlanKind.PARENTS_MEETING.code: ("meeting", "meeting_kind", "家长会"),
    PlanKind.HOME_VISIT.code: ("home_visit", "", ""),
    PlanKind.FAMILY_VIDEO.code: ("family_call", "mode", "视频"),
    PlanKind.MENTAL_HEALTH.code: ("activity", "activity_kind", "心理健康课"),
    PlanKind.CLASS_MEETING.code: ("activity", "activity_kind", "主题班会"),
    PlanKind.OTHER.code: ("activity", "activity_kind", "其他"),
}


@dataclass
class PlanDraft:
    """What the 添加计划事项 dialog holds (dates as typed)."""

    kind: str = PlanKind.ACTIVITY.code
    title: str = ""
    planned_on: str = ""
    teacher_id: int | None = None
    pupil_ids: list[int] = field(default_factory=list)  # empty: the whole class
    repeat: str = "none"
    until: str = ""  # the last date of a repeating item (empty: the term's end)
    note: str = ""


@dataclass(frozen=True)
class PlanEntry:
    """One item of the plan as the page shows it."""

    id: int
    kind: str
    title: str
    planned_on: date
    teacher_id: int | None
    teacher: str
    pupils: tuple[tuple[int, str], ...]
    series: int | None
    record_id: int | None
    done_on: date | None
    note: str
    for_class: bool = True

    @property
    def kind_word(self) -> str:
        return PlanKind.word_of(self.kind)

    @property
    def for_whom(self) -> str:
        if not self.pupils:
            return "全班" if self.for_class else "（学生已不在名册上）"
        names = "、".join(n for _, n in self.pupils[:4])
        return names + (f" 等 {len(self.pupils)} 人" if len(self.pupils) > 4 else "")

    @property
    def done(self) -> bool:
        return self.record_id is not None

    def state(self, today: date) -> str:
        """done / overdue / today / soon (within a week) / later."""
        if self.done:
            return "done"
        if self.planned_on < today:
            return "overdue"
        if self.planned_on == today:
            return "today"
        return "soon" if self.planned_on <= today + timedelta(days=7) else "later"


def get_entry(archive: Archive, item_id: int) -> PlanEntry | None:
    """One item as the page shows it (None: dropped or never made)."""
    found = list_plan(archive, date.min, date.max, item_id=item_id)
    return found[0] if found else None


def list_plan(
    archive: Archive, start: date, end: date, *, item_id: int | None = None
) -> list[PlanEntry]:
    """The items dated from ``start`` to ``end``, by date — two queries whatever their number
    (``item_id``: that one only)."""
    with archive.transaction() as s:
        rows = s.execute(
            select(PlanItem, Teacher.name, CareRecord.occurred_on, CareRecord.deleted_at)
            .outerjoin(Teacher, Teacher.id == PlanItem.teacher_id)
            .outerjoin(CareRecord, CareRecord.id == PlanItem.record_id)
            .where(
                PlanItem.deleted_at.is_(None),
                PlanItem.planned_on >= start,
                PlanItem.planned_on <= end,
                *([PlanItem.id == item_id] if item_id is not None else []),
            )
            .order_by(PlanItem.planned_on, PlanItem.id)
        ).all()
        ids = [item.id for item, *_ in rows]
        pupils: dict[int, list[tuple[int, str]]] = {}
        for item_id, pid, name in s.execute(
            select(PlanItemPupil.plan_item_id, Pupil.id, Pupil.name)
            .join(Pupil, Pupil.id == PlanItemPupil.pupil_id)
            .where(PlanItemPupil.plan_item_id.in_(ids), Pupil.deleted_at.is_(None))
            .order_by(Pupil.search_keys, Pupil.id)
        ):
            pupils.setdefault(item_id, []).append((pid, name))
    out = []
    for item, teacher, done_on, record_gone in rows:
        done = item.record_id if record_gone is None else None  # its record in the bin: not done
        out.append(
            PlanEntry(
                item.id,
                item.kind,
                item.title,
                item.planned_on,
                item.teacher_id,
                teacher or "",
                tuple(pupils.get(item.id, ())),
                item.series,
                done,
                done_on if done else None,
                item.note,
                item.for_class,
            )
        )
    return out


def _dates(first: date, repeat: str, until: date) -> list[date]:
    if repeat == "none":
        return [first]
    out: list[date] = []
    n = 0
    while True:
        if repeat == "monthly":
            month = first.month - 1 + n
            year, month = first.year + month // 12, month % 12 + 1
            day = min(first.day, calendar.monthrange(year, month)[1])
            at = date(year, month, day)
        else:
            at = first + timedelta(days=(7 if repeat == "weekly" else 14) * n)
        if at > until or len(out) > MOST:
            return out
        out.append(at)
        n += 1


def check_draft(draft: PlanDraft, term_end: date) -> tuple[list[date], str, str]:
    """The dates the draft makes, its title and note — or ValidationFailed naming each field."""
    errors: list[FieldError] = []
    if PlanKind.from_code(draft.kind) is None:
        errors.append(FieldError("kind", "请选择事项类型"))
    title, note = clean_text(draft.title), clean_text(draft.note)
    if len(title) > 50:
        errors.append(FieldError("title", "名称不能超过 50 个字"))
    if len(note) > 500:
        errors.append(FieldError("note", "备注不能超过 500 个字"))
    first = until = None
    try:
        first = parse_date(draft.planned_on)
        if first is None:
            errors.append(FieldError("planned_on", "请填写日期"))
    except DateFormatError as exc:
        errors.append(FieldError("planned_on", str(exc)))
    if draft.repeat not in REPEATS:
        errors.append(FieldError("repeat", "请选择是否重复"))
    elif draft.repeat != "none":
        try:
            until = parse_date(draft.until) or term_end
        except DateFormatError as exc:
            errors.append(FieldError("until", str(exc)))
        if first and until and until < first:
            errors.append(FieldError("until", "重复到的日期不能早于第一次的日期"))
        if first and until and until > first + timedelta(days=366):
            errors.append(FieldError("until", "最多重复一年"))
    if draft.kind in PER_CHILD and not draft.pupil_ids:
        errors.append(FieldError("pupils", f"请选择{PlanKind.word_of(draft.kind)}的学生"))
    if errors:
        raise ValidationFailed(errors)
    assert first is not None
    days = _dates(first, draft.repeat, until or first)
    per = len(draft.pupil_ids) if draft.kind in PER_CHILD else 1
    if len(days) * per > MOST:
        raise ValidationFailed(
            [FieldError("repeat", f"一次最多添加 {MOST} 项（现在是 {len(days) * per} 项）")]
        )
    return days, title or PlanKind.word_of(draft.kind), note


def add_items(archive: Archive, draft: PlanDraft, term_end: date) -> tuple[list[int], Changed]:
    """The items the draft makes (a repeating item: one per date; a home visit or 亲情视频:
    one per child), all or none. Raises ValidationFailed."""
    days, title, note = check_draft(draft, term_end)
    groups = [[p] for p in draft.pupil_ids] if draft.kind in PER_CHILD else [draft.pupil_ids]
    now = datetime.now()
    made: list[int] = []
    with archive.transaction() as s:
        known = set(
            s.scalars(
                select(Pupil.id).where(Pupil.id.in_(draft.pupil_ids), Pupil.deleted_at.is_(None))
            )
        )
        if set(draft.pupil_ids) - known:
            raise ValidationFailed([FieldError("pupils", "选中的学生有的已不在名册上")])
        if draft.teacher_id is not None:
            teacher = s.get(Teacher, draft.teacher_id)
            if teacher is None or teacher.deleted_at is not None:
                raise ValidationFailed([FieldError("teacher", "这位教师已不在本班")])
        for group in groups:
            series = None
            for day in days:
                item = PlanItem(
                    kind=draft.kind,
                    title=title,
                    planned_on=day,
                    teacher_id=draft.teacher_id,
                    for_class=not group,
                    series=series,
                    note=note,
                    created_at=now,
                )
                s.add(item)
                s.flush()
                if len(days) > 1 and series is None:
                    series = item.series = item.id
                s.add_all(PlanItemPupil(plan_item_id=item.id, pupil_id=p) for p in group)
                made.append(item.id)
        from liushou_desk.services import audit

        audit.log(s, "学期计划", title, f"添加 {len(made)} 项")
    return made, Changed(message=f"已添加 {len(made)} 项计划：{title}")


def update_item(
    archive: Archive, item_id: int, planned_on: str, title: str, teacher_id: int | None, note: str
) -> Changed:
    """Move or reword one item (the other dates of its series stay)."""
    with archive.transaction() as s:
        item = s.get(PlanItem, item_id)
        if item is None or item.deleted_at is not None:
            raise ValidationFailed([FieldError("planned_on", "这项计划已删除")])
        draft = PlanDraft(item.kind, title, planned_on, teacher_id, [0], "none", "", note)
        (day,), clean_title, clean_note = check_draft(draft, item.planned_on)
        item.planned_on, item.title, item.teacher_id, item.note = (
            day,
            clean_title,
            teacher_id,
            clean_note,
        )
    return Changed(message=f"已保存计划：{clean_title}")


def delete_items(archive: Archive, item_id: int, *, following: bool = False) -> list[int]:
    """Drop an item (``following``: and the later dates of its series not done yet); the
    ids dropped, for the undo step."""
    now = datetime.now()
    with archive.transaction() as s:
        item = s.get(PlanItem, item_id)
        if item is None or item.deleted_at is not None:
            return []
        chosen = [item]
        if following and item.series is not None:
            chosen = list(
                s.scalars(
                    select(PlanItem).where(
                        PlanItem.series == item.series,
                        PlanItem.deleted_at.is_(None),
                        PlanItem.record_id.is_(None),
                        PlanItem.planned_on >= item.planned_on,
                    )
                )
            )
        for one in chosen:
            one.deleted_at = now
        return [one.id for one in chosen]


def set_items_deleted(archive: Archive, ids: list[int], deleted: bool) -> Changed:
    with archive.transaction() as s:
        s.execute(
            update(PlanItem)
            .where(PlanItem.id.in_(ids))
            .values(deleted_at=datetime.now() if deleted else None)
        )
    n = len(ids)
    return Changed(message=f"已删除 {n} 项计划" if deleted else f"已恢复 {n} 项计划")


def mark_done(archive: Archive, item_id: int, record_id: int | None) -> Changed:
    """The item became this record (None: not done after all)."""
    with archive.transaction() as s:
        item = s.get(PlanItem, item_id)
        if item is None:
            return Changed()
        item.record_id = record_id
        pupils = s.scalars(
            select(PlanItemPupil.pupil_id).where(PlanItemPupil.plan_item_id == item_id)
        ).all()
    word = "已完成" if record_id else "改回未完成"
    return Changed(pupil_ids=frozenset(pupils), message=f"计划“{item.title}”{word}")


def record_for(entry: PlanEntry, today: date) -> tuple[str, int | None, RecordValues]:
    """The record the item becomes: its kind, the child (per-child items), and the form's
    values prefilled — dated the planned day, or today when it is still ahead."""
    kind, field_name, word = RECORD_OF[entry.kind]
    day = min(entry.planned_on, today).isoformat()
    values: dict[str, str] = {"date": day}
    if field_name and word:
        values[field_name] = word
    pupil = entry.pupils[0][0] if entry.pupils and kind in ("home_visit", "family_call") else None
    if kind in ("activity", "meeting"):
        values["title"] = entry.title
        if entry.note:
            values["summary"] = entry.note
    if kind == "home_visit" and entry.teacher:
        values["visitors"] = entry.teacher
    participants = [p for p, _ in entry.pupils] if kind in ("activity", "meeting") else []
    return kind, pupil, RecordValues(values=values, participants=participants)
