"""备份 (backups) as the teacher meets them: the daily backup at start, the backup at close,
the copy onto a portable install's USB stick, 立即备份 to a folder she picks, and 从备份恢复.
Each backup is verified before it is named (services/backups.py)."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk import paths

if TYPE_CHECKING:
    from liushou_desk.services.backups import BackupInfo, Progress, RestoreResult

log = logging.getLogger(__name__)

STICK_COPIES = 7


def daily_backup_due(path: Path, now: datetime) -> bool:
    from liushou_desk.services.backups import needs_daily_backup

    return needs_daily_backup(path, now)


def daily_backup(path: Path) -> BackupInfo:
    """The start-up backup (when the last automatic one is a day old), then the rotation."""
    from liushou_desk.services.backups import prune, take_backup

    info = take_backup(path, tag="auto")
    prune(path)
    return info


def close_backup(path: Path) -> None:
    """At close: a verified backup and the rotation; a failure is logged, never shown."""
    from liushou_desk.services.backups import prune, take_backup

    try:
        take_backup(path, tag="close")
        prune(path)
    except Exception:
        log.exception("关闭时的自动备份失败")


def copy_to_stick(path: Path) -> None:
    """A portable install on a USB stick: a verified copy of the archive goes onto the stick
    at close (the newest seven are kept); the live archive stays on the computer."""
    folder = paths.stick_copies_dir()
    if folder is None:
        return
    from liushou_desk.services.backups import remove_backup, take_backup

    try:
        folder.mkdir(parents=True, exist_ok=True)
        take_backup(path, tag="stick", out=folder)
        copies = sorted(folder.glob(f"{path.stem}-*-stick.sqlite"))
        for old in copies[:-STICK_COPIES]:
            remove_backup(old)
    except Exception:
        log.exception("复制到U盘失败")


def backup_now(path: Path, folder: Path | None, progress: Progress | None = None) -> BackupInfo:
    """立即备份 to ``folder`` (a USB stick, say); None: the archive's backups folder."""
    from liushou_desk.services.backups import take_backup

    return take_backup(path, tag="manual", out=folder, progress=progress)


def restore(path: Path, backup: Path) -> RestoreResult:
    """从备份恢复: the backup in the archive's place, a safety copy of what it replaces kept.
    The archive must be closed first."""
    from liushou_desk.services.backups import restore_backup

    return restore_backup(backup, path)


def wipe_print_copies() -> None:
    """PDFs opened in the system reader hold children's details: overwritten and removed at
    every start and close."""
    from liushou_desk.safe_files import wipe_tree

    wipe_tree(paths.print_temp_dir())
