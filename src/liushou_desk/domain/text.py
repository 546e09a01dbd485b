"""Normalising what people type or paste: full-width digits, padded names, stray spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
# control characters (a pasted BEL, ESC or NUL) and bidi overrides (U+202E turns a name around
# on screen): never stored, never exported; tabs become blanks, line breaks stay in free text
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def strip_controls(text: str) -> str:
    """The text without control characters and bidi overrides (tabs become blanks)."""
    return _CONTROLS.sub("", text.replace("\t", " ")) if text else text


_CJK = r"\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_AROUND_DOT = re.compile(r"[\s\u3000\u00a0]*·[\s\u3000\u00a0]*")
_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[\s\u3000\u00a0]+(?=[{_CJK}])")


def to_halfwidth(text: str) -> str:
    """Turn full-width ASCII (１２３ＡＢＣ, full-width space) into ordinary characters."""
    return unicodedata.normalize("NFKC", text) if text else text


def clean_text(value: str | None) -> str:
    """Trim a free-text field; collapse runs of blanks inside each line to one space."""
    if not value:
        return ""
    lines = strip_controls(value.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()


def clean_name(value: str | None) -> str:
    """A person's name: blanks used for alignment (王　芳) are dropped between Chinese characters.

    Latin names keep one space between words; minority names keep their middle dot (·).
    """
    if not value:
        return ""
    text = strip_controls(value).strip().strip("\u3000")
    text = _BETWEEN_CJK.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = text.replace("•", "·").replace("．", "·").replace("・", "·")
    return _AROUND_DOT.sub("·", text)
