"""生成示例班级: ``make-demo PATH [--pupils N] [--seed S]`` — a whole demo class in a new file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from liushou_desk.cli.common import EXIT_OK, EXIT_USAGE, fail


def add(sub: Any) -> None:
    p = sub.add_parser("make-demo", help="生成示例班级", description="生成一个示例班级档案后退出。")
    p.add_argument("path", type=Path, help="要生成的档案文件（不能已存在）")
    p.add_argument("--pupils", type=int, default=45, help="学生人数（默认 45）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同班级）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.pupils <= 10000:
        return fail("学生人数应在 1–10000 之间", EXIT_USAGE)
    path: Path = args.path
    if path.exists():
        return fail(f"文件已存在，未作改动：{path}")
    if not path.parent.exists():
        return fail(f"文件夹不存在：{path.parent}")
    from liushou_desk.cli.session import refused

    return refused(lambda: _make(path, args.pupils, args.seed))


def _make(path: Path, pupils: int, seed: int) -> int:
    from liushou_desk.demo import make_demo
    from liushou_desk.ops.commands import unlock_for, writer_lock
    from liushou_desk.services.protection import is_protected

    with writer_lock(path):
        unlock_for(path, creating=True)
        make_demo(path, pupils=pupils, seed=seed)
    encrypted = "，已加密" if path.is_file() and is_protected(path) else ""
    print(f"已生成示例班级（{pupils} 名学生{encrypted}）：{path}")
    return EXIT_OK
