"""居民身份证号码: checks by GB 11643-1999 (check digit, embedded birth date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liushou_desk.domain.enums import Sex
from liushou_desk.domain.text import to_halfwidth

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Province-level codes (first two digits) in use.
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    ]
)


class IdNumberError(ValueError):
    """The ID number is not valid; the message says why, in Chinese."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: date
    sex: Sex


def normalise_id_number(text: str | None) -> str:
    """Full-width digits become ASCII, lowercase x becomes X, blanks go."""
    if not text:
        return ""
    return "".join(to_halfwidth(text).split()).upper()


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def parse_id_number(text: str | None, *, today: date | None = None) -> IdNumber:
    """Validate an 18-digit ID number and read the birth date and sex in it."""
    number = normalise_id_number(text)
    if not number:
        raise IdNumberError("身份证号为空")
    if len(number) == 15 and number.isdigit():
        raise IdNumberError("只有15位：可能是被 Excel 截断的18位号码，请核对原件")
    if len(number) != 18:
        raise IdNumberError(f"应为18位，现在是{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("前17位应为数字，最后一位为数字或 X")
    if number[:2] not in _PROVINCES:
        raise IdNumberError("前两位不是有效的省份代码")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError("第7–14位的出生日期无效") from exc
    if birth.year < 1900 or birth > (today or date.today()):
        raise IdNumberError("第7–14位的出生日期无效")
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError("校验位不对，请核对是否有输错的数字")
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return IdNumber(number=number, birth_date=birth, sex=sex)


def mask_id_number(number: str) -> str:
    """511725********123X — for print and export."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_student_number(number: str) -> str:
    """学籍号 is often "G" + the ID number: then it is masked like the ID number."""
    if len(number) == 19 and number[1:18].isdigit():
        return number[0] + mask_id_number(number[1:])
    return number
