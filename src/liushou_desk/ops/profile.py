"""五个清楚 (a pupil's profile) saved from the form: the whole form or nothing, every changed
field in the archive history; undo writes the profile as it was before (itself a change)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.ops.outcome import Outcome, Undo

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.services.notices import Changed


def save_profile(
    archive: Archive, pupil_id: int, draft: ProfileDraft, today: date
) -> Outcome[list[str]]:
    """Validate and save the form; the value is the fields that changed. Raises
    ValidationFailed (nothing written) or LookupError (the pupil is gone)."""
    from liushou_desk.services import profile

    before = profile.load_profile(archive, pupil_id, today).draft
    fields, changed = profile.save_profile(archive, pupil_id, draft, today)
    if not changed.pupil_ids:
        return Outcome(fields, changed)
    after = profile.load_profile(archive, pupil_id, today).draft

    def write(version: ProfileDraft) -> Changed:
        return profile.save_profile(archive, pupil_id, version, today)[1]

    return Outcome(
        fields,
        changed,
        Undo(f"修改 {after.name} 的档案", lambda: write(after), lambda: write(before)),
    )
