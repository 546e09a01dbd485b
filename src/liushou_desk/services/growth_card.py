"""成长记录卡 service: one pupil's card for a term — the profile summary and the dated
history of changes to the archive in that term. Later work adds talks, visits, plans, grades."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liushou_desk.db.engine import Archive
from liushou_desk.domain.dates import age_on
from liushou_desk.services.archive_info import ClassInfo, get_info
from liushou_desk.services.changes import ChangeRow, list_changes
from liushou_desk.services.profile import ProfileView, load_profile
from liushou_desk.services.terms import TermView


@dataclass(frozen=True)
class GrowthCard:
    info: ClassInfo
    term: TermView
    profile: ProfileView
    age: int | None
    changes: list[ChangeRow]


def growth_card(archive: Archive, pupil_id: int, term: TermView, today: date) -> GrowthCard:
    profile = load_profile(archive, pupil_id, today)
    birth = date.fromisoformat(profile.draft.birth_date) if profile.draft.birth_date else None
    return GrowthCard(
        info=get_info(archive),
        term=term,
        profile=profile,
        age=age_on(birth, min(today, term.end)),
        changes=list_changes(archive, pupil_id, term.start, term.end),
    )
