"""列类型 (column types): how the archive stores a word of a fixed vocabulary — by its enum's
stable code, handed back to Python as the word.

Free text typed where a list is offered (a guardian's relation the list does not have) is
stored as typed and read back as it is; codes are ASCII, the words are Chinese, so the two
never meet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from liushou_desk.domain.enums import LabelledEnum


class EnumCode(TypeDecorator[str]):
    """A ``LabelledEnum`` column: the code in the file, the word in Python."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[LabelledEnum], length: int = 20, **kw: Any) -> None:
        super().__init__(length, **kw)
        self.enum = enum
        self._codes = {m.value: m.code for m in enum}
        self._words = {m.code: m.value for m in enum}

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return self._codes.get(value, value) if value is not None else None

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return self._words.get(value, value) if value is not None else None
