"""关闭档案 (closing an archive): the archive closed, the close backup (verified), the copy
onto a portable install's stick, the print copies wiped, the writer's lock released."""

from __future__ import annotations

from typing import TYPE_CHECKING

from liushou_desk.ops import backups

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.ops.opening import Opening


def close(opening: Opening, archive: Archive | None, *, backup: bool = True) -> None:
    """Close ``archive`` (if it was opened) and release ``opening``'s lock. ``backup`` False:
    the smoke test's quick exit, which leaves no backup behind."""
    try:
        if archive is not None:
            archive.close()
            if opening.file_checked and not opening.file_damaged:
                from liushou_desk.db import check_stamp

                check_stamp.record(opening.path)  # as the app leaves it, checked
            if backup:
                backups.close_backup(opening.path)
                backups.copy_to_stick(opening.path)
                backups.wipe_print_copies()
    finally:
        opening.release()
