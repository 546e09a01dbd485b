"""居民身份证号码 (GB 11643-1999): check digit, normalisation, embedded birth date and sex."""

from __future__ import annotations

from datetime import date

import pytest

from liushou_desk.domain.enums import Sex
from liushou_desk.domain.idcard import (
    IdNumberError,
    check_digit,
    mask_id_number,
    normalise_id_number,
    parse_id_number,
)

today = date(2026, 11, 23)


def make_id(first17: str) -> str:
    """A valid 18-digit number from its first 17 digits."""
    assert len(first17) == 17
    return first17 + check_digit(first17)


def make_id_ending_in_x(prefix14: str) -> str:
    """A valid number whose check digit is X (sequence codes are searched)."""
    for seq in range(1000):
        first17 = f"{prefix14}{seq:03d}"
        if check_digit(first17) == "X":
            return first17 + "X"
    raise AssertionError("no sequence gives X")  # pragma: no cover


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- check digit -----------------------------------------------------------------------------


def test_check_digit_of_the_standard_example() -> None:
    # The worked example of GB 11643-1999: 11010519491231002X.
    assert check_digit("11010519491231002") == "X"
    assert parse_id_number("11010519491231002X", today=today).birth_date == date(1949, 12, 31)


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("52010220160305123", "9"),
        ("44030420150101001", None),
        ("51172520141231002", None),
    ],
)
def test_check_digit_is_the_one_parse_accepts(first17: str, expected: str | None) -> None:
    digit = check_digit(first17)
    if expected is not None:
        assert digit == expected
    assert digit in "0123456789X"
    assert parse_id_number(first17 + digit, today=today).number == first17 + digit


def test_every_other_check_digit_is_refused() -> None:
    first17 = "52010220160305123"
    good = check_digit(first17)
    for wrong in "0123456789X":
        if wrong == good:
            continue
        with pytest.raises(IdNumberError, match="校验位不对"):
            parse_id_number(first17 + wrong, today=today)


def test_one_mistyped_digit_is_caught_by_the_check_digit() -> None:
    number = make_id("52010220160305123")
    mistyped = number[:3] + ("5" if number[3] != "5" else "6") + number[4:]
    with pytest.raises(IdNumberError, match="校验位不对"):
        parse_id_number(mistyped, today=today)


# --- normalisation ---------------------------------------------------------------------------


def test_lowercase_x_is_accepted_and_stored_upper_case() -> None:
    number = make_id_ending_in_x("52010220160305")
    parsed = parse_id_number(number.lower(), today=today)
    assert parsed.number == number
    assert parsed.number.endswith("X")


def test_full_width_digits_and_blanks_are_normalised() -> None:
    number = make_id("52010220160305123")
    typed = " " + to_fullwidth(number[:6]) + "\u3000" + to_fullwidth(number[6:]) + " "
    assert normalise_id_number(typed) == number
    assert parse_id_number(typed, today=today).number == number


def test_full_width_x_is_normalised() -> None:
    number = make_id_ending_in_x("52010220160305")
    assert normalise_id_number(number[:-1] + "ｘ") == number


def test_empty_number_is_refused() -> None:
    assert normalise_id_number(None) == ""
    with pytest.raises(IdNumberError, match="身份证号为空"):
        parse_id_number("   ", today=today)


# --- refused numbers -------------------------------------------------------------------------


def test_fifteen_digits_say_excel_may_have_truncated_the_number() -> None:
    with pytest.raises(IdNumberError) as exc:
        parse_id_number("520102160305123", today=today)
    message = str(exc.value)
    assert "15位" in message
    assert "Excel" in message


@pytest.mark.parametrize("text", ["5201022016030512", "5201022016030512345"])
def test_wrong_length_says_how_many_digits(text: str) -> None:
    with pytest.raises(IdNumberError, match=f"应为18位，现在是{len(text)}位"):
        parse_id_number(text, today=today)


def test_letters_inside_the_number_are_refused() -> None:
    with pytest.raises(IdNumberError, match="前17位应为数字"):
        parse_id_number("52010220160305A239", today=today)


@pytest.mark.parametrize(
    "birth",
    [
        "20160230",  # no 30 February
        "20161301",  # no month 13
        "20150229",  # 2015 is not a leap year
        "18991231",  # before 1900
    ],
)
def test_invalid_embedded_birth_date_is_refused(birth: str) -> None:
    number = make_id("520102" + birth + "123")
    with pytest.raises(IdNumberError, match="出生日期无效"):
        parse_id_number(number, today=today)


def test_leap_day_birth_is_accepted() -> None:
    assert parse_id_number(make_id("52010220160229123"), today=today).birth_date == date(
        2016, 2, 29
    )


def test_birth_date_in_the_future_is_refused() -> None:
    tomorrow = make_id("52010220261124123")
    with pytest.raises(IdNumberError, match="出生日期无效"):
        parse_id_number(tomorrow, today=today)
    # Born today is possible.
    assert parse_id_number(make_id("52010220261123123"), today=today).birth_date == today


@pytest.mark.parametrize("province", ["00", "10", "20", "39", "99"])
def test_bad_province_code_is_refused(province: str) -> None:
    number = make_id(province + "010220160305123")
    with pytest.raises(IdNumberError, match="省份代码"):
        parse_id_number(number, today=today)


@pytest.mark.parametrize("province", ["11", "44", "51", "52", "65", "81"])
def test_real_province_codes_are_accepted(province: str) -> None:
    number = make_id(province + "010220160305123")
    assert parse_id_number(number, today=today).number == number


# --- what the number tells ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digit17", "sex"),
    [("1", Sex.MALE), ("3", Sex.MALE), ("9", Sex.MALE), ("0", Sex.FEMALE), ("2", Sex.FEMALE)],
)
def test_sex_comes_from_the_17th_digit(digit17: str, sex: Sex) -> None:
    parsed = parse_id_number(make_id("5201022016030512" + digit17), today=today)
    assert parsed.sex is sex
    assert parsed.birth_date == date(2016, 3, 5)


def test_mask_keeps_area_code_and_last_four() -> None:
    number = make_id_ending_in_x("51172520141231")
    masked = mask_id_number(number)
    assert masked == number[:6] + "********" + number[-4:]
    assert len(masked) == 18
    assert "20141231" not in masked
    assert masked.endswith("X")


def test_mask_of_a_short_value_hides_everything() -> None:
    assert mask_id_number("123456") == "******"
    assert mask_id_number("") == ""
