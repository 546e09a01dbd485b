"""附件1 as Excel (登记表 .xlsx): one row per child in the form's column order, for the
bureau's 农村留守儿童和困境儿童信息管理系统 — every cell text (ID numbers never turned into
numbers, nothing read as a formula), the header frozen."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from liushou_desk.domain.text import strip_controls
from liushou_desk.services.form1 import FormOne, FormOneSet, ParentCells

Column = tuple[str, Callable[[FormOne], str]]


def _parent(label: str, pick: Callable[[FormOne], ParentCells]) -> list[Column]:
    return [
        (f"{label}姓名", lambda f: pick(f).name),
        (f"{label}出生日期", lambda f: pick(f).birth_date),
        (f"{label}当前务工地点", lambda f: pick(f).work_place),
        (f"{label}联系电话", lambda f: pick(f).phone),
        (f"{label}公民身份证号码", lambda f: pick(f).id_number),
    ]


def _grandparent(i: int, role: str) -> list[Column]:
    return [
        (f"{role}姓名", lambda f: f.grandparents[i].name),
        (f"{role}出生日期", lambda f: f.grandparents[i].birth_date),
    ]


COLUMNS: list[Column] = [
    ("姓名", lambda f: f.name),
    ("性别", lambda f: f.sex),
    ("民族", lambda f: f.ethnicity),
    ("出生日期", lambda f: f.birth_date),
    ("公民身份证号码", lambda f: f.id_number),
    ("是否登记户口", lambda f: f.hukou_registered),
    ("户籍所在地", lambda f: f.hukou_place),
    ("现居住地", lambda f: f.address),
    ("身体情况", lambda f: f.body_condition),
    ("残疾类别及等级", lambda f: f.disability),
    ("患病类型（重特大疾病）", lambda f: f.illness),
    ("是否学校寄宿", lambda f: f.boarding),
    ("就学情况", lambda f: f.schooling),
    *_grandparent(0, "祖父"),
    *_grandparent(1, "祖母"),
    *_grandparent(2, "外祖父"),
    *_grandparent(3, "外祖母"),
    *_parent("父亲", lambda f: f.father),
    *_parent("母亲", lambda f: f.mother),
    ("父母双方同时外出", lambda f: f.both_away),
    ("父母一方外出、另一方无监护能力", lambda f: f.one_away_other_incapable),
    ("无监护能力的是", lambda f: f.incapable_parent),
    ("父母外出有无委托其他监护人", lambda f: f.entrusted),
    ("委托监护人姓名", lambda f: f.guardian_name),
    ("委托监护人联系电话", lambda f: f.guardian_phone),
    ("委托监护人公民身份证号码", lambda f: f.guardian_id_number),
    ("与被监护人关系", lambda f: f.guardian_relation),
    ("委托监护人居住地地址", lambda f: f.guardian_address),
    ("监护类型", lambda f: f.guardianship_type),
    ("家庭经济来源", lambda f: "、".join(f.income_sources)),
    ("救助帮扶情况", lambda f: "、".join(f.aid)),
]
HEADERS = [name for name, _ in COLUMNS]


def form1_rows(forms: FormOneSet) -> list[list[str]]:
    """The sheet's rows under the header, each cell as text."""
    return [[strip_controls(get(f)) for _, get in COLUMNS] for f in forms.forms]


def form1_xlsx(forms: FormOneSet, out: Path | None = None) -> bytes:
    """The workbook's bytes (written to ``out`` too, temp-then-rename, when given)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("登记表（附件1）")
    rows = form1_rows(forms)
    for i, header in enumerate(HEADERS, start=1):
        longest = max([len(header)] + [len(r[i - 1]) for r in rows])
        sheet.column_dimensions[get_column_letter(i)].width = min(40, longest * 2 + 2)
    sheet.freeze_panes = "B2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF3F1")
    head = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = bold, fill
        head.append(cell)
    sheet.append(head)
    for row in rows:
        cells = []
        for text in row:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # text: an ID number stays 18 characters, = never a formula
            cells.append(cell)
        sheet.append(cells)
    return workbook_bytes(book, out)


def workbook_bytes(book: Any, out: Path | None) -> bytes:
    """A finished workbook's bytes, written to ``out`` too (temp-then-rename) when given."""
    buffer = BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if out is not None:
        from liushou_desk.safe_files import write_bytes_safely

        write_bytes_safely(out, data)
    return data
