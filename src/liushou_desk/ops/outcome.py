"""结果 (outcome): what a use case that writes returns — its value, what changed, how to undo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from liushou_desk.services.notices import Changed

T = TypeVar("T")

Call = Callable[[], Changed]


@dataclass(frozen=True)
class Undo:
    """撤销一步: a pair of service calls — do it again, take it back — each a recorded change in
    the archive's history, never a silent rewind."""

    text: str
    redo: Call
    undo: Call


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A write's result: ``value`` for the caller, ``changed`` for the views, ``undo`` for
    the session's history (None when the step cannot be taken back)."""

    value: T
    changed: Changed = field(default_factory=Changed)
    undo: Undo | None = None
