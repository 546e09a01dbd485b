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
    if _MOBILE.fullmatch(digits) and _is_mobile(digits):
        return digits  # a valid mobile: 11 digits (the common case, without parsing)
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


@functools.cache
def _mobile_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The library's own patterns for Chinese numbers and for mobiles (its metadata)."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert meta is not None and meta.general_desc is not None and meta.mobile is not None
    general = meta.general_desc.national_number_pattern or ""
    mobile = meta.mobile.national_number_pattern or ""
    return re.compile(general), re.compile(mobile)


def _is_mobile(digits: str) -> bool:
    """An 11-digit number the library would call a valid Chinese mobile: it matches the
    region's pattern and the mobile pattern, which is how the library decides (a test compares
    this with the library's whole way on thousands of numbers)."""
    general, mobile = _mobile_patterns()
    return bool(general.fullmatch(digits) and mobile.fullmatch(digits))


def mask_phone(number: str) -> str:
    """138****8000 — for print and export."""
    digits = number.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]
