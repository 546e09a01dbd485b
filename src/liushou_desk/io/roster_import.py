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
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.idcard import IdNumberError, normalise_id_number, parse_id_number
from liushou_desk.domain.profile import (
    ProfileDraft,
    field_label,
    validate_profile,
)
from liushou_desk.domain.text import clean_name
from liushou_desk.io.export_sheets import (
    GRANDPARENTS_SHEET,
    GUARDIANS_SHEET,
    PARENTS_SHEET,
    Family,
    complete,
    families,
)
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
from liushou_desk.io.roster_families import CONDITION_WORDS, fill_family, grandparents_of
from liushou_desk.io.roster_plan import ImportPlan, ImportRow, Problem
from liushou_desk.io.roster_status import apply_file_status, file_verdict, status_against
from liushou_desk.io.roster_values import (
    birth_from,
    is_year_month,
    status_of,
    value_of,
)
from liushou_desk.io.table_reader import MAX_ROWS, Cell, read_table, too_many_rows

__all__ = [
    "HEADERS",
    "LOOKUP",
    "ImportError_",
    "ImportPlan",
    "ImportRow",
    "MappingError",
    "NoNameColumn",
    "Problem",
    "match",
    "plan_import",
    "preview_value",
    "read_roster",
]

EXAMPLE_MARK = "示例行"
SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")  # an ID number Excel turned into 5.11725E+17
# rows under the table: notes, signatures, totals — the table ends at the first of them
FOOTER = re.compile(
    r"^(班主任|制表|填表|填报|审核|复核|合计|总计|说明|注[:：\s]|注$|单位负责人|负责人|签名|"
    r"盖章|备注[:：]|日期[:：])"
)


def plan_import(
    archive: Archive,
    path: Path,
    today: date,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
) -> ImportPlan:
    """Read and check the file; say what would be added, changed, left as it is, and why not.

    ``mapping`` (列对应) is header text → field path (or "" for 不导入), for the columns whose
    header words are not recognised; see ``roster_columns``. ``sheet`` names the worksheet
    to read (else the first that holds a roster)."""
    plan = read_roster(path, today, mapping, sheet=sheet)
    with archive.transaction() as s:
        match(s, plan)
    return plan


def read_roster(
    path: Path,
    today: date,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
) -> ImportPlan:
    """Read and check the file alone, without the archive: every good child is in ``added``,
    not yet matched (``match`` places them against the archive); a child twice in the file is
    a problem already."""
    exported: dict[str, list[list[Cell]]] = {
        PARENTS_SHEET: [],
        GUARDIANS_SHEET: [],
        GRANDPARENTS_SHEET: [],
    }
    rows = read_table(
        path, prefer=lambda rows: has_name_column(rows, mapping), also=exported, sheet=sheet
    )
    family_of = families(exported)  # the app's own export: parents and guardians in full
    found = find_header(rows, mapping)
    columns = _with_members(found)
    plan = ImportPlan(
        columns=columns,
        unknown_columns=[
            c.key for c in found.columns if c.key in found.unknown and c.index not in columns
        ],
        header=found,
        source=path.name,
    )
    heading = {c.index: c.text or c.key for c in found.columns}
    seen: dict[tuple[str, ...], int] = {}
    groups = _children(rows, found.first_data, columns)
    if not groups:
        raise ImportError_(
            f"“{path.name}”的表头在第 {found.sheet_row} 行，但表头下面没有学生：没有可导入的内容。"
        )
    counted = sum(len(numbers) for numbers, _texts in groups)  # the header never counts
    if counted > MAX_ROWS:  # said before any row is checked
        raise too_many_rows(path.name, counted)
    for numbers, texts in groups:
        item_or_problems = _child(numbers, texts, columns, heading, family_of, today, plan.source)
        if isinstance(item_or_problems, list):
            plan.problems.extend(item_or_problems)
            continue
        item = item_or_problems
        clean, number = item.draft, numbers[0]
        key = (
            (clean.id_number,)
            if clean.id_number
            else (
                (clean.student_number,) if clean.student_number else (clean.name, clean.birth_date)
            )
        )
        if key in seen:
            plan.problems.append(
                Problem(number, None, f"与第 {seen[key]} 行是同一名学生，已跳过", clean.name)
            )
            continue
        seen[key] = number
        plan.added.append(item)
    return plan


class _Archived:
    """The archive as one transaction reads it: its pupils by ID number, 学籍号 and name with
    birth date, and who holds each number — a pupil in the 回收站 included."""

    def __init__(self, s: Session) -> None:
        pupils = list(
            s.scalars(
                select(Pupil)
                .where(Pupil.deleted_at.is_(None))
                .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
            )
        )
        self.by_id = {p.id_number: p for p in pupils if p.id_number}
        self.by_number = {p.student_number: p for p in pupils if p.student_number}
        self.by_name = {
            (p.name, p.birth_date.isoformat() if p.birth_date else ""): p for p in pupils
        }
        self.holders: dict[tuple[str, str], tuple[int, str, bool]] = {}
        for pid, name, id_number, number, deleted in s.execute(
            select(
                Pupil.id, Pupil.name, Pupil.id_number, Pupil.student_number, Pupil.deleted_at
            ).where((Pupil.id_number != "") | (Pupil.student_number != ""))
        ):
            for field, value in (("id_number", id_number), ("student_number", number)):
                if value:
                    self.holders[(field, value)] = (pid, name, deleted is not None)

    def find(self, clean: ProfileDraft) -> Pupil | None:
        return (
            (self.by_id.get(clean.id_number) if clean.id_number else None)
            or (self.by_number.get(clean.student_number) if clean.student_number else None)
            or (self.by_name.get((clean.name, clean.birth_date)))
        )

    def held_elsewhere(self, clean: ProfileDraft, pupil_id: int | None) -> str | None:
        """Why the row cannot be written: its 身份证号 or 学籍号 belongs to another pupil."""
        for field in ("id_number", "student_number"):
            value = getattr(clean, field)
            holder = self.holders.get((field, value)) if value else None
            if holder is not None and holder[0] != pupil_id:
                _pid, name, binned = holder
                if binned:
                    return (
                        f"{field_label(field)}与回收站中的“{name}”相同：如果是同一名学生，"
                        "请先在回收站中恢复，再导入这一行；这一行不导入"
                    )
                return (
                    f"{field_label(field)}与档案中的“{name}”相同，却对不上同一名学生："
                    "请核对是哪一个写错了，这一行不导入"
                )
        return None


def match(s: Session, plan: ImportPlan) -> None:
    """Place the plan's children not yet matched (``added``) against the archive as ``s`` reads
    it: still to add, to update, unchanged, or a problem (the same number, another name; a
    number another pupil holds — in the 回收站 too). Run again inside the transaction that
    writes (``services.roster_import``), it finds the pupils another writer added meanwhile."""
    archived = _Archived(s)
    waiting, plan.added = plan.added, []
    for item in waiting:
        clean, number = item.draft, item.row
        existing = archived.find(clean)
        if existing is not None and existing.name != clean.name:
            # the same number, another name: never the wrong child
            same = (
                "身份证号"
                if clean.id_number and existing.id_number == clean.id_number
                else "学籍号"
            )
            plan.problems.append(
                Problem(
                    number,
                    None,
                    f"{same}与档案中的“{existing.name}”相同，姓名却是“{clean.name}”："
                    "请核对是哪一个写错了，这一行不导入",
                    clean.name,
                )
            )
            continue
        taken = archived.held_elsewhere(clean, existing.id if existing is not None else None)
        if taken is not None:
            plan.problems.append(Problem(number, None, taken, clean.name))
            continue
        if existing is None:
            plan.added.append(item)
            continue
        item.match = existing.id
        item.changes = _differences(existing, clean)
        status_against(existing, item)
        (plan.updated if item.changes else plan.unchanged).append(item)
    plan.problems.sort(key=lambda p: p.row)  # in the sheet's order, as read


GENERIC_PHONES = ("联系电话", "电话", "手机", "手机号", "联系方式")


def _valid_id(number: str) -> bool:
    try:
        parse_id_number(number)
    except IdNumberError:
        return False
    return True


def _with_members(header: HeaderRow) -> dict[int, str]:
    """One parent per row (家长姓名 | 关系 | 电话): the bare 关系 and 电话 columns are the 家长's,
    not a guardian's, when the sheet has no 监护人 column."""
    fields = dict(header.fields)
    paths = set(fields.values())
    if "member1.name" not in paths or "guardian.name" in paths:
        return fields
    if "member1.relation" not in paths:
        fields = {
            c: ("member1.relation" if p == "guardian.relation" else p) for c, p in fields.items()
        }
    if "member1.phone" not in paths:
        for column in header.columns:
            decided = column.field or column.key in header.mapped
            if not decided and column.text.strip() in GENERIC_PHONES:
                fields[column.index] = "member1.phone"
                break
    return fields


def _children(
    rows: list[list[Cell]], first: int, columns: dict[int, str]
) -> list[tuple[list[int], list[dict[str, Cell]]]]:
    """The children under the header: (sheet rows, the cells of each row by field path). A
    child over two rows (merged cells, one parent per row) is one child; the table ends at the
    first row under it (注, signatures, totals)."""
    out: list[tuple[list[int], list[dict[str, Cell]]]] = []
    for i in range(first, len(rows)):
        row, number = rows[i], i + 1
        texts = {columns[c]: row[c] for c in columns if c < len(row)}
        filled = [c for c in row if c.text.strip()]
        if not filled:
            continue
        if FOOTER.match(filled[0].text.strip()) or _is_signature_row(filled):
            break
        if "name" not in texts and len(filled) == 1:
            continue  # a line of text across the sheet (a sub-title)
        if texts.get("note") and texts["note"].text.strip().startswith(EXAMPLE_MARK):
            continue  # the template's example row
        if out and _same_child(out[-1], number, texts):
            out[-1][0].append(number)
            out[-1][1].append(texts)
            continue
        out.append(([number], [texts]))
    return out


def _is_signature_row(filled: list[Cell]) -> bool:
    words = [c.text.strip() for c in filled]
    return all(re.search(r"(负责人|复核人|填表人|审核人|签名|签字|盖章)", w) for w in words)


def _same_child(
    previous: tuple[list[int], list[dict[str, Cell]]], number: int, texts: dict[str, Cell]
) -> bool:
    """The next row of the same child: right under it, the same name and ID (merged cells
    filled down), and it brings a family member."""
    numbers, rows = previous
    if number != numbers[-1] + 1:
        return False
    last = rows[-1]
    for path in ("name", "id_number", "student_number"):
        a, b = last.get(path), texts.get(path)
        if (a.text.strip() if a else "") != (b.text.strip() if b else ""):
            return False
    name = texts.get("name")
    return bool(name and name.text.strip()) and any(
        p.startswith("member") and c.text.strip() for p, c in texts.items()
    )


def _child(
    numbers: list[int],
    rows: list[dict[str, Cell]],
    columns: dict[int, str],
    heading: dict[int, str],
    family_of: dict[str, Family],
    today: date,
    source: str,
) -> ImportRow | list[Problem]:
    """One child's draft from its row(s), or the problems that keep it out."""
    number, texts = numbers[0], rows[0]

    def cell(path: str) -> str:
        c = texts.get(path)
        return value_of(c.text) if c else ""

    name = clean_name(cell("name"))
    problems: list[Problem] = []
    id_cell = texts.get("id_number")
    as_number = id_cell is not None and (
        (id_cell.number is not None and len(id_cell.text) >= 15)
        or bool(SCIENTIFIC.fullmatch(id_cell.text.strip()))  # 5.11725E+17 in a CSV
    )
    if as_number:
        problems.append(
            Problem(
                number,
                heading[_col(columns, "id_number")],
                "身份证号被 Excel 存成了数字，末尾几位已丢失，请在原表中核对后以文本格式重新填写",
                name,
            )
        )
    id_number = "" if problems else normalise_id_number(cell("id_number"))
    birth = cell("birth_date")
    completed = birth_from(birth, id_number) if is_year_month(birth) else None
    draft = ProfileDraft(
        name=name,
        sex=cell("sex"),
        birth_date=completed or birth,
        id_number=id_number,
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
        hukou_registered=cell("hukou_registered"),
        hukou_place=cell("hukou_place"),
        body_condition=CONDITION_WORDS.get(cell("body_condition"), cell("body_condition")),
        disability=cell("disability"),
        illness=cell("illness"),
        schooling=cell("schooling"),
        guardian_entrusted=cell("guardian_entrusted"),
        guardianship_type=cell("guardianship_type"),
        income_sources=cell("income_sources"),
        aid=cell("aid"),
        grandparents=grandparents_of(cell),
    )
    fill_family(draft, [{p: c.text for p, c in r.items()} for r in rows])
    family = family_of.get(name)
    if family is not None:
        complete(draft, family)
    status = status_of(cell("left_behind"), cell("left_behind_kind"))
    apply_file_status(draft, status)
    clean, errors = validate_profile(draft, today)
    for e in errors:
        message = f"{field_label(e.field)}：{e.message}"
        if e.field == "birth_date" and is_year_month(birth):
            message = (
                f"出生年月（{birth}）与身份证号里的出生日期不一致，请核对"
                if id_number and _valid_id(id_number)
                else f"出生年月只写到月（{birth}），需要身份证号补全日期，或填写完整日期"
            )
        problems.append(Problem(number, _heading_of(e.field, columns, heading), message, name))
    if problems:
        return problems
    left_behind = status.left_behind if status is not None else None
    item = ImportRow(number, clean, left_behind, rows=tuple(numbers), remark=cell("note"))
    file_verdict(item, status, today, source)
    return item


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
        if not d.guardians:
            return ""
        g = d.guardians[0]
        if path == "guardian.relation" and g.note:
            return f"{g.relation}（{g.note}）"  # 其他亲属（舅舅）
        return str(getattr(g, path.split(".")[1]))
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


def _differences(pupil: Pupil, clean: ProfileDraft) -> list[str]:
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
        if draft.situation and not (row.situation if row else ""):
            out.append(f"{attr}.situation")  # the file says what the archive does not
    if clean.guardians:
        g = clean.guardians[0]
        known = {(x.name, x.phone) for x in pupil.guardians}
        if (g.name, g.phone) not in known and g.name not in {x.name for x in pupil.guardians}:
            out.append("guardians")
    return out
