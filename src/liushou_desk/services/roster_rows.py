"""名册行: one line of the class roster, built from plain facts about a pupil.

No database code here: the rows are built the same way whether the facts are read through the
open archive's connection (services/roster.py) or straight from a file, such as the principal's
snapshot (both in plain SQL: db/first_paint.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.domain.roster_facts import GuardianFacts, PupilFacts
from liushou_desk.services.search import match_prefixes

HEALTH_OK = {"", "健康", "良好", "无", "正常"}
ACTIVE = Enrolment.ACTIVE.value

__all__ = ["GuardianFacts", "PupilFacts", "RosterRow", "build_row", "build_rows", "roster_counts"]


@dataclass(frozen=True)
class RosterRow:
    """One line of the roster, as the teacher sees it."""

    id: int
    name: str
    sex: str
    age: int | None
    kind: str  # effective 留守类型
    is_left_behind: bool
    guardian: str  # 祖母 李秀英
    guardian_phone: str
    flags: tuple[str, ...]
    enrolment: str
    student_number: str
    village: str
    pinyin: str  # for sorting by name: the surname's reading first, syllables apart
    prefixes: tuple[str, ...]  # for pinyin search
    focus: bool = False  # 重点帮扶对象

    @property
    def is_active(self) -> bool:
        return self.enrolment == ACTIVE  # asked for every row at every keystroke: no enum lookup


def build_row(p: PupilFacts, today: date) -> RosterRow:
    flags: list[str] = ["重点帮扶"] if p.focus else []
    if p.override_kind:
        flags.append("人工认定")
    if p.boarding:
        flags.append("寄宿")
    if p.health_physical.strip() not in HEALTH_OK or p.health_mental.strip() not in HEALTH_OK:
        flags.append("健康关注")
    kind = p.effective_kind
    left_behind = kind not in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value)
    if p.enrolment == Enrolment.ACTIVE.value:
        result = p.assess(today)
        if result.qualifies_on and not p.override_kind:
            flags.append("将满3个月")
        if result.missing or (left_behind and p.first_guardian is None):
            flags.append("资料待补")
    elif p.left_on:
        flags.append(f"{p.left_on.isoformat()} {p.enrolment}")
    g = p.first_guardian
    return RosterRow(
        id=p.id,
        name=p.name,
        sex=p.sex,
        age=age_on(p.birth_date, today),
        kind=kind,
        is_left_behind=left_behind,
        guardian=f"{g.relation} {g.name}".strip() if g else "",
        guardian_phone=g.phone if g else "",
        flags=tuple(flags),
        enrolment=p.enrolment,
        student_number=p.student_number,
        village=p.village,
        pinyin=p.search_keys.split(" ")[0],
        prefixes=match_prefixes(p.search_keys),
        focus=p.focus,
    )


def build_rows(facts: list[PupilFacts], today: date) -> list[RosterRow]:
    """Rows for every pupil, in class or not, ordered by the pinyin of the name."""
    rows = [build_row(f, today) for f in facts]
    rows.sort(key=lambda r: (r.pinyin, r.name))
    return rows


def roster_counts(rows: list[RosterRow]) -> tuple[int, int]:
    """(pupils in class, of whom left behind)."""
    active = [r for r in rows if r.is_active]
    return len(active), sum(1 for r in active if r.is_left_behind)
