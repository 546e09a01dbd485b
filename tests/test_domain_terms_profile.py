"""学年 / 学期 and the 五个清楚 profile form checks (domain/terms.py, domain/profile.py)."""

from __future__ import annotations

from datetime import date

import pytest

from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.profile import (
    FIELD_LABELS,
    FieldError,
    GuardianDraft,
    ProfileDraft,
    ValidationFailed,
    field_label,
    validate_profile,
)
from liushou_desk.domain.terms import TermSpec, default_term, term_for

today = date(2026, 11, 23)
# A boy born 2016-03-05 (17th digit 3 is odd).
BOY_ID = "52010220160305123" + check_digit("52010220160305123")
# A girl born 2015-07-09 (17th digit 2 is even).
GIRL_ID = "52010220150709122" + check_digit("52010220150709122")


# --- terms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "school_year", "number"),
    [
        (date(2026, 8, 1), 2026, 1),  # August already belongs to the coming first term
        (date(2026, 8, 31), 2026, 1),
        (date(2026, 9, 1), 2026, 1),
        (date(2026, 10, 15), 2026, 1),
        (date(2026, 11, 23), 2026, 1),
        (date(2026, 12, 31), 2026, 1),
        (date(2027, 1, 1), 2026, 1),  # January: first term of the previous year's school year
        (date(2027, 1, 31), 2026, 1),
        (date(2027, 2, 1), 2026, 2),
        (date(2027, 3, 15), 2026, 2),
        (date(2027, 4, 30), 2026, 2),
        (date(2027, 5, 1), 2026, 2),
        (date(2027, 6, 30), 2026, 2),
        (date(2027, 7, 31), 2026, 2),
    ],
)
def test_term_for_each_month(day: date, school_year: int, number: int) -> None:
    term = term_for(day)
    assert (term.school_year, term.number) == (school_year, number)
    assert term.contains(day)


def test_every_day_of_a_school_year_is_in_exactly_one_term() -> None:
    first, second = default_term(2026, 1), default_term(2026, 2)
    day = date(2026, 8, 1)
    while day <= date(2027, 7, 31):
        assert first.contains(day) != second.contains(day), day
        assert term_for(day) in (first, second)
        day = date.fromordinal(day.toordinal() + 1)
    assert not first.contains(date(2026, 7, 31))
    assert not second.contains(date(2027, 8, 1))


def test_term_names() -> None:
    assert term_for(today).name == "2026—2027学年第一学期"
    assert term_for(date(2027, 3, 1)).name == "2026—2027学年第二学期"
    assert term_for(date(2026, 1, 10)).name == "2025—2026学年第一学期"
    assert TermSpec(2030, 2, date(2031, 2, 1), date(2031, 7, 31)).name == "2030—2031学年第二学期"


def test_default_term_dates() -> None:
    assert default_term(2026, 1) == TermSpec(2026, 1, date(2026, 8, 1), date(2027, 1, 31))
    assert default_term(2026, 2) == TermSpec(2026, 2, date(2027, 2, 1), date(2027, 7, 31))


# --- profile validation ----------------------------------------------------------------------


def fields(errors: list[FieldError]) -> list[str]:
    return [e.field for e in errors]


def messages(errors: list[FieldError], path: str) -> list[str]:
    return [e.message for e in errors if e.field == path]


def test_a_good_draft_is_cleaned_and_has_no_errors() -> None:
    draft = ProfileDraft(
        name="王　芳",
        sex="女",
        birth_date="2015年7月9日",
        id_number=GIRL_ID,
        student_number=" G５２０１ 0220 ",
        address="  贵州省  遵义市 ",
    )
    draft.father.situation = "外出务工"
    draft.father.phone = "138 1234 8000"
    draft.father.away_since = "2024年3月"
    draft.mother.situation = "在家"
    draft.guardians = [GuardianDraft(name="李秀英", relation="祖母", age="６８岁", capacity="一般")]
    clean, errors = validate_profile(draft, today)
    assert errors == []
    assert clean.name == "王芳"
    assert clean.birth_date == "2015-07-09"
    assert clean.student_number == "G52010220"
    assert clean.address == "贵州省 遵义市"
    assert clean.father.phone == "13812348000"
    assert clean.father.away_since == "2024-03-01"
    assert clean.guardians[0].age == "68"
    # The draft the teacher typed is left alone.
    assert draft.name == "王　芳"


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_empty_name_is_refused(name: str) -> None:
    _, errors = validate_profile(ProfileDraft(name=name), today)
    assert messages(errors, "name") == ["姓名不能为空"]


def test_too_long_name_is_refused() -> None:
    _, errors = validate_profile(ProfileDraft(name="王" * 41), today)
    assert messages(errors, "name") == ["姓名太长"]


def test_birth_date_in_the_future_is_refused() -> None:
    _, errors = validate_profile(ProfileDraft(name="王芳", birth_date="2026-11-24"), today)
    assert "日期不能晚于今天" in messages(errors, "birth_date")


def test_future_birth_date_gives_one_sensible_message() -> None:
    _, errors = validate_profile(ProfileDraft(name="王芳", birth_date="2027-01-01"), today)
    assert messages(errors, "birth_date") == ["日期不能晚于今天"]


@pytest.mark.parametrize(("birth", "age"), [("2000-01-01", 26), ("2025-06-01", 1)])
def test_unlikely_pupil_age_is_questioned(birth: str, age: int) -> None:
    _, errors = validate_profile(ProfileDraft(name="王芳", birth_date=birth), today)
    assert messages(errors, "birth_date") == [f"按此日期学生{age}岁，请核对"]


def test_unreadable_birth_date_is_reported_in_chinese() -> None:
    clean, errors = validate_profile(ProfileDraft(name="王芳", birth_date="2016-02-30"), today)
    assert messages(errors, "birth_date") == ["没有这一天：2016-02-30"]
    assert clean.birth_date == "2016-02-30"  # kept as typed, for the teacher to correct


def test_id_and_birth_date_mismatch_is_reported_at_birth_date() -> None:
    draft = ProfileDraft(name="张冬月", birth_date="2016-03-06", id_number=BOY_ID)
    _, errors = validate_profile(draft, today)
    assert messages(errors, "birth_date") == ["与身份证号中的出生日期（2016-03-05）不一致"]
    assert "id_number" not in fields(errors)


def test_id_and_sex_mismatch_is_reported_at_sex() -> None:
    draft = ProfileDraft(name="张冬月", sex="女", id_number=BOY_ID)
    _, errors = validate_profile(draft, today)
    assert messages(errors, "sex") == ["与身份证号不一致（身份证号显示为男）"]


def test_sex_and_birth_date_are_filled_from_the_id_when_empty() -> None:
    clean, errors = validate_profile(ProfileDraft(name="王芳", id_number=GIRL_ID.lower()), today)
    assert errors == []
    assert clean.sex == "女"
    assert clean.birth_date == "2015-07-09"
    assert clean.id_number == GIRL_ID


def test_invalid_id_number_is_reported_at_id_number() -> None:
    _, errors = validate_profile(ProfileDraft(name="王芳", id_number="520102160305123"), today)
    assert len(messages(errors, "id_number")) == 1
    assert "Excel" in messages(errors, "id_number")[0]


def test_invalid_father_phone_is_reported_at_father_phone() -> None:
    draft = ProfileDraft(name="王芳")
    draft.father.phone = "138 1234 800"
    clean, errors = validate_profile(draft, today)
    assert fields(errors) == ["father.phone"]
    assert messages(errors, "father.phone") == ["号码无效，请核对位数：138 1234 800"]
    assert clean.father.phone == "138 1234 800"


def test_invalid_mother_second_phone_is_reported_at_mother_phone2() -> None:
    draft = ProfileDraft(name="王芳")
    draft.mother.phone2 = "abc"
    _, errors = validate_profile(draft, today)
    assert fields(errors) == ["mother.phone2"]


@pytest.mark.parametrize("age", ["13", "111", "七十", "-5", "70.5"])
def test_guardian_age_out_of_range(age: str) -> None:
    draft = ProfileDraft(name="王芳", guardians=[GuardianDraft(name="李秀英", age=age)])
    _, errors = validate_profile(draft, today)
    assert messages(errors, "guardians.0.age") == ["年龄应为14–110之间的整数"]


@pytest.mark.parametrize(("age", "clean_age"), [("14", "14"), ("110", "110"), ("68岁", "68")])
def test_guardian_age_in_range(age: str, clean_age: str) -> None:
    draft = ProfileDraft(name="王芳", guardians=[GuardianDraft(name="李秀英", age=age)])
    clean, errors = validate_profile(draft, today)
    assert errors == []
    assert clean.guardians[0].age == clean_age


def test_guardian_without_name_is_refused_at_its_position() -> None:
    draft = ProfileDraft(
        name="王芳",
        guardians=[GuardianDraft(name="李秀英"), GuardianDraft(name="  ", relation="祖父")],
    )
    _, errors = validate_profile(draft, today)
    assert fields(errors) == ["guardians.1.name"]
    assert messages(errors, "guardians.1.name") == ["监护人姓名不能为空"]


def test_away_since_while_at_home_is_refused() -> None:
    draft = ProfileDraft(name="王芳")
    draft.mother.situation = "在家"
    draft.mother.away_since = "2024年3月"
    _, errors = validate_profile(draft, today)
    assert messages(errors, "mother.away_since") == ["只有“外出务工”时才填外出时间"]


def test_away_since_in_the_future_is_refused() -> None:
    draft = ProfileDraft(name="王芳")
    draft.father.situation = "外出务工"
    draft.father.away_since = "2027年1月"
    _, errors = validate_profile(draft, today)
    assert messages(errors, "father.away_since") == ["日期不能晚于今天"]


@pytest.mark.parametrize(
    ("setup", "path"),
    [
        (lambda d: setattr(d, "sex", "M"), "sex"),
        (lambda d: setattr(d.father, "situation", "打工"), "father.situation"),
        (lambda d: setattr(d.mother, "situation", "在外"), "mother.situation"),
        (
            lambda d: d.guardians.append(GuardianDraft(name="李", relation="奶奶")),
            "guardians.0.relation",
        ),
        (lambda d: d.guardians.append(GuardianDraft(name="李", health="好")), "guardians.0.health"),
        (
            lambda d: d.guardians.append(GuardianDraft(name="李", literacy="大学")),
            "guardians.0.literacy",
        ),
        (
            lambda d: d.guardians.append(GuardianDraft(name="李", capacity="很好")),
            "guardians.0.capacity",
        ),
    ],
)
def test_choices_not_in_the_list_are_refused(setup, path: str) -> None:  # type: ignore[no-untyped-def]
    draft = ProfileDraft(name="王芳")
    setup(draft)
    _, errors = validate_profile(draft, today)
    assert fields(errors) == [path]
    assert messages(errors, path)[0].startswith("请从列表中选择：")


def test_choice_lists_are_shown_in_the_message() -> None:
    _, errors = validate_profile(ProfileDraft(name="王芳", sex="M"), today)
    assert messages(errors, "sex") == ["请从列表中选择：男、女"]


def test_every_error_is_collected() -> None:
    draft = ProfileDraft(name="", sex="女", birth_date="2016-03-06", id_number=BOY_ID)
    draft.father.phone = "12345"
    draft.father.situation = "在家"
    draft.father.away_since = "2024年3月"
    draft.mother.situation = "打工"
    draft.guardians = [GuardianDraft(name="", relation="奶奶", age="120")]
    _, errors = validate_profile(draft, today)
    assert set(fields(errors)) >= {
        "name",
        "birth_date",
        "sex",
        "father.phone",
        "father.away_since",
        "mother.situation",
        "guardians.0.name",
        "guardians.0.relation",
        "guardians.0.age",
    }


def test_validation_failed_carries_every_error() -> None:
    errors = [FieldError("name", "姓名不能为空"), FieldError("father.phone", "号码无效")]
    exc = ValidationFailed(errors)
    assert exc.errors == errors
    assert "name: 姓名不能为空" in str(exc)
    assert "father.phone: 号码无效" in str(exc)


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("father.phone", "父亲电话"),
        ("mother.away_since", "母亲外出时间"),
        ("father.situation", "父亲现状"),
        ("guardians.0.age", "监护人1年龄"),
        ("guardians.1.name", "监护人2姓名"),
        ("name", "姓名"),
        ("id_number", "身份证号"),
        ("student_number", "学籍号"),
        ("health_mental", "心理健康"),
    ],
)
def test_field_label(path: str, label: str) -> None:
    assert field_label(path) == label


@pytest.mark.parametrize(
    ("path", "label"), [("guardians.0", "监护人1"), ("guardians.removed", "在家监护人")]
)
def test_field_label_of_whole_guardian_paths(path: str, label: str) -> None:
    # save_profile reports these paths in Changed.fields for added / removed guardians.
    assert field_label(path) == label


def test_every_draft_field_has_a_label() -> None:
    draft = ProfileDraft()
    for name in vars(draft):
        if name in ("father", "mother", "guardians", "grandparents"):
            continue
        assert name in FIELD_LABELS, name
    for name in vars(draft.father):
        if name != "role":
            assert f"parent.{name}" in FIELD_LABELS, name
    for name in vars(GuardianDraft()):
        if name != "id":
            assert f"guardian.{name}" in FIELD_LABELS, name
