"""读回导出的工作簿: the app's own Excel export holds each child's parents and at-home guardians
on the sheets 父母 and 在家监护人, one row per person, keyed by the child's name. When such a
workbook is imported, those facts complete the drafts of the 学生名册 sheet, so exporting and
importing into an empty archive gives the same five-things-known profiles."""

from __future__ import annotations

from dataclasses import dataclass, field

from liushou_desk.domain.form1_fields import GrandparentDraft
from liushou_desk.domain.profile import (
    FIELD_LABELS,
    GRANDPARENT_FIELDS,
    GUARDIAN_FIELDS,
    PARENT_FIELDS,
    GuardianDraft,
    ProfileDraft,
)
from liushou_desk.io.table_reader import Cell

PARENTS_SHEET = "父母"
GUARDIANS_SHEET = "在家监护人"
GRANDPARENTS_SHEET = "祖辈"
KEY = "学生"
ROLE = "称谓"


@dataclass
class Family:
    parents: dict[str, dict[str, str]] = field(default_factory=dict)  # 父亲/母亲 → field → text
    guardians: list[GuardianDraft] = field(default_factory=list)
    grandparents: list[GrandparentDraft] = field(default_factory=list)


def _header(rows: list[list[Cell]], prefix: str, names: tuple[str, ...]) -> dict[int, str] | None:
    if not rows or not rows[0] or rows[0][0].text.strip() != KEY:
        return None
    by_label = {FIELD_LABELS[f"{prefix}.{n}"]: n for n in names}
    columns = {}
    for i, cell in enumerate(rows[0]):
        text = cell.text.strip()
        if text == ROLE:
            columns[i] = ROLE
        elif text in by_label:
            columns[i] = by_label[text]
    return columns


def families(sheets: dict[str, list[list[Cell]]]) -> dict[str, Family]:
    """Child's name → the parents and guardians the export lists for that name."""
    out: dict[str, Family] = {}
    rows = sheets.get(PARENTS_SHEET) or []
    columns = _header(rows, "parent", PARENT_FIELDS)
    if columns:
        for row in rows[1:]:
            if not row or not row[0].text.strip():
                continue
            values = {name: row[i].text.strip() for i, name in columns.items() if i < len(row)}
            role = values.pop(ROLE, "")
            if role in ("父亲", "母亲"):
                out.setdefault(row[0].text.strip(), Family()).parents[role] = values
    rows = sheets.get(GUARDIANS_SHEET) or []
    columns = _header(rows, "guardian", GUARDIAN_FIELDS)
    if columns:
        for row in rows[1:]:
            if not row or not row[0].text.strip():
                continue
            values = {name: row[i].text.strip() for i, name in columns.items() if i < len(row)}
            age = values.get("age", "")
            if age.endswith(".0"):
                values["age"] = age[:-2]
            guardian = GuardianDraft()
            for name, value in values.items():
                setattr(guardian, name, value)
            out.setdefault(row[0].text.strip(), Family()).guardians.append(guardian)
    rows = sheets.get(GRANDPARENTS_SHEET) or []
    columns = _header(rows, "grandparent", GRANDPARENT_FIELDS)
    if columns:
        for row in rows[1:]:
            if not row or not row[0].text.strip():
                continue
            values = {name: row[i].text.strip() for i, name in columns.items() if i < len(row)}
            gp = GrandparentDraft(
                values.get(ROLE, ""),
                values.get("name", ""),
                values.get("birth_date", ""),
                values.get("deceased", "") == "是",
            )
            out.setdefault(row[0].text.strip(), Family()).grandparents.append(gp)
    return out


def complete(draft: ProfileDraft, family: Family) -> None:
    """Put the exported parents' and guardians' facts into a roster row's draft."""
    for attr, role in (("father", "父亲"), ("mother", "母亲")):
        facts = family.parents.get(role)
        if facts:
            parent = getattr(draft, attr)
            for name, value in facts.items():
                if value and not getattr(parent, name):
                    setattr(parent, name, value)
    if family.guardians:
        draft.guardians = list(family.guardians)
    if family.grandparents and all(g.empty for g in draft.grandparents):
        by_role = {g.role: g for g in family.grandparents}
        draft.grandparents = [by_role.get(g.role, g) for g in draft.grandparents]
