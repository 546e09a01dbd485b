"""导出 Excel: ``export-xlsx --db PATH --out FILE.xlsx`` — the whole archive in one workbook."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk.cli.common import EXIT_OK, EXIT_USAGE, fail

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


def add(sub: Any) -> None:
    p = sub.add_parser(
        "export-xlsx", help="导出 Excel", description="把整个档案导出为一个 Excel 文件。"
    )
    p.add_argument("--db", type=Path, required=True, help="档案文件")
    p.add_argument("--out", type=Path, required=True, help="要写入的 .xlsx 文件（不能已存在）")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return fail("导出文件应以 .xlsx 结尾", EXIT_USAGE)
    if out.exists():
        return fail(f"文件已存在，未作改动：{out}")
    from liushou_desk.cli.session import with_archive

    return with_archive(args.db, lambda archive: _export(archive, out), writes=True)  # 操作日志


def _export(archive: Archive, out: Path) -> int:
    from liushou_desk.io.xlsx_export import export_workbook

    try:
        summary = export_workbook(archive, out, date.today())
    except OSError as exc:
        return fail(f"无法写入“{out}”：{exc.strerror or exc}")
    total = sum(summary.rows.values())
    print(f"已导出 {len(summary.rows)} 张工作表、{total} 行：{out}")
    return EXIT_OK
