"""批量填写父母外出情况 (the parents' situation for the whole class in one pass) as a use case:
the grid's rows loaded (待认定 first), each row checked and its 留守认定 previewed as the teacher
types (pure: no archive), and the rows saved — all checked first, every problem naming the child
and the field, then all written in one transaction or nothing.

Saving returns an ``Outcome`` whose ``changed`` names every pupil written and whose undo puts
back each pupil's parents as they were (and 重做 as they were written) — each step itself a
recorded change in the archive's history, as when the 五个清楚 form is saved."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.domain.dates import DateFormatError, parse_date
from liushou_desk.domain.eligibility import Assessment, ParentFacts, assess
from liushou_desk.domain.enums import LeftBehindKind, ParentRole, ParentSituation
from liushou_desk.domain.profile import (
    FieldError,
    ParentDraft,
    ProfileDraft,
    ValidationFailed,
    field_label,
    validate_profile,
)
from liushou_desk.domain.text import clean_text
from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from liushou_desk.db.engine import Archive
    from liushou_desk.services.notices import Changed

# Provinces by the name a teacher writes first (务工地 "广东东莞", "广东省东莞市", "内蒙古包头").
PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
    "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
)  # fmt: skip
SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
WHO = {"father": ParentRole.FATHER, "mother": ParentRole.MOTHER}


def split_place(text: str) -> tuple[str, str]:
    """务工地 as typed → (省份, 城市): ``广东省东莞市`` → (广东省, 东莞市), ``浙江 杭州`` →
    (浙江, 杭州); a place that does not start with a province is the city (``东莞``)."""
    t = clean_text(text)
    for name in PROVINCES:
        if t.startswith(name):
            rest = t[len(name) :]
            suffix = next((s for s in SUFFIXES if rest.startswith(s)), "")
            return name + suffix, rest[len(suffix) :].strip(" ·/，,-、")
    return "", t


def join_place(province: str, city: str) -> str:
    """(省份, 城市) as one cell: ``广东省东莞市``; ``split_place`` reads it back."""
    if province and city and not province.endswith(SUFFIXES):
        return f"{province} {city}"
    return f"{province}{city}"


@dataclass(frozen=True)
class ParentEntry:
    """One parent in the grid: 现状 (a ParentSituation word or ""), 务工地, 外出时间 (text)."""

    situation: str = ""
    work_province: str = ""
    work_city: str = ""
    away_since: str = ""

    @property
    def place(self) -> str:
        return join_place(self.work_province, self.work_city)

    def with_place(self, text: str, original: ParentEntry | None = None) -> ParentEntry:
        """务工地 typed as one cell; text that reads as ``original``'s place keeps it as it
        was stored (a province and city written in one field stay so)."""
        if original is not None and clean_text(text) == original.place:
            return replace(self, work_province=original.work_province, work_city=original.work_city)
        province, city = split_place(text)
        return replace(self, work_province=province, work_city=city)

    def draft(self, role: ParentRole) -> ParentDraft:
        return ParentDraft(
            role.value,
            situation=self.situation,
            work_province=self.work_province,
            work_city=self.work_city,
            away_since=self.away_since,
        )

    @classmethod
    def of(cls, draft: ParentDraft) -> ParentEntry:
        return cls(draft.situation, draft.work_province, draft.work_city, draft.away_since)


@dataclass(frozen=True)
class FamilyRow:
    """One pupil's row: both parents; the name (for messages) and birth date (for the rule)."""

    pupil_id: int
    name: str = ""
    father: ParentEntry = field(default_factory=ParentEntry)
    mother: ParentEntry = field(default_factory=ParentEntry)
    birth_date: date | None = None

    def parent(self, who: str) -> ParentEntry:
        return self.father if who == "father" else self.mother

    def with_parent(self, who: str, entry: ParentEntry) -> FamilyRow:
        if who == "father":
            return replace(self, father=entry)
        return replace(self, mother=entry)


@dataclass(frozen=True)
class FamilyLine:
    """A row as loaded, with the pupil's 留守类型 now (a 人工认定 first)."""

    row: FamilyRow
    kind: str
    override_kind: str | None = None

    @property
    def unknown(self) -> bool:
        return self.kind == LeftBehindKind.UNKNOWN.value


@dataclass(frozen=True)
class FamilyProblem:
    """A problem with one field of one child's row (``field``: ``father.away_since``)."""

    pupil_id: int
    name: str
    field: str
    message: str

    @property
    def text(self) -> str:
        where = f"（{field_label(self.field)}）" if self.field else ""
        return f"{self.name}{where}：{self.message}"


class FamiliesInvalid(ValidationFailed):
    """Some rows have problems; nothing was written. ``str()`` is one line per problem."""

    def __init__(self, problems: list[FamilyProblem]) -> None:
        super().__init__([FieldError(f"{p.pupil_id}.{p.field}", p.message) for p in problems])
        self.args = ("\n".join(p.text for p in problems),)
        self.problems = problems


@dataclass(frozen=True)
class FamiliesSaved:
    """The pupils written, and those of them whose 留守认定 changed."""

    written: frozenset[int]
    status_changed: frozenset[int]


def check_row(row: FamilyRow, today: date) -> tuple[FamilyRow, list[FamilyProblem]]:
    """The row cleaned by the 五个清楚 form's own checks, and its problems (every one)."""
    draft = ProfileDraft(
        name=row.name or "-",
        father=row.father.draft(ParentRole.FATHER),
        mother=row.mother.draft(ParentRole.MOTHER),
    )
    clean, errors = validate_profile(draft, today)
    problems = [
        FamilyProblem(row.pupil_id, row.name, e.field, e.message)
        for e in errors
        if e.field.split(".")[0] in WHO
    ]
    return replace(row, father=ParentEntry.of(clean.father), mother=ParentEntry.of(clean.mother)), (
        problems
    )


def check(rows: Iterable[FamilyRow], today: date) -> tuple[list[FamilyRow], list[FamilyProblem]]:
    """Every row checked: the cleaned rows and every problem of every row."""
    clean: list[FamilyRow] = []
    problems: list[FamilyProblem] = []
    for row in rows:
        cleaned, found = check_row(row, today)
        clean.append(cleaned)
        problems += found
    return clean, problems


def _facts(role: ParentRole, entry: ParentEntry) -> ParentFacts:
    situation = ParentSituation.from_label(entry.situation)
    try:
        since = parse_date(entry.away_since, allow_month=True)
    except DateFormatError:
        since = None
    known = situation if isinstance(situation, ParentSituation) else None
    return ParentFacts(role, known, since)


def preview(row: FamilyRow, today: date) -> Assessment:
    """The 留守认定 rule applied to the row as it stands (a date that cannot be read counts as
    not filled) — what the grid shows as the teacher types."""
    return assess(
        _facts(ParentRole.FATHER, row.father),
        _facts(ParentRole.MOTHER, row.mother),
        birth_date=row.birth_date,
        today=today,
    )


def load_families(archive: Archive) -> list[FamilyLine]:
    """The pupils in class for the grid: 待认定 first, then the rest, each by name."""
    from liushou_desk.services.families import read_families

    lines = [
        FamilyLine(
            FamilyRow(
                f.pupil_id,
                f.name,
                ParentEntry.of(f.father),
                ParentEntry.of(f.mother),
                f.birth_date,
            ),
            f.kind,
            f.override_kind,
        )
        for f in read_families(archive)
    ]
    return sorted(lines, key=lambda line: not line.unknown)  # stable: by name within


Parents = tuple[ParentDraft, ParentDraft]


def _drafts(row: FamilyRow) -> Parents:
    return row.father.draft(ParentRole.FATHER), row.mother.draft(ParentRole.MOTHER)


def save_families(archive: Archive, rows: list[FamilyRow], today: date) -> Outcome[FamiliesSaved]:
    """Check every row (names from the archive), then write them all in one transaction.
    Raises FamiliesInvalid (nothing written) listing every problem by child and field."""
    from liushou_desk.services import families

    by_id = {row.pupil_id: row for row in rows}  # a pupil given twice: the last row
    names = families.pupil_names(archive, list(by_id))
    gone = [
        FamilyProblem(pid, row.name or f"编号 {pid} 的学生", "", "已不在名册中（可能在回收站里）")
        for pid, row in by_id.items()
        if pid not in names
    ]
    clean, problems = check(
        (replace(r, name=names.get(r.pupil_id, r.name)) for r in by_id.values()), today
    )
    if gone or problems:
        raise FamiliesInvalid(gone + problems)
    result = families.write_families(archive, {r.pupil_id: _drafts(r) for r in clean}, today)
    saved = FamiliesSaved(result.written, result.status_changed)
    if not result.written:
        return Outcome(saved, result.changed)
    after = {r.pupil_id: _drafts(r) for r in clean if r.pupil_id in result.written}
    before = result.before
    n = len(after)
    return Outcome(
        saved,
        result.changed,
        Undo(
            f"批量填写父母外出情况（{n} 名学生）",
            lambda: _write(archive, after, today, f"已重新填写 {n} 名学生的父母外出情况"),
            lambda: _write(archive, before, today, f"已撤销填写 {n} 名学生的父母外出情况"),
        ),
    )


def _write(archive: Archive, parents: Mapping[int, Parents], today: date, message: str) -> Changed:
    """Undo / redo: the parents as they were before / after, written as stored (unchecked)."""
    from liushou_desk.services import families

    return replace(families.write_families(archive, parents, today).changed, message=message)
