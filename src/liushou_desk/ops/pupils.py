"""学生 (pupils) as the teacher changes them: 新增学生, 转出/毕业/恢复在读, 调整留守认定, 移入回收站
and 从回收站恢复, and 保存期限 — purging the pupils gone longer than the retention period.

Each use case writes through the services and returns an ``Outcome``: what changed, and the
undo step (a pair of service calls) where the step can be taken back. A purge cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.services.notices import Changed
    from liushou_desk.services.profile import ProfileView

Progress = Callable[[int, int], None]


def refresh_statuses(archive: Archive, today: date) -> Outcome[None]:
    """留守状态 brought up to date (at start): a parent away long enough, or back home."""
    from liushou_desk.services import status

    return Outcome(None, status.refresh_statuses(archive, today))


def _view(archive: Archive, pupil_id: int, today: date) -> ProfileView:
    from liushou_desk.services.profile import load_profile

    return load_profile(archive, pupil_id, today)


def add_pupil(archive: Archive, draft: ProfileDraft, today: date) -> Outcome[int]:
    """新增学生: the pupil's archive opened with the basic facts; the value is the new id.
    Raises ValidationFailed."""
    from liushou_desk.services import roster

    pupil_id, changed = roster.add_pupil(archive, draft, today)
    return Outcome(
        pupil_id,
        changed,
        Undo(
            f"新增学生 {draft.name.strip()}",
            lambda: roster.restore_pupil(archive, pupil_id),
            lambda: roster.delete_pupil(archive, pupil_id, "撤销新增"),
        ),
    )


def set_enrolment(
    archive: Archive, pupil_id: int, enrolment: str, on: str, note: str, today: date
) -> Outcome[None]:
    """转出 / 毕业 / 休学 / 恢复在读; undo puts back the status, its date and note. Raises
    ValidationFailed or LookupError."""
    from liushou_desk.services import roster

    before = _view(archive, pupil_id, today)
    changed = roster.set_enrolment(archive, pupil_id, enrolment, on, note, today)
    if not changed.pupil_ids:
        return Outcome(None, changed)
    after = _view(archive, pupil_id, today)

    def back_to(view: ProfileView) -> Changed:
        day = view.left_on.isoformat() if view.left_on else ""
        return roster.set_enrolment(archive, pupil_id, view.enrolment, day, view.leave_note, today)

    return Outcome(
        None,
        changed,
        Undo(
            f"{after.draft.name}：{before.enrolment} → {after.enrolment}",
            lambda: back_to(after),
            lambda: back_to(before),
        ),
    )


def set_override(
    archive: Archive, pupil_id: int, kind: str | None, reason: str, today: date
) -> Outcome[None]:
    """调整留守认定: the teacher's own verdict with its reason (``kind`` None: back to the
    rule); undo puts back the verdict before. Raises ValidationFailed or LookupError."""
    from liushou_desk.services import status

    before = _view(archive, pupil_id, today)
    changed = status.set_override(archive, pupil_id, kind, reason)
    if not changed.pupil_ids:
        return Outcome(None, changed)
    after = _view(archive, pupil_id, today)
    return Outcome(
        None,
        changed,
        Undo(
            f"调整 {before.draft.name} 的留守认定",
            lambda: status.set_override(
                archive, pupil_id, after.override_kind, after.override_reason
            ),
            lambda: status.set_override(
                archive, pupil_id, before.override_kind, before.override_reason
            ),
        ),
    )


def move_to_recycle_bin(archive: Archive, pupil_id: int, name: str) -> Outcome[None]:
    """移入回收站: every row of the pupil stays, and comes back on restore. Raises
    LookupError."""
    from liushou_desk.services import roster

    changed = roster.delete_pupil(archive, pupil_id)
    return Outcome(
        None,
        changed,
        Undo(
            f"将 {name} 移入回收站",
            lambda: roster.delete_pupil(archive, pupil_id),
            lambda: roster.restore_pupil(archive, pupil_id),
        ),
    )


def restore_from_recycle_bin(archive: Archive, pupil_id: int, name: str) -> Outcome[None]:
    """从回收站恢复: the pupil back exactly as they were. Raises LookupError."""
    from liushou_desk.services import roster

    changed = roster.restore_pupil(archive, pupil_id)
    return Outcome(
        None,
        changed,
        Undo(
            f"从回收站恢复 {name}",
            lambda: roster.restore_pupil(archive, pupil_id),
            lambda: roster.delete_pupil(archive, pupil_id),
        ),
    )


def set_retention_years(archive: Archive, years: int) -> None:
    """保存期限 in years (1–30); raises ValidationFailed."""
    from liushou_desk.services import retention

    if years != retention.retention_years(archive):
        retention.set_retention_years(archive, years)


def purge(archive: Archive, pupil_ids: list[int], today: date) -> Outcome[None]:
    """清除离班学生数据: these pupils' data deleted for good (only pupils past the retention
    period). No undo. Raises ValidationFailed."""
    from liushou_desk.services import retention

    return Outcome(None, retention.purge(archive, pupil_ids, today))


def purge_backups(archive: Archive, pupil_ids: list[int], progress: Progress | None = None) -> int:
    """The purged pupils out of this computer's backups too; the 操作日志 says in how many.
    Returns that number."""
    from liushou_desk.services import audit, retention

    count = retention.purge_backups(archive.path, pupil_ids, progress)
    if count:
        audit.record(archive, "清除数据", "", f"同时从 {count} 份备份中清除")
    return count
