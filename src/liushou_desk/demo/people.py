"""示例班级的人: names, phone numbers, ID numbers and the other facts about one person that
the demo class generator (demo/maker.py) draws from a seeded random generator."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from liushou_desk.demo.data import (
    AREA_CODE,
    BOY_FIRST,
    BOY_NAMES,
    BOY_SECOND,
    GIRL_FIRST,
    GIRL_NAMES,
    GIRL_SECOND,
    MEN_WORK,
    MOBILE_PREFIXES,
    PERSONALITY_CONCERN,
    PERSONALITY_GOOD,
    RARE_NAMES,
    REGION_CODE,
    SURNAMES,
    WOMEN_WORK,
    WORK_PLACES,
    _Place,
)
from liushou_desk.domain.enums import Sex
from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.phones import PhoneError, normalise_phone
from liushou_desk.domain.terms import term_for

T = TypeVar("T")


class People:
    """Seeded draws of people and their facts, never repeating a name, ID or phone."""

    def __init__(self, pupils: int, seed: int, today: date):
        self.n = pupils
        self.rng = random.Random(seed)
        self.today = today
        self.school_year = term_for(today).school_year
        self.used_names: set[str] = {s + g for s, g, _ in RARE_NAMES}
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        sf_year = today.year + (1 if today.month >= 2 else 0)
        summer_year = today.year + (1 if today.month >= 7 else 0)
        self.returns: tuple[tuple[str, int], ...] = (
            (f"{sf_year}年春节", 40),
            ("春节", 12),
            ("不确定", 20),
            (f"{summer_year}年暑假", 8),
            ("农忙时回来", 5),
            ("每年春节回", 8),
            ("", 7),
        )

    # -- small helpers ------------------------------------------------------------------------

    def weighted(self, options: Sequence[tuple[T, int]]) -> T:
        return self.rng.choices([o for o, _ in options], [w for _, w in options])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number in self.used_phones:
                continue
            try:
                normalise_phone(number)
            except PhoneError:
                continue
            self.used_phones.add(number)
            return number

    def landline(self) -> str:
        number = f"{AREA_CODE}-7{self.rng.randrange(10**6):06d}"
        try:
            normalise_phone(number)
        except PhoneError:
            return self.mobile()
        return number

    def given_name(self, sex: Sex) -> str:
        boy = sex is Sex.MALE
        if self.n <= 60 or self.chance(0.5):
            return self.rng.choice(BOY_NAMES if boy else GIRL_NAMES)
        first, second = (BOY_FIRST, BOY_SECOND) if boy else (GIRL_FIRST, GIRL_SECOND)
        return self.rng.choice(first) + self.rng.choice(second)

    def surname(self, *not_: str) -> str:
        """A surname, other than ``not_`` (a mother seldom shares the father's surname)."""
        while True:
            name = self.weighted(SURNAMES)
            if name not in not_:
                return name

    def adult_name(self, surname: str, pool: Sequence[str]) -> str:
        return surname + self.rng.choice(pool)

    # -- the class ----------------------------------------------------------------------------

    def id_number(self, birth: date, sex: Sex) -> str:
        parity = 1 if sex is Sex.MALE else 0
        while True:
            seq = self.rng.randrange(1, 500) * 2 - 2 + parity  # odd for boys, even for girls
            first17 = f"{REGION_CODE}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def personality(self, left_behind: bool) -> str:
        rng = self.rng
        concern = self.chance(0.45 if left_behind else 0.2)
        phrases = [rng.choice(PERSONALITY_CONCERN if concern else PERSONALITY_GOOD)]
        if self.chance(0.4):
            other = rng.choice(
                PERSONALITY_GOOD if concern else PERSONALITY_CONCERN + PERSONALITY_GOOD
            )
            if other not in phrases:
                phrases.append(other)
        return "；".join(phrases)

    # -- ⑤ parents and guardians --------------------------------------------------------------

    def away_since(self) -> str:
        """A departure 4 months to 6 years ago, mostly 1–6 years, in the forms teachers write."""
        rng, today = self.rng, self.today
        latest = today - timedelta(days=120)
        days = rng.randint(365, 6 * 365) if self.chance(0.85) else rng.randint(120, 364)
        day = today - timedelta(days=days)
        style = rng.random()
        if style < 0.4:  # left after the Spring Festival
            after_festival = date(day.year, rng.choice((2, 2, 3)), rng.randint(1, 28))
            if after_festival <= latest:
                day = after_festival
        elif style < 0.7:  # the teacher knows only the month
            return f"{day.year}年{day.month}月"
        return day.isoformat()

    def work(self, sex: Sex, place: _Place | None = None) -> tuple[str, str, str]:
        province, city, units, _ = place or self.weighted([(p, p[3]) for p in WORK_PLACES])
        generic = MEN_WORK if sex is Sex.MALE else WOMEN_WORK
        unit = self.rng.choice(units) if self.chance(0.7) else self.rng.choice(generic)
        return province, city, unit
