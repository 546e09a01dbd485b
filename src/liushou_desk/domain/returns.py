"""预计返乡: reading when a parent expects to come home from what the teacher wrote — 2027年春节,
2026年暑假, 2026年10月, 明年春节 … — so the 待办 list can ask for a status review."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from liushou_desk.domain.text import to_halfwidth

# 春节 (first day of the lunar year); other years fall back to 5 February.
SPRING_FESTIVAL: dict[int, date] = {
    y: date(y, m, d)
    for y, m, d in (
        (2015, 2, 19),
        (2016, 2, 8),
        (2017, 1, 28),
        (2018, 2, 16),
        (2019, 2, 5),
        (2020, 1, 25),
        (2021, 2, 12),
        (2022, 2, 1),
        (2023, 1, 22),
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
        (2029, 2, 13),
        (2030, 2, 3),
        (2031, 1, 23),
        (2032, 2, 11),
        (2033, 1, 31),
        (2034, 2, 19),
        (2035, 2, 8),
    )
}

_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-./](?=\s*\d)|$)")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_CN_DIGITS |= {"九": 9, "十": 10, "〇": 0, "零": 0}
_MONTH_DAY = re.compile(
    r"^\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[月\-./]\s*(\d{1,2})\s*[日号]?"
)
_MONTH = re.compile(
    r"^\s*(?:(\d{1,2})\s*(?:月份?|$)|([一二三四五六七八九十]{1,3})\s*月份?)\s*(初|上旬|中旬|中|下旬|底|末)?"
)
# (words, month, day) in the order they are tried; day 0 = the month's last day.
_SEASONS: tuple[tuple[tuple[str, ...], int, int], ...] = (
    (("元宵",), 0, 0),  # 春节 + 14, below
    (("春节", "过年", "年关", "新年", "正月"), 0, 0),
    (("寒假",), 1, 31),
    (("清明",), 4, 5),
    (("五一", "劳动节"), 5, 1),
    (("端午",), 6, 15),
    (("暑假",), 7, 15),
    (("中秋",), 9, 20),
    (("国庆", "十一"), 10, 1),
    (("上半年", "年中"), 6, 30),
    (("年初",), 1, 31),
    (("年底", "年末", "年尾", "下半年"), 12, 31),
)


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    values = [_CN_DIGITS.get(ch) for ch in text]
    if any(v is None for v in values):
        return None
    if len(values) == 1:
        return values[0]
    if values[0] == 10 and len(values) == 2:  # 十一, 十二
        return 10 + (values[1] or 0)
    return None


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def day_in_month(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        day = last
    return date(year, month, day) if 1 <= day <= last else None


@lru_cache(maxsize=4096)
def expected_return_date(text: str) -> date | None:
    """The date an expected return written as free text means, or None when it says none.

    ``2026年春节`` → that year's Spring Festival, ``2026年暑假`` → 15 July, ``2026年10月`` →
    31 October, ``2026年10月5日`` → that day, ``2026年底`` → 31 December, ``2026年`` alone →
    31 December (a vague text is read late, so nobody is asked too early). Text without a
    year (``不确定``, ``明年春节``) gives None.
    """
    s = to_halfwidth(text or "").strip()
    m = _YEAR.search(s)
    if m is None:
        return None
    year = int(m.group(1))
    rest = s[m.end() :]
    md = _MONTH_DAY.match(rest)
    if md:
        month, day = _cn_number(md.group(1)), int(md.group(2))
        return day_in_month(year, month, day) if month else None
    mo = _MONTH.match(rest)
    if mo:
        month = _cn_number(mo.group(1) or mo.group(2))
        if not month:
            return None
        part = mo.group(3) or ""
        day = {"初": 10, "上旬": 10, "中": 20, "中旬": 20, "下旬": 0, "底": 0, "末": 0}.get(part, 0)
        return day_in_month(year, month, day)
    spring = SPRING_FESTIVAL.get(year, date(year, 2, 5))
    for words, month, day in _SEASONS:
        if any(w in rest for w in words):
            if words[0] == "元宵":
                return spring + timedelta(days=14)
            if month == 0:
                return spring
            return day_in_month(year, month, day)
    return date(year, 12, 31)


# --- the rules ----------------------------------------------------------------------------------
