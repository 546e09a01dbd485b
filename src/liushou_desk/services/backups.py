"""备份与恢复: automatic backups (at start when the last is a day old, and at close), backups
on demand, the 7 daily + 4 weekly rotation, and restoring a backup with a safety copy.

Every archive has its own folder under the backups folder; a backup's name says when it was
taken and why (``class-20261123-081502-auto.sqlite``). Only automatic backups are rotated:
the teacher's own, and the safety copies made before an upgrade or a restore, are kept.

Every copy — a backup, the safety copy before a restore, a damaged archive's bytes and its
``-wal`` — is written under a temporary name in the same folder, flushed to the disk and only
then renamed: a full disk never leaves a truncated file under a backup's name, and a copy that
could not be written never makes a healthy archive look damaged.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from liushou_desk import paths
from liushou_desk.db.backup import (
    BackupError,
    Progress,
    integrity,
    replace_database,
    snapshot_verified,
)
from liushou_desk.db.schema import KNOWN_REVISIONS, ArchiveOpenError
from liushou_desk.safe_files import fsync_dir
from liushou_desk.services.check import check_archive

DAILY_KEPT = 7
WEEKLY_KEPT = 4
ROTATED = ("auto", "close")
LABELS = {
    "auto": "自动备份",
    "close": "关闭时备份",
    "manual": "手动备份",
    "before-restore": "恢复前的安全副本",
    "before-restore-damaged": "恢复前的安全副本（已损坏）",
}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<tag>[a-z-]+)\.sqlite$")
_UPGRADE = re.compile(r"^(?P<stem>.+)\.before-upgrade-(?P<rev>\w+)-(?P<stamp>\d{8}-\d{6})")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, and what the teacher needs to choose it."""

    path: Path
    taken_at: datetime
    tag: str
    size: int

    @property
    def label(self) -> str:
        return LABELS.get(self.tag, "升级前的副本" if self.tag.startswith("upgrade") else self.tag)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: BackupInfo
    safety_copy: Path | None


def backup_folder(db_path: Path) -> Path:
    """The archive's own backups folder (two archives with the same name do not mix)."""
    key = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return paths.backups_dir() / f"{db_path.stem}-{key}"


def _info(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if m:
        stamp, tag = m.group("stamp"), m.group("tag")
    else:
        m = _UPGRADE.match(path.name)
        if not m:
            return None
        stamp, tag = m.group("stamp"), f"upgrade-{m.group('rev')}"
    try:
        taken = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
        return BackupInfo(path, taken, tag, path.stat().st_size)
    except (ValueError, OSError):
        return None


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup of this archive, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [i for p in folder.glob("*.sqlite") if (i := _info(p)) is not None]
    return sorted(found, key=lambda i: (i.taken_at, i.path.name), reverse=True)


def _target(folder: Path, db_path: Path, when: datetime, tag: str) -> Path:
    """A new name in ``folder``: two backups in the same second never replace each other."""
    while True:
        target = folder / f"{db_path.stem}-{when:%Y%m%d-%H%M%S}-{tag}.sqlite"
        if not target.exists():
            return target
        when += timedelta(seconds=1)


def take_backup(
    db_path: Path,
    *,
    tag: str = "auto",
    out: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BackupInfo:
    """A verified snapshot of the archive: into its backups folder, or to ``out`` (a folder
    on a USB stick, or a file name)."""
    now = now or datetime.now()
    if out is None:
        target = _target(backup_folder(db_path), db_path, now, tag)
    elif out.is_dir():
        target = _target(out, db_path, now, tag)
    else:
        target = out
        if target.exists():
            raise BackupError(f"文件已存在，没有覆盖：{target}")
    snapshot_verified(db_path, target, progress)
    copy_keyfile(db_path, target)
    from liushou_desk.services import audit

    audit.keep_head_beside(target)  # the log's head kept with the copy (<backup>.audit)
    return BackupInfo(target, now, tag, target.stat().st_size)


def copy_keyfile(db_path: Path, copy: Path) -> None:
    """An encrypted copy gets the archive's key file beside it, so it opens on its own with
    the password (or the recovery key) — on a USB stick, or when the archive is lost."""
    from liushou_desk.db.cipher import is_plain
    from liushou_desk.db.keyfile import keyfile_path
    from liushou_desk.safe_files import write_bytes_safely

    source = keyfile_path(db_path)
    if source.is_file() and not is_plain(copy):
        write_bytes_safely(keyfile_path(copy), source.read_bytes())


def remove_backup(path: Path) -> None:
    """A backup file, its key file and the head of its 操作日志."""
    from liushou_desk.db.keyfile import keyfile_path
    from liushou_desk.services.audit_chain import sidecar_path

    path.unlink(missing_ok=True)
    keyfile_path(path).unlink(missing_ok=True)
    sidecar_path(path).unlink(missing_ok=True)


def needs_daily_backup(db_path: Path, now: datetime) -> bool:
    """True when no automatic backup is younger than a day."""
    recent = [b for b in list_backups(db_path) if b.tag in ROTATED]
    return not recent or now - recent[0].taken_at >= timedelta(days=1)


def rotation_keeps(backups: list[BackupInfo]) -> set[Path]:
    """The newest backup of each of the 7 latest days, and of each of the 4 latest weeks."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = set()
    days: list[object] = []
    weeks: list[object] = []
    for b in newest_first:
        day = b.taken_at.date()
        week = b.taken_at.isocalendar()[:2]
        if day not in days and len(days) < DAILY_KEPT:
            days.append(day)
            keep.add(b.path)
        if week not in weeks and len(weeks) < WEEKLY_KEPT:
            weeks.append(week)
            keep.add(b.path)
    return keep


def prune(db_path: Path) -> list[Path]:
    """Delete the automatic backups the rotation no longer keeps; returns what went."""
    rotated = [b for b in list_backups(db_path) if b.tag in ROTATED]
    keep = rotation_keeps(rotated)
    removed = []
    for b in rotated:
        if b.path not in keep:
            remove_backup(b.path)
            removed.append(b.path)
    return removed


def verify_backup(backup: Path) -> str | None:
    """None when the backup can be restored; otherwise why not, in Chinese. A backup whose
    操作日志 does not check out still holds the children's data whole: it can be restored (the
    restored archive's log then says so, ``restore_backup``)."""
    return _restorable(backup)[0]


def _restorable(backup: Path) -> tuple[str | None, list[str]]:
    """Why the backup cannot be restored (or None), and its 操作日志's problems."""
    report = check_archive(backup)
    if report.revision is not None and report.revision not in KNOWN_REVISIONS:
        return "这份备份来自更新版本的软件，本版本无法使用。", report.audit_problems
    data_problems = [p for p in report.problems if p not in report.audit_problems]
    if data_problems or not report.integrity:
        return "；".join(data_problems) or "备份文件未通过检查。", report.audit_problems
    return None, report.audit_problems


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes the full check (for a damaged archive)."""
    for b in list_backups(db_path):
        if verify_backup(b.path) is None:
            return b
    return None


def copy_safely(source: Path, target: Path) -> Path:
    """A byte-for-byte copy of ``source`` at ``target``, whole or not at all: written under a
    temporary name in the same folder, flushed to the disk, then renamed — a full disk never
    leaves a truncated file under ``target``'s name."""
    temp = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(source, temp)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
    return target


def _is_damaged(db_path: Path) -> bool:
    """Whether the archive itself fails SQLite's full check (read-only)."""
    return integrity(db_path) != "ok"


def _keep_damaged(db_path: Path, folder: Path, now: datetime) -> Path:
    """The damaged archive's bytes, and its ``-wal``, copied as they are before a restore."""
    safety = _target(folder, db_path, now, "before-restore-damaged")
    folder.mkdir(parents=True, exist_ok=True)
    wal, safety_wal = Path(f"{db_path}-wal"), Path(f"{safety}-wal")
    try:
        if wal.exists():
            copy_safely(wal, safety_wal)
        copy_safely(db_path, safety)
    except BaseException:
        safety_wal.unlink(missing_ok=True)  # a log without its file is no copy
        raise
    fsync_dir(folder)
    return safety


def restore_backup(backup: Path, db_path: Path, now: datetime | None = None) -> RestoreResult:
    """Replace the archive with the backup, after a safety copy of the archive as it is.

    The caller holds the archive lock and has closed its connections.
    """
    info = _info(backup) or BackupInfo(
        backup, datetime.fromtimestamp(backup.stat().st_mtime), "file", backup.stat().st_size
    )
    problem, log_problems = _restorable(backup)
    if problem:
        raise ArchiveOpenError(f"不能用“{backup.name}”恢复：{problem}")
    safety: Path | None = None
    if db_path.exists():
        now = now or datetime.now()
        try:
            safety = take_backup(db_path, tag="before-restore", now=now).path
        except BackupError:
            if not _is_damaged(db_path):
                raise  # the copy failed (a full disk, say), not the archive: nothing replaced
            # the archive is damaged: keep its bytes (and any -wal) as they are
            safety = _keep_damaged(db_path, backup_folder(db_path), now)
    replace_database(backup, db_path)
    from liushou_desk.db.keyfile import keyfile_path
    from liushou_desk.services import audit

    if not keyfile_path(db_path).exists():
        copy_keyfile(backup, db_path)  # restored where the archive (and its key file) was lost
    audit.restart_outside_head(db_path)  # the log is the backup's now: its head is the one kept
    if log_problems:  # said in the restored archive's own log, for whoever checks it next
        from liushou_desk.db.schema import open_archive

        archive = open_archive(db_path, create=False)
        try:
            detail = f"恢复自“{backup.name}”，其中的操作日志未通过核对：" + "；".join(log_problems)
            audit.record(archive, audit.Action.RESTORE, "", detail[:2000])
        finally:
            archive.close()
    return RestoreResult(info, safety)
