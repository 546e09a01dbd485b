"""学生概况: the plain facts about a pupil that the roster shows and the 留守认定 rule reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liushou_desk.domain.eligibility import Assessment, ParentFacts, assess
from liushou_desk.domain.enums import ParentRole


@dataclass(frozen=True)
class GuardianFacts:
    relation: str
    name: str
    phone: str


@dataclass(frozen=True)
class PupilFacts:
    """What the roster needs to know about a pupil."""

    id: int
    name: str
    search_keys: str
    sex: str
    birth_date: date | None
    student_number: str
    village: str
    boarding: bool
    health_physical: str
    health_mental: str
    enrolment: str
    left_on: date | None
    computed_kind: str
    override_kind: str | None
    parents: tuple[ParentFacts, ...]
    first_guardian: GuardianFacts | None
    focus: bool = False  # 重点帮扶对象 (issue 16)

    @property
    def effective_kind(self) -> str:
        return self.override_kind or self.computed_kind

    def assess(self, today: date) -> Assessment:
        by_role = {p.role: p for p in self.parents}
        return assess(
            by_role.get(ParentRole.FATHER),
            by_role.get(ParentRole.MOTHER),
            birth_date=self.birth_date,
            today=today,
        )
