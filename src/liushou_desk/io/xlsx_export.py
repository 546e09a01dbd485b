"""导出 Excel: the whole archive as one workbook — the class, the roster, parents, guardians and
a sheet per record kind — with Chinese headers, a frozen header row, filters, real dates and
sensible widths. Text that starts with = + - @ is written as text, never as a formula.

openpyxl is imported here only (start-up time); the file is written under a temporary name and
renamed when complete, so an interrupted export never leaves a file that looks whole.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liushou_desk.db.engine import Archive
from liushou_desk.domain.form1_fields import FORM_FIELDS
from liushou_desk.domain.profile import (
    FIELD_LABELS,
    GRANDPARENT_FIELDS,
    GUARDIAN_FIELDS,
    PARENT_FIELDS,
)
from liushou_desk.domain.records import BOOL, KINDS, PUPILS, SCORES
from liushou_desk.domain.text import strip_controls
from liushou_desk.io.export_rows import ROLES, ExportRecord, as_text, read_class
from liushou_desk.io.export_sheets import GRANDPARENTS_SHEET
from liushou_desk.services import archive_info, roster

Progress = Callable[[int, int], None]
PROFILE_BASICS = (
    "name",
    "sex",
    "birth_date",
    "id_number",
    "ethnicity",
    "student_number",
    "address",
    "village",
)
FORM1_KEYS = tuple(name for name, _ in FORM_FIELDS)  # 附件1's own, after ④
FORMULA_START = ("=", "+", "-", "@")
MAX_WIDTH = 48
WIDE = re.compile("[\u2e81-\U0010ffff]")  # characters two columns wide (CJK and beyond)


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    # each column's field (id_number, phone, health …): what a redacted copy masks is found by
    # these, never by the header words
    keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    rows: dict[str, int]  # sheet title → data rows


def _sheet_title(label: str) -> str:
    """Excel sheet names: at most 31 characters, none of : \\ / ? * [ ]."""
    for bad in ":\\/?*[]":
        label = label.replace(bad, "、")
    return label.replace(" 、 ", "、")[:31]


def _date(text: str) -> date | str:
    try:
        return date.fromisoformat(text) if text else ""
    except ValueError:
        return text


def collect(archive: Archive, today: date) -> list[Sheet]:
    """Every sheet's headers and rows, read through the services."""
    info = archive_info.get_info(archive)
    rows = roster.list_roster(archive, today)
    names = {r.id: r.name for r in rows}
    sheets = [
        Sheet(
            "班级信息",
            ["项目", "内容"],
            [
                ["学校", info.school],
                ["班级", info.class_name],
                ["班主任", info.head_teacher],
                ["导出日期", today],
                ["在读学生", sum(1 for r in rows if r.is_active)],
                ["其中留守儿童", sum(1 for r in rows if r.is_active and r.is_left_behind)],
            ],
            keys=["item", "value"],
        )
    ]
    pupils = Sheet(
        "学生名册",
        keys=[
            *PROFILE_BASICS,
            "boarding",
            "enrolment",
            "left_on",
            "leave_note",
            "kind",
            "kind_basis",
            "override_reason",
            "personality",
            "interests",
            "strengths",
            "health_physical",
            "health_mental",
            *FORM1_KEYS,
        ],
        headers=[
            *(FIELD_LABELS[name] for name in PROFILE_BASICS),
            "寄宿",
            "在读状态",
            "离班日期",
            "离班说明",
            "留守类型",
            "认定依据",
            "人工认定理由",
            "性格特征",
            "兴趣爱好",
            "特长",
            "身体健康",
            "心理健康",
            *(FIELD_LABELS[k] for k in FORM1_KEYS),
        ],
    )
    parents = Sheet(
        "父母",
        ["学生", "称谓", *(FIELD_LABELS[f"parent.{n}"] for n in PARENT_FIELDS)],
        keys=["pupil", "role", *PARENT_FIELDS],
    )
    grandparents = Sheet(
        GRANDPARENTS_SHEET,
        ["学生", "称谓", *(FIELD_LABELS[f"grandparent.{n}"] for n in GRANDPARENT_FIELDS)],
        keys=["pupil", "role", "name", "birth_date", "deceased"],
    )
    guardians = Sheet(
        "在家监护人",
        ["学生", *(FIELD_LABELS[f"guardian.{n}"] for n in GUARDIAN_FIELDS)],
        keys=["pupil", *GUARDIAN_FIELDS],
    )
    data = read_class(archive, names)
    for pupil_row in rows:
        p = data.pupils.get(pupil_row.id)
        if p is None:
            continue  # moved to the 回收站 while the roster was read
        pupils.rows.append(
            [
                *(
                    _date(as_text(p["birth_date"])) if n == "birth_date" else p[n]
                    for n in PROFILE_BASICS
                ),
                "是" if p["boarding"] else "否",
                p["enrolment"],
                p["left_on"] or "",
                p["leave_note"],
                p["override_kind"] or p["computed_kind"],
                p["computed_reason"],
                p["override_reason"],
                p["personality"],
                p["interests"],
                p["strengths"],
                p["health_physical"],
                p["health_mental"],
                *(as_text(p[k]) for k in FORM1_KEYS),
            ]
        )
        for role in ROLES:
            facts = data.parent(pupil_row.id, role)
            values: list[Any] = [facts[n] for n in PARENT_FIELDS]
            values[PARENT_FIELDS.index("away_since")] = _date(facts["away_since"])
            parents.rows.append([p["name"], role, *values])
        for g in data.guardians.get(pupil_row.id, ()):
            values = [g[n] for n in GUARDIAN_FIELDS]
            values[GUARDIAN_FIELDS.index("age")] = int(g["age"]) if g["age"] else ""
            guardians.rows.append([p["name"], *values])
        for gp in data.grandparents.get(pupil_row.id, ()):
            grandparents.rows.append(
                [p["name"], gp["role"], gp["name"], _date(gp["birth_date"]), gp["deceased"]]
            )
    sheets += [pupils, parents, guardians, grandparents]

    by_kind: dict[str, list[ExportRecord]] = {}
    for rec in data.records:
        by_kind.setdefault(rec.kind, []).append(rec)
    for key, kind in KINDS.items():
        recs = sorted(by_kind.get(key, []), key=lambda r: (r.occurred_on, r.id))
        fields = [f for f in kind.fields if f.type not in (SCORES, PUPILS)]
        subjects = sorted({s for r in recs for s in r.scores})
        headers = ([] if kind.class_level else ["学生"]) + [f.label for f in fields]
        headers += subjects + (["参加的学生", "人数"] if kind.class_level else [])
        headers += ["敏感", "记录人", "版本"]
        keys = ([] if kind.class_level else ["pupil"]) + [f.name for f in fields]
        keys += [f"score.{s}" for s in subjects]
        keys += ["participants", "participant_count"] if kind.class_level else []
        keys += ["sensitive", "recorded_by", "version"]
        sheet = Sheet(_sheet_title(kind.label), headers, keys=keys)
        for rec in recs:
            row: list[Any] = [] if kind.class_level else [names.get(rec.pupil_id or 0, "")]
            for f in fields:
                value: Any = rec.values.get(f.name, "")
                if f.type == BOOL:
                    value = "是" if value else ""
                elif f.type in ("date", "future_date"):
                    value = _date(value)
                elif f.type == "number" and value:
                    value = float(value)
                row.append(value)
            row += [float(rec.scores[s]) if s in rec.scores else "" for s in subjects]
            if kind.class_level:
                who = [names[p] for p in rec.participants if p in names]
                row += ["、".join(who), len(who)]
            row += ["是" if rec.sensitive else "", rec.recorded_by, rec.version]
            sheet.rows.append(row)
        sheets.append(sheet)
    from liushou_desk.io.plan_sheets import plan_sheets

    for extra in plan_sheets(archive, today, names):  # 任课教师, 分工, 学期计划
        sheets.append(Sheet(extra.title, extra.headers, extra.rows, extra.keys))
    return sheets


# 最少数据: what a redacted copy (the principal's archive by default) masks or leaves blank
MASKED_FIELDS = {
    "id_number": "id",
    "student_number": "student_number",
    "phone": "phone",
    "phone2": "phone",
}
BLANK_FIELDS = (
    "health_physical",
    "health_mental",
    "health",
    "body_condition",
    "disability",
    "illness",
)


def redact(sheets: list[Sheet]) -> None:
    """Mask ID numbers and phones, blank health and psychological details, and leave out the
    records marked 敏感 — in place."""
    from liushou_desk.domain.idcard import mask_id_number, mask_student_number
    from liushou_desk.domain.phones import mask_phone

    def masked(kind: str, value: Any) -> Any:
        text = str(value or "")
        if not text:
            return value
        if kind == "id":
            return mask_id_number(text)
        if kind == "phone":
            return mask_phone(text)
        masked_number = mask_student_number(text)  # 学籍号: G + the ID number
        return masked_number if masked_number != text else value

    for sheet in sheets:
        if "sensitive" in sheet.keys:
            flag = sheet.keys.index("sensitive")
            sheet.rows = [r for r in sheet.rows if r[flag] != "是"]
            continue
        for c, key in enumerate(sheet.keys):
            if key in MASKED_FIELDS:
                for row in sheet.rows:
                    row[c] = masked(MASKED_FIELDS[key], row[c])
            elif key in BLANK_FIELDS:
                for row in sheet.rows:
                    row[c] = ""


def export_workbook(
    archive: Archive,
    out: Path,
    today: date,
    progress: Progress | None = None,
    *,
    redacted: bool = False,
    logged: bool = True,
) -> ExportSummary:
    """Write the workbook to ``out`` (replacing nothing half-way); ``redacted`` writes the
    least-data copy (see ``redact``)."""
    from openpyxl import Workbook

    sheets = collect(archive, today)
    if redacted:
        redact(sheets)
    book = Workbook(write_only=True)  # rows streamed to the file: memory flat in class size
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(out.name + ".partial")
    try:
        for n, sheet in enumerate(sheets, start=1):
            _write_sheet(book, sheet)
            if progress is not None:
                progress(n, len(sheets))
        book.save(temp)
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, out)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
    if logged:  # 操作日志 (the principal's archive logs itself, as a whole)
        from liushou_desk.services import audit

        audit.record(archive, audit.Action.EXPORT, f"Excel 工作簿 {out.name}")
    return ExportSummary(out, {s.title: len(s.rows) for s in sheets})


def _write_sheet(book: Any, sheet: Sheet) -> None:
    """One sheet, written row by row (openpyxl's write-only mode): a bold, shaded header row,
    frozen and filtered; every cell aligned to the top; dates as dates; text that starts
    with = + - @ as text, never a formula. Widths and views are set before the first row, as
    a streamed sheet needs."""
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    styled = _styled_cell()
    ws = book.create_sheet(sheet.title)
    # each style is made once and copied to its cells (setting it per cell hashes it per cell)
    head, plain, day = Cell(ws), Cell(ws), Cell(ws)
    head.font, head.fill = Font(bold=True), PatternFill("solid", fgColor="EEF3F1")
    plain.alignment = day.alignment = Alignment(vertical="top", wrap_text=False)
    day.number_format = "yyyy-mm-dd"
    widths = [max(4, len(str(h)) * 2) for h in sheet.headers]
    for values in sheet.rows:
        for i, v in enumerate(values):
            widths[i] = min(MAX_WIDTH, max(widths[i], _width(v)))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    ws.freeze_panes = "A2"
    if sheet.rows:
        columns = max(len(sheet.headers), *(len(r) for r in sheet.rows))
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{len(sheet.rows) + 1}"
    ws.append([_cell(styled, ws, h, head._style) for h in sheet.headers])
    dated, aligned = day._style, plain._style
    for values in sheet.rows:
        ws.append(
            [
                _cell(styled, ws, v, dated if isinstance(v, (date, datetime)) else aligned)
                for v in values
            ]
        )


@functools.cache
def _styled_cell() -> type:
    """openpyxl's cell with a short repr: a streamed sheet takes a styled cell by trying it as
    a value first, and the refusal formats the cell's repr — for every cell of the workbook."""
    from openpyxl.cell import Cell

    class StyledCell(Cell):  # type: ignore[misc]
        __slots__ = ()

        def __repr__(self) -> str:
            return "<StyledCell>"

    return StyledCell


def _cell(cell_type: Any, ws: Any, value: Any, style: Any) -> Any:
    value = _safe(value)
    cell = cell_type(ws, row=1, column=1, value=value, style_array=style)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # text, never a formula
    return cell


def _safe(value: Any) -> Any:
    """A cell as openpyxl can write it: no control characters (a pasted BEL in one name used
    to fail the whole class's export), no bidi overrides."""
    if isinstance(value, str):
        return strip_controls(value)
    return value


def _width(value: Any) -> int:
    if isinstance(value, (date, datetime)):
        return 10
    text = str(value)
    lines = text.splitlines()
    longest = len(lines[0]) if len(lines) == 1 else max(map(len, lines), default=0)
    if text.isascii():
        return longest
    return longest + len(WIDE.findall(text, 0, longest))  # CJK takes two columns
