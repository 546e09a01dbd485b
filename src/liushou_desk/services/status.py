"""留守认定 service: keep each pupil's left-behind status in step with the rule, log every
change with its date, and let the teacher override it with a written reason."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.eligibility import Assessment, ParentFacts, assess
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentRole, ParentSituation
from liushou_desk.domain.profile import FieldError, ProfileDraft, ValidationFailed
from liushou_desk.services.changes import Kind, record
from liushou_desk.services.notices import Changed


def parent_facts(pupil: Pupil) -> tuple[ParentFacts, ...]:
    """What the 留守认定 rule needs from an ORM pupil's parents (loaded)."""
    return tuple(
        ParentFacts(ParentRole(p.role), ParentSituation.from_label(p.situation), p.away_since)  # type: ignore[arg-type]
        for p in pupil.parents
        if ParentRole.from_label(p.role) is not None
    )


def assess_pupil(pupil: Pupil, today: date) -> Assessment:
    by_role = {p.role: p for p in parent_facts(pupil)}
    return assess(
        by_role.get(ParentRole.FATHER),
        by_role.get(ParentRole.MOTHER),
        birth_date=pupil.birth_date,
        today=today,
    )


def assess_draft(clean: ProfileDraft, today: date) -> Assessment:
    """The rule applied to a validated draft (a pupil about to be written)."""
    facts = {}
    for pd in (clean.father, clean.mother):
        role = ParentRole.from_label(pd.role)
        if isinstance(role, ParentRole):
            situation = ParentSituation.from_label(pd.situation)
            since = date.fromisoformat(pd.away_since) if pd.away_since else None
            known = situation if isinstance(situation, ParentSituation) else None
            facts[role] = ParentFacts(role, known, since)
    birth = date.fromisoformat(clean.birth_date) if clean.birth_date else None
    return assess(
        facts.get(ParentRole.FATHER), facts.get(ParentRole.MOTHER), birth_date=birth, today=today
    )


def apply_assessment(session: Session, pupil: Pupil, today: date, when: datetime) -> bool:
    """Store the rule's verdict on the pupil; log it when the status changes."""
    result = assess_pupil(pupil, today)
    reason = result.summary[:200]
    changed = result.kind.value != pupil.computed_kind
    if changed and pupil.id is not None:
        note = "自动认定：" + reason
        if pupil.override_kind:
            note += f"（人工认定“{pupil.override_kind}”仍然有效）"
        record(
            session,
            pupil.id,
            when,
            Kind.STATUS,
            "留守类型",
            pupil.computed_kind,
            result.kind.value,
            note,
            "computed_kind",
        )
    pupil.computed_kind = result.kind.value
    pupil.computed_reason = reason
    return changed


def refresh_statuses(archive: Archive, today: date) -> Changed:
    """Re-apply the rule to every pupil in class (a parent may have reached 3 months).

    The rule is applied to plain rows read for the whole class at once; only the pupils
    whose stored verdict differs are loaded and written (none, on most days)."""
    now = datetime.now()
    changed: set[int] = set()
    with archive.transaction() as s:
        stale = stale_statuses(s, today)
        if stale:
            pupils = s.scalars(
                select(Pupil).where(Pupil.id.in_(stale)).options(selectinload(Pupil.parents))
            )
            for pupil in pupils:
                if apply_assessment(s, pupil, today, now):
                    changed.add(pupil.id)
    return Changed(frozenset(changed), roster=bool(changed))


_IN_CLASS_PARENTS = (
    "SELECT pa.pupil_id, pa.role, pa.situation, pa.away_since FROM parents pa "
    "JOIN pupils p ON p.id = pa.pupil_id WHERE p.enrolment = ? AND p.deleted_at IS NULL"
)
_IN_CLASS = (
    "SELECT id, birth_date, computed_kind, computed_reason FROM pupils "
    "WHERE enrolment = ? AND deleted_at IS NULL"
)


def stale_statuses(session: Session, today: date) -> list[int]:
    """The pupils in class whose stored 留守类型 or its reason is not what the rule says on
    ``today``: two plain statements for the whole class, the stored codes read as the ORM reads
    them (db.types.EnumCode: a code is its word, anything else as stored), no ORM objects."""
    roles = {**{m.value: m for m in ParentRole}, **{m.code: m for m in ParentRole}}
    situations = {**{m.value: m for m in ParentSituation}, **{m.code: m for m in ParentSituation}}
    kinds = {m.code: m.value for m in LeftBehindKind}
    active = (Enrolment.ACTIVE.code,)
    run = session.connection().exec_driver_sql
    facts: dict[int, dict[ParentRole, ParentFacts]] = {}
    for pupil_id, role_code, situation, away_since in run(_IN_CLASS_PARENTS, active).all():
        role = roles.get(role_code)
        if role is not None:  # as parent_facts reads an ORM pupil's parents
            since = date.fromisoformat(away_since) if away_since else None
            facts.setdefault(pupil_id, {})[role] = ParentFacts(
                role, situations.get(situation), since
            )
    stale = []
    for pupil_id, birth_date, kind, reason in run(_IN_CLASS, active).all():
        by_role = facts.get(pupil_id, {})
        result = assess(
            by_role.get(ParentRole.FATHER),
            by_role.get(ParentRole.MOTHER),
            birth_date=date.fromisoformat(birth_date) if birth_date else None,
            today=today,
        )
        if result.kind.value != kinds.get(kind, kind) or result.summary[:200] != reason:
            stale.append(pupil_id)
    return stale


def set_override(archive: Archive, pupil_id: int, kind: str | None, reason: str) -> Changed:
    """人工认定: set (or with ``kind=None`` clear) the teacher's own verdict."""
    reason = " ".join(reason.split())
    if kind is not None:
        if LeftBehindKind.from_label(kind) is None:
            raise ValidationFailed([FieldError("override_kind", "请选择留守类型")])
        if not reason:
            raise ValidationFailed([FieldError("override_reason", "请写明人工认定的理由")])
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None:
            raise LookupError(pupil_id)
        if not override_in(s, pupil, kind, reason, datetime.now()):
            return Changed()
    return Changed(frozenset({pupil_id}), roster=True, message="留守认定已更新")


def override_in(s: Session, pupil: Pupil, kind: str | None, reason: str, when: datetime) -> bool:
    """The 人工认定 set (or cleared) inside the caller's transaction, with its history line;
    False when it was already so. ``kind`` and ``reason`` are checked by the caller."""
    old = pupil.override_kind
    if old == kind and (kind is None or reason == pupil.override_reason):
        return False
    pupil.override_kind = kind
    pupil.override_reason = reason if kind else ""
    pupil.updated_at = when
    record(
        s,
        pupil.id,
        when,
        Kind.STATUS,
        "人工认定",
        old or f"按规则（{pupil.computed_kind}）",
        kind or f"按规则（{pupil.computed_kind}）",
        reason or "取消人工认定",
        "override_kind",
    )
    return True
