"""Normalising what teachers type or paste: names, free text, dates and phone numbers."""

from __future__ import annotations

from datetime import date

import pytest

from liushou_desk.domain.dates import (
    DateFormatError,
    add_months,
    age_on,
    format_date,
    parse_date,
)
from liushou_desk.domain.phones import PhoneError, mask_phone, normalise_phone
from liushou_desk.domain.text import clean_name, clean_text, to_halfwidth

today = date(2026, 11, 23)

# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("王　芳", "王芳"),  # full-width space used to align two-character names
        (" 李 明 ", "李明"),
        ("\u3000张\u3000冬\u3000月\u3000", "张冬月"),
        ("欧阳\u00a0娜娜", "欧阳娜娜"),  # no-break space pasted from a web page
        ("王芳", "王芳"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),  # bullet typed for the middle dot
        ("艾力．吐尔逊", "艾力·吐尔逊"),  # full-width full stop typed for the middle dot
        ("John  Smith", "John Smith"),  # Latin names keep one space
        ("  Anna\u3000Lee ", "Anna Lee"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_clean_name(typed: str | None, clean: str) -> None:
    assert clean_name(typed) == clean


@pytest.mark.parametrize(
    "typed",
    ["阿依古丽 · 买买提", "阿依古丽\u3000·\u3000买买提", "阿依古丽・买买提", " 阿依古丽 •买买提 "],
)
def test_clean_name_drops_blanks_around_the_middle_dot(typed: str) -> None:
    assert clean_name(typed) == "阿依古丽·买买提"


def test_clean_text_trims_and_collapses_blanks_per_line() -> None:
    typed = "  性格  内向，\u3000\u3000不爱说话  \r\n\r\n  喜欢画画\t\t和唱歌 \r 完 \n\n"
    assert clean_text(typed) == "性格 内向， 不爱说话\n\n喜欢画画 和唱歌\n完"
    assert clean_text(None) == ""
    assert clean_text(" \n \n ") == ""


def test_to_halfwidth() -> None:
    assert to_halfwidth("１２３ＡＢＣ\u3000ｘ") == "123ABC x"
    assert to_halfwidth("") == ""


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "2016-03-05",
        "2016.3.5",
        "2016年3月5日",
        "2016年03月05日",
        "2016年3月5",
        "2016/03/05",
        "2016/3/5",
        "20160305",
        " 2016 年 3 月 5 日 ",
        "２０１６－０３－０５",
        "２０１６年３月５日",
        "２０１６０３０５",
        "２０１６．３．５",
    ],
)
def test_parse_date_reads_the_usual_forms(typed: str) -> None:
    assert parse_date(typed) == date(2016, 3, 5)


@pytest.mark.parametrize("typed", [None, "", "   ", "\u3000"])
def test_parse_date_of_nothing_is_none(typed: str | None) -> None:
    assert parse_date(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024年3月", date(2024, 3, 1)),
        ("2024.3", date(2024, 3, 1)),
        ("2024-03", date(2024, 3, 1)),
        ("2024/12", date(2024, 12, 1)),
        ("２０２４年３月", date(2024, 3, 1)),
        ("2024年3月15日", date(2024, 3, 15)),  # a full date stays a full date
    ],
)
def test_allow_month_reads_a_month_as_its_first_day(typed: str, expected: date) -> None:
    assert parse_date(typed, allow_month=True) == expected


def test_a_month_alone_is_not_a_date_without_allow_month() -> None:
    with pytest.raises(DateFormatError, match="看不懂的日期"):
        parse_date("2024年3月")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2016-02-30", "没有这一天：2016-02-30"),
        ("2015年2月29日", "没有这一天"),
        ("2016-13-01", "没有这一天"),
        ("20161301", "没有这一天"),
        ("2016-00-10", "没有这一天"),
        ("abc", "看不懂的日期：abc（请写成 2015-03-08）"),
        ("3月5日", "看不懂的日期"),
        ("16-3-5", "看不懂的日期"),
        ("2016-3-5-1", "看不懂的日期"),
        ("2016年", "看不懂的日期"),
    ],
)
def test_invalid_dates_raise_with_a_chinese_message(typed: str, message: str) -> None:
    with pytest.raises(DateFormatError) as exc:
        parse_date(typed)
    assert message in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_invalid_month_with_allow_month() -> None:
    with pytest.raises(DateFormatError, match="没有这个月份：2024年13月"):
        parse_date("2024年13月", allow_month=True)


def test_format_date() -> None:
    assert format_date(date(2016, 3, 5)) == "2016-03-05"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2016, 3, 5), today, 10),
        (date(2016, 11, 23), today, 10),  # birthday today
        (date(2016, 11, 24), today, 9),  # birthday tomorrow
        (date(2016, 12, 31), today, 9),
        (date(2010, 11, 23), today, 16),
        (date(2016, 2, 29), date(2026, 2, 28), 9),  # leap-day birthday not yet reached
        (date(2016, 2, 29), date(2026, 3, 1), 10),
        (today, today, 0),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_on_unknown_birth_is_none() -> None:
    assert age_on(None, today) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 8, 23), 3, date(2026, 11, 23)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),  # across the year
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), 0, date(2026, 1, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "national"),
    [
        ("13812348000", "13812348000"),
        ("138 1234 8000", "13812348000"),
        ("138-1234-8000", "13812348000"),
        ("+86 138 1234 8000", "13812348000"),
        ("+8613812348000", "13812348000"),
        ("(+86) 138-1234-8000", "13812348000"),
        ("１３８１２３４８０００", "13812348000"),
        ("  15985161234  ", "15985161234"),
        ("0851-86123456", "0851-86123456"),
        ("0851 8612 3456", "0851-86123456"),
        ("(0851)86123456", "0851-86123456"),
        ("085186123456", "0851-86123456"),
        ("010-12345678", "010-12345678"),
        ("02112345678", "021-12345678"),
    ],
)
def test_normalise_phone(typed: str, national: str) -> None:
    assert normalise_phone(typed) == national


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_empty_phone_is_empty(typed: str | None) -> None:
    assert normalise_phone(typed) == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "号码无效，请核对位数：12345"),
        ("1381234800", "号码无效"),  # one digit short
        ("138123480001", "号码无效"),  # one digit too many
        ("10000000000", "号码无效"),
        ("abc", "不是电话号码：abc"),
    ],
)
def test_invalid_phone_raises_with_a_chinese_message(typed: str, message: str) -> None:
    with pytest.raises(PhoneError) as exc:
        normalise_phone(typed)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812348000", "138****8000"),
        ("0851-86123456", "085****3456"),
        ("123", "***"),
        ("", ""),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_the_mobile_fast_path_agrees_with_the_library_everywhere() -> None:
    """An 11-digit mobile is checked with the library's own patterns, without parsing; the same
    number written with +86 goes the library's whole way. Both agree on 3,000 numbers."""
    import random

    from liushou_desk.domain.phones import PhoneError, normalise_phone

    rng = random.Random(14)
    for _ in range(3000):
        number = "1" + "".join(rng.choice("0123456789") for _ in range(10))
        results = []
        for text in (number, f"+86 {number}"):
            try:
                results.append(normalise_phone(text))
            except PhoneError:
                results.append(None)
        assert results[0] == results[1], number


def test_the_mobile_ranges_kept_are_the_librarys() -> None:
    """The plain mobile's check (no library loaded) uses the library's own CN mobile pattern,
    and the library's pattern for Chinese numbers takes every 11-digit number starting with 1;
    a library that learns other ranges fails here before a number is judged differently."""
    import re

    import phonenumbers

    from liushou_desk.domain.phones import CN_MOBILE

    meta = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert meta is not None and meta.mobile is not None and meta.general_desc is not None
    assert CN_MOBILE.pattern == meta.mobile.national_number_pattern
    general = re.compile(meta.general_desc.national_number_pattern or "")
    assert all(general.fullmatch(f"1{n:010d}") for n in range(0, 10**10, 7_777_777))


def test_a_plain_mobile_is_checked_without_loading_the_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from liushou_desk.domain.phones import normalise_phone as n;"
        "assert n('138 1234 8000') == '13812348000';"
        "assert n('１３９１２３４５６７８') == '13912345678';"
        "print('phonenumbers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
