"""草稿 service: an open form's content is kept as the teacher types, so a crash, a power cut
or a closed window loses nothing; saving or discarding the form removes the draft."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Draft


@dataclass(frozen=True)
class DraftView:
    key: str
    title: str
    data: dict[str, Any]
    saved_at: datetime


def save_draft(archive: Archive, key: str, title: str, data: dict[str, Any]) -> None:
    with archive.transaction() as s:
        draft = s.get(Draft, key) or Draft(key=key)
        draft.title = title[:100]
        draft.data = json.dumps(data, ensure_ascii=False)
        draft.saved_at = datetime.now()
        s.add(draft)


def load_draft(archive: Archive, key: str) -> DraftView | None:
    with archive.transaction() as s:
        d = s.get(Draft, key)
        return DraftView(d.key, d.title, json.loads(d.data), d.saved_at) if d else None


def discard_draft(archive: Archive, key: str) -> None:
    with archive.transaction() as s:
        d = s.get(Draft, key)
        if d is not None:
            s.delete(d)


def list_drafts(archive: Archive) -> list[DraftView]:
    with archive.transaction() as s:
        return [
            DraftView(d.key, d.title, json.loads(d.data), d.saved_at)
            for d in s.scalars(select(Draft).order_by(Draft.saved_at.desc()))
        ]
