"""学年 / 学期: the school calendar.

The first term (第一学期) runs from September to January, the second (第二学期) from February
to July. August belongs to the coming first term, so a teacher preparing in August already sees
the new term.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TermSpec:
    school_year: int  # the year the school year starts: 2026 for 2026—2027
    number: int  # 1 or 2
    start: date
    end: date

    @property
    def name(self) -> str:
        which = "第一学期" if self.number == 1 else "第二学期"
        return f"{self.school_year}—{self.school_year + 1}学年{which}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def default_term(school_year: int, number: int) -> TermSpec:
    if number == 1:
        return TermSpec(school_year, 1, date(school_year, 8, 1), date(school_year + 1, 1, 31))
    return TermSpec(school_year, 2, date(school_year + 1, 2, 1), date(school_year + 1, 7, 31))


def term_for(day: date) -> TermSpec:
    """The default term that a day falls in."""
    if day.month >= 8:
        return default_term(day.year, 1)
    if day.month == 1:
        return default_term(day.year - 1, 1)
    return default_term(day.year - 1, 2)


class TermFormatError(ValueError):
    """A term written in a way the app does not understand."""


def parse_term(text: str) -> TermSpec:
    """A term as people write it: 2026—2027学年第一学期, 2026-2027-1, 2026-2027学年第二学期,
    2026-1 (the school year's first year and the term number)."""
    import re

    clean = text.strip().replace("－", "-").replace("—", "-").replace("–", "-")
    match = re.fullmatch(
        r"(\d{4})(?:\s*-\s*(\d{4}))?\s*(?:学年)?\s*[-\s]?\s*(?:第?([一二12])学期|([12]))",
        clean,
    )
    if not match:
        raise TermFormatError(f"看不懂学期“{text}”，请写成 2026-2027-1 或 2026—2027学年第一学期")
    first = int(match.group(1))
    if match.group(2) and int(match.group(2)) != first + 1:
        raise TermFormatError(f"学年“{text}”的两个年份应相连，如 2026-2027")
    number = match.group(3) or match.group(4)
    return default_term(first, 1 if number in ("一", "1") else 2)
