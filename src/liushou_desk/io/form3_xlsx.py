"""附件3 统计表 as Excel: the counts under two header rows grouped as the form groups them
(合计 · 性别 · 年龄 · 留守情况 · 委托监护 · 监护类型 · 就学情况), and a sheet 勾稽检查 with
every sum and every child to correct."""

from __future__ import annotations

from pathlib import Path

from liushou_desk.domain.text import strip_controls
from liushou_desk.io.form1_xlsx import workbook_bytes
from liushou_desk.services.form3 import FormThree, check, sums


def form3_xlsx(form: FormThree, filled_on: str, out: Path | None = None) -> bytes:
    """The workbook's bytes (written to ``out`` too, temp-then-rename, when given)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "统计表（附件3）"
    sheet.append([f"填报单位：{strip_controls(form.unit)}", "", "", "", f"填报日期：{filled_on}"])
    top: list[str] = ["合计"]
    sub: list[str] = [""]
    counts: list[int] = [form.total]
    spans = [(1, 1)]
    for name, cells in form.breakdowns():
        spans.append((len(top) + 1, len(top) + len(cells)))
        top += [name] + [""] * (len(cells) - 1)
        sub += list(cells)
        counts += list(cells.values())
    sheet.append(top)
    sheet.append(sub)
    sheet.append(counts)
    sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    for first, last in spans[1:]:
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF3F1")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=2, max_row=4):
        for cell in row:
            cell.alignment = centre
            if cell.row < 4:
                cell.font, cell.fill = bold, fill
    for i in range(1, len(top) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 11
    sheet.row_dimensions[3].height = 45

    checks = book.create_sheet("勾稽检查")
    checks.append(["项目", "人数", "与合计一致"])
    checks.append(["合计", form.total, "—"])
    for name, total in sums(form):
        checks.append([f"按{name}", total, "是" if total == form.total else "否"])
    checks.append([])
    problems = check(form)
    checks.append(["需要核对的地方", len(problems)])
    for line in problems:
        checks.append([strip_controls(line)])
    checks.column_dimensions["A"].width = 70
    return workbook_bytes(book, out)
