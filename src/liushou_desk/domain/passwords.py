"""密码强度 (password strength): whether a new password — the archive's, or the one that locks the
principal's archive on the USB stick — is too easy to guess, and why, in Chinese.

A password is refused when it is shorter than 8 characters, or when zxcvbn (Dropbox's
estimator, with its list of the 30,000 most common passwords, keyboard walks, dates and
repeats) finds it guessable in fewer than a million tries. zxcvbn's lists are English; the
passwords Chinese users choose most (5201314, woaini1314, 1qaz2wsx …) are added as its "user
inputs", with the names of the school, class and teacher the caller passes: a password made of
those is the first thing someone at the school would try.

Only new passwords are judged: an archive locked with an older, weaker password still opens.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_LENGTH = 8
# zxcvbn's score: 0 < 10³ guesses, 1 < 10⁶, 2 < 10⁸, 3 < 10¹⁰, 4 more
MIN_SCORE = 2

# the commonest passwords on Chinese sites (CSDN/Tianya/NetEase leaks, as published lists show
# them) that zxcvbn's English lists do not hold as words
CHINESE_COMMON = (
    "5201314",
    "520520",
    "1314520",
    "woaini",
    "woaini1314",
    "woaini520",
    "iloveyou",
    "aini1314",
    "wocaonima",
    "qq123456",
    "qwe123",
    "a123456",
    "aa123456",
    "abc123456",
    "123456a",
    "123456aa",
    "1qaz2wsx",
    "1q2w3e4r",
    "zxcvbnm",
    "asdfghjkl",
    "qazwsx",
    "147258369",
    "123qwe",
    "88888888",
    "66666666",
    "168168",
    "666888",
    "518518",
    "123456789a",
    "laoshi",
    "xuesheng",
    "xuexiao",
    "banzhuren",
    "liushou",
    "mima",
    "zhongguo",
    "beijing",
)


def password_problem(password: str, context: Iterable[str] = ()) -> str | None:
    """Why ``password`` cannot be used as a new password (Chinese, one sentence), or None.
    ``context``: words a colleague would try first (the school, class, teacher's name)."""
    if len(password) < MIN_LENGTH:
        return f"密码至少要有 {MIN_LENGTH} 个字符。"
    if len(set(password)) == 1:
        return "密码不能全是同一个字符。"
    from zxcvbn import zxcvbn

    words = [*CHINESE_COMMON, *(w for w in context if w and w.strip())]
    result = zxcvbn(password[:100], user_inputs=words)
    if int(result["score"]) >= MIN_SCORE:
        return None
    advice = "请换一个更难猜的密码（可以把几个词、数字和符号组合起来）。"
    return _reason(result["sequence"], CHINESE_COMMON) + advice


_PATTERN_REASONS = {
    "spatial": "这个密码是键盘上相邻的键，",
    "repeat": "这个密码由重复的字符组成，",
    "sequence": "这个密码是连续的字母或数字，",
    "date": "这个密码像是日期（如生日），",
    "regex": "这个密码像是年份，",
}


def _reason(sequence: list[dict], common: Iterable[str]) -> str:  # type: ignore[type-arg]
    """The main weakness zxcvbn found, in words the teacher understands."""
    common_words = {w.lower() for w in common}
    for match in sequence:
        if match.get("pattern") == "dictionary":
            own = match.get("dictionary_name") == "user_inputs"
            if own and str(match.get("matched_word", "")).lower() not in common_words:
                return "这个密码用了学校、班级或老师的名字，"
            return "这个密码是常见密码或常用词，"
    for match in sequence:
        reason = _PATTERN_REASONS.get(str(match.get("pattern")))
        if reason:
            return reason
    return "这个密码太容易被猜到，"
