"""留守认定: whether a pupil counts as a left-behind child, computed from the parents' records.

The rule (DOMAIN.md, seed 003 third plan, and the national definition): a child under 16 is
left behind when both parents have been working away for 3 consecutive months or more, or one
parent has been away that long and the other cannot act as guardian (deceased, absent, or
without guardianship capacity).

A child whose family situation is not known — neither parent's situation filled, or one parent
away and the other's situation unknown — is 待认定 (to be assessed), never 非留守.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from liushou_desk.domain.dates import add_months, age_on
from liushou_desk.domain.enums import LeftBehindKind, ParentRole, ParentSituation

MIN_MONTHS_AWAY = 3
MAX_AGE = 16


@dataclass(frozen=True)
class ParentFacts:
    """What the rule needs to know about one parent."""

    role: ParentRole
    situation: ParentSituation | None
    away_since: date | None = None


@dataclass(frozen=True)
class Assessment:
    """The outcome of the rule, with the reasons a teacher can read."""

    kind: LeftBehindKind
    reasons: tuple[str, ...] = ()
    # Facts that are missing and make the result provisional (e.g. no departure date).
    missing: tuple[str, ...] = field(default=())
    # The date on which a parent who is away now reaches 3 months, when that is still ahead.
    qualifies_on: date | None = None

    @property
    def is_left_behind(self) -> bool:
        return self.kind.is_left_behind

    @property
    def summary(self) -> str:
        return "；".join(self.reasons)


def _away_long_enough(p: ParentFacts, today: date) -> tuple[bool, date | None]:
    """(counts as away 3 months, date it will count when still short)."""
    if p.situation is not ParentSituation.AWAY:
        return False, None
    if p.away_since is None:
        return True, None  # away, date unknown: counted, flagged as missing
    threshold = add_months(p.away_since, MIN_MONTHS_AWAY)
    if threshold <= today:
        return True, None
    return False, threshold


def assess(
    father: ParentFacts | None,
    mother: ParentFacts | None,
    *,
    birth_date: date | None,
    today: date,
) -> Assessment:
    """Apply the left-behind rule on ``today``."""
    father = father or ParentFacts(ParentRole.FATHER, None)
    mother = mother or ParentFacts(ParentRole.MOTHER, None)
    missing: list[str] = []
    for p in (father, mother):
        if p.situation is None:
            missing.append(f"{p.role.value}现状未填")
        elif p.situation is ParentSituation.AWAY and p.away_since is None:
            missing.append(f"{p.role.value}外出时间未填")

    age = age_on(birth_date, today)
    if age is not None and age >= MAX_AGE:
        return Assessment(
            LeftBehindKind.NOT, (f"已满{MAX_AGE}周岁，不属于留守儿童认定范围",), tuple(missing)
        )

    f_away, f_soon = _away_long_enough(father, today)
    m_away, m_soon = _away_long_enough(mother, today)
    f_cannot = father.situation is not None and father.situation not in (
        ParentSituation.AT_HOME,
        ParentSituation.AWAY,
    )
    m_cannot = mother.situation is not None and mother.situation not in (
        ParentSituation.AT_HOME,
        ParentSituation.AWAY,
    )

    if f_away and m_away:
        return Assessment(LeftBehindKind.BOTH_AWAY, ("父母均外出务工满3个月",), tuple(missing))
    if f_away and m_cannot:
        return Assessment(
            LeftBehindKind.FATHER_AWAY,
            (f"父亲外出务工满3个月，母亲{mother.situation.value}",),  # type: ignore[union-attr]
            tuple(missing),
        )
    if m_away and f_cannot:
        return Assessment(
            LeftBehindKind.MOTHER_AWAY,
            (f"母亲外出务工满3个月，父亲{father.situation.value}",),  # type: ignore[union-attr]
            tuple(missing),
        )

    # Not (yet) left behind: say why, and when it would start to count.
    reasons: list[str] = []
    soon = [d for d in (f_soon, m_soon) if d]
    would_qualify = ((f_away or f_soon) and (m_away or m_soon or m_cannot)) or (
        (m_away or m_soon) and (f_away or f_soon or f_cannot)
    )
    if soon and would_qualify:
        when = max(soon)
        reasons.append(f"外出不满3个月，{when.isoformat()} 起认定为留守")
        return Assessment(LeftBehindKind.NOT, tuple(reasons), tuple(missing), when)
    at_home = [p.role.value for p in (father, mother) if p.situation is ParentSituation.AT_HOME]
    if at_home:
        reasons.append("、".join(at_home) + "在家")
    elif father.situation is None and mother.situation is None:
        return Assessment(LeftBehindKind.UNKNOWN, ("父母外出情况未填",), tuple(missing))
    elif not (f_away or m_away):
        reasons.append("父母均未外出务工")
    else:
        other = mother if f_away else father
        if other.situation is None:
            return Assessment(
                LeftBehindKind.UNKNOWN,
                (f"{other.role.value}现状未填，暂不能认定",),
                tuple(missing),
            )
        reasons.append(f"{other.role.value}{other.situation.value}")
    return Assessment(LeftBehindKind.NOT, tuple(reasons), tuple(missing))
