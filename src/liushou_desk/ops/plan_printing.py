"""打印计划与清单: the class's 学期关爱工作计划 and a teacher's monthly 关爱工作清单 as printouts,
the same for the window and the command line (issue 16)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.ops.printing import Printout, class_page

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.print_options import PrintOptions


def plan_printout(archive: Archive, today: date, options: PrintOptions | None = None) -> Printout:
    """The current term's plan with the class's 分工."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.care_plan import plan_pdf
    from liushou_desk.services.care_plan import list_plan
    from liushou_desk.services.teachers import duties_of, list_teachers

    options = options or PrintOptions()
    page, term = class_page(archive, today, "学期关爱工作计划")
    teachers = list_teachers(archive)
    duties = {t.id: duties_of(archive, t.id) for t in teachers}
    entries = list_plan(archive, term.start, term.end)
    rendered = plan_pdf(page, term.name, entries, teachers, duties, today, options)
    return Printout.of(
        rendered,
        kind="plan",
        title=f"学期关爱工作计划-{term.name}",
        what=f"学期关爱工作计划（{term.name}，{len(entries)} 项）",
        options=options,
        term_name=term.name,
    )


def teacher_printout(
    archive: Archive, teacher_id: int, today: date, options: PrintOptions | None = None
) -> Printout:
    """One teacher's list for this month: her children, what is due for each (from 待办), and
    the planned items of the month she leads."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.domain.returns import month_end
    from liushou_desk.pdf.care_plan import teacher_list_pdf
    from liushou_desk.services.care_plan import list_plan
    from liushou_desk.services.due import due_items
    from liushou_desk.services.settings import cadence
    from liushou_desk.services.teachers import duties_of, list_teachers

    options = options or PrintOptions()
    teacher = next((t for t in list_teachers(archive) if t.id == teacher_id), None)
    if teacher is None:
        raise LookupError("这位教师已不在本班")
    duties = duties_of(archive, teacher_id)
    held = {d.pupil_id for d in duties}
    due = [i for i in due_items(archive, today, cadence(archive)) if i.pupil_id in held]
    start = today.replace(day=1)
    planned = [e for e in list_plan(archive, start, month_end(today)) if e.teacher_id == teacher_id]
    page, term = class_page(archive, today, "教师关爱工作清单")
    rendered = teacher_list_pdf(page, teacher, start, duties, due, planned, today, options)
    return Printout.of(
        rendered,
        kind="teacher_list",
        title=f"关爱工作清单-{teacher.name}-{today.year}年{today.month}月",
        what=f"教师关爱工作清单（{today.year}年{today.month}月）",
        options=options,
        term_name=term.name,
    )
