"""名册里的值: the words and marks schools type, read as the archive's values."""

from __future__ import annotations

import pytest

from liushou_desk.domain.enums import LeftBehindKind, ParentSituation
from liushou_desk.domain.idcard import check_digit
from liushou_desk.io.roster_values import (
    birth_from,
    relation_of,
    split_person,
    status_of,
    value_of,
)

AWAY, DEAD, INCAPABLE = (
    ParentSituation.AWAY,
    ParentSituation.DECEASED,
    ParentSituation.INCAPABLE,
)


def _id(birth: str) -> str:
    first = "511725" + birth + "122"
    return first + check_digit(first)


@pytest.mark.parametrize("mark", ["—", "——", "/", "／", "-", "无", " — "])
def test_does_not_apply_is_blank(mark: str) -> None:
    assert value_of(mark) == ""
    assert value_of("13812348000") == "13812348000"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("奶奶", ("祖母", "")),
        ("姥爷", ("外祖父", "")),
        ("伯父/叔叔", ("伯父/叔叔", "")),
        ("舅舅", ("其他亲属", "舅舅")),
        ("婶婶", ("其他亲属", "婶婶")),
        ("哥哥", ("哥哥/姐姐", "")),
        ("", ("", "")),
    ],
)
def test_relations_beyond_the_list_keep_their_word(word: str, expected: tuple[str, str]) -> None:
    assert relation_of(word) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("奶奶 王桂英", ("奶奶", "王桂英")),
        ("奶奶：王桂英", ("奶奶", "王桂英")),
        ("王桂英（奶奶）", ("奶奶", "王桂英")),
        ("王桂英", None),
        ("欧阳 秀", None),  # a name with a blank is not a relation and a name
    ],
)
def test_a_guardian_typed_in_one_cell(cell: str, expected: tuple[str, str] | None) -> None:
    assert split_person(cell) == expected


def test_a_birth_year_month_is_completed_from_the_id_number() -> None:
    number = _id("20150308")
    for text in ("2015.03", "2015-3", "201503", "2015年3月"):
        assert birth_from(text, number) == "2015-03-08"
    assert birth_from("2015.04", number) is None  # the ID says another month
    assert birth_from("2015.03", "") is None  # nothing to complete it from


@pytest.mark.parametrize(
    ("flag", "kind", "father", "mother", "expected"),
    [
        ("双亲留守儿童", "", AWAY, AWAY, LeftBehindKind.BOTH_AWAY),
        ("", "父母均外出", AWAY, AWAY, LeftBehindKind.BOTH_AWAY),
        ("", "父亲外出母亲无监护能力", AWAY, INCAPABLE, LeftBehindKind.FATHER_AWAY),
        ("", "母亲外出，父亲已故", DEAD, AWAY, LeftBehindKind.MOTHER_AWAY),
        ("非留守儿童", "", None, None, LeftBehindKind.NOT),
        ("否", "", None, None, LeftBehindKind.NOT),
    ],
)
def test_the_status_a_file_states(flag, kind, father, mother, expected) -> None:  # type: ignore[no-untyped-def]
    status = status_of(flag, kind)
    assert status is not None
    assert (status.father, status.mother, status.kind) == (father, mother, expected)


def test_single_parent_or_yes_without_saying_who() -> None:
    single = status_of("单亲留守儿童", "")
    assert single is not None and single.kind is None and single.left_behind
    yes = status_of("是", "")
    assert yes is not None and yes.kind is None and yes.left_behind
    assert status_of("", "") is None and status_of("—", "/") is None
