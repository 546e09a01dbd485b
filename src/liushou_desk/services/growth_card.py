"""成长记录卡 (growth card): one child's card for a term, assembled once for the screen tab and
the PDF alike — read from that child's rows alone (``load_card``; ``load_cards`` reads the
term report's children in a few reads), then put into words by ``growth_card_view.card_view``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload, undefer

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveChange, CareRecord, Pupil, RecordParticipant
from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.growth_card_model import CardChange, CardData, GrowthCardView
from liushou_desk.services.growth_card_view import SCREEN, card_view
from liushou_desk.services.profile import profile_view
from liushou_desk.services.records import RecordView, record_view
from liushou_desk.services.terms import TermView

__all__ = ["SCREEN", "card_view", "growth_card", "load_card", "load_cards"]


def load_card(archive: Archive, pupil_id: int, term: TermView, today: date) -> CardData:
    """The rows one child's card is made from, and nobody else's. Raises LookupError for a
    child not in the archive (or in the recycle bin)."""
    cards = load_cards(archive, [pupil_id], term, today)
    if not cards:
        raise LookupError(f"档案中没有这名学生（编号 {pupil_id}）")
    return cards[0]


def load_cards(
    archive: Archive, pupil_ids: Sequence[int], term: TermView, today: date
) -> list[CardData]:
    """The cards' rows of these children, in a few reads whatever their number — each child
    with parents and guardians, their records (own, and the class activities they joined)
    and the term's archive changes. Children not in the archive (or in the recycle bin) are
    left out; the others keep the order asked for."""
    ids = list(dict.fromkeys(pupil_ids))
    start = datetime.combine(term.start, time.min)
    end = datetime.combine(term.end, time.max)
    with archive.transaction() as s:
        pupils = {
            p.id: p
            for p in s.scalars(
                select(Pupil)
                .where(Pupil.id.in_(ids), Pupil.deleted_at.is_(None))
                .options(
                    selectinload(Pupil.parents),
                    selectinload(Pupil.guardians),
                    undefer(Pupil.photo),
                )
            )
        }
        profiles = {pid: profile_view(p, today) for pid, p in pupils.items()}
        changes: dict[int, list[CardChange]] = {}
        for c in s.scalars(
            select(ArchiveChange)
            .where(
                ArchiveChange.pupil_id.in_(ids),
                ArchiveChange.changed_at >= start,
                ArchiveChange.changed_at <= end,
            )
            .order_by(ArchiveChange.changed_at, ArchiveChange.id)
        ):
            changes.setdefault(c.pupil_id, []).append(
                CardChange(c.changed_at, c.kind, c.label, c.old_value, c.new_value, c.note, c.field)
            )
        records = _records_of(s, ids)
    info = get_info(archive)
    return [
        CardData(
            info,
            term,
            today,
            profiles[pid],
            tuple(records.get(pid, ())),
            tuple(changes.get(pid, ())),
        )
        for pid in ids
        if pid in profiles
    ]


def _records_of(s: Session, ids: list[int]) -> dict[int, list[RecordView]]:
    """Each child's records, oldest first: their own and the class activities they joined."""
    joined = select(RecordParticipant.record_id).where(RecordParticipant.pupil_id.in_(ids))
    participants: dict[int, list[int]] = {}
    for rid, pid in s.execute(
        select(RecordParticipant.record_id, RecordParticipant.pupil_id).where(
            RecordParticipant.record_id.in_(joined)
        )
    ):
        participants.setdefault(rid, []).append(pid)
    wanted = set(ids)
    out: dict[int, list[RecordView]] = {}
    for r in s.scalars(
        select(CareRecord)
        .where(
            CareRecord.deleted_at.is_(None),
            or_(CareRecord.pupil_id.in_(ids), CareRecord.id.in_(joined)),
        )
        .order_by(CareRecord.occurred_on, CareRecord.id)
    ):
        who = tuple(participants.get(r.id, ()))
        view = record_view(r, who)
        owners = {r.pupil_id} if r.pupil_id is not None else set(who)
        for pid in owners & wanted:
            out.setdefault(pid, []).append(view)
    return out


def growth_card(
    archive: Archive,
    pupil_id: int,
    term: TermView,
    today: date,
    options: PrintOptions = SCREEN,
) -> GrowthCardView:
    """One child's card for ``term``, in the words ``options`` allow."""
    return card_view(load_card(archive, pupil_id, term, today), options)
