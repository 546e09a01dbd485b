"""Command line (命令行): the window, and the same services without one.

A contract for tests, benchmarks and school IT staff:
  liushou-desk [--db PATH] [--demo] [--exit-after-startup]
  liushou-desk make-demo PATH [--pupils N] [--seed S]
  liushou-desk check --db PATH [--json]
  liushou-desk import FILE --db PATH [--dry-run] [--json]
  liushou-desk export-xlsx --db PATH --out FILE.xlsx
  liushou-desk report --db PATH [--term TERM] --out FILE.pdf
  liushou-desk card --db PATH --pupil NAME --out FILE.pdf
  liushou-desk export-archive --db PATH --out DIR [--password-file FILE]
  liushou-desk open-archive FILE [FILE ...] [--password-file FILE]
  liushou-desk audit-verify --db PATH [--json]
  liushou-desk backup --db PATH [--out FILE]
  liushou-desk restore BACKUP --db PATH
  liushou-desk due --db PATH [--today YYYY-MM-DD] [--json]
  liushou-desk --version
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk import APP_TITLE, __version__
from liushou_desk.cli_common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _fail, _Parser
from liushou_desk.cli_unlock import is_protected, ready, unlock_for

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive


def _gui_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="liushou-desk",
        description=f"{APP_TITLE}：班主任的留守儿童动态档案。"
        " 其他命令：make-demo PATH（生成示例班级）、check --db PATH（检查档案文件）、"
        "backup --db PATH（备份）、restore BACKUP --db PATH（从备份恢复）。",
    )
    p.add_argument("--db", type=Path, help="档案数据库文件（不存在时新建）")
    p.add_argument("--demo", action="store_true", help="打开示例班级（首次使用时生成）")
    p.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="显示名册后立即退出（用于自动测试和启动速度测量）",
    )
    p.add_argument("--version", action="version", version=f"liushou-desk {__version__}")
    return p


def _make_demo_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk make-demo", description="生成一个示例班级档案后退出。")
    p.add_argument("path", type=Path, help="要生成的档案文件（不能已存在）")
    p.add_argument("--pupils", type=int, default=45, help="学生人数（默认 45）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同班级）")
    return p


def _check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk check", description="检查档案文件：完整性、数据版本、各表行数。")
    p.add_argument("--db", type=Path, required=True, help="要检查的档案文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    return p


def _due_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="liushou-desk due",
        description="列出待办：谈心、联系父母和监护人、家访、帮扶检查、生日、月会等（只读，不改动档案）。",
    )
    p.add_argument("--db", type=Path, required=True, help="档案文件")
    p.add_argument("--today", help="按这一天计算（YYYY-MM-DD，默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    return p


def _import_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="liushou-desk import", description="从 Excel/CSV 名册导入学生（.xlsx/.xls/.csv）。"
    )
    p.add_argument("file", type=Path, help="名册文件")
    p.add_argument("--db", type=Path, required=True, help="档案文件（不存在时新建）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    return p


def _export_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk export-xlsx", description="把整个档案导出为一个 Excel 文件。")
    p.add_argument("--db", type=Path, required=True, help="档案文件")
    p.add_argument("--out", type=Path, required=True, help="要写入的 .xlsx 文件（不能已存在）")
    return p


def open_existing(db: Path) -> Archive | int:
    """The archive at ``db`` for a command, or the exit code after saying why it cannot be
    opened (missing, locked, not an archive, from a newer version …)."""
    code = ready(db)
    if code is not None:
        return code
    from liushou_desk.db.schema import ArchiveOpenError, open_archive

    try:
        return open_archive(db, create=False)
    except ArchiveOpenError as exc:
        return _fail(str(exc))


def make_demo_command(argv: list[str]) -> int:
    args = _make_demo_parser().parse_args(argv)
    if not 1 <= args.pupils <= 10000:
        return _fail("学生人数应在 1–10000 之间", EXIT_USAGE)
    path: Path = args.path
    if path.exists():
        return _fail(f"文件已存在，未作改动：{path}")
    if not path.parent.exists():
        return _fail(f"文件夹不存在：{path.parent}")
    code = unlock_for(path, creating=True)
    if code is not None:
        return code
    from liushou_desk.services.demo import make_demo

    make_demo(path, pupils=args.pupils, seed=args.seed)
    encrypted = "，已加密" if path.is_file() and is_protected(path) else ""
    print(f"已生成示例班级（{args.pupils} 名学生{encrypted}）：{path}")
    return EXIT_OK


def check_command(argv: list[str]) -> int:
    args = _check_parser().parse_args(argv)
    from liushou_desk.services.check import check_archive

    code = unlock_for(args.db)
    if code is not None:
        return code
    report = check_archive(args.db)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"档案文件：{report.path}")
        if report.revision is not None:
            print(f"数据版本：{report.revision}（本软件：{report.head_revision}）")
        if report.integrity:
            print(f"完整性检查：{report.integrity}")
        print(f"加密：{'是（SQLCipher）' if report.encrypted else '否'}")
        for table, count in report.counts.items():
            print(f"  {table}: {count}")
        print("结论：正常" if report.healthy else "结论：有问题")
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
    return EXIT_OK if report.healthy else EXIT_FAILED


def due_command(argv: list[str]) -> int:
    """待办, read only: the file is checked like ``backup`` does, never upgraded or written."""
    args = _due_parser().parse_args(argv)
    from datetime import date

    if args.today is None:
        today = date.today()
    else:
        try:
            today = date.fromisoformat(args.today.strip())
        except ValueError:
            return _fail(f"日期格式不对：{args.today}（请写成 2026-11-23）", EXIT_USAGE)
    from liushou_desk.db.schema import (
        HEAD_REVISION,
        KNOWN_REVISIONS,
        ArchiveOpenError,
        open_archive,
        probe_revision,
        quick_check,
    )

    db: Path = args.db
    code = ready(db)
    if code is not None:
        return code
    try:
        revision = probe_revision(db)
        if revision is None:
            return _fail(f"“{db.name}”是空的数据库，不是班级档案。")
        if revision not in KNOWN_REVISIONS:
            return _fail(
                f"“{db.name}”由更新版本的留守儿童关爱档案创建（数据版本 {revision}），"
                "本版本无法读取。请安装最新版本；文件未作任何改动。"
            )
        if revision != HEAD_REVISION:
            return _fail(
                f"“{db.name}”的数据版本较旧（{revision}），需要先用本软件打开一次完成升级；"
                "文件未作任何改动。"
            )
        quick_check(db)
        archive = open_archive(db, create=False)
    except ArchiveOpenError as exc:
        return _fail(str(exc))
    from sqlalchemy.exc import SQLAlchemyError

    from liushou_desk.services.due import due_items, format_item

    try:
        from liushou_desk.services.settings import cadence

        items = due_items(archive, today, cadence(archive))
    except SQLAlchemyError as exc:
        return _fail(f"读取档案“{db.name}”失败：{getattr(exc, 'orig', None) or exc}")
    finally:
        archive.close()
    if args.json:
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
        return EXIT_OK
    overdue = sum(1 for i in items if i.overdue)
    print(f"待办（{today.isoformat()}）：共 {len(items)} 项，其中过期 {overdue} 项")
    if not items:
        print("没有待办事项。")
    for item in items:
        print(format_item(item))
    return EXIT_OK


def import_command(argv: list[str]) -> int:
    args = _import_parser().parse_args(argv)
    from datetime import date

    from liushou_desk.db.schema import ArchiveOpenError, open_archive
    from liushou_desk.io.roster_import import ImportError_, apply_import, plan_import
    from liushou_desk.io.table_reader import TableError

    if not args.db.parent.is_dir():
        return _fail(f"文件夹不存在：{args.db.parent}")
    code = unlock_for(args.db, creating=True)
    if code is not None:
        return code
    try:
        archive = open_archive(args.db)
    except ArchiveOpenError as exc:
        return _fail(str(exc))
    try:
        plan = plan_import(archive, args.file, date.today())
        if not args.dry_run:
            apply_import(archive, plan, date.today())
    except (TableError, ImportError_) as exc:
        return _fail(str(exc))
    finally:
        archive.close()
    result = plan.as_json()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        verb = "将" if args.dry_run else "已"
        print(
            f"{verb}新增 {result['imported']} 人，{verb}更新 {result['updated']} 人，"
            f"{result['unchanged']} 人无变化。"
        )
        for p in plan.problems:
            where = f"第 {p.row} 行" + (f"“{p.column}”列" if p.column else "")
            print(f"  {where}：{p.message}")
    return EXIT_OK


def export_xlsx_command(argv: list[str]) -> int:
    args = _export_parser().parse_args(argv)
    from datetime import date

    from liushou_desk.io.xlsx_export import export_workbook

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return _fail("导出文件应以 .xlsx 结尾", EXIT_USAGE)
    if out.exists():
        return _fail(f"文件已存在，未作改动：{out}")
    archive = open_existing(args.db)
    if isinstance(archive, int):
        return archive
    try:
        summary = export_workbook(archive, out, date.today())
    except OSError as exc:
        return _fail(f"无法写入“{out}”：{exc.strerror or exc}")
    finally:
        archive.close()
    total = sum(summary.rows.values())
    print(f"已导出 {len(summary.rows)} 张工作表、{total} 行：{out}")
    return EXIT_OK


def resolve_gui_db(args: argparse.Namespace) -> Path:
    """Which archive the window opens: --db, the demo class, or the default archive."""
    from liushou_desk import paths

    if args.demo:
        path = paths.demo_db_path()
        if not path.exists():
            from liushou_desk.services.demo import make_demo

            path.parent.mkdir(parents=True, exist_ok=True)
            make_demo(path)
        return path
    if args.db is not None:
        return Path(args.db)
    path = paths.default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `liushou-desk due | head`: the reader stopped listening
        sys.stderr.close()
        return EXIT_OK


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "make-demo":
        return make_demo_command(argv[1:])
    if argv and argv[0] == "check":
        return check_command(argv[1:])
    if argv and argv[0] == "import":
        return import_command(argv[1:])
    if argv and argv[0] == "export-xlsx":
        return export_xlsx_command(argv[1:])
    if argv and argv[0] in ("report", "card"):
        from liushou_desk import cli_print

        command = cli_print.report_command if argv[0] == "report" else cli_print.card_command
        return command(argv[1:])
    if argv and argv[0] in ("export-archive", "open-archive", "audit-verify"):
        from liushou_desk import cli_archive

        if argv[0] == "export-archive":
            return cli_archive.export_archive_command(argv[1:])
        if argv[0] == "audit-verify":
            return cli_archive.audit_verify_command(argv[1:])
        return cli_archive.open_archive_command(argv[1:])
    if argv and argv[0] in ("backup", "restore"):
        from liushou_desk import cli_backup

        command = cli_backup.backup_command if argv[0] == "backup" else cli_backup.restore_command
        return command(argv[1:])
    if argv and argv[0] == "due":
        return due_command(argv[1:])
    args = _gui_parser().parse_args(argv)
    if args.demo and args.db is not None:
        return _fail("--demo 和 --db 只能选一个", EXIT_USAGE)
    if args.db is not None:
        db = Path(args.db)
        if db.is_dir():
            return _fail(f"“{db}”是文件夹，请给出档案文件的路径")
        if not db.parent.exists():
            return _fail(f"文件夹不存在：{db.parent}")
    from liushou_desk.ui.platform_check import platform_problem

    problem = platform_problem()
    if problem:
        return _fail(problem)
    path = resolve_gui_db(args)
    from liushou_desk.services.protection import env_password

    if not args.demo and (env_password() is not None or args.exit_after_startup):
        code = unlock_for(path, creating=True)  # the smoke test never waits for a password
        if code is not None:
            return code
    from liushou_desk.ui.app import run

    return run(path, exit_after_startup=args.exit_after_startup)
