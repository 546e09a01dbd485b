"""附件3 统计表: the class's left-behind children counted by sex, age band, guardianship
situation, 委托监护, 监护类型 and 就学情况 — with the form's cross-column checks (表间勾稽关系):
every breakdown adds up to the same total, and each child whose facts cannot be counted
(未填) or contradict each other is named.

The counts are plain data: a school adds its classes' forms up (``combine``), from the
teachers' archives or from the snapshots in the principal's archives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import (
    Enrolment,
    GuardianshipType,
    LeftBehindKind,
    Schooling,
    Sex,
)

UNFILLED = "未填"
LEFT_BEHIND = {k.value for k in LeftBehindKind if k.is_left_behind}
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0—5岁", 0, 5),
    ("6—13岁", 6, 13),
    ("14—16岁", 14, 16),
)
BOTH_AWAY = "父母双方外出"
ONE_AWAY = "一方外出、另一方无监护能力"
ENTRUSTED = "有委托监护人"
NOT_ENTRUSTED = "无委托监护人"


def _zero(words: Iterable[str]) -> dict[str, int]:
    return {w: 0 for w in (*words, UNFILLED)}


@dataclass(frozen=True)
class Problem:
    """A child the form cannot count right: whose (the class, for a school's sheet) and why."""

    name: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        who = f"{self.where} {self.name}" if self.where else self.name
        return f"{who} · {self.message}"


@dataclass
class FormThree:
    """附件3's counts; each breakdown a column group of the form, 未填 its last column."""

    unit: str = ""  # 填报单位: the school (and class)
    total: int = 0
    by_sex: dict[str, int] = field(default_factory=lambda: _zero(Sex.labels()))
    by_age: dict[str, int] = field(default_factory=lambda: _zero(b[0] for b in AGE_BANDS))
    by_situation: dict[str, int] = field(default_factory=lambda: _zero((BOTH_AWAY, ONE_AWAY)))
    by_entrusted: dict[str, int] = field(default_factory=lambda: _zero((ENTRUSTED, NOT_ENTRUSTED)))
    by_guardianship: dict[str, int] = field(
        default_factory=lambda: _zero(GuardianshipType.labels())
    )
    by_schooling: dict[str, int] = field(default_factory=lambda: _zero(Schooling.labels()))
    problems: list[Problem] = field(default_factory=list)

    def breakdowns(self) -> list[tuple[str, dict[str, int]]]:
        """The column groups in the form's order."""
        return [
            ("性别", self.by_sex),
            ("年龄", self.by_age),
            ("留守情况", self.by_situation),
            ("委托监护", self.by_entrusted),
            ("监护类型", self.by_guardianship),
            ("就学情况", self.by_schooling),
        ]


@dataclass(frozen=True)
class Child:
    """What 附件3 counts of one child."""

    name: str
    sex: str
    birth_date: date | None
    kind: str
    entrusted: bool | None
    guardianship_type: str
    schooling: str


def read_children(archive: Archive) -> list[Child]:
    """The class's left-behind children (in class, not in the 回收站), one statement."""
    columns = (
        Pupil.name, Pupil.sex, Pupil.birth_date, Pupil.computed_kind, Pupil.override_kind,
        Pupil.guardian_entrusted, Pupil.guardianship_type, Pupil.schooling,
    )  # fmt: skip
    query = (
        select(*columns)
        .where(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)
        .order_by(Pupil.search_keys, Pupil.name)
    )
    with archive.transaction() as s:
        rows = s.execute(query).all()
    children = []
    for name, sex, birth, computed, override, entrusted, guardianship, schooling in rows:
        kind = override or computed
        if kind in LEFT_BEHIND:
            children.append(
                Child(name, sex or "", birth, kind, entrusted, guardianship or "", schooling or "")
            )
    return children


def _band(age: int | None) -> str:
    for label, low, high in AGE_BANDS:
        if age is not None and low <= age <= high:
            return label
    return UNFILLED


def _problems(c: Child, age: int | None) -> list[str]:
    found = []
    if not c.sex:
        found.append("性别未填")
    if age is None:
        found.append("出生日期未填，无法按年龄统计")
    elif age > 16:
        found.append(f"已满{age}岁，超出统计范围（0—16岁）")
    if c.entrusted is None:
        found.append("有无委托监护人未填")
    if not c.guardianship_type:
        found.append("监护类型未填")
    if not c.schooling:
        found.append("就学情况未填")
    elif age is not None:
        if c.schooling == Schooling.NOT_IN_SCHOOL.value and not 14 <= age <= 16:
            found.append(f"就学情况为“不在学”，但只有{age}岁（不在学指14—16岁未在学）")
        early = (Schooling.KINDERGARTEN.value, Schooling.NOT_IN_KINDERGARTEN.value)
        if c.schooling in early and age >= 7:
            found.append(f"就学情况为“{c.schooling}”，但已{age}岁")
        if c.schooling == Schooling.DROPPED_OUT.value and age < 6:
            found.append(f"就学情况为“辍学”，但只有{age}岁")
    one_away = c.kind in (LeftBehindKind.FATHER_AWAY.value, LeftBehindKind.MOTHER_AWAY.value)
    if c.guardianship_type == GuardianshipType.PARENT_INCAPABLE.value and not one_away:
        found.append("监护类型为“父或母无监护能力”，但留守类型是父母均外出")
    if c.guardianship_type == GuardianshipType.NONE.value and c.entrusted:
        found.append("监护类型为“无人监护”，但登记了委托监护人")
    return found


def count(children: Sequence[Child], today: date, unit: str = "") -> FormThree:
    """附件3 of these children on ``today`` (their ages on that day)."""
    form = FormThree(unit=unit)
    for c in children:
        age = age_on(c.birth_date, today) if c.birth_date else None
        form.total += 1
        form.by_sex[c.sex if c.sex in form.by_sex else UNFILLED] += 1
        form.by_age[_band(age)] += 1
        both = c.kind == LeftBehindKind.BOTH_AWAY.value
        form.by_situation[BOTH_AWAY if both else ONE_AWAY] += 1
        if c.entrusted is None:
            form.by_entrusted[UNFILLED] += 1
        else:
            form.by_entrusted[ENTRUSTED if c.entrusted else NOT_ENTRUSTED] += 1
        g = c.guardianship_type
        form.by_guardianship[g if g in form.by_guardianship else UNFILLED] += 1
        s = c.schooling
        form.by_schooling[s if s in form.by_schooling else UNFILLED] += 1
        form.problems += [Problem(c.name, m) for m in _problems(c, age)]
    return form


def class_form3(archive: Archive, today: date) -> FormThree:
    """The class's 附件3 (填报单位: the school and class of the archive)."""
    from liushou_desk.services.archive_info import get_info

    info = get_info(archive)
    unit = " ".join(x for x in (info.school, info.class_name) if x)
    return count(read_children(archive), today, unit)


def sums(form: FormThree) -> list[tuple[str, int]]:
    """(breakdown, its sum) for each column group — each must equal the total."""
    return [(name, sum(cells.values())) for name, cells in form.breakdowns()]


def check(form: FormThree) -> list[str]:
    """表间勾稽关系: every breakdown adds up to the total, no child left 未填 or inconsistent;
    an empty list when the sheet would be accepted."""
    found = [
        f"按{name}合计 {total} 人，与总数 {form.total} 人不符"
        for name, total in sums(form)
        if total != form.total
    ]
    found += [
        f"{name}有 {cells[UNFILLED]} 人未填"
        for name, cells in form.breakdowns()
        if cells.get(UNFILLED)
    ]
    by_child: dict[tuple[str, str], list[str]] = {}
    for p in form.problems:  # one line a child, its problems together
        by_child.setdefault((p.where, p.name), []).append(p.message)
    for (where, name), messages in by_child.items():
        found.append(str(Problem(name, "；".join(messages), where)))
    return found


def combine(forms: Sequence[FormThree], unit: str = "") -> FormThree:
    """A school's 附件3: its classes' counts added up, each problem kept with its class."""
    out = FormThree(unit=unit)
    for f in forms:
        out.total += f.total
        for (_, mine), (_, theirs) in zip(out.breakdowns(), f.breakdowns(), strict=True):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        out.problems += [Problem(p.name, p.message, p.where or f.unit) for p in f.problems]
    return out


__all__ = [
    "AGE_BANDS",
    "UNFILLED",
    "Child",
    "FormThree",
    "Problem",
    "check",
    "class_form3",
    "combine",
    "count",
    "read_children",
    "sums",
]
