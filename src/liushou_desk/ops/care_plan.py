"""计划、分工与重点帮扶 as the teacher changes them (issue 16): each use case writes through
its service and returns an ``Outcome`` with its undo step — a planned item added is taken
back by dropping it, a drop by bringing it back, 标为完成 by marking it not done; a change of
the children's teachers by setting the earlier ones again; a teacher's 调离 by her return with
the children no one else took; a 重点帮扶 change by the state before it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.services.care_plan import PlanDraft


def add_plan(archive: Archive, draft: PlanDraft, term_end: date) -> Outcome[list[int]]:
    """The items the draft makes; raises ValidationFailed (nothing written)."""
    from liushou_desk.services import care_plan

    ids, changed = care_plan.add_items(archive, draft, term_end)
    return Outcome(
        ids,
        changed,
        Undo(
            "添加计划事项",
            lambda: care_plan.set_items_deleted(archive, ids, False),
            lambda: care_plan.set_items_deleted(archive, ids, True),
        ),
    )


def drop_plan(archive: Archive, item_id: int, *, following: bool = False) -> Outcome[int]:
    """Drop an item (and, ``following``, the later dates of its series not done yet)."""
    from liushou_desk.services import care_plan
    from liushou_desk.services.notices import Changed

    ids = care_plan.delete_items(archive, item_id, following=following)
    if not ids:
        return Outcome(0)
    return Outcome(
        len(ids),
        Changed(message=f"已删除 {len(ids)} 项计划"),
        Undo(
            "删除计划事项",
            lambda: care_plan.set_items_deleted(archive, ids, True),
            lambda: care_plan.set_items_deleted(archive, ids, False),
        ),
    )


def edit_plan(
    archive: Archive, item_id: int, planned_on: str, title: str, teacher_id: int | None, note: str
) -> Outcome[int]:
    from liushou_desk.services import care_plan

    before = care_plan.get_entry(archive, item_id)
    changed = care_plan.update_item(archive, item_id, planned_on, title, teacher_id, note)
    if before is None:
        return Outcome(item_id, changed)
    old = (before.planned_on.isoformat(), before.title, before.teacher_id, before.note)
    return Outcome(
        item_id,
        changed,
        Undo(
            "修改计划事项",
            lambda: care_plan.update_item(archive, item_id, planned_on, title, teacher_id, note),
            lambda: care_plan.update_item(archive, item_id, *old),
        ),
    )


def plan_done(archive: Archive, item_id: int, record_id: int) -> Outcome[int]:
    """标为完成: the item became this (just saved) record."""
    from liushou_desk.services import care_plan

    changed = care_plan.mark_done(archive, item_id, record_id)
    return Outcome(
        item_id,
        changed,
        Undo(
            "标为完成",
            lambda: care_plan.mark_done(archive, item_id, record_id),
            lambda: care_plan.mark_done(archive, item_id, None),
        ),
    )


def save_teacher(
    archive: Archive, teacher_id: int | None, name: str, subject: str, phone: str
) -> Outcome[int]:
    """Add or correct a teacher; a new one is taken back by 调离 (nobody held yet)."""
    from liushou_desk.services import teachers

    tid, changed = teachers.save_teacher(archive, teacher_id, name, subject, phone)
    if teacher_id is not None:
        return Outcome(tid, changed)
    return Outcome(
        tid,
        changed,
        Undo(
            f"添加教师{name}",
            lambda: teachers.restore_teacher(archive, tid, ()),
            lambda: teachers.retire_teacher(archive, tid),
        ),
    )


def retire_teacher(archive: Archive, teacher_id: int) -> Outcome[int]:
    from liushou_desk.services import teachers

    held = [
        (pid, role)
        for pid, roles in teachers.assignments(archive).items()
        for role, tid in roles.items()
        if tid == teacher_id
    ]
    changed = teachers.retire_teacher(archive, teacher_id)
    return Outcome(
        teacher_id,
        changed,
        Undo(
            "教师调离",
            lambda: teachers.retire_teacher(archive, teacher_id),
            lambda: teachers.restore_teacher(archive, teacher_id, held),
        ),
    )


def assign(archive: Archive, wanted: list[tuple[int, str, int | None]]) -> Outcome[int]:
    """Set the children's teachers (pupil, role code, teacher or None) in one step."""
    from liushou_desk.services import teachers

    now = teachers.assignments(archive)
    before = [(pid, role, now.get(pid, {}).get(role)) for pid, role, _ in wanted]
    changed = teachers.assign_many(archive, wanted)
    if not changed.pupil_ids:
        return Outcome(0, changed)
    return Outcome(
        len(changed.pupil_ids),
        changed,
        Undo(
            "修改分工",
            lambda: teachers.assign_many(archive, wanted),
            lambda: teachers.assign_many(archive, before),
        ),
    )


def set_focus(
    archive: Archive, pupil_id: int, reason: str, cadence: dict[str, int], today: date
) -> Outcome[int]:
    """列为重点帮扶对象 (or change its reason and cadence); raises ValidationFailed."""
    from liushou_desk.services import focus

    before = focus.focus_of(archive, pupil_id)
    changed = focus.set_focus(archive, pupil_id, reason, cadence, today)
    return Outcome(
        pupil_id,
        changed,
        Undo(
            "重点帮扶对象",
            lambda: focus.set_focus(archive, pupil_id, reason, cadence, today),
            lambda: focus.restore_focus(archive, pupil_id, before),
        ),
    )


def clear_focus(archive: Archive, pupil_id: int) -> Outcome[int]:
    from liushou_desk.services import focus

    before = focus.focus_of(archive, pupil_id)
    changed = focus.clear_focus(archive, pupil_id)
    return Outcome(
        pupil_id,
        changed,
        Undo(
            "取消重点帮扶",
            lambda: focus.clear_focus(archive, pupil_id),
            lambda: focus.restore_focus(archive, pupil_id, before),
        ),
    )
