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


class EnumCodeList(TypeDecorator[str]):
    """Several words of one vocabulary (家庭经济来源, 救助帮扶情况): ``打工收入、种养殖业`` in
    Python, their codes ``wages,farming`` in the file. A word not in the vocabulary is kept as
    typed."""

    impl = String
    cache_ok = True
    SEPARATOR = "、"

    def __init__(self, enum: type[LabelledEnum], length: int = 100, **kw: Any) -> None:
        super().__init__(length, **kw)
        self.enum = enum
        self._codes = {m.value: m.code for m in enum}
        self._words = {m.code: m.value for m in enum}

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        words = [w for w in value.split(self.SEPARATOR) if w]
        return ",".join(self._codes.get(w, w) for w in words)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.SEPARATOR.join(self._words.get(c, c) for c in value.split(",") if c)
