"""待办: ``due --db PATH [--today YYYY-MM-DD] [--json] [--teacher NAME]`` — read only: the file
is checked, never upgraded or written. ``--teacher``: only what falls to one teacher of the
class — the children she holds (帮扶教师, 代理家长, 谈心教师) and the planned items she leads."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk.cli.common import EXIT_OK, EXIT_USAGE, day_from, fail

if TYPE_CHECKING:
    from datetime import date

    from liushou_desk.ops.archive import Archive


def add(sub: Any) -> None:
    p = sub.add_parser(
        "due",
        help="列出待办",
        description="列出待办：谈心、联系父母和监护人、家访、帮扶检查、生日、月会等（只读，不改动档案）。",
    )
    p.add_argument("--db", type=Path, required=True, help="档案文件")
    p.add_argument("--today", help="按这一天计算（YYYY-MM-DD，默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--teacher", help="只列这位教师负责的学生和计划事项（教师姓名）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = day_from(args.today)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    from liushou_desk.cli.session import with_archive

    return with_archive(
        args.db,
        lambda archive: _list(archive, today, args.json, args.teacher),
        writes=False,
        upgrade=False,
    )


def _list(archive: Archive, today: date, as_json: bool, teacher: str | None = None) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from liushou_desk.domain.text import clean_name
    from liushou_desk.services.due import due_items, family_item, format_item
    from liushou_desk.services.settings import cadence

    try:
        items = due_items(archive, today, cadence(archive))
        family = family_item(archive, today)  # 待认定: the class's families still to fill in
        if family is not None:  # after what is overdue, before the rest
            late = sum(1 for i in items if i.overdue)
            items = [*items[:late], family, *items[late:]]
        if teacher is not None:
            from liushou_desk.services.teachers import list_teachers

            wanted = clean_name(teacher)
            names = [t.name for t in list_teachers(archive)]
            if wanted not in names:
                known = "、".join(names) or "还没有登记任课教师"
                return fail(f"本班没有叫“{teacher}”的教师（本班教师：{known}）", EXIT_USAGE)
            items = [i for i in items if wanted in i.teachers]
    except SQLAlchemyError as exc:
        return fail(f"读取档案“{archive.path.name}”失败：{getattr(exc, 'orig', None) or exc}")
    if as_json:
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
        return EXIT_OK
    overdue = sum(1 for i in items if i.overdue)
    whose = f"{clean_name(teacher)}老师的" if teacher else ""
    print(f"{whose}待办（{today.isoformat()}）：共 {len(items)} 项，其中过期 {overdue} 项")
    if not items:
        print("没有待办事项。")
    for item in items:
        print(format_item(item))
    return EXIT_OK
