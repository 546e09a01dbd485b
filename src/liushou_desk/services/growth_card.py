"""成长记录卡 (growth card): one child's card for a term, assembled once for the screen tab and
the PDF alike — read from that child's rows alone (``load_card``; ``load_cards`` reads the
term report's children in a few reads), then put into words by ``growth_card_view.card_view``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload, undefer

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import ArchiveChange, CareRecord, Pupil
from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.growth_card_model import CardChange, CardData, GrowthCardView
from liushou_desk.services.growth_card_view import RECENT_EXAMS, SCREEN, card_view
from liushou_desk.services.profile import profile_view
from liushou_desk.services.records import (
    RECORD_COLUMNS,
    RecordRow,
    RecordView,
    record_view,
    records_of,
)
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
    """The cards' rows of these children, in a few reads whatever their number and however
    many years the archive holds — each child with parents and guardians, the term's records
    (own, and the class activities they joined) with the latest grades and the newest help
    plan whatever their date, and the term's archive changes. Children not in the archive (or
    in the recycle bin) are left out; the others keep the order asked for."""
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
        records, exams = _records_of(s, [pid for pid in ids if pid in pupils], term)
    info = get_info(archive)
    return [
        CardData(
            info,
            term,
            today,
            profiles[pid],
            tuple(records.get(pid, ())),
            tuple(changes.get(pid, ())),
            exams.get(pid, 0),
        )
        for pid in ids
        if pid in profiles
    ]


def _records_of(
    s: Session, ids: list[int], term: TermView
) -> tuple[dict[int, list[RecordView]], dict[int, int]]:
    """Each child's records the card shows, oldest first, and how many exams they have.

    Read bounded by the term, for every child at once: the term's records (own, and the class
    activities joined; ``records.records_of``), and — whatever their date — the latest
    ``RECENT_EXAMS`` grades and the newest help plan with its checks, which the card shows
    whatever the term. One query per kind of row, never one per child."""
    term_records = records_of(s, ids, term.start, term.end)
    g = aliased(CareRecord)  # the child's own records of one kind, newest first

    def newest(kind: str) -> Select[int]:
        return (
            select(g.id)
            .where(g.deleted_at.is_(None), g.pupil_id == Pupil.id, g.kind == kind)
            .order_by(g.occurred_on.desc(), g.id.desc())
        )

    # per child, one seek each: how many exams, the latest ones (a subquery in the FROM of the
    # child's own), the newest help plan
    latest = newest("grade").limit(RECENT_EXAMS).correlate(Pupil).subquery("latest")
    count = select(func.count(g.id)).where(
        g.deleted_at.is_(None), g.pupil_id == Pupil.id, g.kind == "grade"
    )
    exams: dict[int, int] = {}
    plans: dict[int, int] = {}  # pupil → the newest help plan
    running: dict[int, set[int]] = {}  # pupil → the plans shown: those of the term, the newest
    wanted: set[int] = set()
    for pid, total, grades, plan in s.execute(
        select(
            Pupil.id,
            count.scalar_subquery(),
            select(func.group_concat(latest.c.id)).scalar_subquery(),
            newest("help_plan").limit(1).scalar_subquery(),
        ).where(Pupil.id.in_(ids))
    ):
        exams[pid] = total
        wanted.update(int(i) for i in (grades or "").split(",") if i)
        if plan is not None:
            plans[pid] = plan
            wanted.add(plan)
    # every help plan that ran during the term (issue 17: not only the newest), with its checks
    ended = func.coalesce(
        func.nullif(func.json_extract(CareRecord.data, "$.values.end"), ""),
        func.nullif(func.json_extract(CareRecord.data, "$.values.closed_on"), ""),
    )
    for plan_id, pid in s.execute(
        select(CareRecord.id, CareRecord.pupil_id).where(
            CareRecord.deleted_at.is_(None),
            CareRecord.pupil_id.in_(ids),
            CareRecord.kind == "help_plan",
            CareRecord.occurred_on <= term.end,
            or_(ended.is_(None), func.typeof(ended) != "text", ended >= term.start.isoformat()),
        )
    ):
        wanted.add(plan_id)
        running.setdefault(pid or 0, set()).add(plan_id)
    for pid, plan in plans.items():
        running.setdefault(pid, set()).add(plan)
    extra: list[RecordRow] = []
    if wanted:
        extra += s.execute(select(*RECORD_COLUMNS).where(CareRecord.id.in_(sorted(wanted))))
    shown = sorted({p for ps in running.values() for p in ps})
    if shown:
        extra += [
            r
            for r in s.execute(
                select(*RECORD_COLUMNS).where(
                    CareRecord.deleted_at.is_(None), CareRecord.parent_id.in_(shown)
                )
            )
            if r.kind == "plan_check"
            and r.pupil_id is not None
            and r.parent_id in running.get(r.pupil_id, ())
        ]
    views = {pid: {v.id: v for v in term_records.get(pid, ())} for pid in ids}
    for r in extra:
        if r.pupil_id in views and r.id not in views[r.pupil_id]:
            views[r.pupil_id][r.id] = record_view(r)
    out = {pid: sorted(v.values(), key=lambda v: (v.occurred_on, v.id)) for pid, v in views.items()}
    return out, exams


def growth_card(
    archive: Archive,
    pupil_id: int,
    term: TermView,
    today: date,
    options: PrintOptions = SCREEN,
) -> GrowthCardView:
    """One child's card for ``term``, in the words ``options`` allow."""
    return card_view(load_card(archive, pupil_id, term, today), options)
