"""拼音检索: find a pupil by name, full pinyin or pinyin initials.

Keys are computed when a name is saved (pypinyin is loaded only then) and stored with the
pupil; matching at search time is plain string work, fast enough for every keystroke.
"""

from __future__ import annotations

from itertools import product

MAX_VARIANTS = 6


def search_keys(name: str) -> str:
    """Pinyin spellings of a name, syllables joined by ' and variants by spaces.

    The surname and first given character may have several readings (曾 ceng/zeng,
    单 dan/shan): each reading is kept so that any of them finds the pupil.
    """
    from pypinyin import Style, pinyin

    readings = pinyin(name, style=Style.NORMAL, heteronym=True, errors=lambda chars: list(chars))
    syllables: list[list[str]] = []
    for i, options in enumerate(readings):
        opts = [o.lower() for o in options if o.strip()]
        if not opts:
            continue
        syllables.append(opts[:3] if i < 2 else opts[:1])
    variants = []
    for combo in product(*syllables):
        variants.append("'".join(combo))
        if len(variants) >= MAX_VARIANTS:
            break
    return " ".join(dict.fromkeys(variants))


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
        return any(p.startswith(query) for p in prefixes)
    return False
