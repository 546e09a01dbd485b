"""生成示例班级: ``make-demo PATH [--pupils N] [--seed S] [--years N]`` — a whole demo class in a
new file: today's class with one term of records, or with ``--years`` an archive kept for N
school years (the 2N terms ending with today's, a class arriving and leaving each year)."""

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
    p.add_argument(
        "--years",
        type=int,
        default=0,
        help="档案用了几个学年：截至本学期的 2×N 个学期，每学年一届学生来了又毕业"
        "（默认 0：只有本学期）",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.pupils <= 10000:
        return fail("学生人数应在 1–10000 之间", EXIT_USAGE)
    if not 0 <= args.years <= 30:
        return fail("学年数应在 0–30 之间", EXIT_USAGE)
    path: Path = args.path
    if path.exists():
        return fail(f"文件已存在，未作改动：{path}")
    if not path.parent.exists():
        return fail(f"文件夹不存在：{path.parent}")
    from liushou_desk.cli.session import refused

    return refused(lambda: _make(path, args.pupils, args.seed, args.years))


def _make(path: Path, pupils: int, seed: int, years: int = 0) -> int:
    from liushou_desk.demo import make_demo
    from liushou_desk.ops.commands import unlock_for, writer_lock
    from liushou_desk.services.protection import is_protected

    with writer_lock(path):
        unlock_for(path, creating=True)
        make_demo(path, pupils=pupils, seed=seed, years=years)
    encrypted = "，已加密" if path.is_file() and is_protected(path) else ""
    lived = f"，{years} 个学年" if years else ""
    print(f"已生成示例班级（{pupils} 名学生{lived}{encrypted}）：{path}")
    return EXIT_OK
