"""成长记录卡 service: one pupil's card for a term — the profile summary, the pairing and help
plan, the term's records, the grades across exams, and the dated history of changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liushou_desk.db.engine import Archive
from liushou_desk.domain.dates import age_on
from liushou_desk.services.archive_info import ClassInfo, get_info
from liushou_desk.services.changes import ChangeRow, list_changes
from liushou_desk.services.profile import ProfileView, load_profile
from liushou_desk.services.records import RecordView, list_records
from liushou_desk.services.terms import TermView


@dataclass(frozen=True)
class GrowthCard:
    info: ClassInfo
    term: TermView
    profile: ProfileView
    age: int | None
    changes: list[ChangeRow]
    records: list[RecordView]  # this term's, newest first
    grades: list[RecordView]  # every exam, oldest first: progress across terms
    plans: list[RecordView]  # help plans and their checks, any term, newest first


def growth_card(archive: Archive, pupil_id: int, term: TermView, today: date) -> GrowthCard:
    profile = load_profile(archive, pupil_id, today)
    everything = list_records(archive, pupil_id)  # one read; split below
    birth = date.fromisoformat(profile.draft.birth_date) if profile.draft.birth_date else None
    return GrowthCard(
        info=get_info(archive),
        term=term,
        profile=profile,
        age=age_on(birth, min(today, term.end)),
        changes=list_changes(archive, pupil_id, term.start, term.end),
        records=[r for r in everything if term.start <= r.occurred_on <= term.end],
        grades=[r for r in reversed(everything) if r.kind == "grade"],
        plans=[r for r in everything if r.kind in ("help_plan", "plan_check")],
    )
