"""拼音检索: find a pupil by name, full pinyin or pinyin initials.

Keys are computed when a name is saved (pypinyin is loaded only then) and stored with the
pupil; matching at search time is plain string work, fast enough for every keystroke.
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import product

MAX_VARIANTS = 6


# Surnames read differently from the character's everyday reading (百家姓).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "查": ("zha",),
    "区": ("ou",),
    "盖": ("ge",),
    "乐": ("yue",),
    "缪": ("miao",),
    "翟": ("zhai",),
    "覃": ("qin",),
    "召": ("shao",),
    "折": ("she",),
    "员": ("yun",),
    "种": ("chong",),
    "秘": ("bi",),
    "句": ("gou",),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
}


def search_keys(name: str) -> str:
    """Pinyin spellings of a name, syllables joined by ' and variants by spaces.

    The first variant reads the surname as a surname (曾 zeng, 单 shan) and is the sort key.
    The surname and first given character may have several readings: each is kept, so that
    any of them finds the pupil.
    """
    readings = [_readings(ch) for ch in name]
    syllables: list[list[str]] = []
    for i, options in enumerate(readings):
        opts = [o.lower() for o in options if o.strip()]
        if opts:
            syllables.append(list(dict.fromkeys(opts))[:3] if i < 2 else opts[:1])
    for surname, reading in SURNAME_READINGS.items():
        if name.startswith(surname) and len(syllables) >= len(reading):
            for i, syl in enumerate(reading):
                syllables[i] = [syl] + [o for o in syllables[i] if o != syl]
            break
    variants = []
    for combo in product(*syllables):
        variants.append("'".join(combo))
        if len(variants) >= MAX_VARIANTS:
            break
    return " ".join(dict.fromkeys(variants))


@lru_cache(maxsize=8192)
def _readings(ch: str) -> list[str]:
    """Every reading of one character, the everyday one first (names are read character by
    character; a roster of 2,000 names has only a few hundred distinct characters)."""
    # Reading one character at a time needs no phrase dictionary: pypinyin's documented
    # switches skip loading it (and copying the character dictionary), a third of its start-up.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="default")
    return found[0] if found else [ch]


def match_prefixes(keys: str) -> tuple[str, ...]:
    """Everything a query may start with to find this pupil (see ``matches``)."""
    out: set[str] = set()
    for variant in keys.split():
        syl = [s for s in variant.split("'") if s]
        for i in range(len(syl)):
            out.add("".join(syl[i:]))
            out.add("".join(s[0] for s in syl[i:]))
    return tuple(sorted(out))


def normalise_query(query: str) -> str:
    return "".join(query.split()).lower()


_HAYSTACKS: dict[tuple[str, ...], str] = {}  # asked for every row at each keystroke: no lru


def _haystack(prefixes: tuple[str, ...]) -> str:
    """All prefixes in one string, each behind a NUL, so one substring test checks them all."""
    found = _HAYSTACKS.get(prefixes)
    if found is None:
        if len(_HAYSTACKS) > 50_000:  # names of every class opened in a long session: bounded
            _HAYSTACKS.clear()
        found = _HAYSTACKS[prefixes] = "".join("\x00" + p for p in prefixes)
    return found


def matches(query: str, name: str, prefixes: tuple[str, ...], student_number: str = "") -> bool:
    """True when ``query`` (already normalised) finds this pupil.

    Chinese text matches anywhere in the name; Latin letters match the full pinyin or the
    initials from the start of any syllable (``zdy`` and ``dy`` find 张冬月, ``zhang`` finds
    every 张); digits match the 学籍号.
    """
    if not query:
        return True
    if query in name:
        return True
    if query.isascii():
        if query.isdigit():
            return bool(student_number) and query in student_number
        haystack = _HAYSTACKS.get(prefixes)
        return "\x00" + query in (haystack if haystack is not None else _haystack(prefixes))
    return False
