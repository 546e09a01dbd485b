"""备份与恢复 on the command line: ``backup --db PATH [--out FILE]`` (a verified copy, read only)
and ``restore BACKUP --db PATH`` (the backup in the archive's place — under the writer's lock,
never while a window has it open)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from liushou_desk.cli.common import EXIT_OK, fail


def add(sub: Any) -> None:
    p = sub.add_parser("backup", help="备份档案", description="为档案做一份经过校验的备份。")
    p.add_argument("--db", type=Path, required=True, help="要备份的档案文件")
    p.add_argument("--out", type=Path, help="备份文件或文件夹（默认：数据目录下的备份文件夹）")
    p.set_defaults(run=run_backup)
    p = sub.add_parser(
        "restore",
        help="从备份恢复",
        description="用备份替换档案；替换前会为现在的档案另存一份安全副本。",
    )
    p.add_argument("backup", type=Path, help="备份文件")
    p.add_argument("--db", type=Path, required=True, help="要恢复的档案文件")
    p.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    db: Path = args.db
    if not db.is_file():
        return fail(f"找不到档案文件：{db}")
    from liushou_desk.cli.session import refused

    return refused(lambda: _backup(db, args.out))


def _backup(db: Path, out: Path | None) -> int:
    from liushou_desk.db.backup import BackupError
    from liushou_desk.db.errors import ArchiveOpenError
    from liushou_desk.db.schema import probe_revision, quick_check
    from liushou_desk.ops.commands import unlock_for
    from liushou_desk.ops.failures import said
    from liushou_desk.services.backups import take_backup

    unlock_for(db)
    try:
        probe_revision(db)
        quick_check(db)
        info = take_backup(db, tag="manual", out=out)
    except (ArchiveOpenError, BackupError) as exc:
        return fail(said(exc, "备份档案") or str(exc))
    print(f"已备份（已校验）：{info.path}")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    if not args.backup.is_file():
        return fail(f"找不到备份文件：{args.backup}")
    if not args.db.parent.is_dir():
        return fail(f"文件夹不存在：{args.db.parent}")
    from liushou_desk.cli.session import refused

    return refused(lambda: _restore(args.backup, args.db))


def _restore(backup: Path, db: Path) -> int:
    from liushou_desk.db.backup import BackupError
    from liushou_desk.db.errors import ArchiveOpenError
    from liushou_desk.ops import backups
    from liushou_desk.ops.commands import opens, unlock_for, writer_lock
    from liushou_desk.ops.failures import said

    with writer_lock(db):
        unlock_for(db)
        if not opens(backup):
            unlock_for(backup)  # a backup of another archive, or the archive is gone
        try:
            result = backups.restore(db, backup)
        except (ArchiveOpenError, BackupError) as exc:
            return fail(said(exc, "从备份恢复") or str(exc))
    print(f"已恢复到 {result.restored_from.taken_at:%Y-%m-%d %H:%M} 的备份：{db}")
    if result.safety_copy:
        print(f"原来的档案另存为：{result.safety_copy}")
    return EXIT_OK
