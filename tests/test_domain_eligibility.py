"""留守认定: the left-behind rule in domain/eligibility.py."""

from __future__ import annotations

from datetime import date

import pytest

from liushou_desk.domain.dates import add_months
from liushou_desk.domain.eligibility import ParentFacts, assess
from liushou_desk.domain.enums import LeftBehindKind, ParentRole, ParentSituation

today = date(2026, 11, 23)
BIRTH = date(2016, 3, 5)  # ten years old on ``today``
LONG_AGO = date(2025, 2, 1)  # away far longer than 3 months
BOUNDARY = date(2026, 8, 23)  # + 3 months == today

AWAY = ParentSituation.AWAY
HOME = ParentSituation.AT_HOME
DEAD = ParentSituation.DECEASED
ABSENT = ParentSituation.ABSENT
INCAPABLE = ParentSituation.INCAPABLE


def father(situation: ParentSituation | None, since: date | None = None) -> ParentFacts:
    return ParentFacts(ParentRole.FATHER, situation, since)


def mother(situation: ParentSituation | None, since: date | None = None) -> ParentFacts:
    return ParentFacts(ParentRole.MOTHER, situation, since)


def test_both_parents_away_three_months_is_both_away() -> None:
    result = assess(father(AWAY, LONG_AGO), mother(AWAY, LONG_AGO), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.BOTH_AWAY
    assert result.kind.value == "父母均外出"
    assert result.is_left_behind
    assert result.summary == "父母均外出务工满3个月"
    assert result.missing == ()
    assert result.qualifies_on is None


def test_boundary_exactly_three_months_counts() -> None:
    assert add_months(BOUNDARY, 3) == today
    result = assess(father(AWAY, BOUNDARY), mother(AWAY, BOUNDARY), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.BOTH_AWAY
    assert result.qualifies_on is None


def test_boundary_one_day_short_does_not_count_and_says_when_it_will() -> None:
    one_day_later = date(2026, 8, 24)
    result = assess(
        father(AWAY, LONG_AGO), mother(AWAY, one_day_later), birth_date=BIRTH, today=today
    )
    assert result.kind is LeftBehindKind.NOT
    assert not result.is_left_behind
    assert result.qualifies_on == date(2026, 11, 24)
    assert "外出不满3个月" in result.summary
    assert "2026-11-24 起认定为留守" in result.summary
    # The next day the same facts qualify.
    later = assess(
        father(AWAY, LONG_AGO),
        mother(AWAY, one_day_later),
        birth_date=BIRTH,
        today=date(2026, 11, 24),
    )
    assert later.kind is LeftBehindKind.BOTH_AWAY


def test_qualifies_on_is_the_later_of_two_recent_departures() -> None:
    result = assess(
        father(AWAY, date(2026, 10, 1)),
        mother(AWAY, date(2026, 11, 1)),
        birth_date=BIRTH,
        today=today,
    )
    assert result.kind is LeftBehindKind.NOT
    assert result.qualifies_on == date(2027, 2, 1)


def test_away_since_month_end_uses_clamped_date() -> None:
    # Left on 31 Aug: 3 months later is 30 Nov (no 31 Nov).
    result = assess(
        father(AWAY, date(2026, 8, 31)), mother(DEAD), birth_date=BIRTH, today=date(2026, 11, 30)
    )
    assert result.kind is LeftBehindKind.FATHER_AWAY


@pytest.mark.parametrize("other", [DEAD, ABSENT, INCAPABLE])
def test_father_away_and_mother_cannot_guard_is_father_away(other: ParentSituation) -> None:
    result = assess(father(AWAY, LONG_AGO), mother(other), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.FATHER_AWAY
    assert result.kind.value == "父亲外出"
    assert result.summary == f"父亲外出务工满3个月，母亲{other.value}"
    assert result.is_left_behind


@pytest.mark.parametrize("other", [DEAD, ABSENT, INCAPABLE])
def test_mother_away_and_father_cannot_guard_is_mother_away(other: ParentSituation) -> None:
    result = assess(father(other), mother(AWAY, LONG_AGO), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.MOTHER_AWAY
    assert result.kind.value == "母亲外出"
    assert result.summary == f"母亲外出务工满3个月，父亲{other.value}"


@pytest.mark.parametrize("other", [DEAD, ABSENT, INCAPABLE])
def test_one_away_not_yet_three_months_other_cannot_guard_gives_qualifies_on(
    other: ParentSituation,
) -> None:
    result = assess(father(AWAY, date(2026, 10, 10)), mother(other), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.NOT
    assert result.qualifies_on == date(2027, 1, 10)


@pytest.mark.parametrize(
    ("f", "m", "reason"),
    [
        (father(AWAY, LONG_AGO), mother(HOME), "母亲在家"),
        (father(HOME), mother(AWAY, LONG_AGO), "父亲在家"),
        (father(HOME), mother(HOME), "父亲、母亲在家"),
        (father(AWAY, date(2026, 11, 1)), mother(HOME), "母亲在家"),
    ],
)
def test_one_away_and_the_other_at_home_is_not_left_behind(
    f: ParentFacts, m: ParentFacts, reason: str
) -> None:
    result = assess(f, m, birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.NOT
    assert result.summary == reason
    # The parent at home can guard: no date at which this would change by itself.
    assert result.qualifies_on is None


@pytest.mark.parametrize(
    ("f", "m"),
    [
        (father(DEAD), mother(ABSENT)),
        (father(INCAPABLE), mother(DEAD)),
    ],
)
def test_nobody_away_is_not_left_behind(f: ParentFacts, m: ParentFacts) -> None:
    result = assess(f, m, birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.NOT
    assert result.summary == "父母均未外出务工"


@pytest.mark.parametrize("parents", [(None, None), (father(None), mother(None))])
def test_no_parents_recorded_at_all_is_to_be_assessed_not_not_left_behind(parents) -> None:  # type: ignore[no-untyped-def]
    result = assess(*parents, birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.UNKNOWN and not result.is_left_behind
    assert result.summary == "父母外出情况未填"
    assert result.missing == ("父亲现状未填", "母亲现状未填")


def test_a_parent_at_home_settles_it_whatever_the_other() -> None:
    result = assess(father(HOME), mother(None), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.NOT


def test_away_without_a_date_counts_but_is_listed_as_missing() -> None:
    result = assess(father(AWAY), mother(AWAY, LONG_AGO), birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.BOTH_AWAY
    assert result.missing == ("父亲外出时间未填",)

    both = assess(father(AWAY), mother(AWAY), birth_date=BIRTH, today=today)
    assert both.kind is LeftBehindKind.BOTH_AWAY
    assert both.missing == ("父亲外出时间未填", "母亲外出时间未填")

    one = assess(father(DEAD), mother(AWAY), birth_date=BIRTH, today=today)
    assert one.kind is LeftBehindKind.MOTHER_AWAY
    assert one.missing == ("母亲外出时间未填",)


def test_missing_situation_is_recorded_as_missing() -> None:
    result = assess(father(AWAY, LONG_AGO), mother(None), birth_date=BIRTH, today=today)
    assert "母亲现状未填" in result.missing
    assert "父亲现状未填" not in result.missing
    # Not enough is known to call the mother unable to guard: 待认定, not 非留守.
    assert result.kind is LeftBehindKind.UNKNOWN


@pytest.mark.parametrize(
    ("f", "m", "unknown"),
    [
        (father(AWAY, LONG_AGO), mother(None), "母亲"),
        (father(None), mother(AWAY, LONG_AGO), "父亲"),
    ],
)
def test_reason_does_not_claim_an_unknown_parent_can_guard(
    f: ParentFacts, m: ParentFacts, unknown: str
) -> None:
    result = assess(f, m, birth_date=BIRTH, today=today)
    assert result.kind is LeftBehindKind.UNKNOWN
    assert "可以监护" not in result.summary
    assert f"{unknown}现状未填" in result.summary


@pytest.mark.parametrize(
    ("birth", "kind"),
    [
        (date(2010, 11, 23), LeftBehindKind.NOT),  # 16 today
        (date(2008, 1, 1), LeftBehindKind.NOT),  # 18
        (date(2010, 11, 24), LeftBehindKind.BOTH_AWAY),  # 16 tomorrow: still 15
        (None, LeftBehindKind.BOTH_AWAY),  # unknown age does not exclude
    ],
)
def test_age_sixteen_or_over_is_not_left_behind(birth: date | None, kind: LeftBehindKind) -> None:
    result = assess(father(AWAY, LONG_AGO), mother(AWAY, LONG_AGO), birth_date=birth, today=today)
    assert result.kind is kind
    if kind is LeftBehindKind.NOT:
        assert result.summary == "已满16周岁，不属于留守儿童认定范围"


def test_over_sixteen_still_lists_missing_facts() -> None:
    result = assess(father(AWAY), mother(None), birth_date=date(2008, 1, 1), today=today)
    assert result.kind is LeftBehindKind.NOT
    assert result.missing == ("父亲外出时间未填", "母亲现状未填")


@pytest.mark.parametrize(
    ("f", "m", "kind"),
    [
        (father(AWAY, LONG_AGO), mother(AWAY, LONG_AGO), LeftBehindKind.BOTH_AWAY),
        (father(AWAY, LONG_AGO), mother(DEAD), LeftBehindKind.FATHER_AWAY),
        (father(ABSENT), mother(AWAY, LONG_AGO), LeftBehindKind.MOTHER_AWAY),
        (father(AWAY, LONG_AGO), mother(HOME), LeftBehindKind.NOT),
        (father(HOME), mother(HOME), LeftBehindKind.NOT),
        (father(AWAY, date(2026, 9, 1)), mother(AWAY, LONG_AGO), LeftBehindKind.NOT),
        (father(AWAY, date(2026, 8, 1)), mother(AWAY, LONG_AGO), LeftBehindKind.BOTH_AWAY),
    ],
)
def test_rule_table(f: ParentFacts, m: ParentFacts, kind: LeftBehindKind) -> None:
    assert assess(f, m, birth_date=BIRTH, today=today).kind is kind
