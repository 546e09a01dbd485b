"""Reading dates the way teachers write them: 2016-03-05, 2016.3.5, 2016年3月5日, 20160305."""

from __future__ import annotations

import re
from datetime import date

from liushou_desk.domain.text import to_halfwidth

_YMD = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_YM = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateFormatError(ValueError):
    """The text is not a date we can read."""


def parse_date(text: str | None, *, allow_month: bool = False) -> date | None:
    """Parse a date typed in any of the usual forms; empty text gives None.

    With ``allow_month`` a year and month alone (2024年3月) means the first of that month,
    which is how teachers record when a parent left.
    """
    if text is None:
        return None
    s = to_halfwidth(str(text)).strip()
    if not s:
        return None
    for pattern in (_YMD, _COMPACT):
        m = pattern.match(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError as exc:
                raise DateFormatError(f"没有这一天：{s}") from exc
    if allow_month:
        m = _YM.match(s)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            try:
                return date(y, mo, 1)
            except ValueError as exc:
                raise DateFormatError(f"没有这个月份：{s}") from exc
    raise DateFormatError(f"看不懂的日期：{s}（请写成 2015-03-08）")


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def age_on(birth: date | None, today: date) -> int | None:
    """Whole years of age on ``today``."""
    if birth is None:
        return None
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")
