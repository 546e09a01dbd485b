"""重点帮扶对象 (the children who need more): a flag with its reason and since when, suggested
from what the archive knows and confirmed by the teacher — never set silently (issue 16).

The suggestion names its reasons: an at-home guardian whose 监护能力 is 差, an open 个别教育
管理方案, no contact with the child, the parents or the guardian for ``QUIET_DAYS``, or a sharp
fall in grades (the mean of the subjects both exams share fell by ``FALL`` points or more
between the two newest exams). A flagged child may have her own, tighter cadence — the
suggested one is FOCUS_CADENCE — which the 待办 rules then follow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import CareRecord, Guardian, Pupil
from liushou_desk.domain.enums import Capacity, Enrolment, LeftBehindKind
from liushou_desk.domain.form_checks import FieldError, ValidationFailed
from liushou_desk.domain.text import clean_text
from liushou_desk.services import changes
from liushou_desk.services.due_facts import child_cadence
from liushou_desk.services.due_kinds import (
    CHILD_CADENCE_RULES,
    GUARDIAN_CONTACT,
    HOME_VISIT,
    PARENT_CONTACT,
    TALK,
)
from liushou_desk.services.notices import Changed

QUIET_DAYS = 60  # no contact of any kind for this long
FALL = 15.0  # points the mean of the shared subjects fell between the two newest exams
FOCUS_CADENCE: dict[str, int] = {TALK: 14, PARENT_CONTACT: 14, GUARDIAN_CONTACT: 14, HOME_VISIT: 60}
CADENCE_WORDS = {
    TALK: "谈心",
    PARENT_CONTACT: "联系外出父母",
    GUARDIAN_CONTACT: "联系在家监护人",
    HOME_VISIT: "家访",
}


@dataclass(frozen=True)
class Suggestion:
    pupil_id: int
    name: str
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


@dataclass(frozen=True)
class FocusView:
    """A child's 重点帮扶 state as the dialog shows it."""

    since: date | None
    reason: str
    cadence: dict[str, int] = field(default_factory=dict)

    @property
    def on(self) -> bool:
        return self.since is not None


def _scores(data: str) -> dict[str, float]:
    try:
        raw = json.loads(data).get("scores", {})
    except (ValueError, AttributeError):
        return {}
    out = {}
    for subject, value in (raw or {}).items():
        try:
            out[subject] = float(value)
        except (TypeError, ValueError):
            continue
    return out


def suggest(archive: Archive, today: date) -> list[Suggestion]:
    """The left-behind children in class, not flagged yet, whom the archive marks as needing
    more — each with its reasons. A handful of queries for the whole class."""
    live = (CareRecord.deleted_at.is_(None), CareRecord.occurred_on <= today)
    reasons: dict[int, list[str]] = {}
    with archive.transaction() as s:
        pupils = {
            pid: name
            for pid, name, override, computed in s.execute(
                select(Pupil.id, Pupil.name, Pupil.override_kind, Pupil.computed_kind)
                .where(
                    Pupil.deleted_at.is_(None),
                    Pupil.enrolment == Enrolment.ACTIVE.value,
                    Pupil.focus_since.is_(None),
                )
                .order_by(Pupil.search_keys, Pupil.id)
            )
            if (override or computed)
            not in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value)
        }
        for guarded, name in s.execute(
            select(Guardian.pupil_id, Guardian.name).where(
                Guardian.capacity == Capacity.POOR.value, Guardian.pupil_id.in_(pupils)
            )
        ):
            reasons.setdefault(guarded, []).append(f"监护人{name}监护能力为“差”")
        closed = func.json_extract(CareRecord.data, "$.values.closed_on")
        for (owner,) in s.execute(
            select(CareRecord.pupil_id)
            .where(
                *live,
                CareRecord.kind == "iep",
                CareRecord.pupil_id.in_(pupils),
                func.coalesce(closed, "") == "",
            )
            .group_by(CareRecord.pupil_id)
        ):
            if owner is not None:
                reasons.setdefault(owner, []).append("有未结案的个别教育管理方案")
        last = dict(
            s.execute(
                select(CareRecord.pupil_id, func.max(CareRecord.occurred_on))
                .where(*live, CareRecord.party.is_not(None), CareRecord.pupil_id.in_(pupils))
                .group_by(CareRecord.pupil_id)
            ).all()
        )
        grades: dict[int, list[tuple[date, dict[str, float]]]] = {}
        for examined, day, data in s.execute(
            select(CareRecord.pupil_id, CareRecord.occurred_on, CareRecord.data)
            .where(
                *live,
                CareRecord.kind == "grade",
                CareRecord.pupil_id.in_(pupils),
                CareRecord.occurred_on >= today - timedelta(days=366),
            )
            .order_by(CareRecord.pupil_id, CareRecord.occurred_on.desc(), CareRecord.id.desc())
        ):
            mine = grades.setdefault(examined or 0, [])
            if len(mine) < 2:
                mine.append((day, _scores(data)))
    for pid in pupils:
        seen = last.get(pid)
        if seen is None or (today - seen).days >= QUIET_DAYS:
            reasons.setdefault(pid, []).append(
                f"已 {(today - seen).days} 天没有任何联系记录" if seen else "还没有任何联系记录"
            )
        exams = grades.get(pid, [])
        if len(exams) == 2:
            (_, new), (_, old) = exams
            shared = sorted(set(new) & set(old))
            if shared:
                fall = sum(old[k] for k in shared) / len(shared) - sum(
                    new[k] for k in shared
                ) / len(shared)
                if fall >= FALL:
                    reasons.setdefault(pid, []).append(f"成绩下降明显（平均下降 {fall:.0f} 分）")
    return [Suggestion(pid, pupils[pid], tuple(reasons[pid])) for pid in pupils if pid in reasons]


def focus_of(archive: Archive, pupil_id: int) -> FocusView:
    with archive.transaction() as s:
        row = s.execute(
            select(Pupil.focus_since, Pupil.focus_reason, Pupil.cadence).where(Pupil.id == pupil_id)
        ).first()
    if row is None:
        return FocusView(None, "")
    return FocusView(row[0], row[1] or "", child_cadence(row[2]))


def _cadence_words(cadence: dict[str, int]) -> str:
    return "，".join(f"{CADENCE_WORDS[k]}每 {v} 天" for k, v in sorted(cadence.items()))


def set_focus(
    archive: Archive, pupil_id: int, reason: str, cadence: dict[str, int], today: date
) -> Changed:
    """Flag the child (or change the reason or cadence), since today unless already flagged.
    Raises ValidationFailed: the reason is asked for; days between 3 and 120."""
    reason = clean_text(reason)
    errors = []
    if not reason:
        errors.append(FieldError("reason", "请写明列为重点帮扶对象的原因"))
    elif len(reason) > 200:
        errors.append(FieldError("reason", "原因不能超过 200 个字"))
    for rule, days in cadence.items():
        if rule not in CHILD_CADENCE_RULES or not 3 <= days <= 120:
            errors.append(FieldError(f"cadence.{rule}", "间隔应在 3–120 天之间"))
    if errors:
        raise ValidationFailed(errors)
    now = datetime.now()
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None:
            raise ValidationFailed([FieldError("pupil", "没有这名学生")])
        before = (pupil.focus_since, pupil.focus_reason, child_cadence(pupil.cadence))
        if pupil.focus_since is None:
            pupil.focus_since = today
        pupil.focus_reason = reason
        pupil.cadence = json.dumps(dict(sorted(cadence.items()))) if cadence else ""
        if before[0] is None or before[1] != reason:
            changes.record(
                s,
                pupil_id,
                now,
                changes.Kind.EDITED,
                "重点帮扶对象",
                before[1] if before[0] else "",
                reason,
            )
        if before[2] != cadence:
            changes.record(
                s,
                pupil_id,
                now,
                changes.Kind.EDITED,
                "提醒频率",
                _cadence_words(before[2]),
                _cadence_words(cadence),
            )
        name = pupil.name
    return Changed(
        pupil_ids=frozenset({pupil_id}), roster=True, message=f"{name}已列为重点帮扶对象"
    )


def clear_focus(archive: Archive, pupil_id: int) -> Changed:
    """No longer a 重点帮扶对象: the class's cadence applies again."""
    now = datetime.now()
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None or pupil.focus_since is None:
            return Changed()
        changes.record(
            s, pupil_id, now, changes.Kind.EDITED, "重点帮扶对象", pupil.focus_reason, ""
        )
        pupil.focus_since, pupil.focus_reason, pupil.cadence = None, "", ""
        name = pupil.name
    return Changed(
        pupil_ids=frozenset({pupil_id}), roster=True, message=f"{name}不再是重点帮扶对象"
    )


def restore_focus(archive: Archive, pupil_id: int, view: FocusView) -> Changed:
    """Put back a state read earlier (the undo step)."""
    if not view.on:
        return clear_focus(archive, pupil_id)
    changed = set_focus(archive, pupil_id, view.reason, view.cadence, view.since or date.today())
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is not None:
            pupil.focus_since = view.since
    return changed


def focus_flags(archive: Archive) -> dict[int, str]:
    """Every 重点帮扶对象 of the archive: pupil → reason."""
    return {pid: reason for pid, (reason, _since) in focus_list(archive).items()}


def focus_list(archive: Archive) -> dict[int, tuple[str, date | None]]:
    """Every 重点帮扶对象 of the archive: pupil → (reason, since), in one query."""
    with archive.transaction() as s:
        return {
            pid: (reason or "重点帮扶对象", since)
            for pid, reason, since in s.execute(
                select(Pupil.id, Pupil.focus_reason, Pupil.focus_since).where(
                    Pupil.focus_since.is_not(None)
                )
            )
        }
