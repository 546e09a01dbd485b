"""关爱记录 (care records) as the teacher writes them: a new record, an edit (the earlier version
kept), 删除 to the recycle bin and 恢复.

Each use case writes through ``services.records`` and returns an ``Outcome`` with its undo
step: a new record is taken back by moving it to the recycle bin, an edit by writing the
version before back (itself a new version), a deletion by restoring it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services.notices import Changed
    from liushou_desk.services.records import RecordView


def add_record(
    archive: Archive,
    kind_key: str,
    pupil_id: int | None,
    values: RecordValues,
    today: date,
    *,
    sensitive: bool | None = None,
    parent_id: int | None = None,
) -> Outcome[int]:
    """A new record; the value is its id. Raises ValidationFailed."""
    from liushou_desk.domain.records import KINDS
    from liushou_desk.services import records

    record_id, changed = records.create_record(
        archive, kind_key, pupil_id, values, today, sensitive=sensitive, parent_id=parent_id
    )
    return Outcome(
        record_id,
        changed,
        Undo(
            f"新增{KINDS[kind_key].label}",
            lambda: records.set_deleted(archive, record_id, False),
            lambda: records.set_deleted(archive, record_id, True),
        ),
    )


def _values_of(record: RecordView) -> RecordValues:
    from liushou_desk.domain.records import RecordValues

    return RecordValues(dict(record.values), dict(record.scores), list(record.participants))


def _write_back(archive: Archive, version: RecordView, today: date) -> Changed:
    from liushou_desk.services import records

    return records.update_record(
        archive, version.id, _values_of(version), today, sensitive=version.sensitive
    )


def edit_record(
    archive: Archive,
    before: RecordView,
    values: RecordValues,
    today: date,
    *,
    sensitive: bool | None = None,
) -> Outcome[int]:
    """An edit of the record ``before`` (as it was shown); the value is its id. No undo
    when nothing was changed. Raises ValidationFailed or LookupError."""
    from liushou_desk.services import records

    changed = records.update_record(archive, before.id, values, today, sensitive=sensitive)
    if not changed.pupil_ids:
        return Outcome(before.id, changed)
    after = records.get_record(archive, before.id)
    return Outcome(
        before.id,
        changed,
        Undo(
            f"修改{before.label}",
            lambda: _write_back(archive, after, today),
            lambda: _write_back(archive, before, today),
        ),
    )


def delete_record(archive: Archive, record_id: int) -> Outcome[None]:
    """删除: the record (with the checks under it) to the recycle bin. Raises LookupError."""
    from liushou_desk.services import records

    label = records.get_record(archive, record_id).label
    changed = records.set_deleted(archive, record_id, True)
    return Outcome(
        None,
        changed,
        Undo(
            f"删除{label}",
            lambda: records.set_deleted(archive, record_id, True),
            lambda: records.set_deleted(archive, record_id, False),
        ),
    )


def restore_record(archive: Archive, record_id: int) -> Outcome[None]:
    """从回收站恢复 a record (and the checks deleted with it). Raises LookupError."""
    from liushou_desk.services import records

    changed = records.set_deleted(archive, record_id, False)
    label = records.get_record(archive, record_id).label
    return Outcome(
        None,
        changed,
        Undo(
            f"恢复{label}",
            lambda: records.set_deleted(archive, record_id, False),
            lambda: records.set_deleted(archive, record_id, True),
        ),
    )
