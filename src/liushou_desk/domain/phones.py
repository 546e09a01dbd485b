"""电话号码: validated by the phonenumbers library for region CN, kept as plain digits."""

from __future__ import annotations

import re

from liushou_desk.domain.text import to_halfwidth

# China's mobile number ranges as the phonenumbers library's metadata gives them (region CN,
# mobile): a plain 11-digit number in them is the library's valid mobile, so most of a roster's
# numbers are checked without loading the library. Any other number goes the library's whole
# way (a range the library has since added too). A test keeps this equal to the installed
# library's own pattern.
CN_MOBILE = re.compile(
    r"1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}"
)
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
    if CN_MOBILE.fullmatch(digits):
        return digits  # a valid mobile: 11 digits (the common case, without the library)
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


def mask_phone(number: str) -> str:
    """138****8000 — for print and export."""
    digits = number.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]
