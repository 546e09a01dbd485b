"""档案信息 service: the school, class and head teacher this archive belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveInfo
from liushou_desk.domain.text import clean_text


@dataclass(frozen=True)
class ClassInfo:
    school: str = ""
    class_name: str = ""
    head_teacher: str = ""

    @property
    def title(self) -> str:
        return " ".join(p for p in (self.school, self.class_name) if p)

    @property
    def guessable_words(self) -> tuple[str, ...]:
        """What a colleague would try first as this class's password (密码强度)."""
        return tuple(w for w in (self.school, self.class_name, self.head_teacher) if w)


def get_info(archive: Archive) -> ClassInfo:
    with archive.transaction() as s:
        row = s.scalar(select(ArchiveInfo).limit(1))
        if row is None:
            return ClassInfo()
        return ClassInfo(row.school, row.class_name, row.head_teacher)


def set_info(archive: Archive, info: ClassInfo) -> ClassInfo:
    clean = ClassInfo(
        clean_text(info.school), clean_text(info.class_name), clean_text(info.head_teacher)
    )
    with archive.transaction() as s:
        row = s.scalar(select(ArchiveInfo).limit(1))
        if row is None:
            row = ArchiveInfo(created_at=datetime.now())
            s.add(row)
        row.school, row.class_name, row.head_teacher = (
            clean.school,
            clean.class_name,
            clean.head_teacher,
        )
        from liushou_desk.services import audit

        audit.log(s, audit.Action.CLASS_INFO, clean.title)
    return clean
