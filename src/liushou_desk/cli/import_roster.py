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
    p.add_argument("--sheet", help="读取哪个工作表（默认：第一个有名册的工作表）")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=字段",
        help="列对应：把某一列导入为某一项，如 --map 孩子名字=学生姓名 或 --map 序号=不导入"
        "（字段可写中文名或 name、father.phone 等；可重复）",
    )
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run)


def mapping_from(pairs: list[str]) -> dict[str, str]:
    """--map 表头=字段 pairs as the column mapping (列对应); ValueError in Chinese."""
    from liushou_desk.io.roster_columns import IMPORT_FIELDS, SKIP, column_label

    by_label = {column_label(path): path for path in (*IMPORT_FIELDS, SKIP)}
    by_label["不导入"] = SKIP
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        header, target = header.strip(), target.strip()
        if not sep or not header:
            raise ValueError(f"--map 应写成“表头=字段”，而不是“{pair}”")
        if target in IMPORT_FIELDS or target == SKIP:
            out[header] = target
        elif target in by_label:
            out[header] = by_label[target]
        else:
            choices = "、".join(column_label(p) for p in IMPORT_FIELDS[:8])
            raise ValueError(f"--map {pair}：没有“{target}”这一项（可用：{choices} 等）")
    return out


def run(args: argparse.Namespace) -> int:
    from liushou_desk.cli.common import EXIT_USAGE
    from liushou_desk.cli.session import with_archive

    try:
        args.mapping = mapping_from(args.map)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)

    if args.dry_run and not args.db.exists():
        # only checking, and no archive yet: check against an empty one that is thrown away,
        # so nothing at all is written at --db
        import tempfile

        if not args.db.parent.is_dir():
            return fail(f"文件夹不存在：{args.db.parent}")
        with tempfile.TemporaryDirectory() as scratch:
            from pathlib import Path

            empty = Path(scratch) / "check.sqlite"
            return with_archive(
                empty, lambda archive: _import(archive, args), writes=False, create=True
            )
    return with_archive(args.db, lambda archive: _import(archive, args), writes=True, create=True)


def _import(archive: Archive, args: argparse.Namespace) -> int:
    """Only checking: the plan against the archive. Importing: the file read, then matched and
    written in one immediate transaction — a second import of the same roster at the same time
    waits, then finds this one's pupils."""
    from liushou_desk.domain.profile import ValidationFailed
    from liushou_desk.io.roster_columns import ImportError_
    from liushou_desk.io.table_reader import TableError
    from liushou_desk.ops import importing

    today, mapping = date.today(), args.mapping or None
    try:
        if args.dry_run:
            plan = importing.plan(archive, args.file, today, mapping, sheet=args.sheet)
        else:
            plan, _done = importing.import_file(
                archive, args.file, today, mapping, sheet=args.sheet
            )
    except (TableError, ImportError_, ValidationFailed) as exc:
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
        who = f"（{p.name}）" if p.name else ""
        where = f"第 {p.row} 行{who}" + (f"“{p.column}”列" if p.column else "")
        print(f"  {where}：{p.message}")
    for item in (*plan.added, *plan.updated, *plan.unchanged):
        for line in (*item.notes, *item.conflicts):
            print(f"  第 {item.row} 行（{item.draft.name}）：{line}")
    return EXIT_OK
