"""窗口 (the window): ``liushou-desk [--db PATH | --demo] [--exit-after-startup]`` — the
teacher's own archive, another file, or the demo class."""

from __future__ import annotations

import argparse
from pathlib import Path

from liushou_desk.cli.common import EXIT_USAGE, fail


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", dest="gui_db", metavar="PATH", type=Path, help="档案数据库文件（不存在时新建）"
    )
    parser.add_argument("--demo", action="store_true", help="打开示例班级（首次使用时生成）")
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="显示名册后立即退出（用于自动测试和启动速度测量）",
    )


def archive_path(args: argparse.Namespace) -> Path:
    """Which archive the window opens: --db, the demo class (made the first time), or the
    teacher's default archive."""
    from liushou_desk import paths

    if args.demo:
        path = paths.demo_db_path()
        if not path.exists():
            from liushou_desk.demo import make_demo

            path.parent.mkdir(parents=True, exist_ok=True)
            make_demo(path)
        return path
    if args.gui_db is not None:
        return Path(args.gui_db)
    path = paths.default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run(args: argparse.Namespace) -> int:
    if args.demo and args.gui_db is not None:
        return fail("--demo 和 --db 只能选一个", EXIT_USAGE)
    if args.gui_db is not None:
        db = Path(args.gui_db)
        if db.is_dir():
            return fail(f"“{db}”是文件夹，请给出档案文件的路径")
        if not db.parent.exists():
            return fail(f"文件夹不存在：{db.parent}")
    from liushou_desk.ui.platform_check import platform_problem

    problem = platform_problem()
    if problem:
        return fail(problem)
    path = archive_path(args)
    from liushou_desk.services.protection import env_password

    if not args.demo and (env_password() is not None or args.exit_after_startup):
        from liushou_desk.cli.session import refused
        from liushou_desk.ops.commands import unlock_for

        def unlock() -> int:
            unlock_for(path, creating=True)  # LIUSHOU_PASSWORD: never waits for typing
            return 0

        code = refused(unlock)
        if code:
            return code
    from liushou_desk.ui.app import run as run_window

    return run_window(path, exit_after_startup=args.exit_after_startup)
