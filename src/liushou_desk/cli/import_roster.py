"""导入名册: ``import FILE --db PATH [--dry-run] [--json]`` — the school's Excel/CSV roster read,
checked row by row and written in one go (or only checked)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk.cli.common import EXIT_OK, fail

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


def add(sub: Any) -> None:
    p = sub.add_parser(
        "import", help="导入名册", description="从 Excel/CSV 名册导入学生（.xlsx/.xls/.csv）。"
    )
    p.add_argument("file", type=Path, help="名册文件")
    p.add_argument("--db", type=Path, required=True, help="档案文件（不存在时新建）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from liushou_desk.cli.session import with_archive

    return with_archive(args.db, lambda archive: _import(archive, args), writes=True, create=True)


def _import(archive: Archive, args: argparse.Namespace) -> int:
    from liushou_desk.io.roster_columns import ImportError_
    from liushou_desk.io.table_reader import TableError
    from liushou_desk.ops import importing

    try:
        plan = importing.plan(archive, args.file, date.today())
        if not args.dry_run:
            importing.apply(archive, plan, date.today())
    except (TableError, ImportError_) as exc:
        return fail(str(exc))
    result = plan.as_json()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    verb = "将" if args.dry_run else "已"
    print(
        f"{verb}新增 {result['imported']} 人，{verb}更新 {result['updated']} 人，"
        f"{result['unchanged']} 人无变化。"
    )
    for p in plan.problems:
        where = f"第 {p.row} 行" + (f"“{p.column}”列" if p.column else "")
        print(f"  {where}：{p.message}")
    return EXIT_OK
