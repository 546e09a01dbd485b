"""名册里的值 (what a roster's cells say): the words and marks schools really type, read as the
archive's values — "—" and "/" for "does not apply", a birth year-month completed from the ID
number, guardian relations beyond the form's list, "奶奶 王桂英" in one cell, and the
left-behind status in the words of the 学籍系统 and the county statistics sheet.

Pure functions: no file, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from liushou_desk.domain.dates import DateFormatError, parse_date
from liushou_desk.domain.enums import GuardianRelation, LeftBehindKind, ParentSituation
from liushou_desk.domain.idcard import IdNumberError, parse_id_number
from liushou_desk.domain.text import to_halfwidth

# a cell that says "does not apply" (a deceased parent's phone in the county sheet)
NOT_APPLICABLE = frozenset({"—", "——", "–", "-", "--", "－", "/", "／", "\\", "无", "暂无", "不详"})

# a parent's work place that says they are at home, not away
AT_HOME = frozenset(
    {"在家", "在家务农", "务农", "本地", "本地务工", "家中", "在本地", "本村", "在家带孩子"}
)
YES = frozenset({"是", "√", "✓", "Y", "y", "1", "留守", "是留守", "留守儿童"})
NO = frozenset({"否", "×", "✗", "N", "n", "0", "非留守", "非留守儿童", "不是"})

# everyday and regional words → the form's relation word
RELATION_WORDS = {
    "爷爷": "祖父",
    "祖父": "祖父",
    "奶奶": "祖母",
    "祖母": "祖母",
    "外公": "外祖父",
    "姥爷": "外祖父",
    "外祖父": "外祖父",
    "外婆": "外祖母",
    "姥姥": "外祖母",
    "外祖母": "外祖母",
    "爸爸": "父亲",
    "父亲": "父亲",
    "父": "父亲",
    "妈妈": "母亲",
    "母亲": "母亲",
    "母": "母亲",
    "伯父": "伯父/叔叔",
    "伯伯": "伯父/叔叔",
    "叔叔": "伯父/叔叔",
    "叔父": "伯父/叔叔",
    "姑姑": "姑姑/姨妈",
    "姑妈": "姑姑/姨妈",
    "姨妈": "姑姑/姨妈",
    "姨": "姑姑/姨妈",
    "阿姨": "姑姑/姨妈",
    "哥哥": "哥哥/姐姐",
    "姐姐": "哥哥/姐姐",
}
# kin the form's list has no word for: kept as 其他亲属 with the word itself
OTHER_KIN = frozenset(
    {"舅舅", "舅妈", "婶婶", "婶子", "姨父", "姑父", "嫂子", "表哥", "表姐", "堂哥", "堂姐"}
    | {"舅爷", "姑奶奶", "干爹", "干妈", "继父", "继母", "亲戚", "邻居"}
)
OTHER_RELATIVE = GuardianRelation.OTHER_RELATIVE.value
_LISTED = frozenset(GuardianRelation.labels())
_SPLIT = re.compile(r"^\s*(\S{1,4}?)\s*[:：\s]\s*(\S.*)$")
_BRACKETED = re.compile(r"^\s*(\S.*?)\s*[（(]\s*(\S{1,4})\s*[)）]\s*$")


def value_of(text: str) -> str:
    """The cell's text, blank when it only says "does not apply"."""
    stripped = text.strip()
    return "" if stripped in NOT_APPLICABLE else stripped


def relation_of(word: str) -> tuple[str, str]:
    """(the form's relation, the file's own word when the form's list has no such word).

    舅舅 → (其他亲属, 舅舅): the word is kept, on the guardian's note."""
    word = to_halfwidth(word).strip()
    if not word:
        return "", ""
    if word in _LISTED:
        return word, ""
    if word in RELATION_WORDS:
        return RELATION_WORDS[word], ""
    return OTHER_RELATIVE, word


def split_person(cell: str) -> tuple[str, str] | None:
    """ "奶奶 王桂英", "奶奶：王桂英" or "王桂英（奶奶）" → (relation word, name); None when the
    cell is only a name."""
    for pattern, word_first in ((_SPLIT, True), (_BRACKETED, False)):
        m = pattern.match(cell)
        if m:
            word, name = (m.group(1), m.group(2)) if word_first else (m.group(2), m.group(1))
            if word in RELATION_WORDS or word in _LISTED or word in OTHER_KIN:
                return word, name.strip()
    return None


def birth_from(text: str, id_number: str) -> str | None:
    """A birth date given as year and month only ("2015.03", "201503", "2015年3月") completed
    from a valid ID number of the same month; None when it cannot be."""
    s = to_halfwidth(text).strip()
    if re.fullmatch(r"\d{6}", s):
        s = f"{s[:4]}-{s[4:]}"
    try:
        month = parse_date(s, allow_month=True)
    except DateFormatError:
        return None
    if month is None or not id_number:
        return None
    try:
        born = parse_id_number(id_number).birth_date
    except IdNumberError:
        return None
    if (born.year, born.month) != (month.year, month.month):
        return None
    return born.isoformat()


def is_year_month(text: str) -> bool:
    s = to_halfwidth(text).strip()
    return bool(re.fullmatch(r"\d{4}\s*[-./年]\s*\d{1,2}\s*月?|\d{6}", s))


@dataclass(frozen=True)
class FileStatus:
    """The left-behind status as the file states it (是否留守儿童, 留守类型)."""

    words: str  # as written, for the reason of a 人工认定 and the preview
    father: ParentSituation | None = None
    mother: ParentSituation | None = None
    kind: LeftBehindKind | None = None  # when the file says which kind
    left_behind: bool | None = None  # 是 / 否 without saying more


_OTHER_PARENT = {
    "无监护能力": ParentSituation.INCAPABLE,
    "无监护": ParentSituation.INCAPABLE,
    "服刑": ParentSituation.INCAPABLE,
    "重病": ParentSituation.INCAPABLE,
    "残疾": ParentSituation.INCAPABLE,
    "已故": ParentSituation.DECEASED,
    "去世": ParentSituation.DECEASED,
    "死亡": ParentSituation.DECEASED,
    "离异": ParentSituation.ABSENT,
    "离家": ParentSituation.ABSENT,
    "失踪": ParentSituation.ABSENT,
    "不在身边": ParentSituation.ABSENT,
}
_ONE_AWAY = re.compile(r"(父亲|母亲)(?:外出|务工|外出务工)+[，,、；;\s]*(?:(母亲|父亲)(.*))?")
_BOTH = ("父母均外出", "父母双方外出", "父母双方均外出", "双亲外出", "父母外出", "双亲留守")


def status_of(flag: str, kind: str) -> FileStatus | None:
    """What 是否留守儿童 (``flag``) and 留守类型 (``kind``) say together; None when neither says
    anything."""
    flag, kind = value_of(to_halfwidth(flag)), value_of(to_halfwidth(kind))
    words = "，".join(w for w in (flag, kind) if w)
    if not words:
        return None
    text = kind or flag
    away, home = ParentSituation.AWAY, None
    if any(b in text for b in _BOTH) or flag == "双亲留守儿童":
        return FileStatus(words, away, away, LeftBehindKind.BOTH_AWAY, True)
    m = _ONE_AWAY.search(text)
    if m:
        other = _situation_word(m.group(3) or "")
        if m.group(1) == "父亲":
            return FileStatus(words, away, other, LeftBehindKind.FATHER_AWAY, True)
        return FileStatus(words, other, away, LeftBehindKind.MOTHER_AWAY, True)
    if kind in NO or flag in NO or "非留守" in text:
        return FileStatus(words, home, home, LeftBehindKind.NOT, False)
    if flag == "单亲留守儿童" or "单亲" in text:
        return FileStatus(words, left_behind=True)  # which parent: not said
    if flag in YES or kind in YES:
        return FileStatus(words, left_behind=True)
    return FileStatus(words)


def _situation_word(text: str) -> ParentSituation | None:
    for word, situation in _OTHER_PARENT.items():
        if word in text:
            return situation
    return None
