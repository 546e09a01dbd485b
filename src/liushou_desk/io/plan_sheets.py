"""导出 Excel 的计划与分工 (issue 16): the class's teachers (任课教师), each left-behind child's
teachers and 重点帮扶 flag (分工), and the current term's plan (学期计划) as sheets of the
exported workbook, each column keyed like the others so a redacted copy masks the phones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from liushou_desk.domain.enums import AssignmentRole

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive


@dataclass
class Sheet:
    """A sheet's title, Chinese headers, each column's field and its rows (the exporter's
    ``xlsx_export.Sheet`` is made from it)."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def plan_sheets(archive: Archive, today: date, names: dict[int, str]) -> list[Sheet]:
    """任课教师, 分工 and 学期计划 (``names``: pupil → name, the pupils exported)."""
    from liushou_desk.services.care_plan import list_plan
    from liushou_desk.services.focus import focus_list
    from liushou_desk.services.teachers import assignments, list_teachers
    from liushou_desk.services.terms import current_term

    staff = list_teachers(archive)
    teachers = Sheet("任课教师", ["姓名", "任教学科", "电话"], keys=["name", "subject", "phone"])
    teachers.rows = [[t.name, t.subject, t.phone] for t in staff]
    called = {t.id: t.name for t in staff}
    held = assignments(archive)
    flags = focus_list(archive)
    roles = list(AssignmentRole)
    duties = Sheet(
        "分工",
        ["学生", *(r.value for r in roles), "重点帮扶对象", "原因", "列为重点的日期"],
        keys=["pupil", *(r.code for r in roles), "focus", "focus_reason", "focus_since"],
    )
    for pid in sorted(set(held) | set(flags), key=lambda p: names.get(p, "")):
        if pid not in names:
            continue
        mine = held.get(pid, {})
        reason, since = flags.get(pid, ("", ""))
        row: list[Any] = [names[pid], *(called.get(mine.get(r.code, 0), "") for r in roles)]
        row += ["是" if pid in flags else "", reason, since]
        duties.rows.append(row)
    term = current_term(archive, today)
    plan = Sheet(
        "学期计划",
        ["日期", "事项", "名称", "对象", "负责教师", "完成情况", "完成日期", "备注"],
        keys=["planned_on", "kind", "title", "pupils", "teacher", "state", "done_on", "note"],
    )
    for e in list_plan(archive, term.start, term.end):
        state = e.state(today)
        word = {"done": "已完成", "overdue": "已过期"}.get(state, "未完成")
        plan.rows.append(
            [
                e.planned_on,
                e.kind_word,
                e.title,
                e.for_whom,
                e.teacher,
                word,
                e.done_on or "",
                e.note,
            ]
        )
    return [teachers, duties, plan]
