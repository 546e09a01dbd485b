"""Field checks shared by the forms (五个清楚, 附件1): a problem tied to its field, and the
checks of a date, a phone number and a choice from a list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liushou_desk.domain.dates import DateFormatError, parse_date
from liushou_desk.domain.phones import PhoneError, normalise_phone
from liushou_desk.domain.text import clean_text


@dataclass(frozen=True)
class FieldError:
    """A problem with one field, named by a path: ``father.phone``, ``guardians.0.age``."""

    field: str
    message: str


class ValidationFailed(ValueError):
    """The draft has problems; nothing was saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("；".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))


def date_field(
    c: Collector,
    path: str,
    text: str,
    today: date,
    *,
    allow_month: bool = False,
    future_ok: bool = False,
) -> str:
    try:
        value = parse_date(text, allow_month=allow_month)
    except DateFormatError as exc:
        c.add(path, str(exc))
        return text.strip()
    if value is None:
        return ""
    if not future_ok and value > today:
        c.add(path, "日期不能晚于今天")
    return value.isoformat()


def phone_field(c: Collector, path: str, text: str) -> str:
    try:
        return normalise_phone(text)
    except PhoneError as exc:
        c.add(path, str(exc))
        return text.strip()


def choice_field(c: Collector, path: str, text: str, allowed: list[str]) -> str:
    value = clean_text(text)
    if value and value not in allowed:
        c.add(path, "请从列表中选择：" + "、".join(allowed))
    return value


def is_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True
