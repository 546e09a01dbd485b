"""备份与恢复 on the command line: ``backup --db PATH [--out FILE]`` and
``restore BACKUP --db PATH``."""

from __future__ import annotations

import argparse
from pathlib import Path

from liushou_desk.cli_common import EXIT_OK, _fail, _Parser
from liushou_desk.cli_unlock import opens, ready, unlock_for


def _backup_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk backup", description="为档案做一份经过校验的备份。")
    p.add_argument("--db", type=Path, required=True, help="要备份的档案文件")
    p.add_argument("--out", type=Path, help="备份文件或文件夹（默认：数据目录下的备份文件夹）")
    return p


def _restore_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="liushou-desk restore",
        description="用备份替换档案；替换前会为现在的档案另存一份安全副本。",
    )
    p.add_argument("backup", type=Path, help="备份文件")
    p.add_argument("--db", type=Path, required=True, help="要恢复的档案文件")
    return p


def backup_command(argv: list[str]) -> int:
    args = _backup_parser().parse_args(argv)
    from liushou_desk.db.backup import BackupError
    from liushou_desk.db.schema import ArchiveOpenError, probe_revision, quick_check
    from liushou_desk.services.backups import take_backup

    db: Path = args.db
    code = ready(db)
    if code is not None:
        return code
    try:
        probe_revision(db)
        quick_check(db)
        info = take_backup(db, tag="manual", out=args.out)
    except (ArchiveOpenError, BackupError) as exc:
        return _fail(str(exc))
    print(f"已备份（已校验）：{info.path}")
    return EXIT_OK


def restore_command(argv: list[str]) -> int:
    args = _restore_parser().parse_args(argv)
    from liushou_desk.db.backup import BackupError
    from liushou_desk.db.lock import ArchiveLock
    from liushou_desk.db.schema import ArchiveOpenError
    from liushou_desk.services.backups import restore_backup

    if not args.backup.is_file():
        return _fail(f"找不到备份文件：{args.backup}")
    if not args.db.parent.is_dir():
        return _fail(f"文件夹不存在：{args.db.parent}")
    code = unlock_for(args.db)
    if code is None and not opens(args.backup):
        code = unlock_for(args.backup)  # a backup of another archive, or the archive is gone
    if code is not None:
        return code
    lock = ArchiveLock(args.db)
    try:
        lock.acquire()
        result = restore_backup(args.backup, args.db)
    except (ArchiveOpenError, BackupError) as exc:
        return _fail(str(exc))
    finally:
        lock.release()
    print(f"已恢复到 {result.restored_from.taken_at:%Y-%m-%d %H:%M} 的备份：{args.db}")
    if result.safety_copy:
        print(f"原来的档案另存为：{result.safety_copy}")
    return EXIT_OK
