"""电话号码: validated by the phonenumbers library for region CN, kept as plain digits."""

from __future__ import annotations

import functools
import re

from liushou_desk.domain.text import to_halfwidth

_MOBILE = re.compile(r"1\d{10}")
_SEPARATORS = re.compile(r"[\s\-－()（）]")


class PhoneError(ValueError):
    """The phone number is not valid; the message says why, in Chinese."""


def normalise_phone(text: str | None) -> str:
    """Validate a mobile or landline number and return its national form.

    Mobiles become 11 digits (13812348000); landlines keep their area code with a dash
    (0851-86123456). Spaces, dashes, brackets and +86 are accepted on the way in.
    """
    if not text or not text.strip():
        return ""
    raw = to_halfwidth(text).strip()
    digits = _SEPARATORS.sub("", raw)
    if _MOBILE.fullmatch(digits) and _mobile_range(digits[:7]):
        return digits  # a mobile of a valid range: 11 digits (the common case, 0.1 ms saved)
    import phonenumbers  # imported on first use: it is not needed to start the app

    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"不是电话号码：{text.strip()}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError(f"号码无效，请核对位数：{text.strip()}")
    if parsed.country_code != 86:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(c for c in national if c.isdigit())
    if (
        phonenumbers.number_type(parsed)
        in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        and len(digits) == 11
        and digits.startswith("1")
    ):
        return digits
    significant = phonenumbers.national_significant_number(parsed)
    area_len = phonenumbers.length_of_geographical_area_code(parsed)
    if area_len:
        return f"0{significant[:area_len]}-{significant[area_len:]}"
    return digits


@functools.lru_cache(maxsize=8192)
def _mobile_range(prefix: str) -> bool:
    """Whether 11-digit numbers starting with these 7 digits are valid Chinese mobiles — the
    library's own verdict, asked once per range (its patterns never look past the 7th
    digit; a test compares both ways on thousands of numbers)."""
    import phonenumbers

    parsed = phonenumbers.parse(prefix + "0000", "CN")
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def mask_phone(number: str) -> str:
    """138****8000 — for print and export."""
    digits = number.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]
