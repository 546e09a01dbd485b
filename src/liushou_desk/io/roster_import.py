"""导入名册: the class roster from the school's spreadsheet.

The header row is found under any title rows; the usual header words are recognised, and the
teacher maps the others (列对应, ``roster_columns``). Each row becomes a profile draft checked
like the form; problems are named by the sheet's own row number and the column's header.
Pupils already in the archive are matched by ID number, else 学籍号, else name and birth date,
and only the cells that hold something update them — importing the same file twice changes
nothing. This only reads and checks: ``services.roster_import`` writes the plan's good rows
(through ``ops.importing``), all in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.enums import LeftBehindKind, ParentSituation
from liushou_desk.domain.idcard import normalise_id_number
from liushou_desk.domain.profile import (
    GuardianDraft,
    ProfileDraft,
    field_label,
    validate_profile,
)
from liushou_desk.domain.text import clean_name
from liushou_desk.io.export_sheets import GUARDIANS_SHEET, PARENTS_SHEET, complete, families
from liushou_desk.io.roster_columns import (
    HEADERS,
    LOOKUP,
    HeaderRow,
    ImportError_,
    MappingError,
    NoNameColumn,
    find_header,
    has_name_column,
)
from liushou_desk.io.table_reader import Cell, read_table

__all__ = [
    "HEADERS",
    "LOOKUP",
    "ImportError_",
    "ImportPlan",
    "ImportRow",
    "MappingError",
    "NoNameColumn",
    "Problem",
    "plan_import",
    "preview_value",
]

RELATIONS = {
    "爷爷": "祖父",
    "奶奶": "祖母",
    "外公": "外祖父",
    "外婆": "外祖母",
    "姥爷": "外祖父",
    "姥姥": "外祖母",
    "爸爸": "父亲",
    "妈妈": "母亲",
    "伯父": "伯父/叔叔",
    "叔叔": "伯父/叔叔",
    "姑姑": "姑姑/姨妈",
    "姨妈": "姑姑/姨妈",
    "哥哥": "哥哥/姐姐",
    "姐姐": "哥哥/姐姐",
}
EXAMPLE_MARK = "示例行"
FOOTER = re.compile(r"^(班主任|制表|填表|审核|合计|说明|注[:：])")


@dataclass(frozen=True)
class Problem:
    row: int  # the sheet's own 1-based row number
    column: str | None  # the header text
    message: str


@dataclass
class ImportRow:
    row: int
    draft: ProfileDraft
    left_behind: bool | None
    match: int | None = None  # the existing pupil's id
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    added: list[ImportRow] = field(default_factory=list)
    updated: list[ImportRow] = field(default_factory=list)
    unchanged: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[int, str] = field(default_factory=dict)  # column index → field path
    unknown_columns: list[str] = field(default_factory=list)
    header: HeaderRow | None = None  # every column, what it was recognised and mapped as

    def as_json(self) -> dict[str, object]:
        return {
            "imported": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "unknown_columns": list(self.unknown_columns),  # not imported (no mapping)
            "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in self.problems
            ],
        }


def plan_import(
    archive: Archive, path: Path, today: date, mapping: Mapping[str, str] | None = None
) -> ImportPlan:
    """Read and check the file; say what would be added, changed, left as it is, and why not.

    ``mapping`` (列对应) is header text → field path (or "" for 不导入), for the columns whose
    header words are not recognised; see ``roster_columns``."""
    exported: dict[str, list[list[Cell]]] = {PARENTS_SHEET: [], GUARDIANS_SHEET: []}
    rows = read_table(path, prefer=lambda rows: has_name_column(rows, mapping), also=exported)
    family_of = families(exported)  # the app's own export: parents and guardians in full
    found = find_header(rows, mapping)
    columns = found.fields
    plan = ImportPlan(columns=columns, unknown_columns=found.unknown, header=found)
    heading = {c.index: c.text or c.key for c in found.columns}
    seen: dict[tuple[str, ...], int] = {}
    with archive.transaction() as s:
        pupils = list(
            s.scalars(
                select(Pupil)
                .where(Pupil.deleted_at.is_(None))
                .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
            )
        )
    by_id = {p.id_number: p for p in pupils if p.id_number}
    by_number = {p.student_number: p for p in pupils if p.student_number}
    by_name = {(p.name, p.birth_date.isoformat() if p.birth_date else ""): p for p in pupils}
    for i in range(found.first_data, len(rows)):
        row, number = rows[i], i + 1
        texts = {columns[c]: row[c] for c in columns if c < len(row)}
        filled = [c for c in row if c.text.strip()]
        if not filled:
            continue
        if FOOTER.match(filled[0].text.strip()) or ("name" not in texts and len(filled) == 1):
            continue
        if texts.get("note") and texts["note"].text.strip().startswith(EXAMPLE_MARK):
            continue  # the template's example row
        problems: list[Problem] = []

        def cell(path: str, texts: dict[str, Cell] = texts) -> str:
            c = texts.get(path)
            return c.text.strip() if c else ""

        id_cell = texts.get("id_number")
        if id_cell is not None and id_cell.number is not None and len(id_cell.text) >= 15:
            problems.append(
                Problem(
                    number,
                    heading[_col(columns, "id_number")],
                    "身份证号被 Excel 存成了数字，末尾几位已丢失，请在原表中核对后"
                    "以文本格式重新填写",
                )
            )
        draft = ProfileDraft(
            name=clean_name(cell("name")),
            sex=cell("sex"),
            birth_date=cell("birth_date"),
            id_number="" if problems else normalise_id_number(cell("id_number")),
            student_number=cell("student_number"),
            ethnicity=cell("ethnicity") or "",
            address=cell("address"),
            village=cell("village"),
            boarding=cell("boarding") in ("是", "寄宿", "住校", "√", "Y", "y", "1"),
            personality=cell("personality"),
            interests=cell("interests"),
            strengths=cell("strengths"),
            health_physical=cell("health_physical"),
            health_mental=cell("health_mental"),
        )
        for attr in ("father", "mother"):
            p = getattr(draft, attr)
            p.name, p.phone, p.work_city = (
                cell(f"{attr}.name"),
                cell(f"{attr}.phone"),
                cell(f"{attr}.work_city"),
            )
            if p.work_city:
                p.situation = ParentSituation.AWAY.value
        if cell("guardian.name"):
            relation = cell("guardian.relation")
            draft.guardians = [
                GuardianDraft(
                    name=cell("guardian.name"),
                    relation=RELATIONS.get(relation, relation),
                    phone=cell("guardian.phone"),
                )
            ]
        family = family_of.get(clean_name(cell("name")))
        if family is not None:
            complete(draft, family)
        flag = cell("left_behind")
        left_behind = None if not flag else flag in ("是", "留守", "√", "Y", "y", "1")
        clean, errors = validate_profile(draft, today)
        for e in errors:
            problems.append(
                Problem(
                    number,
                    _heading_of(e.field, columns, heading),
                    f"{field_label(e.field)}：{e.message}",
                )
            )
        key = (
            (clean.id_number,)
            if clean.id_number
            else (
                (clean.student_number,) if clean.student_number else (clean.name, clean.birth_date)
            )
        )
        if key in seen:
            problems.append(Problem(number, None, f"与第 {seen[key]} 行是同一名学生，已跳过"))
        seen.setdefault(key, number)
        if problems:
            plan.problems.extend(problems)
            continue
        item = ImportRow(number, clean, left_behind)
        existing = (
            (by_id.get(clean.id_number) if clean.id_number else None)
            or (by_number.get(clean.student_number) if clean.student_number else None)
            or (by_name.get((clean.name, clean.birth_date)))
        )
        if existing is None:
            plan.added.append(item)
            continue
        item.match = existing.id
        item.changes = _differences(existing, clean, left_behind)
        (plan.updated if item.changes else plan.unchanged).append(item)
    return plan


def _col(columns: dict[int, str], path: str) -> int:
    return next(c for c, p in columns.items() if p == path)


def _heading_of(path: str, columns: dict[int, str], heading: dict[int, str]) -> str | None:
    wanted = path.replace("guardians.0", "guardian")
    for c, p in columns.items():
        if p == wanted:
            return heading[c]
    return None


def preview_value(item: ImportRow, path: str) -> str:
    """The value a row brings for a field path, as the import preview shows it."""
    d = item.draft
    if path == "left_behind":
        return "" if item.left_behind is None else ("是" if item.left_behind else "否")
    if path.startswith("guardian."):
        return getattr(d.guardians[0], path.split(".")[1]) if d.guardians else ""
    if path.startswith(("father.", "mother.")):
        who, name = path.split(".")
        return str(getattr(getattr(d, who), name))
    value = getattr(d, path, "")
    return value if isinstance(value, str) else ""


BASIC = (
    "name",
    "sex",
    "birth_date",
    "id_number",
    "student_number",
    "ethnicity",
    "address",
    "village",
)


def _differences(pupil: Pupil, clean: ProfileDraft, left_behind: bool | None) -> list[str]:
    """The field paths whose imported (non-empty) value differs from the archive."""
    out = []
    for name in BASIC:
        new = getattr(clean, name)
        old = getattr(pupil, name)
        old = old.isoformat() if isinstance(old, date) else (old or "")
        if new and new != old and not (name == "ethnicity" and new == "汉族" and not old):
            out.append(name)
    parents = {p.role: p for p in pupil.parents}
    for attr, role in (("father", "父亲"), ("mother", "母亲")):
        draft, row = getattr(clean, attr), parents.get(role)
        for name in ("name", "phone", "work_city"):
            value = getattr(draft, name)
            if value and value != (getattr(row, name) if row else ""):
                out.append(f"{attr}.{name}")
    if clean.guardians:
        g = clean.guardians[0]
        known = {(x.name, x.phone) for x in pupil.guardians}
        if (g.name, g.phone) not in known and g.name not in {x.name for x in pupil.guardians}:
            out.append("guardians")
    if (
        left_behind
        and pupil.computed_kind in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value)
        and not any(p.situation for p in pupil.parents)
    ):
        out.append("left_behind")
    return out
