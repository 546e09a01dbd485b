"""导入名册 (importing the class roster) as a use case: read and check the file into a plan
(nothing written), then apply the plan's good rows in one immediate transaction, matched again
against the archive as it is then (``import_file`` does both for the command line).

Applying returns an ``Outcome`` whose ``changed`` names every pupil written and whose undo
takes the whole import back: the new pupils go to the 回收站 (every row kept, so 重做 brings them
back) and the updated pupils get the profile they had before — each step itself a recorded
change in the archive's history."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.io.roster_plan import ImportPlan
    from liushou_desk.services.notices import Changed
    from liushou_desk.services.roster_import import ImportResult


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Python's cycle collector paused while a roster is read, checked and written: the
    thousands of drafts made are all kept, and each full collection would walk every one of
    them again (a fifth of a 10,000-row import). It runs as usual afterwards."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def plan(
    archive: Archive,
    path: Path,
    today: date,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
) -> ImportPlan:
    """Read and check the file: who would be added, updated, left as they are, and which rows
    have problems (by the sheet's row number and column header). Writes nothing. Raises
    TableError (unreadable file) or ImportError_ (no usable header)."""
    from liushou_desk.io.roster_import import plan_import

    with bulk():
        return plan_import(archive, path, today, mapping, sheet=sheet)


def import_file(
    archive: Archive,
    path: Path,
    today: date,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
) -> tuple[ImportPlan, Outcome[ImportResult]]:
    """Read and check the file, then — in one immediate transaction — match it against the
    archive and write it (the command line: no preview in between). Returns the plan as done
    and the outcome. Raises TableError or ImportError_ as ``plan`` does."""
    from liushou_desk.io.roster_import import read_roster

    with bulk():
        checked = read_roster(path, today, mapping, sheet=sheet)
        return checked, apply(archive, checked, today)


def apply(archive: Archive, checked: ImportPlan, today: date) -> Outcome[ImportResult]:
    """Write the plan's good rows (all or nothing), matched again inside the writing
    transaction (a pupil another program added meanwhile is updated, not added twice); the
    outcome can be undone as one step."""
    from liushou_desk.services.roster_import import apply_import

    with bulk():
        result = apply_import(archive, checked, today)
    if not result.written:
        return Outcome(result, result.changed())
    return Outcome(
        result,
        result.changed(),
        Undo(
            f"导入名册（新增 {len(result.added)} 名，更新 {len(result.after)} 名）",
            lambda: _put(archive, result, result.after, today, back=False),
            lambda: _put(archive, result, result.before, today, back=True),
        ),
    )


def _put(
    archive: Archive,
    result: ImportResult,
    profiles: dict[int, ProfileDraft],
    today: date,
    *,
    back: bool,
) -> Changed:
    """Undo (``back``) or redo the import: the new pupils out to / in from the 回收站, the
    updated pupils' profiles as they were before / after."""
    from liushou_desk.services import status
    from liushou_desk.services.notices import Changed
    from liushou_desk.services.roster_import import bin_added, put_profiles

    ids: set[int] = set()
    with bulk():
        if result.added:
            ids |= bin_added(archive, result.added, back=back).pupil_ids
        if profiles:
            ids |= put_profiles(archive, profiles, today).pupil_ids
    for pupil_id, (before, after) in result.overrides.items():  # the file's 人工认定
        kind, reason = before if back else after
        ids |= status.set_override(archive, pupil_id, kind, reason).pupil_ids
    verb = "已撤销" if back else "已重新"
    return Changed(frozenset(ids), roster=True, message=f"{verb}导入名册（{len(ids)} 名学生）")
